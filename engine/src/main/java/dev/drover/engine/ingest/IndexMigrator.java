package dev.drover.engine.ingest;

import dev.drover.engine.ingest.swap.SwapOptions;
import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index changes of a table that is not rebuilt (reference §7.3): {@code CREATE INDEX CONCURRENTLY} and
 * {@code DROP INDEX CONCURRENTLY}, which block neither readers nor writers but cannot run inside a transaction, so
 * they run after the run's last batch committed, and only when at least one did (a migration without rows changes
 * nothing, as for columns). A build that fails leaves an invalid index, which is dropped again before the error is
 * reported. The short {@code lock_timeout} applies as for every other DDL of a run: an attempt that meets it is
 * retried with backoff within the retry budget.
 */
final class IndexMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(IndexMigrator.class);

    private IndexMigrator() {}

    /**
     * Applies the index part of {@code drift} to the live table; {@code conn} is in autocommit. Returns the statements
     * run.
     */
    static List<String> apply(Connection conn, TableSpec spec, TargetTables.Drift drift, SwapOptions waits) throws SQLException {
        List<String> ddl = new ArrayList<>();
        for (TableSpec.Index ix : drift.indexesAdded()) {
            // named here even when the spec leaves it to PostgreSQL: a failed build must drop exactly its own index
            String name = freeName(conn, spec.schema(), ix.name() != null ? ix.name() : spec.name() + "_idx");
            String sql = ix.create(spec.ref(), name, true);
            TableRef built = new TableRef(spec.schema(), name);
            try {
                retrying(conn, sql, waits, spec, built);
            } catch (SQLException e) {
                dropInvalid(conn, built);
                throw new SQLException("building index " + name + " on " + spec.sql()
                        + " failed: " + e.getMessage() + (ix.unique() ? " (a unique index fails when the rows already loaded repeat a value)" : ""),
                        e.getSQLState(), e);
            }
            ddl.add(sql);
        }
        for (TargetTables.LiveIndex l : drift.indexesDropped()) {
            String sql = l.constraint() != null
                    ? "ALTER TABLE " + spec.sql() + " DROP CONSTRAINT " + TableRef.quote(l.constraint())
                    : "DROP INDEX CONCURRENTLY IF EXISTS " + new TableRef(spec.schema(), l.name()).sql();
            retrying(conn, sql, waits, spec, null);
            ddl.add(sql);
        }
        LOG.info("{}: indexes changed in place: {}", spec.sql(), ddl);
        return ddl;
    }

    /**
     * After a swap: gives the index the shadow built as {@code temporary} the spec's name (or, unnamed, the table's
     * name with {@code _idx}), when it still has its temporary name and the name is free. The statement, or null.
     */
    static String renameIfStill(Connection conn, TableSpec spec, String temporary, String wanted) throws SQLException {
        if (regclass(conn, new TableRef(spec.schema(), temporary)) == null) return null; // the swap gave it the live name
        String name = freeName(conn, spec.schema(), wanted != null ? wanted : truncate(spec.name() + "_idx"));
        String sql = "ALTER INDEX " + new TableRef(spec.schema(), temporary).sql() + " RENAME TO " + TableRef.quote(name);
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
        return sql;
    }

    /** {@code name}, or {@code name1}, {@code name2}... when another relation of the schema has it. */
    private static String freeName(Connection conn, String schema, String name) throws SQLException {
        String candidate = truncate(name);
        for (int n = 1; regclass(conn, new TableRef(schema, candidate)) != null; n++) {
            String suffix = Integer.toString(n);
            candidate = truncate(name, 63 - suffix.length()) + suffix;
        }
        return candidate;
    }

    private static String truncate(String name) {
        return truncate(name, 63);
    }

    /** PostgreSQL cuts identifiers at 63 bytes; so must a name we compare with the catalog. */
    private static String truncate(String name, int bytes) {
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (used + len > bytes) break;
            sb.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String regclass(Connection conn, TableRef ref) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?)::text")) {
            ps.setString(1, ref.sql());
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** Runs one autocommit statement under the run's lock_timeout, retrying a timeout with jittered doubling pauses. */
    private static void retrying(Connection conn, String sql, SwapOptions waits, TableSpec spec, TableRef building) throws SQLException {
        long start = System.nanoTime();
        long backoff = waits.initialBackoff().toMillis();
        try (Statement s = conn.createStatement()) {
            String previous;
            try (ResultSet r = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                r.next();
                previous = r.getString(1);
            }
            s.execute("SET lock_timeout = '" + waits.lockTimeout().toMillis() + "ms'");
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        s.execute(sql);
                        return;
                    } catch (SQLException e) {
                        if (!"55P03".equals(e.getSQLState())) throw e;
                        if (building != null) dropInvalid(conn, building);
                        long elapsed = (System.nanoTime() - start) / 1_000_000;
                        long capped = Math.min(backoff, waits.maxBackoff().toMillis());
                        long pause = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
                        if (elapsed + pause >= waits.retryBudget().toMillis()) {
                            throw new SQLException("could not change the indexes of " + spec.sql() + ": lock_timeout "
                                    + waits.lockTimeout().toMillis() + " ms hit on each of " + attempt + " attempts; let the sessions"
                                    + " using the table finish and run again", e.getSQLState(), e);
                        }
                        LOG.info("{}: lock_timeout on attempt {} of {}, retrying", spec.sql(), attempt, sql);
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            throw new SQLException("interrupted while waiting to retry " + sql, e.getSQLState(), e);
                        }
                        backoff *= 2;
                    }
                }
            } finally {
                try (PreparedStatement ps = conn.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
                    ps.setString(1, previous);
                    ps.executeQuery().close();
                }
            }
        }
    }

    /** Drops the index when a failed concurrent build left it behind, invalid. */
    private static void dropInvalid(Connection conn, TableRef index) throws SQLException {
        boolean invalid;
        try (PreparedStatement ps = conn.prepareStatement("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
            ps.setString(1, index.sql());
            try (ResultSet r = ps.executeQuery()) {
                invalid = r.next() && r.getBoolean(1);
            }
        }
        if (!invalid) return;
        try (Statement s = conn.createStatement()) {
            s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.sql());
        }
    }
}
