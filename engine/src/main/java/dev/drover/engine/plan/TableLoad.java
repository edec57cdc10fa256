package dev.drover.engine.plan;

import dev.drover.engine.cast.PgloaderDateFormat;
import java.util.List;

/**
 * One target table and where its rows come from.
 *
 * @param table   target {@code schema.table} or {@code table} (then the connection's search path);
 *                quoted parts ({@code "My Table"}) keep their case
 * @param source  the rows
 * @param columns how target columns get their values; empty means: by header name when the file
 *                has a header, else by position in the table's column order
 * @param fields  named fields for the columns' {@code using} expressions (pgloader's {@code HAVING FIELDS} list): each
 *                entry's {@code column()} is the field's name, and its field or position and per-field options say
 *                where its value comes from and how it is cleaned; an expression's other names are header fields
 * @param dateFormat a pgloader date format (reference §4.6) for every field named (case-insensitively) like a date or
 *                time column of the table ({@code date}, {@code time}, {@code timetz}, {@code timestamp},
 *                {@code timestamptz}), unless the field has one of its own: pgloader's {@code WITH date format}
 *                (§3.4), decided by the run, which knows the column types; null for none. A field fed by position
 *                is named like the column it feeds
 * @param incremental null: every run loads every row of the files; else the table is loaded incrementally
 *                ({@code mode: incremental}): only the rows whose cursor tuple (target column names, after the mapping)
 *                is past the table's stored watermark, upserted by the table's primary key (see
 *                {@code run.FileIncremental})
 */
public record TableLoad(String table, CsvSource source, List<ColumnSpec> columns, List<ColumnSpec> fields, String dateFormat,
                        DatabaseSpec.Incremental incremental) {
    public TableLoad {
        if (dateFormat != null) PgloaderDateFormat.compile(dateFormat);
        columns = List.copyOf(columns);
        fields = fields == null ? List.of() : List.copyOf(fields);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ColumnSpec f : fields) {
            if (f.constant() != null || f.using() != null) {
                throw new IllegalArgumentException("field " + f.column() + ": a named field reads the file (field or position), it is not a constant or an expression");
            }
            if (!seen.add(f.column().toLowerCase(java.util.Locale.ROOT))) throw new IllegalArgumentException("field " + f.column() + " is named twice");
        }
        if (incremental != null && !columns.isEmpty()) {
            // with a column list the cursor's columns are known now; without one, the file's header decides at run time
            for (String c : incremental.cursor()) {
                if (columns.stream().noneMatch(x -> x.column().equalsIgnoreCase(c))) {
                    throw new IllegalArgumentException("the cursor names column " + c + ", which the table's columns do not list (they are "
                            + columns.stream().map(ColumnSpec::column).toList() + "); a cursor names target columns");
                }
            }
        }
    }

    /** Not incremental. */
    public TableLoad(String table, CsvSource source, List<ColumnSpec> columns, List<ColumnSpec> fields, String dateFormat) {
        this(table, source, columns, fields, dateFormat, null);
    }

    public TableLoad(String table, CsvSource source, List<ColumnSpec> columns, List<ColumnSpec> fields) {
        this(table, source, columns, fields, null);
    }

    /** The same load from this source (the run's guessed delimiter, for one). */
    public TableLoad withSource(CsvSource s) {
        return new TableLoad(table, s, columns, fields, dateFormat, incremental);
    }

    /** The same load, incremental with these settings (null: not incremental). */
    public TableLoad withIncremental(DatabaseSpec.Incremental settings) {
        return new TableLoad(table, source, columns, fields, dateFormat, settings);
    }

    public TableLoad(String table, CsvSource source, List<ColumnSpec> columns) {
        this(table, source, columns, List.of());
    }
}
