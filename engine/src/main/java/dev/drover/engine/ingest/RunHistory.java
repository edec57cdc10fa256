package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run history next to the state table (reference §7.4): one row per run in {@code ingest_run}, inserted
 * as {@code running} when the run starts and closed when it ends, and one row per committed batch in
 * {@code ingest_batch_log}. The batch's row and the run's running totals are written in the batch's own
 * transaction, like the watermark, so the history shows a batch if and only if it committed, and a run
 * killed hard keeps the totals of what it committed (its status stays {@code running}).
 */
final class RunHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

    private final TableRef runs;
    private final TableRef batches;
    private final String streamId;
    private final UUID runId;

    RunHistory(TableRef stateTable, String streamId, UUID runId) {
        this.runs = runTable(stateTable);
        this.batches = batchLogTable(stateTable);
        this.streamId = streamId;
        this.runId = runId;
    }

    /**
     * {@code ingest_run} for the default {@code ingest_state}; for another state table named {@code X_state}
     * it is {@code X_run}, and for any other name {@code X}, {@code X_run}. Same schema.
     */
    static TableRef runTable(TableRef stateTable) {
        return new TableRef(stateTable.schema(), stem(stateTable) + "_run");
    }

    /** {@code ingest_batch_log}, named from the state table as {@link #runTable}. */
    static TableRef batchLogTable(TableRef stateTable) {
        return new TableRef(stateTable.schema(), stem(stateTable) + "_batch_log");
    }

    private static String stem(TableRef stateTable) {
        String n = stateTable.name();
        return n.endsWith("_state") && n.length() > "_state".length() ? n.substring(0, n.length() - "_state".length()) : n;
    }

    /** Creates both tables when missing; the caller is in autocommit and the schema exists (the state table's). */
    void ensureTables(Connection conn) throws SQLException {
        String counts = "rows_read bigint NOT NULL DEFAULT 0, rows_inserted bigint NOT NULL DEFAULT 0, rows_updated bigint NOT NULL DEFAULT 0,"
                + " rows_unchanged bigint NOT NULL DEFAULT 0, rows_deleted bigint NOT NULL DEFAULT 0, rows_rejected bigint NOT NULL DEFAULT 0";
        WatermarkStore.createIfMissing(conn, "CREATE TABLE IF NOT EXISTS " + runs.sql() + " (run_id uuid PRIMARY KEY, stream_id text NOT NULL,"
                + " started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, status text NOT NULL, error text,"
                + " batches integer NOT NULL DEFAULT 0, " + counts + ", start_watermark jsonb, end_watermark jsonb)");
        WatermarkStore.createIfMissing(conn, "CREATE TABLE IF NOT EXISTS " + batches.sql() + " (run_id uuid NOT NULL, stream_id text NOT NULL,"
                + " batch_no integer NOT NULL, high_watermark jsonb, " + counts + ", seconds numeric,"
                + " committed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, batch_no))");
    }


    /** The run's {@code running} row, committed at once (autocommit) so that it shows while the run goes on. */
    void started(Connection conn, JsonNode startWatermark) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + runs.sql() + " (run_id, stream_id, started_at, status,"
                + " start_watermark, end_watermark) VALUES (?::uuid, ?, clock_timestamp(), 'running', ?::jsonb, ?::jsonb)")) {
            ps.setString(1, runId.toString());
            ps.setString(2, streamId);
            ps.setString(3, startWatermark.toString());
            ps.setString(4, startWatermark.toString());
            ps.executeUpdate();
        }
    }

    /**
     * In the batch's transaction, after its watermark: the batch's row and the run's totals, in one statement.
     *
     * @param seconds from the end of the previous batch (or the start of the run), so reading the source counts
     */
    void batch(Connection conn, int batchNo, JsonNode watermark, List<IngestResult.TableCounts> counts, double seconds)
            throws SQLException {
        IngestResult.TableCounts t = new IngestResult.TableCounts(null, 0, 0, 0, 0, 0, 0);
        for (IngestResult.TableCounts c : counts) t = t.plus(c);
        try (PreparedStatement ps = conn.prepareStatement("WITH b AS (INSERT INTO " + batches.sql() + " (run_id, stream_id, batch_no,"
                + " high_watermark, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted, rows_rejected, seconds)"
                + " VALUES (?::uuid, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, round(?::numeric, 3)) RETURNING *)"
                + " UPDATE " + runs.sql() + " r SET batches = r.batches + 1, rows_read = r.rows_read + b.rows_read,"
                + " rows_inserted = r.rows_inserted + b.rows_inserted, rows_updated = r.rows_updated + b.rows_updated,"
                + " rows_unchanged = r.rows_unchanged + b.rows_unchanged, rows_deleted = r.rows_deleted + b.rows_deleted,"
                + " rows_rejected = r.rows_rejected + b.rows_rejected, end_watermark = b.high_watermark FROM b WHERE r.run_id = b.run_id")) {
            ps.setString(1, runId.toString());
            ps.setString(2, streamId);
            ps.setInt(3, batchNo);
            ps.setString(4, watermark.toString());
            ps.setLong(5, t.rowsRead());
            ps.setLong(6, t.inserted());
            ps.setLong(7, t.updated());
            ps.setLong(8, t.unchanged());
            ps.setLong(9, t.deleted());
            ps.setLong(10, t.rejected());
            ps.setDouble(11, seconds);
            ps.executeUpdate();
        }
    }

    /**
     * Closes the run's row: {@code ok} without a failure, {@code cancelled} when the caller asked the run to stop or the
     * thread was interrupted, else
     * {@code failed} with the error's message. Its own autocommit statement after the rollback; a failure here is
     * only logged, so it never hides the run's own outcome (the row then stays {@code running}).
     */
    void finished(Connection conn, Throwable failure, boolean stopRequested) {
        String status = failure == null ? (stopRequested ? "cancelled" : "ok") : interrupted(failure) ? "cancelled" : "failed";
        String error = failure == null ? null : failure.getMessage() != null ? failure.getMessage() : failure.toString();
        try {
            conn.setAutoCommit(true);
            try (PreparedStatement ps = conn.prepareStatement("UPDATE " + runs.sql() + " SET finished_at = clock_timestamp(),"
                    + " status = ?, error = ? WHERE run_id = ?::uuid")) {
                ps.setString(1, status);
                ps.setString(2, error);
                ps.setString(3, runId.toString());
                ps.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not record the end ({}) of run {} in {}: {}", status, runId, runs.sql(), e.getMessage());
        }
    }

    private static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) return true;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) return true;
        }
        return false;
    }
}
