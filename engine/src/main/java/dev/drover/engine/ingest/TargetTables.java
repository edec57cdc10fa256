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
     */
    record Drift(List<String> lines, List<TableSpec.Column> added, List<String> removed, Map<String, String> retyped,
                 boolean notNullChanged, boolean keyChanged) {
        boolean none() { return lines.isEmpty(); }

        /**
         * Only changes that need no rewrite and only a brief ACCESS EXCLUSIVE lock (reference §7.3): nullable
         * columns added, columns dropped. Everything else rebuilds the table.
         */
        boolean inPlace(TableSpec t) {
            if (!retyped.isEmpty() || notNullChanged || keyChanged) return false;
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
            }
        }
        for (var l : live.entrySet()) {
            if (!wanted.containsKey(l.getKey())) {
                diffs.add("column " + TableRef.quote(l.getKey()) + " (" + l.getValue().type() + ") is in the table, not in the spec");
                removed.add(l.getKey());
            }
        }
        List<String> liveKey = primaryKey(conn, oid);
        boolean keyChanged = !liveKey.equals(t.primaryKey());
        if (keyChanged) {
            diffs.add("primary key is " + keyText(liveKey) + " in the table, " + keyText(t.primaryKey()) + " in the spec");
        }
        return new Drift(List.copyOf(diffs), List.copyOf(added), List.copyOf(removed), retyped, notNullChanged, keyChanged);
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

    static String columnList(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(TableRef.quote(n));
        }
        return sb.toString();
    }
}
