package dev.drover.engine.source.csv;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.plan.CsvSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the line-oriented readers (fixed-width, COPY text) share: the byte window over the input, in the code units of
 * the file's encoding (one byte, or two for UTF-16), the current record's bounds and original bytes, its values as
 * UTF-8 windows, and decoding a record's bytes with the problem a bad byte makes. Each reader keeps its own framing
 * (where a record ends) and its own way of cutting a record into fields.
 */
public abstract class LineRecords implements TextRecordReader {
    protected static final int LF = '\n';
    protected static final int CR = '\r';

    protected final String name;
    private final InputStream in;
    private final boolean closeInput;
    protected final Charset charset;
    private final RecordDecoder recordDecoder;
    protected final boolean asciiCompatible;
    /** Bytes per code unit: 1, or 2 for UTF-16. */
    protected final int w;
    protected final boolean bigEndian;

    protected byte[] buf;
    protected int limit;
    protected int pos;
    protected long bufOffset;
    protected boolean eof;
    protected long nextLine = 1;

    protected int recStart;
    protected int recEnd;
    protected int contentEnd;
    protected long recLine;
    protected CsvProblem problem;
    protected int size;
    /** The record decoded by {@link #decode}: {@code chars[0, nChars)}. */
    protected char[] chars;
    protected int nChars;
    private final CopyBuffer ownVals = new CopyBuffer(4096);
    protected CopyBuffer vals = ownVals;
    protected int valsBase;
    protected int[] vStart;
    protected int[] vLen;

    /** @param what the kind of file, for the encoding refusal ("fixed-width", "COPY text") */
    protected LineRecords(CsvSource source, SourceFile file, InputStream in, boolean closeInput, String what, int fields)
            throws IOException {
        this.name = file.displayName();
        this.in = in;
        this.closeInput = closeInput;
        this.buf = new byte[1 << 16];
        fill(4);
        TextEncoding enc = TextEncoding.detect(buf, limit, Encodings.forName(source.encoding()), what);
        this.charset = enc.charset();
        pos = enc.bom();
        w = enc.width();
        bigEndian = enc.bigEndian();
        asciiCompatible = enc.asciiCompatible();
        recordDecoder = new RecordDecoder(charset, asciiCompatible);
        vStart = new int[Math.max(1, fields)];
        vLen = new int[Math.max(1, fields)];
    }

    /** Starts the record {@code [pos, end)}: its line, no problem and no values yet. */
    protected final void beginRecord(int end, long line) {
        recStart = pos;
        recEnd = end;
        recLine = line;
        pos = end;
        problem = null;
        size = 0;
        if (vals == ownVals) vals.pos = 0;
        valsBase = vals.pos;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final long line() {
        return recLine;
    }

    @Override
    public final CsvProblem problem() {
        return problem;
    }

    @Override
    public final void valuesInto(CopyBuffer sink) {
        vals = sink == null ? ownVals : sink;
    }

    @Override
    public final void copyValues(CopyBuffer out, int[] starts, int[] lengths, int at) {
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
    public final byte[] original() {
        return Arrays.copyOfRange(buf, recStart, recEnd);
    }

    @Override
    public final void copyOriginal(CopyBuffer out) {
        out.putBytes(buf, recStart, recEnd - recStart);
    }

    @Override
    public final long bytesRead() {
        return bufOffset + pos;
    }

    /** The charset the file is read with (after byte order mark detection). */
    public final Charset charset() {
        return charset;
    }

    @Override
    public final void close() throws IOException {
        if (closeInput) in.close();
    }

    // ---------------------------------------------------------------- the byte window

    protected final int unit(int p) {
        if (w == 1) return buf[p] & 0xFF;
        return bigEndian ? ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF) : ((buf[p + 1] & 0xFF) << 8) | (buf[p] & 0xFF);
    }

    /** Moves the unread bytes to the front, grows the window when it is full, and reads more. */
    protected final void refill() throws IOException {
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

    /** The first NUL code unit of the current record's content, or -1. */
    protected final int findNul() {
        for (int p = recStart; p + w <= contentEnd; p += w) if (unit(p) == 0) return p;
        return -1;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes {@code buf[from, to)} into {@link #chars}; on a byte the encoding does not allow, sets {@link #problem}
     * (naming the bytes, the line and the field {@link #fieldOfDecoded} finds) and returns false.
     */
    protected final boolean decode(int from, int to) {
        boolean ok = recordDecoder.decode(buf, from, to);
        chars = recordDecoder.chars;
        nChars = recordDecoder.length;
        if (!ok) {
            int bad = from + recordDecoder.badAt;
            int field = fieldOf(recordDecoder.charsBefore);
            problem = new CsvProblem(CsvProblem.ENCODING, "22021",
                    (recordDecoder.badLength > 1 ? "invalid byte sequence " : "invalid byte ")
                            + RecordDecoder.hex(buf, bad, recordDecoder.badLength, to) + " for encoding " + charset.name()
                            + " at line " + recLine + fieldText(field) + " (file " + name + ")", encodingHint(charset), field);
        }
        return ok;
    }

    /** The 1-based field that holds the record's decoded character {@code at} (0: none), for messages. */
    protected abstract int fieldOf(int at);

    /** How a message names field {@code field} ({@code ", field 3"}), or "" for none. */
    protected abstract String fieldText(int field);

    /** What to do about a byte the file's encoding does not allow: one advice for every text reader. */
    public static String encodingHint(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) return "the file is probably latin1 or cp1252: use --encoding cp1252 (or latin1)";
        if (charset.equals(StandardCharsets.US_ASCII)) return "the file is not plain ASCII: use --encoding utf-8, cp1252 or latin1";
        return "the file is not valid " + charset.name() + ": check its encoding and set --encoding (utf-8, latin1, cp1252, utf-16...)";
    }
}
