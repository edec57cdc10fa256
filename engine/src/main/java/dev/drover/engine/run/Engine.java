package dev.drover.engine.run;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a plan: the one entry point the command line and the wizard share. */
public final class Engine {
    private Engine() {}

    /**
     * Loads everything the plan names and returns the report; never throws for data or database
     * problems (they are in the report's outcome and failure text).
     *
     * @param password the target password resolved by the caller (environment, .pgpass, prompt), or null
     */
    public static RunReport run(Plan plan, String password, RunListener listener, Cancellation cancellation) {
        return run(plan, password, listener, cancellation, Path.of(""));
    }

    /** As {@link #run(Plan, String, RunListener, Cancellation)}, resolving relative file names against {@code baseDir}. */
    public static RunReport run(Plan plan, String password, RunListener listener, Cancellation cancellation, Path baseDir) {
        if (plan.database() != null) return runDatabase(plan, password, listener, cancellation);
        long t0 = System.nanoTime();
        LoadOptions o = plan.options();
        List<PhaseReport> pre = new ArrayList<>();
        List<PhaseReport> post = new ArrayList<>();
        List<TableReport> tables = new ArrayList<>();
        PgTarget target;
        try {
            target = PgTarget.parse(plan.target().url());
        } catch (IllegalArgumentException e) {
            return finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, "target: " + e.getMessage(), null);
        }
        Path rejectDir = o.rejectDir().resolve(target.database());
        Sessions sessions = new Sessions(target, password, o.settings());
        try (Connection c = sessions.open("setup")) {
            if (!o.beforeSql().isEmpty()) {
                PhaseReport p = sql("before load", c, o.beforeSql());
                pre.add(p);
                listener.on(new RunEvent.PhaseFinished(p));
                if (p.failed() > 0) {
                    return finish(listener, pre, tables, post, t0, Outcome.FAILED, "before load: " + p.failure(), rejectDir);
                }
            }
        } catch (SQLException e) {
            return finish(listener, pre, tables, post, t0, Outcome.CONNECTION_FAILED,
                    "cannot connect to " + target.display() + ": " + connectionAdvice(e), rejectDir);
        }

        // pgloader's accounting: each table in flight holds one reader and `concurrency` writers of the `workers` pool.
        int parallelTables = Math.max(1, o.workers() / (1 + o.concurrency()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelTables, Math.max(1, plan.tables().size())),
                r -> new Thread(r, "drover-table"));
        List<TableJob> jobs = new ArrayList<>();
        List<FileIncremental> incremental = new ArrayList<>(); // per table: its incremental load, or null
        List<Future<TableReport>> futures = new ArrayList<>();
        for (TableLoad t : plan.tables()) {
            if (t.incremental() != null) {
                FileIncremental f = new FileIncremental(t, o, sessions, rejectDir, listener, cancellation, baseDir);
                jobs.add(null);
                incremental.add(f);
                futures.add(pool.submit(f::run));
                continue;
            }
            incremental.add(null);
            TableJob job = new TableJob(t, o, sessions, rejectDir, listener, cancellation, baseDir);
            jobs.add(job);
            futures.add(pool.submit(job::run));
        }
        Outcome worst = Outcome.SUCCESS;
        String failure = null;
        RuntimeException bug = null;
        for (int i = 0; i < futures.size(); i++) {
            TableReport r;
            try {
                r = awaitTable(futures.get(i), cancellation);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            tables.add(r);
            TableJob job = jobs.get(i);
            FileIncremental inc = incremental.get(i);
            RuntimeException internalError = job != null ? job.internalError : inc.internalError;
            boolean planProblem = job != null ? job.planProblem : inc.planProblem;
            if (internalError != null && bug == null) bug = internalError;
            if (r.state() == TableState.FAILED) {
                Outcome o2 = planProblem ? Outcome.INVALID_PLAN : internalError != null ? Outcome.INTERNAL_ERROR : Outcome.FAILED;
                if (worst != Outcome.FAILED && worst != Outcome.INTERNAL_ERROR) worst = o2;
                if (failure == null) failure = r.table() + ": " + r.failure();
            }
        }
        pool.shutdown();
        if (cancellation.requested() && worst == Outcome.SUCCESS) {
            worst = Outcome.CANCELLED;
            failure = "cancelled by the user; committed batches stay loaded";
        }
        if (worst == Outcome.SUCCESS) {
            Failure f = afterLoad(sessions, o, post, listener);
            if (f != null) {
                worst = f.outcome();
                failure = f.message();
            }
        }
        if (worst == Outcome.SUCCESS && tables.stream().anyMatch(t -> t.rejected() > 0)) worst = Outcome.COMPLETED_WITH_REJECTS;
        return finish(listener, pre, tables, post, t0, worst, failure, rejectDir);
    }

    /** A plan that migrates a whole source database. */
    private static RunReport runDatabase(Plan plan, String password, RunListener listener, Cancellation cancellation) {
        long t0 = System.nanoTime();
        DatabaseSpec d = plan.database();
        PgTarget target;
        DatabaseMigration.Options options;
        try {
            target = PgTarget.parse(plan.target().url());
            options = DatabaseMigration.Options.of(d);
        } catch (IllegalArgumentException e) {
            return finish(listener, List.of(), List.of(), List.of(), t0, Outcome.INVALID_PLAN, e.getMessage(), null);
        }
        try (DatabaseSource source = DatabaseSources.open(d.source())) {
            if (!d.incremental().isEmpty()) {
                return IncrementalMigration.run(d, source, target, password, plan.options(), options, listener, cancellation);
            }
            return DatabaseMigration.run(source, target, password, plan.options(), options, listener, cancellation);
        } catch (IllegalArgumentException e) {
            return finish(listener, List.of(), List.of(), List.of(), t0, Outcome.INVALID_PLAN, e.getMessage(), null);
        } catch (SQLException e) {
            return finish(listener, List.of(), List.of(), List.of(), t0, Outcome.CONNECTION_FAILED,
                    "cannot open the source " + d.source() + ": " + e.getMessage(), null);
        }
    }

    /**
     * Waits for a table; an interrupt cancels the run and the wait goes on, because the tables stop
     * cleanly and their report is still owed. The interrupt is kept for the caller.
     */
    private static TableReport awaitTable(Future<TableReport> f, Cancellation cancellation) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancellation.cancel();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    static RunReport finish(RunListener listener, List<PhaseReport> pre, List<TableReport> tables,
                                    List<PhaseReport> post, long t0, Outcome outcome, String failure, Path rejectDir) {
        RunReport r = new RunReport(pre, tables, post, Duration.ofNanos(System.nanoTime() - t0), outcome, failure,
                rejectDir == null ? null : rejectDir.toString());
        listener.on(new RunEvent.RunFinished(r));
        return r;
    }

    /**
     * Runs statements in order on one connection, each committed by itself, stopping at the first failure, which
     * names the statement by its number and its text.
     */
    /** Why a run failed after its tables: the outcome and the message. */
    record Failure(Outcome outcome, String message) {}

    /**
     * pgloader's AFTER LOAD DO: the plan's after statements as a phase of the report, on a setup connection; null when
     * they ran (or there are none), else what failed.
     */
    static Failure afterLoad(Sessions sessions, LoadOptions o, List<PhaseReport> post, RunListener listener) {
        if (o.afterSql().isEmpty()) return null;
        try (Connection c = sessions.open("setup")) {
            PhaseReport p = sql("after load", c, o.afterSql());
            post.add(p);
            listener.on(new RunEvent.PhaseFinished(p));
            return p.failed() > 0 ? new Failure(Outcome.FAILED, "after load: " + p.failure()) : null;
        } catch (SQLException e) {
            return new Failure(Outcome.CONNECTION_FAILED, "cannot connect for the after-load statements: " + connectionAdvice(e));
        }
    }

    static PhaseReport sql(String label, Connection c, List<String> statements) {
        long t0 = System.nanoTime();
        int done = 0;
        try (Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
                done++;
            }
            return new PhaseReport(label, statements.size(), 0, Duration.ofNanos(System.nanoTime() - t0), null);
        } catch (SQLException e) {
            return new PhaseReport(label, done + 1, 1, Duration.ofNanos(System.nanoTime() - t0),
                    "statement " + (done + 1) + " (" + shortened(statements.get(done)) + ") failed: " + TableJob.describe(e));
        }
    }

    /** A statement on one line, cut after 120 characters: enough to recognise it in a message. */
    static String shortened(String sql) {
        String one = sql.strip().replaceAll("\\s+", " ");
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    /** Turns the usual connection failures into a sentence that says what to do. */
    public static String connectionAdvice(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (state.equals("28P01") || state.equals("28000")) {
            return msg + " (check the user and password: PGPASSWORD, --password-env, or ~/.pgpass)";
        }
        if (state.equals("3D000")) return msg + " (create the database first, or fix the database name in the URL)";
        if (state.startsWith("08")) return msg + " (is the server running and accepting TCP connections on that host and port?)";
        return msg + (state.isEmpty() ? "" : " [" + state + "]");
    }
}
