package dev.drover.engine.report;

/** Where a table is in its load; the last one is kept in the report. */
public enum TableState { QUEUED, COPYING, INDEXING, DONE, FAILED, CANCELLED }
