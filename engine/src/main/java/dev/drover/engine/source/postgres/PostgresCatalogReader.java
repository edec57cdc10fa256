package dev.drover.engine.source.postgres;

import dev.drover.engine.cast.PostgresCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceSequence;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.CheckConstraint;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.PrimaryKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tables, columns, keys, indexes, foreign keys and checks from pg_catalog (not information_schema, which
 * hides identity kinds, typmods, expression indexes and objects the user does not own). Types are taken from
 * {@code format_type}, the way {@code pg_dump} writes them, so they can be created again verbatim.
 */
final class PostgresCatalogReader {
    /** A modifier as format_type writes it: {@code (20)}, {@code (10,2)}, {@code (5,-2)}. */
    private static final Pattern MODIFIER = Pattern.compile("\\((-?\\d+)(?:,(-?\\d+))?\\)");
    /** A default that is one literal cast to a type: {@code 'abc'::character varying}, {@code '{}'::integer[]}. */
    private static final Pattern CAST_LITERAL = Pattern.compile("('(?:[^']|'')*')::([a-z_\" .0-9]+(?:\\(\\d+(?:,\\d+)?\\))?(?:\\[\\])*)",
            Pattern.DOTALL);
    private static final Pattern PLAIN = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?|true|false");
    private static final Pattern CALL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\(.*\\)", Pattern.DOTALL);

    private final Connection conn;

    PostgresCatalogReader(Connection conn) {
        this.conn = conn;
    }

    /** What one read of the catalog gives: the catalog, the cast facts it does not hold, and the types to create. */
    record Result(SourceCatalog catalog, PostgresCasts.CatalogFacts facts, List<String> typeDefinitions) {}

    private static final String SCHEMAS = " n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND (CAST(? AS text) IS NULL OR n.nspname = ?)";

    Result read(String database, String schema) throws SQLException {
        List<SourceTable> tables = new ArrayList<>();
        Set<SourceColumn> always = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<SourceColumn, String> collations = new IdentityHashMap<>();
        Map<SourceColumn, String> generationKept = new IdentityHashMap<>();
        Set<Long> userTypes = new LinkedHashSet<>();
        Set<String> userTypeNames = new LinkedHashSet<>();
        if (schema != null) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("schema " + schema + " does not exist in database " + database, "3F000");
                }
            }
        }
        // Partitions are read through their parent (relispartition): a migration recreates the parent and its rows.
        String sql = "SELECT c.oid, n.nspname, c.relname, c.relkind::text, obj_description(c.oid, 'pg_class'),"
                + " CASE WHEN c.relkind = 'p' THEN (SELECT CASE WHEN bool_and(pc.reltuples >= 0) THEN sum(pc.reltuples) ELSE -1 END"
                + "   FROM pg_partition_tree(c.oid) pt JOIN pg_class pc ON pc.oid = pt.relid WHERE pt.isleaf)"
                + " ELSE c.reltuples END::bigint"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition AND" + SCHEMAS
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')"
                + " ORDER BY n.nspname, c.relname";
        List<String> views = new ArrayList<>();
        record Rel(long oid, String schema, String name, String comment, long rows) {}
        List<Rel> rels = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(4);
                    if (kind.equals("v") || kind.equals("m")) views.add(rs.getString(3));
                    else rels.add(new Rel(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(5), rs.getLong(6)));
                }
            }
        }
        for (Rel r : rels) {
            Map<Integer, String> names = new LinkedHashMap<>();
            List<SourceColumn> columns = columns(r.oid, names, always, collations, generationKept, userTypes, userTypeNames);
            PrimaryKey[] pk = new PrimaryKey[1];
            List<SourceIndex> indexes = indexes(r.oid, names, pk);
            tables.add(new SourceTable(r.schema, r.name, columns, pk[0], indexes, foreignKeys(r.oid, names), checks(r.oid),
                    r.rows < 0 ? -1 : r.rows, r.comment));
        }
        SourceCatalog catalog = new SourceCatalog("postgresql", database, tables, views, sequences());
        return new Result(catalog, new PostgresCasts.CatalogFacts(userTypeNames, always, collations, generationKept), typeDefinitions(userTypes));
    }

    /**
     * A view or materialized view of the schemas read, as a table to materialize: its columns as pg_attribute types
     * them, like a table's.
     *
     * @param qualified {@code view} or {@code schema.view}; a bare name must be in one schema only
     * @param userTypes  receives the user types the columns use, for {@link #typeDefinitions}
     */
    SourceTable view(String schema, String qualified, Set<Long> userTypes) throws SQLException {
        int dot = qualified.lastIndexOf('.');
        String in = dot < 0 ? null : qualified.substring(0, dot), name = qualified.substring(dot + 1);
        List<Long> oids = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT c.oid, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('v', 'm') AND c.relname = ? AND (CAST(? AS text) IS NULL OR n.nspname = ?) AND" + SCHEMAS
                + " ORDER BY n.nspname")) {
            ps.setString(1, name);
            ps.setString(2, in);
            ps.setString(3, in);
            ps.setString(4, schema);
            ps.setString(5, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oids.add(rs.getLong(1));
                    schemas.add(rs.getString(2));
                }
            }
        }
        if (oids.isEmpty()) throw new SQLException("no view " + qualified + " in the schemas read", "42P01");
        if (oids.size() > 1) {
            throw new SQLException("view " + name + " is in schemas " + String.join(", ", schemas) + ": write schema." + name, "42P09");
        }
        List<SourceColumn> columns = columns(oids.get(0), new LinkedHashMap<>(), new java.util.HashSet<>(), new IdentityHashMap<>(),
                new IdentityHashMap<>(), userTypes, new LinkedHashSet<>());
        return SourceTable.materialized(schemas.get(0), name, columns, "SELECT * FROM " + quoteIdent(schemas.get(0)) + "." + quoteIdent(name));
    }

    /**
     * A query as a table to materialize, described by the server without running it ({@code LIMIT 0}). A column taken
     * straight from a table or view is typed as the catalog types that column (modifier, enum, domain); any other is
     * rebuilt from what the driver hands on (its type's name, precision and scale: the modifier is recovered for the
     * types that have one) and written by {@code format_type} as for a table's column. Every column may be NULL, as in a
     * view: an outer join can empty a column whose table says NOT NULL.
     *
     * @param userTypes receives the user types the columns taken from tables use, for {@link #typeDefinitions}
     */
    SourceTable query(String name, String sql, Set<Long> userTypes) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        Map<String, List<SourceColumn>> tables = new java.util.HashMap<>();
        try (java.sql.Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM (" + sql + ") q LIMIT 0");
             PreparedStatement relation = conn.prepareStatement("SELECT CAST(to_regclass(quote_ident(?) || '.' || quote_ident(?)) AS oid)");
             PreparedStatement format = conn.prepareStatement("SELECT format_type(CAST(? AS regtype), ?)")) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            org.postgresql.PGResultSetMetaData origin = md.unwrap(org.postgresql.PGResultSetMetaData.class);
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String schema = origin.getBaseSchemaName(i), table = origin.getBaseTableName(i), column = origin.getBaseColumnName(i);
                SourceColumn base = null;
                if (table != null && !table.isEmpty()) {
                    List<SourceColumn> of = tables.get(schema + "." + table);
                    if (of == null) {
                        relation.setString(1, schema);
                        relation.setString(2, table);
                        try (ResultSet r = relation.executeQuery()) {
                            r.next();
                            long oid = r.getLong(1);
                            of = r.wasNull() ? List.of() : columns(oid, new LinkedHashMap<>(), new java.util.HashSet<>(),
                                    new IdentityHashMap<>(), new IdentityHashMap<>(), userTypes, new LinkedHashSet<>());
                        }
                        tables.put(schema + "." + table, of);
                    }
                    base = of.stream().filter(c -> c.name().equals(column)).findFirst().orElse(null);
                }
                String label = md.getColumnLabel(i);
                columns.add(base != null
                        ? new SourceColumn(label, i, base.dataType(), base.fullType(), base.precision(), base.scale(), false, true, null,
                                false, false, null, null, base.labels())
                        : resultColumn(format, label, i, md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i)));
            }
        }
        return SourceTable.materialized(null, name, columns, sql);
    }

    private static SourceColumn resultColumn(PreparedStatement format, String label, int position, String typeName, int precision,
                                             int scale) throws SQLException {
        format.setString(1, typeName);
        format.setInt(2, typmod(typeName, precision, scale));
        String fullType;
        try (ResultSet f = format.executeQuery()) {
            f.next();
            fullType = f.getString(1);
        }
        Matcher m = MODIFIER.matcher(fullType);
        Integer p = null, s = null;
        String dataType = fullType;
        if (m.find()) {
            p = Integer.valueOf(m.group(1));
            s = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            dataType = (fullType.substring(0, m.start()) + fullType.substring(m.end())).trim();
        }
        return new SourceColumn(label, position, dataType, fullType, p, s, false, true, null, false, false, null, null, List.of());
    }

    /**
     * The type modifier pgjdbc's precision and scale stand for (its TypeInfoCache, inverted), or -1 for none. A time
     * type's scale 6 is its default precision, the same as none.
     */
    static int typmod(String typeName, int precision, int scale) {
        String base = typeName.startsWith("_") ? typeName.substring(1) : typeName; // an array's modifier is its element's
        return switch (base) {
            case "numeric" -> precision <= 0 ? -1 : (precision << 16 | (scale & 0xFFFF)) + 4;
            case "varchar", "bpchar" -> precision <= 0 || precision == Integer.MAX_VALUE ? -1 : precision + 4;
            case "bit", "varbit" -> precision <= 0 || precision == Integer.MAX_VALUE ? -1 : precision;
            case "time", "timetz", "timestamp", "timestamptz" -> scale == 6 ? -1 : scale;
            case "interval" -> scale == 6 ? -1 : 0x7FFF << 16 | scale;
            default -> -1;
        };
    }

    private List<SourceColumn> columns(long table, Map<Integer, String> names, Set<SourceColumn> always,
                                       Map<SourceColumn, String> collations, Map<SourceColumn, String> generationKept,
                                       Set<Long> userTypes, Set<String> userTypeNames)
            throws SQLException {
        // typtype/typelem tell user types (enum, domain, composite, range, or an extension's base type) from built-ins.
        String sql = "SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, col_description(a.attrelid, a.attnum),"
                + " CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,"
                + " CASE WHEN et.oid IS NOT NULL AND (et.typtype <> 'b' OR etn.nspname <> 'pg_catalog') THEN et.oid END,"
                + " CASE WHEN et.oid IS NOT NULL THEN format_type(et.oid, NULL) END,"
                + " (et.typtype = 'e'), ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = et.oid ORDER BY e.enumsortorder),"
                + " EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'"
                + "   WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'),"
                // functions of the source's own that a default or generation expression calls, which the target lacks
                + " ARRAY(SELECT DISTINCT quote_ident(pn.nspname) || '.' || quote_ident(p.proname) FROM pg_depend dp"
                + "   JOIN pg_proc p ON p.oid = dp.refobjid JOIN pg_namespace pn ON pn.oid = p.pronamespace"
                + "   WHERE dp.classid = 'pg_attrdef'::regclass AND dp.objid = d.oid AND dp.refclassid = 'pg_proc'::regclass"
                + "   AND pn.nspname <> 'pg_catalog' ORDER BY 1)"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END"
                + "   AND (et.typtype <> 'b' OR et.typnamespace <> 'pg_catalog'::regnamespace)"
                + " LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        List<SourceColumn> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                int position = 0;
                while (rs.next()) {
                    position++;
                    String name = rs.getString(2);
                    names.put(rs.getInt(1), name);
                    String fullType = rs.getString(3);
                    Matcher m = MODIFIER.matcher(fullType);
                    Integer precision = null, scale = null;
                    String dataType = fullType;
                    if (m.find()) {
                        precision = Integer.valueOf(m.group(1));
                        scale = m.group(2) == null ? null : Integer.valueOf(m.group(2));
                        dataType = (fullType.substring(0, m.start()) + fullType.substring(m.end())).trim();
                    }
                    String expr = rs.getString(5);
                    String identity = rs.getString(6);
                    String generatedKind = rs.getString(7);
                    boolean generated = generatedKind != null && !generatedKind.isEmpty();
                    boolean isIdentity = identity != null && !identity.isEmpty();
                    boolean serial = !isIdentity && rs.getBoolean(14) && expr != null && expr.startsWith("nextval(");
                    long userType = rs.getLong(10);
                    if (!rs.wasNull()) {
                        userTypes.add(userType);
                        userTypeNames.add(rs.getString(11));
                        userTypeNames.add(rs.getString(11) + "[]");
                    }
                    List<String> labels = List.of();
                    if (rs.getBoolean(12)) {
                        Array a = rs.getArray(13);
                        labels = List.of((String[]) a.getArray());
                    }
                    String defaultValue = generated ? null : portableDefault(expr, dataType, fullType);
                    SourceColumn c = new SourceColumn(name, position, dataType, fullType, precision, scale, false, !rs.getBoolean(4),
                            defaultValue, isIdentity || serial, false, generated ? expr : null, rs.getString(8), labels);
                    if ("a".equals(identity)) always.add(c);
                    String[] functions = (String[]) rs.getArray(15).getArray();
                    if ("v".equals(generatedKind)) {
                        generationKept.put(c, "a VIRTUAL generated column is recreated as a plain one (STORED would change it)");
                    } else if (generated && functions.length > 0) {
                        generationKept.put(c, "the expression calls " + String.join(", ", functions)
                                + ", which the migration does not create");
                    }
                    String collation = rs.getString(9);
                    if (collation != null) collations.put(c, collation);
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * Sequences no column owns (an owned one belongs to a serial or identity column, which becomes an identity), of
     * every user schema: a default may draw from one in a schema that is not read. The last value only where the
     * session may see it, as pg_sequences does.
     */
    private List<SourceSequence> sequences() throws SQLException {
        String sql = "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,"
                + " s.seqcycle, CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(c.oid) END"
                + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + "   AND d.deptype IN ('a', 'i', 'e')) AND" + SCHEMAS + " ORDER BY 1, 2";
        List<SourceSequence> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, null);
            ps.setString(2, null);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String last = rs.getString(9);
                    out.add(new SourceSequence(rs.getString(1), rs.getString(2), rs.getString(3), new BigInteger(rs.getString(4)),
                            new BigInteger(rs.getString(5)), new BigInteger(rs.getString(6)), new BigInteger(rs.getString(7)),
                            rs.getBoolean(8), last == null ? null : new BigInteger(last)));
                }
            }
        }
        return out;
    }

    /**
     * The default in a form the generic default normaliser keeps meaning for: a literal cast to the column's own
     * type loses the redundant cast ({@code 'abc'::character varying} → {@code 'abc'}, as the column casts it
     * anyway); numbers, booleans and function calls stay; any other expression ({@code CURRENT_USER},
     * {@code (1 + 2)}, an operator) is wrapped in {@code CAST(… AS type)} so it is written as an expression and not
     * read as a string.
     */
    static String portableDefault(String expr, String dataType, String fullType) {
        if (expr == null) return null;
        String e = expr.trim();
        Matcher lit = CAST_LITERAL.matcher(e);
        if (lit.matches()) {
            String castType = MODIFIER.matcher(lit.group(2)).replaceAll("").trim();
            // the catalog writes character(n) literals as ::bpchar
            if (castType.equals(dataType) || castType.equals("bpchar") && dataType.equals("character")) return lit.group(1);
        }
        if (PLAIN.matcher(e).matches()) return e;
        if (CALL.matcher(e).matches() && balancedCall(e)) return e;
        String lower = e.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("current_timestamp") || lower.equals("current_date") || lower.equals("now()")) return e;
        return "CAST(" + e + " AS " + fullType + ")";
    }

    /** {@code f(a) + g(b)} looks like a call but is not one: the first parenthesis must close at the end. */
    private static boolean balancedCall(String e) {
        int depth = 0;
        boolean quoted = false;
        for (int i = e.indexOf('('); i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '\'') quoted = !quoted;
            else if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')' && --depth == 0) return i == e.length() - 1;
        }
        return false;
    }

    /**
     * Every index but the primary key's; the primary key goes to {@code pk[0]}. Each key part carries what
     * {@code pg_get_indexdef} would print for it: a non-default operator class (bare when built in, else
     * schema-qualified), a collation other than the column's, DESC and a NULLS order other than the default; the
     * index its access method and INCLUDE columns.
     */
    private List<SourceIndex> indexes(long table, Map<Integer, String> names, PrimaryKey[] pk) throws SQLException {
        String sql = "SELECT i.indexrelid, ic.relname, i.indisunique, i.indnkeyatts, i.indkey::int2[],"
                + " pg_get_expr(i.indpred, i.indrelid), con.contype::text, con.conname, am.amname, i.indoption::int2[],"
                + " ARRAY(SELECT CASE WHEN o.opcdefault THEN '' WHEN onsp.nspname = 'pg_catalog' THEN quote_ident(o.opcname)"
                + "   ELSE quote_ident(onsp.nspname) || '.' || quote_ident(o.opcname) END"
                + "   FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(opc, n) JOIN pg_opclass o ON o.oid = k.opc"
                + "   JOIN pg_namespace onsp ON onsp.oid = o.opcnamespace ORDER BY k.n),"
                + " ARRAY(SELECT CASE WHEN k.coll = 0 OR a.attnum IS NULL OR k.coll = a.attcollation THEN ''"
                + "   WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END"
                + "   FROM unnest(i.indcollation::oid[]) WITH ORDINALITY k(coll, n)"
                + "   LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1] AND a.attnum > 0"
                + "   LEFT JOIN pg_collation co ON co.oid = k.coll LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace ORDER BY k.n)"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
                + " LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')"
                + " WHERE i.indrelid = ? ORDER BY ic.relname";
        List<SourceIndex> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql);
             PreparedStatement part = conn.prepareStatement("SELECT pg_get_indexdef(?::oid, ?, true)")) {
            ps.setLong(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    int keys = rs.getInt(4);
                    Short[] attnums = (Short[]) rs.getArray(5).getArray();
                    Short[] options = (Short[]) rs.getArray(10).getArray();
                    String[] opclasses = (String[]) rs.getArray(11).getArray();
                    String[] collations = (String[]) rs.getArray(12).getArray();
                    List<String> columns = new ArrayList<>();
                    List<Boolean> expressions = new ArrayList<>();
                    List<String> orders = new ArrayList<>();
                    List<String> include = new ArrayList<>();
                    for (int k = 0; k < attnums.length; k++) {
                        String column;
                        boolean expression = attnums[k] == 0;
                        if (!expression) {
                            column = names.get((int) attnums[k]);
                        } else {
                            part.setLong(1, oid);
                            part.setInt(2, k + 1);
                            try (ResultSet p = part.executeQuery()) {
                                p.next();
                                column = p.getString(1);
                            }
                        }
                        if (k >= keys) {
                            include.add(column);
                            continue;
                        }
                        columns.add(column);
                        expressions.add(expression);
                        orders.add(order(k < options.length ? options[k] : 0));
                    }
                    String contype = rs.getString(7);
                    if ("p".equals(contype)) {
                        pk[0] = new PrimaryKey(rs.getString(8), columns);
                        continue;
                    }
                    out.add(new SourceIndex(rs.getString(2), rs.getBoolean(3), columns, expressions, null, rs.getString(6),
                            "u".equals(contype), rs.getString(9), orders, List.of(opclasses).subList(0, keys),
                            List.of(collations).subList(0, keys), include));
                }
            }
        }
        return out;
    }

    /** pg_index.indoption of one key part: bit 1 DESC, bit 2 NULLS FIRST; written only where it is not the default. */
    static String order(int option) {
        boolean desc = (option & 1) != 0, nullsFirst = (option & 2) != 0;
        if (desc) return nullsFirst ? "DESC" : "DESC NULLS LAST";
        return nullsFirst ? "NULLS FIRST" : "";
    }

    private List<ForeignKey> foreignKeys(long table, Map<Integer, String> names) throws SQLException {
        // conparentid = 0: a key referencing a partitioned table also has one clone per partition; only the original counts.
        String sql = "SELECT con.conname, con.conkey::int2[], fn.nspname, fc.relname,"
                + " ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)"
                + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o),"
                + " con.confupdtype::text, con.confdeltype::text"
                + " FROM pg_constraint con JOIN pg_class fc ON fc.oid = con.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
                + " WHERE con.conrelid = ? AND con.contype = 'f' AND con.conparentid = 0 ORDER BY con.conname";
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> columns = new ArrayList<>();
                    for (Short n : (Short[]) rs.getArray(2).getArray()) columns.add(names.get((int) n));
                    List<String> refColumns = List.of((String[]) rs.getArray(5).getArray());
                    out.add(new ForeignKey(rs.getString(1), columns, rs.getString(3), rs.getString(4), refColumns,
                            action(rs.getString(6)), action(rs.getString(7))));
                }
            }
        }
        return out;
    }

    private static String action(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    private List<CheckConstraint> checks(long table) throws SQLException {
        String sql = "SELECT conname, pg_get_expr(conbin, conrelid) FROM pg_constraint"
                + " WHERE conrelid = ? AND contype = 'c' ORDER BY conname";
        List<CheckConstraint> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new CheckConstraint(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /**
     * CREATE statements for the user types columns use: enums, then domains (a domain may be over an enum, or over
     * another domain, hence the recursion through base types). Other user types (composites, ranges, extension
     * types) are not written: the cast warns that they must exist.
     */
    List<String> typeDefinitions(Set<Long> used) throws SQLException {
        Map<Long, String> enums = new LinkedHashMap<>(), domains = new LinkedHashMap<>();
        Set<String> schemas = new LinkedHashSet<>();
        List<Long> queue = new ArrayList<>(used);
        Set<Long> seen = new LinkedHashSet<>();
        String sql = "SELECT t.typtype::text, format_type(t.oid, NULL), n.nspname, format_type(t.typbasetype, t.typtypmod), t.typbasetype,"
                + " t.typnotnull, t.typdefault,"
                + " CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN (SELECT quote_ident(cn.nspname) || '.'"
                + "   || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END,"
                + " ARRAY(SELECT quote_literal(e.enumlabel) FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),"
                + " ARRAY(SELECT 'CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c"
                + "   WHERE c.contypid = t.oid ORDER BY c.conname)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_type bt ON bt.oid = t.typbasetype WHERE t.oid = ?";
        List<Long> domainOrder = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            while (!queue.isEmpty()) {
                long oid = queue.remove(0);
                if (!seen.add(oid)) continue;
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) continue;
                    String kind = rs.getString(1);
                    String name = rs.getString(2);
                    boolean ours = kind.equals("e") || kind.equals("d");
                    if (ours && !rs.getString(3).equals("public")) schemas.add(rs.getString(3));
                    if (kind.equals("e")) {
                        enums.put(oid, "CREATE TYPE " + name + " AS ENUM (" + String.join(", ", (String[]) rs.getArray(9).getArray()) + ")");
                    } else if (kind.equals("d")) {
                        StringBuilder b = new StringBuilder("CREATE DOMAIN ").append(name).append(" AS ").append(rs.getString(4));
                        if (rs.getString(8) != null) b.append(" COLLATE ").append(rs.getString(8));
                        if (rs.getString(7) != null) b.append(" DEFAULT ").append(rs.getString(7));
                        if (rs.getBoolean(6)) b.append(" NOT NULL");
                        for (String check : (String[]) rs.getArray(10).getArray()) b.append(' ').append(check);
                        domains.put(oid, b.toString());
                        domainOrder.add(0, oid); // base types are visited later but must be created first
                        queue.add(rs.getLong(5));
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : schemas) out.add("CREATE SCHEMA IF NOT EXISTS " + quoteIdent(s));
        out.addAll(enums.values());
        for (Long oid : domainOrder) out.add(domains.get(oid));
        return out;
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
