package dev.drover.engine.source.sqlite;

import dev.drover.engine.source.db.Queries;
import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.SqliteCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A SQLite database file as a migration source. The file is only ever opened read-only: a migration must
 * leave its source exactly as it found it, and a mistyped path must not silently become a new empty database.
 */
public final class SqliteSource implements DatabaseSource {
    /** SQLite's result code for a file that is not a database (SQLITE_NOTADB). */
    private static final int SQLITE_NOTADB = 26;

    private final Path file;
    private final Connection conn;

    private SqliteSource(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /**
     * Opens {@code sqlite:///absolute/path.db}, {@code sqlite://relative/path.db} or a bare path (optionally
     * quoted). Fails with the path in the message when the file is missing, is not a regular file, or is not a
     * SQLite database.
     */
    public static SqliteSource open(String locator) throws SQLException {
        Path file = SqliteLocator.toPath(locator);
        if (!Files.exists(file)) {
            throw new SQLException("SQLite database not found: " + file + " (check the path; Drover never creates a"
                    + " source database)", "08001");
        }
        if (!Files.isRegularFile(file)) {
            throw new SQLException("not a SQLite database file: " + file + " is a directory or a special file", "08001");
        }
        if (!Files.isReadable(file)) {
            throw new SQLException("cannot read SQLite database " + file + ": permission denied", "08001");
        }
        try {
            if (Files.size(file) == 0) {
                // SQLite would treat it as an empty database; a migration of nothing is surely a wrong path.
                throw new SQLException("SQLite database " + file + " is an empty file (0 bytes): nothing to migrate",
                        "08001");
            }
        } catch (IOException e) {
            throw new SQLException("cannot read SQLite database " + file + ": " + e.getMessage(), "08001", e);
        }
        Connection conn = connect(file);
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM main.sqlite_master")) {
            rs.next(); // SQLite reads the header lazily: this is where a non-database file is detected
        } catch (SQLException e) {
            conn.close();
            if (e.getErrorCode() == SQLITE_NOTADB || String.valueOf(e.getMessage()).contains("not a database")) {
                throw new SQLException("not a SQLite database: " + file + " (the file has no SQLite header; is it"
                        + " encrypted, compressed or another format?)", "08001", e);
            }
            throw new SQLException("cannot read SQLite database " + file + ": " + e.getMessage(), "08001", e);
        }
        return new SqliteSource(file, conn);
    }

    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Read-only open flags, without SQLITE_OPEN_CREATE: a missing file fails instead of being created, and
        // no statement can write to the user's file.
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new SQLException("cannot open SQLite database " + file + ": " + e.getMessage(), "08001", e);
        }
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    /** The database file being read. */
    public Path file() {
        return file;
    }

    @Override
    public SourceCatalog catalog() throws SQLException {
        return new SqliteCatalogReader(conn).read(file.getFileName().toString());
    }

    @Override
    public long count(SourceTable table) throws SQLException {
        return Queries.longValue(conn, "SELECT count(*) FROM " + from(table));
    }

    /** What a table's rows are selected from: the table, or the materialized query. */
    static String from(SourceTable table) {
        return table.isMaterialized() ? "(" + table.query() + ") q" : "main." + SqliteCatalogReader.quote(table.name());
    }

    /**
     * A view's columns come from {@code pragma_table_xinfo}; a query's from the same pragma over a temporary view of it,
     * made on a connection of its own and gone when it closes (temporary objects live outside the database file, which
     * stays read-only), so that a view and the same query written out are typed alike.
     */
    @Override
    public SourceTable materialize(String name, String sql) throws SQLException {
        if (sql == null) {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && !name.substring(0, dot).equals(SqliteCatalogReader.SCHEMA)) {
                throw new SQLException("view " + name + " is not in schema main, the one a SQLite source reads", "42P01");
            }
            String view = name.substring(dot + 1);
            return new SqliteCatalogReader(conn).view(SqliteCatalogReader.SCHEMA, view, view,
                    "SELECT * FROM main." + SqliteCatalogReader.quote(view));
        }
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            // SQLite checks a view's names when it is used, so the pragma is where a bad query fails
            st.execute("CREATE TEMP VIEW drover_materialize AS " + sql);
            return new SqliteCatalogReader(c).view("temp", "drover_materialize", name, sql);
        } catch (SQLException e) {
            throw new SQLException("the query of " + name + " does not run: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public CastRules castRules(List<CastRule> userRules) {
        return SqliteCasts.castRules(userRules);
    }

    /**
     * Streams {@code columns} of {@code table} ordered by rowid (by primary key for WITHOUT ROWID tables), so that
     * positions are stable between runs. Positions read {@code rowid 42}, {@code id=42 (rowid)} when the table has
     * an INTEGER PRIMARY KEY that is the rowid, or {@code a=1, b='x'} for WITHOUT ROWID tables.
     */
    @Override
    public RowCursor rows(SourceTable table, List<String> columns) throws SQLException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(columns, "columns");
        return rows(table, columns, null);
    }

    /** The rowid, under whichever of its names no column hides: every rowid table can be read in slices. */
    @Override
    public java.util.Optional<String> rangeKey(SourceTable table) throws SQLException {
        if (table.isMaterialized()) return java.util.Optional.empty(); // a query's rows have no rowid
        TableShape shape = new SqliteCatalogReader(conn).shape(table.name());
        return java.util.Optional.ofNullable(shape.hasRowid() ? SqliteRowCursor.freeRowidName(shape.columns()) : null);
    }

    @Override
    public long[] keyBounds(SourceTable table, String column) throws SQLException {
        return Queries.bounds(conn, column, from(table)); // rowid, _rowid_ or oid: bare, as quoted SQLite could read a string
    }

    /** A part of the table (all of it for null); positions as {@link #rows(SourceTable, List)} writes them. */
    @Override
    public RowCursor rows(SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(columns, "columns");
        TableShape shape = table.isMaterialized()
                ? TableShape.ofQuery(table.name(), table.columns().stream().map(c -> c.name()).toList())
                : new SqliteCatalogReader(conn).shape(table.name());
        return SqliteRowCursor.open(connect(file), shape, columns, from(table), range);
    }

    /** One page of a keyset read: {@code WHERE (a, b) > (?, ?) ORDER BY a, b LIMIT n}. */
    @Override
    public boolean readsCursorPages() {
        return true;
    }

    @Override
    public RowCursor rowsAfter(SourceTable table, List<String> columns, dev.drover.engine.source.db.CursorPage page) throws SQLException {
        Objects.requireNonNull(page, "page");
        TableShape shape = table.isMaterialized()
                ? TableShape.ofQuery(table.name(), table.columns().stream().map(c -> c.name()).toList())
                : new SqliteCatalogReader(conn).shape(table.name());
        return SqliteRowCursor.open(connect(file), shape, columns, from(table), null, page);
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }

    /** From the dbstat table when this SQLite has it (data and index pages of each table); else none. */
    @Override
    public java.util.Map<String, Long> tableSizes() throws SQLException {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        String sql = "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_schema m ON m.name = d.name"
                + " WHERE m.type IN ('table', 'index') GROUP BY m.tbl_name";
        try (java.sql.Statement s = conn.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.put(dev.drover.engine.catalog.SourceTable.key("main", r.getString(1)), r.getLong(2));
        } catch (SQLException e) {
            return java.util.Map.of(); // built without SQLITE_ENABLE_DBSTAT_VTAB: no sizes, as with no statistics
        }
        return out;
    }
}
