package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load postgresql://… --materialize VIEW --materialize NAME=SELECT…}: views and queries loaded as tables. */
@ExtendWith(PostgresExtension.class)
class DroverMaterializePostgresTest {
    @TempDir Path dir;
    TestDatabase src;

    private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text FROM pg_attribute a"
            + " WHERE a.attrelid = '%s'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    @BeforeEach
    void source(TestDatabase db) throws Exception {
        src = new TestDatabase(db.server(), db.server().createDatabase("pgmat"));
        src.execute("""
                CREATE SCHEMA src;
                CREATE TYPE src.mood AS ENUM ('sad', 'ok', 'happy');
                CREATE TABLE src.customers (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email varchar(80) NOT NULL,
                  mood src.mood, created timestamptz(3) NOT NULL DEFAULT now());
                CREATE TABLE src.orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES src.customers,
                  total numeric(10,2) NOT NULL, tags text[], placed date NOT NULL);
                CREATE VIEW src.happy_orders AS SELECT o.id, c.email, c.mood, o.total, o.tags FROM src.orders o
                  JOIN src.customers c ON c.id = o.customer_id WHERE c.mood = 'happy';
                CREATE MATERIALIZED VIEW src.totals AS SELECT customer_id, sum(total) AS total, count(*) AS n FROM src.orders GROUP BY 1;
                CREATE SCHEMA other;
                CREATE VIEW other.happy_orders AS SELECT 1 AS x;
                CREATE TYPE other.size AS ENUM ('S', 'M', 'L');
                CREATE DOMAIN other.sized AS other.size CHECK (VALUE <> 'L');
                CREATE VIEW other.sizes AS SELECT 'M'::other.size AS size, 'S'::other.sized AS sized;
                INSERT INTO src.customers (email, mood, created) SELECT 'c' || g || '@x.org', (ARRAY['sad','ok','happy'])[1 + g % 3]::src.mood,
                  '2024-01-01 10:00:00.125+00'::timestamptz + g * interval '1 day' FROM generate_series(1, 6) g;
                INSERT INTO src.orders SELECT g, 1 + g % 6, g * 25.5, ARRAY['t' || g, NULL], date '2024-02-01' + g FROM generate_series(1, 12) g;
                REFRESH MATERIALIZED VIEW src.totals;
                """);
    }

    @AfterEach
    void drop(TestDatabase db) throws Exception {
        db.server().dropDatabase(src.name());
    }

    @Test
    void viewsAndQueriesArriveTypedAsPostgresqlTypesThemWithTheirRows(TestDatabase db) throws Exception {
        Cli.Result r = Cli.drover(db, "load", src.url(), db.url(), "--schema", "mat",
                "--materialize", "src.happy_orders", "--rename", "happy_orders=mat.happy", "--materialize", "totals", "--materialize", "sizes",
                "--materialize", "big=SELECT o.id, o.total, o.total * 2 AS doubled, (o.total * 1.1)::numeric(12,3) AS taxed, c.mood,"
                        + " c.created, o.tags, c.email || '!' AS shout, c.email::varchar(6) AS short, 'x'::char(3) AS c3,"
                        + " o.placed::timestamp(2) AS p2, B'101'::bit(3) AS b3, B'1'::varbit(5) AS vb, '10:00'::time(0) AS t0,"
                        + " '1.5 s'::interval(1) AS iv FROM src.orders o LEFT JOIN src.customers c"
                        + " ON c.id = o.customer_id WHERE o.total > 100;",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();

        // a view's columns as pg_attribute types them; every one may be NULL, as in the view
        assertThat(db.rows(COLUMNS.formatted("mat.happy"))).containsExactly(List.of("id", "bigint", "false"),
                List.of("email", "character varying(80)", "false"), List.of("mood", "src.mood", "false"),
                List.of("total", "numeric(10,2)", "false"), List.of("tags", "text[]", "false"));
        assertThat(db.rows(COLUMNS.formatted("mat.totals"))).containsExactly(List.of("customer_id", "integer", "false"),
                List.of("total", "numeric", "false"), List.of("n", "bigint", "false"));
        // a query's columns from a table as the table's, its expressions with the modifiers they were cast to
        assertThat(db.rows(COLUMNS.formatted("mat.big"))).containsExactly(List.of("id", "bigint", "false"),
                List.of("total", "numeric(10,2)", "false"), List.of("doubled", "numeric", "false"),
                List.of("taxed", "numeric(12,3)", "false"), List.of("mood", "src.mood", "false"),
                List.of("created", "timestamp(3) with time zone", "false"), List.of("tags", "text[]", "false"),
                List.of("shout", "text", "false"), List.of("short", "character varying(6)", "false"),
                List.of("c3", "character(3)", "false"), List.of("p2", "timestamp(2) without time zone", "false"),
                List.of("b3", "bit(3)", "false"), List.of("vb", "bit varying(5)", "false"),
                List.of("t0", "time(0) without time zone", "false"), List.of("iv", "interval(1)", "false"));

        // an enum and a domain over it that only a view uses are created in the target too
        assertThat(db.rows(COLUMNS.formatted("mat.sizes"))).containsExactly(List.of("size", "other.size", "false"),
                List.of("sized", "other.sized", "false"));
        assertThat(db.rows("SELECT size::text, sized::text FROM mat.sizes")).containsExactly(List.of("M", "S"));

        String happy = "SELECT id, email, mood::text, total::text, tags::text FROM %s ORDER BY id";
        assertThat(db.rows(happy.formatted("mat.happy"))).isEqualTo(src.rows(happy.formatted("src.happy_orders"))).hasSize(4);
        String totals = "SELECT customer_id, total::text, n FROM %s ORDER BY 1";
        assertThat(db.rows(totals.formatted("mat.totals"))).isEqualTo(src.rows(totals.formatted("src.totals"))).hasSize(6);
        assertThat(db.rows("SELECT id, total::text, doubled::text, taxed::text, mood::text, created::text, tags::text, shout, short, c3,"
                + " p2::text, b3::text FROM mat.big ORDER BY id LIMIT 1")).containsExactly(Arrays.asList("4", "102.00", "204.00", "112.200",
                "happy", "2024-01-06 10:00:00.125+00", "{t4,NULL}", "c5@x.org!", "c5@x.o", "x  ", "2024-02-05 00:00:00", "101"));
        assertThat(db.queryLong("SELECT count(*) FROM mat.big")).isEqualTo(9);
        // the tables came as ever, keys and all
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'mat.orders'::regclass AND contype IN ('p', 'f')"))
                .isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid IN ('mat.happy'::regclass, 'mat.big'::regclass)")).isZero();
        assertThat(r.out()).contains("source row counts");
    }

    @Test
    void anAmbiguousOrMissingViewAndABadQueryAreNamed(TestDatabase db) throws Exception {
        Cli.Result ambiguous = Cli.drover(db, "explain", src.url(), "--materialize", "happy_orders");
        assertThat(ambiguous.code()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("view happy_orders is in schemas other, src: write schema.happy_orders");
        Cli.Result missing = Cli.drover(db, "load", src.url(), db.url(), "--schema", "miss", "--materialize", "sad_orders", "--no-progress");
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.err()).contains("no view sad_orders in ").contains("pgmat (its views are happy_orders, sizes, totals)");
        Cli.Result bad = Cli.drover(db, "load", src.url(), db.url(), "--schema", "miss", "--materialize", "q=SELECT nope FROM src.orders",
                "--no-progress");
        assertThat(bad.code()).isEqualTo(4);
        assertThat(bad.err()).contains("materialize q: the query of q does not run").contains("nope");
        Cli.Result twice = Cli.drover(db, "load", src.url(), db.url(), "--schema", "miss", "--materialize",
                "q=SELECT o.id, c.id FROM src.orders o JOIN src.customers c ON c.id = o.customer_id", "--no-progress");
        assertThat(twice.code()).isEqualTo(4);
        assertThat(twice.err()).contains("materialize q: two columns are named id; give them distinct names in the query");
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'miss'")).isZero();
        // a query that failed leaves the source's snapshot usable: the same source still explains
        Cli.Result explained = Cli.drover(db, "explain", src.url(), "--materialize", "other.happy_orders");
        assertThat(explained.code()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("other.happy_orders → public.happy_orders (materialized)");
    }

    @Test
    void tablesOfSeveralSchemasKeepThemWhileAViewGoesWithItsSchemaAndAQueryToPublic(TestDatabase db) throws Exception {
        src.execute("CREATE TABLE other.notes (id integer PRIMARY KEY, body text); INSERT INTO other.notes VALUES (1, 'a'), (2, 'b');");
        String[] materialize = {"--materialize", "other.happy_orders", "--materialize", "q=SELECT id, total FROM src.orders WHERE total > 100"};
        Cli.Result explained = Cli.drover(db, "explain", src.url(), materialize[0], materialize[1], materialize[2], materialize[3]);
        assertThat(explained.code()).as(explained.err()).isZero();
        // the source's tables decide: two schemas, kept; the view follows its schema, the query belongs to none
        assertThat(explained.out()).contains("src.orders → src.orders").contains("other.notes → other.notes")
                .contains("other.happy_orders → other.happy_orders (materialized)").contains("q → public.q (materialized)");

        TestDatabase target = new TestDatabase(db.server(), db.server().createDatabase("pgmat_schemas"));
        try {
            Cli.Result r = Cli.drover(target, "load", src.url(), target.url(), materialize[0], materialize[1], materialize[2], materialize[3],
                    "--verify-sample", "5", "--root-dir", dir.resolve("rej").toString(), "--no-progress");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(target.count("src.orders")).isEqualTo(12);
            assertThat(target.count("other.notes")).isEqualTo(2);
            assertThat(target.rows("SELECT x FROM other.happy_orders")).containsExactly(List.of("1"));
            assertThat(target.count("public.q")).isEqualTo(9);
            assertThat(r.err()).contains("public.q: not verified: a materialized view or query has no primary key");
        } finally {
            db.server().dropDatabase(target.name());
        }
    }
}
