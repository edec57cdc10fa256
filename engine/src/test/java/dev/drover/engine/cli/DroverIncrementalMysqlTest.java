package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An incremental plan with a MySQL/MariaDB source: pages in the expanded OR form, the position bound as parameters. */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverIncrementalMysqlTest {
    @TempDir Path dir;

    @Test
    void secondRunLoadsOnlyNewAndChangedRows(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(20) NOT NULL, updated_at DATETIME NOT NULL)",
                "INSERT INTO orders VALUES (1, 'pen', '2024-01-01 10:00:00'), (2, 'ink', '2024-01-01 10:00:00'),"
                        + " (3, 'pad', '2024-01-02 10:00:00')");
        // plans never hold passwords: a reader without one (the test server's own user may have one)
        for (String host : List.of("%", "localhost", "127.0.0.1")) {
            my.execute("CREATE USER IF NOT EXISTS 'drover_incr'@'" + host + "'",
                    "GRANT SELECT, SHOW VIEW ON `" + my.name() + "`.* TO 'drover_incr'@'" + host + "'");
        }
        String source = "mysql://drover_incr@" + my.server().host() + ":" + my.server().port() + "/" + my.name();
        Path plan = IncrementalPlans.write(dir, pg, source, "myi", "[updated_at, id]");

        IncrementalPlans.run(pg, plan, "myi.orders", 3, 0);

        my.execute("INSERT INTO orders VALUES (4, 'cap', '2024-01-03 10:00:00')",
                "UPDATE orders SET item = 'quill', updated_at = '2024-01-04 10:00:00' WHERE id = 2");
        IncrementalPlans.run(pg, plan, "myi.orders", 1, 1);
        IncrementalPlans.run(pg, plan, "myi.orders", 0, 0);
        assertThat(pg.rows("SELECT id::text, item FROM myi.orders ORDER BY id")).containsExactly(
                List.of("1", "pen"), List.of("2", "quill"), List.of("3", "pad"), List.of("4", "cap"));
    }
}
