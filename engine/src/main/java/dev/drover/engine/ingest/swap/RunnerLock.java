package dev.drover.engine.ingest.swap;

import dev.drover.engine.target.TableRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One runner per table (reference §7.2): a session-level advisory lock on a stable 64-bit key derived from
 * {@code drover:<database>:"schema"."table"}. Take it on a dedicated connection kept open for the whole run (not
 * the batch connection, whose transactions come and go); {@link #close()} releases it, and so does closing that
 * connection. Session-level advisory locks do not survive transaction-pooling proxies such as PgBouncer in
 * transaction mode: use a direct connection.
 */
public final class RunnerLock implements AutoCloseable {
    private final Connection connection;
    private final TableRef table;
    private final long key;
    private boolean held = true;

    private RunnerLock(Connection connection, TableRef table, long key) {
        this.connection = connection;
        this.table = table;
        this.key = key;
    }

    /**
     * Takes the lock or fails at once with SQLSTATE 55P03 and a message naming the session that holds it.
     * A table without a schema is resolved with {@code current_schema()}, so {@code t} and {@code public.t}
     * are the same lock.
     */
    public static RunnerLock acquire(Connection second, TableRef table) throws SQLException {
        String schema = table.schema() != null ? table.schema() : SwapCatalog.string(second, "SELECT current_schema()");
        TableRef q = new TableRef(schema, table.name());
        String database = SwapCatalog.string(second, "SELECT current_database()");
        long key = key(database, q);
        if (!"true".equals(SwapCatalog.string(second, "SELECT pg_try_advisory_lock(?)::text", key))) {
            // A bigint advisory key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
            List<Object[]> holders = SwapCatalog.rows(second, """
                    SELECT a.pid, a.application_name, a.backend_start, a.client_addr::text
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                      AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid
                      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """, key >>> 32, key & 0xffffffffL);
            String who = holders.isEmpty() ? "a session that has just let go; try again"
                    : "pid " + holders.get(0)[0] + " (application_name '" + holders.get(0)[1] + "', connected since "
                    + holders.get(0)[2] + (holders.get(0)[3] == null ? "" : ", from " + holders.get(0)[3]) + ")";
            throw new SQLException("another Drover run is working on table " + q.display() + ": the runner lock (advisory lock "
                    + key + ") is held by " + who + ". Wait for that run to finish, or stop it, then run again.", "55P03");
        }
        return new RunnerLock(second, q, key);
    }

    /** The advisory lock key: the first 8 bytes of SHA-256 over {@code drover:<database>:<quoted qualified name>}. */
    static long key(String database, TableRef qualified) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("drover:" + database + ":" + qualified.sql()).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (h[i] & 0xff);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public TableRef table() {
        return table;
    }

    public long key() {
        return key;
    }

    @Override
    public void close() throws SQLException {
        if (!held || connection.isClosed()) return;
        held = false;
        SwapCatalog.string(connection, "SELECT pg_advisory_unlock(?)::text", key);
    }
}
