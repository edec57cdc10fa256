package dev.drover.engine.report;

import dev.drover.engine.plan.ByteSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * pgloader's text summary, with Drover's {@code read} column and reconciliation flag:
 *
 * <pre>
 *        table name     errors       read       rows      bytes      total time
 * -----------------  ---------  ---------  ---------  ---------  --------------
 *       before load          0          1          1                     0.010s
 * -----------------  ---------  ---------  ---------  ---------  --------------
 *      public.items          2        100         98    12.3 kB          1.234s
 * -----------------  ---------  ---------  ---------  ---------  --------------
 * Total import time          2        100         98    12.3 kB          1.300s
 * </pre>
 *
 * Labels are right-aligned to the longest label, numbers in 9-character columns, time in a
 * 14-character column. A table line ends with {@code MISMATCH} when {@code read != loaded + rejected},
 * with {@code DIFFERS} when the sample comparison found rows that differ from the source, and with its state
 * when it did not finish ({@code FAILED}, {@code CANCELLED}). Phase lines show statements: read = attempted,
 * rows = succeeded, errors = failed. The footer's error cell is {@code ✓} when nothing was rejected and the run
 * succeeded, {@code ✗} when it failed without a reject. Below the
 * table: what each difference is ({@code DIFFERS shop.t id=7 name: source 'a', target 'b'}) and the values
 * changed by policy ({@code shop.orders.shipped_at: 3 zero dates → NULL}).
 */
public final class SummaryPrinter {
    private SummaryPrinter() {}

    public static String format(RunReport r) {
        List<String> labels = new ArrayList<>(List.of("table name", "Total import time"));
        r.pre().forEach(p -> labels.add(p.label()));
        r.tables().forEach(t -> labels.add(t.table()));
        r.post().forEach(p -> labels.add(p.label()));
        int w = labels.stream().mapToInt(String::length).max().orElse(10);

        StringBuilder b = new StringBuilder();
        line(b, w, "table name", "errors", "read", "rows", "bytes", "total time", null);
        String rule = rule(w);
        b.append(rule);
        if (!r.pre().isEmpty()) {
            for (PhaseReport p : r.pre()) phase(b, w, p);
            b.append(rule);
        }
        for (TableReport t : r.tables()) {
            List<String> flags = new ArrayList<>();
            if (!t.reconciled()) flags.add("MISMATCH");
            if (t.verification() != null && !t.verification().passed()) flags.add("DIFFERS");
            if (t.state() == TableState.FAILED || t.state() == TableState.CANCELLED) flags.add(t.state().name());
            line(b, w, t.table(), Long.toString(t.rejected()), Long.toString(t.read()), Long.toString(t.loaded()),
                    ByteSize.human(t.bytes()), time(t.time()), flags.isEmpty() ? null : String.join(" ", flags));
        }
        b.append(rule);
        if (!r.post().isEmpty()) {
            for (PhaseReport p : r.post()) phase(b, w, p);
            b.append(rule);
        }
        // ✓ only for a run that ended well with nothing rejected: a failed phase (an after-load statement, a foreign
        // key) is no success even when no row was refused
        String errors = r.rejected() > 0 ? Long.toString(r.rejected())
                : r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.COMPLETED_WITH_REJECTS ? "✓" : "✗";
        line(b, w, "Total import time", errors, Long.toString(r.read()),
                Long.toString(r.loaded()), ByteSize.human(r.bytes()), time(r.total()), null);

        for (TableReport t : r.tables()) {
            if (!t.reconciled()) {
                b.append(String.format(Locale.ROOT, "MISMATCH %s: read %d, loaded %d + rejected %d = %d\n",
                        t.table(), t.read(), t.loaded(), t.rejected(), t.loaded() + t.rejected()));
            }
            if (t.failure() != null) b.append(t.table()).append(": ").append(t.failure()).append("\n");
            TableReport.Verification v = t.verification();
            if (v != null && !v.passed()) {
                b.append(String.format(Locale.ROOT, "DIFFERS %s: %d of %d sampled rows differ from the source\n", t.table(),
                        v.mismatched(), v.sampled()));
                for (TableReport.Mismatch m : v.mismatches()) b.append("DIFFERS ").append(t.table()).append(' ').append(m.describe()).append("\n");
            }
            for (TableReport.Conversion c : t.conversions()) {
                b.append(t.table()).append('.').append(c.column()).append(": ").append(c.describe()).append("\n");
            }
            if (t.changes() != null) b.append(t.table()).append(": ").append(t.changes().describe()).append("\n");
        }
        for (PhaseReport p : r.pre()) if (p.failure() != null) b.append(p.label()).append(": ").append(p.failure()).append("\n");
        for (PhaseReport p : r.post()) if (p.failure() != null) b.append(p.label()).append(": ").append(p.failure()).append("\n");
        if (r.failure() != null) b.append("Run failed: ").append(r.failure()).append("\n");
        if (r.rejected() > 0 && r.rejectDir() != null) {
            b.append("Rejected rows are in ").append(r.rejectDir()).append("\n");
        }
        return b.toString();
    }

    private static void phase(StringBuilder b, int w, PhaseReport p) {
        line(b, w, p.label(), Long.toString(p.failed()), Long.toString(p.attempted()),
                Long.toString(p.attempted() - p.failed()), "", time(p.time()), p.failure() != null ? "FAILED" : null);
    }

    private static void line(StringBuilder b, int w, String label, String errors, String read, String rows, String bytes,
                             String time, String flag) {
        b.append(pad(label, w)).append("  ").append(pad(errors, 9)).append("  ").append(pad(read, 9)).append("  ")
                .append(pad(rows, 9)).append("  ").append(pad(bytes, 9)).append("  ").append(pad(time, 14));
        if (flag != null) b.append("  ").append(flag);
        b.append("\n");
    }

    private static String rule(int w) {
        String n = "-".repeat(9);
        return "-".repeat(w) + "  " + n + "  " + n + "  " + n + "  " + n + "  " + "-".repeat(14) + "\n";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    /** {@code 0.052s}, {@code 2m3.456s}, {@code 1h2m3.456s}. */
    public static String time(Duration d) {
        if (d == null) return "";
        long ms = d.toMillis();
        long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, milli = ms % 1000;
        String sec = String.format(Locale.ROOT, "%d.%03ds", s, milli);
        if (h > 0) return h + "h" + m + "m" + sec;
        if (m > 0) return m + "m" + sec;
        return sec;
    }
}
