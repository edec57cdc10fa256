package dev.drover.engine.rejects;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rejected row read back from a table's {@code .rejects.jsonl}, with the latest retry of it.
 *
 * @param index         0-based position of the reject in the file; what {@link RejectRetry} and
 *                      {@code .retries.jsonl} refer to it by
 * @param file          source file name (or {@code stdin}, or {@code <database> <table>} for a database source)
 * @param line          first physical line of the record in that file (1-based), 0 when a database row
 * @param stage         which step refused it: {@code parse}, {@code encoding}, {@code fields}, {@code value},
 *                      {@code copy}, {@code foreign key}
 * @param sqlState      SQLSTATE, PostgreSQL's or the one PostgreSQL would give
 * @param message       what is wrong
 * @param detail        server DETAIL, or null
 * @param hint          how to fix it, or null
 * @param context       server CONTEXT, or null
 * @param column        target column at fault, or null
 * @param columns       the target columns the row was copied into, in order
 * @param values        the row's value per column as PostgreSQL text input (null entries are SQL NULL); null when
 *                      the record could not be split into columns (a malformed CSV line, a wrong field count)
 * @param original      the original record as text, undecodable bytes shown as U+FFFD; null when none was kept
 * @param originalBytes the original record's bytes exactly as in the source, line terminator included
 * @param lastRetry     the latest retry of this row, or null when it was never retried
 */
public record StoredReject(long index, String file, long line, String stage, String sqlState, String message,
                           String detail, String hint, String context, String column, List<String> columns,
                           List<String> values, String original, byte[] originalBytes, Retry lastRetry) {

    /**
     * What one retry of a reject did.
     *
     * @param loaded   whether the row went into the table
     * @param sqlState PostgreSQL's SQLSTATE when refused, else null
     * @param message  PostgreSQL's message when refused, else null
     * @param column   the column PostgreSQL named when refused, else null
     * @param detail   PostgreSQL's DETAIL when refused, else null
     * @param columns  the columns the values went to (a retry may leave some to their defaults)
     * @param values   the values tried, as edited, one per entry of {@code columns}; null entries are SQL NULL
     * @param at       when
     */
    public record Retry(boolean loaded, String sqlState, String message, String column, String detail, List<String> columns,
                        List<String> values, Instant at) {
        public Retry {
            columns = columns == null ? null : Collections.unmodifiableList(Arrays.asList(columns.toArray(new String[0])));
            values = values == null ? null : Collections.unmodifiableList(Arrays.asList(values.toArray(new String[0])));
        }
    }

    public StoredReject {
        columns = columns == null ? List.of() : List.copyOf(columns);
        // List.copyOf refuses nulls, and a NULL value is a null entry
        values = values == null ? null : Collections.unmodifiableList(Arrays.asList(values.toArray(new String[0])));
        originalBytes = originalBytes == null ? null : originalBytes.clone();
    }

    /** A copy: the array stays this record's own. */
    @Override
    public byte[] originalBytes() {
        return originalBytes == null ? null : originalBytes.clone();
    }

    /** Position of {@link #column} in {@link #columns}, or -1 when no column is at fault. */
    public int failingColumnIndex() {
        return column == null ? -1 : columns.indexOf(column);
    }

    /** Whether a retry loaded this row already. */
    public boolean loadedOnRetry() {
        return lastRetry != null && lastRetry.loaded();
    }

    // Kept: type modifiers like varchar(80), and quoted names after the words PostgreSQL puts before identifiers.
    // Replaced: other quoted text, hex bytes and numbers, which are the row's own values.
    private static final Pattern VALUES = Pattern.compile(
            "(\\(\\d+(?:,\\s*\\d+)?\\))"
            + "|(\\b(?:column|relation|constraint|table|type|encoding|index|schema|sequence|domain|function|enum) \"(?:[^\"]|\"\")*\")"
            + "|(\"(?:[^\"]|\"\")*\")"
            + "|(0x[0-9a-fA-F]+(?: 0x[0-9a-fA-F]+)*)"
            // not the digit of a name like UTF-8 or int4
            + "|((?<![\\w.-])\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?(?!\\w))");

    /**
     * A key to group rejects by cause without the row's values: the SQLSTATE, the column and the message with
     * quoted values and numbers replaced by {@code …}, e.g. {@code 22P02 qty: invalid input syntax for type
     * integer: "…"}. Names of types, columns and constraints stay.
     */
    public String errorGroup() {
        return (sqlState == null ? "-----" : sqlState) + (column == null ? "" : " " + column) + ": " + withoutValues(message);
    }

    static String withoutValues(String message) {
        if (message == null) return "";
        Matcher m = VALUES.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String keep = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2)
                    : m.group(3) != null ? "\"…\"" : "…";
            m.appendReplacement(out, Matcher.quoteReplacement(keep));
        }
        m.appendTail(out);
        return out.toString();
    }
}
