package dev.drover.engine.source.sqlite;

import java.util.List;

/**
 * How a table's rows are addressed, which decides how they are ordered and how a row's position is written.
 *
 * @param name          the table name
 * @param virtual       a virtual table (rows come from a module; no stable rowid to order by)
 * @param withoutRowid  a {@code WITHOUT ROWID} table: rows are addressed by the primary key
 * @param primaryKey    primary-key column names in key order, empty when none
 * @param rowidAlias    the INTEGER PRIMARY KEY column that is the rowid itself, or null
 * @param columns       every column name, hidden ones included (a column can hide the rowid's names)
 */
record TableShape(String name, boolean virtual, boolean withoutRowid, List<String> primaryKey, String rowidAlias,
                  List<String> columns) {
    TableShape {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
    }

    /** The rows of a materialized view or query: no rowid or key to order by, so rows are numbered as they come. */
    static TableShape ofQuery(String name, List<String> columns) {
        return new TableShape(name, true, false, List.of(), null, columns);
    }

    boolean hasRowid() {
        return !virtual && !withoutRowid;
    }
}
