package dev.drover.engine.cast;

import java.util.ArrayList;
import java.util.List;

/**
 * pgloader's {@code date format 'fmt'} (reference §4.6): a positional pattern where each token reads a fixed
 * number of characters at a fixed offset and each separator skips one character (its text is not checked).
 * The result is text PostgreSQL reads: {@code Y-M-D H:M:S[.frac]} when the pattern has year, month and day
 * (missing time parts are 00), else {@code H:M:S[.frac]}.
 *
 * <p>Differences from pgloader, as the reference asks: the AM/PM marker is read from the data (pgloader looks
 * only at the pattern, so {@code 03:15 PM} became 03:15), and a value that does not fit the pattern is an
 * error for that row (pgloader drops the row with "Could not read input").
 */
public final class PgloaderDateFormat {
    private enum Kind { YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, MS, US, MERIDIEM, SEPARATOR }

    private record Token(Kind kind, int width) {}

    private static final String SEPARATORS = "-.:*#@/\\T ";

    private final String pattern;
    private final List<Token> tokens;
    private final boolean hasDate;

    private PgloaderDateFormat(String pattern, List<Token> tokens) {
        this.pattern = pattern;
        this.tokens = tokens;
        boolean y = false, m = false, d = false;
        for (Token t : tokens) {
            y |= t.kind == Kind.YEAR;
            m |= t.kind == Kind.MONTH;
            d |= t.kind == Kind.DAY;
        }
        this.hasDate = y && m && d;
    }

    /**
     * Reads a pattern.
     *
     * @throws IllegalArgumentException naming the character that is neither a token nor a separator
     */
    public static PgloaderDateFormat compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) throw new IllegalArgumentException("empty date format");
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            String rest = pattern.substring(i);
            Token t = null;
            int used = 0;
            for (Object[] c : new Object[][] {
                    {"YYYY", Kind.YEAR, 4}, {"YYY", Kind.YEAR, 3}, {"YY", Kind.YEAR, 2},
                    {"MM", Kind.MONTH, 2}, {"DD", Kind.DAY, 2},
                    {"HH24", Kind.HOUR, 2}, {"HH12", Kind.HOUR, 2}, {"HH", Kind.HOUR, 2},
                    {"MI", Kind.MINUTE, 2}, {"SS", Kind.SECOND, 2}, {"MS", Kind.MS, 4}, {"US", Kind.US, 6},
                    {"A.M.", Kind.MERIDIEM, 4}, {"a.m.", Kind.MERIDIEM, 4}, {"P.M.", Kind.MERIDIEM, 4}, {"p.m.", Kind.MERIDIEM, 4},
                    {"AM", Kind.MERIDIEM, 2}, {"am", Kind.MERIDIEM, 2}, {"PM", Kind.MERIDIEM, 2}, {"pm", Kind.MERIDIEM, 2}}) {
                String name = (String) c[0];
                if (rest.startsWith(name)) {
                    t = new Token((Kind) c[1], (Integer) c[2]);
                    used = name.length();
                    break;
                }
            }
            if (t == null) {
                char ch = pattern.charAt(i);
                if (SEPARATORS.indexOf(ch) < 0) {
                    throw new IllegalArgumentException("date format '" + pattern + "': '" + ch + "' at position " + (i + 1)
                            + " is neither a token (YYYY, MM, DD, HH24, MI, SS, MS, US, AM...) nor a separator (- . : * # @ / \\ T space)");
                }
                t = new Token(Kind.SEPARATOR, 1);
                used = 1;
            }
            out.add(t);
            i += used;
        }
        return new PgloaderDateFormat(pattern, List.copyOf(out));
    }

    public String pattern() {
        return pattern;
    }

    /**
     * The value as text PostgreSQL reads, or null for an empty value and for a zero year, month or day
     * (pgloader's rule).
     *
     * @throws IllegalArgumentException when the value does not fit the pattern
     */
    public String apply(String value) {
        if (value == null || value.isEmpty()) return null;
        int year = -1, month = -1, day = -1, hour = -1, minute = -1, second = -1;
        String frac = null;
        Boolean pm = null;
        int at = 0;
        for (Token t : tokens) {
            if (t.kind == Kind.SEPARATOR) {
                at++;
                continue;
            }
            boolean fraction = t.kind == Kind.MS || t.kind == Kind.US;
            int end = Math.min(value.length(), at + t.width);
            if (end - at < t.width && !(fraction && end > at)) {
                throw bad(value, "it ends before " + describe(t));
            }
            String s = value.substring(at, end);
            at = end;
            if (t.kind == Kind.MERIDIEM) {
                String m = s.replace(".", "").toUpperCase(java.util.Locale.ROOT);
                if (m.equals("AM")) pm = false;
                else if (m.equals("PM")) pm = true;
                else throw bad(value, "'" + s + "' is not AM or PM");
                continue;
            }
            if (fraction) {
                if (!s.chars().allMatch(Character::isDigit)) throw bad(value, "'" + s + "' is not a fraction of a second");
                frac = s;
                continue;
            }
            String digits = s.strip();
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(value, "'" + s + "' is not a number for " + describe(t));
            }
            int n = Integer.parseInt(digits);
            switch (t.kind) {
                case YEAR -> year = digits.length() <= 2 ? n + 2000 : n;
                case MONTH -> month = n;
                case DAY -> day = n;
                case HOUR -> hour = n;
                case MINUTE -> minute = n;
                case SECOND -> second = n;
                default -> throw new IllegalStateException();
            }
        }
        if (year == 0 || month == 0 || day == 0) return null;
        if (pm != null && hour >= 0) {
            if (!pm && hour == 12) hour = 0;
            else if (pm && hour < 12) hour += 12;
        }
        StringBuilder b = new StringBuilder(32);
        if (hasDate) b.append(String.format("%04d-%02d-%02d ", year, month, day));
        b.append(String.format("%02d:%02d:%02d", Math.max(hour, 0), Math.max(minute, 0), Math.max(second, 0)));
        if (frac != null) b.append('.').append(frac);
        return b.toString();
    }

    private IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("'" + value + "' does not fit the date format '" + pattern + "': " + why);
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case YEAR -> "the year";
            case MONTH -> "the month";
            case DAY -> "the day";
            case HOUR -> "the hour";
            case MINUTE -> "the minutes";
            case SECOND -> "the seconds";
            case MS, US -> "the fraction";
            case MERIDIEM -> "the AM/PM marker";
            case SEPARATOR -> "a separator";
        };
    }
}
