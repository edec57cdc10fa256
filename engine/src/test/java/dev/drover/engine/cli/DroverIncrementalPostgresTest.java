package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental plan with a PostgreSQL source: the cursor position goes back into the source's COPY as literals, so a
 * timestamptz and a text holding a quote and a backslash must compare exactly as the source orders them.
 */
@ExtendWith(PostgresExtension.class)
class DroverIncrementalPostgresTest {
    @TempDir Path dir;

    @Test
    void secondRunLoadsOnlyNewAndChangedRows(TestDatabase pg) throws Exception {
        TestDatabase src = new TestDatabase(pg.server(), pg.server().createDatabase("incsrc"));
        try {
            src.execute("CREATE TABLE orders (code text PRIMARY KEY, item text NOT NULL, updated_at timestamptz NOT NULL)",
                    "INSERT INTO orders VALUES ('a''1', 'pen', '2024-01-01 10:00+00'), (E'b\\\\2', 'ink', '2024-01-01 10:00+00'),"
                            + " ('c3', 'pad', '2024-01-02 10:00+00')");
            Path plan = IncrementalPlans.write(dir, pg, src.url(), "pgi", "[updated_at, code]");

            IncrementalPlans.run(pg, plan, "pgi.orders", 3, 0);

            // the second row of the first batch has a backslash, and the page after it must start exactly there
            src.execute("INSERT INTO orders VALUES ('d4', 'cap', '2024-01-03 10:00+00')",
                    "UPDATE orders SET item = 'quill', updated_at = '2024-01-04 10:00+00' WHERE code = 'a''1'");
            IncrementalPlans.run(pg, plan, "pgi.orders", 1, 1);
            IncrementalPlans.run(pg, plan, "pgi.orders", 0, 0);
            assertThat(pg.rows("SELECT code, item FROM pgi.orders ORDER BY code")).containsExactly(
                    List.of("a'1", "quill"), List.of("b\\2", "ink"), List.of("c3", "pad"), List.of("d4", "cap"));

            // set back to after the backslash row: the literal must be escaped to match it exactly
            Cli.Result set = Cli.drover(pg, "state", plan.toString(), "--set",
                    "orders=[\"2024-01-01 10:00:00+00\", \"b\\\\2\"]");
            assertThat(set.code()).as(set.out() + set.err()).isZero();
            Cli.Result again = Cli.drover(pg, "run", plan.toString(), "--no-progress");
            assertThat(again.out() + again.err()).contains("pgi.orders: 0 inserted, 0 updated, 3 unchanged");
        } finally {
            pg.server().dropDatabase(src.name());
        }
    }
}
