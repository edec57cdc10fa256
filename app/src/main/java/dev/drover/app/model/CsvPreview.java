package dev.drover.app.model;

import java.util.List;

/**
 * The first records of a CSV file as the current settings read them.
 *
 * @param columns column titles: the header's names, else "column 1", "column 2", ...
 * @param rows    the records (NULL fields as null), at most {@link SourceModel#PREVIEW_ROWS}
 * @param notes   what the sniffer guessed and why, and any record the settings cannot read
 */
public record CsvPreview(List<String> columns, List<List<String>> rows, List<String> notes) {
    public CsvPreview {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    public static final CsvPreview EMPTY = new CsvPreview(List.of(), List.of(), List.of());
}
