package dev.drover.engine.plan;

import java.util.List;

/**
 * Where one target column gets its value: exactly one of {@code field} (a header name),
 * {@code position} (1-based field number) or {@code constant} is set. {@code nullIf} replaces the
 * file's global NULL markers for this column when not null.
 */
public record ColumnSpec(String column, String field, Integer position, String constant, List<String> nullIf) {
    public ColumnSpec {
        int set = (field != null ? 1 : 0) + (position != null ? 1 : 0) + (constant != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException("column " + column + ": give only one of field, position or constant");
        if (position != null && position < 1) throw new IllegalArgumentException("column " + column + ": positions start at 1");
        nullIf = nullIf == null ? null : List.copyOf(nullIf);
    }

    public static ColumnSpec byField(String column, String field) { return new ColumnSpec(column, field, null, null, null); }
    public static ColumnSpec byPosition(String column, int position) { return new ColumnSpec(column, null, position, null, null); }
    public static ColumnSpec constant(String column, String value) { return new ColumnSpec(column, null, null, value, null); }
}
