package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load postgresql://…/source postgresql://…/target --schema src} as a user types it. */
@ExtendWith(PostgresExtension.class)
class DroverMigratePostgresTest {
    @TempDir Path dir;



    private static final String COLUMNS = "SELECT lower(c.relname), lower(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull::text"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = 'src' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY 1, a.attnum";

    @Test
    void copiesTypesValuesKeysAndIdentitiesExactly(TestDatabase db) throws Exception {
        TestDatabase src = new TestDatabase(db.server(), dev.drover.engine.source.postgres.SourceDatabase.create(db));
        try {
            // the enum and domain the source's columns use are created by the migration itself
            Cli.Result r = Cli.drover(db, "load", src.url(), db.url(), "--schema", "src", "--root-dir", dir.resolve("rej").toString(),
                    "--no-progress");
            assertThat(r.code()).as(r.out() + r.err()).isZero();

            // every column has the source's type, modifier included, and its NOT NULL
            assertThat(db.rows(COLUMNS)).isEqualTo(src.rows(COLUMNS)).hasSize(56);

            // every row is identical, as PostgreSQL prints it
            for (String table : List.of("customers", "orders", "OrderLines", "line_notes", "all_types", "events", "docs")) {
                String quoted = "\"" + table + "\"";
                List<List<String>> source = src.rows("SELECT t::text FROM src." + quoted + " t ORDER BY 1");
                assertThat(db.rows("SELECT t::text FROM src." + table.toLowerCase() + " t ORDER BY 1")).as(table)
                        .isEqualTo(source).isNotEmpty();
            }

            // keys, unique constraint, expression and partial indexes, checks, validated multi-column foreign keys
            assertThat(db.rows("SELECT conname, contype::text, convalidated::text FROM pg_constraint WHERE connamespace = 'src'::regnamespace"
                    + " AND contype IN ('p', 'u', 'f', 'c') AND conrelid <> 0 ORDER BY 1")).contains(
                    List.of("customers_email_key", "u", "true"), List.of("customers_pkey", "p", "true"),
                    List.of("notes_line_fk", "f", "true"), List.of("orderlines_order_id_fkey", "f", "true"),
                    List.of("orders_customer_id_fkey", "f", "true"), List.of("orders_status_check", "c", "true"),
                    List.of("orderlines_price_check", "c", "true"), List.of("orderlines_pkey", "p", "true"));
            String indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'src' AND tablename = 'customers' ORDER BY 1";
            assertThat(db.rows(indexes)).isEqualTo(src.rows(indexes));
            assertThat(db.rows("SELECT confupdtype::text, confdeltype::text FROM pg_constraint WHERE conname = 'orderlines_order_id_fkey'"))
                    .containsExactly(List.of("c", "r"));

            // identity columns are identities of the same kind (COPY wrote the ALWAYS ones too) and go on after the source maximum
            assertThat(db.rows("SELECT lower(attrelid::regclass::text), attname, attidentity::text FROM pg_attribute"
                    + " WHERE attidentity <> '' AND attrelid::regclass::text LIKE 'src.%' ORDER BY 1"))
                    .containsExactly(List.of("src.all_types", "id", "d"), List.of("src.customers", "id", "a"),
                            List.of("src.docs", "id", "a"), List.of("src.orders", "id", "d"));
            db.execute("INSERT INTO src.all_types (t) VALUES ('new')", "INSERT INTO src.customers (email) VALUES ('new@x.org')");
            assertThat(db.queryLong("SELECT id FROM src.all_types WHERE t = 'new'")).isEqualTo(6);
            assertThat(db.queryLong("SELECT id FROM src.customers WHERE email = 'new@x.org'")).isEqualTo(21);
            // a partitioned table arrives as one table holding the rows of all its partitions
            assertThat(db.rows("SELECT relname, relkind::text FROM pg_class WHERE relnamespace = 'src'::regnamespace"
                    + " AND relname LIKE 'events%' AND relkind IN ('r', 'p')")).containsExactly(List.of("events", "r"));
            assertThat(db.queryLong("SELECT count(*) FROM src.events")).isEqualTo(3);

            // generated columns are generated again, their expressions on the target's column names
            String generated = "SELECT attrelid::regclass::text, attname, attgenerated::text, pg_get_expr(d.adbin, d.adrelid)"
                    + " FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attgenerated <> '' AND a.attrelid::regclass::text LIKE 'src.%' ORDER BY 1";
            assertThat(db.rows(generated)).containsExactly(List.of("src.all_types", "total", "s", "(n * (2)::numeric)"),
                    List.of("src.docs", "title_length", "s", "(length(title) + n)"));
            db.execute("INSERT INTO src.docs (title, n) VALUES ('Fourth', 2)");
            assertThat(db.rows("SELECT id::text, title_length::text FROM src.docs WHERE title = 'Fourth'")).containsExactly(List.of("4", "8"));

            // gin, gist, hash and brin indexes, operator classes, collations, DESC and NULLS order, INCLUDE, partial
            // predicates and unique constraints with included columns, all as the source has them
            String docIndexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'src' AND tablename = 'docs' ORDER BY indexname";
            assertThat(db.rows(docIndexes)).isEqualTo(src.rows(docIndexes).stream()
                    .map(row -> List.of(row.get(0).replace("\"Title\"", "title"))).toList()).hasSize(10);
            assertThat(db.rows("SELECT conname, contype::text FROM pg_constraint WHERE conrelid = 'src.docs'::regclass ORDER BY 1"))
                    .containsExactly(List.of("docs_n_key", "u"), List.of("docs_pkey", "p"));

            // the defaults came along and still mean what they meant
            assertThat(db.rows("SELECT country, mood::text, created IS NOT NULL FROM src.customers WHERE email = 'new@x.org'"))
                    .containsExactly(List.of("FR", "ok", "t"));
        } finally {
            db.server().dropDatabase(src.name());
        }
    }

    @Test
    void aBigTableIsReadInKeySlicesInOneSnapshot(TestDatabase db) throws Exception {
        TestDatabase src = new TestDatabase(db.server(), db.server().createDatabase("pgbig"));
        try {
            int n = 120_000;
            src.execute("CREATE TABLE big (id bigint PRIMARY KEY, v text NOT NULL, at timestamptz, amount numeric(12,2))",
                    "INSERT INTO big SELECT x * 5, 'v' || x, timestamptz '2024-01-01 00:00+00' + x * interval '1 minute', x / 100.0"
                            + " FROM generate_series(1, " + n + ") x",
                    "ANALYZE big");
            Cli.Result r = Cli.drover(db, "load", src.url(), db.url(), "--schema", "copy", "--concurrency", "3", "--no-progress");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out() + r.err()).contains("reading in 3 key slices by id");
            String rows = "SELECT count(*)::text, count(DISTINCT id)::text, sum(amount)::text, md5(string_agg(t::text, ',' ORDER BY id)) FROM %s t";
            assertThat(db.rows(String.format(rows, "copy.big"))).isEqualTo(src.rows(String.format(rows, "big")));
        } finally {
            db.server().dropDatabase(src.name());
        }
    }

    @Test
    void tablesOfSeveralSchemasKeepTheirSchemasUnlessOneIsGiven(TestDatabase db) throws Exception {
        String name = db.server().createDatabase("pgschemas");
        TestDatabase src = new TestDatabase(db.server(), name);
        try {
            src.execute("CREATE SCHEMA \"Sales\"", "CREATE SCHEMA archive",
                    "CREATE TABLE public.customers (id int PRIMARY KEY, name text)",
                    "CREATE TABLE \"Sales\".orders (id int PRIMARY KEY, customer_id int REFERENCES public.customers, total numeric(10,2))",
                    "CREATE TABLE archive.orders (id int PRIMARY KEY, customer_id int REFERENCES public.customers, closed date)",
                    "CREATE SEQUENCE public.line_no START 500 INCREMENT 2",
                    "CREATE TABLE archive.lines (order_id int REFERENCES archive.orders, n int, no int NOT NULL DEFAULT nextval('line_no'))",
                    "INSERT INTO public.customers VALUES (1, 'a'), (2, 'b')",
                    "INSERT INTO \"Sales\".orders VALUES (10, 1, 9.50), (11, 2, 1)",
                    "INSERT INTO archive.orders VALUES (10, 2, '2020-01-01')",
                    "INSERT INTO archive.lines VALUES (10, 1), (10, 2)");

            // one target schema for all: the two orders tables would be one, and nothing is created
            Cli.Result clash = Cli.drover(db, "load", src.url(), db.url(), "--schema", "one", "--root-dir",
                    dir.resolve("rej").toString(), "--no-progress");
            assertThat(clash.code()).as(clash.out() + clash.err()).isEqualTo(4);
            assertThat(clash.out() + clash.err()).contains("tables [Sales.orders, archive.orders] all go to one.orders");
            assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'one'")).isZero();

            // without --schema, each table goes to its own schema's name, and foreign keys find their tables across schemas
            Cli.Result r = Cli.drover(db, "load", src.url(), db.url(), "--root-dir", dir.resolve("rej").toString(), "--no-progress");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(db.rows("SELECT id::text, total::text FROM sales.orders ORDER BY id")).containsExactly(List.of("10", "9.50"), List.of("11", "1.00"));
            assertThat(db.rows("SELECT id::text, closed::text FROM archive.orders")).containsExactly(List.of("10", "2020-01-01"));
            assertThat(db.queryLong("SELECT count(*) FROM public.customers")).isEqualTo(2);
            // a sequence no column owns is created too, the default draws from it, and it goes on after the source's last value
            assertThat(db.rows("SELECT no::text FROM archive.lines ORDER BY no")).containsExactly(List.of("500"), List.of("502"));
            db.execute("INSERT INTO archive.lines (order_id, n) VALUES (10, 3)");
            assertThat(db.queryLong("SELECT no FROM archive.lines WHERE n = 3")).isEqualTo(504);
            assertThat(db.rows("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                    + " AND connamespace IN ('sales'::regnamespace, 'archive'::regnamespace) AND convalidated ORDER BY 1, 2"))
                    .containsExactly(List.of("archive.lines", "archive.orders"), List.of("archive.orders", "customers"),
                            List.of("sales.orders", "customers"));
        } finally {
            db.server().dropDatabase(name);
        }
    }
}
