package dev.drover.engine.source.sqlite;

import dev.drover.engine.cast.SqliteCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.PrimaryKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a SQLite catalog from the PRAGMA table-valued functions, completed by the CREATE statements kept in
 * {@code sqlite_master} for what no PRAGMA reports. Names are always passed as bound parameters, so any
 * identifier (spaces, quotes, reserved words) works.
 */
final class SqliteCatalogReader {
    static final String SCHEMA = "main";

    private final Connection conn;

    SqliteCatalogReader(Connection conn) {
        this.conn = conn;
    }

    /** One row of pragma_table_xinfo. */
    private record RawColumn(String name, String type, boolean notNull, String dflt, int pk, int hidden) {}

    private record TableEntry(String name, String type, boolean withoutRowid, String sql) {}

    SourceCatalog read(String database) throws SQLException {
        List<TableEntry> entries = new ArrayList<>();
        List<String> views = new ArrayList<>();
        // Creation order (sqlite_master's rowid) is stable and is the order users recognise. Shadow tables
        // (the storage of virtual tables such as FTS) are internal to their virtual table and are skipped.
        String list = "SELECT l.name, l.type, l.wr, m.sql FROM pragma_table_list l"
                + " JOIN main.sqlite_master m ON m.name = l.name AND m.type = (CASE l.type WHEN 'view' THEN 'view' ELSE 'table' END)"
                + " WHERE l.schema = 'main' AND l.type IN ('table', 'virtual', 'view')"
                + " AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.rowid";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(list)) {
            while (rs.next()) {
                String type = rs.getString(2);
                if (type.equals("view")) {
                    views.add(rs.getString(1));
                } else {
                    entries.add(new TableEntry(rs.getString(1), type, rs.getInt(3) != 0, rs.getString(4)));
                }
            }
        }
        boolean hasStat1 = hasStat1();
        List<SourceTable> tables = new ArrayList<>();
        for (TableEntry e : entries) {
            tables.add(table(e, entries, hasStat1));
        }
        return new SourceCatalog("sqlite", database, tables, views);
    }

    /** The addressing facts of one table, for reading its rows. */
    TableShape shape(String table) throws SQLException {
        String type = null;
        boolean wr = false;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    type = rs.getString(1);
                    wr = rs.getInt(2) != 0;
                }
            }
        }
        if (type == null || type.equals("view")) {
            throw new SQLException("no table " + table + " in the SQLite database", "42P01");
        }
        if (type.equals("virtual")) {
            List<String> names = rawColumns(table).stream().map(RawColumn::name).toList();
            return new TableShape(table, true, false, List.of(), null, names);
        }
        return shape(table, wr, rawColumns(table));
    }

    private TableShape shape(String table, boolean withoutRowid, List<RawColumn> columns) throws SQLException {
        List<String> pk = primaryKey(columns);
        String alias = null;
        if (!withoutRowid && pk.size() == 1 && !hasPkIndex(table)) {
            // SQLite builds no separate index for the primary key exactly when the key is the rowid itself; the
            // declared type alone is not enough (INTEGER PRIMARY KEY DESC is not an alias).
            alias = pk.get(0);
        }
        return new TableShape(table, false, withoutRowid, pk, alias, columns.stream().map(RawColumn::name).toList());
    }

    private SourceTable table(TableEntry e, List<TableEntry> all, boolean hasStat1) throws SQLException {
        List<RawColumn> raw;
        try {
            raw = rawColumns(e.name());
        } catch (SQLException ex) {
            if (e.type().equals("virtual")) {
                // A module this SQLite build lacks (spatialite, a custom extension): keep the table visible
                // rather than failing the whole catalog or dropping it silently.
                String comment = "virtual table (" + oneLine(e.sql()) + ") cannot be read: " + ex.getMessage();
                return new SourceTable(SCHEMA, e.name(), List.of(), null, List.of(), List.of(), List.of(), -1, comment);
            }
            throw new SQLException("cannot read the columns of table " + e.name() + ": " + ex.getMessage(),
                    ex.getSQLState(), ex);
        }
        boolean virtual = e.type().equals("virtual");
        TableShape shape = virtual ? new TableShape(e.name(), true, false, List.of(), null, List.of())
                : shape(e.name(), e.withoutRowid(), raw);
        CreateTableText ddl = virtual ? CreateTableText.EMPTY : CreateTableText.parse(e.sql());

        List<SourceColumn> columns = new ArrayList<>();
        for (RawColumn c : raw) {
            if (c.hidden() == 1) {
                continue; // hidden columns of virtual tables are module arguments, not data
            }
            // the cast table's own reading of the type, so the names the reader writes are the names the rules match
            SqliteCasts.Declared type = SqliteCasts.normalize(c.type());
            boolean unsigned = unsigned(c.type());
            boolean keyColumn = c.pk() > 0 && (e.withoutRowid() || c.name().equals(shape.rowidAlias()));
            String generated = null;
            if (c.hidden() == 2 || c.hidden() == 3) {
                // Empty rather than null when the text could not be parsed: the column is generated either way.
                generated = ddl.generated().getOrDefault(c.name().toLowerCase(Locale.ROOT), "");
            }
            boolean autoIncrement = c.name().equals(shape.rowidAlias()) && ddl.autoincrement();
            columns.add(new SourceColumn(c.name(), columns.size() + 1, type.dataType(), c.type() == null ? "" : c.type(),
                    type.precision(), type.scale(), unsigned, !c.notNull() && !keyColumn, c.dflt(), autoIncrement,
                    false, generated, null, List.of()));
        }

        PrimaryKey pk = shape.primaryKey().isEmpty() ? null : new PrimaryKey(ddl.primaryKeyName(), shape.primaryKey());
        List<SourceIndex> indexes = virtual ? List.of() : indexes(e.name(), ddl);
        List<ForeignKey> fks = virtual ? List.of() : foreignKeys(e.name(), ddl, all);
        long rows = rowEstimate(e.name(), hasStat1);
        return new SourceTable(SCHEMA, e.name(), columns, pk, indexes, fks, ddl.checks(), rows, null);
    }

    /**
     * A view of {@code schema} ({@code main}, or {@code temp} for a query made a temporary view) as a table to
     * materialize: its columns typed as SQLite declares them (a column taken from a table keeps the table's declared
     * type, an expression has none), the same way as a table's.
     */
    SourceTable view(String schema, String view, String name, String query) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        for (RawColumn c : rawColumns(view, schema)) {
            SqliteCasts.Declared type = SqliteCasts.normalize(c.type());
            columns.add(new SourceColumn(c.name(), columns.size() + 1, type.dataType(), c.type() == null ? "" : c.type(),
                    type.precision(), type.scale(), unsigned(c.type()), !c.notNull(), null, false, false, null, null, List.of()));
        }
        return SourceTable.materialized(schema.equals(SCHEMA) ? SCHEMA : null, name, columns, query);
    }

    private static boolean unsigned(String declared) {
        return declared != null && declared.toLowerCase(Locale.ROOT).matches("(?s).*\\bunsigned\\b.*");
    }

    private List<RawColumn> rawColumns(String table) throws SQLException {
        return rawColumns(table, SCHEMA);
    }

    private List<RawColumn> rawColumns(String table, String schema) throws SQLException {
        List<RawColumn> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?) ORDER BY cid")) {
            ps.setString(1, table);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RawColumn(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4),
                            rs.getInt(5), rs.getInt(6)));
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("no table " + table + " in the SQLite database", "42P01");
        }
        return out;
    }

    private static List<String> primaryKey(List<RawColumn> columns) {
        TreeMap<Integer, String> byOrder = new TreeMap<>();
        for (RawColumn c : columns) {
            if (c.pk() > 0) {
                byOrder.put(c.pk(), c.name());
            }
        }
        return List.copyOf(byOrder.values());
    }

    private boolean hasPkIndex(String table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM pragma_index_list(?, 'main') WHERE origin = 'pk'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private record RawIndex(String name, boolean unique, String origin, boolean partial, String sql) {}

    private List<SourceIndex> indexes(String table, CreateTableText ddl) throws SQLException {
        List<RawIndex> raw = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT il.name, il.\"unique\", il.origin, il.partial, m.sql FROM pragma_index_list(?, 'main') il"
                        + " LEFT JOIN main.sqlite_master m ON m.type = 'index' AND m.name = il.name"
                        + " WHERE il.origin <> 'pk' ORDER BY m.rowid, il.seq DESC")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raw.add(new RawIndex(rs.getString(1), rs.getInt(2) != 0, rs.getString(3), rs.getInt(4) != 0,
                            rs.getString(5)));
                }
            }
        }
        List<SourceIndex> out = new ArrayList<>();
        for (RawIndex ix : raw) {
            CreateIndexText text = CreateIndexText.parse(ix.sql());
            List<String> columns = new ArrayList<>();
            List<Boolean> expressions = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT seqno, cid, name FROM pragma_index_xinfo(?, 'main') WHERE key = 1 ORDER BY seqno")) {
                ps.setString(1, ix.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int seq = rs.getInt(1);
                        int cid = rs.getInt(2);
                        boolean expression = cid == -2;
                        String column;
                        if (expression) {
                            column = seq < text.parts().size() ? text.parts().get(seq) : "?";
                        } else if (cid == -1) {
                            column = "rowid";
                        } else {
                            column = rs.getString(3);
                        }
                        columns.add(column);
                        expressions.add(expression);
                    }
                }
            }
            boolean constraint = ix.origin().equals("u");
            String name = ix.name();
            if (constraint) {
                String given = ddl.uniqueName(columns);
                if (given != null) {
                    name = given;
                }
            }
            out.add(new SourceIndex(name, ix.unique(), columns, expressions, null, ix.partial() ? text.where() : null,
                    constraint));
        }
        return out;
    }

    private record FkRow(int id, String table, String from, String to, String onUpdate, String onDelete) {}

    private List<ForeignKey> foreignKeys(String table, CreateTableText ddl, List<TableEntry> all) throws SQLException {
        Map<Integer, List<FkRow>> byId = new TreeMap<>((a, b) -> Integer.compare(b, a));
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?, 'main')"
                        + " ORDER BY id, seq")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    FkRow r = new FkRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                    byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        // SQLite numbers foreign keys from the last declared one; descending ids give the written order.
        List<ForeignKey> out = new ArrayList<>();
        for (List<FkRow> rows : byId.values()) {
            FkRow first = rows.get(0);
            // REFERENCES is resolved case-insensitively by SQLite; report the parent's name as it is stored.
            String parent = all.stream().map(TableEntry::name).filter(n -> n.equalsIgnoreCase(first.table()))
                    .findFirst().orElse(first.table());
            List<String> from = rows.stream().map(FkRow::from).toList();
            List<String> to;
            if (rows.stream().allMatch(r -> r.to() == null)) {
                to = parentPrimaryKey(parent);
            } else {
                to = rows.stream().map(FkRow::to).toList();
            }
            out.add(new ForeignKey(ddl.foreignKeyName(from), from, SCHEMA, parent, to, action(first.onUpdate()),
                    action(first.onDelete())));
        }
        return out;
    }

    /** A foreign key written without parent columns refers to the parent's primary key; empty if it has none. */
    private List<String> parentPrimaryKey(String parent) throws SQLException {
        List<RawColumn> columns;
        try {
            columns = rawColumns(parent);
        } catch (SQLException missingParent) {
            return List.of(); // SQLite lets a foreign key name a table that does not exist
        }
        return primaryKey(columns);
    }

    private static String action(String a) {
        return a == null ? "NO ACTION" : a.toUpperCase(Locale.ROOT);
    }

    private boolean hasStat1() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")) {
            return rs.next();
        }
    }

    private long rowEstimate(String table, boolean hasStat1) throws SQLException {
        if (hasStat1) {
            long best = -1;
            try (PreparedStatement ps = conn.prepareStatement("SELECT stat FROM main.sqlite_stat1 WHERE tbl = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String stat = rs.getString(1);
                        if (stat == null) {
                            continue;
                        }
                        String firstField = stat.strip().split("\\s+", 2)[0];
                        try {
                            best = Math.max(best, Long.parseLong(firstField));
                        } catch (NumberFormatException ignored) {
                            // a malformed statistics row; fall back to counting
                        }
                    }
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM main." + quote(table))) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String oneLine(String sql) {
        return sql == null ? "" : sql.replaceAll("\\s+", " ").strip();
    }
}
