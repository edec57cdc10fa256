package dev.drover.engine.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mutable draft of {@link LoadOptions}; starts from {@link LoadOptions#defaults()}. */
public final class LoadOptionsBuilder {
    public int workers;
    public int concurrency;
    public int batchRows;
    public long batchBytes;
    public int queueBatches;
    public OnError onError;
    public ErrorLimit maxErrors;
    public Path rejectDir;
    public boolean truncate;
    public CreateTable createTable;
    public boolean dropIndexes;
    public boolean disableTriggers;
    public int indexJobs;
    public Map<String, String> settings;
    public List<String> beforeSql;
    public List<String> afterSql;
    public List<String> afterSchemaSql;

    public LoadOptionsBuilder() {
        this(LoadOptions.defaults());
    }

    public LoadOptionsBuilder(LoadOptions o) {
        workers = o.workers();
        concurrency = o.concurrency();
        batchRows = o.batchRows();
        batchBytes = o.batchBytes();
        queueBatches = o.queueBatches();
        onError = o.onError();
        maxErrors = o.maxErrors();
        rejectDir = o.rejectDir();
        truncate = o.truncate();
        createTable = o.createTable();
        dropIndexes = o.dropIndexes();
        disableTriggers = o.disableTriggers();
        indexJobs = o.indexJobs();
        settings = new LinkedHashMap<>(o.settings());
        beforeSql = new ArrayList<>(o.beforeSql());
        afterSql = new ArrayList<>(o.afterSql());
        afterSchemaSql = new ArrayList<>(o.afterSchemaSql());
    }

    public LoadOptions build() {
        return new LoadOptions(workers, concurrency, batchRows, batchBytes, queueBatches, onError, maxErrors, rejectDir,
                truncate, createTable, dropIndexes, disableTriggers, indexJobs, settings, beforeSql, afterSql, afterSchemaSql);
    }
}
