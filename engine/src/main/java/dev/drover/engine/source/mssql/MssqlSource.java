package dev.drover.engine.source.mssql;

import dev.drover.engine.source.db.Queries;
import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.MssqlCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A SQL Server (2016+, Azure SQL) database as a migration source, read over JDBC with mssql-jdbc. Connections are
 * encrypted by default, as the driver wants; a server with a self-signed certificate needs
 * {@code ?trustServerCertificate=true} in the locator (or {@code ?encrypt=false}), and the connection error says so.
 * Nothing is ever written.
 */
public final class MssqlSource implements DatabaseSource {
    private final MssqlLocator locator;
    private final Connection conn;
    private List<String> notes = List.of();

    private MssqlSource(MssqlLocator locator, Connection conn) {
        this.locator = locator;
        this.conn = conn;
    }

    /**
     * Opens {@code sqlserver://user:password@host[:port][/instance]/database[?schema=…&encrypt=…&trustServerCertificate=…]}
     * (or {@code mssql://…}); the password may come from {@code MSSQL_PWD}.
     */
    public static MssqlSource open(String locator) throws SQLException {
        return open(locator, System.getenv());
    }

    /** As {@link #open(String)}, with the environment given (for {@code MSSQL_PWD}, {@code TDSHOST}, ...). */
    public static MssqlSource open(String locator, Map<String, String> env) throws SQLException {
        MssqlLocator l = MssqlLocator.parse(locator, env);
        return new MssqlSource(l, connect(l));
    }

    static Connection connect(MssqlLocator l) throws SQLException {
        Connection conn;
        try {
            conn = DriverManager.getConnection(l.jdbcUrl(), l.properties());
        } catch (SQLException e) {
            throw new SQLException("cannot connect to SQL Server " + l.display() + ": " + e.getMessage() + hint(e, l),
                    e.getSQLState(), e);
        }
        try {
            conn.setReadOnly(true);
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        return conn;
    }

    /** A suggested fix for the usual connection failures. */
    static String hint(SQLException e, MssqlLocator l) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("pkix") || m.contains("certificate") || m.contains("ssl") || m.contains("tls")) {
            return " (the server's certificate is not trusted: when it is self-signed, add ?trustServerCertificate=true to"
                    + " the locator, or ?encrypt=false on a trusted network)";
        }
        if (e.getErrorCode() == 18456) return " (check the user and password; the password may also come from MSSQL_PWD)";
        if (e.getErrorCode() == 4060) return " (no such database on the server, or the user may not open it)";
        if ("08S01".equals(e.getSQLState())) {
            return l.instance() != null && l.port() < 0
                    ? " (is the SQL Server Browser reachable on UDP 1434 to find instance " + l.instance() + "? else give the port)"
                    : " (is the server running and reachable on " + l.host() + ":" + l.port() + "?)";
        }
        return "";
    }

    @Override
    public String kind() {
        return "mssql";
    }

    /** The database being read. */
    public String database() {
        return locator.database();
    }

    @Override
    public SourceCatalog catalog() throws SQLException {
        CatalogRows.Catalog c = new MssqlCatalogReader(conn, locator.schemas()).read(locator.database());
        notes = c.notes();
        return c.catalog();
    }

    /** What the last {@link #catalog()} found that the target will not have: included columns, XML indexes, ... */
    public List<String> catalogNotes() {
        return notes;
    }

    @Override
    public CastRules castRules(List<CastRule> userRules) {
        return MssqlCasts.castRules(userRules);
    }

    @Override
    public long count(SourceTable table) throws SQLException {
        return Queries.longValue(conn, "SELECT COUNT_BIG(*) FROM " + MssqlRowCursor.from(table));
    }

    @Override
    public SourceTable materialize(String name, String sql) throws SQLException {
        return new MssqlCatalogReader(conn, locator.schemas()).materialize(name, sql);
    }

    /** Streams {@code columns} of {@code table} on a connection of its own, ordered by primary key when there is one. */
    @Override
    public RowCursor rows(SourceTable table, List<String> columns) throws SQLException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(columns, "columns");
        return MssqlRowCursor.open(connect(locator), table, columns);
    }

    @Override
    public RowCursor rows(SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        return MssqlRowCursor.open(connect(locator), table, columns, range);
    }

    @Override
    public boolean readsCursorPages() {
        return true;
    }

    /** One page of a keyset read, in the expanded OR form with bound parameters. */
    @Override
    public RowCursor rowsAfter(SourceTable table, List<String> columns, dev.drover.engine.source.db.CursorPage page) throws SQLException {
        return MssqlRowCursor.open(connect(locator), table, columns, null, Objects.requireNonNull(page, "page"));
    }

    /** A primary key of one integer column (tinyint to bigint): a big table is read in slices of it. */
    @Override
    public java.util.Optional<String> rangeKey(SourceTable table) {
        return sliceKey(table);
    }

    static java.util.Optional<String> sliceKey(SourceTable table) {
        if (table.isMaterialized() || table.primaryKey() == null || table.primaryKey().columns().size() != 1) {
            return java.util.Optional.empty();
        }
        String name = table.primaryKey().columns().get(0);
        return table.column(name).filter(c -> switch (c.dataType().toLowerCase(java.util.Locale.ROOT)) {
            case "tinyint", "smallint", "int", "bigint" -> true;
            default -> false;
        }).map(c -> name);
    }

    @Override
    public long[] keyBounds(SourceTable table, String column) throws SQLException {
        return Queries.bounds(conn, MssqlRowCursor.quote(column), MssqlRowCursor.from(table));
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }

    @Override
    public java.util.Map<String, Long> tableSizes() throws SQLException {
        return dev.drover.engine.source.db.Queries.tableSizes(conn, "SELECT s.name, t.name, SUM(p.used_page_count) * 8192 FROM sys.dm_db_partition_stats p"
                + " JOIN sys.tables t ON t.object_id = p.object_id JOIN sys.schemas s ON s.schema_id = t.schema_id"
                + " GROUP BY s.name, t.name");
    }
}
