package dev.drover.engine.ingest;

import java.util.Objects;

/**
 * One row for one table of the run, values in the {@link TableSpec}'s column order. The table is matched by
 * schema and name, not by object identity; a row for a table that is not part of the run fails the batch.
 */
public record TableRow(TableSpec table, Object[] values) {
    public TableRow {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(values, "values");
    }

    public static TableRow of(TableSpec table, Object... values) {
        return new TableRow(table, values);
    }
}
