package dev.drover.engine.ingest;

import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Rows refused for their key, kept in the target database (reference §7.8) rather than in reject files:
 * written in the batch's transaction, they appear exactly when the batch commits and vanish with it when it
 * rolls back, which files cannot do. One set-based statement per table and batch decides, inserts and
 * rejects; the row is kept as JSON ({@code to_jsonb}) with its position among the table's rows in the batch.
 */
final class RejectTable {
    record Outcome(long inserted, long rejected) {}

    /** {@link BadRows#toRejectTable()}: stands for this run's reject table, which the loader writes to itself. */
    static final BadRows SINK = new BadRows() {
        @Override
        public void reject(Connection conn, BadRow row) {
            throw new IllegalStateException("BadRows.toRejectTable() is written by the ingest run itself");
        }

        @Override
        public String toString() {
            return "BadRows.toRejectTable()";
        }
    };
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Rows refused by {@link IngestOptions#onBadRow()} in this run so far, for {@link IngestOptions#maxRejectedRows()}. */
    long badRows;

    private final TableRef table;
    private final String streamId;
    private final UUID runId;

    RejectTable(TableRef table, String streamId, UUID runId) {
        this.table = table;
        this.streamId = streamId;
        this.runId = runId;
    }

    TableRef table() { return table; }

    /** Creates the table when missing; the caller is in autocommit and the schema exists (the state table's). */
    void ensureTable(Connection conn) throws SQLException {
        String ddl = "CREATE TABLE IF NOT EXISTS " + table.sql() + " (stream_id text NOT NULL, target_table text NOT NULL,"
                + " run_id uuid NOT NULL, batch_no integer NOT NULL, row_no bigint NOT NULL, sqlstate text NOT NULL,"
                + " message text NOT NULL, detail text, row_data jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())";
        WatermarkStore.createIfMissing(conn, ddl);
    }

    /**
     * With {@link BadRows#toRejectTable()}: the table, plus the columns a refused row needs ({@code stage},
     * {@code source_position}, {@code column_name}), added only when missing so that no lock is taken otherwise.
     */
    void ensureBadRowColumns(Connection conn) throws SQLException {
        ensureTable(conn);
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname IN ('stage', 'source_position', 'column_name') AND NOT attisdropped")) {
            ps.setString(1, table.sql());
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                if (r.getInt(1) == 3) return;
            }
        }
        try (Statement s = conn.createStatement()) {
            s.execute("ALTER TABLE " + table.sql() + " ADD COLUMN IF NOT EXISTS stage text, ADD COLUMN IF NOT EXISTS source_position text,"
                    + " ADD COLUMN IF NOT EXISTS column_name text");
        }
    }

    /** One refused row, in the batch's transaction; its values as a JSON object by column name. */
    void insertBad(Connection conn, TableSpec t, BadRows.BadRow r) throws SQLException {
        com.fasterxml.jackson.databind.node.ObjectNode data = JSON.createObjectNode();
        for (int i = 0; i < t.columns().size() && i < r.values().length; i++) {
            Object v = r.values()[i];
            if (v instanceof BadValue b) v = b.original();
            String name = t.columns().get(i).name();
            if (v == null) data.putNull(name);
            else if (v instanceof Boolean b) data.put(name, b);
            else if (v instanceof Long || v instanceof Integer || v instanceof Short) data.put(name, ((Number) v).longValue());
            else if (v instanceof java.math.BigDecimal d) data.put(name, d);
            else if (v instanceof byte[] b) data.put(name, "\\x" + java.util.HexFormat.of().formatHex(b));
            else data.put(name, v.toString().replace("\u0000", "\\u0000")); // jsonb cannot hold NUL
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + table.sql() + " (stream_id, target_table, run_id, batch_no,"
                + " row_no, sqlstate, message, detail, row_data, stage, source_position, column_name)"
                + " VALUES (?, ?, ?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            ps.setString(1, streamId);
            ps.setString(2, t.sql());
            ps.setString(3, runId.toString());
            ps.setInt(4, r.batchNo());
            ps.setLong(5, r.rowNo());
            ps.setString(6, r.sqlState() == null ? "22000" : r.sqlState());
            ps.setString(7, r.message().replace("\u0000", "\\u0000"));
            ps.setString(8, r.detail() == null ? null : r.detail().replace("\u0000", "\\u0000"));
            ps.setString(9, data.toString());
            ps.setString(10, r.stage().name().toLowerCase(java.util.Locale.ROOT));
            ps.setString(11, r.position() == null ? null : r.position().toString());
            ps.setString(12, r.column());
            ps.executeUpdate();
        }
    }

    /**
     * Moves the staged rows into the target ({@code into}: the table, or its shadow during a rebuild): the first row of each key that is neither NULL nor already in
     * the table is inserted, every other row is rejected with the reason PostgreSQL would give.
     * {@code rowColumn}, when not null, holds the row's number in the batch (else the sequence number stands for it).
     */
    Outcome insertOrReject(Connection conn, TableSpec t, TableRef into, String stage, String seqColumn, String rowColumn, int batchNo)
            throws SQLException {
        Set<String> taken = new HashSet<>();
        t.columns().forEach(c -> taken.add(c.name()));
        taken.add(seqColumn);
        if (rowColumn != null) taken.add(rowColumn);
        String rank = unused("drover_rank", taken), exists = unused("drover_exists", taken);
        String state = TableRef.quote(unused("drover_sqlstate", taken)), message = TableRef.quote(unused("drover_message", taken)),
                detail = TableRef.quote(unused("drover_detail", taken));
        String cols = TargetTables.columnList(t.columns().stream().map(TableSpec.Column::name).toList());
        String key = TargetTables.columnList(t.primaryKey());
        StringBuilder match = new StringBuilder(), anyNull = new StringBuilder(), keyText = new StringBuilder();
        for (String k : t.primaryKey()) {
            String q = TableRef.quote(k);
            if (!match.isEmpty()) {
                match.append(" AND ");
                anyNull.append(" OR ");
                keyText.append(", ");
            }
            match.append("t.").append(q).append(" = s0.").append(q);
            anyNull.append("s.").append(q).append(" IS NULL");
            keyText.append("coalesce(s.").append(q).append("::text, 'null')");
        }
        String keyLabel = "(" + key.replace("'", "''") + ")=(";
        String q = "WITH s AS (SELECT s0.*, row_number() OVER (PARTITION BY " + key + " ORDER BY s0." + TableRef.quote(seqColumn) + ") AS "
                + TableRef.quote(rank) + ", EXISTS (SELECT 1 FROM " + into.sql() + " t WHERE " + match + ") AS " + TableRef.quote(exists)
                + " FROM " + stage + " s0),"
                + " bad AS (SELECT s.*, CASE WHEN " + anyNull + " THEN '23502' ELSE '23505' END AS " + state + ","
                + " CASE WHEN " + anyNull + " THEN 'null value in primary key column'"
                + " WHEN s." + TableRef.quote(exists) + " THEN 'duplicate key value: the key is already in the table'"
                + " ELSE 'duplicate key value: the key appears earlier in the batch, whose first row was kept' END AS " + message + ","
                + " 'Key ' || '" + keyLabel + "' || concat_ws(', ', " + keyText + ") || ')' AS " + detail
                + " FROM s WHERE " + anyNull + " OR s." + TableRef.quote(exists) + " OR s." + TableRef.quote(rank) + " > 1),"
                + " rej AS (INSERT INTO " + table.sql() + " (stream_id, target_table, run_id, batch_no, row_no, sqlstate, message, detail, row_data)"
                + " SELECT ?, ?, ?::uuid, ?, b." + TableRef.quote(rowColumn == null ? seqColumn : rowColumn) + ", b." + state + ", b." + message + ", b." + detail + ","
                + " (SELECT to_jsonb(r) FROM (SELECT " + prefixed("b", t) + ") r) FROM bad b RETURNING 1),"
                + " ins AS (INSERT INTO " + into.sql() + " (" + cols + ") SELECT " + cols + " FROM s"
                + " WHERE NOT (" + anyNull + " OR s." + TableRef.quote(exists) + " OR s." + TableRef.quote(rank) + " > 1)"
                + " ORDER BY s." + TableRef.quote(seqColumn) + " RETURNING 1)"
                + " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM rej)";
        try (PreparedStatement ps = conn.prepareStatement(q)) {
            ps.setString(1, streamId);
            ps.setString(2, t.sql());
            ps.setString(3, runId.toString());
            ps.setInt(4, batchNo);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return new Outcome(r.getLong(1), r.getLong(2));
            }
        }
    }

    private static String prefixed(String alias, TableSpec t) {
        StringBuilder sb = new StringBuilder();
        for (TableSpec.Column c : t.columns()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(alias).append('.').append(TableRef.quote(c.name()));
        }
        return sb.toString();
    }

    private static String unused(String name, Set<String> taken) {
        while (taken.contains(name)) name = "_" + name;
        taken.add(name);
        return name;
    }
}
