package dev.drover.engine.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incremental table's lookback window: how far before the stored watermark a run starts reading again, on the
 * cursor's first column. A cursor like {@code updated_at} misses a row committed late with an older timestamp (a long
 * transaction in the source, a replica behind); reading the last minutes again catches it, and the upsert leaves the
 * rows read twice unchanged. Either a duration ({@code 10 minutes}, {@code 90s}, {@code 2 hours}, {@code 1 day},
 * ISO {@code PT10M}) for a date/time column, or a number ({@code 1000}) for a numeric one.
 */
public final class Lookback {
    private Lookback() {}

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    /** The window: a {@link Duration} or a {@link BigDecimal}. */
    public static Object parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw problem(text);
            }
        }
        Matcher m = AMOUNT.matcher(t);
        if (!m.matches()) throw problem(text);
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty()) {
            if (n.signum() <= 0) throw problem(text);
            return n;
        }
        long seconds = switch (unit) {
            case "s", "sec", "secs", "second", "seconds" -> 1;
            case "m", "min", "mins", "minute", "minutes" -> 60;
            case "h", "hour", "hours" -> 3600;
            case "d", "day", "days" -> 86_400;
            default -> throw problem(text);
        };
        return positive(Duration.ofMillis(n.multiply(BigDecimal.valueOf(seconds * 1000)).longValue()), text);
    }

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) throw problem(text);
        return d;
    }

    private static IllegalArgumentException problem(String text) {
        return new IllegalArgumentException("lookback '" + text + "' is neither a duration (10 minutes, 90s, 2 hours, 1 day, PT10M)"
                + " nor a positive number");
    }

    /**
     * The position {@code window} before {@code value}, in the value's own form, so that the source compares it as it
     * compares its own values: a number less the number; a date or date-time text less the duration, written back
     * with the same separator, fraction digits and offset (an ISO text compares correctly as text, which is how
     * SQLite compares it).
     *
     * @param value a number, or a date/time text as the cursor's first column gave it
     * @throws IllegalArgumentException when the window does not fit the value
     */
    public static Object before(Object value, Object window, String column) {
        if (value instanceof Number n) {
            if (!(window instanceof BigDecimal w)) {
                throw new IllegalArgumentException("the lookback of cursor column " + column + " is a duration, and the column holds"
                        + " numbers (" + value + "): give it a number, e.g. lookback: 1000");
            }
            BigDecimal r = new BigDecimal(n.toString()).subtract(w);
            return value instanceof Long || value instanceof Integer ? (Object) r.longValue() : r;
        }
        if (!(window instanceof Duration d)) {
            throw new IllegalArgumentException("the lookback of cursor column " + column + " is a number, and the column holds " + value
                    + ": give it a duration, e.g. lookback: 10 minutes");
        }
        String s = value.toString();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).minusDays(Math.max(1, (d.toSeconds() + 86_399) / 86_400)).toString();
            }
            char sep = s.charAt(10);
            String iso = s.substring(0, 10) + 'T' + s.substring(11);
            int fractionDigits = 0;
            int dot = s.indexOf('.', 11);
            if (dot > 0) {
                int end = dot + 1;
                while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
                fractionDigits = end - dot - 1;
            }
            String pattern = "yyyy-MM-dd'" + sep + "'HH:mm:ss" + (fractionDigits > 0 ? "." + "S".repeat(fractionDigits) : "");
            String offsetPart = offset(s);
            if (offsetPart != null) {
                OffsetDateTime t = OffsetDateTime.parse(iso.substring(0, iso.length() - offsetPart.length()) + normalOffset(offsetPart));
                return t.minus(d).toLocalDateTime().format(DateTimeFormatter.ofPattern(pattern)) + offsetPart;
            }
            return LocalDateTime.parse(iso).minus(d).format(DateTimeFormatter.ofPattern(pattern));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the lookback of cursor column " + column + " needs a date or date-time value"
                    + " (2024-01-08 09:00:00), and the watermark holds " + value, e);
        }
    }

    /** The offset at the end of a date-time text ({@code +02}, {@code +02:00}, {@code Z}), or null. */
    private static String offset(String s) {
        if (s.endsWith("Z")) return "Z";
        Matcher m = Pattern.compile("[+-]\\d{2}(:?\\d{2})?$").matcher(s);
        return m.find() && m.start() > 16 ? m.group() : null;
    }

    private static String normalOffset(String o) {
        if (o.equals("Z")) return "Z";
        if (o.length() == 3) return o + ":00";
        if (o.length() == 5) return o.substring(0, 3) + ":" + o.substring(3);
        return o;
    }
}
