package dev.drover.engine.source.fixed;

import dev.drover.engine.cast.PgloaderDateFormat;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.FixedField;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.source.csv.LineRecords;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fixed-width file line by line (pgloader's {@code LOAD FIXED}, reference §5.3): each physical line is
 * one record, and each {@link FixedField} is the characters {@code [from, from+length)} of the decoded line,
 * clipped at the line's end (NULL when the line ends before {@code from}, empty when it ends exactly there).
 * Positions count code points after decoding, not bytes, so a multi-byte UTF-8 character is one position.
 *
 * <p>Line ends are LF, CRLF or a lone CR (the terminator is not part of the line). Empty lines are skipped but
 * counted for line numbers, as in the CSV reader. A line with a NUL byte, a byte sequence invalid in the
 * encoding, or a value that does not fit its field's date format becomes a record with a {@link #problem()} and
 * no fields; reading goes on with the next line, and the line's original bytes stay available for the reject.
 * Only I/O errors throw.
 */
public final class FixedReader extends LineRecords {
    /** A line longer than this is not a fixed-width record (probably a binary file): reading stops. */
    static final int MAX_LINE_BYTES = 128 << 20;

    private final FixedField[] fields;
    private final PgloaderDateFormat[] formats;
    private final List<String> header;
    private final String[] values;

    private FixedReader(CsvSource source, SourceFile file, InputStream in, boolean closeInput) throws IOException {
        super(requireFixed(source), file, in, closeInput, "fixed-width", source.fixed().size());
        this.fields = source.fixed().toArray(new FixedField[0]);
        this.formats = new PgloaderDateFormat[fields.length];
        List<String> names = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i++) {
            names.add(fields[i].name());
            if (fields[i].dateFormat() != null) formats[i] = PgloaderDateFormat.compile(fields[i].dateFormat());
        }
        this.header = List.copyOf(names);
        this.values = new String[fields.length];
        skipLines(source.skipLines());
    }

    private static CsvSource requireFixed(CsvSource source) {
        if (!source.isFixed()) throw new IllegalArgumentException("the source has no fixed-width fields");
        return source;
    }

    /** Opens a file (or stdin for {@link SourceFile#STDIN}) and skips the source's {@code skipLines}. */
    public static FixedReader open(CsvSource source, SourceFile file) throws IOException {
        if (file.path() == null) return new FixedReader(source, file, System.in, false);
        InputStream in = Files.newInputStream(file.path());
        try {
            return new FixedReader(source, file, in, true);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens any stream; {@code close()} closes it. */
    public static FixedReader open(CsvSource source, InputStream in, String displayName) throws IOException {
        return new FixedReader(source, new SourceFile(null, displayName), in, true);
    }

    @Override
    public boolean next() throws IOException {
        while (true) {
            int end = lineEnd();
            if (end == pos) return false;
            beginRecord(end, nextLine++);
            if (contentEnd == recStart) continue; // empty line
            int nul = findNul();
            if (nul >= 0) {
                int field = fieldAt(codePointsBefore(nul));
                problem = new CsvProblem(CsvProblem.NUL, "22021",
                        "NUL byte (0x00) at line " + recLine + fieldText(field) + " (file " + name + ")",
                        "PostgreSQL text cannot contain NUL bytes: remove them from the file (e.g. tr -d '\\000')", field);
                return true;
            }
            if (decode(recStart, contentEnd)) slice();
            return true;
        }
    }

    @Override
    public String get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("field " + i + " of " + size);
        return values[i];
    }

    /** The fields' names, in layout order: target columns match them by name. */
    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public CsvProblem headerProblem() {
        return null;
    }

    // ---------------------------------------------------------------- framing

    /** The index after the current line's terminator (setting {@link #contentEnd}), or {@link #pos} at end of input. */
    private int lineEnd() throws IOException {
        int p = pos;
        while (true) {
            while (p + w <= limit) {
                int u = unit(p);
                if (u == LF) {
                    contentEnd = p;
                    return p + w;
                }
                if (u == CR) {
                    if (p + 2 * w > limit && !eof) break;
                    contentEnd = p;
                    return p + 2 * w <= limit && unit(p + w) == LF ? p + 2 * w : p + w;
                }
                p += w;
            }
            if (eof) {
                contentEnd = limit; // the last line has no terminator (an odd trailing byte of UTF-16 stays in it)
                return limit;
            }
            if (limit - pos >= MAX_LINE_BYTES) {
                throw new IOException("line " + nextLine + " of " + name + " is longer than " + (MAX_LINE_BYTES >> 20)
                        + " MB without a line end: is it a fixed-width text file, and is the encoding right?");
            }
            int scanned = p - pos;
            refill();
            p = pos + scanned;
        }
    }

    private void skipLines(int n) throws IOException {
        for (int skipped = 0; skipped < n; skipped++) {
            int end = lineEnd();
            if (end == pos) return;
            pos = end;
            nextLine++;
        }
    }

    // ---------------------------------------------------------------- decoding and slicing

    @Override
    protected int fieldOf(int at) {
        return fieldAt(Character.codePointCount(chars, 0, at));
    }

    /** Code points decoded before the byte at {@code p} of the current line (those before a NUL decode fine or not at all). */
    private int codePointsBefore(int p) {
        try {
            String s = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(buf, recStart, p - recStart)).toString();
            return s.codePointCount(0, s.length());
        } catch (java.nio.charset.CharacterCodingException e) {
            return -1;
        }
    }

    /** The 1-based field holding code point {@code cp} of the line, or 0 when none does. */
    private int fieldAt(int cp) {
        for (int i = 0; i < fields.length; i++) if (cp >= fields[i].from() && cp < fields[i].end()) return i + 1;
        return 0;
    }

    @Override
    protected String fieldText(int field) {
        return field > 0 ? ", position " + fields[field - 1].from() + "-" + (fields[field - 1].end() - 1) + " (field "
                + fields[field - 1].name() + ")" : "";
    }

    private void slice() {
        final char[] c = chars;
        final int n = nChars;
        boolean surrogates = false;
        for (int i = 0; i < n; i++) {
            if (Character.isSurrogate(c[i])) {
                surrogates = true;
                break;
            }
        }
        int length = surrogates ? Character.codePointCount(c, 0, n) : n;
        for (int i = 0; i < fields.length; i++) {
            FixedField f = fields[i];
            String v;
            if (f.from() > length) {
                v = null;
            } else {
                int s = f.from();
                int e = Math.min(f.end(), length);
                if (surrogates) {
                    int cs = Character.offsetByCodePoints(c, 0, n, 0, s);
                    int ce = Character.offsetByCodePoints(c, 0, n, cs, e - s);
                    v = new String(c, cs, ce - cs);
                } else {
                    v = new String(c, s, e - s);
                }
            }
            try {
                values[i] = process(i, v);
            } catch (IllegalArgumentException bad) {
                problem = new CsvProblem("value", "22007", "line " + recLine + ", field " + f.name() + ": " + bad.getMessage()
                        + " (file " + name + ")", "fix the value, or the field's date format", i + 1);
                vals.pos = valsBase;
                return;
            }
        }
        size = fields.length;
        vals.ensure(n * 3 + 16);
        for (int i = 0; i < size; i++) {
            vStart[i] = vals.pos;
            if (values[i] == null) {
                vLen[i] = -1;
            } else {
                byte[] u = values[i].getBytes(StandardCharsets.UTF_8);
                vals.putBytes(u, 0, u.length);
                vLen[i] = u.length;
            }
        }
    }

    /** pgloader's per-field order (reference §3.3 step 4, §4.3): null if, then trimming, then date format. */
    private String process(int i, String v) {
        if (v == null) return null;
        FixedField f = fields[i];
        if (f.nullIfBlanks() && FixedField.blank(v)) return null;
        if (f.nullIf().contains(v)) return null;
        v = f.trim().apply(v).toString();
        if (formats[i] != null) v = formats[i].apply(v);
        return v;
    }


}
