package dev.drover.engine.ingest;

import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's tables in the target: compares an existing table with its {@link TableSpec} on catalog facts
 * ({@code format_type}, {@code attnotnull}, primary key columns), and creates missing schemas and tables.
 * The spec's types are normalised by PostgreSQL itself, through a temporary probe table, so {@code int} and
 * {@code integer}, or {@code varchar(5)} and {@code character varying(5)}, are the same type. Column order is
 * not compared: every statement names its columns.
 */
final class TargetTables {
    private TargetTables() {}

    /** A column as the catalog describes it. */
    record Fact(String type, boolean notNull) {}

    /**
     * A secondary index of a table: its name, the constraint it backs (a UNIQUE constraint; null for a plain index),
     * and its definition without name and table ({@code UNIQUE USING btree (a)}), which is what indexes are compared by.
     */
    record LiveIndex(String name, String constraint, String definition) {}

    /** The table's OID, or 0 when it does not exist. */
    static long oid(Connection conn, TableSpec t) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.name());
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /**
     * How an existing table differs from its spec: one readable line per difference in {@link #lines()}, and
     * what the migration needs to know. {@code added} are spec columns the table lacks, {@code removed} table
     * columns the spec lacks, {@code retyped} columns present in both whose type differs (live type by name).
     * {@code retypedInPlace} are the retyped columns PostgreSQL changes without a rewrite ({@link RewriteFreeTypes});
     * {@code notNullSet} and {@code notNullDropped} the columns nullable in the table and NOT NULL in the spec, and
     * the other way round.
     */
    record Drift(List<String> lines, List<TableSpec.Column> added, List<String> removed, Map<String, String> retyped,
                 boolean notNullChanged, boolean keyChanged, List<TableSpec.Index> indexesAdded, List<LiveIndex> indexesDropped,
                 List<String> keptPresent, Set<String> retypedInPlace, List<String> notNullSet, List<String> notNullDropped) {
        boolean none() { return lines.isEmpty(); }

        /** Whether the columns or the key differ; index changes alone need no migration of the rows. */
        boolean columnsOrKey() {
            return !added.isEmpty() || !removed.isEmpty() || !retyped.isEmpty() || notNullChanged || keyChanged;
        }

        /**
         * Only changes that need no rewrite (reference §7.3): nullable columns added, columns dropped, types changed
         * without a rewrite ({@code varchar(n)} widened and the like), NOT NULL set (one scan, no rewrite) or dropped.
         * A key change, a NOT NULL column added or a type change that converts the values rebuilds the table.
         */
        boolean inPlace(TableSpec t) {
            if (keyChanged || !retypedInPlace.containsAll(retyped.keySet())) return false;
            for (TableSpec.Column c : added) if (!t.nullable(c)) return false;
            return true;
        }
    }

    /**
     * Compares an existing table with its spec on catalog facts. Runs in the caller's transaction (the probe
     * table is dropped again at once).
     */
    static Drift drift(Connection conn, TableSpec t, long oid) throws SQLException {
        Map<String, Fact> live = columns(conn, oid);
        Map<String, Fact> wanted = specFacts(conn, t);
        List<String> diffs = new ArrayList<>();
        List<TableSpec.Column> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Map<String, String> retyped = new LinkedHashMap<>();
        boolean notNullChanged = false;
        List<String> notNullSet = new ArrayList<>();
        List<String> notNullDropped = new ArrayList<>();
        for (TableSpec.Column c : t.columns()) {
            Fact w = wanted.get(c.name());
            Fact l = live.get(c.name());
            String col = "column " + TableRef.quote(c.name());
            if (l == null) {
                diffs.add(col + " is missing from the table (the spec has " + w.type() + ")");
                added.add(c);
                continue;
            }
            if (!l.type().equals(w.type())) {
                diffs.add(col + " is " + l.type() + " in the table, " + w.type() + " in the spec");
                retyped.put(c.name(), l.type());
            }
            if (l.notNull() != w.notNull()) {
                diffs.add(col + " is " + (l.notNull() ? "NOT NULL" : "nullable") + " in the table, "
                        + (w.notNull() ? "NOT NULL" : "nullable") + " in the spec");
                notNullChanged = true;
                (w.notNull() ? notNullSet : notNullDropped).add(c.name());
            }
        }
        for (var l : live.entrySet()) {
            if (!wanted.containsKey(l.getKey()) && !t.keptColumns().contains(l.getKey())) {
                diffs.add("column " + TableRef.quote(l.getKey()) + " (" + l.getValue().type() + ") is in the table, not in the spec");
                removed.add(l.getKey());
            }
        }
        List<String> liveKey = primaryKey(conn, oid);
        boolean keyChanged = !liveKey.equals(t.primaryKey());
        if (keyChanged) {
            diffs.add("primary key is " + keyText(liveKey) + " in the table, " + keyText(t.primaryKey()) + " in the spec");
        }
        List<TableSpec.Index> indexesAdded = new ArrayList<>();
        List<LiveIndex> indexesDropped = new ArrayList<>();
        if (t.indexPolicy() != TableSpec.IndexPolicy.IGNORE) {
            // compared as multisets of definitions: two equal indexes in the spec need two in the table
            List<LiveIndex> unmatched = new ArrayList<>(indexes(conn, oid));
            List<String> specDefs = specIndexes(conn, t);
            for (int i = 0; i < specDefs.size(); i++) {
                String def = specDefs.get(i);
                LiveIndex match = unmatched.stream().filter(x -> x.definition().equals(def)).findFirst().orElse(null);
                if (match != null) {
                    unmatched.remove(match);
                } else if (!columnsMissing(t.indexes().get(i), added)) {
                    TableSpec.Index ix = t.indexes().get(i);
                    diffs.add("index " + (ix.name() == null ? "" : TableRef.quote(ix.name()) + " ") + def + " is missing from the table");
                    indexesAdded.add(ix);
                } else {
                    indexesAdded.add(t.indexes().get(i));
                }
            }
            if (t.indexPolicy() == TableSpec.IndexPolicy.EXACT) {
                for (LiveIndex l : unmatched) {
                    diffs.add("index " + TableRef.quote(l.name()) + " " + l.definition() + " is in the table, not in the spec");
                    indexesDropped.add(l);
                }
            }
        }
        return new Drift(List.copyOf(diffs), List.copyOf(added), List.copyOf(removed), retyped, notNullChanged, keyChanged,
                List.copyOf(indexesAdded), List.copyOf(indexesDropped),
                live.keySet().stream().filter(t.keptColumns()::contains).toList(),
                keyChanged ? Set.of() : Set.copyOf(RewriteFreeTypes.of(conn, t, oid, retyped)), List.copyOf(notNullSet),
                List.copyOf(notNullDropped));
    }

    /** Whether the index could name a column the table lacks (it is then reported with the column, not again). */
    private static boolean columnsMissing(TableSpec.Index ix, List<TableSpec.Column> added) {
        for (TableSpec.Column c : added) if (ix.definition().contains(TableRef.quote(c.name())) || ix.definition().contains(c.name())) return true;
        return false;
    }

    /**
     * The table's secondary indexes (not the primary key's), each defined as {@code pg_get_indexdef} prints it with
     * {@code INDEX name ON schema.table} taken out.
     */
    static List<LiveIndex> indexes(Connection conn, long oid) throws SQLException {
        List<LiveIndex> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT ic.relname, con.conname, pg_get_indexdef(i.indexrelid),"
                + " format('INDEX %I ON ', ic.relname)"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
                + " LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('u', 'x')"
                + " WHERE i.indrelid = ? AND NOT i.indisprimary ORDER BY ic.relname")) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) out.add(new LiveIndex(r.getString(1), r.getString(2), definition(r.getString(3), r.getString(4))));
            }
        }
        return out;
    }

    /** A table name as {@code pg_get_indexdef} prints it: {@code [ONLY ]schema.table}, each part quoted when needed. */
    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile(
            "(?:ONLY )?(?:\"(?:[^\"]|\"\")*\"|[^\\s.\"]+)\\.(?:\"(?:[^\"]|\"\")*\"|[^\\s.\"]+) ");

    /**
     * {@code CREATE UNIQUE INDEX x ON s.t USING btree (a)} → {@code UNIQUE USING btree (a)}; {@code indexAndName} is
     * {@code INDEX x ON } as the server quotes it. A temporary table prints as {@code pg_temp.t}.
     */
    private static String definition(String indexdef, String indexAndName) {
        int at = indexdef.indexOf(indexAndName);
        if (at < 0) return indexdef; // never seen; compared whole, at worst a needless rebuild of the index
        String head = indexdef.substring(0, at).replace("CREATE ", "");
        String rest = indexdef.substring(at + indexAndName.length());
        java.util.regex.Matcher m = TABLE.matcher(rest);
        return m.lookingAt() ? head + rest.substring(m.end()) : indexdef;
    }

    /** The spec's indexes as PostgreSQL defines them, in the spec's order: built on an empty temporary probe table. */
    private static List<String> specIndexes(Connection conn, TableSpec t) throws SQLException {
        List<String> out = new ArrayList<>();
        if (t.indexes().isEmpty()) return out;
        try (Statement s = conn.createStatement()) {
            s.execute("SAVEPOINT drover_index_probe");
            try {
                s.execute("CREATE TEMP TABLE drover_index_probe (" + columnDefinitions(t) + ")");
                TableRef probe = new TableRef(tempSchema(conn), "drover_index_probe");
                for (int i = 0; i < t.indexes().size(); i++) {
                    TableSpec.Index ix = t.indexes().get(i);
                    String name = "drover_index_probe_" + i;
                    try {
                        s.execute(ix.create(probe, name, false));
                    } catch (SQLException e) {
                        throw new SQLException("index " + (ix.name() == null ? "#" + (i + 1) : ix.name()) + " of " + t.sql() + " ("
                                + ix.definition() + ") is not valid: " + e.getMessage(), e.getSQLState(), e);
                    }
                }
                long oid;
                try (ResultSet r = s.executeQuery("SELECT 'pg_temp.drover_index_probe'::regclass::oid")) {
                    r.next();
                    oid = r.getLong(1);
                }
                Map<String, String> byName = new LinkedHashMap<>();
                for (LiveIndex l : indexes(conn, oid)) byName.put(l.name(), l.definition());
                for (int i = 0; i < t.indexes().size(); i++) out.add(byName.get("drover_index_probe_" + i));
            } finally {
                s.execute("ROLLBACK TO SAVEPOINT drover_index_probe");
                s.execute("RELEASE SAVEPOINT drover_index_probe");
            }
        }
        return out;
    }

    private static String tempSchema(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String keyText(List<String> key) {
        if (key.isEmpty()) return "absent";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < key.size(); i++) sb.append(i == 0 ? "" : ", ").append(TableRef.quote(key.get(i)));
        return sb.append(')').toString();
    }

    private static Map<String, Fact> columns(Connection conn, long oid) throws SQLException {
        Map<String, Fact> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT attname, format_type(atttypid, atttypmod), attnotnull"
                + " FROM pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) out.put(r.getString(1), new Fact(r.getString(2), r.getBoolean(3)));
            }
        }
        return out;
    }

    private static List<String> primaryKey(Connection conn, long oid) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord")) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) key.add(r.getString(1));
            }
        }
        return key;
    }

    /** The spec's columns as PostgreSQL would store them: a temporary table built from the spec, read back. */
    private static Map<String, Fact> specFacts(Connection conn, TableSpec t) throws SQLException {
        String probe = "pg_temp.drover_probe";
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TEMP TABLE drover_probe (" + columnDefinitions(t) + ") ON COMMIT DROP");
            try {
                try (ResultSet r = s.executeQuery("SELECT 'pg_temp.drover_probe'::regclass::oid")) {
                    r.next();
                    Map<String, Fact> facts = columns(conn, r.getLong(1));
                    // A temp table cannot carry the key's NOT NULL without the key itself; apply it here.
                    Map<String, Fact> out = new LinkedHashMap<>();
                    for (TableSpec.Column c : t.columns()) {
                        out.put(c.name(), new Fact(facts.get(c.name()).type(), !t.nullable(c)));
                    }
                    return out;
                }
            } finally {
                s.execute("DROP TABLE " + probe);
            }
        }
    }

    /** {@code "a" type, "b" type NOT NULL, ...} without the key. */
    static String columnDefinitions(TableSpec t) {
        StringBuilder sb = new StringBuilder();
        for (TableSpec.Column c : t.columns()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(TableRef.quote(c.name())).append(' ').append(c.type());
        }
        return sb.toString();
    }

    /**
     * Creates the schema when it is missing (no CREATE right needed on the database otherwise) and the table.
     * Returns the {@code CREATE TABLE} statement.
     */
    static String create(Connection conn, TableSpec t) throws SQLException {
        return create(conn, t, t.name());
    }

    /** Creates the table of the spec under another name in the same schema (a shadow for a rebuild). */
    static String create(Connection conn, TableSpec t, String name) throws SQLException {
        boolean schemaExists;
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, t.schema());
            try (ResultSet r = ps.executeQuery()) {
                schemaExists = r.next();
            }
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(new TableRef(t.schema(), name).sql()).append(" (");
        boolean first = true;
        for (TableSpec.Column c : t.columns()) {
            if (!first) ddl.append(", ");
            first = false;
            ddl.append(TableRef.quote(c.name())).append(' ').append(c.type());
            if (!t.nullable(c)) ddl.append(" NOT NULL");
        }
        if (t.hasPrimaryKey()) ddl.append(", PRIMARY KEY (").append(columnList(t.primaryKey())).append(')');
        ddl.append(')');
        try (Statement s = conn.createStatement()) {
            if (!schemaExists) s.execute("CREATE SCHEMA " + TableRef.quote(t.schema()));
            s.execute(ddl.toString());
        }
        return ddl.toString();
    }

    /** Creates the spec's indexes on a new, empty table (cheap, in the batch's transaction); their statements. */
    static List<String> createIndexes(Connection conn, TableSpec t, TableRef on) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement()) {
            for (TableSpec.Index ix : t.indexes()) {
                String sql = ix.create(on, ix.name(), false);
                s.execute(sql);
                out.add(sql);
            }
        }
        return out;
    }

    static String columnList(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(TableRef.quote(n));
        }
        return sb.toString();
    }
}
