package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover run} of a plan with an incremental table, run again and again, and {@code drover state} between runs. */
@ExtendWith(PostgresExtension.class)
class DroverIncrementalTest {
    @TempDir Path dir;

    private static void sqlite(Path file, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    private Path plan(TestDatabase db, Path source, String schema) throws Exception {
        Path plan = dir.resolve(schema + ".yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {batch_rows: 2, reject_dir: "%s"}
                database:
                  source: "sqlite://%s"
                  schema: %s
                  incremental:
                    orders: {cursor: [updated_at, id], upsert: primary-key, delete: "off"}
                """.formatted(db.url(), dir.resolve("rejects"), source.toAbsolutePath(), schema));
        return plan;
    }

    private static String all(Cli.Result r) {
        return r.out() + r.err();
    }

    @Test
    void runsAgainAndShowsSetsAndResetsTheWatermark(TestDatabase db) throws Exception {
        Path source = dir.resolve("shop.db");
        sqlite(source, "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, updated_at TEXT NOT NULL)",
                "INSERT INTO orders VALUES (1, 'pen', '2024-01-01'), (2, 'ink', '2024-01-02'), (3, 'pad', '2024-01-03')");
        Path plan = plan(db, source, "cli1");

        Cli.Result state = Cli.drover(db, "state", plan.toString());
        assertThat(state.code()).as(all(state)).isZero();
        assertThat(state.out()).contains("orders → cli1.orders").contains("no watermark");

        Cli.Result first = Cli.drover(db, "run", plan.toString());
        assertThat(first.code()).as(all(first)).isZero();
        assertThat(all(first)).contains("cli1.orders: 3 inserted, 0 updated, 0 unchanged; watermark [\"2024-01-03\",3]");
        state = Cli.drover(db, "state", plan.toString());
        assertThat(state.out()).contains("watermark [\"2024-01-03\", 3]").contains("(batch 2 of run ");

        sqlite(source, "INSERT INTO orders VALUES (4, 'cap', '2024-01-04')", "UPDATE orders SET item = 'quill', updated_at = '2024-01-05' WHERE id = 1");
        Cli.Result second = Cli.drover(db, "run", plan.toString());
        assertThat(second.code()).as(all(second)).isZero();
        assertThat(all(second)).contains("cli1.orders: 1 inserted, 1 updated, 0 unchanged; watermark [\"2024-01-05\",1]");
        Cli.Result third = Cli.drover(db, "run", plan.toString());
        assertThat(all(third)).contains("cli1.orders: 0 inserted, 0 updated, 0 unchanged; watermark [\"2024-01-05\",1]");

        // back to after row 2: rows 3, 4 and 1 are read again, and are unchanged
        Cli.Result set = Cli.drover(db, "state", plan.toString(), "--set", "orders=[\"2024-01-02\", 2]");
        assertThat(set.code()).as(all(set)).isZero();
        assertThat(Cli.drover(db, "state", plan.toString()).out()).contains("watermark [\"2024-01-02\", 2]").contains("(set by hand)");
        Cli.Result again = Cli.drover(db, "run", plan.toString());
        assertThat(all(again)).contains("cli1.orders: 0 inserted, 0 updated, 3 unchanged");

        Cli.Result reset = Cli.drover(db, "state", plan.toString(), "--reset", "orders");
        assertThat(reset.code()).isZero();
        assertThat(reset.out()).contains("watermark removed");
        assertThat(Cli.drover(db, "state", plan.toString()).out()).contains("no watermark");
        Cli.Result full = Cli.drover(db, "run", plan.toString());
        assertThat(all(full)).contains("cli1.orders: 0 inserted, 0 updated, 4 unchanged");
        assertThat(db.rows("SELECT id::text, item FROM cli1.orders ORDER BY id")).containsExactly(
                List.of("1", "quill"), List.of("2", "ink"), List.of("3", "pad"), List.of("4", "cap"));
    }

    @Test
    void stateListsTheLastRunsNewestFirst(TestDatabase db) throws Exception {
        Path source = dir.resolve("shop.db");
        sqlite(source, "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, updated_at TEXT NOT NULL)",
                "INSERT INTO orders VALUES (1, 'pen', '2024-01-01'), (2, 'ink', '2024-01-02'), (3, 'pad', '2024-01-03')");
        Path plan = plan(db, source, "cli3");
        assertThat(Cli.drover(db, "state", plan.toString()).out()).contains("no runs recorded");
        assertThat(Cli.drover(db, "run", plan.toString()).code()).isZero();
        sqlite(source, "INSERT INTO orders VALUES (4, 'cap', '2024-01-04')", "UPDATE orders SET item = 'quill', updated_at = '2024-01-05' WHERE id = 1");
        assertThat(Cli.drover(db, "run", plan.toString()).code()).isZero();

        Cli.Result state = Cli.drover(db, "state", plan.toString());
        assertThat(state.code()).as(all(state)).isZero();
        String out = state.out();
        assertThat(out).contains("last 2 runs, newest first:");
        String second = "  ok  ", newest = "1 inserted, 1 updated, 0 unchanged, 0 rejected  [\"2024-01-03\", 3] → [\"2024-01-05\", 1]";
        String oldest = "2 batches  3 inserted, 0 updated, 0 unchanged, 0 rejected  (none) → [\"2024-01-03\", 3]";
        assertThat(out).contains(second).contains(newest).contains(oldest);
        assertThat(out.indexOf(newest)).as("newest first").isLessThan(out.indexOf(oldest));

        Cli.Result one = Cli.drover(db, "state", plan.toString(), "--history", "1");
        assertThat(one.out()).contains("last 1 run:").contains(newest).doesNotContain(oldest);
        Cli.Result none = Cli.drover(db, "state", plan.toString(), "--history", "0");
        assertThat(none.out()).contains("watermark [\"2024-01-05\", 1]").doesNotContain("runs").doesNotContain(newest);

        Cli.Result json = Cli.drover(db, "state", plan.toString(), "--json");
        assertThat(json.code()).as(all(json)).isZero();
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(doc.get(0).get("table").asText()).isEqualTo("orders");
        assertThat(doc.get(0).get("watermark").toString()).isEqualTo("[\"2024-01-05\",1]");
        assertThat(doc.get(0).get("runs")).hasSize(2);
        assertThat(doc.get(0).get("runs").get(0).get("status").asText()).isEqualTo("ok");
        assertThat(doc.get(0).get("runs").get(1).get("inserted").asLong()).isEqualTo(3);
        assertThat(Cli.drover(db, "state", plan.toString(), "--history", "-1").code()).isEqualTo(2);
    }

    @Test
    void aRunLineShowsTheFirstLineOfTheErrorAndSaysWhenARunMayHaveBeenKilled() {
        java.time.OffsetDateTime t0 = java.time.OffsetDateTime.parse("2024-03-01T10:00:00+01:00");
        var failed = new dev.drover.engine.ingest.IngestState.Run("r1", "s", t0, t0.plusSeconds(75), "failed", "batch 2: boom\nmore detail",
                1, 5, 4, 1, 0, 0, 0, "null", "[1]");
        assertThat(StateCommand.line(failed)).isEqualTo(
                "2024-03-01 09:00:00Z  failed  1 min 15 s  1 batch  4 inserted, 1 updated, 0 unchanged, 0 rejected  (none) → [1]  error: batch 2: boom");
        var killed = new dev.drover.engine.ingest.IngestState.Run("r2", "s", t0, null, "running", null, 0, 0, 0, 0, 0, 0, 0, "[1]", "[1]");
        assertThat(StateCommand.line(killed)).startsWith("2024-03-01 09:00:00Z  running or interrupted  -  0 batches");
    }

    @Test
    void wrongTablesJsonAndPlansAreRefused(TestDatabase db) throws Exception {
        Path source = dir.resolve("shop.db");
        sqlite(source, "CREATE TABLE orders (id INTEGER PRIMARY KEY, updated_at TEXT NOT NULL)");
        Path plan = plan(db, source, "cli2");

        Cli.Result unknown = Cli.drover(db, "state", plan.toString(), "--reset", "order");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no incremental table order").contains("[orders]");
        Cli.Result width = Cli.drover(db, "state", plan.toString(), "--set", "orders=[1]");
        assertThat(width.code()).isEqualTo(2);
        assertThat(width.err()).contains("a JSON array of 2 values");
        Cli.Result notJson = Cli.drover(db, "state", plan.toString(), "--set", "orders=[1,");
        assertThat(notJson.code()).isEqualTo(2);
        assertThat(notJson.err()).contains("not JSON");

        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, """
                version: 1
                target: {url: "%s"}
                database: {source: "sqlite://%s"}
                """.formatted(db.url(), source.toAbsolutePath()));
        Cli.Result noIncremental = Cli.drover(db, "state", plain.toString());
        assertThat(noIncremental.code()).isEqualTo(4);
        assertThat(noIncremental.err()).contains("has no incremental tables");
        assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'cli2'")).isZero();
    }
}
