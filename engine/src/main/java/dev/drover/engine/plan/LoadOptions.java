package dev.drover.engine.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to load. The defaults live in {@link #defaults()} and nowhere else: the command line, the
 * plan reader, the wizard and the README all read them from here.
 *
 * @param workers          tables (or files) copied at the same time, as pgloader's {@code workers}
 * @param concurrency      writer threads (each with its own connection) per table
 * @param batchRows        rows per COPY batch; a batch closes at this many rows or {@code batchBytes}
 * @param batchBytes       encoded bytes per COPY batch
 * @param queueBatches     filled batches that may wait per table between reader and writers
 * @param onError          {@link OnError}
 * @param maxErrors        abort threshold per table
 * @param rejectDir        root of the reject files ({@code <rejectDir>/<database>/<table>.*})
 * @param truncate         empty the target table first
 * @param createTable      create a missing table
 * @param dropIndexes      drop the table's indexes before loading and rebuild them after, in parallel
 * @param disableTriggers  disable user triggers while loading
 * @param indexJobs        index builds running at the same time
 * @param settings         extra session settings for every writer connection
 * @param beforeSql        statements run once before any table loads
 * @param afterSql         statements run once after every table has loaded
 * @param afterSchemaSql   statements run once after a database migration has created the target tables and before any
 *                         row loads (pgloader's {@code AFTER CREATE SCHEMA DO})
 */
public record LoadOptions(
        int workers,
        int concurrency,
        int batchRows,
        long batchBytes,
        int queueBatches,
        OnError onError,
        ErrorLimit maxErrors,
        Path rejectDir,
        boolean truncate,
        CreateTable createTable,
        boolean dropIndexes,
        boolean disableTriggers,
        int indexJobs,
        Map<String, String> settings,
        List<String> beforeSql,
        List<String> afterSql,
        List<String> afterSchemaSql) {

    public static final int DEFAULT_WORKERS = 4;
    public static final int DEFAULT_CONCURRENCY = 2;
    public static final int DEFAULT_BATCH_ROWS = 25_000;
    public static final long DEFAULT_BATCH_BYTES = 20L * 1024 * 1024;
    public static final int DEFAULT_QUEUE_BATCHES = 2;
    public static final int DEFAULT_INDEX_JOBS = 2;
    public static final Path DEFAULT_REJECT_DIR = Path.of("drover-rejects");

    public LoadOptions {
        settings = Map.copyOf(settings);
        beforeSql = List.copyOf(beforeSql);
        afterSql = List.copyOf(afterSql);
        afterSchemaSql = afterSchemaSql == null ? List.of() : List.copyOf(afterSchemaSql);
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (batchRows < 1) throw new IllegalArgumentException("batch rows must be at least 1");
        if (batchBytes < 64 * 1024) throw new IllegalArgumentException("batch size must be at least 64kB");
        if (queueBatches < 1) throw new IllegalArgumentException("queue batches must be at least 1");
        if (indexJobs < 1) throw new IllegalArgumentException("index jobs must be at least 1");
    }

    public static LoadOptions defaults() {
        return new LoadOptions(DEFAULT_WORKERS, DEFAULT_CONCURRENCY, DEFAULT_BATCH_ROWS, DEFAULT_BATCH_BYTES,
                DEFAULT_QUEUE_BATCHES, OnError.RESUME, ErrorLimit.NONE, DEFAULT_REJECT_DIR, false, CreateTable.NO,
                false, false, DEFAULT_INDEX_JOBS, Map.of(), List.of(), List.of(), List.of());
    }

    public LoadOptions withOnError(OnError v) { return new LoadOptions(workers, concurrency, batchRows, batchBytes, queueBatches, v, maxErrors, rejectDir, truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
    public LoadOptions withBatch(int rows, long bytes) { return new LoadOptions(workers, concurrency, rows, bytes, queueBatches, onError, maxErrors, rejectDir, truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
    public LoadOptions withRejectDir(Path v) { return new LoadOptions(workers, concurrency, batchRows, batchBytes, queueBatches, onError, maxErrors, v, truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
    public LoadOptions withCreateTable(CreateTable v) { return new LoadOptions(workers, concurrency, batchRows, batchBytes, queueBatches, onError, maxErrors, rejectDir, truncate, v, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
    public LoadOptions withMaxErrors(ErrorLimit v) { return new LoadOptions(workers, concurrency, batchRows, batchBytes, queueBatches, onError, v, rejectDir, truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
    public LoadOptions withParallelism(int w, int c) { return new LoadOptions(w, c, batchRows, batchBytes, queueBatches, onError, maxErrors, rejectDir, truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
    public LoadOptions withFlags(boolean truncate, boolean dropIndexes, boolean disableTriggers) { return new LoadOptions(workers, concurrency, batchRows, batchBytes, queueBatches, onError, maxErrors, rejectDir, truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql); }
}
