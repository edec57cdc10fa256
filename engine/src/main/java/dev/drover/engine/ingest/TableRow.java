package dev.drover.engine.ingest;

import java.util.Objects;

/**
 * One row for one table of the run, values in the {@link TableSpec}'s column order. The table is matched by
 * schema and name, not by object identity; a row for a table that is not part of the run fails the batch.
 *
 * @param position where the row is in the source (a line number, a cursor tuple...), or null: only handed to
 *                 {@link IngestOptions#onBadRow()} when the row is refused
 */
public record TableRow(TableSpec table, Object[] values, Object position) {
    public TableRow {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(values, "values");
    }

    /** A row without a source position. */
    public TableRow(TableSpec table, Object[] values) {
        this(table, values, null);
    }

    public static TableRow of(TableSpec table, Object... values) {
        return new TableRow(table, values);
    }
}
