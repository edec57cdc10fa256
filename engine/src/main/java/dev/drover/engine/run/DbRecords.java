package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transforms;
import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.copy.codec.Codecs;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.RowCursor;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

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

    DbRecords(DatabaseSource source, SourceTable table, List<ColumnCast> casts) {
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

    @Override
    public void produce(RecordPump.Out out) throws IOException, InterruptedException {
        int n = casts.size();
        List<String> columns = casts.stream().map(c -> c.source().name()).toList();
        if (!out.startSource(0, header(), null)) return;
        Object[] raw = new Object[n];
        Object[] converted = new Object[n];
        // each value's text, made once: the row's reject line and, when the transform kept the value, the value itself
        CharSequence[] rawText = new CharSequence[n];
        long row = 0;
        try (RowCursor cursor = source.rows(table, columns)) {
            while (!out.stopping() && cursor.next()) {
                row++;
                RecordPump.Block b = out.block(0);
                if (b == null) return;
                for (int i = 0; i < n; i++) {
                    raw[i] = cursor.get(i);
                    if (raw[i] instanceof Long v && casts.get(i).identity() && v > identityMax[i]) identityMax[i] = v;
                }
                CsvProblem problem = convert(raw, converted, cursor);
                int k = b.beginRecord(problem == null ? n : 0, row, problem);
                if (problem == null) {
                    int at = b.firstValue[k];
                    for (int i = 0; i < n; i++) {
                        Object v = converted[i];
                        if (v != null && v == raw[i] && !(v instanceof byte[])) v = rawText(raw, rawText, i);
                        problem = put(b, at + i, v, i, cursor);
                        if (problem != null) break;
                    }
                    if (problem != null) {
                        b.sizes[k] = 0;
                        b.problems[k] = problem;
                    }
                }
                for (int i = 0; i < n; i++) if (rawText[i] == null && raw[i] != null) rawText(raw, rawText, i);
                originalLine(raw, rawText, b.originals);
                java.util.Arrays.fill(rawText, null);
                b.originalEnd[k] = b.originals.pos;
                out.recordDone(row);
            }
            out.endSource(row);
        } catch (SQLException e) {
            throw new IOException("reading " + table.display() + " after " + row + " rows: " + e.getMessage(), e);
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

    /** Writes value {@code slot} of the block as UTF-8 text (or NULL); a value PostgreSQL cannot hold is a problem. */
    private CsvProblem put(RecordPump.Block b, int slot, Object v, int column, RowCursor cursor) throws SQLException {
        if (v == null) {
            b.valueStart[slot] = b.values.pos;
            b.valueLength[slot] = -1;
            return null;
        }
        int start = b.values.pos;
        try {
            if (v instanceof byte[] bytes) {
                Codecs.appendUtf8("\\x" + HEX.formatHex(bytes), b.values);
            } else {
                Codecs.appendUtf8(text(v), b.values);
            }
        } catch (ValueRejected e) {
            b.values.pos = start;
            return problem(column, e.sqlState(), e.getMessage(), cursor);
        }
        b.valueStart[slot] = start;
        b.valueLength[slot] = b.values.pos - start;
        return null;
    }

    private static CharSequence rawText(Object[] raw, CharSequence[] rawText, int i) {
        CharSequence t = rawText[i];
        if (t == null) {
            Object v = raw[i];
            t = rawText[i] = v instanceof byte[] bytes ? "\\x" + HEX.formatHex(bytes) : text(v);
        }
        return t;
    }

    /**
     * The text the load sends for a converted value, bytea as {@code \x} hex, or null for NULL: what a sample
     * compares with the target.
     */
    static String targetText(Object converted) {
        if (converted == null) return null;
        return converted instanceof byte[] bytes ? "\\x" + HEX.formatHex(bytes) : text(converted).toString();
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

    /** The source row as one CSV line (empty unquoted = NULL, quoted empty = ''), so the reject files show what the source held. */
    static void originalLine(Object[] raw, CopyBuffer out) {
        CharSequence[] texts = new CharSequence[raw.length];
        for (int i = 0; i < raw.length; i++) if (raw[i] != null) rawText(raw, texts, i);
        originalLine(raw, texts, out);
    }

    /** The same with each value's text already made ({@code texts[i]} for a non-null {@code raw[i]}). */
    static void originalLine(Object[] raw, CharSequence[] texts, CopyBuffer out) {
        for (int i = 0; i < raw.length; i++) {
            if (i > 0) {
                out.ensure(1);
                out.putByte(',');
            }
            Object v = raw[i];
            if (v == null) continue;
            CharSequence s = texts[i];
            if (v instanceof Number) {
                appendText(s, out); // digits, signs, dots and exponents never need quotes
                continue;
            }
            boolean quote = s.length() == 0;
            for (int k = 0; k < s.length() && !quote; k++) {
                char c = s.charAt(k);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                appendText(s, out);
                continue;
            }
            out.ensure(1);
            out.putByte('"');
            appendText(s.toString().replace("\"", "\"\""), out);
            out.ensure(1);
            out.putByte('"');
        }
        out.ensure(1);
        out.putByte('\n');
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
