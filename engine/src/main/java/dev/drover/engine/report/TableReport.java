package dev.drover.engine.report;

import java.time.Duration;

/**
 * One table's line in the summary. {@code read = loaded + rejected} holds for every table that
 * finished; {@link #reconciled()} says whether it does.
 *
 * @param table    target table as displayed ({@code schema.table})
 * @param read     records read from the source (every record, good or bad)
 * @param loaded   rows committed in the target
 * @param rejected rows written to the reject files
 * @param bytes    COPY bytes sent for committed rows
 * @param time     wall-clock time of the table's load
 * @param state    how the table ended
 * @param failure  why it failed, or null
 */
public record TableReport(String table, long read, long loaded, long rejected, long bytes, Duration time,
                          TableState state, String failure) {
    public boolean reconciled() {
        return read == loaded + rejected;
    }
}
