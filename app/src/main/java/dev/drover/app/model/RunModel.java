package dev.drover.app.model;

import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of a plan from the wizard: the engine on its own thread, the {@link RunProgress} it reports to, Cancel,
 * and the report at the end. A relative reject folder is taken under Drover's home, so the Results page finds the
 * rejects wherever the wizard was started from.
 */
public final class RunModel {
    private final Plan plan;
    private final String password;
    private final Path home;
    private final RunProgress progress;
    private final Cancellation cancellation = new Cancellation();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile RunReport report;
    private volatile Thread thread;

    public RunModel(Plan plan, String password, Path home, RunProgress progress) {
        this.plan = withRejectsUnder(plan, home);
        this.password = password;
        this.home = home;
        this.progress = progress;
    }

    /** The plan as run: the draft's, with its reject folder made absolute. */
    public Plan plan() {
        return plan;
    }

    /** The target password the run used (memory only), for retries of rejected rows. */
    public String password() {
        return password;
    }

    public RunProgress progress() {
        return progress;
    }

    static Plan withRejectsUnder(Plan plan, Path home) {
        LoadOptions o = plan.options();
        if (o.rejectDir().isAbsolute()) return plan;
        return new Plan(plan.version(), plan.target(), o.withRejectDir(home.resolve(o.rejectDir()).normalize()), plan.tables(),
                plan.database());
    }

    /** The run's report as JSON ({@code drover run --summary}'s format) next to its reject files, or null. */
    public Optional<Path> reportFile() {
        return Optional.ofNullable(reportFile);
    }

    /** The run's log as the Run page showed it, next to its reject files, or null. */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    private volatile Path reportFile;
    private volatile Path logFile;

    /** Writes the report and the log beside the rejects (earlier ones renamed aside), so Results can open them. */
    private void keepRecord() {
        RunReport r = report;
        if (r == null || r.rejectDir() == null) return;
        Path dir = Path.of(r.rejectDir());
        try {
            Path json = dir.resolve("drover-report.json");
            dev.drover.engine.report.JsonReport.write(r, json);
            reportFile = json;
            Path log = dir.resolve("drover-run.log");
            dev.drover.engine.report.JsonReport.rotate(log);
            java.nio.file.Files.write(log, progress.log(), java.nio.charset.StandardCharsets.UTF_8);
            logFile = log;
        } catch (java.io.IOException | RuntimeException e) {
            progress.note("✗ could not write the run's report in " + dir + ": " + e.getMessage());
        }
    }

    /** Starts the run on its own thread; once only. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("this run has started already");
        thread = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                report = Engine.run(plan, password, progress, cancellation, home);
            } catch (RuntimeException | Error e) {
                // a bug in the engine: the page must still end, and say what happened
                report = new RunReport(java.util.List.of(), java.util.List.of(), java.util.List.of(),
                        java.time.Duration.ofNanos(System.nanoTime() - t0), dev.drover.engine.report.Outcome.INTERNAL_ERROR,
                        "internal error (please report it): " + e, null);
                progress.on(new dev.drover.engine.run.RunEvent.RunFinished(report));
            } finally {
                keepRecord();
                ended.countDown();
            }
        }, "drover-wizard-run");
        thread.setDaemon(true);
        thread.start();
    }

    public boolean started() {
        return thread != null;
    }

    public boolean running() {
        return thread != null && ended.getCount() > 0;
    }

    /** Asks the engine to stop: readers stop, batches in flight finish or roll back, committed rows stay. */
    public void cancel() {
        if (!running()) return;
        progress.cancelling();
        cancellation.cancel();
    }

    /** The report, once the run ended. */
    public Optional<RunReport> report() {
        return Optional.ofNullable(report);
    }

    /** Waits for the end of the run (the window's close; tests). */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }
}
