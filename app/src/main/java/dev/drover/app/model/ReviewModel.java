package dev.drover.app.model;

import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.target.TargetCatalog;
import dev.drover.engine.target.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Review page: what the run will do, in a summary with the destructive actions spelled out, the full DDL, the plan
 * as {@code drover run} reads it, Save, and the command that runs the saved plan without the wizard. The password
 * never appears: the plan names the environment variable it is read from.
 */
public final class ReviewModel implements AutoCloseable {
    /**
     * @param tables        tables that move
     * @param rowsEstimated their rows by the catalog's estimates
     * @param rowsUnknown   tables without an estimate (views, queries, tables never analysed)
     * @param targets       where they go, {@code source → schema.name}
     * @param destructive   what the run changes or removes in the target beyond creating tables, each a sentence
     *                      naming what is at risk; a confirmation should repeat them
     * @param problems      what stops the plan from running, each with what to do; empty when it can run
     * @param incremental   the tables re-run incrementally, each {@code source → target: cursor (...), upsert ..., delete ...};
     *                      empty for a one-time migration
     */
    public record Summary(int tables, long rowsEstimated, int rowsUnknown, List<String> targets, List<String> destructive,
                          List<String> problems, List<String> incremental) {
        public Summary {
            incremental = incremental == null ? List.of() : List.copyOf(incremental);
        }

        public boolean ready() {
            return problems.isEmpty();
        }
    }

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    private final OpenedSource source;
    private final Observable<Draft> draft;
    private final Observable.Subscription subscription;
    private final List<String> typeDefinitions;
    private final Observable<Summary> summary = new Observable<>(null);
    private final Observable<String> ddl = new Observable<>("");
    private final Observable<String> planYaml = new Observable<>("");
    private final Supplier<Optional<String>> embeddedUrl;
    /** Set with each summary, from the same preview: see {@link #mustNotExist()}. */
    private List<TableRef> mustNotExist = List.of();

    public ReviewModel(OpenedSource source, Observable<Draft> draft) {
        this(source, draft, Optional::empty);
    }

    /**
     * @param embeddedUrl the embedded server's live URL when it is the target: the plan names it
     *                    {@value EmbeddedPostgres#PLAN_URL}, which {@code drover run} starts (its port may change)
     */
    public ReviewModel(OpenedSource source, Observable<Draft> draft, Supplier<Optional<String>> embeddedUrl) {
        this.source = source;
        this.draft = draft;
        this.embeddedUrl = embeddedUrl;
        List<String> types;
        try {
            types = source == null ? List.of() : source.source().typeDefinitions();
        } catch (SQLException e) {
            types = List.of("-- cannot read the source's type definitions: " + e.getMessage());
        }
        this.typeDefinitions = types;
        this.subscription = draft.observe(d -> refresh());
    }

    public Observable<Summary> summary() {
        return summary;
    }

    /** Every statement the run issues to build the schema: types, tables, then keys, indexes, foreign keys, comments. */
    public Observable<String> ddl() {
        return ddl;
    }

    /** The plan file's text, or a comment saying what is missing while the draft cannot become a plan. */
    public Observable<String> planYaml() {
        return planYaml;
    }

    /**
     * Writes the plan to {@code file} (through a temporary file next to it, so a failure leaves no half-written plan).
     *
     * @return why it was not saved, or empty when it was
     */
    public Optional<String> save(Path file) {
        Summary s = summary.get();
        if (!s.ready()) return Optional.of("the plan cannot run yet: " + String.join("; ", s.problems()));
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            if (target.getParent() != null) Files.createDirectories(target.getParent());
            Files.writeString(tmp, planYaml.get(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.empty();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the first failure is the one worth reporting
            }
            return Optional.of("cannot write " + target + ": " + e.getMessage());
        }
    }

    /** The command that runs the saved plan without the wizard, quoted for a POSIX shell: {@code drover run plan.yaml}. */
    public String headlessCommand(Path planFile) {
        return "drover run " + shellQuote(planFile.toString());
    }

    /** Where the headless run finds the target password; the password itself is never written anywhere. */
    public String passwordNote() {
        if (embeddedUrl.get().filter(u -> u.equals(draft.get().targetUrl())).isPresent()) {
            return "drover run starts the embedded PostgreSQL for the run (or uses this window's while it is open): no password";
        }
        String env = draft.get().passwordEnv();
        return env != null
                ? "set " + env + " to the target password first (export " + env + "=...): the plan names the variable, never the password"
                : "the target password is read from PGPASSWORD or ~/.pgpass (or asked for on a terminal)";
    }

    @Override
    public void close() {
        subscription.close();
    }

    private void refresh() {
        Draft d = draft.get();
        if (d.isFiles() || source == null) {
            refreshFiles(d);
            return;
        }
        Preview p = source.preview(d);
        List<String> problems = new ArrayList<>(d.problems());
        if (p.problem() != null && !problems.contains(p.problem())) problems.add(p.problem());
        List<String> targets = new ArrayList<>();
        long rows = 0;
        int unknown = 0;
        for (SourceTable t : p.tables().keySet()) {
            TableRef ref = p.target(t);
            targets.add(t.display() + " → " + ref.display());
            if (t.rowEstimate() < 0) unknown++;
            else rows += t.rowEstimate();
        }
        List<String> destructive = new ArrayList<>();
        List<String> created = new ArrayList<>(), emptied = new ArrayList<>();
        List<TableRef> fresh = new ArrayList<>();
        for (SourceTable t : p.tables().keySet()) {
            TableMode m = d.tableMode(t.name());
            if (m == TableMode.CREATE) created.add(p.target(t).display());
            else if (m == TableMode.TRUNCATE) emptied.add(p.target(t).display());
            if (m == TableMode.CREATE && d.incremental(t.name()) == null) fresh.add(p.target(t));
        }
        mustNotExist = d.includeDrop() || d.mode() == DatabaseSpec.Mode.DATA_ONLY ? List.of() : List.copyOf(fresh);
        if (d.includeDrop() && d.mode() != DatabaseSpec.Mode.DATA_ONLY && !created.isEmpty()) {
            destructive.add("drops these tables in the target if they exist, with what depends on them (CASCADE), and"
                    + " creates them anew: " + String.join(", ", created));
            if (p.mapping() != null && !p.mapping().dropTypes().isEmpty()) {
                destructive.add("drops and re-creates the enum types: " + String.join("; ", p.mapping().dropTypes()));
            }
        }
        if (!emptied.isEmpty()) {
            destructive.add("empties these existing tables (TRUNCATE) before loading: " + String.join(", ", emptied));
        }
        List<String> incremental = new ArrayList<>(), deleting = new ArrayList<>();
        for (SourceTable t : p.tables().keySet()) {
            DatabaseSpec.Incremental inc = d.incremental(t.name());
            if (inc == null) continue;
            incremental.add(describe(t.display(), p.target(t).display(), inc));
            if (inc.delete() == DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH) deleting.add(p.target(t).display());
        }
        if (!deleting.isEmpty()) {
            destructive.add("deletes the rows of these incremental tables when the first batch of each run commits: "
                    + String.join(", ", deleting));
        }
        summary.set(new Summary(targets.size(), rows, unknown, List.copyOf(targets), List.copyOf(destructive), List.copyOf(problems),
                incremental));
        ddl.set(p.fullDdl(typeDefinitions));
        planYaml.set(yaml(d));
    }

    /**
     * The tables the run creates and the target must not have yet: table mode create, not incremental (an incremental
     * table that exists is loaded as it is), unless the draft drops existing tables or loads data only.
     */
    public List<TableRef> mustNotExist() {
        return mustNotExist;
    }

    /**
     * Of {@code tables}, those the target has already, by the run's own test: the run would stop on them before changing
     * anything.
     */
    public static List<String> existingIn(String targetUrl, String password, List<TableRef> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PgTarget.parse(targetUrl).connect(password, "drover-wizard")) {
            for (TableRef ref : tables) if (TargetCatalog.read(c, ref).isPresent()) out.add(ref.display());
        }
        return out;
    }

    /** A file load: one file, one table; its columns are known when the run reads the file's header. */
    private void refreshFiles(Draft d) {
        mustNotExist = List.of();
        List<String> problems = new ArrayList<>(d.problems());
        if (!d.isFiles() && problems.isEmpty()) problems.add("choose a source on the Source page");
        List<String> targets = new ArrayList<>();
        List<String> destructive = new ArrayList<>();
        String text;
        if (d.isFiles()) {
            String table = d.files().table();
            targets.add(String.join(", ", d.files().source().files()) + " → " + table);
            if (d.options().truncate()) destructive.add("empties the existing table " + table + " (TRUNCATE) before loading");
            text = switch (d.options().createTable()) {
                case INFER -> "-- " + table + " is created when it does not exist: one column per field of the header, each"
                        + " typed from a sample of the file\n-- (an existing table is loaded as it is)\n";
                case TEXT -> "-- " + table + " is created when it does not exist: one text column per field of the header\n"
                        + "-- (an existing table is loaded as it is)\n";
                case NO -> "-- " + table + " must exist; no DDL runs\n" + (d.options().truncate() ? "TRUNCATE " + table + ";\n" : "");
            };
        } else {
            text = "";
        }
        summary.set(new Summary(targets.size(), 0, targets.size(), List.copyOf(targets), List.copyOf(destructive), List.copyOf(problems),
                List.of()));
        ddl.set(text);
        planYaml.set(yaml(d));
    }

    /** The plan file's text, or a comment saying what is missing while the draft cannot become a plan. */
    private String yaml(Draft d) {
        try {
            Plan plan = d.toPlan();
            if (embeddedUrl.get().filter(u -> u.equals(plan.target().url())).isPresent()) {
                return PlanYaml.write(new Plan(plan.version(), new TargetSpec(EmbeddedPostgres.PLAN_URL, null), plan.options(),
                        plan.tables(), plan.database()));
            }
            return PlanYaml.write(plan);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return "# not a plan yet: " + e.getMessage() + "\n";
        }
    }

    /** {@code orders → public.orders: cursor (updated_at, id), upsert by primary key, no delete}. */
    static String describe(String source, String target, DatabaseSpec.Incremental inc) {
        return source + " → " + target + ": cursor (" + String.join(", ", inc.cursor()) + "), "
                + (inc.upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY ? "upsert by primary key" : "append (no upsert)") + ", "
                + (inc.delete() == DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH ? "delete before the first batch" : "no delete");
    }

    static String shellQuote(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
