package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transforms;
import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.copy.codec.Codecs;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a source table through its cursor into the pump's blocks, in the same shape as parsed CSV: each
 * value converted by its column's transform into PostgreSQL's text syntax (UTF-8), the row's source values
 * as one CSV line for the reject files, and a value that cannot be converted rejecting its row with the
 * column named. From there the table goes through the same encoding, batches and writers as a file.
 */
final class DbRecords implements RecordPump.Producer {
    private static final HexFormat HEX = HexFormat.of();

    private final DatabaseSource source;
    private final SourceTable table;
    private final List<ColumnCast> casts;
    private final Transform[] transforms;
    /** Per identity column, the largest integer the source held, loaded or not (0 when none). */
    private final long[] identityMax;

    /** Cursors that read a big table side by side, in key slices (the load's concurrency). */
    private final int readers;
    private java.util.function.Consumer<String> notices = m -> { };

    /** Where to say that a table is read in slices (the run's notices). */
    void onSlices(java.util.function.Consumer<String> notices) {
        this.notices = notices;
    }

    DbRecords(DatabaseSource source, SourceTable table, List<ColumnCast> casts) {
        this(source, table, casts, 1);
    }

    DbRecords(DatabaseSource source, SourceTable table, List<ColumnCast> casts, int readers) {
        this.readers = Math.max(1, readers);
        this.source = source;
        this.table = table;
        this.casts = List.copyOf(casts);
        this.transforms = new Transform[casts.size()];
        this.identityMax = new long[casts.size()];
        for (int i = 0; i < transforms.length; i++) transforms[i] = Transforms.forColumn(casts.get(i));
    }

    /** Per column that looks for zero dates and found some: how many, and what they became. */
    List<TableReport.Conversion> conversions() {
        List<TableReport.Conversion> out = new java.util.ArrayList<>();
        for (Transform t : transforms) {
            if (t instanceof ZeroDates.Guard g && g.count() > 0) {
                out.add(new TableReport.Conversion(g.column(), TableReport.Conversion.ZERO_DATES, g.outcome(), g.count()));
            }
        }
        return out;
    }

    /**
     * The largest source value of each identity column by target name, rejected rows included: the sequence goes
     * past it, so a rejected row fixed and loaded later keeps its key.
     */
    java.util.Map<String, Long> identityMax() {
        java.util.Map<String, Long> m = new java.util.HashMap<>();
        for (int i = 0; i < identityMax.length; i++) if (casts.get(i).identity()) m.put(casts.get(i).targetName(), identityMax[i]);
        return m;
    }

    /** The catalog's row estimate of the table, or -1: progress bars and ETAs for databases go by rows. */
    long rowEstimate() {
        return table.rowEstimate() > 0 ? table.rowEstimate() : -1;
    }

    /** The target column names, which the pump announces as the source's header. */
    List<String> header() {
        return casts.stream().map(ColumnCast::targetName).toList();
    }

    /** Tables smaller than this are read by one cursor: a second one would cost more than it saves. */
    static final long SPLIT_ROWS = 100_000;

    @Override
    public void produce(RecordPump.Out out) throws IOException, InterruptedException {
        if (!out.startSource(0, header(), null)) return;
        AtomicLong rows = new AtomicLong();
        List<KeyRange> ranges;
        try {
            ranges = ranges();
        } catch (SQLException e) {
            throw new IOException("reading the key range of " + table.display() + ": " + e.getMessage(), e);
        }
        if (ranges.size() == 1) {
            read(ranges.get(0), out, rows);
        } else {
            notices.accept("reading in " + ranges.size() + " key slices by " + ranges.get(0).column() + " on "
                    + ranges.size() + " connections");
            // one cursor per slice, each filling its own blocks; the encoder takes blocks in whatever order they come
            AtomicReference<Exception> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (KeyRange r : ranges.subList(1, ranges.size())) {
                RecordPump.Out o = out.sibling();
                Thread t = new Thread(() -> {
                    try {
                        read(r, o, rows);
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, Thread.currentThread().getName() + "-" + threads.size());
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            try {
                read(ranges.get(0), out, rows);
            } finally {
                for (Thread t : threads) t.join();
            }
            if (failure.get() instanceof IOException io) throw io;
            if (failure.get() instanceof RuntimeException re) throw re;
        }
        out.endSource(rows.get());
    }

    /** The slices to read: one open range, or {@code readers} key slices of a big table whose source can split it. */
    private List<KeyRange> ranges() throws SQLException {
        if (readers > 1 && table.rowEstimate() >= SPLIT_ROWS) {
            Optional<String> key = source.rangeKey(table);
            if (key.isPresent()) {
                long[] bounds = source.keyBounds(table, key.get());
                if (bounds != null) return KeyRange.split(key.get(), bounds[0], bounds[1], readers);
            }
        }
        return java.util.Collections.singletonList(null);
    }

    /** Reads one slice ({@code null}: the whole table) into blocks through {@code out}; row numbers come from {@code rows}. */
    private void read(KeyRange range, RecordPump.Out out, AtomicLong rows) throws IOException, InterruptedException {
        int n = casts.size();
        List<String> columns = casts.stream().map(c -> c.source().name()).toList();
        boolean[] identity = new boolean[n];
        for (int i = 0; i < n; i++) identity[i] = casts.get(i).identity();
        Object[] raw = new Object[n];
        Object[] converted = new Object[n];
        long[] maxima = new long[n];
        long row = 0;
        try (RowCursor cursor = range == null ? source.rows(table, columns) : source.rows(table, columns, range)) {
            while (!out.stopping() && cursor.next()) {
                row = rows.incrementAndGet();
                RecordPump.Block b = out.block(0);
                if (b == null) return;
                cursor.read(raw);
                for (int i = 0; i < n; i++) {
                    if (identity[i] && raw[i] instanceof Long v && v > maxima[i]) maxima[i] = v;
                }
                CsvProblem problem = convert(raw, converted, cursor);
                int k = b.beginRecord(problem == null ? n : 0, row, problem);
                if (problem == null) {
                    int at = b.firstValue[k];
                    for (int i = 0; i < n; i++) {
                        problem = put(b, at + i, converted[i], i, cursor);
                        if (problem != null) break;
                    }
                    if (problem != null) {
                        b.sizes[k] = 0;
                        b.problems[k] = problem;
                    }
                }
                pack(raw, b.originals);
                b.originalEnd[k] = b.originals.pos;
                out.recordDone(row);
            }
            if (range != null) out.endSource(rows.get()); // a slice hands over its last block itself
        } catch (SQLException e) {
            throw new IOException("reading " + table.display() + (range == null ? "" : " (" + range.condition(c -> c) + ")")
                    + " after " + row + " rows: " + e.getMessage(), e);
        } finally {
            synchronized (identityMax) {
                for (int i = 0; i < n; i++) identityMax[i] = Math.max(identityMax[i], maxima[i]);
            }
        }
    }

    private CsvProblem convert(Object[] raw, Object[] converted, RowCursor cursor) throws SQLException {
        for (int i = 0; i < raw.length; i++) {
            Object v = raw[i];
            if (transforms[i] != null) {
                try {
                    v = transforms[i].apply(v);
                } catch (Transform.TransformException e) {
                    return problem(i, "22P02", e.getMessage(), cursor);
                }
            }
            converted[i] = v;
        }
        return null;
    }

    /**
     * Writes value {@code slot} of the block: NULL, UTF-8 text, or a typed value (a number, boolean or bytes) that the
     * encoder writes without text; a text PostgreSQL cannot hold is a problem.
     */
    private CsvProblem put(RecordPump.Block b, int slot, Object v, int column, RowCursor cursor) throws SQLException {
        if (v == null) {
            b.valueStart[slot] = b.values.pos;
            b.valueLength[slot] = -1;
            return null;
        }
        if (typed(v)) {
            b.typed[slot] = v;
            b.valueLength[slot] = RecordPump.Block.TYPED;
            return null;
        }
        int start = b.values.pos;
        if (v instanceof Utf8Slice u) {
            b.values.ensure(u.length());
            b.values.putBytes(u.bytes(), u.offset(), u.length());
        } else {
            try {
                Codecs.appendUtf8(text(v), b.values);
            } catch (ValueRejected e) {
                b.values.pos = start;
                return problem(column, e.sqlState(), e.getMessage(), cursor);
            }
        }
        b.valueStart[slot] = start;
        b.valueLength[slot] = b.values.pos - start;
        return null;
    }

    /** Values the encoders write from what they are: whole numbers, floats, exact decimals, booleans and bytes. */
    private static boolean typed(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof byte[]
                || v instanceof BigDecimal || v instanceof Short || v instanceof Byte || v instanceof Float
                || v instanceof java.math.BigInteger;
    }

    /** A value in PostgreSQL's input syntax: bytes as {@code \\x} hex, anything else as {@link #text}. */
    static CharSequence copyInput(Object v) {
        return v instanceof byte[] bytes ? "\\x" + HEX.formatHex(bytes) : text(v);
    }

    /**
     * The text the load sends for a converted value, bytea as {@code \x} hex, or null for NULL: what a sample
     * compares with the target.
     */
    static String targetText(Object converted) {
        return converted == null ? null : copyInput(converted).toString();
    }

    /** Exact text for a driver value: no float formatting of decimals, ISO for dates and times. */
    static CharSequence text(Object v) {
        if (v instanceof CharSequence s) return s;
        if (v instanceof BigDecimal d) return d.toPlainString();
        return v.toString();
    }

    private CsvProblem problem(int column, String state, String message, RowCursor cursor) throws SQLException {
        ColumnCast c = casts.get(column);
        return new CsvProblem("value", state, message + " (column " + c.source().name() + ", " + cursor.position()
                + " of " + table.display() + ")", "fix the value in the source, or give the column a cast rule with a"
                + " transform or a wider type (drover explain shows the rule it got)", column + 1);
    }

    private static final byte NULL = 0, LONG = 1, DOUBLE = 2, UTF8 = 3, CSV = 4, DECIMAL = 5;

    /**
     * The source row kept for a possible reject, packed: whole numbers and floats as their 8 bytes, UTF-8 text as it
     * is, anything else as its CSV field. Only a rejected row becomes a CSV line ({@link #csvLine}), so the formatting
     * of every float and integer is paid for the few rows that need it, not for every row read.
     */
    static void pack(Object[] raw, CopyBuffer out) {
        for (Object v : raw) {
            if (v == null) {
                out.ensure(1);
                out.putByte(NULL);
            } else if (v instanceof Long || v instanceof Integer) {
                out.ensure(9);
                out.putByte(LONG);
                out.putLong(((Number) v).longValue());
            } else if (v instanceof Double d) {
                out.ensure(9);
                out.putByte(DOUBLE);
                out.putLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof BigDecimal d && d.unscaledValue().bitLength() < 64) {
                out.ensure(13);
                out.putByte(DECIMAL);
                out.putInt(d.scale());
                out.putLong(d.unscaledValue().longValue());
            } else if (v instanceof Utf8Slice u) {
                out.ensure(5 + u.length());
                out.putByte(UTF8);
                out.putInt(u.length());
                out.putBytes(u.bytes(), u.offset(), u.length());
            } else {
                out.ensure(5);
                out.putByte(CSV);
                int at = out.pos;
                out.putInt(0);
                field(v, out);
                out.putIntAt(at, out.pos - at - 4);
            }
        }
    }

    /** The CSV line of a row {@link #pack}ed. */
    static byte[] csvLine(byte[] packed) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(packed);
        CopyBuffer out = new CopyBuffer(packed.length * 2 + 16);
        boolean first = true;
        while (in.hasRemaining()) {
            if (!first) {
                out.ensure(1);
                out.putByte(',');
            }
            first = false;
            switch (in.get()) {
                case NULL -> { }
                case LONG -> decimal(in.getLong(), out);
                case DOUBLE -> appendText(Double.toString(Double.longBitsToDouble(in.getLong())), out);
                case DECIMAL -> {
                    int scale = in.getInt();
                    appendText(BigDecimal.valueOf(in.getLong(), scale).toPlainString(), out);
                }
                default -> { // UTF8 and CSV: a length and bytes
                    int n = in.getInt();
                    byte kind = packed[in.position() - 5];
                    if (kind == UTF8) {
                        quotedBytes(new Utf8Slice().set(packed, in.position(), n), out);
                    } else {
                        out.ensure(n);
                        out.putBytes(packed, in.position(), n);
                    }
                    in.position(in.position() + n);
                }
            }
        }
        out.ensure(1);
        out.putByte('\n');
        return java.util.Arrays.copyOf(out.buf, out.pos);
    }

    /** One value as a CSV field. */
    private static void field(Object v, CopyBuffer out) {
        if (v instanceof Long || v instanceof Integer) {
            decimal(((Number) v).longValue(), out); // digits and a sign never need quotes
        } else if (v instanceof Utf8Slice u) {
            quotedBytes(u, out);
        } else {
            CharSequence s = copyInput(v);
            if (v instanceof Number) appendText(s, out);
            else quoted(s, out);
        }
    }

    /** The source row as one CSV line (empty unquoted = NULL, quoted empty = ''), so the reject files show what the source held. */
    static void originalLine(Object[] raw, CopyBuffer out) {
        for (int i = 0; i < raw.length; i++) {
            if (i > 0) {
                out.ensure(1);
                out.putByte(',');
            }
            if (raw[i] != null) field(raw[i], out);
        }
        out.ensure(1);
        out.putByte('\n');
    }

    private static void quoted(CharSequence s, CopyBuffer out) {
        boolean quote = s.length() == 0;
        for (int k = 0; k < s.length() && !quote; k++) {
            char c = s.charAt(k);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            appendText(s, out);
            return;
        }
        out.ensure(1);
        out.putByte('"');
        appendText(s.toString().replace("\"", "\"\""), out);
        out.ensure(1);
        out.putByte('"');
    }

    /** Text that is UTF-8 already: copied as it is unless it needs quotes. */
    private static void quotedBytes(Utf8Slice u, CopyBuffer out) {
        byte[] b = u.bytes();
        int from = u.offset(), to = from + u.length();
        boolean quote = from == to;
        for (int k = from; k < to && !quote; k++) {
            byte c = b[k];
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.ensure(to - from);
            out.putBytes(b, from, to - from);
            return;
        }
        quoted(u.toString(), out);
    }

    /** {@code v} in decimal ASCII, without a String. */
    static void decimal(long v, CopyBuffer out) {
        if (v == Long.MIN_VALUE) {
            appendText(Long.toString(v), out);
            return;
        }
        out.ensure(20);
        if (v < 0) {
            out.putByte('-');
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) digits++;
        byte[] buf = out.buf;
        int end = out.pos + digits;
        for (int p = end - 1; p >= out.pos; p--) {
            buf[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        out.pos = end;
    }

    /** UTF-8 of a source value for the reject files: a NUL is shown as \\0, half a surrogate pair as '?'. */
    private static void appendText(CharSequence s, CopyBuffer out) {
        try {
            Codecs.appendUtf8(s, out);
        } catch (ValueRejected e) {
            byte[] bytes = s.toString().replace("\0", "\\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.putBytes(bytes, 0, bytes.length);
        }
    }
}
