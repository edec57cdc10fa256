package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.ValueRejected;

/**
 * ISO date and time parsing shared by the date/time codecs, returning packed primitives so that
 * no value allocates. PostgreSQL and this class both use the proleptic Gregorian calendar.
 */
final class DateTimes {
    static final long NOT_PARSED = -1;
    /** Above the 37 bits of micros in a day, below the end index in {@link #parseTime}'s result. */
    private static final long TIME_OUT_OF_RANGE = 1L << 39;
    static final long USECS_PER_DAY = 86_400_000_000L;
    /** 1970-01-01 to 2000-01-01, the server's epoch. */
    static final int DAYS_1970_TO_2000 = 10_957;
    /** Julian day of 2000-01-01; the server stores dates for Julian days 0 (4714-11-24 BC) onwards. */
    private static final int JULIAN_2000 = 2_451_545;
    /** DATE_END_JULIAN: 5874898-01-01. */
    private static final int DATE_END_JULIAN = 2_147_483_494;
    /** MIN_TIMESTAMP (4714-11-24 00:00 BC) and END_TIMESTAMP (294277-01-01), µs since 2000. */
    static final long MIN_TIMESTAMP = -211_813_488_000_000_000L, END_TIMESTAMP = 9_223_371_331_200_000_000L;

    private DateTimes() {}

    /**
     * {@code YYYY-MM-DD} with 4 to 7 year digits at {@code i}, packed as
     * {@code day | month << 5 | yearDigits << 9 | year << 13}; fields are not validated yet
     * because a following "BC" changes the year.
     */
    static long parseYmd(CharSequence s, int i, int end) {
        int y = 0, n = 0;
        while (i + n < end && Ascii.isDigit(s.charAt(i + n)) && n < 8) y = y * 10 + s.charAt(i + n++) - '0';
        if (n < 4 || n > 7) return NOT_PARSED;
        int p = i + n;
        if (p + 6 > end || s.charAt(p) != '-' || s.charAt(p + 3) != '-') return NOT_PARSED;
        int m = twoDigits(s, p + 1), d = twoDigits(s, p + 4);
        if (m < 0 || d < 0) return NOT_PARSED;
        return d | m << 5 | (long) n << 9 | (long) y << 13;
    }

    static int ymdEnd(int start, long ymd) { return start + (int) (ymd >>> 9 & 0xF) + 6; }

    /**
     * Validates the fields and returns days since 2000-01-01; {@code year} is as written, made
     * astronomical here when {@code bc}.
     */
    static long days(CharSequence value, long ymd, boolean bc) throws ValueRejected {
        int d = (int) (ymd & 0x1F), m = (int) (ymd >>> 5 & 0xF);
        long y = ymd >>> 13;
        // There is no year zero in AD/BC notation.
        if (y == 0 || m < 1 || m > 12) throw fieldOutOfRange(value);
        long year = bc ? 1 - y : y;
        if (d < 1 || d > daysInMonth(year, m)) throw fieldOutOfRange(value);
        return daysFromCivil(year, m, d) - DAYS_1970_TO_2000;
    }

    static boolean isValidDate(long days2000) {
        long jd = days2000 + JULIAN_2000;
        return jd >= 0 && jd < DATE_END_JULIAN;
    }

    /**
     * {@code HH:MM[:SS[.f{1,6}]]} at {@code i}, packed as {@code micros | end << 40}. More than six
     * fraction digits are not parsed: the server rounds them through a double, which is not worth
     * imitating. Second 60 and hour 24 (except {@code 24:00:00} where allowed) go to the server too.
     * A field out of range is only flagged ({@link #timeOutOfRange}): the server reports a syntax
     * error in the rest of the value first, so the caller throws once the whole value has parsed.
     */
    static long parseTime(CharSequence s, int i, int end, boolean allow24) {
        if (i + 5 > end || s.charAt(i + 2) != ':') return NOT_PARSED;
        int h = twoDigits(s, i), m = twoDigits(s, i + 3);
        if (h < 0 || m < 0) return NOT_PARSED;
        int p = i + 5;
        int sec = 0;
        long frac = 0;
        if (p < end && s.charAt(p) == ':') {
            sec = twoDigits(s, p + 1, end);
            if (sec < 0) return NOT_PARSED;
            p += 3;
            if (p < end && s.charAt(p) == '.') {
                int digits = 0;
                for (p++; p < end && Ascii.isDigit(s.charAt(p)); p++, digits++) {
                    if (digits == 6) return NOT_PARSED;
                    frac = frac * 10 + s.charAt(p) - '0';
                }
                if (digits == 0) return NOT_PARSED;
                for (; digits < 6; digits++) frac *= 10;
            }
        }
        if (h > 24 || m > 59 || sec > 60) return TIME_OUT_OF_RANGE | (long) p << 40;
        if (sec == 60) return NOT_PARSED;
        if (h == 24) {
            if (!allow24 || m != 0 || sec != 0 || frac != 0) return NOT_PARSED;
        }
        long micros = ((h * 60L + m) * 60 + sec) * 1_000_000 + frac;
        return micros | (long) p << 40;
    }

    static int timeEnd(long packed) { return (int) (packed >>> 40); }
    static long timeMicros(long packed) { return packed & (TIME_OUT_OF_RANGE - 1); }
    static boolean timeOutOfRange(long packed) { return (packed & TIME_OUT_OF_RANGE) != 0; }

    /** True when {@code s[p,end)} is exactly " BC" (any case), the era suffix of ISO output. */
    static boolean isBc(CharSequence s, int p, int end) {
        return end - p == 3 && s.charAt(p) == ' ' && (s.charAt(p + 1) | 0x20) == 'b' && (s.charAt(p + 2) | 0x20) == 'c';
    }

    static int twoDigits(CharSequence s, int i) {
        char a = s.charAt(i), b = s.charAt(i + 1);
        return Ascii.isDigit(a) && Ascii.isDigit(b) ? (a - '0') * 10 + b - '0' : -1;
    }

    static int twoDigits(CharSequence s, int i, int end) {
        return i + 2 <= end ? twoDigits(s, i) : -1;
    }

    static int daysInMonth(long year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    static ValueRejected fieldOutOfRange(CharSequence value) {
        return new ValueRejected("22008", "date/time field value out of range: \"" + value.toString() + "\"");
    }
}
