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
            assertThat(db.rows(COLUMNS)).isEqualTo(src.rows(COLUMNS)).hasSize(49);

            // every row is identical, as PostgreSQL prints it
            for (String table : List.of("customers", "orders", "OrderLines", "line_notes", "all_types", "events")) {
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

            // identity columns are identities and go on after the source maximum
            assertThat(db.rows("SELECT lower(attrelid::regclass::text), attname, attidentity::text FROM pg_attribute"
                    + " WHERE attidentity <> '' AND attrelid::regclass::text LIKE 'src.%' ORDER BY 1"))
                    .containsExactly(List.of("src.all_types", "id", "d"), List.of("src.customers", "id", "d"), List.of("src.orders", "id", "d"));
            db.execute("INSERT INTO src.all_types (t) VALUES ('new')", "INSERT INTO src.customers (email) VALUES ('new@x.org')");
            assertThat(db.queryLong("SELECT id FROM src.all_types WHERE t = 'new'")).isEqualTo(6);
            assertThat(db.queryLong("SELECT id FROM src.customers WHERE email = 'new@x.org'")).isEqualTo(21);
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
}
