package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load sqlite:///file.db postgresql://...} as a user types it: schema, data, keys, rejects, report. */
@ExtendWith(PostgresExtension.class)
class DroverMigrateSqliteTest {
    @TempDir Path dir;



    private Path shop() throws Exception {
        Path file = dir.resolve("mini shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Customers (id INTEGER PRIMARY KEY AUTOINCREMENT, email VARCHAR(80) NOT NULL UNIQUE,"
                    + " name TEXT, vip BOOLEAN DEFAULT 0, joined DATETIME DEFAULT CURRENT_TIMESTAMP, balance DECIMAL(10,2) DEFAULT 0,"
                    + " CHECK (balance >= 0))");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES Customers(id) ON DELETE CASCADE,"
                    + " placed DATE, total REAL, note TEXT, photo BLOB)");
            s.execute("CREATE INDEX orders_placed ON orders (placed, customer_id)");
            for (int i = 1; i <= 50; i++) {
                s.execute("INSERT INTO Customers (email, name, vip, joined, balance) VALUES ('c" + i + "@x.org', 'Zoë " + i + "', "
                        + (i % 2) + ", '2024-01-" + String.format("%02d", 1 + i % 28) + " 10:00:00', " + i + ".25)");
            }
            for (int i = 1; i <= 200; i++) {
                s.execute("INSERT INTO orders (customer_id, placed, total, note, photo) VALUES (" + (1 + i % 50) + ", '2024-02-"
                        + String.format("%02d", 1 + i % 28) + "', " + (i * 1.5) + ", 'line, with \"quotes\"', x'00ff" + String.format("%02x", i % 256) + "')");
            }
            // SQLite keeps whatever it is given: a word in an INTEGER column cannot reach PostgreSQL
            s.execute("INSERT INTO orders (customer_id, placed, total) VALUES ('seven', '2024-03-01', 1)");
            // nor a word in a DECIMAL: customer 50 is rejected, and its four orders lose their parent
            s.execute("UPDATE Customers SET balance = 'lots' WHERE id = 50");
            // SQLite does not enforce foreign keys by default: an order of a customer that never existed
            s.execute("INSERT INTO orders (customer_id, placed, total) VALUES (999, '2024-03-02', 2)");
        }
        return file;
    }

    @Test
    void migratesSchemaDataKeysAndRejectsWithAReconciledSummary(TestDatabase db) throws Exception {
        Path file = shop();
        Path summary = dir.resolve("summary.json");
        Cli.Result r = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "shop",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(db.count("shop.customers")).isEqualTo(49);
        assertThat(db.count("shop.orders")).isEqualTo(196);
        assertThat(db.queryLong("SELECT count(*) FROM shop.orders WHERE customer_id IN (50, 999)")).isZero();
        assertThat(db.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'shop'"
                + " AND table_name = 'customers' ORDER BY ordinal_position")).containsExactly(
                List.of("id", "bigint"), List.of("email", "text"), List.of("name", "text"), List.of("vip", "boolean"),
                List.of("joined", "timestamp without time zone"), List.of("balance", "numeric"));
        assertThat(db.rows("SELECT name, vip::text, balance::text FROM shop.customers WHERE id = 3"))
                .containsExactly(List.of("Zoë 3", "true", "3.25"));
        assertThat(db.rows("SELECT note, encode(photo, 'hex') FROM shop.orders WHERE id = 7"))
                .containsExactly(List.of("line, with \"quotes\"", "00ff07"));
        // keys, indexes and constraints came back after the data
        assertThat(db.rows("SELECT contype::text FROM pg_constraint WHERE conrelid = 'shop.customers'::regclass ORDER BY 1"))
                .containsExactly(List.of("c"), List.of("p"), List.of("u"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'shop.orders'::regclass AND contype = 'f' AND convalidated"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'shop' AND indexname = 'orders_placed'")).isEqualTo(1);
        // the identity goes on after the source maximum: rejected customer 50 keeps its key for when it is fixed
        db.execute("INSERT INTO shop.customers (email) VALUES ('new@x.org')");
        assertThat(db.queryLong("SELECT id FROM shop.customers WHERE email = 'new@x.org'")).isEqualTo(51);
        // orphans are rejects with PostgreSQL's words, and the foreign key validated
        String orders = Files.readString(dir.resolve("rej").resolve(db.name()).resolve("shop.orders.log"));
        assertThat(orders).contains("23503").contains("Key (customer_id)=(999) is not present in table \"customers\"")
                .contains("Key (customer_id)=(50) is not present");
        assertThat(Files.readString(dir.resolve("rej").resolve(db.name()).resolve("shop.orders.rejected.csv")).lines()
                .filter(l -> l.contains(",50,") || l.contains(",999,")).count()).isEqualTo(5);
        // the word in the integer column is rejected with its reason, position and source values
        Path rej = dir.resolve("rej").resolve(db.name());
        String log = Files.readString(rej.resolve("shop.orders.log"));
        assertThat(log).contains("seven").contains("customer_id");
        assertThat(Files.readString(rej.resolve("shop.orders.rejected.csv"))).contains("seven");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        for (JsonNode t : json.path("tables")) assertThat(t.path("reconciled").asBoolean()).as(t.toString()).isTrue();
        JsonNode ordersReport = null;
        for (JsonNode t : json.path("tables")) if (t.path("table").asText().equals("shop.orders")) ordersReport = t;
        assertThat(ordersReport).isNotNull();
        assertThat(ordersReport.path("read").asLong()).isEqualTo(202);
        assertThat(ordersReport.path("loaded").asLong()).isEqualTo(196);
        assertThat(ordersReport.path("rejected").asLong()).isEqualTo(6);
        assertThat(r.out()).contains("shop.orders").contains("keys and indexes").contains("source row counts").contains("foreign key orphans");
    }

    @Test
    void textThatIsNotUtf8IsRejectedByNameOrLoadedAsBytesAndTypedValuesKeepTheirRanges(TestDatabase db) throws Exception {
        Path file = dir.resolve("quirks.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT, raw BLOB, small REAL, n INTEGER, price NUMERIC(6,2))");
            s.execute("INSERT INTO t VALUES (1, 'Zoë, \"ok\"', CAST(x'e9' AS TEXT), 1.5, 7, 12.5)");
            // Latin-1 bytes stored as TEXT: not UTF-8, so not text (the driver alone would have shown U+FFFD)
            s.execute("INSERT INTO t VALUES (2, CAST(x'4361f1f3' AS TEXT), NULL, 2.5, 8, 1)");
            s.execute("INSERT INTO t VALUES (3, 'nul' || char(0) || 'here', NULL, 3.5, 9, 2)");
            // beyond the range of real (float4): refused, not turned into Infinity
            s.execute("INSERT INTO t VALUES (4, 'big', NULL, 1e300, 10, 3)");
            s.execute("INSERT INTO t VALUES (5, '', x'', -0.0, -9223372036854775808, 9999.99)");
        }
        Cli.Result r = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--root-dir", dir.resolve("rej").toString(),
                "--no-progress", "--cast", "column t.raw to bytea");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(db.rows("SELECT id::text, label, encode(raw, 'hex'), small::text, n::text, price::text FROM t ORDER BY id")).containsExactly(
                List.of("1", "Zoë, \"ok\"", "e9", "1.5", "7", "12.50"),
                Arrays.asList("5", "", "", "0", "-9223372036854775808", "9999.99")); // SQLite keeps -0.0 as 0
        Path rej = dir.resolve("rej").resolve(db.name());
        String log = Files.readString(rej.resolve("public.t.log"));
        assertThat(log).contains("not valid UTF-8").contains("NUL").contains("out of range for type real");
        // the reject file holds the source values as CSV: text quoted when it must be, bytes as hex, numbers as read
        assertThat(Files.readString(rej.resolve("public.t.rejected.csv")).lines().toList()).containsExactly(
                "2,\\x4361f1f3,,2.5,8,1",
                "3,nul\\0here,,3.5,9,2",
                "4,big,,1.0E300,10,3");
    }

    @Test
    void aBigTableReadInKeySlicesLoadsEveryRowOnceWithItsRejects(TestDatabase db) throws Exception {
        Path file = dir.resolve("big.db");
        int n = 120_000;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT, q INTEGER)");
            // keys with gaps and a bad value every 10,007 rows, spread over every slice
            s.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + n + ")"
                    + " INSERT INTO big SELECT x * 3, 'v' || x, CASE WHEN x % 10007 = 0 THEN 'bad' ELSE x END FROM c");
            s.execute("ANALYZE");
        }
        Path summary = dir.resolve("big.json");
        Cli.Result r = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--concurrency", "3",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out() + r.err()).contains("reading in 3 key slices by rowid");
        int bad = n / 10007;
        assertThat(db.count("big")).isEqualTo(n - bad);
        assertThat(db.queryLong("SELECT count(DISTINCT id) FROM big")).isEqualTo(n - bad);
        assertThat(db.queryLong("SELECT sum(q) FROM big")).isEqualTo((long) n * (n + 1) / 2 - 10007L * bad * (bad + 1) / 2);
        assertThat(db.queryLong("SELECT count(*) FROM big WHERE v <> 'v' || (id / 3)")).isZero();
        JsonNode t = new ObjectMapper().readTree(summary.toFile()).path("tables").get(0);
        assertThat(t.path("read").asLong()).isEqualTo(n);
        assertThat(t.path("rejected").asLong()).isEqualTo(bad);
        assertThat(t.path("reconciled").asBoolean()).isTrue();
        List<String> rejected = Files.readAllLines(dir.resolve("rej").resolve(db.name()).resolve("public.big.rejected.csv"));
        assertThat(rejected).hasSize(bad).allMatch(l -> l.endsWith(",bad"));
        // the identity goes on past the source's largest key
        db.execute("INSERT INTO big (v) VALUES ('new')");
        assertThat(db.queryLong("SELECT id FROM big WHERE v = 'new'")).isGreaterThan(3L * n);
    }

    @Test
    void aRejectedParentsChildrenAndGrandchildrenAreRejectedByNameNeverCascadedAway(TestDatabase db) throws Exception {
        Path file = dir.resolve("chain.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, credit INTEGER)");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE lines (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(id) ON DELETE CASCADE, qty INTEGER)");
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, line_id INTEGER REFERENCES lines(id) ON DELETE RESTRICT)");
            s.execute("INSERT INTO customers VALUES (1, 10), (2, 'lots'), (3, 30)"); // customer 2 cannot load
            s.execute("INSERT INTO orders VALUES (10, 1), (20, 2), (21, 2), (30, 3)");
            s.execute("INSERT INTO lines VALUES (100, 10, 1), (200, 20, 2), (201, 20, 3), (210, 21, 4), (300, 30, 5)");
            s.execute("INSERT INTO notes VALUES (1000, 200), (1001, 300)");
        }
        Path summary = dir.resolve("chain.json");
        Cli.Result r = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--root-dir", dir.resolve("rej").toString(),
                "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(db.rows("SELECT string_agg(id::text, ',' ORDER BY id) FROM orders")).containsExactly(List.of("10,30"));
        assertThat(db.rows("SELECT string_agg(id::text, ',' ORDER BY id) FROM lines")).containsExactly(List.of("100,300"));
        assertThat(db.rows("SELECT string_agg(id::text, ',' ORDER BY id) FROM notes")).containsExactly(List.of("1001"));
        // every row that is not in the target is a reject with its reason, and every table reconciles with its count
        Path rej = dir.resolve("rej").resolve(db.name());
        assertThat(Files.readAllLines(rej.resolve("public.orders.rejected.csv"))).containsExactlyInAnyOrder("20,2", "21,2");
        assertThat(Files.readAllLines(rej.resolve("public.lines.rejected.csv"))).containsExactlyInAnyOrder("200,20,2", "201,20,3", "210,21,4");
        assertThat(Files.readAllLines(rej.resolve("public.notes.rejected.csv"))).containsExactly("1000,200");
        assertThat(Files.readString(rej.resolve("public.lines.log"))).contains("Key (order_id)=(20) is not present in table \"orders\"");
        for (JsonNode t : new ObjectMapper().readTree(summary.toFile()).path("tables")) {
            assertThat(t.path("reconciled").asBoolean()).as(t.toString()).isTrue();
            assertThat(t.path("loaded").asLong()).as(t.toString()).isEqualTo(db.count(t.path("table").asText()));
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated"
                + " AND conrelid IN ('public.orders'::regclass, 'public.lines'::regclass, 'public.notes'::regclass)")).isEqualTo(3);
        assertThat(db.rows("SELECT confdeltype::text FROM pg_constraint WHERE conrelid = 'public.lines'::regclass AND contype = 'f'"))
                .containsExactly(List.of("c"));
    }

    @Test
    void existingTargetTablesStopTheRunBeforeAnythingChangesUnlessDropped(TestDatabase db) throws Exception {
        Path file = shop();
        db.execute("CREATE SCHEMA keep", "CREATE TABLE keep.orders (x int)", "INSERT INTO keep.orders VALUES (42)");
        Cli.Result r = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "keep",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("keep.orders").contains("--include-drop");
        assertThat(db.rows("SELECT x FROM keep.orders")).containsExactly(List.of("42"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'keep'")).isEqualTo(1);

        Cli.Result again = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "keep", "--include-drop",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(again.code()).as(again.err()).isEqualTo(3);
        assertThat(db.count("keep.orders")).isEqualTo(196);
    }

    @Test
    void aPrintedPlanReplaysTheSameMigrationWithDroverRun(TestDatabase db) throws Exception {
        Path file = shop();
        Cli.Result printed = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "replay",
                "--cast", "column orders.total to numeric(10,2)", "--print-plan");
        assertThat(printed.code()).as(printed.err()).isZero();
        assertThat(printed.out()).contains("database:").contains("schema: replay").contains("column orders.total to numeric(10,2)");
        Path plan = dir.resolve("shop.plan.yaml");
        Files.writeString(plan, printed.out());
        assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'replay'")).as("printing changes nothing").isZero();
        Cli.Result run = Cli.drover(db, "run", plan.toString(), "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(db.count("replay.orders")).isEqualTo(196);
        assertThat(db.rows("SELECT data_type, numeric_precision::text, numeric_scale::text FROM information_schema.columns"
                + " WHERE table_schema = 'replay' AND table_name = 'orders' AND column_name = 'total'"))
                .containsExactly(List.of("numeric", "10", "2"));
    }

    @Test
    void namesThatCollideStopTheRunBeforeAnythingIsCreatedAndPoliciesAndFiltersChooseWhatGoes(TestDatabase db) throws Exception {
        Path file = dir.resolve("names.db");
        String longA = "measurement_" + "x".repeat(60) + "_celsius", longB = "measurement_" + "x".repeat(60) + "_kelvin";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orderLines (id INTEGER PRIMARY KEY, " + longA + " REAL, " + longB + " REAL)");
            s.execute("CREATE TABLE order_lines (id INTEGER PRIMARY KEY)");
            s.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, line INTEGER REFERENCES order_lines(id))");
            s.execute("INSERT INTO orderLines VALUES (1, 21.5, 294.65)");
            s.execute("INSERT INTO order_lines VALUES (1)");
            s.execute("INSERT INTO audit_log VALUES (1, 1)");
        }
        String url = "sqlite://" + file.toAbsolutePath();
        // PostgreSQL cuts names at 63 bytes: the two measurements would become one column
        Cli.Result cut = Cli.drover(db, "load", url, db.url(), "--schema", "names1", "--no-progress");
        assertThat(cut.code()).isEqualTo(4);
        assertThat(cut.err()).contains("names collide").contains(longA).contains(longB);
        assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'names1'")).as("nothing created").isZero();

        // snake_case makes orderLines and order_lines one name too
        Cli.Result snake = Cli.drover(db, "load", url, db.url(), "--schema", "names2", "--identifiers", "snake_case",
                "--exclude", "audit_log", "--no-progress");
        assertThat(snake.code()).isEqualTo(4);
        assertThat(snake.err()).contains("tables [orderLines, order_lines] all go to names2.order_lines");

        // leaving the wide table out, the rest migrates; a foreign key to a table left out is announced, not failed
        Cli.Result filtered = Cli.drover(db, "load", url, db.url(), "--schema", "names3", "--identifiers", "snake_case",
                "--exclude", "orderlines|order_lines", "--no-progress");
        assertThat(filtered.code()).as(filtered.err()).isZero();
        assertThat(db.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'names3'")).containsExactly(List.of("audit_log"));
        assertThat(filtered.err()).contains("is not created: order_lines is not migrated");

        Cli.Result only = Cli.drover(db, "load", url, db.url(), "--schema", "names4", "--identifiers", "quote",
                "--include", "order_.*", "--no-progress");
        assertThat(only.code()).as(only.err()).isZero();
        assertThat(db.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'names4'")).containsExactly(List.of("order_lines"));

        Cli.Result none = Cli.drover(db, "load", url, db.url(), "--schema", "names5", "--include", "nothing.*", "--no-progress");
        assertThat(none.code()).isEqualTo(4);
        assertThat(none.err()).contains("no table").contains("[orderLines, order_lines, audit_log]");
    }

    @Test
    void schemaOnlyThenDataOnlyLoadsIntoTheTablesItMadeAndTruncateMakesItRepeatable(TestDatabase db) throws Exception {
        Path file = shop();
        String url = "sqlite://" + file.toAbsolutePath();
        Cli.Result schema = Cli.drover(db, "load", url, db.url(), "--schema", "two", "--schema-only", "--no-progress");
        assertThat(schema.code()).as(schema.err()).isZero();
        assertThat(db.count("two.orders")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'two.orders'::regclass AND contype IN ('p', 'f')"))
                .isEqualTo(2);

        Cli.Result missing = Cli.drover(db, "load", url, db.url(), "--schema", "nowhere", "--data-only", "--no-progress");
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.err()).contains("do not exist").contains("nowhere.orders").contains("--schema-only");

        for (int run = 1; run <= 2; run++) {
            Cli.Result data = Cli.drover(db, "load", url, db.url(), "--schema", "two", "--data-only", "--truncate",
                    "--root-dir", dir.resolve("rej" + run).toString(), "--no-progress");
            // the keys are there during the load: the orphans are refused by the server as the rows arrive
            assertThat(data.code()).as(data.out() + data.err()).isEqualTo(3);
            assertThat(db.count("two.customers")).as("run %d", run).isEqualTo(49);
            assertThat(db.count("two.orders")).as("run %d", run).isEqualTo(196);
        }
        assertThat(Cli.drover(db, "load", url, db.url(), "--data-only", "--include-drop").err()).contains("cannot go with --include-drop")
                .doesNotContain("Exception");
    }

    @Test
    void renameSendsATableToItsOwnNameAndSchemaWithItsKeysFollowing(TestDatabase db) throws Exception {
        Path file = shop();
        Cli.Result r = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "ren",
                "--rename", "Customers=crm.clients", "--rename", "orders=purchases", "--root-dir", dir.resolve("rej").toString(),
                "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(db.count("crm.clients")).isEqualTo(49);
        assertThat(db.count("ren.purchases")).isEqualTo(196);
        // the foreign key follows its parent to the other schema and validates
        assertThat(db.rows("SELECT confrelid::regclass::text FROM pg_constraint WHERE conrelid = 'ren.purchases'::regclass"
                + " AND contype = 'f' AND convalidated")).containsExactly(List.of("crm.clients"));
        Cli.Result typo = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "ren2",
                "--rename", "Custmers=x", "--no-progress");
        assertThat(typo.code()).isEqualTo(4);
        assertThat(typo.err()).contains("rename names a table that is not in the source: Custmers");
        Cli.Result clash = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "ren3",
                "--rename", "Customers=orders", "--no-progress");
        assertThat(clash.code()).isEqualTo(4);
        assertThat(clash.err()).contains("all go to ren3.orders");
    }

    @Test
    void explainShowsEveryColumnsRuleAndTargetType(TestDatabase db) throws Exception {
        Path file = shop();
        Cli.Result r = Cli.drover(db, "explain", "sqlite://" + file.toAbsolutePath());
        assertThat(r.code()).as(r.err()).isZero();
        for (String s : Arrays.asList("Customers", "orders", "balance", "numeric(10,2)", "bigint", "bytea", "sqlite default")) {
            assertThat(r.out()).contains(s);
        }
        // a saved plan explains with its own settings: its cast rule, its schema
        Path plan = dir.resolve("shop.yaml");
        Cli.Result printed = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "shop",
                "--cast", "column orders.total to numeric(12,2)", "--print-plan");
        assertThat(printed.code()).as(printed.err()).isZero();
        Files.writeString(plan, printed.out());
        Cli.Result fromPlan = Cli.drover(db, "explain", plan.toString());
        assertThat(fromPlan.code()).as(fromPlan.err()).isZero();
        assertThat(fromPlan.out()).contains("main.orders → shop.orders").contains("numeric(12,2)").contains("user rule 1");
        Cli.Result notAPlan = Cli.drover(db, "explain", dir.resolve("missing.yaml").toString());
        assertThat(notAPlan.code()).isEqualTo(2);
        assertThat(notAPlan.err()).contains("not a database URL nor a plan file");
    }
}
