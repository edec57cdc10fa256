package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * What MySQL's zero dates ({@code 0000-00-00}, {@code 0000-00-00 00:00:00}) and partial zero dates (year, month or
 * day {@code 0}: {@code 2024-00-10}) become, since PostgreSQL has no value for them: NULL (the default, as pgloader),
 * a rejected row, or a date chosen by the user ({@code 1970-01-01}). A run has one policy (plan {@code zero_dates:},
 * {@code --zero-dates}); a column takes another through a cast rule whose transform is {@code zero-dates-to-null} or
 * {@code zero-dates-reject}.
 *
 * <p>Every column that looks for zero dates counts what it found ({@link Guard}), so the report can say
 * {@code orders.shipped_at: 3 zero dates → NULL} instead of the values disappearing silently.
 *
 * @param action      what a zero date becomes
 * @param replacement for {@link Action#REPLACE}, the date ({@code 1970-01-01}) or timestamp written in its place
 */
public record ZeroDates(Action action, String replacement) {
    public enum Action { NULL, REJECT, REPLACE }

    public static final ZeroDates NULL = new ZeroDates(Action.NULL, null);
    public static final ZeroDates REJECT = new ZeroDates(Action.REJECT, null);

    /** pgloader's transform; as a column's transform it also says: zero dates of this column are NULL. */
    static final String TO_NULL = "zero-dates-to-null";
    /** Drover's counterpart of {@link #TO_NULL}: zero dates of the column reject their row. */
    static final String REJECT_TRANSFORM = "zero-dates-reject";
    /** The source transforms that read dates and follow the run's policy (or a lent one) for zero dates. */
    private static final Set<String> FOLLOW_RUN = Set.of("mysql-zero-date", "mysql-timestamp-utc");

    public ZeroDates {
        if (action == null) throw new IllegalArgumentException("zero dates: an action is required");
        if ((action == Action.REPLACE) != (replacement != null)) {
            throw new IllegalArgumentException("zero dates: a replacement goes with REPLACE, and only with it");
        }
    }

    /**
     * {@code null}, {@code reject}, or a date or timestamp to write instead ({@code 1970-01-01},
     * {@code 1970-01-01 00:00:00}), which must itself be a real date.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static ZeroDates parse(String text) {
        String t = text == null ? "" : text.trim();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "null" -> {
                return NULL;
            }
            case "reject" -> {
                return REJECT;
            }
            default -> { }
        }
        try {
            if (t.length() == 10) LocalDate.parse(t);
            else LocalDateTime.parse(t.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("zero dates must be null, reject, or a date such as 1970-01-01 (or 1970-01-01 00:00:00),"
                    + " not '" + text + "'");
        }
        if (isZeroDate(t)) throw new IllegalArgumentException("zero dates cannot be replaced by a zero date ('" + text + "')");
        return new ZeroDates(Action.REPLACE, t);
    }

    /** As {@link #parse} reads it: {@code null}, {@code reject} or the replacement. */
    @Override
    public String toString() {
        return switch (action) {
            case NULL -> "null";
            case REJECT -> "reject";
            case REPLACE -> replacement;
        };
    }

    /** What a zero date becomes, for people: {@code NULL}, {@code rejected}, {@code 1970-01-01}. */
    public String outcome() {
        return switch (action) {
            case NULL -> "NULL";
            case REJECT -> "rejected";
            case REPLACE -> replacement;
        };
    }

    /** A full or partial zero date as MySQL writes dates: year {@code 0000}, month {@code 00} or day {@code 00}. */
    public static boolean isZeroDate(CharSequence s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return false;
        return zeros(s, 0, 4) || zeros(s, 5, 7) || zeros(s, 8, 10);
    }

    private static boolean zeros(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) != '0') return false;
        return true;
    }

    /** The {@code zero-dates-reject} transform on its own: a zero date rejects its row, anything else passes. */
    static Object reject(Object v) throws Transform.TransformException {
        if (v instanceof CharSequence s && isZeroDate(s)) throw Values.error(v, REJECT.rejectReason(false));
        return v;
    }

    /** The policy a column's own transform states ({@code zero-dates-to-null}, {@code zero-dates-reject}), or null. */
    static ZeroDates statedBy(String transform) {
        if (TO_NULL.equals(transform)) return NULL;
        if (REJECT_TRANSFORM.equals(transform)) return REJECT;
        return null;
    }

    /** Whether the transform reads source dates and leaves zero dates to the run's policy. */
    static boolean followsRun(String transform) {
        return transform != null && FOLLOW_RUN.contains(transform);
    }

    /** The replacement as the target type reads it: a date column takes the date part, a timestamp a time too. */
    String replacementFor(String targetType) {
        String base = TargetTypes.baseName(targetType);
        if (base.equals("date")) return replacement.substring(0, 10);
        if (base.startsWith("timestamp") && replacement.length() == 10) return replacement + " 00:00:00";
        return replacement;
    }

    /** Why a zero date in this column is rejected, and what to do instead. */
    private String rejectReason(boolean notNull) {
        return action == Action.NULL && notNull
                ? "is a zero date, which would load as NULL, but the column is NOT NULL in the target: choose zero dates"
                        + " reject or a date instead (--zero-dates 1970-01-01), or a cast rule that drops not null"
                : "is a zero date, and zero dates are rejected (zero dates: reject); --zero-dates null or a date"
                        + " (--zero-dates 1970-01-01) loads them";
    }

    /** The explanations {@code drover explain} shows for a column that looks for zero dates. */
    List<String> notes(SourceColumn c, boolean notNull, String defaultSql) {
        List<String> notes = new ArrayList<>();
        boolean rejects = action == Action.REJECT || action == Action.NULL && notNull;
        if (action == Action.NULL && !notNull && !c.nullable()) {
            notes.add("NOT NULL dropped: zero dates (0000-00-00) and partial zero dates (2019-00-10) load as NULL");
        } else if (rejects) {
            notes.add("zero dates (0000-00-00) and partial zero dates (2019-00-10) are rejected"
                    + (action == Action.NULL ? ": they would be NULL in a NOT NULL column" : ""));
        } else if (action == Action.REPLACE) {
            notes.add("zero dates (0000-00-00) and partial zero dates (2019-00-10) load as " + replacement);
        }
        if (c.defaultValue() != null && isZeroDate(unquote(c.defaultValue()))) {
            notes.add(defaultSql == null ? "default " + c.defaultValue() + " dropped: PostgreSQL has no zero date"
                    : "default " + c.defaultValue() + " becomes " + defaultSql);
        }
        return notes;
    }

    static String unquote(String d) {
        String s = d.trim();
        return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
    }

    /**
     * The column's transform with its zero dates handled first and counted: a zero date becomes NULL, the
     * replacement (given to the transform, so a MySQL timestamp's replacement is marked UTC like its other values),
     * or a rejected row whose message says why; any other value goes to the transform.
     *
     * @param transform the column's transform, or null for none
     */
    public static Guard guard(ColumnCast cast, Transform transform) {
        return new Guard(cast.zeroDates(), transform, cast.notNull(),
                cast.zeroDates().action == Action.REPLACE ? cast.zeroDates().replacementFor(cast.targetType()) : null, cast.targetName());
    }

    /** A column's zero-date handling with its count; safe to use from several threads. */
    public static final class Guard implements Transform {
        private final ZeroDates policy;
        private final Transform inner;
        private final boolean rejects;
        private final String reason;
        private final String replacement;
        private final String column;
        private final LongAdder count = new LongAdder();

        private Guard(ZeroDates policy, Transform inner, boolean notNull, String replacement, String column) {
            this.policy = policy;
            this.inner = inner;
            this.rejects = policy.action == Action.REJECT || policy.action == Action.NULL && notNull;
            this.reason = rejects ? policy.rejectReason(notNull) : null;
            this.replacement = replacement;
            this.column = column;
        }

        @Override
        public Object apply(Object v) throws TransformException {
            if (v instanceof CharSequence s && isZeroDate(s)) {
                count.increment();
                if (rejects) throw Values.error(v, reason);
                if (policy.action == Action.NULL) return null;
                return inner == null ? replacement : inner.apply(replacement);
            }
            return inner == null ? v : inner.apply(v);
        }

        /** The target column. */
        public String column() {
            return column;
        }

        /** Zero dates seen so far. */
        public long count() {
            return count.sum();
        }

        /** What they became: {@code null}, {@code reject} or the replacement (as {@link ZeroDates#toString()}). */
        public String outcome() {
            return rejects ? REJECT.toString() : policy.toString();
        }
    }
}
