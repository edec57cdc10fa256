package dev.drover.engine.ingest;

/**
 * A value the source could not convert, put in a {@link TableRow} in its place: the row is refused at
 * {@link BadRows.Stage#ENCODE} with this message (or, without {@link IngestOptions#onBadRow()}, fails its batch as any
 * bad value does).
 *
 * @param original the value as read from the source, kept for the reject; may be null
 * @param sqlState the SQLSTATE PostgreSQL would give, e.g. {@code 22P02}
 * @param message  why it cannot be stored
 */
public record BadValue(Object original, String sqlState, String message) {
    @Override
    public String toString() {
        return String.valueOf(original);
    }
}
