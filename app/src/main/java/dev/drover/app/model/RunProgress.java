package dev.drover.app.model;

import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.run.RunEvent;
import dev.drover.engine.run.RunListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one adapter between the engine's events and the Run page. Engine threads call {@link #on} as often as they like
 * (every committed batch); it only updates counters under a lock. The page asks for a {@link Snapshot} a few times a
 * second, so the screen's work is bounded by the refresh rate, not by the load's speed, and the window never freezes.
 * Plain Java: tests feed it events and a clock.
 *
 * <p>The log keeps the last {@value #LOG_LINES} lines; per table only the first {@value #REJECTS_LOGGED} rejects are
 * written to it (the Results page browses them all).
 */
public final class RunProgress implements RunListener {
    public static final int LOG_LINES = 5_000;
    public static final int REJECTS_LOGGED = 20;
    /** Rows/s is measured over this window, so that it follows changes of speed and drops when a table stalls. */
    private static final long RATE_WINDOW_NANOS = 5_000_000_000L;

    /** What a table is doing, as the page shows it. */
    public enum Stage {
        QUEUED("queued"), COPYING("copying"), INDEXING("indexing"), DONE("done"), FAILED("failed"), CANCELLED("cancelled");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean ended() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /**
     * One table's line.
     *
     * @param fraction     how far its rows are, 0 to 1, or -1 when the size of the source is unknown
     * @param rowsPerSecond over the last few seconds
     * @param eta          time left for its rows, or null when unknown
     * @param stalled      begun (prepared or copying), yet nothing moved for longer than the stall limit
     * @param stepsDone    its keys and indexes built so far, of {@code stepsTotal} queued
     * @param problem      why it failed, or a step's failure, or null
     */
    public record TableLine(String table, Stage stage, long read, long loaded, long rejected, long bytes, double fraction,
                            double rowsPerSecond, Duration eta, boolean stalled, Duration stalledFor, int stepsDone,
                            int stepsTotal, String problem, TableReport.Changes changes) {
        public double megabytes() {
            return bytes / 1e6;
        }

        /** For a table loaded incrementally: {@code 12 inserted, 3 updated, 0 unchanged}; empty for the others. */
        public String changesText() {
            return changes == null ? "" : ResultsModel.changes(changes);
        }
    }

    /**
     * Everything the page shows at one moment.
     *
     * @param fraction     the whole load, 0 to 1: the tables' rows weighted by their expected size; 1 once the run ended
     * @param phase        what runs now ({@code copying rows}, {@code keys and indexes}, ...)
     * @param stepsDone    schema steps after the data ended so far, of {@code stepsTotal} queued
     * @param log          log lines added since the snapshot before
     * @param finished     the run's report once it ended, else null
     */
    public record Snapshot(List<TableLine> tables, double fraction, long read, long loaded, long rejected, long bytes,
                           double rowsPerSecond, Duration elapsed, Duration eta, String phase, int stepsDone,
                           int stepsTotal, List<String> log, boolean cancelling, RunReport finished) {
        public boolean running() {
            return finished == null;
        }

        public List<TableLine> stalled() {
            return tables.stream().filter(TableLine::stalled).toList();
        }
    }

    private static final class Table {
        final String name;
        Stage stage = Stage.QUEUED;
        long read, loaded, rejected, bytes, sourceBytes;
        long expectedBytes = -1, expectedRows = -1;
        long started = -1;
        long lastMove;
        int stepsDone, stepsTotal;
        String problem;
        TableReport.Changes changes;
        int rejectsLogged;
        boolean active; // its job has begun (TableQueued comes when the table's setup starts)
        final Deque<long[]> samples = new ArrayDeque<>(); // {nanos, read}, for the rate

        Table(String name, long now) {
            this.name = name;
            this.lastMove = now;
        }

        double fraction() {
            if (stage == Stage.DONE) return 1;
            if (expectedRows > 0) return Math.min(1, (double) read / expectedRows);
            if (expectedBytes > 0 && sourceBytes >= 0) return Math.min(1, (double) sourceBytes / expectedBytes);
            if (expectedRows == 0 || expectedBytes == 0) return stage.ended() ? 1 : 0;
            return -1;
        }

        /** The table's share of the whole: its expected rows, else bytes (as rows of ~100 bytes), else one row. */
        double weight() {
            if (expectedRows > 0) return expectedRows;
            if (expectedBytes > 0) return expectedBytes / 100.0;
            return 1;
        }
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Deque<String> log = new ArrayDeque<>();
    private final List<String> fresh = new ArrayList<>();
    private final long start;
    private final long stallNanos;
    private final Clock clock;
    private String phase = "preparing the target";
    private int stepsDone, stepsTotal;
    private boolean cancelling;
    private RunReport finished;
    private long endedAt;

    /** A source of nanoseconds: {@link System#nanoTime} in the app, a hand-moved clock in tests. */
    @FunctionalInterface
    public interface Clock {
        long nanos();
    }

    /**
     * @param stallAfter a table copying with no progress for this long is flagged as stalled
     */
    public RunProgress(Duration stallAfter, Clock clock) {
        this.clock = clock;
        this.stallNanos = stallAfter.toNanos();
        this.start = clock.nanos();
    }

    public RunProgress() {
        this(Duration.ofSeconds(30), System::nanoTime);
    }

    @Override
    public synchronized void on(RunEvent event) {
        long now = clock.nanos();
        if (event instanceof RunEvent.TableQueued q) {
            Table t = table(q.table(), now);
            if (q.expectedBytes() >= 0) t.expectedBytes = q.expectedBytes();
            t.active = true;
            t.lastMove = now;
        } else if (event instanceof RunEvent.TableProgress p) {
            Table t = table(p.table(), now);
            t.active = true;
            if (t.started < 0 && p.state() != TableState.QUEUED) t.started = now;
            if (p.read() != t.read || p.loaded() != t.loaded || p.rejected() != t.rejected) t.lastMove = now;
            t.read = p.read();
            t.loaded = p.loaded();
            t.rejected = p.rejected();
            t.bytes = p.bytes();
            t.sourceBytes = p.sourceBytes();
            if (p.expectedBytes() >= 0) t.expectedBytes = p.expectedBytes();
            if (p.expectedRows() >= 0) t.expectedRows = p.expectedRows();
            if (!t.stage.ended()) t.stage = stage(p.state());
        } else if (event instanceof RunEvent.RowRejected r) {
            Table t = table(r.table(), now);
            if (t.rejectsLogged++ < REJECTS_LOGGED) {
                var j = r.reject();
                String where = j.line() > 0 ? "line " + j.line() + " of " + j.file() : j.file();
                add("✗ " + r.table() + ": rejected " + where + (j.column() != null ? ", column " + j.column() : "")
                        + ": " + j.message());
                if (t.rejectsLogged == REJECTS_LOGGED) {
                    add("  " + r.table() + ": further rejects are not logged here; the Results page lists them all");
                }
            }
        } else if (event instanceof RunEvent.TableFinished f) {
            TableReport r = f.report();
            Table t = table(r.table(), now);
            t.read = r.read();
            t.loaded = r.loaded();
            t.rejected = r.rejected();
            t.bytes = r.bytes();
            t.problem = r.failure();
            if (r.changes() != null) t.changes = r.changes();
            t.stage = switch (r.state()) {
                case FAILED -> Stage.FAILED;
                case CANCELLED -> Stage.CANCELLED;
                default -> t.stepsDone < t.stepsTotal ? Stage.INDEXING : Stage.DONE;
            };
            add((r.state() == TableState.FAILED ? "✗ " : "✓ ") + r.table() + ": " + r.read() + " read, " + r.loaded()
                    + " loaded, " + r.rejected() + " rejected in " + seconds(r.time())
                    + (r.changes() != null ? " (" + r.changes().describe() + ")" : "")
                    + (r.failure() != null ? " — " + r.failure() : ""));
        } else if (event instanceof RunEvent.StepsQueued q) {
            phase = q.phase();
            stepsTotal += q.steps();
            if (q.table() != null) {
                Table t = table(q.table(), now);
                t.stepsTotal += q.steps();
                if (t.stage == Stage.DONE) t.stage = Stage.INDEXING;
            }
        } else if (event instanceof RunEvent.StepFinished f) {
            stepsDone++;
            if (f.table() != null) {
                Table t = table(f.table(), now);
                t.stepsDone++;
                if (f.failure() != null && t.problem == null) t.problem = f.failure();
                if (t.stage == Stage.INDEXING && t.stepsDone >= t.stepsTotal) t.stage = Stage.DONE;
            }
            if (f.failure() != null) add("✗ " + f.phase() + ": " + f.failure());
        } else if (event instanceof RunEvent.PhaseFinished p) {
            PhaseReport r = p.report();
            phase = "after " + r.label();
            add((r.failed() > 0 ? "✗ " : "✓ ") + r.label() + ": " + (r.attempted() - r.failed()) + " of " + r.attempted()
                    + " in " + seconds(r.time()) + (r.failure() != null ? " — " + r.failure() : ""));
        } else if (event instanceof RunEvent.Notice n) {
            add("ℹ " + (n.table() != null ? n.table() + ": " : "") + n.message());
        } else if (event instanceof RunEvent.RunFinished f) {
            finished = f.report();
            endedAt = now;
            for (TableReport r : f.report().tables()) {
                // the final counts: rows rejected after the load (foreign key orphans) moved from loaded to rejected
                Table t = table(r.table(), now);
                t.read = r.read();
                t.loaded = r.loaded();
                t.rejected = r.rejected();
                t.bytes = r.bytes();
                if (r.changes() != null) t.changes = r.changes();
            }
            for (Table t : tables.values()) {
                if (t.stage == Stage.INDEXING) t.stage = Stage.DONE;
                else if (!t.stage.ended()) t.stage = Stage.CANCELLED; // never started, or stopped by the cancel
            }
            phase = describe(f.report().outcome());
            add((f.report().outcome() == Outcome.SUCCESS ? "✓ " : f.report().outcome() == Outcome.COMPLETED_WITH_REJECTS ? "⚠ " : "✗ ")
                    + phase + (f.report().failure() != null ? ": " + f.report().failure() : "") + " after " + seconds(f.report().total()));
        }
    }

    private static Stage stage(TableState s) {
        return switch (s) {
            case QUEUED -> Stage.QUEUED;
            case COPYING -> Stage.COPYING;
            case INDEXING -> Stage.INDEXING;
            case DONE -> Stage.DONE;
            case FAILED -> Stage.FAILED;
            case CANCELLED -> Stage.CANCELLED;
        };
    }

    private Table table(String name, long now) {
        return tables.computeIfAbsent(name, n -> new Table(n, now));
    }

    /** Adds a line of the wizard's own to the log. */
    public synchronized void note(String line) {
        add(line);
    }

    /** Records that the user asked to cancel: the page says "stopping…" until the run ends. */
    public synchronized void cancelling() {
        if (finished == null && !cancelling) {
            cancelling = true;
            add("■ Cancel requested: the batches in flight finish or roll back, committed rows stay");
        }
    }

    /** What the page shows now; the log lines in it are the ones added since the previous snapshot. */
    public synchronized Snapshot snapshot() {
        long now = clock.nanos();
        long at = finished != null ? endedAt : now;
        List<TableLine> lines = new ArrayList<>(tables.size());
        double weight = 0, done = 0, rate = 0;
        long read = 0, loaded = 0, rejected = 0, bytes = 0;
        for (Table t : tables.values()) {
            double f = t.fraction();
            double r = rate(t, now);
            Duration eta = null;
            if (!t.stage.ended() && t.stage != Stage.INDEXING && f > 0 && f < 1 && t.started >= 0) {
                double elapsed = now - t.started;
                eta = Duration.ofNanos((long) (elapsed * (1 - f) / f));
            }
            // a table being prepared counts too: its setup may wait on a lock before a single row moves
            boolean stalled = t.active && (t.stage == Stage.COPYING || t.stage == Stage.QUEUED) && finished == null
                    && now - t.lastMove > stallNanos;
            lines.add(new TableLine(t.name, t.stage, t.read, t.loaded, t.rejected, t.bytes, f, r, eta, stalled,
                    stalled ? Duration.ofNanos(now - t.lastMove) : Duration.ZERO, t.stepsDone, t.stepsTotal, t.problem, t.changes));
            weight += t.weight();
            done += t.weight() * (t.stage.ended() || t.stage == Stage.INDEXING ? 1 : Math.max(0, f));
            rate += r;
            read += t.read;
            loaded += t.loaded;
            rejected += t.rejected;
            bytes += t.bytes;
        }
        boolean copying = tables.values().stream().anyMatch(t -> t.stage == Stage.COPYING || t.stage == Stage.QUEUED && t.started >= 0);
        String phaseNow = finished != null ? phase
                : copying ? "copying rows" + (stepsDone < stepsTotal ? ", building indexes of the tables loaded" : "")
                : phase;
        double fraction = finished != null ? 1 : weight == 0 ? 0 : done / weight;
        Duration elapsed = Duration.ofNanos(at - start);
        Duration eta = finished == null && fraction > 0.01 && fraction < 1
                ? Duration.ofNanos((long) (elapsed.toNanos() * (1 - fraction) / fraction)) : null;
        List<String> out = List.copyOf(fresh);
        fresh.clear();
        return new Snapshot(List.copyOf(lines), fraction, read, loaded, rejected, bytes, rate, elapsed, eta, phaseNow,
                stepsDone, stepsTotal, out, cancelling, finished);
    }

    /** The whole log kept so far (the last {@value #LOG_LINES} lines). */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    private static double rate(Table t, long now) {
        if (t.stage.ended() || t.stage == Stage.INDEXING || t.started < 0) {
            t.samples.clear();
            return 0;
        }
        t.samples.addLast(new long[] {now, t.read});
        while (t.samples.size() > 2 && now - t.samples.peekFirst()[0] > RATE_WINDOW_NANOS) t.samples.removeFirst();
        long[] first = t.samples.peekFirst();
        if (first[0] == now) {
            // the first look: the average since the table started
            double s = (now - t.started) / 1e9;
            return s > 0 ? t.read / s : 0;
        }
        return (t.read - first[1]) / ((now - first[0]) / 1e9);
    }

    private void add(String line) {
        log.addLast(line);
        if (log.size() > LOG_LINES) log.removeFirst();
        fresh.add(line);
        if (fresh.size() > LOG_LINES) fresh.remove(0);
    }

    public static String describe(Outcome o) {
        return switch (o) {
            case SUCCESS -> "Migration complete";
            case COMPLETED_WITH_REJECTS -> "Completed with rejected rows";
            case CANCELLED -> "Cancelled";
            case VERIFY_FAILED -> "Loaded, but the target differs from the source";
            case CONNECTION_FAILED -> "Could not connect";
            case INVALID_PLAN -> "The plan is invalid";
            default -> "Failed";
        };
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
