package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * timestamp and timestamptz from {@code YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]]}, for timestamptz
 * with an optional offset ({@code Z}, {@code ±HH}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH:MM:SS}),
 * and a trailing {@code " BC"} as the server's ISO output writes it.
 *
 * <p>A timestamptz without an offset is local time in the session's zone. The zone's offset is
 * looked up once per stretch between two transitions and reused, so a column of values in the
 * same years costs no allocation. Local times in a DST gap or overlap go to the server, whose
 * choice of offset there differs from java.time's.
 */
final class TimestampCodec implements FieldCodec {
    private static final int AMBIGUOUS = Integer.MIN_VALUE;
    /** The server refuses offsets beyond ±15:59:59 (MAX_TZDISP_HOUR). */
    private static final int MAX_OFFSET_HOUR = 15;
    /** Beyond this many days from 2000 every timestamp is out of range, and µs would overflow. */
    private static final long MAX_ABS_DAYS = 110_000_000L;

    private final ZoneRules rules;
    /** Immutable and replaced as a whole, so sharing the codec between threads is safe. */
    private OffsetStretch stretch;

    /** @param zone the session zone for timestamptz, or null for timestamp without time zone */
    TimestampCodec(ZoneId zone) {
        this.rules = zone == null ? null : zone.getRules();
        this.stretch = rules != null && rules.isFixedOffset()
                ? new OffsetStretch(Long.MIN_VALUE, Long.MAX_VALUE, rules.getOffset(Instant.EPOCH).getTotalSeconds()) : null;
    }

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        int end = value.length();
        int i = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, i, end);
        long micros;
        if (Ascii.is(value, i, end, "infinity") || Ascii.is(value, i, end, "+infinity")) {
            micros = Long.MAX_VALUE;
        } else if (Ascii.is(value, i, end, "-infinity")) {
            micros = Long.MIN_VALUE;
        } else {
            long ymd = DateTimes.parseYmd(value, i, end);
            if (ymd == DateTimes.NOT_PARSED) return false;
            int p = DateTimes.ymdEnd(i, ymd);
            long timeOfDay = 0;
            boolean timeOutOfRange = false;
            if (p + 1 < end && (value.charAt(p) == ' ' || value.charAt(p) == 'T') && Ascii.isDigit(value.charAt(p + 1))) {
                long t = DateTimes.parseTime(value, p + 1, end, false);
                if (t == DateTimes.NOT_PARSED) return false;
                timeOfDay = DateTimes.timeMicros(t);
                timeOutOfRange = DateTimes.timeOutOfRange(t);
                p = DateTimes.timeEnd(t);
            }
            int offset = AMBIGUOUS;
            if (p < end && (value.charAt(p) == 'Z' || value.charAt(p) == 'z' || value.charAt(p) == '+' || value.charAt(p) == '-')) {
                if (rules == null) return false;  // the server ignores an offset on timestamp; rare in data
                if (value.charAt(p) == 'Z' || value.charAt(p) == 'z') {
                    offset = 0;
                    p++;
                } else {
                    long o = parseOffset(value, p, end);
                    if (o == DateTimes.NOT_PARSED) return false;
                    offset = (int) o;
                    p = (int) (o >>> 32);
                }
            }
            boolean bc = DateTimes.isBc(value, p, end);
            if (p != end && !bc) return false;
            if (timeOutOfRange) throw DateTimes.fieldOutOfRange(value);
            long days = DateTimes.days(value, ymd, bc);
            if (Math.abs(days) > MAX_ABS_DAYS) throw outOfRange(value);
            micros = days * DateTimes.USECS_PER_DAY + timeOfDay;
            if (rules != null) {
                if (offset == AMBIGUOUS) {
                    offset = offsetAt(Math.floorDiv(micros, 1_000_000L) + DateTimes.DAYS_1970_TO_2000 * 86_400L);
                    if (offset == AMBIGUOUS) return false;
                }
                micros -= offset * 1_000_000L;
            }
            if (micros < DateTimes.MIN_TIMESTAMP || micros >= DateTimes.END_TIMESTAMP) throw outOfRange(value);
        }
        out.ensure(12);
        out.putInt(8);
        out.putLong(micros);
        return true;
    }

    /** {@code ±HH[[:]MM[[:]SS]]} at {@code p}: seconds east of UTC in the low 32 bits, end index above. */
    private static long parseOffset(CharSequence s, int p, int end) {
        int sign = s.charAt(p) == '-' ? -1 : 1;
        int h = DateTimes.twoDigits(s, p + 1, end);
        if (h < 0 || h > MAX_OFFSET_HOUR) return DateTimes.NOT_PARSED;
        p += 3;
        int m = 0, sec = 0;
        if (p < end && !DateTimes.isBc(s, p, end)) {
            boolean colon = s.charAt(p) == ':';
            m = DateTimes.twoDigits(s, colon ? p + 1 : p, end);
            if (m < 0 || m > 59) return DateTimes.NOT_PARSED;
            p += colon ? 3 : 2;
            if (p < end && !DateTimes.isBc(s, p, end)) {
                if (colon != (s.charAt(p) == ':')) return DateTimes.NOT_PARSED;
                sec = DateTimes.twoDigits(s, colon ? p + 1 : p, end);
                if (sec < 0 || sec > 59) return DateTimes.NOT_PARSED;
                p += colon ? 3 : 2;
            }
        }
        return (sign * (h * 3600 + m * 60 + sec)) & 0xFFFFFFFFL | (long) p << 32;
    }

    /** The session zone's offset for a local time (seconds since 1970 as if UTC), or AMBIGUOUS in a gap or overlap. */
    private int offsetAt(long localSecond) {
        OffsetStretch s = stretch;
        if (s != null && localSecond >= s.fromLocal && localSecond < s.toLocal) return s.offset;
        LocalDateTime local = LocalDateTime.ofEpochSecond(localSecond, 0, ZoneOffset.UTC);
        List<ZoneOffset> valid = rules.getValidOffsets(local);
        if (valid.size() != 1) return AMBIGUOUS;
        int offset = valid.get(0).getTotalSeconds();
        Instant instant = Instant.ofEpochSecond(localSecond - offset);
        ZoneOffsetTransition prev = rules.previousTransition(instant.plusSeconds(1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        // Local times are unique between the later end of the previous transition and the
        // earlier start of the next one.
        long from = prev == null ? Long.MIN_VALUE : prev.toEpochSecond()
                + Math.max(prev.getOffsetBefore().getTotalSeconds(), prev.getOffsetAfter().getTotalSeconds());
        long to = next == null ? Long.MAX_VALUE : next.toEpochSecond()
                + Math.min(next.getOffsetBefore().getTotalSeconds(), next.getOffsetAfter().getTotalSeconds());
        stretch = new OffsetStretch(from, to, offset);
        return offset;
    }

    private static ValueRejected outOfRange(CharSequence value) {
        return new ValueRejected("22008", "timestamp out of range: \"" + value.toString() + "\"");
    }

    private record OffsetStretch(long fromLocal, long toLocal, int offset) {}
}
