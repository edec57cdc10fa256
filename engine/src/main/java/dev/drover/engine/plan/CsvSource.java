package dev.drover.engine.plan;

import java.util.List;

/**
 * A delimited text source: one or more files (globs allowed) or standard input ({@code "-"}).
 *
 * @param files          paths or globs ({@code data/*.csv}), loaded in sorted order into one table
 * @param encoding       charset name ({@code utf-8}, {@code latin1}, {@code cp1252}, {@code utf-16}...); a BOM wins
 * @param delimiter      field separator
 * @param quote          quote character, or null for none
 * @param escape         escape character inside quotes; equal to {@code quote} means doubled quotes
 * @param header         the first record (after {@code skipLines}) names the fields
 * @param skipLines      physical lines skipped before anything else
 * @param nullMarkers    unquoted values read as NULL ({@code ""} by default: unquoted empty is NULL,
 *                       quoted empty is an empty string)
 * @param trimBlanks     remove unquoted leading and trailing blanks
 * @param extraFields    what to do with a record that has more fields than expected
 * @param missingFields  what to do with a record that has fewer fields than expected
 */
public record CsvSource(
        List<String> files,
        String encoding,
        char delimiter,
        Character quote,
        Character escape,
        boolean header,
        int skipLines,
        List<String> nullMarkers,
        boolean trimBlanks,
        FieldCountPolicy extraFields,
        FieldCountPolicy missingFields) {

    /** A ragged record is rejected (the default), or fixed up when the user asks for it. */
    public enum FieldCountPolicy { REJECT, FIX }

    public CsvSource {
        files = List.copyOf(files);
        nullMarkers = List.copyOf(nullMarkers);
        if (files.isEmpty()) throw new IllegalArgumentException("a CSV source needs at least one file (or - for stdin)");
        if (skipLines < 0) throw new IllegalArgumentException("skip lines cannot be negative");
        if (quote != null && quote == delimiter) throw new IllegalArgumentException("the quote and the delimiter must differ");
    }

    /** Comma separated, double quotes doubled inside quotes, UTF-8, no header. */
    public static CsvSource defaults(List<String> files) {
        return new CsvSource(files, "UTF-8", ',', '"', '"', false, 0, List.of(""), true,
                FieldCountPolicy.REJECT, FieldCountPolicy.REJECT);
    }
}
