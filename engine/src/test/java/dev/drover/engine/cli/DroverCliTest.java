package dev.drover.engine.cli;

import dev.drover.engine.plan.CreateTable;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.run.RunEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DroverCliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    final List<Plan> ran = new ArrayList<>();
    final List<String> passwords = new ArrayList<>();
    RunReport toReturn;
    RuntimeException toThrow;

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        DroverCli cli = new DroverCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("USER", "me"), false,
                (plan, password, listener, cancellation) -> {
                    ran.add(plan);
                    passwords.add(password);
                    if (toThrow != null) throw toThrow;
                    listener.on(new RunEvent.TableFinished(toReturn.tables().get(0)));
                    listener.on(new RunEvent.RunFinished(toReturn));
                    return toReturn;
                });
        int code = cli.execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("drover ").doesNotContain("${");
        Result h = run("--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("Usage: drover", "load", "run", "validate", "Exit codes:");
        assertThat(run("help", "load").out()).contains("Usage: drover load", "--print-plan");
        assertThat(run("load", "--help").code()).isZero();
    }

    @Test
    void printPlanIsAPlanThatReadsBackToTheOptions() {
        Result r = run("load", "--header", "--delimiter", "tab", "--quote", "'", "--null", "NA", "--null", "",
                "--columns", "a,b", "--workers", "8", "--concurrency", "3", "--batch-rows", "5000", "--batch-size", "1MB",
                "--on-error", "stop", "--max-errors", "1%", "--truncate", "--infer-types", "--drop-indexes",
                "--disable-triggers", "--keep-blanks", "--fix-ragged", "--skip-lines", "2", "--encoding", "latin1",
                "--set", "work_mem=64MB", "--with", "fields escaped by backslash-quote", "--password-env", "PW",
                "--root-dir", "rej", "data.csv", "more/*.csv",
                "postgresql://u:s3cret@h:5433/db?sslmode=require&public.t", "--print-plan");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("s3cret");
        assertThat(ran).isEmpty();
        Plan p = PlanYaml.read(r.out(), "printed");
        LoadOptionsBuilder o = new LoadOptionsBuilder();
        o.workers = 8;
        o.concurrency = 3;
        o.batchRows = 5000;
        o.batchBytes = 1 << 20;
        o.onError = OnError.STOP;
        o.maxErrors = ErrorLimit.parse("1%");
        o.truncate = true;
        o.createTable = CreateTable.INFER;
        o.dropIndexes = true;
        o.disableTriggers = true;
        o.rejectDir = Path.of("rej");
        o.settings = Map.of("work_mem", "64MB");
        CsvSource src = new CsvSource(List.of("data.csv", "more/*.csv"), "latin1", '\t', '\'', '\\', true, 2,
                List.of("NA", ""), false, CsvSource.FieldCountPolicy.FIX, CsvSource.FieldCountPolicy.FIX);
        Plan expected = new Plan(1, new TargetSpec("postgresql://u@h:5433/db?sslmode=require", "PW"), o.build(),
                List.of(new TableLoad("public.t", src, List.of(ColumnSpec.byPosition("a", 1), ColumnSpec.byPosition("b", 2)))));
        assertThat(p).isEqualTo(expected);
    }

    @Test
    void databaseBuildOptionsAndBeforeAfterSqlGoIntoThePlan() throws Exception {
        Path script = dir.resolve("prepare.sql");
        Files.writeString(script, "CREATE SCHEMA IF NOT EXISTS staging;\nCREATE TABLE staging.t (x int);\n");
        Result r = run("load", "sqlite:///data/shop.db", "postgresql://u@h/db", "--no-indexes", "--no-foreign-keys",
                "--no-reset-sequences", "--identity", "serial", "--enums", "text-check", "--disable-triggers", "--data-only",
                "--before", "SELECT 1", "--before", "@" + script, "--after", "ANALYZE", "--print-plan");
        assertThat(r.code()).as(r.err()).isZero();
        Plan p = PlanYaml.read(r.out(), "printed");
        assertThat(p.database().build()).isEqualTo(new dev.drover.engine.plan.DatabaseSpec.Build(false, false, false,
                dev.drover.engine.plan.DatabaseSpec.Identity.SERIAL, dev.drover.engine.plan.DatabaseSpec.Enums.TEXT_CHECK));
        assertThat(p.options().disableTriggers()).isTrue();
        assertThat(p.options().beforeSql()).containsExactly("SELECT 1", "CREATE SCHEMA IF NOT EXISTS staging;\nCREATE TABLE staging.t (x int);\n");
        assertThat(p.options().afterSql()).containsExactly("ANALYZE");

        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--identity", "auto"), "--identity must be identity or serial, not 'auto'");
        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--enums", "check"), "--enums must be type or text-check");
        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--before", "@" + dir.resolve("missing.sql")), "--before @");
        assertThat(ran).isEmpty();
    }

    @Test
    void tableModesGoIntoThePlanAndExplainShowsThem() throws Exception {
        Result r = run("load", "sqlite:///data/shop.db", "postgresql://u@h/db", "--table-mode", "orders=existing",
                "--table-mode", "Customers=TRUNCATE", "--table-mode", "products=create", "--include-drop", "--print-plan");
        assertThat(r.code()).as(r.err()).isZero();
        Plan p = PlanYaml.read(r.out(), "printed");
        assertThat(p.database().tableModes()).containsExactly(
                Map.entry("orders", dev.drover.engine.plan.DatabaseSpec.TableMode.EXISTING),
                Map.entry("Customers", dev.drover.engine.plan.DatabaseSpec.TableMode.TRUNCATE),
                Map.entry("products", dev.drover.engine.plan.DatabaseSpec.TableMode.CREATE));

        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--table-mode", "orders"), "--table-mode expects NAME=create|existing|truncate");
        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--table-mode", "orders=keep"),
                "--table-mode orders must be create or existing or truncate, not 'keep'");
        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--schema-only", "--table-mode", "orders=existing"),
                "--schema-only loads none");
        assertUsage(run("load", "sqlite:///x.db", "postgresql://u@h/db", "--data-only", "--table-mode", "orders=create"),
                "table mode create cannot be given to [orders]");
        assertThat(ran).isEmpty();

        java.nio.file.Path shop = dev.drover.engine.sample.ShopSample.generate(dir.resolve("shop.db"), 1, 1);
        Result explained = run("explain", "sqlite://" + shop.toAbsolutePath(), "--table-mode", "orders=existing",
                "--table-mode", "products=truncate");
        assertThat(explained.code()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("orders → public.orders (table mode existing: the existing table, as it is)")
                .contains("products → public.products (table mode truncate: the existing table, emptied first)")
                .contains("customers → public.customers\n".translateEscapes());
    }

    @Test
    void printPlanOfDefaultsKeepsTheUrlAsWritten() {
        Result r = run("load", "-", "postgres://h/db?tablename=t", "--print-plan");
        assertThat(r.code()).as(r.err()).isZero();
        Plan p = PlanYaml.read(r.out(), "printed");
        assertThat(p.target()).isEqualTo(new TargetSpec("postgres://h/db", null));
        assertThat(p.options()).isEqualTo(LoadOptions.defaults());
        assertThat(p.tables().get(0).source()).isEqualTo(CsvSource.defaults(List.of("-")));
    }

    @Test
    void usageErrorsExit2WithOneLineAndAHint() {
        assertUsage(run(), "a command is required");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--nope"), "Unknown option: '--nope'");
        assertUsage(run("load", "postgresql://h/db?t"), "give the input FILE(s), then the TARGET_URL");
        assertUsage(run("load"), "Missing required parameter");
        assertUsage(run("load", "a.csv", "postgresql://h/db"), "the target URL does not name a table");
        assertUsage(run("load", "a.csv", "postgresql://h/db?sslmode=yes&t"), "invalid sslmode 'yes'");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--on-error", "maybe"), "--on-error must be stop or resume");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--with", "frobnicate"), "--with: unknown option 'frobnicate'");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--delimiter", "ab"), "'ab' is not one character");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--workers", "0"), "workers must be at least 1");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--workers", "many"), "Invalid value for option '--workers'");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--batch-size", "20mb"), "'20mb' is not a byte size");
        assertUsage(run("load", "a.csv", "postgresql://h/db?t", "--max-errors", "x"), "--max-errors must be a count");
        assertUsage(run("load", dir.resolve("missing.csv").toString(), "postgresql://h/db?t"), "no such file");
        assertUsage(run("frobnicate"), "Unmatched argument");
        assertThat(ran).isEmpty();
    }

    void assertUsage(Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("drover: error: ").contains(message).contains("hint: ").doesNotContain("\tat ");
    }

    @Test
    void validate() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, PlanYaml.write(new Plan(1, new TargetSpec("postgresql://h/db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", CsvSource.defaults(List.of("a.csv")), List.of())))));
        Result ok = run("validate", good.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).isEqualTo(good + ": ok\n");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                version: 1
                target: {url: "postgresql://h/db"}
                options:
                  batchrows: 10
                  workers: none
                tables: [{table: t, source: {csv: {files: [a.csv]}}}]
                """);
        Result r = run("validate", bad.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).isEqualTo(bad + ":4:3: unknown key 'batchrows' (did you mean 'batch_rows'?)\n"
                + bad + ":5:12: workers must be a whole number, not 'none'\n");
        Result run = run("run", bad.toString());
        assertThat(run.code()).isEqualTo(4);
        assertThat(ran).isEmpty();
        assertThat(run("validate", dir.resolve("none.yaml").toString()).code()).isEqualTo(4);
    }

    @Test
    void loadPrintsTheSummaryWritesJsonAndExitsWithTheOutcome() throws Exception {
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "1\n2\n");
        toReturn = new RunReport(List.of(),
                List.of(new TableReport("public.t", 2, 1, 1, 2048, Duration.ofMillis(1500), TableState.DONE, null)),
                List.of(), Duration.ofMillis(1600), Outcome.COMPLETED_WITH_REJECTS, null, "drover-rejects/db");
        Path json = dir.resolve("report.json");
        Files.writeString(json, "old");
        Result r = run("load", csv.toString(), "postgresql://u:pw@h/db?public.t", "--summary", json.toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(3);
        assertThat(passwords).containsExactly("pw");
        assertThat(ran.get(0).target().url()).isEqualTo("postgresql://u@h:5432/db");
        assertThat(r.out()).contains("table name", "public.t", "Total import time", "Rejected rows are in drover-rejects/db");
        assertThat(r.err()).contains("public.t: done, 1 rows loaded, 1 rejected in 1.500s");
        assertThat(Files.readString(json)).contains("\"outcome\" : \"completed_with_rejects\"");
        assertThat(Files.readString(dir.resolve("report.json.1"))).isEqualTo("old");
    }

    @Test
    void internalErrorsAreOneLineWithoutStackTrace() throws Exception {
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "1\n");
        toThrow = new IllegalStateException("boom");
        Result r = run("load", csv.toString(), "postgresql://u:pw@h/db?t", "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("drover: error: internal error: java.lang.IllegalStateException: boom\nhint: ")
                .doesNotContain("\tat ");
        Result d = run("load", csv.toString(), "postgresql://u:pw@h/db?t", "--quiet", "--debug");
        assertThat(d.code()).isEqualTo(1);
        assertThat(d.err()).contains("\tat ");
    }

    @Test
    void runAppliesOverrides() throws Exception {
        Path plan = dir.resolve("p.yaml");
        Files.writeString(plan, PlanYaml.write(new Plan(1, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", CsvSource.defaults(List.of("a.csv")), List.of())))));
        toReturn = new RunReport(List.of(), List.of(new TableReport("t", 1, 1, 0, 10, Duration.ofMillis(5), TableState.DONE, null)),
                List.of(), Duration.ofMillis(6), Outcome.SUCCESS, null, null);
        Result r = run("run", plan.toString(), "--root-dir", "rj", "--password-env", "NO_SUCH_VAR_FOR_TEST", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(ran.get(0).options().rejectDir()).isEqualTo(Path.of("rj"));
        assertThat(ran.get(0).target().passwordEnv()).isEqualTo("NO_SUCH_VAR_FOR_TEST");
    }
}
