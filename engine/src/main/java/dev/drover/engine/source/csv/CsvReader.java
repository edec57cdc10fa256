package dev.drover.engine.source.csv;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.plan.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads a delimited file record by record, keeping for each record its original bytes and the physical line
 * where it starts.
 *
 * <p>Two passes per record: a byte-level framer (works on code units: bytes, or 16-bit units for UTF-16) finds
 * where the record ends, following the quoting rules, counting line ends (LF, CRLF, lone CR, or the source's own
 * terminator) and spotting NUL bytes and malformed quoting; then the record's bytes are decoded (an ASCII fast path, else a reporting
 * {@link CharsetDecoder}) and split into fields. A record that cannot be framed, decoded or parsed becomes a
 * record with a {@link #problem()} and no fields; reading goes on with the next record. Only I/O errors throw.
 *
 * <p>The bytes stay in a retained window, so {@link #original()} copies only when called. Empty lines are
 * skipped (they still count for line numbers).
 */
public final class CsvReader implements TextRecordReader {
    private static final int LF = '\n';
    private static final int CR = '\r';
    private static final int MIN_BUFFER = 1 << 16;
    /** Records longer than this are cut (usually an unterminated quote that would swallow the file). */
    static final int MAX_RECORD_BYTES = 128 << 20;

    private final SourceFile file;
    private final InputStream in;
    private final boolean closeInput;
    private final long sizeBytes;
    private final Charset charset;
    private final RecordDecoder recordDecoder;
    private final int w; // code unit width in bytes
    private final boolean bigEndian;
    private final int qUnit; // -1 when no quote
    private final int eUnit; // -1 when doubled quotes or no quote
    private final boolean doubled;
    private final int[] dUnits;
    private final int d0;
    private final boolean[] special = new boolean[256];
    /** The bytes that end a run of plain bytes inside quotes (single-byte encodings). */
    private final boolean[] specialInQuotes = new boolean[256];
    private final char delim;
    private final char quoteChar;
    private final boolean hasQuote;
    private final char escapeChar;
    /** The escape character escapes whatever follows it, not only the quote (pgloader's csv escape mode following). */
    private final boolean escapeFollowing;
    /** A record terminator of the source's own: LF and CR are then data; {@link #tUnits} ends a record. */
    private final boolean customTerm;
    private final int[] tUnits;
    private final int t0; // -1 without a terminator of its own
    private final boolean trim;
    private final String[] markers;
    private final boolean onlyEmptyMarker;
    private final String name;

    int maxRecordBytes = MAX_RECORD_BYTES; // lowered by tests
    private byte[] buf;
    private int limit;
    private int pos;
    private long bufOffset; // file offset of buf[0]
    private boolean eof;
    private long nextLine = 1;

    // current record
    private int recStart;
    private int recEnd;
    private long recLine;
    private CsvProblem problem;
    private String[] values = new String[16];
    private int size;
    private char[] chars = new char[4096];
    private int nChars;
    /** The current record's field values as UTF-8 (unquoted, unescaped, trimmed), one window per field. */
    private final CopyBuffer ownVals = new CopyBuffer(4096);
    /** Where values go: {@link #ownVals} (reset per record), or the caller's buffer (appended to). */
    private CopyBuffer vals = ownVals;
    /** Where the current record's values start in {@link #vals}. */
    private int valsBase;
    private int[] vStart = new int[16];
    private int[] vLen = new int[16]; // -1 for NULL
    /** UTF-8 files with ASCII delimiter, quote and escape: fields are split and checked as bytes, no chars. */
    private final boolean byteMode;
    private final byte[][] markerBytes;
    private List<String> header = List.of();
    private CsvProblem headerProblem;

    // results of scan()
    private int sContentEnd;
    private int sNewlines;
    private int sBad; // 0 ok, 1 unterminated quote, 2 char after closing quote
    private int sBadField;
    private int sBadNewlines;
    private int sBadPos;
    private int sNulPos;
    private int sNulField;
    private int sNulNewlines;
    private int qStartField;
    private int qStartNewlines;
    // scan state kept when a record needs more bytes (so long records are not rescanned)
    private boolean rsActive;
    private int rsP;
    private boolean rsInQ;
    private boolean rsAfterQ;
    private boolean rsFieldStart;
    private int rsField;
    private int rsNl;

    private CsvReader(CsvSource o, SourceFile file, InputStream in, boolean closeInput, long sizeBytes) throws IOException {
        this.file = file;
        this.name = file.displayName();
        this.in = in;
        this.closeInput = closeInput;
        this.sizeBytes = sizeBytes;
        this.buf = new byte[sizeBytes >= 0 && sizeBytes < MIN_BUFFER ? MIN_BUFFER : 1 << 20];
        Charset declared = Encodings.forName(o.encoding());
        fill(4);
        TextEncoding enc = TextEncoding.detect(buf, limit, declared, "CSV");
        Charset cs = enc.charset();
        pos = enc.bom();
        this.charset = cs;
        w = enc.width();
        bigEndian = enc.bigEndian();
        this.recordDecoder = new RecordDecoder(cs, enc.asciiCompatible());

        this.delim = o.delimiter();
        this.hasQuote = o.quote() != null;
        this.quoteChar = hasQuote ? o.quote() : 0;
        this.doubled = hasQuote && (o.escape() == null || o.escape().charValue() == o.quote().charValue());
        this.escapeChar = hasQuote && !doubled ? o.escape() : 0;
        this.dUnits = units(delim, "delimiter");
        this.d0 = dUnits[0];
        this.qUnit = hasQuote ? singleUnit(quoteChar, "quote") : -1;
        this.eUnit = hasQuote && !doubled ? singleUnit(escapeChar, "escape") : -1;
        this.escapeFollowing = o.escapeMode() == CsvSource.EscapeMode.FOLLOWING;
        this.customTerm = o.lineTerminator() != null;
        this.tUnits = customTerm ? units(o.lineTerminator(), "line terminator") : null;
        this.t0 = customTerm ? tUnits[0] : -1;
        this.trim = o.trimBlanks();
        this.markers = o.nullMarkers().toArray(new String[0]);
        this.onlyEmptyMarker = markers.length == 1 && markers[0].isEmpty();
        this.markerBytes = new byte[markers.length][];
        for (int i = 0; i < markers.length; i++) markerBytes[i] = markers[i].getBytes(StandardCharsets.UTF_8);
        this.byteMode = w == 1 && cs.equals(StandardCharsets.UTF_8) && dUnits.length == 1 && d0 < 0x80
                && qUnit < 0x80 && eUnit < 0x80;
        special[LF] = !customTerm;
        special[CR] = !customTerm;
        if (customTerm && t0 < 256) special[t0] = true;
        special[0] = true;
        if (d0 < 256) special[d0] = true;
        if (qUnit >= 0 && qUnit < 256) special[qUnit] = true;
        for (int u : new int[] {customTerm ? -1 : LF, customTerm ? -1 : CR, 0, qUnit, eUnit}) if (u >= 0 && u < 256) specialInQuotes[u] = true;

        skipLines(o.skipLines());
        if (o.header()) {
            if (next()) {
                headerProblem = problem;
                List<String> h = new ArrayList<>(size);
                for (int i = 0; i < size; i++) h.add(get(i) == null ? "" : get(i));
                header = Collections.unmodifiableList(h);
            }
        }
    }

    /** Opens a file (or stdin for {@link SourceFile#STDIN}), skips {@code skipLines} and reads the header. */
    public static CsvReader open(CsvSource options, SourceFile file) throws IOException {
        if (file.path() == null) return new CsvReader(options, file, System.in, false, -1);
        InputStream in = Files.newInputStream(file.path());
        try {
            return new CsvReader(options, file, in, true, Files.size(file.path()));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens any stream (for tests and callers that already have one); {@code close()} closes it. */
    public static CsvReader open(CsvSource options, InputStream in, String displayName) throws IOException {
        return new CsvReader(options, new SourceFile(null, displayName), in, true, -1);
    }

    /**
     * Parses a character given by the user: a single character, {@code \t}, {@code tab}, {@code 'c'},
     * {@code 0x09} (hex code), {@code \\}, {@code space}.
     */
    public static char parseCharSpec(String spec) {
        if (spec == null || spec.isEmpty()) throw new IllegalArgumentException("empty character specification");
        String s = spec;
        if (s.length() >= 3 && s.startsWith("'") && s.endsWith("'")) s = s.substring(1, s.length() - 1);
        if (s.length() == 1) return s.charAt(0);
        switch (s.toLowerCase(Locale.ROOT)) {
            case "\\t", "tab" -> { return '\t'; }
            case "\\\\" -> { return '\\'; }
            case "space" -> { return ' '; }
            case "\\'" -> { return '\''; }
            default -> { }
        }
        if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            try {
                int v = Integer.parseInt(s.substring(2), 16);
                if (v >= 0 && v <= 0xFFFF) return (char) v;
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        throw new IllegalArgumentException("cannot read '" + spec + "' as one character (use c, 'c', \\t, tab or 0xNN)");
    }

    /** Advances to the next record; false at end of input. Bad data never throws: see {@link #problem()}. */
    public boolean next() throws IOException {
        while (true) {
            int end;
            while ((end = scan(pos)) < 0) {
                if (limit - pos >= maxRecordBytes) {
                    end = cutRunaway();
                    break;
                }
                refill();
            }
            if (end == pos) return false;
            recStart = pos;
            recEnd = end;
            recLine = nextLine;
            nextLine += sNewlines;
            pos = end;
            problem = null;
            size = 0;
            if (vals == ownVals) vals.pos = 0;
            valsBase = vals.pos;
            if (sBad == 0 && sNulPos < 0 && sContentEnd == recStart) continue; // empty line
            if (sBad == 1) {
                problem = new CsvProblem(CsvProblem.PARSE, "22P04",
                        "unterminated quoted field starting at line " + (recLine + sBadNewlines) + ", field " + sBadField
                                + " (record starting at line " + recLine + ", file " + name + ")",
                        "close the quote, double the quotes inside quoted fields, or load with no quote character"
                                + " if quotes are data", sBadField);
            } else if (sBad == 2) {
                problem = new CsvProblem(CsvProblem.PARSE, "22P04",
                        "unexpected character " + describeUnit(sBadPos) + " after the closing quote of field " + sBadField
                                + " at line " + (recLine + sBadNewlines) + " (file " + name + ")",
                        "a quote inside a quoted field must be doubled (\"\")"
                                + (doubled ? "" : " or escaped with " + escapeChar)
                                + "; or load with no quote character if quotes are data", sBadField);
            } else if (sBad == 3) {
                problem = new CsvProblem(CsvProblem.PARSE, "22P04",
                        "record starting at line " + recLine + " is longer than " + (maxRecordBytes >> 20 > 0
                                ? (maxRecordBytes >> 20) + " MB" : maxRecordBytes + " bytes")
                                + (rsInQ ? ": the quoted field " + qStartField + " is probably never closed" : "")
                                + "; its first line was rejected and reading goes on at the next line (file " + name + ")",
                        "close the quote, double the quotes inside quoted fields, or load with no quote character"
                                + " if quotes are data", rsInQ ? qStartField : 0);
                rsActive = false;
            } else if (sNulPos >= 0) {
                problem = new CsvProblem(CsvProblem.NUL, "22021",
                        "NUL byte (0x00) at line " + (recLine + sNulNewlines) + ", field " + sNulField + " (file " + name + ")",
                        "PostgreSQL text cannot contain NUL bytes: remove them from the file (e.g. tr -d '\\000')",
                        sNulField);
            } else if (byteMode) {
                splitBytes(recStart, sContentEnd);
            } else if (decode(recStart, sContentEnd)) {
                split();
                encodeValues();
            }
            return true;
        }
    }

    /** Number of fields of the current record (0 for a record with a problem). */
    public int size() {
        return size;
    }

    /** Field {@code i} (0-based), or null for SQL NULL. */
    public String get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("field " + i + " of " + size);
        if (!byteMode) return values[i];
        return vLen[i] < 0 ? null : new String(vals.buf, vStart[i], vLen[i], StandardCharsets.UTF_8);
    }

    /**
     * Makes the following records append their field values to {@code sink} (null: back to the reader's own
     * buffer), so a caller that keeps values of many records gets them without a copy.
     */
    public void valuesInto(CopyBuffer sink) {
        vals = sink == null ? ownVals : sink;
    }

    /**
     * The current record's field values, as valid UTF-8 without NUL, in {@code out}: for field {@code i} its
     * start at {@code starts[at + i]} and its length (-1 for NULL) at {@code lengths[at + i]}. The values are
     * appended to {@code out} unless they are already there ({@link #valuesInto}): the loader's per-record
     * path, with no String per field.
     */
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

    /** The 1-based physical line where the current record starts. */
    public long line() {
        return recLine;
    }

    /** The current record's bytes as in the file, line terminator included. */
    public byte[] original() {
        return Arrays.copyOfRange(buf, recStart, recEnd);
    }

    /** Appends the record's original bytes to {@code out}: the loader's per-row path, without a temporary array. */
    public void copyOriginal(dev.drover.engine.copy.CopyBuffer out) {
        out.putBytes(buf, recStart, recEnd - recStart);
    }

    /** Null for a good record. */
    public CsvProblem problem() {
        return problem;
    }

    /** Header field names (empty when the source has no header). */
    public List<String> header() {
        return header;
    }

    /** Why the header record could not be read (then {@link #header()} is empty), or null. */
    public CsvProblem headerProblem() {
        return headerProblem;
    }

    /** Source bytes consumed so far, BOM included. */
    public long bytesRead() {
        return bufOffset + pos;
    }

    /** File size in bytes, or -1 for stdin. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The charset the file is read with (after BOM detection). */
    public Charset charset() {
        return charset;
    }

    public SourceFile file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (closeInput) in.close();
    }

    // ---------------------------------------------------------------- framing

    private int unit(byte[] b, int p) {
        if (w == 1) return b[p] & 0xFF;
        return bigEndian ? ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF) : ((b[p + 1] & 0xFF) << 8) | (b[p] & 0xFF);
    }

    /**
     * Finds the end of the record starting at {@code p}. Returns the index after its terminator, {@code p} when
     * there is no more input, or -1 when more bytes are needed.
     */
    private int scan(int p) {
        final byte[] b = buf;
        final int lim = limit;
        final int w = this.w;
        final boolean[] special = this.special;
        boolean inQ;
        boolean afterQ;
        boolean fieldStart;
        int field;
        int nl;
        if (rsActive) {
            p = rsP;
            inQ = rsInQ;
            afterQ = rsAfterQ;
            fieldStart = rsFieldStart;
            field = rsField;
            nl = rsNl;
        } else {
            inQ = false;
            afterQ = false;
            fieldStart = true;
            field = 1;
            nl = 0;
            sBad = 0;
            sNulPos = -1;
        }
        rsActive = false;
        final boolean[] plain = special, plainQ = specialInQuotes;
        while (p + w <= lim) {
            if (w == 1) {
                // Runs of ordinary bytes, most of a file, in a tight loop; the special byte ending a run is
                // handled below like any unit.
                if (inQ) {
                    while (p < lim && !plainQ[b[p] & 0xFF]) p++;
                } else {
                    int s = p;
                    while (p < lim && !plain[b[p] & 0xFF]) p++;
                    if (p > s) {
                        if (afterQ) {
                            afterQ(s, field, nl);
                            afterQ = false;
                        }
                        fieldStart = false;
                    }
                }
                if (p >= lim) break;
            }
            int u = w == 1 ? b[p] & 0xFF : unit(b, p);
            if (inQ) {
                if (u == qUnit) {
                    if (doubled) {
                        if (p + 2 * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
                        if (p + 2 * w <= lim && unit(b, p + w) == qUnit) {
                            p += 2 * w;
                            continue;
                        }
                    }
                    inQ = false;
                    afterQ = true;
                    p += w;
                    continue;
                }
                if (u == eUnit) {
                    if (p + 2 * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
                    if (p + 2 * w <= lim) {
                        int n = unit(b, p + w);
                        if (!escapeFollowing && n != qUnit) {
                            p += w; // the escape is data, and what follows it is read as usual
                            continue;
                        }
                        if (n == 0) nul(p + w, field, nl);
                        if (!customTerm && (n == LF || n == CR)) {
                            nl++;
                            if (n == CR && p + 3 * w <= lim && unit(b, p + 2 * w) == LF) p += w;
                        }
                        p += 2 * w;
                    } else {
                        p += w;
                    }
                    continue;
                }
                if (u == CR && !customTerm) {
                    if (p + 2 * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
                    nl++;
                    p += (p + 2 * w <= lim && unit(b, p + w) == LF) ? 2 * w : w;
                    continue;
                }
                if (u == LF && !customTerm) nl++;
                else if (u == 0) nul(p, field, nl);
                p += w;
                continue;
            }
            if (u < 256 ? !special[u] : (u != d0 && u != qUnit && u != t0)) {
                if (afterQ) {
                    afterQ(p, field, nl);
                    afterQ = false;
                }
                fieldStart = false;
                p += w;
                continue;
            }
            if (u == t0) {
                int tl = tUnits.length;
                if (tl > 1 && p + tl * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
                if (tl == 1 || matchUnits(p, tUnits)) {
                    sContentEnd = p;
                    sNewlines = 1;
                    return p + tl * w;
                }
            }
            if (u == LF && !customTerm) {
                sContentEnd = p;
                sNewlines = nl + 1;
                return p + w;
            }
            if (u == CR && !customTerm) {
                if (p + 2 * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
                sContentEnd = p;
                sNewlines = nl + 1;
                return (p + 2 * w <= lim && unit(b, p + w) == LF) ? p + 2 * w : p + w;
            }
            if (u == d0) {
                int dl = dUnits.length;
                if (dl == 1 || matchDelimiter(p)) {
                    if (dl > 1 && p + dl * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
                    field++;
                    fieldStart = true;
                    afterQ = false;
                    p += dl * w;
                    continue;
                }
                if (dl > 1 && p + dl * w > lim && !eof) return more(p, inQ, afterQ, fieldStart, field, nl);
            }
            if (afterQ) {
                afterQ(p, field, nl);
                afterQ = false;
                fieldStart = false;
                if (u == 0) nul(p, field, nl);
                p += w;
                continue;
            }
            if (u == qUnit && fieldStart) {
                inQ = true;
                fieldStart = false;
                qStartField = field;
                qStartNewlines = nl;
                p += w;
                continue;
            }
            if (u == 0) nul(p, field, nl);
            fieldStart = false;
            p += w;
        }
        if (!eof) return more(p, inQ, afterQ, fieldStart, field, nl);
        // end of input: the last record has no terminator (a trailing odd byte of UTF-16 stays in it)
        sContentEnd = lim;
        sNewlines = 0;
        if (inQ && sBad == 0) {
            sBad = 1;
            sBadField = qStartField;
            sBadNewlines = qStartNewlines;
        }
        return lim;
    }

    /** A record too long to be true (usually an unterminated quote): gives up its first physical line. */
    private int cutRunaway() {
        int p = pos;
        int end = -1;
        while (p + w <= limit) {
            int u = unit(buf, p);
            if (customTerm) {
                if (u == t0 && matchUnits(p, tUnits)) {
                    end = p + tUnits.length * w;
                    break;
                }
                p += w;
                continue;
            }
            if (u == LF) {
                end = p + w;
                break;
            }
            if (u == CR) {
                end = (p + 2 * w <= limit && unit(buf, p + w) == LF) ? p + 2 * w : p + w;
                break;
            }
            p += w;
        }
        sContentEnd = p;
        sNewlines = end < 0 ? 0 : 1;
        sBad = 3;
        // rsActive stays set until the problem is built (it tells whether a quote was open)
        return end < 0 ? p : end;
    }

    private int more(int p, boolean inQ, boolean afterQ, boolean fieldStart, int field, int nl) {
        rsActive = true;
        rsP = p;
        rsInQ = inQ;
        rsAfterQ = afterQ;
        rsFieldStart = fieldStart;
        rsField = field;
        rsNl = nl;
        return -1;
    }

    private void afterQ(int p, int field, int nl) {
        if (sBad == 0) {
            sBad = 2;
            sBadPos = p;
            sBadField = field;
            sBadNewlines = nl;
        }
    }

    private void nul(int p, int field, int nl) {
        if (sNulPos < 0) {
            sNulPos = p;
            sNulField = field;
            sNulNewlines = nl;
        }
    }

    private boolean matchDelimiter(int p) {
        return matchUnits(p, dUnits);
    }

    private boolean matchUnits(int p, int[] d) {
        if (p + d.length * w > limit) return false;
        for (int k = 1; k < d.length; k++) if (unit(buf, p + k * w) != d[k]) return false;
        return true;
    }

    private String describeUnit(int p) {
        int u = unit(buf, p);
        if (u >= 0x20 && u < 0x7F) return "'" + (char) u + "'";
        return String.format("0x%02X", u);
    }

    private void refill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufOffset += pos;
            rsP -= pos;
            sBadPos -= pos;
            if (sNulPos >= 0) sNulPos -= pos;
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
        for (int skipped = 0; skipped < n; ) {
            if (pos + w > limit) {
                if (eof) return;
                refill();
                continue;
            }
            int u = unit(buf, pos);
            if (customTerm) {
                int tl = tUnits.length;
                if (u == t0 && pos + tl * w > limit && !eof) {
                    refill();
                    continue;
                }
                if (u == t0 && matchUnits(pos, tUnits)) {
                    pos += tl * w;
                    skipped++;
                    nextLine++;
                } else {
                    pos += w;
                }
            } else if (u == LF) {
                pos += w;
                skipped++;
                nextLine++;
            } else if (u == CR) {
                if (pos + 2 * w > limit && !eof) {
                    refill();
                    continue;
                }
                pos += (pos + 2 * w <= limit && unit(buf, pos + w) == LF) ? 2 * w : w;
                skipped++;
                nextLine++;
            } else {
                pos += w;
            }
        }
    }

    // ---------------------------------------------------------------- decoding and splitting

    private boolean decode(int from, int to) {
        boolean ok = recordDecoder.decode(buf, from, to);
        chars = recordDecoder.chars;
        nChars = recordDecoder.length;
        if (!ok) encodingProblem(from, recordDecoder.badAt, recordDecoder.badLength, recordDecoder.charsBefore);
        return ok;
    }

    private void encodingProblem(int from, int badAt, int badLen, int charsBefore) {
        // field of the bad byte, from the characters decoded before it
        int field = 1;
        boolean inQ = false;
        char[] c = chars;
        for (int i = 0; i < charsBefore; i++) {
            char ch = c[i];
            if (hasQuote && ch == quoteChar) inQ = !inQ;
            else if (!inQ && ch == delim) field++;
        }
        encodingProblem(from + badAt, badLen, field);
    }

    /** The record's problem for the bad byte(s) at {@code bad} in {@link #buf}, in field {@code field} (1-based). */
    private void encodingProblem(int bad, int badLen, int field) {
        size = 0;
        vals.pos = valsBase;
        long nl = 0;
        for (int i = recStart; !customTerm && i + w <= bad; i += w) {
            int u = unit(buf, i);
            if (u == LF && (i == recStart || unit(buf, i - w) != CR)) nl++;
            else if (u == CR) nl++;
        }
        String bytes = RecordDecoder.hex(buf, bad, badLen, recEnd);
        String what = badLen > 1 ? "invalid byte sequence " : "invalid byte ";
        String hint = LineRecords.encodingHint(charset);
        problem = new CsvProblem(CsvProblem.ENCODING, "22021",
                what + bytes + " for encoding " + charset.name() + " at line " + (recLine + nl) + ", field " + field
                        + " (file " + name + ")", hint, field);
    }

    private void split() {
        final char[] c = chars;
        final int n = nChars;
        final char d = delim;
        int i = 0;
        while (true) {
            String v;
            if (hasQuote && i < n && c[i] == quoteChar) {
                int s = ++i;
                StringBuilder sb = null;
                while (i < n) {
                    char ch = c[i];
                    if (ch == quoteChar) {
                        if (doubled && i + 1 < n && c[i + 1] == quoteChar) {
                            if (sb == null) sb = new StringBuilder(i - s + 16);
                            sb.append(c, s, i - s).append(quoteChar);
                            i += 2;
                            s = i;
                            continue;
                        }
                        break;
                    }
                    if (!doubled && ch == escapeChar && i + 1 < n && (escapeFollowing || c[i + 1] == quoteChar)) {
                        if (sb == null) sb = new StringBuilder(i - s + 16);
                        sb.append(c, s, i - s).append(c[i + 1]);
                        i += 2;
                        s = i;
                        continue;
                    }
                    i++;
                }
                v = sb == null ? new String(c, s, i - s) : sb.append(c, s, i - s).toString();
                i++; // closing quote
                while (i < n && c[i] != d) i++; // nothing for a well-formed record
            } else {
                int s = i;
                while (i < n && c[i] != d) i++;
                v = unquoted(c, s, i);
            }
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
            if (i >= n) break;
            i++; // delimiter
        }
    }

    private String unquoted(char[] c, int s, int e) {
        if (trim) {
            while (s < e && c[s] == ' ') s++;
            while (e > s && c[e - 1] == ' ') e--;
        }
        int len = e - s;
        if (onlyEmptyMarker) return len == 0 ? null : new String(c, s, len);
        outer:
        for (String m : markers) {
            if (m.length() != len) continue;
            for (int k = 0; k < len; k++) if (m.charAt(k) != c[s + k]) continue outer;
            return null;
        }
        return new String(c, s, len);
    }

    /**
     * Splits a UTF-8 record into {@link #vals} in one pass over its bytes, checking the encoding on the way
     * (the same rules as Java's decoder: no overlong forms, no surrogates, nothing above U+10FFFF).
     */
    private void splitBytes(int from, int to) {
        final byte[] b = buf;
        final byte d = (byte) d0;
        final byte q = (byte) qUnit;
        final byte e = (byte) eUnit;
        final CopyBuffer out = vals;
        out.ensure(to - from);
        int i = from;
        while (true) {
            int field = size;
            if (field == vStart.length) {
                vStart = Arrays.copyOf(vStart, field * 2);
                vLen = Arrays.copyOf(vLen, field * 2);
            }
            int start = out.pos;
            if (hasQuote && i < to && b[i] == q) {
                int s = ++i;
                while (i < to) {
                    byte x = b[i];
                    if (x == q) {
                        if (doubled && i + 1 < to && b[i + 1] == q) {
                            append(b, s, i + 1 - s); // one quote of the pair
                            i += 2;
                            s = i;
                            continue;
                        }
                        break;
                    }
                    if (!doubled && x == e && i + 1 < to && (escapeFollowing || b[i + 1] == q)) {
                        append(b, s, i - s);
                        i++;
                        int next = b[i] >= 0 ? i + 1 : skipUtf8(b, i, to, field);
                        if (next < 0) return;
                        append(b, i, next - i);
                        i = next;
                        s = i;
                        continue;
                    }
                    if (x < 0) {
                        i = skipUtf8(b, i, to, field);
                        if (i < 0) return;
                    } else {
                        i++;
                    }
                }
                append(b, s, i - s);
                i++; // closing quote
                while (i < to && b[i] != d) i++; // nothing for a well-formed record
                vStart[field] = start;
                vLen[field] = out.pos - start;
            } else {
                int s = i;
                while (i < to) {
                    byte x = b[i];
                    if (x == d) break;
                    if (x < 0) {
                        i = skipUtf8(b, i, to, field);
                        if (i < 0) return;
                    } else {
                        i++;
                    }
                }
                int en = i;
                if (trim) {
                    while (s < en && b[s] == ' ') s++;
                    while (en > s && b[en - 1] == ' ') en--;
                }
                vStart[field] = start;
                if (isNullMarker(b, s, en - s)) {
                    vLen[field] = -1;
                } else {
                    append(b, s, en - s);
                    vLen[field] = en - s;
                }
            }
            size = field + 1;
            if (i >= to) break;
            i++; // delimiter
        }
    }

    /** The index after the multi-byte character at {@code i}, or -1 when it is malformed (the record's problem is set). */
    private int skipUtf8(byte[] b, int i, int to, int field) {
        int n = Utf8Slice.utf8Length(b, i, to);
        if (n < 0) {
            encodingProblem(i, -n, field + 1);
            return -1;
        }
        return i + n;
    }

    private void append(byte[] b, int from, int len) {
        System.arraycopy(b, from, vals.buf, vals.pos, len);
        vals.pos += len;
    }

    private boolean isNullMarker(byte[] b, int s, int len) {
        if (onlyEmptyMarker) return len == 0;
        outer:
        for (byte[] m : markerBytes) {
            if (m.length != len) continue;
            for (int k = 0; k < len; k++) if (m[k] != b[s + k]) continue outer;
            return true;
        }
        return false;
    }

    /** The slow path's Strings as UTF-8 values, so callers read every charset the same way. */
    private void encodeValues() {
        if (vStart.length < size) {
            vStart = new int[Math.max(size, vStart.length * 2)];
            vLen = new int[vStart.length];
        }
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

    // ---------------------------------------------------------------- setup helpers

    private Charset unitCharset() {
        if (w == 2) return bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
        return charset;
    }

    private int[] units(char ch, String what) {
        byte[] bytes;
        try {
            ByteBuffer bb = unitCharset().newEncoder().encode(CharBuffer.wrap(new char[] {ch}));
            bytes = new byte[bb.remaining()];
            bb.get(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the " + what + " '" + ch + "' cannot be written in encoding " + charset.name());
        }
        int[] u = new int[bytes.length / w];
        for (int k = 0; k < u.length; k++) {
            u[k] = w == 1 ? bytes[k] & 0xFF : bigEndian ? ((bytes[2 * k] & 0xFF) << 8) | (bytes[2 * k + 1] & 0xFF)
                    : ((bytes[2 * k + 1] & 0xFF) << 8) | (bytes[2 * k] & 0xFF);
        }
        if (u.length == 0) throw new IllegalArgumentException("empty " + what);
        return u;
    }

    private int singleUnit(char ch, String what) {
        int[] u = units(ch, what);
        if (u.length != 1) {
            throw new IllegalArgumentException("the " + what + " character '" + ch + "' takes several bytes in "
                    + charset.name() + ": use an ASCII " + what + " character");
        }
        if (u[0] == LF || u[0] == CR) throw new IllegalArgumentException("the " + what + " cannot be a line end");
        return u[0];
    }

}
