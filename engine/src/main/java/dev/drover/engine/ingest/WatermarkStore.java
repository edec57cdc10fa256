package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Watermarks in a state table (reference §7.4), one row per stream, written in the batch's transaction so
 * the watermark moves if and only if the batch commits. Unlike pg-bulk-ingest's table comment it needs no
 * table ownership, takes no SHARE UPDATE EXCLUSIVE lock on the target, allows several streams per table,
 * and records which run and batch moved it. The write is a compare-and-set on the row as this run last
 * saw it, so a runner that lost its advisory lock cannot overwrite a newer watermark.
 * When a stream has no row yet, a pg-bulk-ingest watermark in the first table's comment is taken over
 * (reference §8.5).
 */
final class WatermarkStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableRef table;
    private final String streamId;
    private final UUID runId = UUID.randomUUID();
    /** The row as last seen: exists, run id, batch number. */
    private boolean exists;
    private String seenRunId;
    private Integer seenBatch;
    private JsonNode stored = NullNode.getInstance();

    WatermarkStore(TableRef table, String streamId) {
        this.table = table;
        this.streamId = streamId;
    }

    /** Creates the state table when missing, in its own committed transaction (the caller is in autocommit). */
    void ensureTable(Connection conn) throws SQLException {
        String ddl = "CREATE TABLE IF NOT EXISTS " + table.sql() + " (stream_id text PRIMARY KEY, target_table text NOT NULL,"
                + " high_watermark jsonb, run_id uuid, batch_no integer, rows_inserted bigint, rows_updated bigint,"
                + " rows_deleted bigint, committed_at timestamptz NOT NULL DEFAULT now())";
        if (!schemaExists(conn)) createIfMissing(conn, "CREATE SCHEMA IF NOT EXISTS " + TableRef.quote(table.schema()));
        createIfMissing(conn, ddl);
    }

    /**
     * Runs a {@code CREATE ... IF NOT EXISTS} in autocommit. Two runners creating the same object at the same moment:
     * one loses on the catalog's unique index (IF NOT EXISTS does not cover that), and a second try finds it there.
     */
    static void createIfMissing(Connection conn, String ddl) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Statement s = conn.createStatement()) {
                s.execute(ddl);
                return;
            } catch (SQLException e) {
                boolean race = "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState()) || "42P06".equals(e.getSQLState());
                if (!race || attempt > 0) throw e;
            }
        }
    }

    private boolean schemaExists(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, table.schema());
            try (ResultSet r = ps.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Reads the stored watermark (JSON null when there is none) and remembers the row for the compare-and-set. */
    JsonNode read(Connection conn, TableSpec first) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT high_watermark::text, run_id::text, batch_no FROM "
                + table.sql() + " WHERE stream_id = ?")) {
            ps.setString(1, streamId);
            try (ResultSet r = ps.executeQuery()) {
                if (r.next()) {
                    exists = true;
                    stored = parse(r.getString(1));
                    seenRunId = r.getString(2);
                    seenBatch = (Integer) r.getObject(3);
                    return stored;
                }
            }
        }
        stored = pgBulkIngestComment(conn, first);
        return stored;
    }

    private static JsonNode pgBulkIngestComment(Connection conn, TableSpec first) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT obj_description(c.oid, 'pg_class') FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, first.schema());
            ps.setString(2, first.name());
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next() || r.getString(1) == null) return NullNode.getInstance();
                JsonNode comment = JSON.readTree(r.getString(1));
                JsonNode wm = comment == null ? null : comment.path("pg-bulk-ingest").get("high-watermark");
                return wm == null ? NullNode.getInstance() : wm;
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                return NullNode.getInstance(); // an ordinary comment: no watermark, and it is left alone
            }
        }
    }

    private static JsonNode parse(String text) {
        if (text == null) return NullNode.getInstance();
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("jsonb that is not JSON: " + text, e);
        }
    }

    /**
     * Saves the watermark of batch {@code batchNo} in the current transaction.
     *
     * @throws IngestException when another run moved the row since this run read or wrote it
     */
    void write(Connection conn, TableSpec first, JsonNode watermark, int batchNo, long inserted, long updated, long deleted)
            throws SQLException, IngestException {
        String sql = "INSERT INTO " + table.sql() + " AS s (stream_id, target_table, high_watermark, run_id, batch_no,"
                + " rows_inserted, rows_updated, rows_deleted, committed_at) VALUES (?, ?, ?::jsonb, ?::uuid, ?, ?, ?, ?, now())"
                + " ON CONFLICT (stream_id) DO UPDATE SET target_table = excluded.target_table,"
                + " high_watermark = excluded.high_watermark, run_id = excluded.run_id, batch_no = excluded.batch_no,"
                + " rows_inserted = excluded.rows_inserted, rows_updated = excluded.rows_updated,"
                + " rows_deleted = excluded.rows_deleted, committed_at = excluded.committed_at"
                + " WHERE ? AND s.run_id IS NOT DISTINCT FROM ?::uuid AND s.batch_no IS NOT DISTINCT FROM ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, streamId);
            ps.setString(2, first.sql());
            ps.setString(3, watermark.toString());
            ps.setString(4, runId.toString());
            ps.setInt(5, batchNo);
            ps.setLong(6, inserted);
            ps.setLong(7, updated);
            ps.setLong(8, deleted);
            ps.setBoolean(9, exists);
            ps.setString(10, seenRunId);
            if (seenBatch != null) ps.setInt(11, seenBatch);
            else ps.setNull(11, java.sql.Types.INTEGER);
            if (ps.executeUpdate() != 1) {
                throw new IngestException("the watermark of stream " + streamId + " in " + table.sql()
                        + " was changed by another run while this one was loading; this batch is rolled back");
            }
        }
    }

    /** After the batch committed: the row now is this run's. */
    void committed(JsonNode watermark, int batchNo) {
        exists = true;
        seenRunId = runId.toString();
        seenBatch = batchNo;
        stored = watermark;
    }

    JsonNode stored() { return stored; }

    UUID runId() { return runId; }

    String streamId() { return streamId; }
}
