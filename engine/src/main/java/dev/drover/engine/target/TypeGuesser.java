package dev.drover.engine.target;

import java.util.regex.Pattern;

/**
 * {@code --infer-types}: the narrowest PostgreSQL type that holds every sampled value of a field.
 * Candidates go from narrow to wide; a value that does not fit moves the column to the next one
 * that holds everything seen so far. Empty or NULL values say nothing.
 */
public final class TypeGuesser {
    private static final Pattern BIGINT = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern BOOL = Pattern.compile("(?i)true|false|t|f|yes|no");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?");
    private static final Pattern TIMESTAMPTZ = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)");

    /** Bit per candidate type still possible. */
    private static final int B_BIGINT = 1, B_NUMERIC = 2, B_BOOL = 4, B_DATE = 8, B_TS = 16, B_TSTZ = 32;
    private int possible = B_BIGINT | B_NUMERIC | B_BOOL | B_DATE | B_TS | B_TSTZ;
    private boolean sawValue;

    public void accept(String v) {
        if (v == null) return;
        String s = v.trim();
        if (s.isEmpty()) return;
        sawValue = true;
        if ((possible & B_BIGINT) != 0 && !BIGINT.matcher(s).matches()) possible &= ~B_BIGINT;
        if ((possible & B_NUMERIC) != 0 && !NUMERIC.matcher(s).matches()) possible &= ~B_NUMERIC;
        if ((possible & B_BOOL) != 0 && !BOOL.matcher(s).matches()) possible &= ~B_BOOL;
        if ((possible & B_DATE) != 0 && !DATE.matcher(s).matches()) possible &= ~B_DATE;
        if ((possible & B_TS) != 0 && !TIMESTAMP.matcher(s).matches() && !DATE.matcher(s).matches()) possible &= ~B_TS;
        if ((possible & B_TSTZ) != 0 && !TIMESTAMPTZ.matcher(s).matches()) possible &= ~B_TSTZ;
    }

    public String type() {
        if (!sawValue) return "text";
        if ((possible & B_BIGINT) != 0) return "bigint";
        if ((possible & B_NUMERIC) != 0) return "numeric";
        if ((possible & B_BOOL) != 0) return "boolean";
        if ((possible & B_DATE) != 0) return "date";
        if ((possible & B_TSTZ) != 0) return "timestamptz";
        if ((possible & B_TS) != 0) return "timestamp";
        return "text";
    }
}
