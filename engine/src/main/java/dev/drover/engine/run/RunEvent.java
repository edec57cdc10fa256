package dev.drover.engine.run;

import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;

/**
 * What the engine tells its listeners (command line, wizard, JSON report). Events arrive on engine
 * threads; listeners must be quick and thread-safe.
 */
public sealed interface RunEvent {
    /** A table was planned; {@code expectedBytes} is the source size when known, else -1. */
    record TableQueued(String table, long expectedBytes) implements RunEvent {}

    /**
     * Periodic progress of one table; counts are totals so far. {@code sourceBytes} is bytes of input consumed (files);
     * {@code expectedRows} is the source catalog's row estimate (databases), -1 when unknown.
     */
    record TableProgress(String table, TableState state, long read, long loaded, long rejected, long bytes,
                         long sourceBytes, long expectedBytes, long expectedRows) implements RunEvent {}

    /** A row was refused (by Drover's checks or by PostgreSQL) and written to the reject files. */
    record RowRejected(String table, Reject reject) implements RunEvent {}

    record TableFinished(TableReport report) implements RunEvent {}

    record PhaseFinished(PhaseReport report) implements RunEvent {}

    /** Something a person should read, that is not an error of a row. */
    record Notice(String table, String message) implements RunEvent {}

    /**
     * Schema steps after the data (keys, indexes, foreign keys, checks, analyze...) were queued in a phase.
     *
     * @param table the table they belong to (display name), or null for steps of no one table
     */
    record StepsQueued(String phase, String table, int steps) implements RunEvent {}

    /** One queued step ended; {@code failure} says why it failed, or is null. */
    record StepFinished(String phase, String table, String step, String failure) implements RunEvent {}

    record RunFinished(RunReport report) implements RunEvent {}
}
