package dev.drover.engine.plan;

import java.util.List;

/**
 * One target table and where its rows come from.
 *
 * @param table   target {@code schema.table} or {@code table} (then the connection's search path);
 *                quoted parts ({@code "My Table"}) keep their case
 * @param source  the rows
 * @param columns how target columns get their values; empty means: by header name when the file
 *                has a header, else by position in the table's column order
 */
public record TableLoad(String table, CsvSource source, List<ColumnSpec> columns) {
    public TableLoad {
        columns = List.copyOf(columns);
    }
}
