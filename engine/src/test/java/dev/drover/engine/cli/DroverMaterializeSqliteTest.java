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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load sqlite://… --materialize VIEW --materialize NAME=SELECT…}: views and queries loaded as tables. */
@ExtendWith(PostgresExtension.class)
class DroverMaterializeSqliteTest {
    @TempDir Path dir;

    private String shop() throws Exception {
        Path file = dir.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(80) NOT NULL, vip BOOLEAN)");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), placed DATE,"
                    + " total DECIMAL(10,2), weight REAL)");
            for (int i = 1; i <= 10; i++) s.execute("INSERT INTO customers VALUES (" + i + ", 'c" + i + "@x.org', " + (i % 2) + ")");
            for (int i = 1; i <= 60; i++) {
                s.execute("INSERT INTO orders VALUES (" + i + ", " + (1 + i % 10) + ", '2024-03-" + String.format("%02d", 1 + i % 28)
                        + "', " + (i * 5) + ".25, " + (i / 4.0) + ")");
            }
            s.execute("CREATE VIEW vip_orders AS SELECT o.id, c.email, o.placed, o.total FROM orders o JOIN customers c"
                    + " ON c.id = o.customer_id WHERE c.vip");
            s.execute("CREATE VIEW \"Daily Totals\" AS SELECT placed, sum(total) AS total, count(*) AS n FROM orders GROUP BY placed");
        }
        return "sqlite://" + file.toAbsolutePath();
    }

    @Test
    void aViewAndAQueryBecomeTablesTypedAsTheSourceDeclaresThemWithEveryRowReconciled(TestDatabase db) throws Exception {
        String url = shop();
        Path summary = dir.resolve("summary.json");
        // the view written as a user may write it: with its schema, in another case
        Cli.Result r = Cli.drover(db, "load", url, db.url(), "--schema", "mat", "--materialize", "main.VIP_orders",
                "--materialize", "big_orders=SELECT id, total, CAST(weight AS REAL) AS w, total * 2 AS doubled FROM orders"
                        + " WHERE total > 200;\n", "--summary", summary.toString(), "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();

        // a view's column keeps the declared type of the table column under it; an expression has none: text, as for tables
        String columns = "SELECT column_name, format_type(a.atttypid, a.atttypmod), is_nullable FROM information_schema.columns c"
                + " JOIN pg_attribute a ON a.attrelid = ('mat.' || c.table_name)::regclass AND a.attname = c.column_name"
                + " WHERE table_schema = 'mat' AND table_name = '%s' ORDER BY ordinal_position";
        assertThat(db.rows(columns.formatted("vip_orders"))).containsExactly(List.of("id", "bigint", "YES"),
                List.of("email", "text", "YES"), List.of("placed", "date", "YES"), List.of("total", "numeric(10,2)", "YES"));
        assertThat(db.rows(columns.formatted("big_orders"))).containsExactly(List.of("id", "bigint", "YES"),
                List.of("total", "numeric(10,2)", "YES"), List.of("w", "real", "YES"), List.of("doubled", "text", "YES"));

        // the rows are the view's and the query's
        assertThat(db.count("mat.vip_orders")).isEqualTo(30);
        assertThat(db.rows("SELECT id, email, placed::text, total::text FROM mat.vip_orders WHERE id = 10"))
                .containsExactly(List.of("10", "c1@x.org", "2024-03-11", "50.25"));
        assertThat(db.queryLong("SELECT count(*) FROM mat.big_orders")).isEqualTo(21);
        assertThat(db.rows("SELECT id, total::text, w::text, doubled FROM mat.big_orders ORDER BY id LIMIT 1"))
                .containsExactly(List.of("40", "200.25", "10", "400.5"));
        // no keys or indexes: a view's rows have none to carry
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid IN ('mat.vip_orders'::regclass, 'mat.big_orders'::regclass)"))
                .isZero();
        // and the tables still came with their keys
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'mat.orders'::regclass AND contype IN ('p', 'f')"))
                .isEqualTo(2);

        // read = loaded, and the query counted again in the source
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        for (JsonNode t : json.path("tables")) assertThat(t.path("reconciled").asBoolean()).as(t.toString()).isTrue();
        assertThat(json.path("tables").toString()).contains("mat.vip_orders").contains("mat.big_orders");
        assertThat(r.out()).contains("source row counts");
    }

    @Test
    void everyViewWithFiltersAndRenamesAppliedAsToTables(TestDatabase db) throws Exception {
        String url = shop();
        Cli.Result r = Cli.drover(db, "load", url, db.url(), "--schema", "all", "--materialize", "*", "--exclude", "customers",
                "--rename", "Daily Totals=reports.daily", "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(db.rows("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('all', 'reports')"
                + " ORDER BY 1")).containsExactly(List.of("all.orders"), List.of("all.vip_orders"), List.of("reports.daily"));
        assertThat(db.rows("SELECT placed::text, total::text, n FROM reports.daily WHERE placed = '2024-03-02'"))
                .containsExactly(List.of("2024-03-02", "435.75", "3"));

        // a view the filters leave out though it is named is a contradiction, said before anything is created
        Cli.Result named = Cli.drover(db, "load", url, db.url(), "--schema", "none", "--materialize", "vip_orders",
                "--include", "orders", "--no-progress");
        assertThat(named.code()).isEqualTo(4);
        assertThat(named.err()).contains("materialize vip_orders: it is left out by include [orders]");
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'none'")).isZero();
    }

    @Test
    void aMissingViewOrABadQueryStopsTheRunNamingTheViewsThereAre(TestDatabase db) throws Exception {
        String url = shop();
        Cli.Result missing = Cli.drover(db, "load", url, db.url(), "--schema", "miss", "--materialize", "vip_ordes", "--no-progress");
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.err()).contains("no view vip_ordes in shop.db (its views are vip_orders, Daily Totals)");
        Cli.Result table = Cli.drover(db, "load", url, db.url(), "--schema", "miss", "--materialize", "orders", "--no-progress");
        assertThat(table.err()).contains("orders is a table, migrated as one without materialize");
        Cli.Result bad = Cli.drover(db, "load", url, db.url(), "--schema", "miss", "--materialize", "q=SELECT nope FROM orders",
                "--no-progress");
        assertThat(bad.code()).isEqualTo(4);
        assertThat(bad.err()).contains("materialize q: the query of q does not run").contains("nope");
        Cli.Result unnamed = Cli.drover(db, "load", url, db.url(), "--materialize", "SELECT a = 1", "--no-progress");
        assertThat(unnamed.code()).isEqualTo(2);
        assertThat(unnamed.err()).contains("'SELECT a' is not a name");
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'miss'")).isZero();
    }

    @Test
    void explainShowsTheMaterializedTablesAndThePrintedPlanKeepsThem(TestDatabase db) throws Exception {
        String url = shop();
        Cli.Result r = Cli.drover(db, "explain", url, "--materialize", "vip_orders", "--materialize", "n=SELECT count(*) AS n FROM orders");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("main.vip_orders → public.vip_orders (materialized)").contains("n → public.n (materialized)")
                .contains("no declared type");
        Path plan = dir.resolve("plan.yaml");
        Cli.Result printed = Cli.drover(db, "load", url, db.url(), "--schema", "planned", "--materialize", "vip_orders",
                "--materialize", "n=SELECT count(*) AS n FROM orders", "--print-plan");
        Files.writeString(plan, printed.out());
        assertThat(printed.out()).contains("materialize:").contains("- vip_orders").contains("query: SELECT count(*) AS n FROM orders");
        Cli.Result run = Cli.drover(db, "run", plan.toString(), "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(db.rows("SELECT n FROM planned.n")).containsExactly(List.of("60"));
        assertThat(db.count("planned.vip_orders")).isEqualTo(30);
    }

    @Test
    void materializedTablesGoAlongWithKeySlicesAndTheSampleCheck(TestDatabase db) throws Exception {
        String url = shop();
        Path file = dir.resolve("shop.db");
        int n = 100_500;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, kind INTEGER)");
            s.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + n + ")"
                    + " INSERT INTO events SELECT x, x % 7 FROM c");
            s.execute("CREATE VIEW event_kinds AS SELECT kind, count(*) AS n FROM events GROUP BY kind");
            s.execute("ANALYZE");
        }
        Path summary = dir.resolve("sliced.json");
        Cli.Result r = Cli.drover(db, "load", url, db.url(), "--schema", "sliced", "--concurrency", "2", "--verify-sample", "10",
                "--materialize", "event_kinds", "--materialize", "sevens=SELECT id FROM events WHERE kind = 0",
                "--summary", summary.toString(), "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        // the big table is read in key slices; the views and queries over it in one piece, from their query (count(*) has
        // no declared type in SQLite: text, as for tables)
        assertThat(r.out() + r.err()).contains("reading in 2 key slices by rowid");
        assertThat(db.count("sliced.events")).isEqualTo(n);
        assertThat(db.queryLong("SELECT sum(n::bigint) FROM sliced.event_kinds")).isEqualTo(n);
        assertThat(db.count("sliced.sevens")).isEqualTo(n / 7);
        // the keyed tables are sampled; the materialized ones have no key to find rows by, and say so
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        for (JsonNode t : json.path("tables")) {
            String name = t.path("table").asText();
            assertThat(t.path("reconciled").asBoolean()).as(name).isTrue();
            if (name.equals("sliced.event_kinds") || name.equals("sliced.sevens")) {
                assertThat(t.path("verification").isNull()).as(name).isTrue();
            } else {
                // up to 10 rows each (a small table's spread points may land on rows already sampled)
                JsonNode v = t.path("verification");
                assertThat(v.path("sampled").asLong()).as(name).isBetween(1L, 10L);
                assertThat(v.path("matched").asLong()).as(name).isEqualTo(v.path("sampled").asLong());
                assertThat(v.path("mismatched").asLong()).as(name).isZero();
            }
        }
        assertThat(r.err()).contains("sliced.event_kinds: not verified: a materialized view or query has no primary key")
                .contains("sliced.sevens: not verified: a materialized view or query has no primary key");
    }
}
