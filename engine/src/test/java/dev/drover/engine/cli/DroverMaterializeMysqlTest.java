package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load mysql://… --materialize VIEW --materialize NAME=SELECT…}: views and queries loaded as tables. */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverMaterializeMysqlTest {
    @TempDir Path dir;

    private static final String COLUMNS = "SELECT column_name, format_type(a.atttypid, a.atttypmod), is_nullable FROM information_schema.columns c"
            + " JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass"
            + " AND a.attname = c.column_name WHERE table_schema = 'mat' AND table_name = '%s' ORDER BY ordinal_position";

    private static void shop(MysqlDatabase my) throws Exception {
        my.execute("CREATE TABLE IF NOT EXISTS customers (id INT NOT NULL PRIMARY KEY, email VARCHAR(80) NOT NULL, vip TINYINT(1) NOT NULL)",
                "CREATE TABLE IF NOT EXISTS orders (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
                        + " placed DATETIME(3) NOT NULL, took TIME(2), paid BIT(1), total DECIMAL(12,2) NOT NULL DEFAULT 0, note TEXT,"
                        + " status ENUM('new','paid') NOT NULL, FOREIGN KEY (customer_id) REFERENCES customers (id))",
                "DELETE FROM orders", "DELETE FROM customers",
                "INSERT INTO customers VALUES (1, 'a@x.org', 1), (2, 'b@x.org', 0), (3, 'c@x.org', 1)",
                "INSERT INTO orders (id, customer_id, placed, took, paid, total, note, status) VALUES"
                        + " (1, 1, '2024-01-01 10:00:00.125', NULL, b'0', 99.50, 'first', 'new'),"
                        + " (2, 2, '2024-01-02 11:00:00', '00:00:01.5', b'1', 150.00, NULL, 'paid'),"
                        + " (3, 3, '2024-01-03 12:00:00.5', '01:02:03.45', b'1', 1200.75, 'big é', 'paid'),"
                        + " (4, 1, '2024-01-04 13:00:00', NULL, NULL, 20.00, 'small', 'paid')",
                "CREATE OR REPLACE VIEW paid_orders AS SELECT o.id, c.email, o.placed, o.total, o.status FROM orders o"
                        + " JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid'");
    }

    @Test
    void aViewAndAQueryBecomeTablesTypedAsMysqlTypesThem(MysqlDatabase my, TestDatabase pg) throws Exception {
        shop(my);
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "mat", "--include-drop", "--materialize", "paid_orders",
                "--materialize", "big=SELECT o.id, o.total * 2 AS doubled, UPPER(o.note) AS shout, o.placed, o.took, o.paid, o.status,"
                        + " c.vip, c.email, COUNT(*) OVER () AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id"
                        + " WHERE o.total > 100 ORDER BY o.id",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();

        // the view's columns as information_schema types them: the enum keeps its labels, as its table's column does
        assertThat(pg.rows(COLUMNS.formatted("paid_orders"))).containsExactly(List.of("id", "bigint", "NO"),
                List.of("email", "character varying(80)", "NO"), List.of("placed", "timestamp(3) without time zone", "YES"),
                List.of("total", "numeric(12,2)", "NO"), List.of("status", "mat.orders_status_t", "NO"));
        // a query's columns taken from a table are typed as the table's (tinyint(1) is a boolean, the enum its type), its
        // expressions as the server types them; NOT NULL only where the prepared result says so (the outer join can
        // empty c.vip, which its table declares NOT NULL)
        assertThat(pg.rows(COLUMNS.formatted("big"))).containsExactly(List.of("id", "bigint", "YES"),
                List.of("doubled", "numeric(13,2)", "YES"), List.of("shout", "text", "YES"),
                List.of("placed", "timestamp(3) without time zone", "YES"), List.of("took", "time(2) without time zone", "YES"),
                List.of("paid", "boolean", "YES"), List.of("status", "mat.orders_status_t", "YES"), List.of("vip", "boolean", "YES"),
                List.of("email", "character varying(80)", "YES"), List.of("n", "bigint", "NO"));

        assertThat(pg.rows("SELECT id, email, placed::text, total::text, status::text FROM mat.paid_orders ORDER BY id")).containsExactly(
                List.of("2", "b@x.org", "2024-01-02 11:00:00", "150.00", "paid"),
                List.of("3", "c@x.org", "2024-01-03 12:00:00.5", "1200.75", "paid"),
                List.of("4", "a@x.org", "2024-01-04 13:00:00", "20.00", "paid"));
        assertThat(pg.rows("SELECT id, doubled::text, shout, placed::text, took::text, paid::text, status::text, vip::text, email, n"
                + " FROM mat.big ORDER BY id")).containsExactly(
                Arrays.asList("2", "300.00", null, "2024-01-02 11:00:00", "00:00:01.5", "true", "paid", "false", "b@x.org", "2"),
                Arrays.asList("3", "2401.50", "BIG É", "2024-01-03 12:00:00.5", "01:02:03.45", "true", "paid", "true", "c@x.org", "2"));
        assertThat(pg.queryLong("SELECT count(*) FROM pg_index WHERE indrelid IN ('mat.paid_orders'::regclass, 'mat.big'::regclass)")).isZero();
        assertThat(r.out()).contains("source row counts");
    }

    @Test
    void aMissingViewOrABadQueryStopsTheRunBeforeAnythingIsCreated(MysqlDatabase my, TestDatabase pg) throws Exception {
        shop(my);
        Cli.Result missing = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "miss", "--materialize", "unpaid_orders", "--no-progress");
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.err()).contains("no view unpaid_orders in ").contains("(its views are paid_orders)");
        Cli.Result bad = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "miss", "--materialize", "q=SELECT nope FROM orders",
                "--no-progress");
        assertThat(bad.code()).isEqualTo(4);
        assertThat(bad.err()).contains("materialize q: the query of q does not run").contains("nope");
        assertThat(pg.queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'miss'")).isZero();
    }
}
