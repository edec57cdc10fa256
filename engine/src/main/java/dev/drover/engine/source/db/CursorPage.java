package dev.drover.engine.source.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One page of a keyset read (reference §8.4): the rows whose cursor tuple comes after {@code after}, in cursor order,
 * at most {@code limit} of them: {@code WHERE (a, b) > (?, ?) ORDER BY a, b LIMIT ?}. Where the source compares row
 * values, the condition is one row-value comparison (which an index on the cursor serves); otherwise the same order
 * spelled out: {@code a > ? OR (a = ? AND b > ?)}.
 *
 * @param cursor the cursor's source columns, compared as one tuple in this order
 * @param after  the cursor tuple of the last row already read (one value per column, none of them null), or null for
 *               the first page
 * @param limit  at most this many rows, at least 1
 * @param atLeast with no {@code after}: the least value of the first cursor column to read, or null for all rows
 */
public record CursorPage(List<String> cursor, List<Object> after, int limit, Object atLeast) {
    /** A page with no lower bound of its own. */
    public CursorPage(List<String> cursor, List<Object> after, int limit) {
        this(cursor, after, limit, null);
    }

    /**
     * The first page of a read that starts at a value of the cursor's first column, that value included: where a run
     * with a lookback window starts ({@code WHERE a >= ? ORDER BY a, b LIMIT n}).
     */
    public static CursorPage from(List<String> cursor, Object atLeast, int limit) {
        return new CursorPage(cursor, null, limit, java.util.Objects.requireNonNull(atLeast, "atLeast"));
    }

    public CursorPage {
        cursor = List.copyOf(cursor);
        if (cursor.isEmpty()) throw new IllegalArgumentException("a cursor page needs a cursor");
        if (limit < 1) throw new IllegalArgumentException("a cursor page reads at least one row, not " + limit);
        if (after != null) {
            if (after.size() != cursor.size()) {
                throw new IllegalArgumentException("the cursor " + cursor + " has " + cursor.size() + " columns, the position "
                        + after + " has " + after.size() + " values");
            }
            if (after.stream().anyMatch(Objects::isNull)) throw new IllegalArgumentException("a cursor position cannot hold NULL: " + after);
            after = java.util.Collections.unmodifiableList(new ArrayList<>(after));
        }
    }

    /**
     * The page's clauses and their parameters.
     *
     * @param text   what follows {@code FROM table}: {@code WHERE ... ORDER BY ... LIMIT n}
     * @param params the values for the {@code ?} the value writer put into {@code text}, in order
     */
    public record Sql(String text, List<Object> params) {}

    /**
     * @param quote     quotes a column name
     * @param value     writes a value into the SQL: {@code "?"} for a bind parameter, or a literal
     * @param rowValues one row-value comparison, else the expanded OR form
     */
    public Sql sql(Function<String, String> quote, Function<Object, String> value, boolean rowValues, KeyRange.Limit syntax) {
        List<Object> params = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        if (after == null && atLeast != null) {
            s.append(" WHERE ").append(quote.apply(cursor.get(0))).append(" >= ").append(value.apply(atLeast));
            params.add(atLeast);
        }
        if (after != null) {
            s.append(" WHERE ");
            if (rowValues && cursor.size() > 1) {
                s.append('(');
                for (int i = 0; i < cursor.size(); i++) s.append(i == 0 ? "" : ", ").append(quote.apply(cursor.get(i)));
                s.append(") > (");
                for (int i = 0; i < cursor.size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(value.apply(after.get(i)));
                    params.add(after.get(i));
                }
                s.append(')');
            } else {
                // a > ? OR (a = ? AND b > ?) OR ...: the same order as the tuple comparison
                for (int i = 0; i < cursor.size(); i++) {
                    if (i > 0) s.append(" OR ");
                    s.append('(');
                    for (int j = 0; j < i; j++) {
                        s.append(quote.apply(cursor.get(j))).append(" = ").append(value.apply(after.get(j))).append(" AND ");
                        params.add(after.get(j));
                    }
                    s.append(quote.apply(cursor.get(i))).append(" > ").append(value.apply(after.get(i))).append(')');
                    params.add(after.get(i));
                }
            }
        }
        s.append(" ORDER BY ");
        for (int i = 0; i < cursor.size(); i++) s.append(i == 0 ? "" : ", ").append(quote.apply(cursor.get(i)));
        s.append(syntax == KeyRange.Limit.LIMIT ? " LIMIT " + limit : " OFFSET 0 ROWS FETCH NEXT " + limit + " ROWS ONLY");
        return new Sql(s.toString(), List.copyOf(params));
    }
}
