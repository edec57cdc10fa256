package dev.drover.engine.source.copytext;

import dev.drover.engine.copy.CopyTextEscapes;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.source.csv.TextEncoding;
import dev.drover.engine.source.csv.LineRecords;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads PostgreSQL COPY text (the format of {@code COPY ... TO} without {@code CSV}, and of pgloader's
 * {@code LOAD COPY}, reference §6.2) record by record, decoding the escapes so the values are what the server would
 * store: Drover's own COPY writer escapes them again.
 *
 * <p>The rules are the server's ({@code CopyReadLineText} and {@code CopyReadAttributesText}), since pgloader hands
 * the still escaped text to the server:
 * <ul>
 *   <li>a record ends at LF (a CR just before it is dropped); a backslash escapes the next character, so
 *       backslash-LF is a newline inside a value and backslash-delimiter a delimiter inside a value. A line that is
 *       exactly {@code \.} ends the data (pg_dump writes it after the rows); what follows it is not read. The
 *       server refuses {@code \.} anywhere else ("end-of-copy marker corrupt"), so such a record is refused;</li>
 *   <li>{@code \b \f \n \r \t \v} are the control characters; {@code \} and 1–3 octal digits, and {@code \x} and
 *       1–2 hex digits, are one byte; a backslash before any other character is that character ({@code \\} a
 *       backslash, {@code \x} without a hex digit an {@code x}); a backslash at the very end is dropped;</li>
 *   <li>a field whose raw, still escaped text equals the null string is NULL. When the null string is not
 *       {@code \N}, a field that is exactly {@code \N} is the two characters {@code \N}: pgloader re-escapes it
 *       (reference §6.2), where the server alone would read {@code N};</li>
 *   <li>the bytes given by octal and hex escapes are bytes of UTF-8, whatever the file's encoding: pgloader sends
 *       the escapes as they are and the server reads their bytes in the database's encoding, which is UTF-8 for
 *       the databases Drover targets (a LATIN1 database would read {@code \xe9} as é where Drover refuses it). The
 *       value they build must be valid UTF-8 without NUL, else the record is refused (SQLSTATE 22021, as the server
 *       refuses it); a literal CR inside a record is refused too (22P04, "literal carriage return found in
 *       data").</li>
 * </ul>
 *
 * <p>The file is decoded with its encoding (byte order marks and encodings as {@link TextEncoding} decides). Empty
 * lines are skipped but counted, as in the CSV and fixed-width readers. A record that cannot be read has a
 * {@link #problem()}, no fields, and its original bytes for the reject file; reading goes on. Only I/O errors throw.
 */
public final class CopyTextReader extends LineRecords {
    private static final int BACKSLASH = '\\';
    /** A record longer than this is not COPY text (probably a binary file): reading stops. */
    static final int MAX_RECORD_BYTES = 128 << 20;

    /** UTF-8 files are split as they are (once checked); other encodings are first turned into UTF-8. */
    private final boolean utf8File;
    private byte[] utf8 = new byte[4096];
    private int utf8Len;
    private final char delimiter;
    /** The null string as UTF-8: fields are compared raw, before their escapes are decoded. */
    private final byte[] nullBytes;
    /** pgloader's re-escape of a literal {@code \N} applies only when another null string is set. */
    private final boolean keepBackslashN;

    private boolean ended;
    private int newlinesInside;
    private List<String> header = List.of();
    private CsvProblem headerProblem;

    private CopyTextReader(CsvSource source, SourceFile file, InputStream in, boolean closeInput) throws IOException {
        super(requireCopyText(source), file, in, closeInput, "COPY text", 16);
        utf8File = charset.equals(StandardCharsets.UTF_8);
        delimiter = source.delimiter();
        String nullString = source.nullMarkers().get(0);
        nullBytes = nullString.getBytes(StandardCharsets.UTF_8);
        keepBackslashN = !nullString.equals("\\N");
        skipLines(source.skipLines());
        if (source.header()) readHeader();
    }

    private static CsvSource requireCopyText(CsvSource source) {
        if (!source.isCopyText()) throw new IllegalArgumentException("the source is not COPY text");
        return source;
    }

    /** Opens a file (or stdin for {@link SourceFile#STDIN}), skips the source's {@code skipLines} and reads its header. */
    public static CopyTextReader open(CsvSource source, SourceFile file) throws IOException {
        if (file.path() == null) return new CopyTextReader(source, file, System.in, false);
        InputStream in = Files.newInputStream(file.path());
        try {
            return new CopyTextReader(source, file, in, true);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens any stream; {@code close()} closes it. */
    public static CopyTextReader open(CsvSource source, InputStream in, String displayName) throws IOException {
        return new CopyTextReader(source, new SourceFile(null, displayName), in, true);
    }

    @Override
    public boolean next() throws IOException {
        while (!ended) {
            int end = recordEnd();
            if (end == pos) return false;
            beginRecord(end, nextLine);
            nextLine += 1 + newlinesInside;
            if (contentEnd == recStart) continue; // empty line
            if (contentEnd - recStart == 2 * w && unit(recStart) == BACKSLASH && unit(recStart + w) == '.') {
                ended = true; // the end-of-data marker
                return false;
            }
            int nul = findNul();
            if (nul >= 0) {
                problem = new CsvProblem(CsvProblem.NUL, "22021", "NUL byte (0x00) at line " + recLine + " (file " + name + ")",
                        "PostgreSQL text cannot contain NUL bytes: remove them from the file (e.g. tr -d '\\000')", 0);
                return true;
            }
            if (utf8File) {
                // checked in place; the decoder runs only to describe a malformed record
                if (Utf8Slice.check(buf, recStart, contentEnd) != Utf8Slice.MALFORMED || decode(recStart, contentEnd)) {
                    split(buf, recStart, contentEnd);
                }
            } else if (w == 1 && asciiCompatible && ascii(recStart, contentEnd)) {
                split(buf, recStart, contentEnd); // plain ASCII is UTF-8 already
            } else if (decode(recStart, contentEnd)) {
                split(utf8Bytes(), 0, utf8Len);
            }
            return true;
        }
        return false;
    }

    @Override
    public String get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("field " + i + " of " + size);
        // made on demand: the load itself takes the UTF-8 bytes (copyValues), and they are valid UTF-8 by now
        return vLen[i] < 0 ? null : new String(vals.buf, vStart[i], vLen[i], StandardCharsets.UTF_8);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public CsvProblem headerProblem() {
        return headerProblem;
    }

    // ---------------------------------------------------------------- framing

    /**
     * The index after the current record's terminator (setting {@link #contentEnd} and {@link #newlinesInside}), or
     * {@link #pos} at end of input. A backslash takes the next unit with it, so an escaped LF does not end the record.
     */
    private int recordEnd() throws IOException {
        int p = pos;
        int escaped = -1; // the last escaped unit, which cannot be the CR of a CRLF
        newlinesInside = 0;
        while (true) {
            while (p + w <= limit) {
                int u = unit(p);
                if (u == BACKSLASH) {
                    if (p + 2 * w > limit) {
                        if (!eof) break;
                        p += w; // a backslash at the very end: the field ends there
                        continue;
                    }
                    if (unit(p + w) == LF) newlinesInside++;
                    escaped = p + w;
                    p += 2 * w;
                    continue;
                }
                if (u == LF) {
                    contentEnd = p - w >= pos && p - w != escaped && unit(p - w) == CR ? p - w : p;
                    return p + w;
                }
                p += w;
            }
            if (eof) {
                contentEnd = limit; // the last record has no terminator (an odd trailing byte of UTF-16 stays in it)
                return limit;
            }
            if (limit - pos >= MAX_RECORD_BYTES) {
                throw new IOException("line " + nextLine + " of " + name + " is longer than " + (MAX_RECORD_BYTES >> 20)
                        + " MB without a line end: is it a COPY text file, and is the encoding right?");
            }
            int scanned = p - pos;
            int esc = escaped < 0 ? -1 : escaped - pos;
            refill();
            p = pos + scanned;
            escaped = esc < 0 ? -1 : pos + esc;
        }
    }

    /** Skips physical lines (not records: {@code skip header} counts lines, as pgloader's read-line does). */
    private void skipLines(int n) throws IOException {
        for (int skipped = 0; skipped < n; skipped++) {
            int p = pos;
            while (true) {
                while (p + w <= limit && unit(p) != LF) p += w;
                if (p + w <= limit) {
                    pos = p + w;
                    break;
                }
                if (eof) {
                    pos = limit;
                    return;
                }
                int scanned = p - pos;
                refill();
                p = pos + scanned;
            }
            nextLine++;
        }
    }

    private void readHeader() throws IOException {
        if (!next()) return;
        if (problem != null) {
            headerProblem = problem;
            return;
        }
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) names.add(get(i) == null ? "" : get(i));
        header = List.copyOf(names);
        size = 0;
    }

    // ---------------------------------------------------------------- decoding

    /** The 1-based field that character {@code at} of the decoded record falls in. */
    @Override
    protected int fieldOf(int at) {
        char[] c = chars;
        int field = 1;
        for (int i = 0; i < at; i++) {
            if (c[i] == '\\') i++;
            else if (c[i] == delimiter) field++;
        }
        return field;
    }

    @Override
    protected String fieldText(int field) {
        return ", field " + field;
    }

    private boolean ascii(int from, int to) {
        final byte[] b = buf;
        for (int i = from; i < to; i++) if (b[i] < 0) return false;
        return true;
    }

    /** The decoded record ({@link #chars}) as UTF-8 in {@link #utf8}, its length in {@link #utf8Len}. */
    private byte[] utf8Bytes() {
        if (utf8.length < nChars * 3) utf8 = new byte[Math.max(nChars * 3, utf8.length * 2)];
        java.nio.charset.CharsetEncoder e = StandardCharsets.UTF_8.newEncoder();
        ByteBuffer out = ByteBuffer.wrap(utf8);
        e.encode(CharBuffer.wrap(chars, 0, nChars), out, true); // decoded text has no lone surrogate: cannot fail
        e.flush(out);
        utf8Len = out.position();
        return utf8;
    }

    /**
     * Splits a record of UTF-8 bytes {@code b[from, to)} on the delimiter (an ASCII byte) and decodes each field's
     * escapes into {@link #vals}. Escapes, the delimiter and CR are ASCII, so the bytes of a multi-byte character
     * (all 0x80 and above) are copied as they are.
     */
    private void split(byte[] b, int from, int to) {
        vals.ensure(to - from + 16); // an escape never gives more bytes than it takes
        final byte d = (byte) delimiter;
        int f = 0;
        int i = from;
        while (true) {
            if (f == vLen.length) grow();
            int rawStart = i;
            int start = vals.pos;
            boolean check = false; // an escape gave a NUL or a byte >= 0x80: the value must be checked as UTF-8
            while (i < to && b[i] != d) {
                int run = i;
                while (i < to && b[i] != d && b[i] != '\\' && b[i] != '\r') i++;
                if (i > run) {
                    System.arraycopy(b, run, vals.buf, vals.pos, i - run); // plain bytes, copied as they are
                    vals.pos += i - run;
                    continue;
                }
                int ch = b[i++];
                if (ch == '\r') {
                    refuse(CsvProblem.PARSE, "22P04", "literal carriage return found in data at line " + recLine + ", field "
                            + (f + 1) + " (file " + name + ")", "write a carriage return inside a value as \\r", f + 1);
                    return;
                }
                if (ch != '\\') {
                    vals.putByte(ch);
                    continue;
                }
                if (i >= to) break; // a backslash at the very end is dropped, as the server does
                if (b[i] == '.') {
                    // the server takes \. for the end-of-data marker wherever it is, and refuses it inside a line
                    refuse(CsvProblem.PARSE, "22P04", "end-of-copy marker corrupt: \\. inside a line at line " + recLine
                            + ", field " + (f + 1) + " (file " + name + ")", "a period needs no backslash: write . instead of \\.", f + 1);
                    return;
                }
                long decoded = CopyTextEscapes.decode(b, i, to);
                i = CopyTextEscapes.next(decoded);
                int v = CopyTextEscapes.value(decoded);
                check |= CopyTextEscapes.byNumber(decoded) && (v == 0 || v >= 0x80);
                vals.putByte(v);
            }
            int len = vals.pos - start;
            if (rawMatches(b, rawStart, i, nullBytes)) {
                vals.pos = start;
                len = -1;
            } else if (keepBackslashN && i - rawStart == 2 && b[rawStart] == '\\' && b[rawStart + 1] == 'N') {
                vals.pos = start;
                vals.putByte('\\');
                vals.putByte('N');
                len = 2;
            } else if (check && !validUtf8(start, len, f + 1)) {
                return;
            }
            vStart[f] = start;
            vLen[f] = len;
            f++;
            if (i >= to) break;
            i++; // the delimiter
        }
        size = f;
    }

    private static boolean rawMatches(byte[] b, int from, int to, byte[] s) {
        if (to - from != s.length) return false;
        for (int k = 0; k < s.length; k++) if (b[from + k] != s[k]) return false;
        return true;
    }

    /** Whether the value's bytes are UTF-8 without NUL; if not, the record is refused. */
    private boolean validUtf8(int start, int len, int field) {
        byte[] b = vals.buf;
        int check = Utf8Slice.check(b, start, start + len);
        if (check == Utf8Slice.HAS_NUL) {
            refuse(CsvProblem.NUL, "22021", "invalid byte sequence for encoding UTF8: 0x00 (an escape at line " + recLine
                    + ", field " + field + " gives a NUL byte; file " + name + ")",
                    "PostgreSQL text cannot contain NUL: remove the \\0 or \\x00 escape", field);
            return false;
        }
        if (check == Utf8Slice.MALFORMED) {
            StringBuilder hex = new StringBuilder();
            for (int k = 0; k < len; k++) {
                int x = b[start + k] & 0xFF;
                if (x >= 0x80) hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02x", x));
            }
            refuse(CsvProblem.ENCODING, "22021", "invalid byte sequence for encoding UTF8: " + hex + " (given by the escapes"
                            + " at line " + recLine + ", field " + field + "; file " + name + ")",
                    "octal and \\x escapes are bytes of UTF-8, whatever the file's encoding: write é as \\xc3\\xa9, or the character itself",
                    field);
            return false;
        }
        return true;
    }

    private void refuse(String stage, String sqlState, String message, String hint, int field) {
        problem = new CsvProblem(stage, sqlState, message, hint, field);
        size = 0;
        vals.pos = valsBase;
    }

    private void grow() {
        vStart = Arrays.copyOf(vStart, vStart.length * 2);
        vLen = Arrays.copyOf(vLen, vStart.length);
    }
}
