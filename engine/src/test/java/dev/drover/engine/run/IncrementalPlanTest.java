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
        return run(db, file, schema, events, OnError.RESUME, new Cancellation());
    }

    private RunReport run(TestDatabase db, Path file, String schema, List<RunEvent> events, Cancellation cancellation) {
        return run(db, file, schema, events, OnError.RESUME, cancellation);
    }

    private RunReport run(TestDatabase db, Path file, String schema, List<RunEvent> events, OnError onError, Cancellation cancellation) {
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
        }, cancellation);
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

        RunReport failed = run(db, file, "inc2", new ArrayList<>(), OnError.STOP, new Cancellation());
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

    @Test
    void aChangedSourceSchemaMigratesTheTableInPlaceOrBySwapWhileReadersKeepReading(TestDatabase db) throws Exception {
        Path file = source(3);
        RunReport first = run(db, file, "inc4", new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.SUCCESS);
        long oid = db.queryLong("SELECT 'inc4.orders'::regclass::oid");

        // an unchanged source changes nothing: no migration, same table
        List<RunEvent> events = new ArrayList<>();
        sqlite(file, "INSERT INTO orders VALUES (4, 'c4', 40.50, '2024-01-04 10:00:00')");
        assertThat(run(db, file, "inc4", events).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.queryLong("SELECT 'inc4.orders'::regclass::oid")).isEqualTo(oid);
        assertThat(events).noneSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                n -> assertThat(n.message()).contains("as the source changed")));

        // a nullable column and an index added in the source: altered in place, the OID stays
        sqlite(file, "ALTER TABLE orders ADD COLUMN note TEXT", "CREATE INDEX orders_by_customer ON orders (customer)",
                "INSERT INTO orders VALUES (5, 'c5', 50.50, '2024-01-05 10:00:00', 'fragile')");
        events.clear();
        RunReport second = run(db, file, "inc4", events);
        assertThat(second.outcome()).as(second.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.queryLong("SELECT 'inc4.orders'::regclass::oid")).isEqualTo(oid);
        assertThat(db.rows("SELECT id::text, coalesce(note, '-') FROM inc4.orders ORDER BY id")).containsExactly(List.of("1", "-"),
                List.of("2", "-"), List.of("3", "-"), List.of("4", "-"), List.of("5", "fragile"));
        assertThat(db.rows("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'inc4.orders'::regclass AND NOT indisprimary"))
                .containsExactly(List.of("inc4.orders_by_customer"));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                n -> assertThat(n.message()).startsWith("migrated in place").contains("note")));

        // a type change (numeric -> text): rebuilt and swapped in; a view, its grant and the readers survive it
        db.execute("CREATE VIEW inc4.totals AS SELECT id, total FROM inc4.orders", "DROP ROLE IF EXISTS inc4_reader",
                "CREATE ROLE inc4_reader", "GRANT USAGE ON SCHEMA inc4 TO inc4_reader", "GRANT SELECT ON inc4.totals, inc4.orders TO inc4_reader");
        sqlite(file, "CREATE TABLE orders2 (id INTEGER PRIMARY KEY AUTOINCREMENT, customer TEXT NOT NULL, total TEXT, updated_at TEXT NOT NULL, note TEXT)",
                "INSERT INTO orders2 SELECT id, customer, CAST(total AS TEXT), updated_at, note FROM orders", "DROP TABLE orders",
                "ALTER TABLE orders2 RENAME TO orders", "CREATE INDEX orders_by_customer ON orders (customer)",
                "INSERT INTO orders VALUES (6, 'c6', 'sixty', '2024-01-06 10:00:00', NULL), (7, 'c7', '70', '2024-01-07 10:00:00', NULL)");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> tableOnly = java.util.Collections.synchronizedList(new ArrayList<>());
        // one reader through the view (view then table, the order of the swap's own locks), one of the table alone
        Thread viewReader = reader(db, done, "SELECT 100 * (SELECT count(*) FROM inc4.totals) + (SELECT count(*) FROM inc4.orders)", seen, errors);
        Thread tableReader = reader(db, done, "SELECT count(*) FROM inc4.orders", tableOnly, errors);
        events.clear();
        RunReport third;
        try {
            third = run(db, file, "inc4", events);
        } finally {
            done.set(true);
            viewReader.join();
            tableReader.join();
        }
        assertThat(tableOnly).isNotEmpty().allSatisfy(n -> assertThat(n).isIn(5L, 6L, 7L)).isSorted();
        assertThat(third.outcome()).as(third.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(errors).as("readers never fail during the swap").isEmpty();
        // each read sees a committed state: 5, 6 or 7 rows, in the table and the view alike, never going back
        assertThat(seen).isNotEmpty().allSatisfy(n -> assertThat(n).isIn(505L, 606L, 707L)).isSorted();
        assertThat(db.queryLong("SELECT 'inc4.orders'::regclass::oid")).isNotEqualTo(oid);
        assertThat(db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'inc4.orders'::regclass AND attname = 'total'"))
                .containsExactly(List.of("text"));
        assertThat(db.rows("SELECT id::text, total FROM inc4.totals ORDER BY id")).containsExactly(List.of("1", "10.50"),
                List.of("2", "20.50"), List.of("3", "30.50"), List.of("4", "40.50"), List.of("5", "50.50"), List.of("6", "sixty"), List.of("7", "70"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid = 'inc4.orders'::regclass")).as("key and index rebuilt").isEqualTo(2);
        assertThat(db.rows("SELECT has_table_privilege('inc4_reader', 'inc4.totals', 'SELECT')::text,"
                + " has_table_privilege('inc4_reader', 'inc4.orders', 'SELECT')::text")).containsExactly(List.of("true", "true"));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                n -> assertThat(n.message()).startsWith("rebuilt and swapped in").contains("total")));
        assertThat(watermark(db, "inc4")).isEqualTo("[\"2024-01-07 10:00:00\", 7]");
    }

    @Test
    void aCancelledRunCommitsTheBatchInHandStopsAndTheNextRunResumes(TestDatabase db) throws Exception {
        Path file = source(0);
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            values.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'c', 1.00, '2024-02-01 00:00:").append(String.format("%02d", i % 60))
                    .append(".").append(String.format("%04d", i)).append("')");
        }
        sqlite(file, "INSERT INTO orders VALUES " + values);
        Cancellation cancellation = new Cancellation();
        java.util.concurrent.CompletableFuture<RunReport> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run(db, file, "inc5", new ArrayList<>(), cancellation));
        // cancel once some batches (two rows each) have committed
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean started = db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'ingest_state'") > 0
                    && db.queryLong("SELECT count(*) FROM drover.ingest_state WHERE stream_id = '\"inc5\".\"orders\"'") > 0;
            if (started || running.isDone() || System.nanoTime() > deadline) break;
            Thread.onSpinWait();
        }
        cancellation.cancel();
        RunReport cancelled = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(cancelled.outcome()).as(cancelled.toString()).isEqualTo(Outcome.CANCELLED);
        long loaded = db.count("inc5.orders");
        assertThat(loaded).as("stopped part way, at a batch boundary").isBetween(2L, 998L);
        assertThat(loaded % 2).isZero();
        assertThat(table(cancelled, "inc5.orders").loaded()).isEqualTo(loaded);
        List<String> last = db.rows("SELECT updated_at, id::text FROM inc5.orders ORDER BY updated_at DESC, id DESC LIMIT 1").get(0);
        assertThat(watermark(db, "inc5")).isEqualTo("[\"" + last.get(0) + "\", " + last.get(1) + "]");
        assertThat(db.rows("SELECT status, rows_inserted::text FROM drover.ingest_run WHERE stream_id = '\"inc5\".\"orders\"'"))
                .as("the run's history says it was cancelled").containsExactly(List.of("cancelled", Long.toString(loaded)));

        RunReport resumed = run(db, file, "inc5", new ArrayList<>());
        assertThat(resumed.outcome()).as(resumed.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(table(resumed, "inc5.orders").changes().inserted()).isEqualTo(1000 - loaded);
        assertThat(db.count("inc5.orders")).isEqualTo(1000);
    }

    @Test
    void foreignKeysBetweenIncrementalAndOtherTablesAreMadeOnTheFirstRunAndParentsLoadFirst(TestDatabase db) throws Exception {
        Path file = dir.resolve("fk.db");
        sqlite(file, "PRAGMA foreign_keys = ON",
                "CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE TABLE products (id INTEGER PRIMARY KEY, category INTEGER NOT NULL REFERENCES categories (id), changed INTEGER NOT NULL)",
                // named to come first in the catalog, and incremental like its parent: it must still load after products
                "CREATE TABLE a_reviews (id INTEGER PRIMARY KEY, product INTEGER NOT NULL REFERENCES products (id), changed INTEGER NOT NULL)",
                "CREATE TABLE lines (id INTEGER PRIMARY KEY, product INTEGER NOT NULL REFERENCES products (id))",
                "INSERT INTO categories VALUES (1, 'tools')", "INSERT INTO products VALUES (10, 1, 1), (11, 1, 2)",
                "INSERT INTO a_reviews VALUES (100, 11, 1)", "INSERT INTO lines VALUES (1000, 10), (1001, 11)");
        DatabaseSpec spec = new DatabaseSpec("sqlite://" + file.toAbsolutePath(), "inc6", false, List.of())
                .withIncremental(Map.of("products", new DatabaseSpec.Incremental(List.of("changed", "id"), null, null),
                        "a_reviews", new DatabaseSpec.Incremental(List.of("changed", "id"), null, null)));
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), LoadOptions.defaults().withRejectDir(dir.resolve("rejects")),
                List.of(), spec);
        List<RunEvent> events = new ArrayList<>();
        RunReport r = Engine.run(plan, db.server().password(), events::add, new Cancellation());
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.tables()).extracting(TableReport::table).containsSubsequence("inc6.products", "inc6.a_reviews");
        assertThat(db.rows("SELECT conrelid::regclass::text, confrelid::regclass::text, convalidated::text FROM pg_constraint"
                + " WHERE contype = 'f' AND connamespace = 'inc6'::regnamespace ORDER BY 1")).containsExactly(
                List.of("inc6.a_reviews", "inc6.products", "true"), List.of("inc6.lines", "inc6.products", "true"),
                List.of("inc6.products", "inc6.categories", "true"));
        assertThat(events).noneSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                n -> assertThat(n.message()).contains("is not migrated")));

        // a later run: a new review of a new product, in one run
        sqlite(file, "INSERT INTO products VALUES (12, 1, 3)", "INSERT INTO a_reviews VALUES (101, 12, 2)");
        RunReport again = Engine.run(plan, db.server().password(), e -> { }, new Cancellation());
        assertThat(again.outcome()).as(again.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id::text, product::text FROM inc6.a_reviews ORDER BY id")).containsExactly(List.of("100", "11"), List.of("101", "12"));
    }

    @Test
    void aLookbackWindowLoadsARowThatArrivedLateWithAnOlderCursorValue(TestDatabase db) throws Exception {
        Path file = source(3);
        java.util.function.Function<String, Plan> plan = lookback -> new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null),
                LoadOptions.defaults().withRejectDir(dir.resolve("rejects")).withBatch(2, LoadOptions.DEFAULT_BATCH_BYTES), List.of(),
                new DatabaseSpec("sqlite://" + file.toAbsolutePath(), "inc7", false, List.of()).withIncremental(Map.of("orders",
                        new DatabaseSpec.Incremental(List.of("updated_at", "id"), null, null, lookback))));
        assertThat(Engine.run(plan.apply(null), db.server().password(), e -> { }, new Cancellation()).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(watermark(db, "inc7")).isEqualTo("[\"2024-01-03 10:00:00\", 3]");

        // committed late in the source, with a timestamp before the watermark: a plain cursor never sees it
        sqlite(file, "INSERT INTO orders VALUES (9, 'late', 1.00, '2024-01-03 09:58:00')");
        RunReport plain = Engine.run(plan.apply(null), db.server().password(), e -> { }, new Cancellation());
        assertThat(table(plain, "inc7.orders").read()).isZero();
        assertThat(db.count("inc7.orders")).isEqualTo(3);

        // five minutes back: rows 3 and 9 are read again; 9 is inserted, 3 is left unchanged; the watermark stays
        RunReport looked = Engine.run(plan.apply("5 minutes"), db.server().password(), e -> { }, new Cancellation());
        assertThat(looked.outcome()).as(looked.toString()).isEqualTo(Outcome.SUCCESS);
        TableReport orders = table(looked, "inc7.orders");
        assertThat(orders.read()).isEqualTo(2);
        assertThat(orders.changes().inserted()).isEqualTo(1);
        assertThat(orders.changes().unchanged()).isEqualTo(1);
        assertThat(db.rows("SELECT customer FROM inc7.orders WHERE id = 9")).containsExactly(List.of("late"));
        assertThat(watermark(db, "inc7")).isEqualTo("[\"2024-01-03 10:00:00\", 3]");
    }

    @Test
    void aTargetTableDroppedSinceTheLastRunIsLoadedWholeNotFromItsOldWatermark(TestDatabase db) throws Exception {
        Path file = source(4);
        assertThat(run(db, file, "inc8", new ArrayList<>()).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(watermark(db, "inc8")).isEqualTo("[\"2024-01-04 10:00:00\", 4]");
        db.execute("DROP TABLE inc8.orders");

        List<RunEvent> events = new ArrayList<>();
        RunReport again = run(db, file, "inc8", events);
        assertThat(again.outcome()).as(again.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.count("inc8.orders")).as("every row, not only those past the old watermark").isEqualTo(4);
        assertThat(table(again, "inc8.orders").changes().inserted()).isEqualTo(4);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                n -> assertThat(n.message()).contains("stored watermark").contains("every row loads")));
        assertThat(watermark(db, "inc8")).isEqualTo("[\"2024-01-04 10:00:00\", 4]");
    }

    /** A thread running {@code sql} in a loop until {@code done}, keeping each result and each error. */
    private static Thread reader(TestDatabase db, java.util.concurrent.atomic.AtomicBoolean done, String sql, List<Long> seen, List<String> errors) {
        Thread t = new Thread(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                while (!done.get()) {
                    try (java.sql.ResultSet rs = st.executeQuery(sql)) {
                        rs.next();
                        seen.add(rs.getLong(1));
                    } catch (java.sql.SQLException e) {
                        errors.add(e.getMessage());
                    }
                }
            } catch (java.sql.SQLException e) {
                errors.add(e.getMessage());
            }
        });
        t.start();
        return t;
    }
}
