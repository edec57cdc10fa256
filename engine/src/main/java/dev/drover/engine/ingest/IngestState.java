package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The stored watermarks outside a run: what {@code drover state} shows, sets and resets. Each call is its own
 * statement in the caller's transaction (autocommit: committed at once). A watermark set or reset while a run holds
 * the stream is detected by that run's compare-and-set, which then fails its batch rather than overwrite it.
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

    /** Removes the stream's watermark: the next run starts from the beginning. Whether there was one. */
    public static boolean reset(Connection conn, TableRef stateTable, String streamId) throws SQLException {
        if (!exists(conn, stateTable)) return false;
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + stateTable.sql() + " WHERE stream_id = ?")) {
            ps.setString(1, streamId);
            return ps.executeUpdate() > 0;
        }
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
