package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.Plan;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.engine.sample.ShopSample;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command files run against the sample shop (SQLite) and a real PostgreSQL: each test's ALTER SCHEMA sends its tables to
 * a schema of its own, and the target's catalog shows what the clauses did.
 */
@ExtendWith(PostgresExtension.class)
class DatabaseCommandsMigrationTest {
    @TempDir Path dir;

    private Path shop() throws Exception {
        Path file = dir.resolve("shop.db");
        if (!Files.exists(file)) ShopSample.generate(file, 1, 7);
        return file;
    }

    private static void sqlite(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : statements) s.execute(q);
        }
    }

    /** The command file's text, with {{TARGET}} the test database; SQLite paths are relative to {@code dir}. */
    private RunReport run(TestDatabase db, String text) throws Exception {
        String load = text.replace("{{TARGET}}", db.url());
        Files.writeString(dir.resolve("t.load"), load);
        CommandFile f = CommandFile.read(dir.resolve("t.load"), Map.of());
        DatabaseCommands.Translation t = DatabaseCommands.translateReadingSource("t.load", (LoadDatabase) f.commands().get(0), dir);
        Plan p = t.plan();
        Plan plan = new Plan(p.version(), p.target(), p.options().withRejectDir(dir.resolve("rejects")), p.tables(), p.database());
        assertThat(plan.target().url()).doesNotContain(db.server().password() == null ? "\u0000" : ":" + db.server().password() + "@");
        return Engine.run(plan, t.targetPassword() != null ? t.targetPassword() : db.server().password(), e -> { }, new Cancellation());
    }

    private static List<String> tables(TestDatabase db, String schema) throws Exception {
        return db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "' ORDER BY 1")
                .stream().map(r -> r.get(0)).toList();
    }

    private static String type(TestDatabase db, String table, String column) throws Exception {
        return db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = '" + column + "'").get(0).get(0);
    }

    private static void succeeded(RunReport r) {
        assertThat(r.outcome()).as(r.failure()).isIn(Outcome.SUCCESS, Outcome.COMPLETED_WITH_REJECTS);
        assertThat(r.tables()).allSatisfy(t -> assertThat(t.read()).as(t.table()).isEqualTo(t.loaded() + t.rejected()));
    }

    @Test
    void runsTheSqliteExampleOfTheReferenceWithLikeFiltersAndCastRules(TestDatabase db) throws Exception {
        shop();
        RunReport r = run(db, """
                LOAD DATABASE
                     FROM sqlite://shop.db
                     INTO {{TARGET}}
                WITH include drop, create tables, create indexes, reset sequences,
                     encoding 'utf-8', quote identifiers, on error resume next
                CAST type datetime to timestamptz drop default,
                     column customers.name to text,
                     type decimal to "numeric(14,4)" drop typemod
                INCLUDING ONLY TABLE NAMES LIKE 'cust%', 'ORDERS', 'product_'
                EXCLUDING TABLE NAMES LIKE 'sqlite_%'
                ALTER SCHEMA 'public' RENAME TO 'ex_sqlite';
                """);
        succeeded(r);
        assertThat(tables(db, "ex_sqlite")).containsExactly("customers", "orders", "products"); // _ is one character
        assertThat(type(db, "ex_sqlite.customers", "created_at")).isEqualTo("timestamp with time zone");
        assertThat(db.queryLong("SELECT count(*) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                + " WHERE d.adrelid = 'ex_sqlite.customers'::regclass AND a.attname = 'created_at'")).as("drop default").isZero();
        assertThat(type(db, "ex_sqlite.customers", "name")).isEqualTo("text");
        assertThat(type(db, "ex_sqlite.orders", "total")).isEqualTo("numeric(14,4)");
        assertThat(db.count("ex_sqlite.orders")).isPositive();
        // uniquify index names, pgloader's default (§8.3): idx_<table OID>_<name>
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'ex_sqlite' AND indexname = 'idx_'"
                + " || 'ex_sqlite.orders'::regclass::oid || '_orders_customer_date'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'ex_sqlite'::regnamespace")).isEqualTo(1);
    }

    @Test
    void renamesAndMovesTablesByNameAndByRegularExpression(TestDatabase db) throws Exception {
        shop();
        RunReport r = run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH on error resume next
                ALTER TABLE NAMES MATCHING ~/^order/ SET SCHEMA 'alt_sales'
                ALTER TABLE NAMES MATCHING 'orders' RENAME TO 'purchases'
                ALTER TABLE NAMES MATCHING ~/^prod/, 'customers' RENAME TO 'catalog_item'
                ALTER SCHEMA 'public' RENAME TO 'alt_main';
                """);
        // ~/^prod/ comes first in its list, so products is renamed; customers is matched by the same clause too:
        // both would be catalog_item, which the engine refuses before creating anything
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID_PLAN);

        RunReport ok = run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH on error resume next
                ALTER TABLE NAMES MATCHING ~/^order/ SET SCHEMA 'alt_sales'
                ALTER TABLE NAMES MATCHING 'orders' RENAME TO 'purchases'
                ALTER TABLE NAMES MATCHING ~/^prod/ RENAME TO 'catalog_item'
                ALTER SCHEMA 'public' RENAME TO 'alt_main';
                """);
        succeeded(ok);
        assertThat(tables(db, "alt_sales")).containsExactly("order_lines", "purchases");
        assertThat(tables(db, "alt_main")).containsExactly("catalog_item", "customers");
        // the foreign keys follow the new names
        assertThat(db.rows("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                + " AND connamespace = 'alt_sales'::regnamespace ORDER BY 1, 2")).contains(List.of("alt_sales.order_lines", "alt_sales.purchases"),
                List.of("alt_sales.order_lines", "alt_main.catalog_item"), List.of("alt_sales.purchases", "alt_main.customers"));
    }

    @Test
    void schemaOnlyThenDataOnlyIntoTheTablesMade(TestDatabase db) throws Exception {
        shop();
        RunReport schema = run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH schema only
                ALTER SCHEMA 'public' RENAME TO 'two_step';
                """);
        succeeded(schema);
        assertThat(tables(db, "two_step")).containsExactly("customers", "order_lines", "orders", "products");
        assertThat(db.count("two_step.orders")).isZero();

        RunReport data = run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH data only, on error resume next
                INCLUDING ONLY TABLE NAMES LIKE 'customers', 'products'
                ALTER SCHEMA 'public' RENAME TO 'two_step';
                """);
        succeeded(data);
        assertThat(db.count("two_step.customers")).isPositive();
        assertThat(db.count("two_step.products")).isPositive();
        assertThat(db.count("two_step.orders")).isZero();

        // include drop (pgloader's default) makes the tables again
        RunReport again = run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH include drop, schema only
                ALTER SCHEMA 'public' RENAME TO 'two_step';
                """);
        succeeded(again);
        assertThat(db.count("two_step.customers")).isZero();
    }

    @Test
    void createNoIndexesAndNoForeignKeysLeaveThemOut(TestDatabase db) throws Exception {
        shop();
        succeeded(run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH create no indexes, on error resume next
                ALTER SCHEMA 'public' RENAME TO 'no_idx';
                """));
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'no_idx'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'no_idx'::regnamespace")).isZero();

        succeeded(run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH no foreign keys, on error resume next
                ALTER SCHEMA 'public' RENAME TO 'no_fk';
                """));
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'no_fk' AND indexname = 'idx_'"
                + " || 'no_fk.products'::regclass::oid || '_products_sku'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'no_fk'::regnamespace")).isZero();
    }

    @Test
    void runsBeforeAndAfterLoadStatementsAndScripts(TestDatabase db) throws Exception {
        shop();
        Files.writeString(dir.resolve("after.sql"), "insert into hooks_log values ('script', (select count(*) from hooks.orders));\n");
        succeeded(run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH on error resume next
                INCLUDING ONLY TABLE NAMES LIKE 'orders', 'customers'
                ALTER SCHEMA 'public' RENAME TO 'hooks'
                BEFORE LOAD DO $$ drop table if exists hooks_log; $$,
                               $$ create table hooks_log (step text, n bigint); $$
                AFTER LOAD DO $$ insert into hooks_log values ('after', (select count(*) from hooks.customers)); $$
                           EXECUTE 'after.sql';
                """));
        assertThat(db.rows("SELECT step, (n = (SELECT count(*) FROM hooks." + "orders"
                + ") OR n = (SELECT count(*) FROM hooks.customers))::text FROM hooks_log ORDER BY step"))
                .containsExactly(List.of("after", "true"), List.of("script", "true"));
    }

    @Test
    void identifierCaseOptionsNameTheTargetTablesAndColumns(TestDatabase db) throws Exception {
        Path file = dir.resolve("names.db");
        sqlite(file, "CREATE TABLE \"OrderArchive\" (\"OrderId\" INTEGER PRIMARY KEY, \"customerName\" TEXT)",
                "INSERT INTO \"OrderArchive\" VALUES (1, 'a'), (2, 'b')");
        String load = """
                LOAD DATABASE FROM sqlite://names.db INTO {{TARGET}}
                WITH %s
                ALTER SCHEMA 'public' RENAME TO '%s';
                """;
        succeeded(run(db, load.formatted("downcase identifiers", "case_down")));
        succeeded(run(db, load.formatted("quote identifiers", "case_quote")));
        succeeded(run(db, load.formatted("snake_case identifiers", "case_snake")));
        assertThat(db.rows("SELECT table_schema, table_name, string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns"
                + " WHERE table_schema LIKE 'case_%' GROUP BY 1, 2 ORDER BY 1")).containsExactly(
                List.of("case_down", "orderarchive", "orderid,customername"),
                List.of("case_quote", "OrderArchive", "OrderId,customerName"),
                List.of("case_snake", "order_archive", "order_id,customer_name"));
        assertThat(db.count("case_quote.\"OrderArchive\"")).isEqualTo(2);
    }

    @Test
    void materializesSqliteViewsAndQueriesAsTables(TestDatabase db) throws Exception {
        Path file = shop();
        sqlite(file, "CREATE VIEW IF NOT EXISTS big_orders AS SELECT id, customer_id, total FROM orders WHERE total > 100");
        succeeded(run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                WITH on error resume next
                MATERIALIZE VIEWS big_orders, vip_customers AS $$ select id, email from customers where vip = 1 $$
                INCLUDING ONLY TABLE NAMES LIKE 'customers', 'big_orders', 'vip_customers'
                ALTER SCHEMA 'public' RENAME TO 'views_mat';
                """));
        assertThat(tables(db, "views_mat")).containsExactly("big_orders", "customers", "vip_customers");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM big_orders")) {
            rs.next();
            assertThat(db.count("views_mat.big_orders")).isEqualTo(rs.getLong(1)).isPositive();
        }
        assertThat(db.queryLong("SELECT count(*) FROM views_mat.vip_customers")).isPositive();
    }

    @Test
    void onErrorStopIsTheDefaultForADatabase(TestDatabase db) throws Exception {
        shop();
        RunReport r = run(db, """
                LOAD DATABASE FROM sqlite://shop.db INTO {{TARGET}}
                INCLUDING ONLY TABLE NAMES LIKE 'products'
                ALTER SCHEMA 'public' RENAME TO 'stops';
                """);
        // the sample's product with the text stock 'n/a' stops the table, as pgloader's v3 does for a database
        assertThat(r.outcome()).isNotIn(Outcome.SUCCESS, Outcome.COMPLETED_WITH_REJECTS);
    }

    @Test
    void readsAPostgresqlSchemaWithCaseSensitivePatterns(TestDatabase db) throws Exception {
        db.execute("DROP SCHEMA IF EXISTS src_pg CASCADE", "CREATE SCHEMA src_pg",
                "CREATE TABLE src_pg.orders (id int PRIMARY KEY, v varchar(20))",
                "CREATE TABLE src_pg.orders_backup (id int)", "CREATE TABLE src_pg.\"Items\" (id int)",
                "CREATE TABLE src_pg.items (id int)", "INSERT INTO src_pg.orders VALUES (1, 'x'), (2, 'y')");
        String source = db.url().replaceFirst("^postgresql", "pgsql");
        succeeded(run(db, """
                LOAD DATABASE FROM %s INTO {{TARGET}}
                WITH include drop, create tables, create indexes, reset sequences
                INCLUDING ONLY TABLE NAMES MATCHING ~/ord/, 'Items' IN SCHEMA 'src_pg'
                EXCLUDING TABLE NAMES MATCHING ~/_backup$/ IN SCHEMA 'src_pg'
                ALTER SCHEMA 'src_pg' RENAME TO 'dst_pg';
                """.formatted(source)));
        assertThat(tables(db, "dst_pg")).containsExactly("Items", "orders");
        assertThat(db.count("dst_pg.orders")).isEqualTo(2);
        assertThat(type(db, "dst_pg.orders", "v")).isEqualTo("character varying(20)");
    }

    @Test
    void runsAfterCreateSchemaBetweenTheTablesAndTheirRows(TestDatabase db) throws Exception {
        db.execute("DROP SCHEMA IF EXISTS src_acs CASCADE", "DROP SCHEMA IF EXISTS dst_acs CASCADE", "CREATE SCHEMA src_acs",
                "CREATE TABLE src_acs.events (id int PRIMARY KEY, v text)", "INSERT INTO src_acs.events VALUES (1, 'a'), (2, 'b')");
        String source = db.url().replaceFirst("^postgresql", "pgsql");
        // the block sees the created, still empty table, and what it adds (a default column, a trigger) applies to the load
        RunReport r = run(db, """
                LOAD DATABASE FROM %s INTO {{TARGET}}
                WITH include drop, create tables
                INCLUDING ONLY TABLE NAMES MATCHING 'events' IN SCHEMA 'src_acs'
                ALTER SCHEMA 'src_acs' RENAME TO 'dst_acs'
                AFTER CREATE SCHEMA DO
                  $$ create table dst_acs.seen as select count(*) as rows_then from dst_acs.events; $$,
                  $$ alter table dst_acs.events add column loaded_by text default 'drover'; $$;
                """.formatted(source));
        succeeded(r);
        assertThat(r.pre()).extracting(PhaseReport::label).containsSubsequence("create tables", "after create schema");
        assertThat(db.rows("SELECT rows_then FROM dst_acs.seen")).containsExactly(List.of("0"));
        assertThat(db.rows("SELECT id, v, loaded_by FROM dst_acs.events ORDER BY id"))
                .containsExactly(List.of("1", "a", "drover"), List.of("2", "b", "drover"));
    }
}
