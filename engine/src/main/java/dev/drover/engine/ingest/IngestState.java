package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.target.TableRef;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored watermarks outside a run, and the history of past runs: what {@code drover state} shows, sets and
 * resets. Each call is its own statement in the caller's transaction (autocommit: committed at once). A watermark
 * set or reset while a run holds the stream is detected by that run's compare-and-set, which then fails its batch
 * rather than overwrite it. Setting or resetting a watermark leaves the history alone.
 */
public final class IngestState {
    private IngestState() {}

    /**
     * One stream's row of the state table.
     *
     * @param watermark   the JSON text of the watermark (JSON {@code null} text when it was saved as null)
     * @param committedAt when the batch (or the {@code --set}) that saved it committed
     * @param runId       the run that saved it, or null when it was set by hand
     * @param batchNo     that run's batch number, or null
     */
    public record Stored(String streamId, String targetTable, String watermark, OffsetDateTime committedAt, String runId,
                         Integer batchNo, Long rowsInserted, Long rowsUpdated, Long rowsDeleted) {}

    /** The stream's row, or empty when it has none (or there is no state table yet). */
    public static Optional<Stored> read(Connection conn, TableRef stateTable, String streamId) throws SQLException {
        if (!exists(conn, stateTable)) return Optional.empty();
        try (PreparedStatement ps = conn.prepareStatement("SELECT stream_id, target_table, high_watermark::text, committed_at, run_id::text,"
                + " batch_no, rows_inserted, rows_updated, rows_deleted FROM " + stateTable.sql() + " WHERE stream_id = ?")) {
            ps.setString(1, streamId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) return Optional.empty();
                return Optional.of(new Stored(r.getString(1), r.getString(2), r.getString(3), r.getObject(4, OffsetDateTime.class),
                        r.getString(5), (Integer) r.getObject(6), (Long) r.getObject(7), (Long) r.getObject(8), (Long) r.getObject(9)));
            }
        }
    }

    /** Sets the stream's watermark (creating the state table when missing); the next run starts after it. */
    public static void set(Connection conn, TableRef stateTable, String streamId, TableRef targetTable, JsonNode watermark)
            throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(true);
        try {
            new WatermarkStore(stateTable, streamId).ensureTable(conn);
        } finally {
            conn.setAutoCommit(auto);
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + stateTable.sql() + " AS s (stream_id, target_table,"
                + " high_watermark, run_id, batch_no, rows_inserted, rows_updated, rows_deleted, committed_at)"
                + " VALUES (?, ?, ?::jsonb, NULL, NULL, NULL, NULL, NULL, now()) ON CONFLICT (stream_id) DO UPDATE SET"
                + " target_table = excluded.target_table, high_watermark = excluded.high_watermark, run_id = NULL, batch_no = NULL,"
                + " rows_inserted = NULL, rows_updated = NULL, rows_deleted = NULL, committed_at = now()")) {
            ps.setString(1, streamId);
            ps.setString(2, targetTable.sql());
            ps.setString(3, watermark.toString());
            ps.executeUpdate();
        }
    }

    /**
     * Why {@code watermark} cannot be set for a stream whose cursor is {@code cursor}, or empty when it can: a JSON
     * array with one number or string per cursor column. What {@code drover state --set} and the wizard check.
     */
    public static Optional<String> watermarkProblem(List<String> cursor, JsonNode watermark) {
        if (watermark == null || !watermark.isArray() || watermark.size() != cursor.size()) {
            return Optional.of("the watermark of a table whose cursor is " + cursor + " is a JSON array of " + cursor.size()
                    + " values, not " + watermark);
        }
        for (JsonNode x : watermark) {
            if (!x.isNumber() && !x.isTextual()) return Optional.of("cursor values are numbers or strings, not " + x);
        }
        return Optional.empty();
    }

    /** Removes the stream's watermark: the next run starts from the beginning. Whether there was one. */
    public static boolean reset(Connection conn, TableRef stateTable, String streamId) throws SQLException {
        if (!exists(conn, stateTable)) return false;
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + stateTable.sql() + " WHERE stream_id = ?")) {
            ps.setString(1, streamId);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * One run of a stream, from {@code ingest_run} next to the state table.
     *
     * @param status         {@code running} (also a run that was killed before it could record its end), {@code ok},
     *                       {@code failed} or {@code cancelled}
     * @param finishedAt     null while running
     * @param error          the failure's message, or null
     * @param batches        batches committed; the counts are their sums
     * @param startWatermark the JSON text of the watermark the run started after ({@code null} text: the beginning)
     * @param endWatermark   the JSON text of its last committed watermark (the start one when it committed nothing)
     */
    public record Run(String runId, String streamId, OffsetDateTime startedAt, OffsetDateTime finishedAt, String status,
                      String error, int batches, long rowsRead, long rowsInserted, long rowsUpdated, long rowsUnchanged,
                      long rowsDeleted, long rowsRejected, String startWatermark, String endWatermark) {
        public boolean running() { return "running".equals(status); }
    }

    /** One committed batch of a run, from {@code ingest_batch_log}; {@code seconds} include reading the source. */
    public record BatchLog(String runId, int batchNo, String highWatermark, long rowsRead, long rowsInserted, long rowsUpdated,
                           long rowsUnchanged, long rowsDeleted, long rowsRejected, BigDecimal seconds, OffsetDateTime committedAt) {}

    /**
     * The run table next to a state table: {@code ingest_run} for {@code ingest_state}, {@code X_run} for a state
     * table named {@code X_state} or {@code X}, in the same schema. The batch log is named likewise ({@code _batch_log}).
     */
    public static TableRef runTable(TableRef stateTable) {
        return RunHistory.runTable(stateTable);
    }

    /** The stream's last {@code limit} runs, newest first; empty when there is no history yet. */
    public static List<Run> history(Connection conn, TableRef stateTable, String streamId, int limit) throws SQLException {
        TableRef runs = RunHistory.runTable(stateTable);
        List<Run> out = new ArrayList<>();
        if (limit <= 0 || !exists(conn, runs)) return out;
        try (PreparedStatement ps = conn.prepareStatement("SELECT run_id::text, stream_id, started_at, finished_at, status, error,"
                + " batches, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted, rows_rejected,"
                + " start_watermark::text, end_watermark::text FROM " + runs.sql()
                + " WHERE stream_id = ? ORDER BY started_at DESC, run_id LIMIT ?")) {
            ps.setString(1, streamId);
            ps.setInt(2, limit);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new Run(r.getString(1), r.getString(2), r.getObject(3, OffsetDateTime.class), r.getObject(4, OffsetDateTime.class),
                            r.getString(5), r.getString(6), r.getInt(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11),
                            r.getLong(12), r.getLong(13), r.getString(14), r.getString(15)));
                }
            }
        }
        return out;
    }

    /** The committed batches of a run, in order. */
    public static List<BatchLog> batches(Connection conn, TableRef stateTable, String runId) throws SQLException {
        TableRef log = RunHistory.batchLogTable(stateTable);
        List<BatchLog> out = new ArrayList<>();
        if (!exists(conn, log)) return out;
        try (PreparedStatement ps = conn.prepareStatement("SELECT run_id::text, batch_no, high_watermark::text, rows_read, rows_inserted,"
                + " rows_updated, rows_unchanged, rows_deleted, rows_rejected, seconds, committed_at FROM " + log.sql()
                + " WHERE run_id = ?::uuid ORDER BY batch_no")) {
            ps.setString(1, runId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new BatchLog(r.getString(1), r.getInt(2), r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6),
                            r.getLong(7), r.getLong(8), r.getLong(9), r.getBigDecimal(10), r.getObject(11, OffsetDateTime.class)));
                }
            }
        }
        return out;
    }

    private static boolean exists(Connection conn, TableRef table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table.sql());
            try (ResultSet r = ps.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
