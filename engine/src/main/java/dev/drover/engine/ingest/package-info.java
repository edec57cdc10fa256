/**
 * Incremental, repeatable loads into PostgreSQL as a Java API: the JVM counterpart of pg-bulk-ingest.
 *
 * <p>Entry point: {@link dev.drover.engine.ingest.IncrementalIngest#run}. The caller describes its tables
 * ({@link dev.drover.engine.ingest.TableSpec}), supplies batches ({@link dev.drover.engine.ingest.BatchSource},
 * {@link dev.drover.engine.ingest.Batch}, {@link dev.drover.engine.ingest.TableRow},
 * {@link dev.drover.engine.ingest.Watermark}) and options ({@link dev.drover.engine.ingest.IngestOptions} with
 * {@link dev.drover.engine.ingest.HighWatermark}, {@link dev.drover.engine.ingest.Upsert},
 * {@link dev.drover.engine.ingest.Delete}, {@link dev.drover.engine.ingest.Visibility},
 * {@link dev.drover.engine.ingest.KeyConflict}, {@link dev.drover.engine.ingest.Migration},
 * {@link dev.drover.engine.ingest.BadRows} for rows that cannot be stored, {@link dev.drover.engine.ingest.BadValue} for a
 * value the source could not convert); it gets an {@link dev.drover.engine.ingest.IngestResult} or an
 * {@link dev.drover.engine.ingest.IngestException}. Everything else is package-private.
 *
 * <p>Invariants: one transaction per batch across all tables (the watermark row in {@code drover.ingest_state},
 * the batch's row in {@code drover.ingest_batch_log} and any rejects included); memory bounded by {@code maxRowsPerTableBuffer} rows per table; one runner per
 * table (session advisory locks); every identifier quoted; every COPY and INSERT names its columns; a table that
 * differs from its spec is migrated in the first batch's transaction (in place when cheap, else rebuilt and
 * swapped with {@link dev.drover.engine.ingest.swap.TableSwap}), never outside a batch. Not yet: index
 * differences, binary COPY, MERGE.
 * {@link dev.drover.engine.ingest.IngestState} reads, sets and resets stored watermarks outside a run, and reads the
 * run history ({@code drover.ingest_run}: one row per run, {@code running} until it ends).
 */
package dev.drover.engine.ingest;
