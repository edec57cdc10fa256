package dev.drover.engine.source.mysql;

import dev.drover.engine.source.db.Queries;
import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.MysqlCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A MySQL (5.7, 8.x) or MariaDB (10.x, 11.x) database as a migration source, read over JDBC with
 * mysql-connector-j. Every session is pinned to UTC ({@code time_zone = '+00:00'}), so TIMESTAMP values come out as
 * stored, whatever the server's or the machine's zone; the session's {@code sql_mode} loses
 * {@code PAD_CHAR_TO_FULL_LENGTH}, so CHAR values come out as stored, without padding. Nothing is ever written.
 *
 * <p>Authentication works with {@code caching_sha2_password}: without TLS the driver fetches the server's public key
 * to send the password, which {@code sslmode=verify-ca} and {@code verify-full} forbid (see {@link MysqlLocator}).
 */
public final class MysqlSource implements DatabaseSource {
    private final MysqlLocator locator;
    private final Connection conn;
    private final boolean mariadb;

    private MysqlSource(MysqlLocator locator, Connection conn, boolean mariadb) {
        this.locator = locator;
        this.conn = conn;
        this.mariadb = mariadb;
    }

    /** Opens {@code mysql://user:password@host:port/database} (or {@code mariadb://...}); the password may come from {@code MYSQL_PWD}. */
    public static MysqlSource open(String locator) throws SQLException {
        return open(locator, System.getenv());
    }

    /** As {@link #open(String)}, with the environment given (for {@code MYSQL_PWD}, {@code MYSQL_HOST}, ...). */
    public static MysqlSource open(String locator, Map<String, String> env) throws SQLException {
        MysqlLocator l = MysqlLocator.parse(locator, env);
        Connection conn = connect(l);
        try {
            boolean mariadb = conn.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
            return new MysqlSource(l, conn, mariadb);
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    static Connection connect(MysqlLocator l) throws SQLException {
        Connection conn;
        try {
            conn = DriverManager.getConnection(l.jdbcUrl(), l.properties());
        } catch (SQLException e) {
            String hint = e.getErrorCode() == 1045 ? " (check the user and password; the password may also come from MYSQL_PWD)"
                    : e.getErrorCode() == 1049 ? " (no such database on the server)"
                    : "08S01".equals(e.getSQLState()) ? " (is the server running and reachable on " + l.host() + ":" + l.port() + "?)" : "";
            throw new SQLException("cannot connect to MySQL " + l.display() + ": " + e.getMessage() + hint, e.getSQLState(), e);
        }
        try (Statement st = conn.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            st.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'PAD_CHAR_TO_FULL_LENGTH', '')");
            conn.setReadOnly(true);
        } catch (SQLException e) {
            conn.close();
            throw new SQLException("cannot prepare the MySQL session on " + l.display() + ": " + e.getMessage(), e.getSQLState(), e);
        }
        return conn;
    }

    @Override
    public String kind() {
        return "mysql";
    }

    /** The database being read. */
    public String database() {
        return locator.database();
    }

    /** Whether the server is MariaDB (whose catalog differs from MySQL's in places). */
    public boolean isMariaDb() {
        return mariadb;
    }

    @Override
    public SourceCatalog catalog() throws SQLException {
        return new MysqlCatalogReader(conn, mariadb).read(locator.database());
    }

    @Override
    public CastRules castRules(List<CastRule> userRules) {
        return MysqlCasts.castRules(userRules);
    }

    @Override
    public long count(SourceTable table) throws SQLException {
        return Queries.longValue(conn, "SELECT count(*) FROM " + MysqlRowCursor.from(table));
    }

    @Override
    public SourceTable materialize(String name, String sql) throws SQLException {
        MysqlCatalogReader reader = new MysqlCatalogReader(conn, mariadb);
        if (sql == null) {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && !name.substring(0, dot).equals(locator.database())) {
                throw new SQLException("view " + name + " is not in database " + locator.database() + ", the one read", "42S02");
            }
            return reader.view(locator.database(), name.substring(dot + 1));
        }
        try {
            return reader.query(locator.database(), name, sql);
        } catch (SQLException e) {
            throw new SQLException("the query of " + name + " does not run: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /**
     * Streams {@code columns} of {@code table} on a connection of its own, ordered by primary key when there is one,
     * so positions ({@code id=42}) are stable between runs; a table without one is numbered ({@code row 17}).
     */
    @Override
    public RowCursor rows(SourceTable table, List<String> columns) throws SQLException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(columns, "columns");
        return MysqlRowCursor.open(connect(locator), table, columns, null);
    }

    /** A primary key of one integer column (an unsigned bigint may not fit a long, so not that one). */
    @Override
    public java.util.Optional<String> rangeKey(SourceTable table) {
        // a materialized view or query has no key (and its rows no order to slice by)
        if (table.isMaterialized() || table.primaryKey() == null || table.primaryKey().columns().size() != 1) {
            return java.util.Optional.empty();
        }
        String name = table.primaryKey().columns().get(0);
        return table.column(name).filter(c -> switch (c.dataType()) {
            case "tinyint", "smallint", "mediumint", "int", "integer" -> true;
            case "bigint" -> !c.unsigned();
            default -> false;
        }).map(c -> name);
    }

    @Override
    public long[] keyBounds(SourceTable table, String column) throws SQLException {
        return Queries.bounds(conn, MysqlRowCursor.quote(column), MysqlRowCursor.from(table));
    }

    @Override
    public RowCursor rows(SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        return MysqlRowCursor.open(connect(locator), table, columns, range);
    }

    @Override
    public boolean readsCursorPages() {
        return true;
    }

    /** One page of a keyset read, in the expanded OR form with bound parameters. */
    @Override
    public RowCursor rowsAfter(SourceTable table, List<String> columns, dev.drover.engine.source.db.CursorPage page) throws SQLException {
        return MysqlRowCursor.open(connect(locator), table, columns, null, java.util.Objects.requireNonNull(page, "page"));
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }

    /** For tests: whether the session reads as promised. */
    String sessionTimeZone() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.time_zone")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public java.util.Map<String, Long> tableSizes() throws SQLException {
        return dev.drover.engine.source.db.Queries.tableSizes(conn, "SELECT table_schema, table_name, COALESCE(data_length, 0) + COALESCE(index_length, 0)"
                + " FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'");
    }
}
