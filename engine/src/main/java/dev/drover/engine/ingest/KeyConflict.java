package dev.drover.engine.ingest;

/**
 * What a row does when, without upsert, its primary key is already in the table or earlier in the batch.
 * pg-bulk-ingest fails the batch; Drover can also set such rows aside and load the rest.
 */
public enum KeyConflict {
    /** The batch fails and rolls back, naming the table and the key. */
    FAIL_BATCH,
    /**
     * The row goes to the reject table ({@code ingest_reject} next to the state table) in the batch's own
     * transaction, so rejects become visible exactly when the batch does; the batch's other rows are loaded.
     * The first row of a key within the batch is kept. A NULL key is rejected the same way.
     */
    REJECT_ROW
}
