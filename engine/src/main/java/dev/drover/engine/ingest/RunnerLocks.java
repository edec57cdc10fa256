package dev.drover.engine.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One runner per table (reference §7.2): a session-level advisory lock per target table, keyed by a 64-bit
 * hash of {@code drover:ingest:<database>:<quoted table>}, taken with {@code pg_try_advisory_lock} so a second
 * runner fails at once instead of queueing. Session-level locks ignore transaction boundaries, so they hold
 * across the batch commits and rollbacks of the run. They do not work through a transaction-pooling proxy.
 */
final class RunnerLocks implements AutoCloseable {
    private static final String KEY = "hashtextextended('drover:ingest:' || current_database() || ':' || ?, 0)";

    private final Connection conn;
    private final boolean ownsConnection;
    private final List<String> held = new ArrayList<>();

    private RunnerLocks(Connection conn, boolean ownsConnection) {
        this.conn = conn;
        this.ownsConnection = ownsConnection;
    }

    /** Locks every table or none; the message names the table and the session holding it. */
    static RunnerLocks acquire(Connection conn, boolean ownsConnection, List<TableSpec> tables) throws SQLException, IngestException {
        RunnerLocks locks = new RunnerLocks(conn, ownsConnection);
        try {
            for (TableSpec t : tables) {
                String name = t.sql();
                try (PreparedStatement ps = conn.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                    ps.setString(1, name);
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        if (!r.getBoolean(1)) {
                            throw new IngestException("another ingest run holds table " + name + holder(conn, name)
                                    + "; wait for it to finish, or stop it, then run again");
                        }
                    }
                }
                locks.held.add(name);
            }
            return locks;
        } catch (SQLException | IngestException | RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    private static String holder(Connection conn, String name) throws SQLException {
        String sql = "SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), a.backend_start FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = "
                + " (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = " + KEY + " LIMIT 1";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) return "";
                return " (session pid " + r.getInt(1) + ", application " + r.getString(2) + ", connected " + r.getString(3) + ")";
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!ownsConnection) {
                for (String name : held) {
                    try (PreparedStatement ps = conn.prepareStatement("SELECT pg_advisory_unlock(" + KEY + ")")) {
                        ps.setString(1, name);
                        ps.execute();
                    }
                }
            }
        } finally {
            held.clear();
            if (ownsConnection) conn.close(); // ending the session releases its locks
        }
    }
}
