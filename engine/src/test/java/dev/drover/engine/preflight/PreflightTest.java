package dev.drover.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRuleSyntax;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.preflight.Preflight.Problem;
import dev.drover.engine.preflight.Preflight.Report;
import dev.drover.engine.preflight.Preflight.Severity;
import dev.drover.engine.preflight.Preflight.TableResult;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.sample.ShopSample;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-flight scan on real SQLite files: the sample shop's planted anomalies, and one value check at a time. */
class PreflightTest {
    private static final String KEEP_VARCHAR = "type varchar to varchar keep typemod";

    @TempDir Path dir;

    private Path shop(String name) throws Exception {
        return ShopSample.generate(dir.resolve(name), 1, ShopSample.DEFAULT_SEED);
    }

    private static Report scan(Path db, Preflight.Options o, String... rules) throws Exception {
        List<CastRule> casts = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) casts.add(CastRuleSyntax.parse(rules[i], "user rule " + (i + 1)));
        DatabaseMigration.Options options = new DatabaseMigration.Options(null, false, casts);
        try (DatabaseSource source = DatabaseSources.open("sqlite://" + db.toAbsolutePath())) {
            SourceCatalog catalog = DatabaseMigration.catalog(source, options);
            return Preflight.scan(source, catalog, DatabaseMigration.casts(catalog, source, options), o, new Cancellation());
        }
    }

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }

    @Test
    void findsExactlyThePlantedAnomaliesOfTheShopWithTheirRowsAndFixes() throws Exception {
        Report r = scan(shop("shop.db"), Preflight.Options.DEFAULT, KEEP_VARCHAR);

        assertThat(r.problems()).extracting(Problem::table, Problem::column, Problem::severity, Problem::count).containsExactly(
                tuple("public.customers", "name", Severity.ERROR, 1L),
                tuple("public.customers", "birth_date", Severity.ERROR, 1L),
                tuple("public.products", "stock", Severity.ERROR, 1L),
                tuple("public.orders", "ordered_on", Severity.ERROR, 1L));
        assertThat(r.errors()).isEqualTo(4);
        assertThat(r.warnings()).isZero();

        Problem name = r.problems().get(0);
        assertThat(name.kind()).isEqualTo("too long for varchar(80)");
        assertThat(name.examples()).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo("id=" + ShopSample.OVERLONG_NAME_CUSTOMER_ID + " (rowid)");
            assertThat(e.value()).startsWith("Maria Magdalena").endsWith("…");
        });
        assertThat(name.fix()).contains("column customers.name to text");

        Problem date = r.problems().get(1);
        assertThat(date.kind()).isEqualTo("not a valid date");
        assertThat(date.examples()).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo("id=" + ShopSample.INVALID_DATE_CUSTOMER_ID + " (rowid)");
            assertThat(e.value()).isEqualTo("1987-02-30");
        });

        Problem stock = r.problems().get(2);
        assertThat(stock.kind()).isEqualTo("not an integer");
        assertThat(stock.examples()).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo("id=" + ShopSample.NON_NUMERIC_STOCK_PRODUCT_ID + " (rowid)");
            assertThat(e.value()).isEqualTo("n/a");
        });
        assertThat(stock.fix()).contains("column products.stock to text");

        Problem zero = r.problems().get(3);
        assertThat(zero.kind()).isEqualTo("zero date → NULL in NOT NULL column");
        assertThat(zero.examples()).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo("id=" + ShopSample.ZERO_DATE_ORDER_ID + " (rowid)");
            assertThat(e.value()).isEqualTo("0000-00-00");
        });
        assertThat(zero.fix()).contains("column orders.ordered_on to date drop not null");

        // every table read whole: the sample is bigger than the shop at scale 1
        assertThat(r.tables()).allSatisfy(t -> assertThat(t.complete()).isTrue());
        assertThat(r.table("customers").orElseThrow().rowsScanned()).isEqualTo(50);
    }

    @Test
    void withoutTheVarcharRuleTheLongNameIsNoProblemSinceSqliteVarcharBecomesText() throws Exception {
        Report r = scan(shop("shop.db"), Preflight.Options.DEFAULT);
        assertThat(r.problems()).extracting(Problem::column).containsExactly("birth_date", "stock", "ordered_on");
    }

    @Test
    void theCleanRowsReportNothing() throws Exception {
        Path db = shop("clean.db");
        sql(db, "DELETE FROM customers WHERE id IN (" + ShopSample.OVERLONG_NAME_CUSTOMER_ID + ", " + ShopSample.INVALID_DATE_CUSTOMER_ID + ")",
                "DELETE FROM products WHERE id = " + ShopSample.NON_NUMERIC_STOCK_PRODUCT_ID,
                "DELETE FROM orders WHERE id = " + ShopSample.ZERO_DATE_ORDER_ID);
        Report r = scan(db, new Preflight.Options(0), KEEP_VARCHAR);
        assertThat(r.problems()).isEmpty();
        assertThat(r.errors()).isZero();
        assertThat(r.warnings()).isZero();
        assertThat(r.tables()).hasSize(4).allSatisfy(t -> assertThat(t.complete()).isTrue());
    }

    @Test
    void aDuplicateInAUniqueColumnTheSourceDidNotEnforceIsFound() throws Exception {
        Path db = shop("dup.db");
        // SQLite compares a BLOB and a TEXT as different values; the load reads both as the same text
        sql(db, "UPDATE customers SET email = CAST((SELECT email FROM customers WHERE id = 2) AS BLOB) WHERE id = 3");
        Report r = scan(db, Preflight.Options.DEFAULT);
        List<Problem> dups = r.problems().stream().filter(p -> p.kind().startsWith("duplicate key")).toList();
        assertThat(dups).singleElement().satisfies(p -> {
            assertThat(p.table()).isEqualTo("public.customers");
            assertThat(p.column()).isEqualTo("email");
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.kind()).startsWith("duplicate key (unique");
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.examples()).singleElement().satisfies(e -> {
                assertThat(e.position()).isEqualTo("id=3 (rowid)");
                assertThat(e.value()).startsWith("email=").contains("@");
            });
        });
        // the other problems are the planted ones, nothing more
        assertThat(r.errors()).isEqualTo(4);

        // a migration that builds no keys does not look for duplicates
        Report noKeys = scan(db, new Preflight.Options(Preflight.DEFAULT_SAMPLE, false));
        assertThat(noKeys.problems()).noneMatch(p -> p.kind().startsWith("duplicate key"));
    }

    @Test
    void aSampleReadsAtMostItsRowsAndSaysWhenTheTableIsBigger() throws Exception {
        Report r = scan(shop("shop.db"), new Preflight.Options(50), KEEP_VARCHAR);
        TableResult orders = r.table("orders").orElseThrow();
        assertThat(orders.rowsScanned()).isEqualTo(50);
        assertThat(orders.complete()).isFalse();
        TableResult lines = r.table("order_lines").orElseThrow();
        assertThat(lines.rowsScanned()).isEqualTo(50);
        assertThat(lines.complete()).isFalse();
        // exactly as many rows as the sample: read whole
        TableResult customers = r.table("customers").orElseThrow();
        assertThat(customers.rowsScanned()).isEqualTo(50);
        assertThat(customers.complete()).isTrue();
        // the sample is the first rows by key, so the anomalies at the start are in it
        assertThat(r.errors()).isEqualTo(4);

        Report tiny = scan(shop("tiny.db"), new Preflight.Options(3));
        assertThat(tiny.tables()).allSatisfy(t -> {
            assertThat(t.rowsScanned()).isEqualTo(3);
            assertThat(t.complete()).isFalse();
        });
        assertThat(tiny.problems()).isEmpty(); // the planted rows are past the third
    }

    @Test
    void tablesWithoutADeclaredKeyAreSampledByRowidOrByACursorClosedAfterTheSample() throws Exception {
        Path db = dir.resolve("keys.db");
        sql(db, "CREATE TABLE heap (v TEXT, n INTEGER)",
                "CREATE TABLE pairs (a INTEGER, b TEXT, n INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID",
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 30)"
                        + " INSERT INTO heap SELECT 'v' || i, CASE WHEN i = 2 THEN 'x' ELSE i END FROM k",
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 30)"
                        + " INSERT INTO pairs SELECT i / 10, 'b' || i, CASE WHEN i = 3 THEN 'y' ELSE i END FROM k");
        Report r = scan(db, new Preflight.Options(5));
        assertThat(r.tables()).allSatisfy(t -> {
            assertThat(t.rowsScanned()).isEqualTo(5);
            assertThat(t.complete()).isFalse();
        });
        assertThat(r.problems()).extracting(Problem::table, Problem::column, Problem::kind).containsExactly(
                tuple("public.heap", "n", "not an integer"), tuple("public.pairs", "n", "not an integer"));
        assertThat(r.problems().get(0).examples().get(0).position()).isEqualTo("rowid 2");
        assertThat(r.problems().get(1).examples().get(0).position()).contains("a=0").contains("b3");

        Report all = scan(db, new Preflight.Options(0));
        assertThat(all.tables()).allSatisfy(t -> {
            assertThat(t.rowsScanned()).isEqualTo(30);
            assertThat(t.complete()).isTrue();
        });
    }

    @Test
    void eachValueCheckOfTheEncodersReportsItsKindWithoutFalsePositives() throws Exception {
        Path db = dir.resolve("values.db");
        sql(db, """
                CREATE TABLE t (
                    id INTEGER PRIMARY KEY,
                    small INTEGER,
                    price DECIMAL(5,2),
                    label TEXT,
                    f REAL,
                    code CHAR(3),
                    doc JSON,
                    addr TEXT
                )""",
                "INSERT INTO t VALUES (1, 5, 1.5, 'ok', 1.5, 'abc', '{\"a\": 1}', '10.0.0.1')",
                "INSERT INTO t VALUES (2, 40000, 1234.5, 'ok', 0.25, 'ab ', '[]', '10.0.0.2')",
                "INSERT INTO t VALUES (3, -7, 1.234, x'ff41', 1e300, 'abcd', NULL, NULL)",
                "INSERT INTO t VALUES (4, 8, 2.345, 'a' || char(0) || 'b', 1.23456789, 'xy', NULL, NULL)",
                "INSERT INTO t VALUES (5, 9, 2, 'fine', 2, 'z', NULL, NULL)");
        Report r = scan(db, Preflight.Options.DEFAULT, "column t.small to smallint", "column t.addr to inet",
                "column t.code to char(3)");
        TableResult t = r.tables().get(0);
        assertThat(t.problems()).extracting(Problem::column, Problem::severity, Problem::kind, Problem::count).containsExactlyInAnyOrder(
                tuple("small", Severity.ERROR, "out of range for smallint", 1L),
                tuple("price", Severity.ERROR, "too many digits for numeric(5,2)", 1L),
                tuple("label", Severity.ERROR, "not valid UTF-8", 1L),
                tuple("label", Severity.ERROR, "contains a NUL character", 1L),
                tuple("f", Severity.ERROR, "out of range for real", 1L),
                tuple("code", Severity.ERROR, "too long for char(3)", 1L),
                tuple("price", Severity.WARNING, "rounded to scale 2", 2L),
                tuple("f", Severity.WARNING, "rounded to real (about 6 significant digits)", 1L));
        Problem range = t.problems().stream().filter(p -> p.column().equals("small")).findFirst().orElseThrow();
        assertThat(range.examples()).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo("id=2 (rowid)");
            assertThat(e.value()).isEqualTo("40000");
        });
        assertThat(range.fix()).contains("column t.small to integer");
        Problem rounded = t.problems().stream().filter(p -> p.kind().startsWith("rounded to scale")).findFirst().orElseThrow();
        assertThat(rounded.examples()).extracting(Preflight.Example::position).containsExactly("id=3 (rowid)", "id=4 (rowid)");
        // the server alone reads inet and JSON: said, not guessed
        assertThat(t.notes()).anySatisfy(n -> assertThat(n).startsWith("addr (inet): values not checked before the load"));
        assertThat(t.notes()).anySatisfy(n -> assertThat(n).startsWith("doc (jsonb): JSON syntax not checked before the load"));
    }

    @Test
    void aPlanIsScannedWithItsOwnRules() throws Exception {
        Path db = shop("shop.db");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "postgresql://loader@localhost/shop"}
                database:
                  source: sqlite://%s
                  casts:
                    - %s
                  exclude: [order_lines]
                """.formatted(db.toAbsolutePath(), KEEP_VARCHAR));
        Plan p = PlanYaml.read(plan);
        Report r = Preflight.scan(p, Preflight.Options.DEFAULT, new Cancellation());
        assertThat(r.tables()).extracting(TableResult::table).containsExactly("public.customers", "public.products", "public.orders");
        assertThat(r.errors()).isEqualTo(4);
    }

    @Test
    void aCancelledScanStopsAndSaysSo() throws Exception {
        Cancellation c = new Cancellation();
        c.cancel();
        Path db = shop("shop.db");
        DatabaseMigration.Options options = new DatabaseMigration.Options(null, false, List.of());
        try (DatabaseSource source = DatabaseSources.open("sqlite://" + db.toAbsolutePath())) {
            SourceCatalog catalog = DatabaseMigration.catalog(source, options);
            Report r = Preflight.scan(source, catalog, DatabaseMigration.casts(catalog, source, options), Preflight.Options.DEFAULT, c);
            assertThat(r.cancelled()).isTrue();
            assertThat(r.tables()).isEmpty();
        }
    }
}
