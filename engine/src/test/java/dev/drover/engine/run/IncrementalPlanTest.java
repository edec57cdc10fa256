package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: a plan with an incremental table, run again after the source gained rows and changed
 * one, loads only the new and changed rows; a third run loads nothing; a failed batch keeps the watermark and the next
 * run resumes there. A real SQLite file and a real PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class IncrementalPlanTest {
    @TempDir Path dir;

    private Path source(int orders) throws Exception {
        Path file = dir.resolve("shop.db");
        sqlite(file,
                "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bob'), (3, 'Cy')",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, customer TEXT NOT NULL, total NUMERIC(10,2), updated_at TEXT NOT NULL)");
        for (int i = 1; i <= orders; i++) {
            sqlite(file, "INSERT INTO orders VALUES (" + i + ", 'c" + i + "', " + (i * 10) + ".50, '2024-01-0" + i + " 10:00:00')");
        }
        return file;
    }

    private static void sqlite(Path file, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    /** The test class shares one database: each test loads into a schema of its own. */
    private RunReport run(TestDatabase db, Path file, String schema, List<RunEvent> events) {
        return run(db, file, schema, events, OnError.RESUME);
    }

    private RunReport run(TestDatabase db, Path file, String schema, List<RunEvent> events, OnError onError) {
        DatabaseSpec spec = new DatabaseSpec("sqlite://" + file.toAbsolutePath(), schema, false, List.of())
                .withIncremental(Map.of("orders", new DatabaseSpec.Incremental(List.of("updated_at", "id"),
                        DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, DatabaseSpec.Incremental.Delete.OFF)));
        // two rows per batch: every run here spans several batches
        LoadOptions o = LoadOptions.defaults().withRejectDir(dir.resolve("rejects")).withBatch(2, LoadOptions.DEFAULT_BATCH_BYTES)
                .withOnError(onError);
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), o, List.of(), spec);
        return Engine.run(plan, db.server().password(), e -> {
            synchronized (events) {
                events.add(e);
            }
        }, new Cancellation());
    }

    private static TableReport table(RunReport r, String name) {
        return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + r));
    }

    private static String watermark(TestDatabase db, String schema) throws Exception {
        return db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = '\"" + schema + "\".\"orders\"'").get(0).get(0);
    }

    @Test
    void secondRunLoadsOnlyNewAndChangedRowsAndAThirdNothing(TestDatabase db) throws Exception {
        Path file = source(5);
        List<RunEvent> events = new ArrayList<>();

        RunReport first = run(db, file, "inc1", events);
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.SUCCESS);
        TableReport orders = table(first, "inc1.orders");
        assertThat(orders.read()).as(first.toString()).isEqualTo(5);
        assertThat(orders.changes().inserted()).isEqualTo(5);
        assertThat(orders.changes().updated()).isZero();
        assertThat(table(first, "inc1.customers").loaded()).isEqualTo(3);
        // created as a migration creates it: with its primary key
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid = 'inc1.orders'::regclass AND indisprimary")).isEqualTo(1);
        assertThat(db.count("inc1.orders")).isEqualTo(5);
        assertThat(watermark(db, "inc1")).isEqualTo("[\"2024-01-05 10:00:00\", 5]");
        List<List<String>> xminBefore = db.rows("SELECT id::text, xmin::text FROM inc1.orders ORDER BY id");

        sqlite(file, "INSERT INTO orders VALUES (6, 'c6', 60.50, '2024-01-06 10:00:00'), (7, 'c7', 70.50, '2024-01-07 10:00:00')",
                "UPDATE orders SET total = 99.99, updated_at = '2024-01-08 09:00:00' WHERE id = 2",
                "INSERT INTO customers VALUES (4, 'Di')");
        events.clear();
        RunReport second = run(db, file, "inc1", events);
        assertThat(second.outcome()).as(second.failure()).isEqualTo(Outcome.SUCCESS);
        orders = table(second, "inc1.orders");
        assertThat(orders.read()).isEqualTo(3);
        assertThat(orders.changes().inserted()).isEqualTo(2);
        assertThat(orders.changes().updated()).isEqualTo(1);
        assertThat(orders.changes().unchanged()).isZero();
        assertThat(orders.changes().watermark()).isEqualTo("[\"2024-01-08 09:00:00\",2]");
        assertThat(db.rows("SELECT id::text, customer, total::text, updated_at FROM inc1.orders ORDER BY id")).containsExactly(
                List.of("1", "c1", "10.50", "2024-01-01 10:00:00"), List.of("2", "c2", "99.99", "2024-01-08 09:00:00"),
                List.of("3", "c3", "30.50", "2024-01-03 10:00:00"), List.of("4", "c4", "40.50", "2024-01-04 10:00:00"),
                List.of("5", "c5", "50.50", "2024-01-05 10:00:00"), List.of("6", "c6", "60.50", "2024-01-06 10:00:00"),
                List.of("7", "c7", "70.50", "2024-01-07 10:00:00"));
        List<List<String>> xminAfter = db.rows("SELECT id::text, xmin::text FROM inc1.orders WHERE id <= 5 ORDER BY id");
        for (int i = 0; i < 5; i++) {
            if (i == 1) assertThat(xminAfter.get(i)).as("the changed row is rewritten").isNotEqualTo(xminBefore.get(i));
            else assertThat(xminAfter.get(i)).as("untouched row %s keeps its xmin", i + 1).isEqualTo(xminBefore.get(i));
        }
        // the other table exists: left alone, not dropped, not reloaded
        assertThat(second.tables()).extracting(TableReport::table).containsExactly("inc1.orders");
        assertThat(db.count("inc1.customers")).isEqualTo(3);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                n -> assertThat(n.message()).startsWith("left alone")));

        // a table new in the source is migrated by the next run, as its target does not exist
        sqlite(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes VALUES (1, 'hello')");
        RunReport third = run(db, file, "inc1", new ArrayList<>());
        assertThat(third.outcome()).as(third.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(third.tables()).extracting(TableReport::table).containsExactlyInAnyOrder("inc1.notes", "inc1.orders");
        assertThat(table(third, "inc1.notes").loaded()).isEqualTo(1);
        assertThat(db.count("inc1.customers")).isEqualTo(3);
        orders = table(third, "inc1.orders");
        assertThat(orders.read()).isZero();
        assertThat(orders.changes().inserted() + orders.changes().updated() + orders.changes().unchanged()).isZero();
        assertThat(db.rows("SELECT id::text, xmin::text FROM inc1.orders WHERE id <= 5 ORDER BY id")).isEqualTo(xminAfter);
        assertThat(watermark(db, "inc1")).isEqualTo("[\"2024-01-08 09:00:00\", 2]");
        // the identity was set past the loaded keys, as a migration sets it: a row made in the target draws a free key
        assertThat(db.queryLong("INSERT INTO inc1.orders (customer, updated_at) VALUES ('local', 'now') RETURNING id")).isEqualTo(8);
    }

    @Test
    void aFailedBatchKeepsTheWatermarkAndTheNextRunResumes(TestDatabase db) throws Exception {
        Path file = source(5);
        // row 3 holds a value PostgreSQL refuses for numeric: with on_error: stop, the second batch (rows 3 and 4) fails
        sqlite(file, "UPDATE orders SET total = 'lots' WHERE id = 3");

        RunReport failed = run(db, file, "inc2", new ArrayList<>(), OnError.STOP);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        TableReport orders = table(failed, "inc2.orders");
        assertThat(orders.state()).isEqualTo(TableState.FAILED);
        assertThat(orders.failure()).contains("lots").contains("the next run resumes there");
        assertThat(orders.loaded()).as("the first batch committed").isEqualTo(2);
        assertThat(db.rows("SELECT id::text FROM inc2.orders ORDER BY id")).containsExactly(List.of("1"), List.of("2"));
        assertThat(watermark(db, "inc2")).isEqualTo("[\"2024-01-02 10:00:00\", 2]");

        sqlite(file, "UPDATE orders SET total = 30.50 WHERE id = 3");
        RunReport resumed = run(db, file, "inc2", new ArrayList<>());
        assertThat(resumed.outcome()).as(resumed.failure()).isEqualTo(Outcome.SUCCESS);
        orders = table(resumed, "inc2.orders");
        assertThat(orders.read()).isEqualTo(3);
        assertThat(orders.changes().inserted()).isEqualTo(3);
        assertThat(db.rows("SELECT id::text, total::text FROM inc2.orders ORDER BY id")).containsExactly(
                List.of("1", "10.50"), List.of("2", "20.50"), List.of("3", "30.50"), List.of("4", "40.50"), List.of("5", "50.50"));
        assertThat(watermark(db, "inc2")).isEqualTo("[\"2024-01-05 10:00:00\", 5]");
    }

    @Test
    void anUnknownTableOrCursorColumnIsAnInvalidPlan(TestDatabase db) throws Exception {
        Path file = source(1);
        LoadOptions o = LoadOptions.defaults().withRejectDir(dir.resolve("rejects"));
        DatabaseSpec spec = new DatabaseSpec("sqlite://" + file.toAbsolutePath(), "inc3", false, List.of())
                .withIncremental(Map.of("order", new DatabaseSpec.Incremental(List.of("id"), null, null),
                        "customers", new DatabaseSpec.Incremental(List.of("changed_at"), null, null)));
        RunReport r = Engine.run(new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), o, List.of(), spec),
                db.server().password(), e -> { }, new Cancellation());
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID_PLAN);
        assertThat(r.failure()).contains("incremental names tables that are not migrated: [order]")
                .contains("names column changed_at, which main.customers does not have");
        assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'inc3'")).isZero();
    }
}
