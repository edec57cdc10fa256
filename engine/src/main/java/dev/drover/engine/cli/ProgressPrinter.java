package dev.drover.engine.cli;

import dev.drover.engine.report.SummaryPrinter;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.run.RunEvent;
import dev.drover.engine.run.RunListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows load progress. On a terminal: one line per active table, redrawn in place at most five
 * times a second, with a bar (input bytes read of the file size), rows/s, MB/s and an ETA. Else
 * (logs, pipes, {@code --no-progress}): a plain line per table every few seconds and when it ends.
 */
public final class ProgressPrinter implements RunListener {
    static final long REDRAW_NANOS = 200_000_000L;
    static final long PLAIN_NANOS = 5_000_000_000L;
    static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final Map<String, Table> active = new LinkedHashMap<>();
    private long lastDraw;
    private boolean drawnOnce;
    private int drawn;

    private static final class Table {
        final long start;
        long expected = -1;
        long expectedRows = -1;
        long read, sourceBytes, sentBytes;
        long lastPlain;
        String state = "queued";

        Table(long start) {
            this.start = start;
            this.lastPlain = start;
        }
    }

    public ProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ProgressPrinter(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
    }

    @Override
    public synchronized void on(RunEvent e) {
        long now = nanos.getAsLong();
        if (e instanceof RunEvent.TableQueued q) {
            active.computeIfAbsent(q.table(), k -> new Table(now)).expected = q.expectedBytes();
        } else if (e instanceof RunEvent.TableProgress p) {
            Table t = active.computeIfAbsent(p.table(), k -> new Table(now));
            t.read = p.read();
            t.sourceBytes = p.sourceBytes();
            t.sentBytes = p.bytes();
            if (p.expectedBytes() >= 0) t.expected = p.expectedBytes();
            t.expectedRows = p.expectedRows();
            t.state = p.state().name().toLowerCase(Locale.ROOT);
            if (terminal) {
                if (!drawnOnce || now - lastDraw >= REDRAW_NANOS) redraw(now);
            } else if (now - t.lastPlain >= PLAIN_NANOS) {
                t.lastPlain = now;
                out.println(line(p.table(), t, now));
                out.flush();
            }
        } else if (e instanceof RunEvent.TableFinished f) {
            active.remove(f.report().table());
            above(finished(f.report()), now);
        } else if (e instanceof RunEvent.Notice n) {
            above((n.table() == null ? "" : n.table() + ": ") + n.message(), now);
        } else if (e instanceof RunEvent.RunFinished) {
            active.clear();
            if (terminal) clear();
            out.flush();
        }
    }

    /** Prints a permanent line above the redrawn block. */
    private void above(String text, long now) {
        if (terminal) clear();
        out.println(text);
        if (terminal && !active.isEmpty()) redraw(now);
        out.flush();
    }

    private void clear() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "F\033[J");
            drawn = 0;
        }
    }

    private void redraw(long now) {
        clear();
        for (Map.Entry<String, Table> e : active.entrySet()) {
            if (e.getValue().state.equals("queued")) continue;
            out.println(line(e.getKey(), e.getValue(), now));
            drawn++;
        }
        lastDraw = now;
        drawnOnce = true;
        out.flush();
    }

    static String finished(TableReport r) {
        return String.format(Locale.ROOT, "%s: %s, %,d rows loaded, %,d rejected in %s", r.table(),
                r.state() == null ? "done" : r.state().name().toLowerCase(Locale.ROOT), r.loaded(), r.rejected(),
                SummaryPrinter.time(r.time()));
    }

    private String line(String table, Table t, long now) {
        double secs = Math.max((now - t.start) / 1e9, 1e-3);
        double rowsPerSec = t.read / secs;
        // files: input bytes against the file size; databases: rows against the catalog's estimate, sent bytes for MB/s
        boolean byRows = t.expected <= 0 && t.expectedRows > 0;
        double done = byRows ? t.read : t.sourceBytes, total = byRows ? t.expectedRows : t.expected;
        double perSec = done / secs;
        double bytesPerSec = (byRows ? t.sentBytes : t.sourceBytes) / secs;
        StringBuilder b = new StringBuilder(table).append(' ');
        if (total > 0) {
            double frac = Math.min(1.0, done / total);
            int filled = (int) Math.round(frac * BAR);
            if (terminal) b.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
            b.append(String.format(Locale.ROOT, "%3d%% ", (int) Math.floor(frac * 100)));
        }
        b.append(String.format(Locale.ROOT, "%,d rows  %,.0f rows/s  %.1f MB/s", t.read, rowsPerSec, bytesPerSec / (1024 * 1024)));
        if (total > 0 && perSec > 0 && done < total) {
            b.append("  ETA ").append(eta((long) ((total - done) / perSec)));
        }
        return b.toString();
    }

    static String eta(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toHours() > 0) return String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
        if (d.toMinutes() > 0) return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
        return d.getSeconds() + "s";
    }
}
