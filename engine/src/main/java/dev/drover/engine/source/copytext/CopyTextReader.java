package dev.drover.engine.source.copytext;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.Encodings;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.source.csv.TextEncoding;
import dev.drover.engine.source.csv.TextRecordReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
public final class CopyTextReader implements TextRecordReader {
    private static final int LF = '\n';
    private static final int CR = '\r';
    private static final int BACKSLASH = '\\';
    /** A record longer than this is not COPY text (probably a binary file): reading stops. */
    static final int MAX_RECORD_BYTES = 128 << 20;

    private final String name;
    private final InputStream in;
    private final boolean closeInput;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final boolean latin1;
    private final boolean asciiCompatible;
    /** UTF-8 files are split as they are (once checked); other encodings are first turned into UTF-8. */
    private final boolean utf8File;
    private byte[] utf8 = new byte[4096];
    private int utf8Len;
    private final int w;
    private final boolean bigEndian;
    private final char delimiter;
    /** The null string as UTF-8: fields are compared raw, before their escapes are decoded. */
    private final byte[] nullBytes;
    /** pgloader's re-escape of a literal {@code \N} applies only when another null string is set. */
    private final boolean keepBackslashN;

    private byte[] buf;
    private int limit;
    private int pos;
    private long bufOffset;
    private boolean eof;
    private boolean ended;
    private long nextLine = 1;

    private int recStart;
    private int recEnd;
    private int contentEnd;
    private int newlinesInside;
    private long recLine;
    private CsvProblem problem;
    private int size;
    private char[] chars = new char[4096];
    private int nChars;
    private final CopyBuffer ownVals = new CopyBuffer(4096);
    private CopyBuffer vals = ownVals;
    private int valsBase;
    private int[] vStart = new int[16];
    private int[] vLen = new int[16];
    private List<String> header = List.of();
    private CsvProblem headerProblem;

    private CopyTextReader(CsvSource source, SourceFile file, InputStream in, boolean closeInput) throws IOException {
        if (!source.isCopyText()) throw new IllegalArgumentException("the source is not COPY text");
        this.name = file.displayName();
        this.in = in;
        this.closeInput = closeInput;
        this.buf = new byte[1 << 16];
        fill(4);
        TextEncoding enc = TextEncoding.detect(buf, limit, Encodings.forName(source.encoding()), "COPY text");
        this.charset = enc.charset();
        pos = enc.bom();
        w = enc.width();
        bigEndian = enc.bigEndian();
        decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        latin1 = charset.equals(StandardCharsets.ISO_8859_1);
        asciiCompatible = enc.asciiCompatible();
        utf8File = charset.equals(StandardCharsets.UTF_8);
        delimiter = source.delimiter();
        String nullString = source.nullMarkers().get(0);
        nullBytes = nullString.getBytes(StandardCharsets.UTF_8);
        keepBackslashN = !nullString.equals("\\N");
        skipLines(source.skipLines());
        if (source.header()) readHeader();
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
            recStart = pos;
            recEnd = end;
            recLine = nextLine;
            nextLine += 1 + newlinesInside;
            pos = end;
            problem = null;
            size = 0;
            if (vals == ownVals) vals.pos = 0;
            valsBase = vals.pos;
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
    public int size() {
        return size;
    }

    @Override
    public String get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("field " + i + " of " + size);
        // made on demand: the load itself takes the UTF-8 bytes (copyValues), and they are valid UTF-8 by now
        return vLen[i] < 0 ? null : new String(vals.buf, vStart[i], vLen[i], StandardCharsets.UTF_8);
    }

    @Override
    public long line() {
        return recLine;
    }

    @Override
    public CsvProblem problem() {
        return problem;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public CsvProblem headerProblem() {
        return headerProblem;
    }

    @Override
    public void valuesInto(CopyBuffer sink) {
        vals = sink == null ? ownVals : sink;
    }

    @Override
    public void copyValues(CopyBuffer out, int[] starts, int[] lengths, int at) {
        int shift = 0;
        if (out != vals) {
            shift = out.pos - valsBase;
            out.putBytes(vals.buf, valsBase, vals.pos - valsBase);
        }
        for (int i = 0; i < size; i++) {
            starts[at + i] = vStart[i] + shift;
            lengths[at + i] = vLen[i];
        }
    }

    /** The current record's bytes as in the file, terminator included. */
    public byte[] original() {
        return Arrays.copyOfRange(buf, recStart, recEnd);
    }

    @Override
    public void copyOriginal(CopyBuffer out) {
        out.putBytes(buf, recStart, recEnd - recStart);
    }

    @Override
    public long bytesRead() {
        return bufOffset + pos;
    }

    @Override
    public void close() throws IOException {
        if (closeInput) in.close();
    }

    // ---------------------------------------------------------------- framing

    private int unit(int p) {
        if (w == 1) return buf[p] & 0xFF;
        return bigEndian ? ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF) : ((buf[p + 1] & 0xFF) << 8) | (buf[p] & 0xFF);
    }

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

    private int findNul() {
        for (int p = recStart; p + w <= contentEnd; p += w) if (unit(p) == 0) return p;
        return -1;
    }

    private void refill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufOffset += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }

    private void fill(int atLeast) throws IOException {
        while (!eof && limit < atLeast) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) eof = true;
            else limit += n;
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

    private boolean decode(int from, int to) {
        int len = to - from;
        if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
        final byte[] b = buf;
        final char[] c = chars;
        if (latin1) {
            for (int i = 0; i < len; i++) c[i] = (char) (b[from + i] & 0xFF);
            nChars = len;
            return true;
        }
        if (asciiCompatible) {
            int i = 0;
            for (; i < len; i++) {
                byte x = b[from + i];
                if (x < 0) break;
                c[i] = (char) x;
            }
            if (i == len) {
                nChars = len;
                return true;
            }
        }
        decoder.reset();
        ByteBuffer bb = ByteBuffer.wrap(b, from, len);
        CharBuffer cb = CharBuffer.wrap(c);
        CoderResult r = decoder.decode(bb, cb, true);
        if (!r.isError()) r = decoder.flush(cb);
        if (r.isError()) {
            int bad = bb.position();
            StringBuilder bytes = new StringBuilder();
            for (int k = 0; k < Math.max(1, r.length()) && bad + k < to; k++) {
                if (k > 0) bytes.append(' ');
                bytes.append(String.format("0x%02X", b[bad + k] & 0xFF));
            }
            int field = fieldOf(c, cb.position());
            String hint;
            if (charset.equals(StandardCharsets.UTF_8)) hint = "the file is probably latin1 or cp1252: set its encoding (WITH ENCODING latin1, --encoding cp1252)";
            else hint = "the file is not valid " + charset.name() + ": check its encoding";
            problem = new CsvProblem(CsvProblem.ENCODING, "22021",
                    (r.length() > 1 ? "invalid byte sequence " : "invalid byte ") + bytes + " for encoding " + charset.name()
                            + " at line " + recLine + ", field " + field + " (file " + name + ")", hint, field);
            return false;
        }
        nChars = cb.position();
        return true;
    }

    /** The 1-based field that character {@code at} of the decoded record falls in. */
    private int fieldOf(char[] c, int at) {
        int field = 1;
        for (int i = 0; i < at; i++) {
            if (c[i] == '\\') i++;
            else if (c[i] == delimiter) field++;
        }
        return field;
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
                int e = b[i++];
                int v;
                switch (e) {
                    case 'b' -> v = '\b';
                    case 'f' -> v = '\f';
                    case 'n' -> v = '\n';
                    case 'r' -> v = '\r';
                    case 't' -> v = '\t';
                    case 'v' -> v = 0x0B;
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        v = e - '0';
                        for (int k = 0; k < 2 && i < to && b[i] >= '0' && b[i] <= '7'; k++) v = v * 8 + (b[i++] - '0');
                        v &= 0xFF;
                        check |= v == 0 || v >= 0x80;
                    }
                    case '.' -> {
                        // the server takes \. for the end-of-data marker wherever it is, and refuses it inside a line
                        refuse(CsvProblem.PARSE, "22P04", "end-of-copy marker corrupt: \\. inside a line at line " + recLine
                                + ", field " + (f + 1) + " (file " + name + ")", "a period needs no backslash: write . instead of \\.", f + 1);
                        return;
                    }
                    case 'x' -> {
                        int h = i < to ? hexDigit(b[i]) : -1;
                        if (h < 0) {
                            v = 'x'; // \x without a hex digit is an x
                        } else {
                            v = h;
                            i++;
                            int h2 = i < to ? hexDigit(b[i]) : -1;
                            if (h2 >= 0) {
                                v = v * 16 + h2;
                                i++;
                            }
                            check |= v == 0 || v >= 0x80;
                        }
                    }
                    default -> v = e; // any other byte stands for itself (a multi-byte character's rest follows as is)
                }
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

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
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
