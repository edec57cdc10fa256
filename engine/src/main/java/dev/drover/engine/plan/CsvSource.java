package dev.drover.engine.plan;

import java.util.List;

/**
 * A text file source: one or more files (globs allowed) or standard input ({@code "-"}), delimited, or
 * fixed-width when {@code fixed} lists the fields (pgloader's {@code LOAD FIXED}).
 *
 * <p>A fixed-width source reads {@code files}, {@code encoding} and {@code skipLines}; the delimited-only
 * settings ({@code delimiter}, {@code quote}, {@code escape}, {@code nullMarkers}, {@code trimBlanks}, the ragged
 * record policies) do not apply to it: each field says how it is trimmed and which values are NULL.
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
 * @param fixed          the fields of a fixed-width file, in record order; empty for a delimited file
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
        FieldCountPolicy missingFields,
        List<FixedField> fixed) {

    /** A ragged record is rejected (the default), or fixed up when the user asks for it. */
    public enum FieldCountPolicy { REJECT, FIX }

    public CsvSource {
        files = List.copyOf(files);
        nullMarkers = List.copyOf(nullMarkers);
        fixed = fixed == null ? List.of() : List.copyOf(fixed);
        FixedField.checkLayout(fixed);
        if (!fixed.isEmpty() && header) {
            throw new IllegalArgumentException("a fixed-width file has no header record: its fields are named by the layout"
                    + " (skip the header line with skip lines = 1)");
        }
        if (files.isEmpty()) throw new IllegalArgumentException("a CSV source needs at least one file (or - for stdin)");
        if (skipLines < 0) throw new IllegalArgumentException("skip lines cannot be negative");
        if (quote != null && quote == delimiter) throw new IllegalArgumentException("the quote and the delimiter must differ");
    }

    /** A delimited source (no fixed-width fields): the form every CSV caller uses. */
    public CsvSource(List<String> files, String encoding, char delimiter, Character quote, Character escape, boolean header,
                     int skipLines, List<String> nullMarkers, boolean trimBlanks, FieldCountPolicy extraFields,
                     FieldCountPolicy missingFields) {
        this(files, encoding, delimiter, quote, escape, header, skipLines, nullMarkers, trimBlanks, extraFields,
                missingFields, List.of());
    }

    /** Whether the file is fixed-width (read by field positions) rather than delimited. */
    public boolean isFixed() {
        return !fixed.isEmpty();
    }

    /** The same source read as fixed-width with these fields (empty: delimited again). */
    public CsvSource withFixed(List<FixedField> fields) {
        return new CsvSource(files, encoding, delimiter, quote, escape, header, skipLines, nullMarkers, trimBlanks,
                extraFields, missingFields, fields);
    }

    /** Comma separated, double quotes doubled inside quotes, UTF-8, no header. */
    public static CsvSource defaults(List<String> files) {
        return new CsvSource(files, "UTF-8", ',', '"', '"', false, 0, List.of(""), true,
                FieldCountPolicy.REJECT, FieldCountPolicy.REJECT, List.of());
    }
}
