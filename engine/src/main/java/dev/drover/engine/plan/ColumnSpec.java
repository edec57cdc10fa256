package dev.drover.engine.plan;

import dev.drover.engine.cast.PgloaderDateFormat;
import dev.drover.engine.pgloader.UsingExpression;
import java.util.List;

/**
 * Where one target column gets its value: at most one of {@code field} (a header name),
 * {@code position} (1-based field number), {@code constant} or {@code using} is set; none means the field named
 * like the column. {@code nullIf} replaces the
 * file's global NULL markers for this column when not null.
 *
 * <p>{@code nullIfBlanks} and {@code trim} are pgloader's per-field options ({@code [null if blanks, trim right
 * whitespace]}) for a delimited file: they apply to the field's value as read, quoted or not, in pgloader's order
 * (reference §3.3 step 4, §4.3): NULL when the value is in {@code nullIf} or, with {@code nullIfBlanks}, consists only
 * of spaces (U+0020, the empty string included); then the spaces on the {@code trim} side(s) are removed; then
 * {@code dateFormat} (a pgloader date format, reference §4.6) reads the value, a value it cannot read rejecting the row.
 *
 * <p>{@code using} computes the value from several fields with a pgloader {@code using} expression
 * ({@code (format nil "(~a,~a)" x y)}, reference §10.3); its field names are the table's named {@link TableLoad#fields()}
 * or the file's header names. A value the expression cannot compute rejects the row with the reason.
 */
public record ColumnSpec(String column, String field, Integer position, String constant, List<String> nullIf,
                         boolean nullIfBlanks, FixedField.Trim trim, String dateFormat, String using) {
    public ColumnSpec {
        int set = (field != null ? 1 : 0) + (position != null ? 1 : 0) + (constant != null ? 1 : 0) + (using != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException("column " + column + ": give only one of field, position, constant or using");
        if (position != null && position < 1) throw new IllegalArgumentException("column " + column + ": positions start at 1");
        nullIf = nullIf == null ? null : List.copyOf(nullIf);
        if (trim == null) trim = FixedField.Trim.NONE;
        if (constant != null && (nullIfBlanks || trim != FixedField.Trim.NONE || dateFormat != null)) {
            throw new IllegalArgumentException("column " + column + ": null if blanks, trim and date format apply to a field, not to a constant");
        }
        if (using != null && (nullIf != null || nullIfBlanks || trim != FixedField.Trim.NONE || dateFormat != null)) {
            throw new IllegalArgumentException("column " + column + ": null if, trim and date format apply to the fields a using"
                    + " expression reads: give them to those fields");
        }
        if (dateFormat != null) PgloaderDateFormat.compile(dateFormat);
        if (using != null) {
            try {
                UsingExpression.parse(using);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column " + column + ": " + e.getMessage());
            }
        }
    }

    /** A column with pgloader's per-field options and no expression. */
    public ColumnSpec(String column, String field, Integer position, String constant, List<String> nullIf,
                      boolean nullIfBlanks, FixedField.Trim trim, String dateFormat) {
        this(column, field, position, constant, nullIf, nullIfBlanks, trim, dateFormat, null);
    }

    /** A column without per-field options. */
    public ColumnSpec(String column, String field, Integer position, String constant, List<String> nullIf) {
        this(column, field, position, constant, nullIf, false, FixedField.Trim.NONE, null, null);
    }

    public static ColumnSpec byField(String column, String field) { return new ColumnSpec(column, field, null, null, null); }
    public static ColumnSpec byPosition(String column, int position) { return new ColumnSpec(column, null, position, null, null); }
    public static ColumnSpec constant(String column, String value) { return new ColumnSpec(column, null, null, value, null); }
    public static ColumnSpec using(String column, String expression) {
        return new ColumnSpec(column, null, null, null, null, false, FixedField.Trim.NONE, null, expression);
    }

    /** The same column with pgloader's per-field {@code null if blanks}, {@code trim} and {@code date format} options. */
    public ColumnSpec withFieldOptions(boolean nullIfBlanks, FixedField.Trim trim, String dateFormat) {
        return new ColumnSpec(column, field, position, constant, nullIf, nullIfBlanks, trim, dateFormat, using);
    }
}
