package dev.drover.engine.cli;

import dev.drover.engine.pg.Passwords;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.ByteSize;
import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CreateTable;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.CsvSourceBuilder;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanException;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.plan.WithOptions;
import dev.drover.engine.report.JsonReport;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.SummaryPrinter;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.sql.SQLException;
import dev.drover.engine.run.Engine;
import dev.drover.engine.run.RunListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The {@code drover} command line. */
@Command(name = "drover", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
        description = "Loads CSV files into PostgreSQL with COPY.",
        subcommands = {HelpCommand.class, DroverCli.Load.class, DroverCli.Run.class, PgloaderFiles.Convert.class, DroverCli.Validate.class, DroverCli.Explain.class,
                DroverCli.Sample.class, CheckCommand.class, StateCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0   success: every row was loaded",
                "  1   internal error (a bug: please report it)",
                "  2   usage error",
                "  3   completed, some rows rejected (see the reject files)",
                "  4   invalid plan or options; nothing was done",
                "  5   the sample check (--verify-sample) found target rows that differ from the source",
                "  6   a table failed (on error stop, max errors, database error)",
                "  7   connection failed",
                "  130 cancelled (Ctrl-C); committed batches stay"})
public final class DroverCli implements Callable<Integer> {

    /** Runs a plan; the engine by default, a fake in tests. */
    @FunctionalInterface
    interface Runner {
        RunReport run(Plan plan, String password, RunListener listener, Cancellation cancellation);
    }

    @Option(names = "--debug", description = "Show stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final boolean terminal;
    final Runner runner;
    /** The server the target URL {@value EmbeddedPostgres#PLAN_URL} names; made when a command first needs it. */
    private final Supplier<EmbeddedPostgres> embeddedService;
    private EmbeddedPostgres embedded;

    DroverCli(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, Runner runner) {
        this(out, err, env, terminal, runner, () -> EmbeddedPostgres.inHome(EmbeddedPostgres.home(env)));
    }

    DroverCli(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, Runner runner,
              Supplier<EmbeddedPostgres> embeddedService) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
        this.runner = runner;
        this.embeddedService = embeddedService;
    }

    public static void main(String[] args) {
        DroverCli cli = new DroverCli(System.out, System.err, System.getenv(), System.console() != null, Engine::run);
        System.exit(cli.execute(args));
    }

    /** {@code drover ARGS} in this process, with the streams and environment given, no terminal; returns the exit code. */
    public static int execute(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return new DroverCli(out, err, env, false, Engine::run).execute(args);
    }

    /** As {@link #execute(PrintStream, PrintStream, Map, String...)}, with {@code embedded} as the server the target URL {@code embedded} names. */
    public static int execute(PrintStream out, PrintStream err, Map<String, String> env, EmbeddedPostgres embedded, String... args) {
        return new DroverCli(out, err, env, false, Engine::run, () -> embedded).execute(args);
    }

    /** Parses and runs; returns the exit code. */
    int execute(String... args) {
        boolean debugFlag = Arrays.asList(args).contains("--debug");
        CommandLine cmd = new CommandLine(this);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExpandAtFiles(false); // --before @file.sql reads a SQL file, not more arguments
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("drover: error: " + ex.getMessage());
            String name = ex.getCommandLine().getCommandName();
            err.println("hint: see '" + (name.equals("drover") ? "drover --help" : "drover " + name + " --help") + "'");
            return Outcome.USAGE_ERROR.exitCode();
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> handle(ex, c.getCommandName(), debugFlag));
        try {
            return cmd.execute(args);
        } finally {
            closeEmbedded();
            out.flush();
            err.flush();
        }
    }

    /**
     * The embedded PostgreSQL, started now unless it runs (in this process, or in the wizard: then that one is used).
     *
     * @param announce say where it runs and where its data is, on standard error
     */
    synchronized EmbeddedPostgres.Server embeddedServer(boolean announce) {
        if (embedded == null) embedded = embeddedService.get();
        java.util.Optional<EmbeddedPostgres.Server> running = embedded.running();
        if (running.isPresent()) return running.get();
        try {
            EmbeddedPostgres.Server s = embedded.start();
            if (announce) {
                err.println("drover: target: the embedded PostgreSQL at " + s.url()
                        + embedded.dataDirectory().map(d -> " (data in " + d + ")").orElse(""));
            }
            return s;
        } catch (IOException e) {
            throw new CliFailure(Outcome.CONNECTION_FAILED, "the embedded PostgreSQL: " + e.getMessage(),
                    "name a PostgreSQL server instead: postgresql://user@host:5432/dbname");
        }
    }

    /** Stops the embedded server if this command started it (its data stays). */
    private synchronized void closeEmbedded() {
        if (embedded != null) embedded.close();
        embedded = null;
    }

    /**
     * Only for reading the table name and password out of a target URL: the embedded server's URL as if it ran on the
     * default port, so that {@code embedded?public.t} parses without starting it.
     */
    PgTarget parseTarget(String url) {
        String u = EmbeddedPostgres.isPlanUrl(url)
                ? EmbeddedPostgres.resolve(url, new EmbeddedPostgres.Server("localhost", 5432, "postgres", "drover")) : url;
        return PgTarget.parse(u, env);
    }

    int handle(Exception ex, String command, boolean debugFlag) {
        if (ex instanceof CliFailure f) {
            err.println("drover: error: " + f.getMessage());
            if (f.hint() != null) err.println("hint: " + f.hint());
            if (debugFlag) ex.printStackTrace(err);
            return f.outcome().exitCode();
        }
        if (ex instanceof UsageException u) {
            err.println("drover: error: " + u.getMessage());
            err.println("hint: " + (u.hint() != null ? u.hint()
                    : "see '" + (command.equals("drover") ? "drover --help" : "drover " + command + " --help") + "'"));
            if (debugFlag) ex.printStackTrace(err);
            return Outcome.USAGE_ERROR.exitCode();
        }
        if (ex instanceof dev.drover.engine.pgloader.CommandFileException c) {
            err.println("drover: error: " + c.getMessage());
            if (debugFlag) ex.printStackTrace(err);
            return Outcome.INVALID_PLAN.exitCode();
        }
        if (ex instanceof PlanException p) {
            for (PlanException one : p.problems()) err.println(one.getMessage());
            if (debugFlag) ex.printStackTrace(err);
            return Outcome.INVALID_PLAN.exitCode();
        }
        err.println("drover: error: internal error: " + ex);
        err.println("hint: this is a bug; run again with --debug for the stack trace and report it");
        if (debugFlag) ex.printStackTrace(err);
        return Outcome.INTERNAL_ERROR.exitCode();
    }

    @Override
    public Integer call() {
        err.println("drover: error: a command is required (load, run, validate or help)");
        err.println("hint: see 'drover --help'");
        return Outcome.USAGE_ERROR.exitCode();
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = DroverCli.class.getResourceAsStream("/dev/drover/engine/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // unknown version
        }
        return p.getProperty("version", "unknown");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"drover " + version()};
        }
    }

    // ---------------------------------------------------------------------------------- run a plan

    /** Options shared by the commands that load. */
    static final class RunOptions {
        @Option(names = "--root-dir", paramLabel = "DIR", description = "Root directory of the reject files (default: the plan's reject_dir, else drover-rejects).")
        Path rootDir;

        @Option(names = "--summary", paramLabel = "FILE.json", description = "Also write the summary as JSON; an existing file is renamed to FILE.json.1, .2...")
        Path summary;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from this environment variable (else PGPASSWORD, ~/.pgpass, a prompt).")
        String passwordEnv;

        @Option(names = "--no-progress", description = "Plain progress lines instead of redrawn bars.")
        boolean noProgress;

        @Option(names = {"-q", "--quiet"}, description = "No progress and no summary; errors only.")
        boolean quiet;
    }

    /** Resolves the password, shows progress, turns Ctrl-C into a clean cancel, prints and writes the summary. */
    int load(Plan plan, String urlPassword, RunOptions ro) {
        boolean embeddedTarget = EmbeddedPostgres.isPlanUrl(plan.target().url());
        if (embeddedTarget) {
            EmbeddedPostgres.Server s = embeddedServer(!ro.quiet);
            plan = new Plan(plan.version(), new TargetSpec(EmbeddedPostgres.resolve(plan.target().url(), s), plan.target().passwordEnv()),
                    plan.options(), plan.tables(), plan.database());
            if (urlPassword == null) urlPassword = s.password();
        }
        PgTarget target;
        try {
            target = PgTarget.parse(plan.target().url(), env);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid target URL: " + e.getMessage(), null);
        }
        // Drover's own server trusts local connections: no password to look for, and no prompt
        String password = urlPassword != null || embeddedTarget ? urlPassword
                : Passwords.resolve(target, plan.target().passwordEnv(), terminal);
        RunListener listener = ro.quiet ? RunListener.NONE : new ProgressPrinter(err, terminal && !ro.noProgress);
        Cancellation cancellation = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) return;
            cancellation.cancel();
            err.println();
            err.println("drover: cancelling: finishing the batches in hand (committed batches stay)");
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "drover-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunReport report = runner.run(plan, password, listener, cancellation);
            if (!ro.quiet) out.print(SummaryPrinter.format(report));
            if (ro.summary != null) {
                try {
                    Path old = JsonReport.write(report, ro.summary);
                    if (old != null && !ro.quiet) err.println("drover: the previous summary was renamed to " + old);
                } catch (IOException e) {
                    err.println("drover: error: cannot write the summary " + ro.summary + ": " + e.getMessage());
                }
            }
            if (report.outcome() != Outcome.SUCCESS && report.outcome() != Outcome.COMPLETED_WITH_REJECTS
                    && report.failure() != null) {
                err.println("drover: error: " + report.failure());
            }
            return report.outcome().exitCode();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down
            }
        }
    }

    static LoadOptions withRunOptions(LoadOptions o, RunOptions ro) {
        return ro.rootDir == null ? o : o.withRejectDir(ro.rootDir);
    }

    // ---------------------------------------------------------------------------------- drover load

    @Command(name = "load", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
            description = {"Load CSV files, fixed-width files (--fixed) or COPY text (--format copy-text) into a PostgreSQL table.",
                    "FILE may be - (standard input) or a glob such as 'data/*.csv' (quote it).",
                    "TARGET_URL names the table: postgresql://user@host:5432/db?schema.table",
                    "or embedded?schema.table: Drover's own PostgreSQL (installed Drover), started for the load, data in ~/.drover"})
    static final class Load implements Callable<Integer> {
        @ParentCommand
        DroverCli cli;

        @Parameters(arity = "1..*", paramLabel = "FILE... TARGET_URL", hideParamSyntax = true, description = "Input files, then the target URL.")
        List<String> positionals = new ArrayList<>();

        @Option(names = "--fixed", paramLabel = "NAME:FROM:FOR,...", description = "Read a fixed-width file: each field NAME"
                + " is the FOR characters starting at the 0-based character offset FROM of each line (a short line gives a shorter"
                + " field, or NULL when it ends before FROM); add pgloader field options in brackets: 'id:0:5, name:5:20[null if"
                + " blanks, trim right whitespace], born:25:8[date format ''YYYYMMDD'']'. Columns match fields by name.")
        String fixed;

        @Option(names = "--format", paramLabel = "csv|copy-text", description = "How fields are written: csv (the default:"
                + " quotes, doubled quotes) or copy-text, PostgreSQL's COPY text format (what COPY ... TO and pg_dump write,"
                + " and pgloader's LOAD COPY reads): tab separated, backslash escapes such as \\t \\n \\\\ \\x1a \\123 decoded,"
                + " \\N for NULL (set another null string with --null, another separator with --delimiter).")
        String format;

        @Option(names = "--header", description = "The first record names the fields.")
        boolean header;
        @Option(names = "--skip-lines", paramLabel = "N", description = "Skip N physical lines first.")
        Integer skipLines;
        @Option(names = "--delimiter", paramLabel = "C", description = "Field separator: , ; | \\t 0x09 tab (default ,).")
        String delimiter;
        @Option(names = "--quote", paramLabel = "C", description = "Quote character (default \").")
        String quote;
        @Option(names = "--no-quote", description = "Fields are never quoted.")
        boolean noQuote;
        @Option(names = "--escape", paramLabel = "C", description = "Escape inside quotes: C, backslash or double-quote (default).")
        String escape;
        @Option(names = "--null", paramLabel = "MARKER", description = "Unquoted value read as NULL; repeatable; replaces the default (unquoted empty), add --null '' to keep it.")
        List<String> nulls;
        @Option(names = "--encoding", paramLabel = "NAME", description = "Input encoding (default UTF-8; a BOM wins).")
        String encoding;
        @Option(names = "--guess", description = "Guess encoding, delimiter, quoting and header from the first file; explicit options win.")
        boolean guess;
        @Option(names = "--keep-blanks", description = "Keep blanks around unquoted values (trimmed by default).")
        boolean keepBlanks;
        @Option(names = "--columns", paramLabel = "a,b,c", split = ",", description = "Target column of each field, by position.")
        List<String> columns;
        @Option(names = "--fix-ragged", description = "Pad short records with NULLs and drop extra fields instead of rejecting them.")
        boolean fixRagged;
        @Option(names = "--workers", paramLabel = "N", description = "Tables or files copied at the same time (default " + LoadOptions.DEFAULT_WORKERS + ").")
        Integer workers;
        @Option(names = "--concurrency", paramLabel = "N", description = "Writer connections per table (default " + LoadOptions.DEFAULT_CONCURRENCY + "; 1 for a database source, where it is also the number of cursors reading a big table in key slices).")
        Integer concurrency;
        @Option(names = "--batch-rows", paramLabel = "N", description = "Rows per COPY batch (default " + LoadOptions.DEFAULT_BATCH_ROWS + ").")
        Integer batchRows;
        @Option(names = "--batch-size", paramLabel = "SIZE", description = "Bytes per COPY batch: 64kB, 20MB, 1GB (default 20MB).")
        String batchSize;
        @Option(names = "--on-error", paramLabel = "stop|resume", description = "Reject bad rows and go on (resume, default) or stop the table.")
        String onError;
        @Option(names = "--max-errors", paramLabel = "N|P%", description = "Fail a table after N rejects, or P%% of the rows read.")
        String maxErrors;
        @Option(names = "--truncate", description = "Empty the table first.")
        boolean truncate;
        @Option(names = "--create-table", description = "Create a missing table with text columns.")
        boolean createTable;
        @Option(names = "--infer-types", description = "Create a missing table with types inferred from the data.")
        boolean inferTypes;
        @Option(names = "--drop-indexes", description = "Drop non-unique indexes before the load, rebuild them after (keys and unique constraints stay, so duplicates are rejected row by row).")
        boolean dropIndexes;
        @Option(names = "--disable-triggers", description = "Disable user triggers while loading (a database source: with --data-only, the existing tables' triggers).")
        boolean disableTriggers;
        @Option(names = "--before", paramLabel = "SQL|@FILE.sql", description = "A statement run before the load starts, or @file whose content runs as one; repeatable, in order, on one connection. A failure stops the run.")
        List<String> before = new ArrayList<>();
        @Option(names = "--after", paramLabel = "SQL|@FILE.sql", description = "A statement run after everything else, when nothing failed; as --before.")
        List<String> after = new ArrayList<>();
        @Option(names = "--with", paramLabel = "'OPTION'", description = "A pgloader WITH option, e.g. 'fields terminated by ;'; repeatable.")
        List<String> withs = new ArrayList<>();
        @Option(names = "--set", paramLabel = "GUC=VALUE", description = "Session setting for the writers; repeatable.")
        List<String> sets = new ArrayList<>();
        @Option(names = "--print-plan", description = "Print the equivalent plan YAML and exit without loading.")
        boolean printPlan;
        @CommandLine.Mixin
        DatabaseOptions database;

        /** {@code drover load SOURCE_URL TARGET_URL}: a whole database. */
        int migrate(String locator, String url) {
            LoadOptionsBuilder o = new LoadOptionsBuilder();
            for (String w : withs) {
                try {
                    for (String one : WithOptions.split(w)) WithOptions.apply(one, CsvSourceBuilder.defaults(List.of("-")), o);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--with: " + e.getMessage(), null);
                }
            }
            // A database has many tables: one writer each and several tables at a time keeps every core busy
            // (pgloader's default for databases too); a file has one table, which gets several writers.
            o.concurrency = 1;
            applyLoadOptions(o);
            PgTarget target;
            try {
                target = cli.parseTarget(url);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid target URL: " + e.getMessage(), "write it as postgresql://user@host:5432/dbname");
            }
            String planUrl = EmbeddedPostgres.isPlanUrl(url) ? EmbeddedPostgres.PLAN_URL : target.toUrl(false);
            Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(planUrl, run.options.passwordEnv), o.build(),
                    List.of(), database.spec(locator, target.table()));
            if (printPlan) {
                if (target.password() != null) cli.err.println("drover: note: the password in the URL is not written in the plan");
                cli.out.print(PlanYaml.write(plan));
                return 0;
            }
            return cli.load(plan, target.password(), run.options);
        }

        @CommandLine.Mixin
        RunOptionsMixin run;

        @Override
        public Integer call() {
            if (positionals.size() == 2 && DatabaseSources.isLocator(positionals.get(0))) {
                return migrate(positionals.get(0), positionals.get(1));
            }
            if (positionals.size() < 2) {
                throw new UsageException("give the input FILE(s), then the TARGET_URL",
                        "e.g. drover load data.csv 'postgresql://user@host/db?public.orders'");
            }
            List<String> files = positionals.subList(0, positionals.size() - 1);
            String url = positionals.get(positionals.size() - 1);
            PgTarget target;
            try {
                target = cli.parseTarget(url);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid target URL: " + e.getMessage(),
                        "write it as postgresql://user@host:5432/dbname?schema.table");
            }
            if (target.table() == null) {
                throw new UsageException("the target URL does not name a table",
                        "add ?schema.table to it, e.g. postgresql://user@host/db?public.orders");
            }
            Plan plan = plan(files, url, target);
            if (printPlan) {
                if (target.password() != null) cli.err.println("drover: note: the password in the URL is not written in the plan");
                cli.out.print(PlanYaml.write(plan));
                return 0;
            }
            for (String f : files) {
                if (f.equals("-") || f.contains("*") || f.contains("?") || f.contains("[")) continue;
                if (!Files.exists(Path.of(f))) throw new UsageException("no such file: " + f, null);
            }
            return cli.load(plan, target.password(), run.options);
        }

        /** The options every load takes, files or database. */
        void applyLoadOptions(LoadOptionsBuilder o) {
            if (workers != null) o.workers = workers;
            if (concurrency != null) o.concurrency = concurrency;
            if (batchRows != null) o.batchRows = batchRows;
            if (batchSize != null) o.batchBytes = ByteSize.parse(batchSize);
            if (onError != null) {
                o.onError = switch (onError.toLowerCase(Locale.ROOT)) {
                    case "stop" -> OnError.STOP;
                    case "resume", "resume-next", "resume next" -> OnError.RESUME;
                    default -> throw new UsageException("--on-error must be stop or resume, not '" + onError + "'", null);
                };
            }
            if (maxErrors != null) {
                try {
                    o.maxErrors = ErrorLimit.parse(maxErrors);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--max-errors must be a count (100) or a percentage (1%), not '" + maxErrors + "'", null);
                }
            }
            if (truncate) o.truncate = true;
            if (createTable) o.createTable = CreateTable.TEXT;
            if (inferTypes) o.createTable = CreateTable.INFER;
            if (dropIndexes) o.dropIndexes = true;
            if (disableTriggers) o.disableTriggers = true;
            for (String b : before) o.beforeSql.add(statement("--before", b));
            for (String a : after) o.afterSql.add(statement("--after", a));
            if (run.options.rootDir != null) o.rejectDir = run.options.rootDir;
            Map<String, String> settings = new LinkedHashMap<>(o.settings);
            for (String set : sets) {
                int eq = set.indexOf('=');
                if (eq <= 0) throw new UsageException("--set expects GUC=VALUE, not '" + set + "'", "e.g. --set work_mem=64MB");
                String v = set.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) v = v.substring(1, v.length() - 1);
                settings.put(set.substring(0, eq).trim(), v);
            }
            o.settings = settings;
        }

        /** {@code SQL}, or {@code @file.sql}: the file's content. */
        private static String statement(String option, String value) {
            if (value.isBlank()) throw new UsageException(option + " needs a statement, or @file.sql", null);
            if (!value.startsWith("@")) return value;
            Path file = Path.of(value.substring(1));
            try {
                String sql = Files.readString(file, StandardCharsets.UTF_8);
                if (sql.isBlank()) throw new UsageException(option + " " + value + ": the file is empty", null);
                return sql;
            } catch (IOException e) {
                throw new UsageException(option + " " + value + ": cannot read " + file + " (" + e.getMessage() + ")",
                        "write the statement itself, or @ and a readable file: --before @prepare.sql");
            }
        }

        Plan plan(List<String> files, String url, PgTarget target) {
            boolean copyText = copyText();
            CsvSourceBuilder s = copyText ? new CsvSourceBuilder(CsvSource.copyTextDefaults(files)) : CsvSourceBuilder.defaults(files);
            LoadOptionsBuilder o = new LoadOptionsBuilder();
            if (copyText) {
                List<String> csvOnly = new ArrayList<>();
                if (fixed != null) csvOnly.add("--fixed");
                if (quote != null || noQuote) csvOnly.add("--quote/--no-quote");
                if (escape != null) csvOnly.add("--escape (COPY text escapes with a backslash)");
                if (keepBlanks) csvOnly.add("--keep-blanks (COPY text values are never trimmed)");
                if (guess) csvOnly.add("--guess");
                if (nulls != null && nulls.size() != 1) csvOnly.add("several --null (COPY text has one null string)");
                if (!csvOnly.isEmpty()) {
                    throw new UsageException("--format copy-text reads PostgreSQL COPY text, where " + String.join(", ", csvOnly)
                            + " do not apply", "leave them out");
                }
            }
            if (guess) guess(files, s);
            for (String w : withs) {
                try {
                    for (String one : WithOptions.split(w)) WithOptions.apply(one, s, o);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--with: " + e.getMessage(), null);
                }
            }
            try {
                if (encoding != null) {
                    if (!java.nio.charset.Charset.isSupported(encoding)) throw new UsageException("unknown encoding '" + encoding + "'", "try utf-8, latin1, cp1252 or utf-16");
                    s.encoding = encoding;
                }
                if (header) s.header = true;
                if (skipLines != null) {
                    if (skipLines < 0) throw new UsageException("--skip-lines cannot be negative", null);
                    s.skipLines = skipLines;
                }
                if (delimiter != null) s.delimiter = WithOptions.parseChar(delimiter);
                if (noQuote) {
                    s.quote = null;
                    s.escape = null;
                } else if (quote != null) {
                    Character old = s.quote;
                    s.quote = WithOptions.parseChar(quote);
                    if (escape == null && (s.escape == null || s.escape.equals(old))) s.escape = s.quote; // doubled quotes follow the quote
                }
                if (escape != null) {
                    s.escape = switch (escape.toLowerCase(Locale.ROOT)) {
                        case "backslash" -> '\\';
                        case "double-quote" -> s.quote != null ? s.quote : '"';
                        default -> WithOptions.parseChar(escape);
                    };
                }
                if (nulls != null) s.nullMarkers = new ArrayList<>(nulls);
                if (keepBlanks) s.trimBlanks = false;
                if (fixRagged) {
                    s.extraFields = CsvSource.FieldCountPolicy.FIX;
                    s.missingFields = CsvSource.FieldCountPolicy.FIX;
                }
                if (fixed != null) {
                    List<String> csvOnly = new ArrayList<>();
                    if (header) csvOnly.add("--header (name the fields in --fixed; skip a title line with --skip-lines 1)");
                    if (delimiter != null) csvOnly.add("--delimiter");
                    if (quote != null || noQuote) csvOnly.add("--quote/--no-quote");
                    if (escape != null) csvOnly.add("--escape");
                    if (nulls != null) csvOnly.add("--null (use [null if 'text'] on the field)");
                    if (keepBlanks) csvOnly.add("--keep-blanks (fixed-width values are kept as they are unless a field says trim)");
                    if (fixRagged) csvOnly.add("--fix-ragged");
                    if (guess) csvOnly.add("--guess");
                    if (!csvOnly.isEmpty()) {
                        throw new UsageException("--fixed reads fixed-width files, where " + String.join(", ", csvOnly) + " do not apply",
                                "leave them out");
                    }
                    s.fixed = dev.drover.engine.plan.FixedLayout.parse(fixed);
                }
                applyLoadOptions(o);
                List<ColumnSpec> cols = new ArrayList<>();
                if (columns != null) {
                    for (int i = 0; i < columns.size(); i++) {
                        String c = columns.get(i).trim();
                        if (c.isEmpty()) throw new UsageException("--columns has an empty name at position " + (i + 1), null);
                        cols.add(ColumnSpec.byPosition(c, i + 1));
                    }
                }
                String planUrl = target.password() != null ? target.toUrl(false) : withoutTable(url);
                return new Plan(Plan.CURRENT_VERSION, new TargetSpec(planUrl, run.options.passwordEnv), o.build(),
                        List.of(new TableLoad(target.table(), s.build(), cols)));
            } catch (UsageException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), null);
            }
        }

        private boolean copyText() {
            if (format == null) return false;
            return switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "csv" -> false;
                case "copy-text", "copy_text", "copy", "text" -> true;
                default -> throw new UsageException("--format " + format + " is not a format", "write --format csv (the default) or --format copy-text");
            };
        }

        private void guess(List<String> files, CsvSourceBuilder s) {
            Path first = files.stream().filter(f -> !f.equals("-") && !f.contains("*") && !f.contains("?"))
                    .map(Path::of).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new UsageException("--guess needs a regular file (not stdin or a glob) as the first FILE", null));
            dev.drover.engine.source.csv.CsvGuess g = dev.drover.engine.source.csv.CsvSniffer.guess(first);
            s.encoding = g.encoding();
            s.delimiter = g.delimiter();
            s.quote = g.quote();
            s.escape = g.escape();
            s.header = g.header();
            for (String n : g.notes()) cli.err.println("drover: guess: " + n);
        }
    }

    /** The URL as written, without its {@code ?schema.table} / {@code tablename=} part. */
    static String withoutTable(String url) {
        int q = url.indexOf('?');
        if (q < 0) return url;
        List<String> keep = new ArrayList<>();
        for (String kv : url.substring(q + 1).split("&")) {
            if (kv.isEmpty() || !kv.contains("=") || kv.startsWith("tablename=")) continue;
            keep.add(kv);
        }
        return url.substring(0, q) + (keep.isEmpty() ? "" : "?" + String.join("&", keep));
    }

    /** {@link RunOptions} as a picocli mixin. */
    static final class RunOptionsMixin {
        @CommandLine.ArgGroup(exclusive = false, heading = "")
        RunOptions options = new RunOptions();
    }

    // ---------------------------------------------------------------------------------- drover run

    /** What a database source takes: target schema, drop, cast rules, naming, which tables. */
    static final class DatabaseOptions {
        @Option(names = "--schema", paramLabel = "NAME", description = "Database sources: the target schema of every table (default public; a PostgreSQL or SQL Server source with tables in several schemas keeps its schema names).")
        String schema;
        @Option(names = "--include-drop", description = "Database sources: drop target tables that exist already (else the run stops before changing anything).")
        boolean includeDrop;
        @Option(names = "--cast", paramLabel = "RULE", description = "Database sources: a cast rule, pgloader syntax, tried before the defaults; repeatable. E.g. 'type int to bigint'.")
        List<String> casts = new ArrayList<>();
        @Option(names = "--identifiers", paramLabel = "downcase|quote|snake_case", description = "Database sources: how names are written in PostgreSQL (default downcase).")
        String identifiers;
        @Option(names = "--include", paramLabel = "REGEX", description = "Database sources: only the tables whose name matches; repeatable.")
        List<String> include = new ArrayList<>();
        @Option(names = "--exclude", paramLabel = "REGEX", description = "Database sources: leave out the tables whose name matches; repeatable.")
        List<String> exclude = new ArrayList<>();
        @Option(names = "--rename", paramLabel = "TABLE=NAME", description = "Database sources: the target name (or schema.name) of a table; repeatable.")
        List<String> rename = new ArrayList<>();
        @Option(names = "--materialize", paramLabel = "VIEW|NAME=SELECT", description = "Database sources: load a view as a table"
                + " (* for every view), or the rows of a query in the source's SQL into table NAME; repeatable.")
        List<String> materialize = new ArrayList<>();
        @Option(names = "--schema-only", description = "Database sources: create tables, keys, indexes and foreign keys; move no rows.")
        boolean schemaOnly;
        @Option(names = "--data-only", description = "Database sources: load into tables that exist already (with --truncate to empty them first).")
        boolean dataOnly;
        @Option(names = "--table-mode", paramLabel = "NAME=create|existing|truncate", description = "Database sources: load table NAME into a new table (create, default), into the existing one as it is (existing) or emptied first (truncate); repeatable.")
        List<String> tableModes = new ArrayList<>();
        @Option(names = "--zero-dates", paramLabel = "null|reject|DATE", description = "MySQL sources: what zero dates (0000-00-00, 2024-00-10) become: NULL (default), a rejected row, or a date such as 1970-01-01. A cast rule 'using zero-dates-to-null' or 'using zero-dates-reject' decides for one column.")
        String zeroDates;
        @Option(names = "--no-indexes", description = "Database sources: build no primary key, unique constraint or index (and so no foreign key, which needs the key it references).")
        boolean noIndexes;
        @Option(names = "--no-foreign-keys", description = "Database sources: create no foreign keys.")
        boolean noForeignKeys;
        @Option(names = "--no-reset-sequences", description = "Database sources: leave identity columns and sequences where they start, not past the loaded values.")
        boolean noResetSequences;
        @Option(names = "--identity", paramLabel = "identity|serial", description = "Database sources: auto-increment columns as GENERATED BY DEFAULT AS IDENTITY (default) or as serial/bigserial (a DEFAULT nextval of an owned sequence).")
        String identity;
        @Option(names = "--enums", paramLabel = "type|text-check", description = "Database sources: enum columns as a PostgreSQL enum type (default) or as text with a CHECK on the labels (a MySQL set: text[]).")
        String enums;
        @Option(names = "--verify-sample", paramLabel = "N", description = "Database sources: after the load, compare up to N source rows of each table with a primary key with the target, value by value (default 0: off). A difference fails the run (exit 5).")
        Integer verifySample;

        DatabaseSpec spec(String locator, String schemaFromUrl) {
            for (String r : include) regex("--include", r);
            for (String r : exclude) regex("--exclude", r);
            dev.drover.engine.target.IdentifierPolicy policy = dev.drover.engine.target.IdentifierPolicy.DOWNCASE;
            if (identifiers != null) {
                try {
                    policy = dev.drover.engine.target.IdentifierPolicy.valueOf(identifiers.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--identifiers must be downcase, quote, snake_case, pgloader_downcase or pgloader_snake_case, not '" + identifiers + "'", null);
                }
            }
            String s = schema != null ? schema : schemaFromUrl; // null: public, or the source's schemas (DatabaseMigration.targetSchemas)
            if (schemaOnly && dataOnly) throw new UsageException("--schema-only and --data-only exclude each other", null);
            if (dataOnly && includeDrop) throw new UsageException("--data-only loads into existing tables: it cannot go with --include-drop", null);
            DatabaseSpec.Mode mode = schemaOnly ? DatabaseSpec.Mode.SCHEMA_ONLY : dataOnly ? DatabaseSpec.Mode.DATA_ONLY : DatabaseSpec.Mode.ALL;
            Map<String, String> renames = new LinkedHashMap<>();
            for (String r : rename) {
                int eq = r.indexOf('=');
                if (eq <= 0 || eq == r.length() - 1) throw new UsageException("--rename expects TABLE=NAME, not '" + r + "'", "e.g. --rename Customers=crm.clients");
                try {
                    dev.drover.engine.target.TableRef.parse(r.substring(eq + 1));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--rename '" + r + "': " + e.getMessage(), null);
                }
                renames.put(r.substring(0, eq).trim(), r.substring(eq + 1).trim());
            }
            Map<String, DatabaseSpec.TableMode> modes = new LinkedHashMap<>();
            for (String t : tableModes) {
                int eq = t.indexOf('=');
                if (eq <= 0 || eq == t.length() - 1) {
                    throw new UsageException("--table-mode expects NAME=create|existing|truncate, not '" + t + "'", "e.g. --table-mode orders=existing");
                }
                modes.put(t.substring(0, eq).trim(), choice("--table-mode " + t.substring(0, eq).trim(), t.substring(eq + 1),
                        DatabaseSpec.TableMode.class, null));
            }
            String modeProblem = DatabaseSpec.tableModeProblem(mode, modes);
            if (modeProblem != null) throw new UsageException(modeProblem.replace("schema only", "--schema-only").replace("data only", "--data-only"), null);
            List<DatabaseSpec.Materialize> views = new ArrayList<>();
            for (String m : materialize) {
                int eq = m.indexOf('=');
                if (eq > 0 && m.substring(0, eq).strip().matches(".*\\s.*")) {
                    throw new UsageException("--materialize expects VIEW or NAME=SELECT ..., and '" + m.substring(0, eq).strip()
                            + "' is not a name", "e.g. --materialize 'big_orders=SELECT * FROM orders WHERE total > 100'");
                }
                try {
                    views.add(eq < 0 ? DatabaseSpec.Materialize.view(m) : DatabaseSpec.Materialize.query(m.substring(0, eq), m.substring(eq + 1)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--materialize '" + m + "': " + e.getMessage(), "e.g. --materialize v_sales or --materialize"
                            + " 'big_orders=SELECT * FROM orders WHERE total > 100'");
                }
            }
            dev.drover.engine.cast.ZeroDates zero = dev.drover.engine.cast.ZeroDates.NULL;
            if (zeroDates != null) {
                try {
                    zero = dev.drover.engine.cast.ZeroDates.parse(zeroDates);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--zero-dates: " + e.getMessage(), "e.g. --zero-dates reject or --zero-dates 1970-01-01");
                }
            }
            if (verifySample != null && (verifySample < 0 || verifySample > DatabaseSpec.MAX_VERIFY_SAMPLE)) {
                throw new UsageException("--verify-sample must be 0 (off) to " + DatabaseSpec.MAX_VERIFY_SAMPLE + " rows per table, not "
                        + verifySample, null);
            }
            DatabaseSpec.Build build = new DatabaseSpec.Build(!noIndexes, !noForeignKeys, !noResetSequences,
                    choice("--identity", identity, DatabaseSpec.Identity.class, DatabaseSpec.Build.DEFAULT.identity()),
                    choice("--enums", enums, DatabaseSpec.Enums.class, DatabaseSpec.Build.DEFAULT.enums()));
            DatabaseSpec spec = new DatabaseSpec(locator, s, includeDrop, casts, policy, include, exclude, mode, renames, zero,
                    verifySample == null ? 0 : verifySample, views, build, modes);
            try {
                DatabaseMigration.Options.of(spec); // a bad cast rule is a usage error now, not a failed run later
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage(), // "--cast rule 2 '...': ..."
                        "e.g. --cast 'type int to bigint' or --cast 'column orders.total to numeric(12,2)'");
            }
            return spec;
        }

        /** One of an enum's values, written in lower case with - or _ ({@code text-check}). */
        private static <E extends Enum<E>> E choice(String option, String value, Class<E> type, E otherwise) {
            if (value == null) return otherwise;
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String name = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
                names.add(name);
                if (name.equals(value.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) return e;
            }
            throw new UsageException(option + " must be " + String.join(" or ", names) + ", not '" + value + "'", null);
        }

        private static void regex(String option, String r) {
            try {
                java.util.regex.Pattern.compile(r);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new UsageException(option + " '" + r + "' is not a regular expression: " + e.getDescription(), null);
            }
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
            description = {"Show how each column of a source database maps to PostgreSQL: source type, the cast rule",
                    "that matched and why, target type, transform, and every narrowing or lossy cast."})
    static final class Explain implements Callable<Integer> {
        @ParentCommand
        DroverCli cli;

        @Parameters(index = "0", paramLabel = "SOURCE_URL|PLAN.yaml",
                description = "A source database (e.g. sqlite:///path/shop.db), or a plan with a database section.")
        String locator;

        @CommandLine.Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            DatabaseMigration.Options options;
            if (DatabaseSources.isLocator(locator)) {
                options = DatabaseMigration.Options.of(database.spec(locator, null));
            } else if (Files.isRegularFile(Path.of(locator))) {
                // the plan's own settings decide, exactly as `drover run` would use them
                Plan plan = PlanYaml.read(Path.of(locator));
                if (plan.database() == null) {
                    throw new UsageException(locator + " loads files, not a database: explain shows a database's mapping",
                            "e.g. drover explain sqlite:///path/shop.db, or a plan with a database: section");
                }
                options = DatabaseMigration.Options.of(plan.database());
                locator = plan.database().source();
            } else {
                throw new UsageException("not a database URL nor a plan file: " + locator,
                        "e.g. drover explain sqlite:///path/shop.db, or drover explain plan.yaml");
            }
            try (DatabaseSource source = DatabaseSources.open(locator)) {
                SourceCatalog catalog = DatabaseMigration.catalog(source, options);
                var mapping = DatabaseMigration.casts(catalog, source, options);
                for (String type : mapping.createTypes()) cli.out.println(type + ";");
                for (var e : mapping.sequences().entrySet()) {
                    cli.out.println(dev.drover.engine.target.SchemaWriter.createSequence(e.getValue(), e.getKey()) + ";");
                    for (String remark : dev.drover.engine.target.SchemaWriter.sequenceRemarks(e.getKey())) cli.out.println("  " + remark);
                }
                for (var e : mapping.tables().entrySet()) {
                    var target = mapping.targets().get(e.getKey());
                    // the mode shown only where it differs from what the run's mode does to every table
                    var tableMode = options.tableMode(e.getKey(), false);
                    var usual = options.mode() == DatabaseSpec.Mode.DATA_ONLY ? DatabaseSpec.TableMode.EXISTING : DatabaseSpec.TableMode.CREATE;
                    cli.out.println(e.getKey().display() + " → " + target.display() + (e.getKey().isMaterialized() ? " (materialized)" : "")
                            + (tableMode == usual ? "" : tableMode == DatabaseSpec.TableMode.TRUNCATE
                            ? " (table mode truncate: the existing table, emptied first)" : " (table mode existing: the existing table, as it is)"));
                    cli.out.print(dev.drover.engine.cast.Explain.table(e.getKey(), e.getValue()));
                    for (String remark : dev.drover.engine.target.SchemaWriter.indexRemarks(target, e.getKey(), e.getValue())) {
                        cli.out.println("  " + remark);
                    }
                    cli.out.println();
                }
                return Outcome.SUCCESS.exitCode();
            } catch (SQLException e) {
                throw new UsageException("cannot read the source " + locator + ": " + e.getMessage(), null);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), null);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class, description = "Run a plan file.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        DroverCli cli;

        @Parameters(index = "0", paramLabel = "PLAN.yaml|FILE.load", description = "A Drover plan, or a pgloader command file.")
        Path planFile;

        @CommandLine.Mixin
        RunOptionsMixin run;

        @Option(names = {"-C", "--context"}, paramLabel = "FILE.ini",
                description = "For a pgloader command file: values for its {{VARIABLES}}, looked up before the environment.")
        Path context;

        @Override
        public Integer call() throws java.io.IOException {
            if (PgloaderFiles.isCommandFile(planFile)) return PgloaderFiles.run(cli, planFile, context, run.options);
            if (context != null) throw new UsageException("--context templates pgloader command files (.load); a plan has no variables", null);
            Plan plan = PlanYaml.read(planFile);
            RunOptions ro = run.options;
            TargetSpec target = ro.passwordEnv == null ? plan.target() : new TargetSpec(plan.target().url(), ro.passwordEnv);
            plan = new Plan(plan.version(), target, withRunOptions(plan.options(), ro), plan.tables(), plan.database());
            return cli.load(plan, null, ro);
        }
    }

    // ---------------------------------------------------------------------------------- drover validate

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
            description = "Check a plan file and print every problem (exit 4) or 'PLAN: ok'.")
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        DroverCli cli;

        @Parameters(index = "0", paramLabel = "PLAN.yaml")
        Path planFile;

        @Override
        public Integer call() {
            PlanYaml.read(planFile);
            cli.out.println(planFile + ": ok");
            return 0;
        }
    }

    // ---------------------------------------------------------------------------------- drover sample

    @Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
            description = "Write the sample SQLite shop (customers, products, orders, order lines; about 96,000 rows with a"
                    + " few rows PostgreSQL will refuse) to try a migration with.")
    static final class Sample implements Callable<Integer> {
        @ParentCommand
        DroverCli cli;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.db", description = "Where to write it (default shop.db).")
        Path file = Path.of("shop.db");

        @Option(names = "--scale", paramLabel = "N", description = "Size: 100 (default) is about 96,000 rows, 1 about 1,000.")
        int scale = dev.drover.engine.sample.ShopSample.DEFAULT_SCALE;

        @Option(names = "--force", description = "Replace the file if it exists.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (java.nio.file.Files.exists(file) && !force) {
                throw new UsageException(file + " exists already", "choose another file name, or add --force to replace it");
            }
            if (scale < 1) throw new UsageException("--scale must be 1 or more, not " + scale, "e.g. --scale 1 for about 1,000 rows");
            Path out = dev.drover.engine.sample.ShopSample.generate(file, scale, dev.drover.engine.sample.ShopSample.DEFAULT_SEED)
                    .toAbsolutePath();
            cli.out.println("wrote " + out);
            cli.out.println("try: drover explain sqlite://" + out);
            cli.out.println("     drover load sqlite://" + out + " postgresql://USER@HOST/DATABASE --schema shop");
            cli.out.println("     drover load sqlite://" + out + " embedded --schema shop   (Drover's own PostgreSQL, installed Drover)");
            return 0;
        }
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
