package dev.drover.engine.source.fixed;

import dev.drover.engine.cast.PgloaderDateFormat;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.FixedField;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.Encodings;
import dev.drover.engine.source.csv.SourceFile;
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
public final class FixedReader implements TextRecordReader {
    private static final int LF = '\n';
    private static final int CR = '\r';
    /** A line longer than this is not a fixed-width record (probably a binary file): reading stops. */
    static final int MAX_LINE_BYTES = 128 << 20;

    private final String name;
    private final InputStream in;
    private final boolean closeInput;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final boolean latin1;
    private final boolean asciiCompatible;
    private final int w;
    private final boolean bigEndian;
    private final FixedField[] fields;
    private final PgloaderDateFormat[] formats;
    private final List<String> header;

    private byte[] buf;
    private int limit;
    private int pos;
    private long bufOffset;
    private boolean eof;
    private long nextLine = 1;

    private int recStart;
    private int recEnd;
    private int contentEnd;
    private long recLine;
    private CsvProblem problem;
    private final String[] values;
    private int size;
    private char[] chars = new char[4096];
    private int nChars;
    private final CopyBuffer ownVals = new CopyBuffer(4096);
    private CopyBuffer vals = ownVals;
    private int valsBase;
    private final int[] vStart;
    private final int[] vLen;

    private FixedReader(CsvSource source, SourceFile file, InputStream in, boolean closeInput) throws IOException {
        if (!source.isFixed()) throw new IllegalArgumentException("the source has no fixed-width fields");
        this.name = file.displayName();
        this.in = in;
        this.closeInput = closeInput;
        this.buf = new byte[1 << 16];
        fill(4);
        dev.drover.engine.source.csv.TextEncoding enc = dev.drover.engine.source.csv.TextEncoding.detect(buf, limit,
                Encodings.forName(source.encoding()), "fixed-width");
        Charset cs = enc.charset();
        pos = enc.bom();
        this.charset = cs;
        w = enc.width();
        bigEndian = enc.bigEndian();
        this.decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.latin1 = cs.equals(StandardCharsets.ISO_8859_1);
        this.asciiCompatible = enc.asciiCompatible();
        this.fields = source.fixed().toArray(new FixedField[0]);
        this.formats = new PgloaderDateFormat[fields.length];
        List<String> names = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i++) {
            names.add(fields[i].name());
            if (fields[i].dateFormat() != null) formats[i] = PgloaderDateFormat.compile(fields[i].dateFormat());
        }
        this.header = List.copyOf(names);
        this.values = new String[fields.length];
        this.vStart = new int[fields.length];
        this.vLen = new int[fields.length];
        skipLines(source.skipLines());
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
            recStart = pos;
            recEnd = end;
            recLine = nextLine++;
            pos = end;
            problem = null;
            size = 0;
            if (vals == ownVals) vals.pos = 0;
            valsBase = vals.pos;
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
    public int size() {
        return size;
    }

    @Override
    public String get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("field " + i + " of " + size);
        return values[i];
    }

    @Override
    public long line() {
        return recLine;
    }

    @Override
    public CsvProblem problem() {
        return problem;
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

    /** The current line's bytes as in the file, terminator included. */
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

    /** The charset the file is read with (after BOM detection). */
    public Charset charset() {
        return charset;
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

    private void skipLines(int n) throws IOException {
        for (int skipped = 0; skipped < n; skipped++) {
            int end = lineEnd();
            if (end == pos) return;
            pos = end;
            nextLine++;
        }
    }

    // ---------------------------------------------------------------- decoding and slicing

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
            int field = fieldAt(Character.codePointCount(c, 0, cb.position()));
            StringBuilder bytes = new StringBuilder();
            for (int k = 0; k < Math.max(1, r.length()) && bad + k < to; k++) {
                if (k > 0) bytes.append(' ');
                bytes.append(String.format("0x%02X", b[bad + k] & 0xFF));
            }
            String hint;
            if (charset.equals(StandardCharsets.UTF_8)) hint = "the file is probably latin1 or cp1252: use --encoding cp1252 (or latin1)";
            else if (charset.equals(StandardCharsets.US_ASCII)) hint = "the file is not plain ASCII: use --encoding utf-8, cp1252 or latin1";
            else hint = "the file is not valid " + charset.name() + ": check its encoding and set --encoding (utf-8, latin1, cp1252, utf-16...)";
            problem = new CsvProblem(CsvProblem.ENCODING, "22021",
                    (r.length() > 1 ? "invalid byte sequence " : "invalid byte ") + bytes + " for encoding " + charset.name()
                            + " at line " + recLine + fieldText(field) + " (file " + name + ")", hint, field);
            return false;
        }
        if (r.isOverflow()) throw new IllegalStateException("char buffer too small");
        nChars = cb.position();
        return true;
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

    private String fieldText(int field) {
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
