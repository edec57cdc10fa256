package dev.drover.engine.ingest;

/** What a run does with an existing table that differs from its {@link TableSpec} (reference §3.9, §7.3). */
public enum Migration {
    /**
     * Migrate in the first batch's transaction: nullable columns added, columns dropped, types widened without a
     * rewrite ({@code varchar(10)} to {@code varchar(20)} or {@code text}, a larger numeric precision...), NOT NULL set
     * or dropped, by {@code ALTER TABLE} in place (brief lock, same OID); indexes added or dropped concurrently after
     * the batches; any other change by building a shadow table from the spec, copying the existing rows into it with
     * casts, loading the batch there and swapping it in with {@link dev.drover.engine.ingest.swap.TableSwap}. A run
     * without batches migrates nothing.
     */
    AUTO,
    /** Stop before the first batch, listing the differences; nothing is written. */
    FAIL
}
