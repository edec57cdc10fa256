package dev.drover.app.model;

import dev.drover.engine.plan.Plan;
import dev.drover.engine.rejects.RejectLog;
import dev.drover.engine.rejects.RejectRetry;
import dev.drover.engine.rejects.StoredReject;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Results page: how the run ended, each table's counts, and the rejected-row browser: one table's rejects a page
 * at a time (read from the reject files, never all in memory), filtered by text and by error, exported to CSV, and
 * retried, as they were or edited, into the target. Plain Java; its methods do file and database work, so the page
 * calls them off the FX thread. Thread-safe.
 */
public final class ResultsModel {
    public static final int PAGE_SIZE = 100;

    /**
     * One table's line.
     *
     * @param fixed   rejected rows loaded since by a retry
     * @param changes for a table loaded incrementally, what its rows did (inserted, updated, unchanged) and its new
     *                watermark; null for the others
     */
    public record TableSummary(String table, TableState state, long read, long loaded, long rejected, long fixed,
                               Duration time, String failure, String verification, TableReport.Changes changes) {
        /** {@code 12 inserted, 3 updated, 0 unchanged}, or empty for a table not loaded incrementally. */
        public String changesText() {
            return changes == null ? "" : ResultsModel.changes(changes);
        }

        /** The incremental table's watermark after the run, or empty. */
        public String watermark() {
            return changes == null ? "" : changes.watermark() == null ? "none" : changes.watermark();
        }

        public boolean reconciled() {
            return read == loaded + rejected;
        }
    }

    /** One page of the browser. {@code from} and {@code to} count matching rows, 1-based; 0 and 0 when none match. */
    public record Page(String table, List<StoredReject> rows, long from, long to, long matching, boolean hasPrevious,
                       boolean hasNext) {
        public String label() {
            return matching == 0 ? "no rejected rows match" : String.format(Locale.ROOT, "rows %,d–%,d of %,d", from, to, matching);
        }
    }

    private final RunReport report;
    private final Path rejectDir;
    private final String targetUrl;
    /** The plan's session settings: a retry or a recast runs as the load ran. */
    private final java.util.Map<String, String> settings;
    private final String password;
    private final Map<String, Long> fixed = new LinkedHashMap<>();

    private String table;
    private RejectLog log;
    private String filter = "";
    private String group;
    private long start;
    private final Deque<Long> previousStarts = new ArrayDeque<>();
    private Page page;

    public ResultsModel(RunReport report, Plan plan, String password) {
        this.report = report;
        this.rejectDir = report.rejectDir() == null ? null : Path.of(report.rejectDir());
        this.targetUrl = plan.target().url();
        this.settings = plan.options().settings();
        this.password = password;
    }

    public RunReport report() {
        return report;
    }

    /** Where the reject files are, or null when the run never got that far. */
    public Path rejectDir() {
        return rejectDir;
    }

    /** One sentence with the counts, for the top of the page. */
    public synchronized String headline() {
        Outcome o = report.outcome();
        long fixedAll = fixed.values().stream().mapToLong(Long::longValue).sum();
        String counts = String.format(Locale.ROOT, "%,d rows read, %,d loaded, %,d rejected", report.read(), report.loaded(),
                report.rejected()) + (fixedAll > 0 ? String.format(Locale.ROOT, " (%,d of them loaded since by a retry)", fixedAll) : "");
        return switch (o) {
            case SUCCESS -> "Success: every row was loaded. " + counts + ".";
            case COMPLETED_WITH_REJECTS -> "Completed with rejects: " + counts + ". Each rejected row is below with its reason.";
            case CANCELLED -> "Cancelled: " + counts + ". Committed rows stay in the target.";
            default -> "Failed: " + (report.failure() == null ? RunProgress.describe(o) : report.failure()) + ". " + counts + ".";
        };
    }

    /** Every table of the run, with the rows retries have loaded since (reads each table's retry file). */
    public synchronized List<TableSummary> tables() {
        List<TableSummary> out = new ArrayList<>();
        for (TableReport t : report.tables()) {
            out.add(new TableSummary(t.table(), t.state(), t.read(), t.loaded(), t.rejected(), fixedOf(t.table()), t.time(),
                    t.failure(), verification(t.verification()), t.changes()));
        }
        return out;
    }

    /** {@code 12 inserted, 3 updated, 0 unchanged}: what an incremental table's loaded rows did. */
    static String changes(TableReport.Changes c) {
        return String.format(Locale.ROOT, "%,d inserted, %,d updated, %,d unchanged", c.inserted(), c.updated(), c.unchanged());
    }

    /** {@code ✓ 100 sampled rows match}, {@code ✗ 2 of 100 differ (id=7 total: ...)}, or empty when none ran. */
    static String verification(TableReport.Verification v) {
        if (v == null) return "";
        if (v.passed()) {
            return String.format(Locale.ROOT, "✓ %,d sampled rows match%s", v.matched(),
                    v.missing() > 0 ? String.format(Locale.ROOT, " (%,d rejected)", v.missing()) : "");
        }
        return String.format(Locale.ROOT, "✗ %,d of %,d sampled rows differ", v.mismatched(), v.sampled())
                + (v.mismatches().isEmpty() ? "" : " (" + v.mismatches().get(0).describe() + ")");
    }

    private long fixedOf(String t) {
        return fixed.computeIfAbsent(t, k -> {
            if (rejectDir == null || !RejectLog.exists(rejectDir, k)) return 0L;
            try {
                return RejectLog.open(rejectDir, k).loadedOnRetry();
            } catch (IOException e) {
                return 0L;
            }
        });
    }

    /** The tables that have rejected rows, the browser's choices. */
    public List<String> tablesWithRejects() {
        return report.tables().stream().filter(t -> t.rejected() > 0 && rejectDir != null && RejectLog.exists(rejectDir, t.table()))
                .map(TableReport::table).toList();
    }

    /** Shows {@code table}'s rejects from the first, without filter or group. */
    public synchronized Page select(String t) throws IOException {
        table = t;
        log = RejectLog.open(rejectDir, t);
        filter = "";
        group = null;
        return first();
    }

    public synchronized Optional<String> selected() {
        return Optional.ofNullable(table);
    }

    /** The selected table's errors, grouped without the rows' values, with their counts. */
    public synchronized Map<String, Long> groups() {
        return log == null ? Map.of() : log.groups();
    }

    /** The target columns of the selected table's rejects. */
    public synchronized List<String> columns() {
        return log == null ? List.of() : log.columns();
    }

    /** Keeps the rows whose message, column, values or original contain {@code text} (any case). */
    public synchronized Page filter(String text) {
        filter = text == null ? "" : text.strip();
        return first();
    }

    /** Keeps the rows of one error group ({@link StoredReject#errorGroup()}), or all for null. */
    public synchronized Page group(String key) {
        group = key;
        return first();
    }

    public synchronized Page page() {
        return page;
    }

    public synchronized Page next() {
        if (page == null || !page.hasNext()) return page;
        previousStarts.push(start);
        start = page.rows().get(page.rows().size() - 1).index() + 1;
        page = read(page.to());
        return page;
    }

    public synchronized Page previous() {
        if (previousStarts.isEmpty()) return page;
        start = previousStarts.pop();
        page = read(Math.max(0, page.from() - 1 - PAGE_SIZE));
        return page;
    }

    private Page first() {
        previousStarts.clear();
        start = 0;
        page = log == null ? null : read(0);
        return page;
    }

    /** The page from {@link #start}; {@code before} matching rows come before it. */
    private Page read(long before) {
        Predicate<StoredReject> which = matcher();
        List<StoredReject> rows = log.matching(which, start, PAGE_SIZE + 1);
        boolean more = rows.size() > PAGE_SIZE;
        if (more) rows = rows.subList(0, PAGE_SIZE);
        long matching = filter.isEmpty() && group == null ? log.size() : log.count(which);
        return new Page(table, List.copyOf(rows), rows.isEmpty() ? 0 : before + 1, before + rows.size(), matching,
                !previousStarts.isEmpty(), more);
    }

    private Predicate<StoredReject> matcher() {
        String f = filter.toLowerCase(Locale.ROOT);
        String g = group;
        return r -> (g == null || g.equals(r.errorGroup())) && (f.isEmpty() || contains(r, f));
    }

    private static boolean contains(StoredReject r, String f) {
        if (has(r.message(), f) || has(r.column(), f) || has(r.detail(), f) || has(r.sqlState(), f) || has(r.original(), f)) return true;
        if (r.values() != null) for (String v : r.values()) if (has(v, f)) return true;
        return false;
    }

    private static boolean has(String s, String f) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(f);
    }

    /**
     * Loads rows of the selected table into the target, each in its own transaction; refused ones keep PostgreSQL's
     * reason. The page is read again, so each row shows its latest retry.
     */
    public synchronized List<RejectRetry.Result> retry(List<RejectRetry.Edit> rows) throws SQLException, IOException {
        if (table == null) throw new IllegalStateException("choose a table first");
        List<RejectRetry.Result> results = RejectRetry.retry(targetUrl, password, settings, table, rejectDir, rows);
        log = RejectLog.open(rejectDir, table);
        fixed.put(table, log.loadedOnRetry());
        page = read(page == null ? 0 : Math.max(0, page.from() - 1));
        return results;
    }

    /** The row as it would be retried unchanged: its columns and values (rows that could not be split have none). */
    public static Optional<RejectRetry.Edit> unchanged(StoredReject r) {
        if (r.values() == null || r.columns().isEmpty()) return Optional.empty();
        return Optional.of(new RejectRetry.Edit(r.index(), r.columns(), r.values()));
    }

    /**
     * What "change a cast rule and retry" did.
     *
     * @param loaded      rows now in the table
     * @param refused     rows PostgreSQL still refused (each shows why in the browser)
     * @param unconverted rows the rule's conversion refused (not sent)
     * @param firstProblem the first reason a row stayed out, or null
     */
    public record RecastResult(long loaded, long refused, long unconverted, String firstProblem) {}

    /**
     * Applies a rule to the selected table: its changed column types in the target ({@code ALTER TABLE}, one
     * transaction, before any row), then every reject not loaded yet, with the changed columns converted again from
     * the source's values, each row retried in its own transaction.
     */
    public synchronized RecastResult recast(Recast.Proposal p) throws SQLException, IOException {
        if (!p.table().equals(table)) throw new IllegalStateException("the rule was computed for " + p.table() + ", not " + table);
        if (!p.statements().isEmpty()) {
            try (java.sql.Connection c = dev.drover.engine.pg.PgTarget.parse(targetUrl).connect(password, "drover/recast");
                 java.sql.Statement st = c.createStatement()) {
                dev.drover.engine.pg.PgTarget.applySettings(c, settings);
                c.setAutoCommit(false);
                for (String sql : p.statements()) st.execute(sql);
                c.commit();
            }
        }
        long loaded = 0, refused = 0, unconverted = 0;
        String first = null;
        long from = 0;
        while (true) {
            List<StoredReject> chunk = log.matching(r -> !r.loadedOnRetry() && r.values() != null, from, 500);
            if (chunk.isEmpty()) break;
            List<RejectRetry.Edit> edits = new ArrayList<>();
            for (StoredReject r : chunk) {
                try {
                    edits.add(new RejectRetry.Edit(r.index(), r.columns(), Recast.values(r, p.changes())));
                } catch (dev.drover.engine.cast.Transform.TransformException e) {
                    unconverted++;
                    if (first == null) first = "line " + r.line() + ": " + e.getMessage();
                }
            }
            if (!edits.isEmpty()) {
                for (RejectRetry.Result x : RejectRetry.retry(targetUrl, password, settings, table, rejectDir, edits)) {
                    if (x.loaded()) loaded++;
                    else {
                        refused++;
                        if (first == null) first = (x.sqlState() == null ? "" : x.sqlState() + " ") + x.message();
                    }
                }
            }
            from = chunk.get(chunk.size() - 1).index() + 1;
        }
        log = RejectLog.open(rejectDir, table);
        fixed.put(table, log.loadedOnRetry());
        page = read(page == null ? 0 : Math.max(0, page.from() - 1));
        return new RecastResult(loaded, refused, unconverted, first);
    }

    /** Writes the rejects the browser shows (filter and group applied, every page) to a CSV file. */
    public synchronized long export(Path out) throws IOException {
        if (log == null) throw new IllegalStateException("choose a table first");
        return log.exportCsv(out, matcher());
    }
}
