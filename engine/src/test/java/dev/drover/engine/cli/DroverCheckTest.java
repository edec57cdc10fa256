package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.run.Engine;
import dev.drover.engine.sample.ShopSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover check}: the pre-flight scan's report and exit codes, with no target database at all. */
class DroverCheckTest {
    @TempDir Path dir;

    private static Cli.Result drover(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        DroverCli cli = new DroverCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false, Engine::run);
        int code = cli.execute(args);
        return new Cli.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String shop() throws Exception {
        return "sqlite://" + ShopSample.generate(dir.resolve("shop.db"), 1, ShopSample.DEFAULT_SEED).toAbsolutePath();
    }

    @Test
    void printsEachTablesProblemsWithExamplesAndFixesAndExits3WhenRowsWouldBeRejected() throws Exception {
        Cli.Result r = drover("check", shop(), "--cast", "type varchar to varchar keep typemod");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("main.customers → public.customers: 50 rows (all), 2 errors, 0 warnings")
                .contains("  ERROR  name: too long for varchar(80) (1 row)")
                .contains("      at id=4 (rowid): Maria Magdalena")
                .contains("      fix: `column customers.name to text`, or a longer varchar")
                .contains("  ERROR  birth_date: not a valid date (1 row)\n      at id=9 (rowid): 1987-02-30")
                .contains("  ERROR  stock: not an integer (1 row)\n      at id=6 (rowid): n/a")
                .contains("  ERROR  ordered_on: zero date → NULL in NOT NULL column (1 row)\n      at id=13 (rowid): 0000-00-00")
                .contains("main.order_lines → public.order_lines: 698 rows (all), 0 errors, 0 warnings")
                .endsWith("total: 4 tables, 968 rows scanned, 4 errors, 0 warnings\n");
    }

    @Test
    void exits0WhenNothingWouldBeRejectedAndSaysWhenOnlyASampleWasRead() throws Exception {
        String url = shop();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db")); Statement st = c.createStatement()) {
            st.execute("DELETE FROM customers WHERE id = 9");
            st.execute("DELETE FROM products WHERE id = 6");
            st.execute("DELETE FROM orders WHERE id = 13");
        }
        Cli.Result r = drover("check", url, "--sample", "0");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).endsWith("total: 4 tables, 965 rows scanned, 0 errors, 0 warnings\n").doesNotContain("ERROR");

        Cli.Result sample = drover("check", url, "--sample", "10");
        assertThat(sample.code()).isZero();
        assertThat(sample.out()).contains("main.orders → public.orders: 10 rows (sample)")
                .contains("40 rows scanned (a sample: --sample 0 reads every row)");
    }

    @Test
    void readsAPlanWithItsCastRules() throws Exception {
        Path plan = dir.resolve("shop.yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "postgresql://loader@localhost/shop"}
                database:
                  source: %s
                  casts:
                    - column customers.name to varchar(80)
                  include: [customers]
                """.formatted(shop()));
        Cli.Result r = drover("check", plan.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("too long for varchar(80)").contains("not a valid date")
                .endsWith("total: 1 table, 50 rows scanned, 2 errors, 0 warnings\n");
    }

    @Test
    void anInvalidPlanOrRuleExits4AFileLoadExits2AndAnUnreachableSourceExits7() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\ntarget: {url: 42\n");
        assertThat(drover("check", bad.toString()).code()).isEqualTo(4);

        // a wrong rule in a plan makes the plan invalid; on the command line it is a usage error, as for load and explain
        Path badRule = dir.resolve("rule.yaml");
        Files.writeString(badRule, """
                version: 1
                target: {url: "postgresql://loader@localhost/shop"}
                database:
                  source: %s
                  casts:
                    - type varchar to
                """.formatted(shop()));
        Cli.Result rule = drover("check", badRule.toString());
        assertThat(rule.code()).as(rule.out() + rule.err()).isEqualTo(4);
        assertThat(rule.err()).contains("type varchar to");
        Cli.Result view = drover("check", "sqlite://" + dir.resolve("shop.db").toAbsolutePath(), "--materialize", "no_such_view");
        assertThat(view.code()).as(view.out() + view.err()).isEqualTo(4);
        assertThat(view.err()).contains("no_such_view");
        Cli.Result option = drover("check", "sqlite://" + dir.resolve("shop.db").toAbsolutePath(), "--cast", "type varchar to");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("--cast rule 1");

        Path csv = dir.resolve("csv.yaml");
        Files.writeString(csv, """
                version: 1
                target: {url: "postgresql://loader@localhost/shop"}
                tables:
                  - {table: public.t, source: {csv: {files: [data.csv]}}}
                """);
        Cli.Result files = drover("check", csv.toString());
        assertThat(files.code()).as(files.out() + files.err()).isEqualTo(2);
        assertThat(files.err()).contains("loads files, not a database");

        Cli.Result down = drover("check", "mysql://nobody@127.0.0.1:1/shop");
        assertThat(down.code()).as(down.out() + down.err()).isEqualTo(7);
        assertThat(down.err()).contains("cannot connect to the source");
    }
}
