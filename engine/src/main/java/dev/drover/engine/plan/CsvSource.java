package dev.drover.engine.plan;

import java.util.List;

/**
 * A text file source: one or more files (globs allowed) or standard input ({@code "-"}), delimited, or
 * fixed-width when {@code fixed} lists the fields (pgloader's {@code LOAD FIXED}), or PostgreSQL COPY text when
 * {@code format} is {@link Format#COPY_TEXT} (pgloader's {@code LOAD COPY}).
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
 * @param format         how a delimited record's fields are written: CSV quoting (the default), or COPY text
 *                       escapes; a COPY text source reads {@code files}, {@code encoding}, {@code delimiter},
 *                       {@code header}, {@code skipLines}, the ragged record policies and one null string in
 *                       {@code nullMarkers} (matched on the raw, still escaped field); quoting and trimming do not apply
 * @param escapeMode     what the escape character (when it is not the quote) escapes inside quotes: only the quote
 *                       ({@code QUOTE}, pgloader's default: {@code \x} stays {@code \x}) or whatever follows it
 *                       ({@code FOLLOWING}, so {@code \\} is one backslash); {@code FOLLOWING} when absent, as plans
 *                       read before the choice existed
 * @param lineTerminator the one character that ends a record (pgloader's {@code lines terminated by}), or null for
 *                       LF, CRLF or a lone CR; with a terminator of its own, LF and CR are data and a "line" (of
 *                       {@code skipLines} and of line numbers) is what the terminator ends
 * @param guessDelimiter the delimiter is guessed when the run knows the target table, as pgloader does without a
 *                       field or column list (reference §4.1): the first of tab {@code , ; | % ^ ! $} that splits
 *                       every sample line into as many values as the table has columns; {@code delimiter} when none
 *                       does
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
        List<FixedField> fixed,
        Format format,
        EscapeMode escapeMode,
        Character lineTerminator,
        boolean guessDelimiter) {

    /** What an escape character other than the quote escapes inside quotes (pgloader's {@code csv escape mode}). */
    public enum EscapeMode { QUOTE, FOLLOWING }

    /** A ragged record is rejected (the default), or fixed up when the user asks for it. */
    public enum FieldCountPolicy { REJECT, FIX }

    /**
     * How the fields of a delimited record are written. {@code COPY_TEXT} is PostgreSQL's COPY text format: fields
     * split on the delimiter, backslash escapes ({@code \t}, {@code \n}, {@code \\}, octal, {@code \xHH}...)
     * decoded, and a field equal to the null string (before decoding) NULL.
     */
    public enum Format { CSV, COPY_TEXT }

    public CsvSource {
        files = List.copyOf(files);
        nullMarkers = List.copyOf(nullMarkers);
        fixed = fixed == null ? List.of() : List.copyOf(fixed);
        FixedField.checkLayout(fixed);
        if (format == null) format = Format.CSV;
        if (escapeMode == null) escapeMode = EscapeMode.FOLLOWING;
        if (lineTerminator != null) {
            char t = lineTerminator;
            if (t == '\n') lineTerminator = null; // LF is the default, which also reads CRLF and CR
            else if (t == delimiter || (quote != null && t == quote) || (escape != null && t == escape) || t == 0) {
                throw new IllegalArgumentException("the line terminator must differ from the delimiter, the quote and the escape");
            } else if (format == Format.COPY_TEXT || !fixed.isEmpty()) {
                throw new IllegalArgumentException("a line terminator of its own applies to delimited CSV only");
            }
        }
        if (format == Format.COPY_TEXT) {
            if (!fixed.isEmpty()) throw new IllegalArgumentException("a COPY text source is delimited: it cannot list fixed-width fields");
            if (nullMarkers.size() != 1) {
                throw new IllegalArgumentException("a COPY text source has exactly one null string (\\N by default), not " + nullMarkers);
            }
            if (delimiter == '\\' || delimiter == '\n' || delimiter == '\r' || delimiter >= 0x80) {
                // as PostgreSQL's COPY: one ASCII character, which no escape or line end can be
                throw new IllegalArgumentException("the COPY text delimiter must be one ASCII character other than a backslash,"
                        + " a newline or a carriage return");
            }
        }
        if (!fixed.isEmpty() && header) {
            throw new IllegalArgumentException("a fixed-width file has no header record: its fields are named by the layout"
                    + " (skip the header line with skip lines = 1)");
        }
        if (files.isEmpty()) throw new IllegalArgumentException("a CSV source needs at least one file (or - for stdin)");
        if (skipLines < 0) throw new IllegalArgumentException("skip lines cannot be negative");
        if (quote != null && quote == delimiter) throw new IllegalArgumentException("the quote and the delimiter must differ");
    }

    /** A source with the default escape mode, line ends and no delimiter guess. */
    public CsvSource(List<String> files, String encoding, char delimiter, Character quote, Character escape, boolean header,
                     int skipLines, List<String> nullMarkers, boolean trimBlanks, FieldCountPolicy extraFields,
                     FieldCountPolicy missingFields, List<FixedField> fixed, Format format) {
        this(files, encoding, delimiter, quote, escape, header, skipLines, nullMarkers, trimBlanks, extraFields,
                missingFields, fixed, format, EscapeMode.FOLLOWING, null, false);
    }

    /** A delimited or fixed-width source read as CSV (not COPY text). */
    public CsvSource(List<String> files, String encoding, char delimiter, Character quote, Character escape, boolean header,
                     int skipLines, List<String> nullMarkers, boolean trimBlanks, FieldCountPolicy extraFields,
                     FieldCountPolicy missingFields, List<FixedField> fixed) {
        this(files, encoding, delimiter, quote, escape, header, skipLines, nullMarkers, trimBlanks, extraFields,
                missingFields, fixed, Format.CSV);
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

    /** Whether the file is PostgreSQL COPY text (backslash escapes) rather than CSV or fixed-width. */
    public boolean isCopyText() {
        return format == Format.COPY_TEXT;
    }

    /** The same source read as fixed-width with these fields (empty: delimited again). */
    public CsvSource withFixed(List<FixedField> fields) {
        return new CsvSource(files, encoding, delimiter, quote, escape, header, skipLines, nullMarkers, trimBlanks,
                extraFields, missingFields, fields, format, escapeMode, lineTerminator, guessDelimiter);
    }

    /** The same source with this delimiter, no longer to be guessed. */
    public CsvSource withDelimiter(char d) {
        return new CsvSource(files, encoding, d, quote, escape, header, skipLines, nullMarkers, trimBlanks,
                extraFields, missingFields, fixed, format, escapeMode, lineTerminator, false);
    }

    /** The same source without header or skipped lines: how one record's original bytes are read again. */
    public CsvSource singleRecord() {
        return new CsvSource(files, encoding, delimiter, quote, escape, false, 0, nullMarkers, trimBlanks,
                extraFields, missingFields, fixed, format, escapeMode, lineTerminator, false);
    }

    /** Comma separated, double quotes doubled inside quotes, UTF-8, no header. */
    public static CsvSource defaults(List<String> files) {
        return new CsvSource(files, "UTF-8", ',', '"', '"', false, 0, List.of(""), true,
                FieldCountPolicy.REJECT, FieldCountPolicy.REJECT, List.of(), Format.CSV);
    }

    /** PostgreSQL's COPY text defaults: tab separated, {@code \N} for NULL, UTF-8, no header. */
    public static CsvSource copyTextDefaults(List<String> files) {
        return new CsvSource(files, "UTF-8", '\t', null, null, false, 0, List.of("\\N"), false,
                FieldCountPolicy.REJECT, FieldCountPolicy.REJECT, List.of(), Format.COPY_TEXT);
    }
}
