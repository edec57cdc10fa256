package dev.drover.engine.source.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A part of a table by its key, read by one cursor. Two uses:
 * <ul>
 *   <li>a <b>slice</b> {@code [from, to)} of a one-column integer key, so several cursors read one big table side by
 *       side (pgloader's "multiple readers per thread"); the first slice has no lower bound and the last no upper one,
 *       so every row belongs to exactly one slice;</li>
 *   <li>a <b>bounded</b> read of at most {@code limit} rows in key order from the smallest key (the largest when
 *       {@code descending}), optionally from a value on: what a sample reads, one index range scan each.</li>
 * </ul>
 *
 * @param key        the key's columns, in key order (one column when there is a bound)
 * @param from       inclusive lower bound of the first key column, or null
 * @param to         exclusive upper bound, or null
 * @param limit      at most this many rows, in key order; 0 for all rows of the slice in the cursor's usual order
 * @param descending from the largest key down (bounded reads only)
 */
public record KeyRange(List<String> key, Long from, Long to, int limit, boolean descending) {
    /** How a source's SQL says "the first n rows". */
    public enum Limit {
        /** {@code LIMIT n}: SQLite, MySQL, PostgreSQL. */
        LIMIT,
        /** {@code OFFSET 0 ROWS FETCH NEXT n ROWS ONLY}: SQL Server. */
        FETCH
    }

    public KeyRange {
        key = List.copyOf(key);
        if (key.isEmpty()) throw new IllegalArgumentException("a key range needs a key");
        if (limit < 0) throw new IllegalArgumentException("a key range cannot read " + limit + " rows");
        if ((from != null || to != null) && key.size() != 1) throw new IllegalArgumentException("bounds need a one-column key");
        if (descending && (limit == 0 || from != null || to != null)) {
            throw new IllegalArgumentException("only an unbounded read with a limit goes from the largest key down");
        }
    }

    /** At most {@code limit} rows from the smallest key. */
    public static KeyRange first(List<String> key, int limit) {
        return new KeyRange(key, null, null, requirePositive(limit), false);
    }

    /** At most {@code limit} rows from the largest key down. */
    public static KeyRange last(List<String> key, int limit) {
        return new KeyRange(key, null, null, requirePositive(limit), true);
    }

    /** At most {@code limit} rows from key value {@code from} on. */
    public static KeyRange from(String key, long from, int limit) {
        return new KeyRange(List.of(key), from, null, requirePositive(limit), false);
    }

    /** Every row with {@code from <= key < to} (either bound may be null). */
    public static KeyRange slice(String key, Long from, Long to) {
        return new KeyRange(List.of(key), from, to, 0, false);
    }

    /** {@code parts} slices of about equal key width covering {@code [min, max]}; one open slice when there is nothing to split. */
    public static List<KeyRange> split(String key, long min, long max, int parts) {
        // widths computed in double: max - min may overflow a long
        double width = ((double) max - (double) min + 1) / parts;
        if (parts < 2 || width < 1) return List.of(slice(key, null, null));
        List<KeyRange> out = new ArrayList<>();
        Long from = null;
        for (int i = 1; i < parts; i++) {
            long to = (long) Math.floor(min + width * i);
            if (from != null && to <= from) continue;
            out.add(slice(key, from, to));
            from = to;
        }
        out.add(slice(key, from, null));
        return out;
    }

    private static int requirePositive(int limit) {
        if (limit < 1) throw new IllegalArgumentException("a key range reads at least one row, not " + limit);
        return limit;
    }

    /** The first key column. */
    public String column() {
        return key.get(0);
    }

    /** The bounds as a condition ({@code "id" >= 40 AND "id" < 80}), or "" when there are none. */
    public String condition(Function<String, String> quote) {
        String c = quote.apply(key.get(0));
        if (from == null && to == null) return "";
        if (from == null) return c + " < " + to;
        if (to == null) return c + " >= " + from;
        return c + " >= " + from + " AND " + c + " < " + to;
    }

    /**
     * What follows {@code FROM table}: the bounds, then for a bounded read its key order and limit
     * ({@code WHERE "id" >= 40 ORDER BY "id" LIMIT 10}), else the cursor's {@code usualOrder} (may be "").
     */
    public String after(Function<String, String> quote, Limit syntax, String usualOrder) {
        String c = condition(quote);
        String where = c.isEmpty() ? "" : " WHERE " + c;
        if (limit == 0) return where + usualOrder;
        StringBuilder s = new StringBuilder(where).append(" ORDER BY ");
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) s.append(", ");
            s.append(quote.apply(key.get(i))).append(descending ? " DESC" : "");
        }
        s.append(syntax == Limit.LIMIT ? " LIMIT " + limit : " OFFSET 0 ROWS FETCH NEXT " + limit + " ROWS ONLY");
        return s.toString();
    }

    /** The bounded read's clauses (see {@link #after}). */
    public String clauses(Function<String, String> quote, Limit syntax) {
        return after(quote, syntax, "");
    }
}
