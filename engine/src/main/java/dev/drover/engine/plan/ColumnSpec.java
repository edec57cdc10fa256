package dev.drover.engine.plan;

import dev.drover.engine.cast.PgloaderDateFormat;
import java.util.List;

/**
 * Where one target column gets its value: exactly one of {@code field} (a header name),
 * {@code position} (1-based field number) or {@code constant} is set. {@code nullIf} replaces the
 * file's global NULL markers for this column when not null.
 *
 * <p>{@code nullIfBlanks} and {@code trim} are pgloader's per-field options ({@code [null if blanks, trim right
 * whitespace]}) for a delimited file: they apply to the field's value as read, quoted or not, in pgloader's order
 * (reference §3.3 step 4, §4.3): NULL when the value is in {@code nullIf} or, with {@code nullIfBlanks}, consists only
 * of spaces (U+0020, the empty string included); then the spaces on the {@code trim} side(s) are removed; then
 * {@code dateFormat} (a pgloader date format, reference §4.6) reads the value, a value it cannot read rejecting the row.
 */
public record ColumnSpec(String column, String field, Integer position, String constant, List<String> nullIf,
                         boolean nullIfBlanks, FixedField.Trim trim, String dateFormat) {
    public ColumnSpec {
        int set = (field != null ? 1 : 0) + (position != null ? 1 : 0) + (constant != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException("column " + column + ": give only one of field, position or constant");
        if (position != null && position < 1) throw new IllegalArgumentException("column " + column + ": positions start at 1");
        nullIf = nullIf == null ? null : List.copyOf(nullIf);
        if (trim == null) trim = FixedField.Trim.NONE;
        if (constant != null && (nullIfBlanks || trim != FixedField.Trim.NONE || dateFormat != null)) {
            throw new IllegalArgumentException("column " + column + ": null if blanks, trim and date format apply to a field, not to a constant");
        }
        if (dateFormat != null) PgloaderDateFormat.compile(dateFormat);
    }

    /** A column without per-field options. */
    public ColumnSpec(String column, String field, Integer position, String constant, List<String> nullIf) {
        this(column, field, position, constant, nullIf, false, FixedField.Trim.NONE, null);
    }

    public static ColumnSpec byField(String column, String field) { return new ColumnSpec(column, field, null, null, null); }
    public static ColumnSpec byPosition(String column, int position) { return new ColumnSpec(column, null, position, null, null); }
    public static ColumnSpec constant(String column, String value) { return new ColumnSpec(column, null, null, value, null); }

    /** The same column with pgloader's per-field {@code null if blanks}, {@code trim} and {@code date format} options. */
    public ColumnSpec withFieldOptions(boolean nullIfBlanks, FixedField.Trim trim, String dateFormat) {
        return new ColumnSpec(column, field, position, constant, nullIf, nullIfBlanks, trim, dateFormat);
    }
}
