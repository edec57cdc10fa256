package dev.drover.engine.preflight;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transforms;
import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.preflight.Preflight.Example;
import dev.drover.engine.preflight.Preflight.Problem;
import dev.drover.engine.preflight.Preflight.Severity;
import dev.drover.engine.preflight.Preflight.TableResult;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One table of a {@link Preflight} scan: read the sample, convert and check every value, tally what is wrong. */
final class TableScan {
    /** Shown source values are cut after this many characters. */
    private static final int SHOWN = 60;
    /** Key tuples remembered per key when every row is read: beyond this, duplicates are not looked for (about 64 MB). */
    static final int MAX_KEYS = 4_000_000;

    private final DatabaseSource source;
    private final SourceTable table;
    private final String display;
    private final List<ColumnCast> casts;
    private final Preflight.Options options;
    private final Cancellation cancellation;
    private final Transform[] transforms;
    private final TargetCheck[] checks;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    /** Per column: values only the server can check (no encoder, or a spelling the encoder leaves to the server). */
    private final long[] unchecked;
    private final String[] uncheckedExample;
    /** Per json/jsonb column: values whose JSON syntax only the server checks. */
    private final long[] jsonValues;
    private final List<Key> keys = new ArrayList<>();

    TableScan(DatabaseSource source, SourceTable table, String display, List<ColumnCast> casts, Preflight.Options options,
              Cancellation cancellation) {
        this.source = source;
        this.table = table;
        this.display = display;
        this.casts = casts;
        this.options = options;
        this.cancellation = cancellation;
        int n = casts.size();
        transforms = new Transform[n];
        checks = new TargetCheck[n];
        unchecked = new long[n];
        uncheckedExample = new String[n];
        jsonValues = new long[n];
        for (int i = 0; i < n; i++) {
            transforms[i] = Transforms.forColumn(casts.get(i));
            checks[i] = new TargetCheck(casts.get(i));
        }
        if (options.checkKeys()) keys();
    }

    /** A key the target enforces: the primary key, and unique constraints and indexes on plain columns. */
    private void keys() {
        if (table.primaryKey() != null && !table.primaryKey().columns().isEmpty()) {
            addKey("primary key", table.primaryKey().columns(), false);
        }
        for (SourceTable.SourceIndex ix : table.indexes()) {
            if (!ix.unique()) continue;
            String what = "unique " + (ix.constraint() ? "constraint " : "index ") + ix.name();
            if (ix.expressions().contains(true) || ix.where() != null || ix.prefixLengths().stream().anyMatch(p -> p > 0)
                    || ix.method() != null) {
                notes.add(what + ": not checked before the load (an expression, a partial or prefix index, or another"
                        + " method: PostgreSQL checks it when the index is built)");
                continue;
            }
            addKey(what, ix.columns(), true);
        }
    }

    private void addKey(String what, List<String> columns, boolean nullsDistinct) {
        int[] at = new int[columns.size()];
        for (int k = 0; k < at.length; k++) {
            at[k] = -1;
            for (int i = 0; i < casts.size(); i++) if (casts.get(i).source().name().equals(columns.get(k))) at[k] = i;
            if (at[k] < 0) return; // a generated column: the target computes it
        }
        for (Key k : keys) if (java.util.Arrays.equals(k.at, at)) return; // a unique index repeating the primary key
        keys.add(new Key(what, at, nullsDistinct, new LongSet()));
    }

    private record Key(String what, int[] at, boolean nullsDistinct, LongSet seen) {}

    TableResult run() throws SQLException {
        int n = options.sampleRows();
        List<String> columns = casts.stream().map(c -> c.source().name()).toList();
        KeyRange range = n == 0 ? null : range(n == Integer.MAX_VALUE ? n : n + 1);
        int width = casts.size();
        Object[] raw = new Object[width];
        Object[] converted = new Object[width];
        long rows = 0;
        boolean complete = true;
        try (RowCursor cursor = range == null ? source.rows(table, columns) : source.rows(table, columns, range)) {
            while (cursor.next()) {
                if (n > 0 && rows >= n) {
                    complete = false; // a row beyond the sample: the table is bigger
                    break;
                }
                if (cancellation.requested()) {
                    complete = false;
                    break;
                }
                rows++;
                cursor.read(raw);
                row(cursor, raw, converted);
            }
        }
        for (int i = 0; i < width; i++) {
            if (unchecked[i] == 0) continue;
            ColumnCast c = casts.get(i);
            notes.add(checks[i].known()
                    ? c.targetName() + ": " + unchecked[i] + " value(s) in a form only the server reads (e.g. "
                    + uncheckedExample[i] + "): not checked before the load"
                    : c.targetName() + " (" + checks[i].type() + "): values not checked before the load (the server reads this type)");
        }
        for (int i = 0; i < width; i++) {
            if (jsonValues[i] > 0) {
                notes.add(casts.get(i).targetName() + " (" + checks[i].type() + "): JSON syntax not checked before the load"
                        + " (the server parses it)");
            }
        }
        for (ColumnCast c : casts) {
            for (String w : c.warnings()) if (!testedByData(c, w)) notes.add(c.targetName() + ": " + w);
        }
        for (Key k : keys) {
            if (k.seen.overflowed()) notes.add(k.what + ": duplicates looked for in the first " + MAX_KEYS + " rows only");
        }
        List<Problem> problems = new ArrayList<>();
        for (Severity s : Severity.values()) {
            for (Tally t : tallies.values()) {
                if (t.severity == s) problems.add(new Problem(display, t.column, s, t.kind, t.count, t.examples, t.fix));
            }
        }
        return new TableResult(display, table.display(), rows, complete, problems, new ArrayList<>(notes));
    }

    /** The bounded read: the first rows in key order (the primary key, else the source's range key), or null. */
    private KeyRange range(int limit) throws SQLException {
        if (table.primaryKey() != null && !table.primaryKey().columns().isEmpty()) {
            return KeyRange.first(table.primaryKey().columns(), limit);
        }
        if (table.isMaterialized()) return null; // a query: its cursor is closed after the sample
        Optional<String> key = source.rangeKey(table);
        return key.map(k -> KeyRange.first(List.of(k), limit)).orElse(null);
    }

    /** One row: every column converted and checked (not only up to the first refusal), then its keys. */
    private void row(RowCursor cursor, Object[] raw, Object[] converted) throws SQLException {
        String[] position = {null};
        boolean rejected = false;
        for (int i = 0; i < raw.length; i++) {
            ColumnCast c = casts.get(i);
            Object v = raw[i];
            Object out;
            boolean zero = v instanceof CharSequence s && ZeroDates.isZeroDate(s) && isDateColumn(c);
            try {
                out = transforms[i] == null ? v : transforms[i].apply(v);
            } catch (Transform.TransformException e) {
                rejected = true;
                if (zero) {
                    boolean nullPolicy = c.zeroDates() != null && c.zeroDates().action() == ZeroDates.Action.NULL;
                    add(i, Severity.ERROR, nullPolicy ? "zero date → NULL in NOT NULL column" : "zero date rejected (zero dates: reject)",
                            nullPolicy ? "choose a date for zero dates (--zero-dates 1970-01-01), or `" + rule(c, "drop not null") + "`"
                                    : "choose NULL or a date for zero dates (--zero-dates null, --zero-dates 1970-01-01)",
                            cursor, position, v);
                } else {
                    add(i, Severity.ERROR, kind(e.getMessage()), refusedFix(c, e.getMessage()), cursor, position, v);
                }
                converted[i] = null;
                continue;
            }
            converted[i] = out;
            if (out == null) {
                if (c.notNull()) {
                    rejected = true;
                    if (zero) {
                        add(i, Severity.ERROR, "zero date → NULL in NOT NULL column", "`" + rule(c, "drop not null")
                                + "`, " + (c.zeroDates() != null ? "or choose a date for zero dates (--zero-dates 1970-01-01)"
                                : "or fix the date in the source"), cursor, position, v);
                    } else {
                        add(i, Severity.ERROR, v == null ? "NULL in NOT NULL column" : "converted to NULL in NOT NULL column",
                                "`" + rule(c, "drop not null") + "`, or give the rows a value in the source", cursor, position, v);
                    }
                } else if (zero) {
                    add(i, Severity.WARNING, "zero date → NULL", c.zeroDates() != null
                            ? "--zero-dates reject or a date (--zero-dates 1970-01-01) if NULL is not what it should be"
                            : "fix the dates in the source if NULL is not what they should be", cursor, position, v);
                }
                continue;
            }
            if (zero && c.zeroDates() != null && c.zeroDates().action() == ZeroDates.Action.REPLACE) {
                add(i, Severity.WARNING, "zero date → " + c.zeroDates().replacement(),
                        "--zero-dates null or reject if " + c.zeroDates().replacement() + " is not what it should be", cursor, position, v);
            }
            TargetCheck check = checks[i];
            switch (check.check(out)) {
                case REJECTED -> {
                    rejected = true;
                    ValueRejected r = check.refusal;
                    add(i, Severity.ERROR, kind(check, r), encoderFix(c, check, r), cursor, position, v);
                }
                case UNCHECKED -> {
                    if (unchecked[i]++ == 0) uncheckedExample[i] = show(v);
                }
                case OK -> {
                    if (check.change != null) {
                        add(i, Severity.WARNING, check.change, check.change.startsWith("rounded to real")
                                ? "`" + rule(c, "double precision") + "` keeps every digit"
                                : "`" + rule(c, "numeric") + "` keeps every digit", cursor, position, v);
                    }
                    if (check.json()) jsonValues[i]++;
                    if (check.zoneAssumed) {
                        add(i, Severity.WARNING, "time zone assumed (the target session's)",
                                "--set TimeZone=ZONE to the zone the values were written in, or `" + rule(c, "timestamp")
                                        + "` to keep them without a zone", cursor, position, v);
                    }
                }
            }
        }
        if (rejected) return; // the load rejects the row before it reaches the keys
        for (Key k : keys) {
            StringBuilder tuple = new StringBuilder();
            StringBuilder shown = new StringBuilder();
            boolean hasNull = false;
            for (int j = 0; j < k.at.length; j++) {
                int i = k.at[j];
                String t = checks[i].keyText(converted[i]);
                if (t == null) {
                    hasNull = true;
                    break;
                }
                tuple.append(t.length()).append(':').append(t).append('\u0001');
                if (j > 0) shown.append(", ");
                shown.append(casts.get(i).targetName()).append('=').append(shorten(t));
            }
            if (hasNull) continue; // NULLs are distinct in a unique key; a NULL in a primary key was counted above
            if (k.seen.overflowed()) continue;
            if (!k.seen.add(hash(tuple)) && !k.seen.overflowed()) {
                String cols = String.join(", ", java.util.Arrays.stream(k.at).mapToObj(i -> casts.get(i).targetName()).toList());
                tally(cols, Severity.ERROR, "duplicate key (" + k.what + ")",
                        "remove or change the duplicate rows in the source: the target's " + k.what
                                + " rejects every copy after the first", cursor, position, shown.toString());
            }
            if (k.seen.size() >= MAX_KEYS) k.seen.stop();
        }
    }

    private static boolean isDateColumn(ColumnCast c) {
        String t = c.targetType().toLowerCase(Locale.ROOT);
        return t.startsWith("date") || t.startsWith("timestamp");
    }

    /** Mapping warnings the data scan tests value by value, so they are not repeated as notes. */
    private static boolean testedByData(ColumnCast c, String w) {
        String t = c.targetType().toLowerCase(Locale.ROOT).trim();
        if (w.contains("longer than") && (t.startsWith("varchar") || t.startsWith("character") || t.startsWith("char"))) return true;
        if (t.startsWith("numeric") || t.startsWith("decimal")) return w.contains("integer digits") || w.contains("decimal places");
        if (t.equals("real") || t.equals("float4")) return w.contains("significant digits") && w.contains("→ real");
        return false;
    }

    private void add(int column, Severity s, String kind, String fix, RowCursor cursor, String[] position, Object value)
            throws SQLException {
        tally(casts.get(column).targetName(), s, kind, fix, cursor, position, show(value));
    }

    private void tally(String column, Severity s, String kind, String fix, RowCursor cursor, String[] position, String value)
            throws SQLException {
        Tally t = tallies.computeIfAbsent(column + '\u0000' + s + '\u0000' + kind, x -> new Tally(column, s, kind, fix));
        t.count++;
        if (t.examples.size() < Problem.EXAMPLES) {
            if (position[0] == null) position[0] = cursor.position();
            t.examples.add(new Example(position[0], value));
        }
    }

    private static final class Tally {
        final String column, kind, fix;
        final Severity severity;
        long count;
        final List<Example> examples = new ArrayList<>();

        Tally(String column, Severity severity, String kind, String fix) {
            this.column = column;
            this.severity = severity;
            this.kind = kind;
            this.fix = fix;
        }
    }

    /** {@code column customers.name to text}, {@code ... to date drop not null}: a column rule in the plan's syntax. */
    private String rule(ColumnCast c, String what) {
        String type = c.targetType();
        String tail = what.equals("drop not null") ? type + " drop not null" : what;
        return "column " + table.name() + "." + c.source().name() + " to " + tail;
    }

    /** What a transform's refusal is about, without the value: {@code in an integer column is not an integer}. */
    static String kind(String message) {
        String m = message;
        if (m.startsWith("value ")) {
            int at = -1;
            for (String w : new String[] {"' in a", "' is ", "' has ", "' contains ", ") in a", ") is ", ") has ", ") contains "}) {
                int i = m.lastIndexOf(w);
                if (i >= 0 && (at < 0 || i < at)) at = i;
            }
            if (at >= 0) {
                m = m.substring(at + 2);
            } else {
                int sp = m.indexOf(' ', 6);
                if (sp > 0) m = m.substring(sp + 1);
            }
        }
        int cut = m.length();
        for (String sep : new String[] {": ", "; ", " ("}) {
            int i = m.indexOf(sep);
            if (i > 0 && i < cut) cut = i;
        }
        // "in an integer column is not an integer" → "not an integer": the column is named beside it
        return m.substring(0, cut).trim().replaceFirst("^in an? [\\w -]+ column ", "").replaceFirst("^is ", "");
    }

    private String refusedFix(ColumnCast c, String message) {
        if (message.contains("UTF-8")) return "`" + rule(c, "bytea") + "` keeps the bytes, or fix the text in the source";
        if (message.contains("NUL")) return "`" + rule(c, c.targetType() + " using remove-null-characters") + "`";
        return "fix the value in the source, or `" + rule(c, "text") + "` to load it as it is";
    }

    private static String kind(TargetCheck check, ValueRejected r) {
        String state = r.sqlState() == null ? "" : r.sqlState();
        String m = r.getMessage() == null ? "" : r.getMessage();
        if (state.equals("22001")) return "too long for " + check.type();
        if (m.contains("numeric field overflow")) return "too many digits for " + check.type();
        if (state.equals("22003")) return "out of range for " + check.type();
        if (state.equals("22021") || m.contains("0x00") || m.toLowerCase(Locale.ROOT).contains("nul")) return "NUL character in text";
        if (m.toLowerCase(Locale.ROOT).contains("surrogate") || m.contains("UTF")) return "invalid UTF-8";
        if (m.startsWith("invalid input syntax")) return "not a valid " + check.type();
        if (state.equals("22008") || m.contains("out of range")) return "out of range for " + check.type();
        return m.replaceAll("\"[^\"]*\"", "…");
    }

    private String encoderFix(ColumnCast c, TargetCheck check, ValueRejected r) {
        String state = r.sqlState() == null ? "" : r.sqlState();
        String m = r.getMessage() == null ? "" : r.getMessage();
        if (state.equals("22001")) return "`" + rule(c, "text") + "`, or a longer " + check.type().replaceAll("\\(.*", "");
        if (m.contains("numeric field overflow")) return "`" + rule(c, "numeric") + "` (no precision) takes every value";
        if (state.equals("22003")) {
            return switch (check.type().toLowerCase(Locale.ROOT)) {
                case "smallint", "int2" -> "`" + rule(c, "integer") + "`";
                case "integer", "int", "int4" -> "`" + rule(c, "bigint") + "`";
                case "real", "float4" -> "`" + rule(c, "double precision") + "`";
                default -> "`" + rule(c, "numeric") + "`";
            };
        }
        if (kind(check, r).startsWith("NUL")) return "`" + rule(c, c.targetType() + " using remove-null-characters") + "`";
        return "fix the value in the source, or `" + rule(c, "text") + "` to load it as it is";
    }

    private static final HexFormat HEX = HexFormat.of();

    /** A source value as read, shortened: text as is, bytes as hex, NULL as NULL. */
    static String show(Object v) {
        if (v == null) return "NULL";
        if (v instanceof byte[] b) {
            String h = HEX.formatHex(b, 0, Math.min(b.length, SHOWN / 2));
            return "x'" + h + (b.length > SHOWN / 2 ? "…" : "") + "' (" + b.length + " bytes)";
        }
        String s = v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
        return shorten(s.replace("\0", "\\0"));
    }

    private static String shorten(String s) {
        return s.length() > SHOWN ? s.substring(0, SHOWN) + "…" : s;
    }

    /** A 64-bit hash of a key tuple: two independent 32-bit hashes of its UTF-8 bytes. */
    static long hash(CharSequence tuple) {
        byte[] b = tuple.toString().getBytes(StandardCharsets.UTF_8);
        int h1 = 0x811C9DC5, h2 = 17;
        for (byte x : b) {
            h1 = (h1 ^ (x & 0xFF)) * 0x01000193;
            h2 = 31 * h2 + (x & 0xFF);
        }
        long h = ((long) h1 << 32) | (h2 & 0xFFFFFFFFL);
        // a final mix, so tuples that differ in one byte differ in many bits
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** An open-addressing set of longs: 8 bytes per slot, no boxing. */
    static final class LongSet {
        private long[] slots = new long[1024];
        private boolean hasZero, stopped;
        private int size;

        /** @return false when the value was there already */
        boolean add(long v) {
            if (v == 0) {
                if (hasZero) return false;
                hasZero = true;
                size++;
                return true;
            }
            if (size * 2 >= slots.length) grow();
            int mask = slots.length - 1;
            for (int i = (int) (v ^ v >>> 32) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == v) return false;
                if (slots[i] == 0) {
                    slots[i] = v;
                    size++;
                    return true;
                }
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long v : old) {
                if (v == 0) continue;
                int i = (int) (v ^ v >>> 32) & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = v;
            }
        }

        int size() {
            return size;
        }

        /** Stops tracking: the memory goes, and {@link #overflowed()} says so. */
        void stop() {
            stopped = true;
            slots = new long[0];
        }

        boolean overflowed() {
            return stopped;
        }
    }
}
