package dev.drover.engine.source.db;

import java.util.List;
import java.util.function.Function;

/**
 * A bounded slice of a table with a primary key, in key order: what a sample reads, so that a sample never reads a
 * whole table. At most {@code limit} rows from the smallest key on (the largest, {@code descending}); with
 * {@code from}, from that value of a one-column integer key on. Each is one index range scan on the source.
 *
 * @param key        the primary key's columns, in key order
 * @param limit      at most this many rows
 * @param descending from the largest key down
 * @param from       the least key value read (ascending only, one-column integer keys only), or null
 */
public record KeyRange(List<String> key, int limit, boolean descending, Long from) {
    /** How a source's SQL says "the first n rows". */
    public enum Limit {
        /** {@code LIMIT n}: SQLite, MySQL, PostgreSQL. */
        LIMIT,
        /** {@code OFFSET 0 ROWS FETCH NEXT n ROWS ONLY}: SQL Server. */
        FETCH
    }

    public KeyRange {
        key = List.copyOf(key);
        if (key.isEmpty()) throw new IllegalArgumentException("a key range needs a primary key");
        if (limit < 1) throw new IllegalArgumentException("a key range reads at least one row, not " + limit);
        if (from != null && (descending || key.size() != 1)) {
            throw new IllegalArgumentException("a key range starts at a value only ascending, on a one-column key");
        }
    }

    public static KeyRange first(List<String> key, int limit) {
        return new KeyRange(key, limit, false, null);
    }

    public static KeyRange last(List<String> key, int limit) {
        return new KeyRange(key, limit, true, null);
    }

    public static KeyRange from(String key, long from, int limit) {
        return new KeyRange(List.of(key), limit, false, from);
    }

    /**
     * What follows {@code FROM table}: {@code WHERE "id" >= 40 ORDER BY "id" LIMIT 10}.
     *
     * @param quote the source's identifier quoting
     */
    public String clauses(Function<String, String> quote, Limit syntax) {
        StringBuilder s = new StringBuilder();
        if (from != null) s.append(" WHERE ").append(quote.apply(key.get(0))).append(" >= ").append(from);
        s.append(" ORDER BY ");
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) s.append(", ");
            s.append(quote.apply(key.get(i))).append(descending ? " DESC" : "");
        }
        s.append(syntax == Limit.LIMIT ? " LIMIT " + limit : " OFFSET 0 ROWS FETCH NEXT " + limit + " ROWS ONLY");
        return s.toString();
    }
}
