package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.DatabaseSpec.TableMode;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.sample.ShopSample;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-table load modes in one database migration: some tables created by the run, others loaded into the tables the
 * target has (kept as they are, or emptied first). The sample shop, checked in the target's catalog.
 */
@ExtendWith(PostgresExtension.class)
class TableModesTest {
    @TempDir Path dir;

    private Path shop() throws Exception {
        return ShopSample.generate(dir.resolve("shop.db"), 1, 42);
    }

    private static long sourceCount(Path file, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private RunReport migrate(TestDatabase db, DatabaseSpec spec, LoadOptions o, List<RunEvent> events) {
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), o, List.of(), spec);
        return Engine.run(plan, db.server().password(), e -> {
            synchronized (events) {
                events.add(e);
            }
        }, new Cancellation());
    }

    private LoadOptions options(String name) {
        // several tables at a time: the created ones load in parallel while kept ones wait for their parents
        return LoadOptions.defaults().withRejectDir(dir.resolve(name)).withParallelism(8, 1);
    }

    private static DatabaseSpec spec(Path file, String schema, boolean includeDrop, DatabaseSpec.Mode mode, Map<String, TableMode> modes) {
        return new DatabaseSpec("sqlite://" + file.toAbsolutePath(), schema, includeDrop, List.of(), null, List.of(), List.of(), mode, Map.of())
                .withTableModes(modes);
    }

    private static TableReport table(RunReport r, String name) {
        return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + r));
    }

    private static void reconciles(RunReport r) {
        assertThat(r.tables()).isNotEmpty().allSatisfy(t -> assertThat(t.read()).as(t.table()).isEqualTo(t.loaded() + t.rejected()));
        assertThat(r.post()).as("post-load phases").allSatisfy(p -> assertThat(p.failed()).as(p.label() + ": " + p.failure()).isZero());
    }

    private static List<String> notices(List<RunEvent> events) {
        return events.stream().filter(e -> e instanceof RunEvent.Notice).map(e -> ((RunEvent.Notice) e).message()).toList();
    }

    private static long oid(TestDatabase db, String table) throws Exception {
        return db.queryLong("SELECT '" + table + "'::regclass::oid::bigint");
    }

    /** The schema a run of the whole shop makes, then customers with a column and index of its own, and stray products. */
    private void prepare(TestDatabase db, Path file, String schema) throws Exception {
        RunReport made = migrate(db, spec(file, schema, false, DatabaseSpec.Mode.SCHEMA_ONLY, Map.of()), options("schema-" + schema), new ArrayList<>());
        assertThat(made.outcome()).as(made.failure()).isEqualTo(Outcome.SUCCESS);
        db.execute("DROP TABLE " + schema + ".order_lines, " + schema + ".orders",
                "ALTER TABLE " + schema + ".customers ADD COLUMN loyalty_tier text",
                "CREATE INDEX customers_loyalty ON " + schema + ".customers (loyalty_tier)",
                "INSERT INTO " + schema + ".products (id, sku, name, price, stock, added_on) VALUES"
                        + " (900001, 'STRAY-1', 'left over', 1, 1, '2020-01-01'), (900002, 'STRAY-2', 'left over', 2, 2, '2020-01-01')");
    }

    @Test
    void createsSomeTablesAndLoadsOthersIntoTheTablesTheTargetHas(TestDatabase db) throws Exception {
        Path file = shop();
        prepare(db, file, "modes");
        long customersOid = oid(db, "modes.customers"), productsOid = oid(db, "modes.products");
        List<RunEvent> events = new ArrayList<>();
        RunReport r = migrate(db, spec(file, "modes", false, DatabaseSpec.Mode.ALL,
                Map.of("customers", TableMode.EXISTING, "PRODUCTS", TableMode.TRUNCATE)), options("rej1"), events);

        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        reconciles(r);
        assertThat(notices(events)).contains("loading into the existing table modes.customers",
                "loading into the existing table modes.products (truncated first)");
        // the planted rejects of the sample: a customer's impossible date, a product's text stock
        assertThat(db.rows("SELECT count(*)::text, bool_or(id = " + ShopSample.INVALID_DATE_CUSTOMER_ID + ")::text FROM modes.customers"))
                .containsExactly(List.of(String.valueOf(sourceCount(file, "customers") - 1), "false"));
        assertThat(db.count("modes.products")).isEqualTo(sourceCount(file, "products") - 1);
        assertThat(db.queryLong("SELECT count(*) FROM modes.products WHERE sku LIKE 'STRAY-%'")).isZero();
        assertThat(table(r, "modes.orders").read()).isEqualTo(sourceCount(file, "orders"));
        assertThat(db.count("modes.orders")).isEqualTo(table(r, "modes.orders").loaded()).isPositive();
        assertThat(db.count("modes.order_lines")).isEqualTo(table(r, "modes.order_lines").loaded()).isPositive();

        // the kept tables are the same tables, with what the DBA gave them
        assertThat(oid(db, "modes.customers")).isEqualTo(customersOid);
        assertThat(oid(db, "modes.products")).isEqualTo(productsOid);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'modes'"
                + " AND table_name = 'customers' AND column_name = 'loyalty_tier'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'modes' AND indexname = 'customers_loyalty'")).isEqualTo(1);
        // their keys were not made twice
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'modes.customers'::regclass AND contype = 'p'")).isEqualTo(1);
        assertThat(db.rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'modes' AND tablename = 'products' ORDER BY 1"))
                .containsExactly(List.of("products_pkey"), List.of("products_sku")); // from the schema-only run, not made twice
        // the created tables got their keys, indexes and foreign keys, pointing at the kept tables too
        assertThat(db.rows("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                + " AND connamespace = 'modes'::regnamespace AND convalidated ORDER BY 1, 2")).containsExactly(
                List.of("modes.order_lines", "modes.orders"), List.of("modes.order_lines", "modes.products"),
                List.of("modes.orders", "modes.customers"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'modes.orders'::regclass AND contype = 'p'")).isEqualTo(1);
        assertThat(db.rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'modes' AND tablename = 'orders' ORDER BY 1"))
                .containsExactly(List.of("orders_customer_date"), List.of("orders_open"), List.of("orders_pkey"));

        // include drop remakes the created tables only: the kept ones keep their OID, and their existing keys refuse
        // the rows they hold already, one by one
        long customers = db.count("modes.customers"), orders = db.count("modes.orders");
        RunReport again = migrate(db, spec(file, "modes", true, DatabaseSpec.Mode.ALL,
                Map.of("customers", TableMode.EXISTING, "products", TableMode.TRUNCATE)), options("rej2"), new ArrayList<>());
        assertThat(again.outcome()).as(again.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        reconciles(again);
        assertThat(oid(db, "modes.customers")).isEqualTo(customersOid);
        assertThat(oid(db, "modes.products")).isEqualTo(productsOid);
        assertThat(db.count("modes.customers")).isEqualTo(customers);
        assertThat(table(again, "modes.customers").rejected()).isEqualTo(table(again, "modes.customers").read());
        assertThat(db.count("modes.products")).isEqualTo(sourceCount(file, "products") - 1);
        assertThat(db.count("modes.orders")).isEqualTo(orders);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'modes'"
                + " AND table_name = 'customers' AND column_name = 'loyalty_tier'")).isEqualTo(1);
    }

    @Test
    void keptChildrenLoadAfterTheirParentsWhileCreatedTablesLoadInParallel(TestDatabase db) throws Exception {
        Path file = shop();
        RunReport first = migrate(db, spec(file, "parents", false, DatabaseSpec.Mode.ALL, Map.of()), options("first"), new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        long orders = db.count("parents.orders");
        // orders keeps its foreign key to customers during the load: were it loaded before customers, or beside it,
        // its rows would find no parent and be rejected
        List<RunEvent> events = new ArrayList<>();
        RunReport r = migrate(db, spec(file, "parents", true, DatabaseSpec.Mode.ALL,
                Map.of("orders", TableMode.TRUNCATE, "customers", TableMode.TRUNCATE)), options("again"), events);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        reconciles(r);
        assertThat(db.count("parents.orders")).isEqualTo(orders);
        assertThat(table(r, "parents.orders").rejected()).isEqualTo(table(first, "parents.orders").rejected());
        // orders starts only once customers has finished (when the created tables start relative to them depends on
        // which pool thread picks its job first, so it is not asserted)
        List<String> steps = events.stream().map(e -> e instanceof RunEvent.TableQueued q ? "start " + q.table()
                : e instanceof RunEvent.TableFinished f ? "end " + f.report().table() : "").toList();
        assertThat(steps.indexOf("end parents.customers")).isPositive().isLessThan(steps.indexOf("start parents.orders"));
        assertThat(steps).contains("start parents.order_lines", "end parents.order_lines");
    }

    @Test
    void includeDropRefusesToRemoveAKeptTablesForeignKey(TestDatabase db) throws Exception {
        Path file = shop();
        RunReport first = migrate(db, spec(file, "cascade", false, DatabaseSpec.Mode.ALL, Map.of()), options("first"), new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        long customersOid = oid(db, "cascade.customers"), orders = db.count("cascade.orders");
        // orders kept, customers dropped and made again: DROP ... CASCADE would take orders' foreign key with it
        RunReport r = migrate(db, spec(file, "cascade", true, DatabaseSpec.Mode.ALL, Map.of("orders", TableMode.EXISTING)),
                options("refused"), new ArrayList<>());
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID_PLAN);
        assertThat(r.failure()).contains("cascade.orders has a foreign key to cascade.customers").contains("CASCADE")
                .contains("table mode existing or truncate");
        assertThat(oid(db, "cascade.customers")).isEqualTo(customersOid);
        assertThat(db.count("cascade.orders")).isEqualTo(orders);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'cascade.orders'::regclass AND contype = 'f'")).isEqualTo(1);
    }

    @Test
    void aMissingKeptTableStopsTheRunBeforeAnythingChanges(TestDatabase db) throws Exception {
        Path file = shop();
        db.execute("CREATE SCHEMA missing", "CREATE TABLE missing.products (id bigint)");
        RunReport r = migrate(db, spec(file, "missing", false, DatabaseSpec.Mode.ALL,
                Map.of("customers", TableMode.EXISTING, "products", TableMode.TRUNCATE)), options("missing"), new ArrayList<>());
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID_PLAN);
        assertThat(r.failure()).contains("missing.customers").doesNotContain("missing.products").contains("create them first")
                .contains("table mode create");
        assertThat(db.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'missing'")).containsExactly(List.of("products"));

        RunReport unknown = migrate(db, spec(file, "missing", false, DatabaseSpec.Mode.ALL, Map.of("clients", TableMode.EXISTING)),
                options("unknown"), new ArrayList<>());
        assertThat(unknown.outcome()).isEqualTo(Outcome.INVALID_PLAN);
        assertThat(unknown.failure()).contains("table modes name tables that are not in the source: [clients]").contains("customers");
    }

    @Test
    void dataOnlyTruncatesTheTablesThatSayTruncateAndKeepsTheOthers(TestDatabase db) throws Exception {
        Path file = shop();
        RunReport first = migrate(db, spec(file, "data", false, DatabaseSpec.Mode.ALL, Map.of()), options("first"), new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        long customers = db.count("data.customers"), orders = db.count("data.orders"), lines = db.count("data.order_lines"),
                products = db.count("data.products");
        db.execute("INSERT INTO data.customers (id, email, name, created_at) VALUES (900001, 'kept@example.com', 'kept', now())");

        // the global truncate empties every table without an entry; customers says existing, so it keeps its rows
        RunReport r = migrate(db, spec(file, "data", false, DatabaseSpec.Mode.DATA_ONLY, Map.of("customers", TableMode.EXISTING)),
                options("data").withFlags(true, false, false), new ArrayList<>());
        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        reconciles(r);
        assertThat(db.count("data.customers")).isEqualTo(customers + 1);
        assertThat(table(r, "data.customers").loaded()).isZero();
        assertThat(db.count("data.orders")).isEqualTo(orders);
        assertThat(db.count("data.order_lines")).isEqualTo(lines);
        assertThat(db.count("data.products")).isEqualTo(products);

        // without the global option, only the tables that say truncate are emptied
        RunReport some = migrate(db, spec(file, "data", false, DatabaseSpec.Mode.DATA_ONLY,
                Map.of("order_lines", TableMode.TRUNCATE)), options("some"), new ArrayList<>());
        assertThat(some.outcome()).as(some.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        reconciles(some);
        assertThat(db.count("data.order_lines")).isEqualTo(lines);
        assertThat(table(some, "data.order_lines").loaded()).isEqualTo(lines);
        assertThat(table(some, "data.orders").loaded()).isZero();
        assertThat(db.count("data.orders")).isEqualTo(orders);
    }

    @Test
    void modesThatCannotGoWithTheRunsModeAreRefused(TestDatabase db) throws Exception {
        Path file = shop();
        assertThatThrownBy(() -> spec(file, "x", false, DatabaseSpec.Mode.DATA_ONLY, Map.of("orders", TableMode.CREATE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data only").hasMessageContaining("[orders]");
        assertThatThrownBy(() -> spec(file, "x", false, DatabaseSpec.Mode.SCHEMA_ONLY, Map.of("orders", TableMode.EXISTING)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema only loads none");

        // options made in code (the wizard's way) are refused by the run, before it touches the target
        DatabaseMigration.Options o = DatabaseMigration.Options.of(spec(file, "refused", false, DatabaseSpec.Mode.SCHEMA_ONLY, Map.of()))
                .withTableModes(Map.of("orders", TableMode.TRUNCATE));
        try (var source = dev.drover.engine.source.db.DatabaseSources.open("sqlite://" + file.toAbsolutePath())) {
            RunReport r = DatabaseMigration.run(source, dev.drover.engine.pg.PgTarget.parse(db.url()), db.server().password(),
                    options("refused"), o, e -> {}, new Cancellation());
            assertThat(r.outcome()).isEqualTo(Outcome.INVALID_PLAN);
            assertThat(r.failure()).contains("schema only loads none");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'refused'")).isZero();
    }
}
