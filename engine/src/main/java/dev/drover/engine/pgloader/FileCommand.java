package dev.drover.engine.pgloader;

import java.util.List;

/** What LOAD CSV, LOAD FIXED and LOAD COPY share: a file source, fields before INTO, columns after it. */
public sealed interface FileCommand extends Command permits LoadCsv, LoadFixed, LoadCopy {
    FileSource source();

    /** {@code WITH ENCODING name} as written, or null (UTF-8). */
    String encoding();

    /** The field list before INTO ({@code HAVING FIELDS}); empty when absent. */
    List<Field> fields();

    /** The column list after INTO ({@code TARGET COLUMNS}); empty when absent (all table columns). */
    List<Column> columns();

    /** The data after the command when the source is {@code inline}, else null. */
    InlineData inlineData();
}
