package dev.drover.engine.ingest;

import dev.drover.engine.ingest.swap.SwapOptions;
import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Options of one run; {@link #defaults()} are pg-bulk-ingest's defaults. Build with {@link #builder()}.
 *
 * @param maxRowsPerTableBuffer rows held in memory per table while another table's COPY is open; memory is
 *                              bounded by this, never by the size of a batch
 * @param stateTable            the table holding the watermarks (created when missing); the run history goes next to
 *                              it, in {@code ingest_run} and {@code ingest_batch_log} (for a state table named
 *                              {@code X_state} or {@code X}: {@code X_run} and {@code X_batch_log})
 * @param streamId              the key of this run's watermark in {@code stateTable}; null means the first
 *                              table's quoted qualified name
 * @param onKeyConflict         without upsert, what a row whose key exists does: fail the batch (the default, as
 *                              pg-bulk-ingest) or go to the reject table {@code ingest_reject} next to the state table
 * @param lockConnection        opens the second connection that holds the per-table advisory locks for the
 *                              run; null holds them on the run's own connection (session level, which
 *                              survives the batch commits and rollbacks just as well)
 * @param migration             an existing table that differs from its spec: migrated ({@link Migration#AUTO},
 *                              the default) or a failed run ({@link Migration#FAIL})
 * @param lockWaits             lock_timeout, retries and backoff of the migration's DDL and swap; by default
 *                              {@link SwapOptions#DEFAULTS}
 * @param onBadRow              null (the default): a row that cannot be stored fails its batch, as in pg-bulk-ingest.
 *                              Otherwise each such row (a value Drover cannot encode, one PostgreSQL's COPY refuses,
 *                              NULL in a NOT NULL or key column) is handed to this sink and left out, and the rest of
 *                              the batch commits; see {@link BadRows}. The fast path stays one COPY per table with a
 *                              savepoint per {@code maxRowsPerTableBuffer} rows, whose rows are kept to be sent again
 *                              if one of them is refused.
 * @param stopRequested         whether the caller asked the run to stop (its source then ends early): the run's history
 *                              row says {@code cancelled} rather than {@code ok}; by default never
 * @param maxRejectedRows       with {@code onBadRow}: the most rows a run may refuse; the batch whose reject goes past
 *                              it fails (rolled back, watermark kept). Unlimited by default
 */
public record IngestOptions(HighWatermark highWatermark, Visibility visibility, Upsert upsert, Delete delete,
                            int maxRowsPerTableBuffer, BeforeVisible onBeforeVisible, TableRef stateTable,
                            String streamId, KeyConflict onKeyConflict, ConnectionOpener lockConnection,
                            Migration migration, SwapOptions lockWaits, BadRows onBadRow, long maxRejectedRows,
                            java.util.function.BooleanSupplier stopRequested) {

    public static final TableRef DEFAULT_STATE_TABLE = new TableRef("drover", "ingest_state");

    /** Called once per table per batch, inside the batch transaction, after loading and before the commit. */
    @FunctionalInterface
    public interface BeforeVisible {
        /** Throw to roll the batch back (the run then fails with that exception as the cause). */
        void beforeVisible(Connection conn, TableRef ingestTable, Object batchMetadata) throws Exception;
    }

    @FunctionalInterface
    public interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    public IngestOptions {
        Objects.requireNonNull(highWatermark, "highWatermark");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(upsert, "upsert");
        Objects.requireNonNull(delete, "delete");
        Objects.requireNonNull(onBeforeVisible, "onBeforeVisible");
        Objects.requireNonNull(stateTable, "stateTable");
        Objects.requireNonNull(onKeyConflict, "onKeyConflict");
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(lockWaits, "lockWaits");
        if (stateTable.schema() == null) throw new IllegalArgumentException("the state table needs a schema: " + stateTable.display());
        if (maxRowsPerTableBuffer < 1) throw new IllegalArgumentException("maxRowsPerTableBuffer must be at least 1");
        stopRequested = stopRequested == null ? () -> false : stopRequested;
        if (maxRejectedRows < 0) throw new IllegalArgumentException("maxRejectedRows cannot be negative");
    }

    public static IngestOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.highWatermark = highWatermark;
        b.visibility = visibility;
        b.upsert = upsert;
        b.delete = delete;
        b.maxRowsPerTableBuffer = maxRowsPerTableBuffer;
        b.onBeforeVisible = onBeforeVisible;
        b.stateTable = stateTable;
        b.streamId = streamId;
        b.onKeyConflict = onKeyConflict;
        b.lockConnection = lockConnection;
        b.migration = migration;
        b.lockWaits = lockWaits;
        b.onBadRow = onBadRow;
        b.maxRejectedRows = maxRejectedRows;
        b.stopRequested = stopRequested;
        return b;
    }

    public static final class Builder {
        private HighWatermark highWatermark = HighWatermark.LATEST;
        private Visibility visibility = Visibility.AFTER_EACH_BATCH;
        private Upsert upsert = Upsert.IF_PRIMARY_KEY;
        private Delete delete = Delete.OFF;
        private int maxRowsPerTableBuffer = 10_000;
        private BeforeVisible onBeforeVisible = (c, t, m) -> { };
        private TableRef stateTable = DEFAULT_STATE_TABLE;
        private String streamId;
        private KeyConflict onKeyConflict = KeyConflict.FAIL_BATCH;
        private ConnectionOpener lockConnection;
        private Migration migration = Migration.AUTO;
        private SwapOptions lockWaits = SwapOptions.DEFAULTS;
        private BadRows onBadRow;
        private long maxRejectedRows = Long.MAX_VALUE;
        private java.util.function.BooleanSupplier stopRequested;

        private Builder() {}

        public Builder highWatermark(HighWatermark v) { highWatermark = v; return this; }
        public Builder visibility(Visibility v) { visibility = v; return this; }
        public Builder upsert(Upsert v) { upsert = v; return this; }
        public Builder delete(Delete v) { delete = v; return this; }
        public Builder maxRowsPerTableBuffer(int v) { maxRowsPerTableBuffer = v; return this; }
        public Builder onBeforeVisible(BeforeVisible v) { onBeforeVisible = v; return this; }
        public Builder stateTable(TableRef v) { stateTable = v; return this; }
        public Builder streamId(String v) { streamId = v; return this; }
        public Builder onKeyConflict(KeyConflict v) { onKeyConflict = v; return this; }
        public Builder lockConnection(ConnectionOpener v) { lockConnection = v; return this; }
        public Builder migration(Migration v) { migration = v; return this; }
        public Builder lockWaits(SwapOptions v) { lockWaits = v; return this; }
        /** Refused rows go to {@code v} instead of failing their batch; null fails the batch (the default). */
        public Builder onBadRow(BadRows v) { onBadRow = v; return this; }
        public Builder maxRejectedRows(long v) { maxRejectedRows = v; return this; }
        public Builder stopRequested(java.util.function.BooleanSupplier v) { stopRequested = v; return this; }

        public IngestOptions build() {
            return new IngestOptions(highWatermark, visibility, upsert, delete, maxRowsPerTableBuffer, onBeforeVisible,
                    stateTable, streamId, onKeyConflict, lockConnection, migration, lockWaits, onBadRow, maxRejectedRows,
                    stopRequested);
        }
    }
}
