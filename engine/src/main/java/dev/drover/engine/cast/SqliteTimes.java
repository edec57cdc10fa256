package dev.drover.engine.cast;

import dev.drover.engine.cast.Transform.TransformException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date and time values as SQLite's date functions read them (https://www.sqlite.org/lang_datefunc.html): ISO text
 * ({@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM[:SS[.fff]]}, {@code T} as separator, a trailing {@code Z} or
 * {@code ±HH:MM}), a REAL as a Julian day number and an INTEGER as Unix seconds. Zero dates (year 0000, month or day
 * 00: MySQL habits that reach SQLite files) become NULL. Values without a zone are UTC, SQLite's own convention.
 */
final class SqliteTimes {
    private SqliteTimes() {}

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[ Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?\\s*([Zz]|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?\\s*([Zz]|[+-]\\d{2}:?\\d{2})?");
    /** Julian day 0 is -4713-11-24 12:00 UTC; SQLite counts it in milliseconds. */
    private static final long UNIX_EPOCH_JULIAN_MS = 210_866_760_000_000L;
    private static final double MAX_JULIAN_DAY = 5_373_484.499999; // 9999-12-31 23:59:59.999, SQLite's limit

    static Object date(Object v) throws TransformException {
        if (plainIso(v, 10)) return v;
        Moment m = moment(v, "date");
        return m == null ? null : m.utc().toLocalDate().toString();
    }

    static Object timestamp(Object v) throws TransformException {
        if (plainIso(v, 19)) return v;
        Moment m = moment(v, "timestamp");
        return m == null ? null : dateTime(m.utc());
    }

    static Object timestamptz(Object v) throws TransformException {
        if (plainIso(v, 19)) return v + "+00:00"; // SQLite's times without a zone are UTC
        Moment m = moment(v, "timestamp");
        if (m == null) return null;
        ZoneOffset zone = m.offset == null ? ZoneOffset.UTC : m.offset;
        return dateTime(m.local) + (zone.getTotalSeconds() == 0 ? "+00:00" : zone.getId());
    }

    static Object time(Object v) throws TransformException {
        if (v instanceof CharSequence s) {
            Matcher t = TIME.matcher(s.toString().trim());
            if (t.matches()) {
                LocalTime lt = localTime(v, t.group(1), t.group(2), t.group(3), t.group(4));
                return time(lt);
            }
        }
        Moment m = moment(v, "time");
        return m == null ? null : time(m.local.toLocalTime());
    }

    /**
     * {@code YYYY-MM-DD} (len 10) or {@code YYYY-MM-DD HH:MM:SS} (len 19), not a zero date, fields in range: what
     * most files hold, and already PostgreSQL's own syntax, so it goes through as it is (it holds
     * nothing the slow path would refuse) instead of being parsed and printed again for every row.
     */
    static boolean plainIso(Object v, int len) {
        if (!(v instanceof CharSequence s) || s.length() != len) return false;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            boolean sep = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
            if (sep) {
                char want = i < 10 ? '-' : i == 10 ? ' ' : ':';
                if (c != want) return false;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        int year = (s.charAt(0) - '0') * 1000 + (s.charAt(1) - '0') * 100 + (s.charAt(2) - '0') * 10 + (s.charAt(3) - '0');
        int month = two(s, 5), day = two(s, 8);
        if (year == 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) return false;
        return len == 10 || two(s, 11) <= 23 && two(s, 14) <= 59 && two(s, 17) <= 59;
    }

    private static int two(CharSequence s, int at) {
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    /** A point in time with the offset it was written with, or null for a zero date. */
    private record Moment(LocalDateTime local, ZoneOffset offset) {
        LocalDateTime utc() {
            return offset == null ? local : local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
    }

    private static Moment moment(Object v, String what) throws TransformException {
        if (v == null) return null;
        try {
            if (v instanceof Long || v instanceof Integer) {
                return new Moment(LocalDateTime.ofEpochSecond(((Number) v).longValue(), 0, ZoneOffset.UTC), null);
            }
            if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) return julian(v, ((Number) v).doubleValue());
        } catch (DateTimeException e) {
            throw Values.error(v, "is outside the range of a " + what);
        }
        if (!(v instanceof CharSequence)) throw Values.error(v, "is not a " + what + " (expected ISO text or a number)");
        String s = v.toString().trim();
        Matcher m = DATE_TIME.matcher(s);
        if (!m.matches()) {
            throw Values.error(v, "is not a " + what + " (expected YYYY-MM-DD[ HH:MM[:SS[.fff]]], a Julian day or Unix seconds)");
        }
        if (m.group(1).equals("0000") || m.group(2).equals("00") || m.group(3).equals("00")) return null;
        LocalDate day;
        try {
            day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw Values.error(v, "is not a valid date: " + e.getMessage());
        }
        LocalTime time = m.group(4) == null ? LocalTime.MIDNIGHT : localTime(v, m.group(4), m.group(5), m.group(6), m.group(7));
        return new Moment(LocalDateTime.of(day, time), offset(v, m.group(8)));
    }

    private static Moment julian(Object v, double jd) throws TransformException {
        if (!(jd >= 0 && jd <= MAX_JULIAN_DAY)) throw Values.error(v, "is outside SQLite's Julian day range 0..5373484.5");
        long ms = Math.round(jd * 86_400_000.0) - UNIX_EPOCH_JULIAN_MS;
        long seconds = Math.floorDiv(ms, 1000);
        int nanos = (int) Math.floorMod(ms, 1000) * 1_000_000;
        return new Moment(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), null);
    }

    private static LocalTime localTime(Object v, String h, String m, String s, String fraction) throws TransformException {
        try {
            int nanos = 0;
            if (fraction != null) {
                String f = (fraction + "000000000").substring(0, 9);
                nanos = Integer.parseInt(f);
            }
            return LocalTime.of(Integer.parseInt(h), Integer.parseInt(m), s == null ? 0 : Integer.parseInt(s), nanos);
        } catch (DateTimeException e) {
            throw Values.error(v, "has an invalid time of day: " + e.getMessage());
        }
    }

    private static ZoneOffset offset(Object v, String zone) throws TransformException {
        if (zone == null) return null;
        if (zone.equalsIgnoreCase("z")) return ZoneOffset.UTC;
        try {
            String z = zone.contains(":") ? zone : zone.substring(0, 3) + ":" + zone.substring(3);
            return ZoneOffset.of(z);
        } catch (DateTimeException e) {
            throw Values.error(v, "has an invalid UTC offset " + zone);
        }
    }

    private static String dateTime(LocalDateTime t) {
        return t.toLocalDate() + " " + time(t.toLocalTime());
    }

    private static String time(LocalTime t) {
        String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() == 0) return s;
        String f = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return s + "." + f;
    }
}
