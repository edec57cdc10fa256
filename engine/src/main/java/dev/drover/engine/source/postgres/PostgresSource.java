package dev.drover.engine.source.postgres;

import dev.drover.engine.source.db.Queries;
import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.PostgresCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.pg.Passwords;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A PostgreSQL database as a migration source, read without writing anything: every session is
 * {@code default_transaction_read_only}, so a source mistaken for a target cannot be changed.
 *
 * <p>The locator is a PostgreSQL URL as the target takes it ({@code postgresql://user@host:5432/db}). Which
 * schemas are read: {@code ?schema=sales} or a bare {@code ?sales} reads that schema only; without one, every
 * schema except {@code pg_catalog}, {@code information_schema}, TOAST and temporary ones, and tables that belong
 * to an extension (the extension recreates them).
 *
 * <p>The catalog is read in one REPEATABLE READ transaction that stays open until {@link #close()}; its snapshot is
 * exported, and every table's rows are read on their own connection inside that same snapshot, so the catalog and
 * all tables show the database at one instant even while it is being written to.
 */
public final class PostgresSource implements DatabaseSource {
    private final PgTarget url;
    private final Properties properties;
    private final String schema;
    private final Connection conn;
    /** The exported snapshot of {@link #conn}, or null when the server could not export one (a standby before 10). */
    private final String snapshot;
    private PostgresCatalogReader.Result read;
    /** The user types of materialized views and queries, which the tables may not use. */
    private final java.util.Set<Long> materializedTypes = new java.util.LinkedHashSet<>();

    private PostgresSource(PgTarget url, Properties properties, String schema, Connection conn, String snapshot) {
        this.url = url;
        this.properties = properties;
        this.schema = schema;
        this.conn = conn;
        this.snapshot = snapshot;
    }

    /** Opens {@code postgresql://…} (also {@code postgres://}, {@code pgsql://}); the password as for the target. */
    public static PostgresSource open(String locator) throws SQLException {
        PgTarget t;
        try {
            t = PgTarget.parse(locator);
        } catch (IllegalArgumentException e) {
            throw new SQLException("invalid source URL: " + e.getMessage(), "08001", e);
        }
        String schema = t.params().get("schema") != null ? t.params().get("schema") : t.table();
        Properties p = t.jdbcProperties(Passwords.resolve(t, null, false), "drover-source");
        p.remove("schema");
        Connection conn = connect(t, p);
        try {
            session(conn);
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot = null;
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            } catch (SQLException e) {
                conn.rollback(); // an aborted transaction cannot read the catalog; the tables then use their own snapshots
                conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            return new PostgresSource(t, p, schema == null || schema.isEmpty() ? null : schema, conn, snapshot);
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /**
     * Session settings under which PostgreSQL prints every value the way a PostgreSQL target reads it back
     * unchanged: floats with all their digits (pre-12 servers print 15 digits otherwise), ISO dates, intervals in
     * postgres style, bytea in hex, times with zones in UTC (unambiguous). The search path is only {@code public},
     * so type names, defaults and expressions name every other schema explicitly.
     */
    static void session(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET default_transaction_read_only = on");
            s.execute("SET search_path = public");
            s.execute("SET extra_float_digits = 3");
            s.execute("SET DateStyle = 'ISO, YMD'");
            s.execute("SET IntervalStyle = 'postgres'");
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET bytea_output = 'hex'");
        }
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    /** The schema read, or null for all non-system schemas. */
    public String schema() {
        return schema;
    }

    @Override
    public synchronized SourceCatalog catalog() throws SQLException {
        return result().catalog();
    }

    private PostgresCatalogReader.Result result() throws SQLException {
        if (read == null) read = new PostgresCatalogReader(conn).read(url.database(), schema);
        return read;
    }

    /**
     * The statements that create the enum and domain types the tables use ({@code CREATE SCHEMA IF NOT EXISTS},
     * {@code CREATE TYPE … AS ENUM}, {@code CREATE DOMAIN}), in dependency order: the target must have them before
     * the tables are created.
     */
    @Override
    public synchronized List<String> typeDefinitions() throws SQLException {
        if (materializedTypes.isEmpty()) return result().typeDefinitions();
        List<String> all = new java.util.ArrayList<>(result().typeDefinitions());
        for (String d : new PostgresCatalogReader(conn).typeDefinitions(materializedTypes)) if (!all.contains(d)) all.add(d);
        return all;
    }

    @Override
    public synchronized CastRules castRules(List<CastRule> userRules) {
        try {
            return PostgresCasts.castRules(userRules, result().facts());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the PostgreSQL catalog of " + url.display() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams the rows with {@code COPY (SELECT …) TO STDOUT} on a connection of its own, inside the catalog's
     * snapshot. Values come as PostgreSQL prints them (strings a PostgreSQL target reads back exactly); integer
     * columns as Long. Positions read {@code id=17}, or {@code row 17} for a table without primary key.
     */
    @Override
    public long count(SourceTable table) throws SQLException {
        // in the catalog's snapshot: the rows every cursor read
        return Queries.longValue(conn, "SELECT count(*) FROM " + PostgresRowCursor.from(table));
    }

    /**
     * A view's columns are read from the catalog, a query's described by the server, both inside the catalog's snapshot
     * (a failed query is undone to a savepoint, so the snapshot stays usable for the counts).
     */
    @Override
    public synchronized SourceTable materialize(String name, String sql) throws SQLException {
        java.sql.Savepoint sp = conn.setSavepoint();
        try {
            PostgresCatalogReader reader = new PostgresCatalogReader(conn);
            SourceTable t = sql == null ? reader.view(schema, name, materializedTypes) : reader.query(name, sql, materializedTypes);
            conn.releaseSavepoint(sp);
            return t;
        } catch (SQLException e) {
            conn.rollback(sp);
            if (sql == null) throw e;
            throw new SQLException("the query of " + name + " does not run: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public RowCursor rows(SourceTable table, List<String> columns) throws SQLException {
        return rows(table, columns, null);
    }

    /** A primary key of one smallint, integer or bigint column. */
    @Override
    public java.util.Optional<String> rangeKey(SourceTable table) {
        // a materialized view or query has no key (and its rows no order to slice by)
        if (table.isMaterialized() || table.primaryKey() == null || table.primaryKey().columns().size() != 1) {
            return java.util.Optional.empty();
        }
        String name = table.primaryKey().columns().get(0);
        return table.column(name).filter(c -> PostgresRowCursor.INTEGERS.contains(c.dataType())).map(c -> name);
    }

    /** In the catalog's snapshot, like every cursor. */
    @Override
    public long[] keyBounds(SourceTable table, String column) throws SQLException {
        return Queries.bounds(conn, PostgresCatalogReader.quoteIdent(column), PostgresRowCursor.from(table));
    }

    @Override
    public RowCursor rows(SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        return read(table, columns, range, null);
    }

    /** One page of a keyset read, in the catalog's snapshot like every cursor: {@code WHERE (a, b) > ('x', 2) ORDER BY a, b LIMIT n}. */
    @Override
    public boolean readsCursorPages() {
        return true;
    }

    @Override
    public RowCursor rowsAfter(SourceTable table, List<String> columns, dev.drover.engine.source.db.CursorPage page) throws SQLException {
        return read(table, columns, null, Objects.requireNonNull(page, "page"));
    }

    private RowCursor read(SourceTable table, List<String> columns, KeyRange range, dev.drover.engine.source.db.CursorPage page)
            throws SQLException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(columns, "columns");
        Connection c = connect(url, properties);
        try {
            session(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (snapshot != null) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return PostgresRowCursor.open(c, table, columns, range, page);
    }

    @Override
    public void close() throws SQLException {
        try (conn) {
            if (!conn.isClosed()) conn.rollback();
        }
    }

    private static Connection connect(PgTarget t, Properties p) throws SQLException {
        try {
            return DriverManager.getConnection(t.jdbcUrl(), p);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + t.display() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public java.util.Map<String, Long> tableSizes() throws SQLException {
        return dev.drover.engine.source.db.Queries.tableSizes(conn, "SELECT n.nspname, c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'");
    }
}
