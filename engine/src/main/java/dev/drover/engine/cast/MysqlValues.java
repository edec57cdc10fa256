package dev.drover.engine.cast;

import dev.drover.engine.cast.Transform.TransformException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transforms for the values the MySQL source reads (see {@code MysqlRowCursor}): dates as the server's text, BIT as
 * binary digits, SET as comma-separated labels. None of them turns a value it does not understand into NULL: such a
 * value is rejected with its reason, or passed on for PostgreSQL to judge.
 */
final class MysqlValues {
    private MysqlValues() {}

    static Map<String, Transform> all() {
        Map<String, Transform> m = new LinkedHashMap<>();
        m.put("mysql-tinyint-to-boolean", MysqlValues::tinyintToBoolean);
        m.put("mysql-bit-to-boolean", MysqlValues::bitToBoolean);
        m.put("mysql-zero-date", MysqlValues::zeroDate);
        m.put("mysql-timestamp-utc", MysqlValues::timestampUtc);
        m.put("mysql-set-to-array", MysqlValues::setToArray);
        m.put("mysql-time-of-day", MysqlValues::timeOfDay);
        return m;
    }

    /** 0 and 1 only: pgloader turns 2..127 and negatives into true, which loses what the column held (§9.10 #5). */
    static Object tinyintToBoolean(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Long n && (n == 0 || n == 1)) return n == 1; // typed: the encoder writes the boolean
        String s = v.toString();
        return switch (s) {
            case "0" -> Boolean.FALSE;
            case "1" -> Boolean.TRUE;
            default -> throw Values.error(v, "is not 0 or 1, so it is not a boolean: give the column a cast rule"
                    + " to smallint to keep it");
        };
    }

    static Object bitToBoolean(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Boolean b) return b ? "t" : "f";
        String s = v.toString();
        return switch (s) {
            case "0" -> "f";
            case "1" -> "t";
            default -> throw Values.error(v, "is not a bit(1) value");
        };
    }

    /**
     * A date or datetime as MySQL writes it, or NULL for a zero date ({@code 0000-00-00}) and for a partial zero
     * date (year, month or day {@code 0}), which PostgreSQL has no value for. In a migration the column's
     * {@link ZeroDates} guard sees zero dates first and applies the run's policy; NULL here is for the transform used
     * alone.
     */
    static Object zeroDate(Object v) {
        if (v == null) return null;
        // the text as it came (UTF-8 bytes from the cursor), not a String made of it
        CharSequence s = v instanceof CharSequence c ? c : v.toString();
        return ZeroDates.isZeroDate(s) ? null : s;
    }

    /** A TIMESTAMP read in a UTC session: marked as UTC, so the target session's time zone cannot shift it. */
    static Object timestampUtc(Object v) {
        if (v == null) return null;
        CharSequence s = v instanceof CharSequence c ? c : v.toString();
        return ZeroDates.isZeroDate(s) ? null : s + "+00";
    }

    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("(-?)(\\d{1,3}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?");

    /**
     * A MySQL TIME for a PostgreSQL {@code time}, which holds 00:00:00 to 24:00:00. MySQL's TIME is also a duration
     * (-838:59:59 to 838:59:59): a negative value or one past 24 hours is rejected with that reason rather than by
     * PostgreSQL's bare "out of range" (pgloader's time → time breaks on them, reference §9.10 #10). Text that is not
     * a MySQL time is passed on for PostgreSQL to judge.
     */
    static Object timeOfDay(Object v) throws TransformException {
        if (v == null) return null;
        String s = v.toString();
        var m = TIME.matcher(s);
        if (!m.matches()) return s;
        int hours = Integer.parseInt(m.group(2));
        boolean pastMidnight = hours > 24 || hours == 24 && !(m.group(3) + m.group(4) + (m.group(5) == null ? "" : m.group(5))).matches("0*");
        if (m.group(1).isEmpty() && !pastMidnight) return s;
        throw Values.error(v, "is a duration, not a time of day: PostgreSQL time holds 00:00:00 to 24:00:00 (MySQL time"
                + " -838:59:59 to 838:59:59); a cast rule to interval keeps such values (--cast 'column TABLE.COLUMN to interval')");
    }

    /** {@code a,b c} → {@code {"a","b c"}}; the empty set is {@code {}}. Labels cannot contain commas in MySQL. */
    static Object setToArray(Object v) {
        if (v == null) return null;
        String s = v.toString();
        if (s.isEmpty()) return "{}";
        StringBuilder b = new StringBuilder("{");
        for (String label : s.split(",", -1)) {
            if (b.length() > 1) b.append(',');
            b.append('"').append(label.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }
}
