package dev.drover.engine.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One table's line in the summary. {@code read = loaded + rejected} holds for every table that
 * finished; {@link #reconciled()} says whether it does.
 *
 * @param table        target table as displayed ({@code schema.table})
 * @param read         records read from the source (every record, good or bad)
 * @param loaded       rows committed in the target
 * @param rejected     rows written to the reject files
 * @param bytes        COPY bytes sent for committed rows
 * @param time         wall-clock time of the table's load
 * @param state        how the table ended
 * @param failure      why it failed, or null
 * @param conversions  values the load changed by policy rather than by the column's type (zero dates), per column;
 *                     empty when none
 * @param verification the comparison of a sample of source rows with the target, or null when none ran
 * @param changes      for a table loaded incrementally, what its loaded rows did to the target; null otherwise
 */
public record TableReport(String table, long read, long loaded, long rejected, long bytes, Duration time,
                          TableState state, String failure, List<Conversion> conversions, Verification verification,
                          Changes changes) {
    public TableReport {
        conversions = conversions == null ? List.of() : List.copyOf(conversions);
    }

    /** Not loaded incrementally. */
    public TableReport(String table, long read, long loaded, long rejected, long bytes, Duration time, TableState state,
                       String failure, List<Conversion> conversions, Verification verification) {
        this(table, read, loaded, rejected, bytes, time, state, failure, conversions, verification, null);
    }

    /**
     * What the rows an incremental run loaded did (their sum is the table's {@code loaded}).
     *
     * @param inserted  rows that were not in the target
     * @param updated   rows whose key was there with other values
     * @param unchanged rows equal to the target's row of their key, left untouched
     * @param watermark the table's watermark after the run (JSON text), or null when it has none
     * @param skipped   rows read and left alone because their cursor is not past the stored watermark (file tables, whose
     *                  files are read whole on every run); part of the table's {@code read}, not of {@code loaded}
     */
    public record Changes(long inserted, long updated, long unchanged, String watermark, long skipped) {
        public Changes(long inserted, long updated, long unchanged, String watermark) {
            this(inserted, updated, unchanged, watermark, 0);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d inserted, %d updated, %d unchanged%s; watermark %s", inserted, updated, unchanged,
                    skipped > 0 ? ", " + skipped + " skipped (not past the watermark)" : "", watermark == null ? "none" : watermark);
        }
    }

    public TableReport(String table, long read, long loaded, long rejected, long bytes, Duration time, TableState state,
                       String failure) {
        this(table, read, loaded, rejected, bytes, time, state, failure, List.of(), null);
    }

    /** {@code read = loaded + rejected}, plus the rows an incremental file table skipped. */
    public boolean reconciled() {
        return read == loaded + rejected + (changes == null ? 0 : changes.skipped());
    }

    /** The same line with rows moved from loaded to rejected after the load (foreign key orphans). */
    public TableReport withRejectedAfterLoad(long rows) {
        return new TableReport(table, read, loaded - rows, rejected + rows, bytes, time, state, failure, conversions, verification, changes);
    }

    public TableReport withConversions(List<Conversion> c) {
        return new TableReport(table, read, loaded, rejected, bytes, time, state, failure, c, verification, changes);
    }

    public TableReport withVerification(Verification v) {
        return new TableReport(table, read, loaded, rejected, bytes, time, state, failure, conversions, v, changes);
    }

    /**
     * Values of one column that the load changed by policy: {@code count} zero dates became {@code to}.
     *
     * @param column target column
     * @param kind   what was found: {@link #ZERO_DATES}
     * @param to     what they became: {@code null}, {@code reject} (their rows were rejected) or the value written
     * @param count  how many
     */
    public record Conversion(String column, String kind, String to, long count) {
        public static final String ZERO_DATES = "zero_dates";

        /** {@code 3 zero dates → NULL}, {@code 1 zero date rejected}, {@code 2 zero dates → 1970-01-01}. */
        public String describe() {
            String what = kind.replace('_', ' ');
            if (count == 1 && what.endsWith("s")) what = what.substring(0, what.length() - 1);
            String result = switch (to) {
                case "null" -> "→ NULL";
                case "reject" -> "rejected";
                default -> "→ " + to;
            };
            return String.format(Locale.ROOT, "%d %s %s", count, what, result);
        }
    }

    /**
     * A sample of source rows, converted as the load converts them, compared value by value with the target rows of
     * the same keys.
     *
     * @param sampled    source rows taken
     * @param matched    rows found in the target with every value equal
     * @param missing    rows not in the target that the table's rejects account for
     * @param mismatched rows that differ, or are missing with no reject to account for them
     * @param mismatches the first mismatches, value by value
     */
    public record Verification(long sampled, long matched, long missing, long mismatched, List<Mismatch> mismatches) {
        public Verification {
            mismatches = List.copyOf(mismatches);
        }

        public boolean passed() {
            return mismatched == 0;
        }
    }

    /**
     * @param key    the row's key as the target holds it ({@code id=7}, {@code a=1, b='x'})
     * @param column the target column that differs, or null when the row is missing
     * @param source the source value converted as the load converts it, as PostgreSQL prints it in the column's type
     *               (null for SQL NULL); {@code present} for a missing row
     * @param target the target's value as PostgreSQL prints it (null for SQL NULL, and for a missing row)
     */
    public record Mismatch(String key, String column, String source, String target) {
        public String describe() {
            return column == null ? key + ": row missing in the target" : key + " " + column + ": source " + show(source) + ", target " + show(target);
        }

        private static String show(String v) {
            if (v == null) return "NULL";
            String s = v.length() > 60 ? v.substring(0, 60) + "…" : v;
            return "'" + s.replace("\n", "\\n") + "'";
        }
    }
}
