package dev.drover.engine.source.postgres;

import dev.drover.engine.copy.CopyTextEscapes;
import dev.drover.engine.copy.Utf8Slice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * One row of COPY text format, split at tabs and unescaped (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Text Format"): {@code \N} is NULL, a backslash escapes the separator, newline, carriage return and itself, and
 * {@code \digits} / {@code \xhh} give bytes ({@link CopyTextEscapes}). Unescaping works on bytes and decodes UTF-8 afterwards, because an
 * octal escape may be one byte of a multi-byte character.
 */
final class CopyTextRow {
    private final CharSequence[] fields;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    CopyTextRow(int width) {
        this.fields = new CharSequence[width];
    }

    /** Null, or the text: a {@link Utf8Slice} over the row's own bytes when nothing was escaped (most values). */
    CharSequence field(int i) {
        return fields[i];
    }

    void parse(byte[] line, String table) throws SQLException {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') end--;
        int field = 0;
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || line[i] == '\t') {
                if (field == fields.length) throw mismatch(line, table);
                fields[field++] = value(line, start, i);
                start = i + 1;
            } else if (line[i] == '\\') {
                i++; // an escaped character never separates
            }
        }
        if (field != fields.length) throw mismatch(line, table);
    }

    private SQLException mismatch(byte[] line, String table) {
        return new SQLException("COPY from " + table + " sent a row with an unexpected number of fields (" + fields.length
                + " expected): " + PostgresRowCursor.show(line), "XX000");
    }

    private CharSequence value(byte[] b, int from, int to) {
        if (to - from == 2 && b[from] == '\\' && b[from + 1] == 'N') return null;
        int firstEscape = -1;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                firstEscape = i;
                break;
            }
        }
        // the server sends valid UTF-8 without NUL (client_encoding UTF8; text cannot hold NUL), and each row is a new array
        if (firstEscape < 0) return new Utf8Slice().set(b, from, to - from);
        buffer.reset();
        buffer.write(b, from, firstEscape - from);
        for (int i = firstEscape; i < to; i++) {
            byte c = b[i];
            if (c != '\\' || i + 1 >= to) {
                buffer.write(c);
                continue;
            }
            long d = CopyTextEscapes.decode(b, i + 1, to);
            buffer.write(CopyTextEscapes.value(d));
            i = CopyTextEscapes.next(d) - 1;
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
