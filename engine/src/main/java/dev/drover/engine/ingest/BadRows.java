package dev.drover.engine.ingest;

import dev.drover.engine.target.TableRef;

import java.sql.Connection;

/**
 * Where the rows of a batch go that cannot be stored (reference §7.8), when {@link IngestOptions#onBadRow()} is set:
 * instead of failing the whole batch, each such row is handed here and left out, and the rest of the batch commits.
 * Rows are handed over inside the batch's transaction, before it commits; a batch that rolls back afterwards (a later
 * failure, {@link IngestOptions#maxRejectedRows()} exceeded) takes its rejects with it only if the sink wrote them in
 * that transaction, as {@link #toRejectTable()} does. Sinks that write elsewhere learn of each commit through
 * {@link #batchCommitted(int)}.
 */
public interface BadRows {

    /** Which step refused the row. */
    enum Stage {
        /**
         * Drover's own checks before the row reaches the server: a value it cannot encode, a {@link BadValue} the source
         * put in its place, NULL in a NOT NULL or primary key column.
         */
        ENCODE,
        /** PostgreSQL's COPY: a value its type does not accept (SQLSTATE class 22), or a CHECK it fails. */
        COPY
    }

    /**
     * A refused row.
     *
     * @param table    the target table
     * @param batchNo  the batch (1-based) of this run
     * @param rowNo    the row's position among the table's rows in the batch (1-based)
     * @param values   the row's values as the source gave them
     * @param position the source position the source attached to the row ({@link TableRow#position()}), or null
     * @param stage    which step refused it
     * @param sqlState PostgreSQL's SQLSTATE (or the one it would give)
     * @param message  what is wrong
     * @param detail   the server's DETAIL or CONTEXT (with the column), or null
     * @param column   the column at fault, or null when not known
     */
    record BadRow(TableRef table, int batchNo, long rowNo, Object[] values, Object position, Stage stage, String sqlState,
                  String message, String detail, String column) {}

    /**
     * Takes one refused row. Throwing rolls the batch back and fails the run, with the exception as the cause.
     *
     * @param conn the run's connection, inside the batch transaction: the sink may write with it (and must not
     *             commit, roll back or leave it in an error state)
     */
    void reject(Connection conn, BadRow row) throws Exception;

    /** Called after batch {@code batchNo} committed, so with it the rows handed over for it. */
    default void batchCommitted(int batchNo) throws Exception {}

    /**
     * Writes refused rows to {@code ingest_reject}, next to the state table (the table {@link KeyConflict#REJECT_ROW}
     * uses), in the batch's transaction: they are visible exactly when the batch is, and vanish with it if it rolls back.
     * The table gains the columns {@code stage} and {@code source_position} on first use.
     */
    static BadRows toRejectTable() {
        return RejectTable.SINK;
    }
}
