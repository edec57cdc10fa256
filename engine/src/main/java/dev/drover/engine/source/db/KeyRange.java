package dev.drover.engine.source.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A slice {@code [from, to)} of a table by an integer key, so several cursors read one big table side by side
 * (pgloader's "multiple readers per thread"). The first slice has no lower bound and the last no upper one, so a
 * row whose key was written after the bounds were read still belongs to exactly one slice.
 *
 * @param column the key column as the source names it
 * @param from   inclusive lower bound, or null for none
 * @param to     exclusive upper bound, or null for none
 */
public record KeyRange(String column, Long from, Long to) {
    /** The condition for a WHERE clause, with the column quoted by {@code quote}. */
    public String where(UnaryOperator<String> quote) {
        String c = quote.apply(column);
        if (from == null && to == null) return "1 = 1";
        if (from == null) return c + " < " + to;
        if (to == null) return c + " >= " + from;
        return c + " >= " + from + " AND " + c + " < " + to;
    }

    /** {@code parts} slices of about equal key width covering {@code [min, max]}; one open slice when there is nothing to split. */
    public static List<KeyRange> split(String column, long min, long max, int parts) {
        List<KeyRange> out = new ArrayList<>();
        // widths computed in double: max - min may overflow a long
        double width = ((double) max - (double) min + 1) / parts;
        if (parts < 2 || width < 1) return List.of(new KeyRange(column, null, null));
        Long from = null;
        for (int i = 1; i < parts; i++) {
            long to = (long) Math.floor(min + width * i);
            if (from != null && to <= from) continue;
            out.add(new KeyRange(column, from, to));
            from = to;
        }
        out.add(new KeyRange(column, from, null));
        return out;
    }
}
