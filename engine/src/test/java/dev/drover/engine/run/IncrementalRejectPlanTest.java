package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's incremental table whose new rows include values that cannot be stored: those rows go to the run's reject
 * files, the others load, the watermark moves past them all. A real SQLite file and a real PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class IncrementalRejectPlanTest {
    @TempDir Path dir;

    private Path source() throws Exception {
        Path file = dir.resolve("shop.db");
        sqlite(file, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total NUMERIC(10,2), updated_at TEXT NOT NULL)");
        for (int i = 1; i <= 3; i++) sqlite(file, "INSERT INTO orders VALUES (" + i + ", 'c" + i + "', " + i + "0.50, '2024-01-0" + i + "')");
        return file;
    }

    /** Rows 4 to 7: row 5's total fails its cast (not a number), row 6's is a number numeric(10,2) cannot hold. */
    private static void newRows(Path file) throws Exception {
        sqlite(file, "INSERT INTO orders VALUES (4, 'c4', 40.5, '2024-01-04')", "INSERT INTO orders VALUES (5, 'c5', 'lots', '2024-01-05')",
                "INSERT INTO orders VALUES (6, 'c6', 123456789012.5, '2024-01-06')", "INSERT INTO orders VALUES (7, 'c7', 70.5, '2024-01-07')");
    }

    private static void sqlite(Path file, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    private RunReport run(TestDatabase db, Path file, String schema, ErrorLimit maxErrors, List<RunEvent> events) {
        DatabaseSpec spec = new DatabaseSpec("sqlite://" + file.toAbsolutePath(), schema, false, List.of())
                .withIncremental(Map.of("orders", new DatabaseSpec.Incremental(List.of("updated_at", "id"),
                        DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, DatabaseSpec.Incremental.Delete.OFF)));
        LoadOptions o = LoadOptions.defaults().withRejectDir(dir.resolve("rejects")).withBatch(2, LoadOptions.DEFAULT_BATCH_BYTES)
                .withMaxErrors(maxErrors);
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), o, List.of(), spec);
        return Engine.run(plan, db.server().password(), events::add, new Cancellation());
    }

    private static TableReport orders(RunReport r, String schema) {
        return r.tables().stream().filter(t -> t.table().equals(schema + ".orders")).reduce((a, b) -> b).orElseThrow();
    }

    private Path rejectFile(String name) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("rejects"))) {
            return files.filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
        }
    }

    private static String watermark(TestDatabase db, String schema) throws Exception {
        return db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = '\"" + schema + "\".\"orders\"'").get(0).get(0);
    }

    @Test
    void rowsThatFailTheirCastOrTheServerAreRejectedToFilesAndTheRestLoads(TestDatabase db) throws Exception {
        Path file = source();
        RunReport first = run(db, file, "rej1", ErrorLimit.NONE, new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.SUCCESS);
        newRows(file);

        List<RunEvent> events = new ArrayList<>();
        RunReport second = run(db, file, "rej1", ErrorLimit.NONE, events);
        assertThat(second.outcome()).as(second.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(second.outcome().exitCode()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS.exitCode()).isNotEqualTo(Outcome.SUCCESS.exitCode());
        TableReport t = orders(second, "rej1");
        assertThat(t.state()).isEqualTo(TableState.DONE);
        assertThat(t.read()).isEqualTo(4);
        assertThat(t.loaded()).isEqualTo(2);
        assertThat(t.rejected()).isEqualTo(2);
        assertThat(t.reconciled()).isTrue();
        assertThat(db.rows("SELECT id::text, total::text FROM rej1.orders ORDER BY id")).containsExactly(List.of("1", "10.50"),
                List.of("2", "20.50"), List.of("3", "30.50"), List.of("4", "40.50"), List.of("7", "70.50"));
        assertThat(watermark(db, "rej1")).isEqualTo("[\"2024-01-07\", 7]");
        assertThat(events).filteredOn(e -> e instanceof RunEvent.RowRejected).hasSize(2);

        String log = Files.readString(rejectFile("rej1.orders.log"));
        assertThat(log).contains("lots").contains("cannot be converted").contains("[\"2024-01-05\",5]");
        assertThat(log).contains("22003").contains("[\"2024-01-06\",6]");
        List<String> jsonl = Files.readAllLines(rejectFile("rej1.orders.rejects.jsonl"));
        assertThat(jsonl).hasSize(2);
        assertThat(jsonl.get(0)).contains("\"stage\":\"value\"").contains("c5").contains("lots");
        assertThat(jsonl.get(1)).contains("\"stage\":\"copy\"").contains("\"column\":\"total\"").contains("123456789012.5");
        assertThat(Files.readAllLines(rejectFile("rej1.orders.rejected.csv"))).hasSize(2).anySatisfy(l -> assertThat(l).contains("lots"));

        // nothing new: nothing read, nothing rejected
        RunReport third = run(db, file, "rej1", ErrorLimit.NONE, new ArrayList<>());
        assertThat(third.outcome()).as(third.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(orders(third, "rej1").read()).isZero();
    }

    @Test
    void maxErrorsFailsTheBatchThatPassesItAndKeepsTheWatermarkOfTheOneBefore(TestDatabase db) throws Exception {
        Path file = source();
        assertThat(run(db, file, "rej2", ErrorLimit.NONE, new ArrayList<>()).outcome()).isEqualTo(Outcome.SUCCESS);
        newRows(file);

        // batch (4, 5) rejects one row and commits; batch (6, 7) rejects the second, one more than allowed
        RunReport r = run(db, file, "rej2", ErrorLimit.parse("1"), new ArrayList<>());
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        TableReport t = orders(r, "rej2");
        assertThat(t.state()).isEqualTo(TableState.FAILED);
        assertThat(t.failure()).contains("max errors");
        assertThat(t.read()).isEqualTo(2);
        assertThat(t.loaded()).isEqualTo(1);
        assertThat(t.rejected()).isEqualTo(1);
        assertThat(db.rows("SELECT id::text FROM rej2.orders ORDER BY id")).containsExactly(List.of("1"), List.of("2"), List.of("3"), List.of("4"));
        assertThat(watermark(db, "rej2")).isEqualTo("[\"2024-01-05\", 5]");
        assertThat(Files.readAllLines(rejectFile("rej2.orders.rejects.jsonl"))).singleElement().asString().contains("lots");
    }
}
