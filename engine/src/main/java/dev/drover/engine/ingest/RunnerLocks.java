package dev.drover.engine.ingest;

import dev.drover.engine.ingest.swap.RunnerLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner locks of all the tables of an ingest run (reference §7.2): every table's {@link RunnerLock}, the one key
 * every Drover runner takes for a table, so an ingest run, a plan re-run and a table swap keep off each other.
 * Session-level locks hold across the batch commits and rollbacks of the run; they do not work through a
 * transaction-pooling proxy.
 */
final class RunnerLocks implements AutoCloseable {
    private final Connection conn;
    private final boolean ownsConnection;
    private final List<RunnerLock> held = new ArrayList<>();

    private RunnerLocks(Connection conn, boolean ownsConnection) {
        this.conn = conn;
        this.ownsConnection = ownsConnection;
    }

    /** Locks every table or none; the message names the table and the session holding it. */
    static RunnerLocks acquire(Connection conn, boolean ownsConnection, List<TableSpec> tables) throws SQLException, IngestException {
        RunnerLocks locks = new RunnerLocks(conn, ownsConnection);
        try {
            for (TableSpec t : tables) {
                try {
                    locks.held.add(RunnerLock.acquire(conn, t.ref()));
                } catch (SQLException e) {
                    if (!"55P03".equals(e.getSQLState())) throw e;
                    throw new IngestException(e.getMessage(), "55P03", null);
                }
            }
            return locks;
        } catch (SQLException | IngestException | RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!ownsConnection) {
                for (RunnerLock l : held) l.close();
            }
        } finally {
            held.clear();
            if (ownsConnection) conn.close(); // ending the session releases its locks
        }
    }
}
