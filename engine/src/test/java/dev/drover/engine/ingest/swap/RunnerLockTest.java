package dev.drover.engine.ingest.swap;

import static dev.drover.engine.ingest.swap.SwapFixtures.exec;
import static dev.drover.engine.ingest.swap.SwapFixtures.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.target.TableRef;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RunnerLockTest {

    @Test
    void aSecondRunnerOnTheSameTableFailsFastNamingTheFirst(TestDatabase db) throws SQLException {
        TableRef table = new TableRef("my \"s.chema\" 🚀", "t a.b");
        try (Connection first = db.connect(); Connection second = db.connect()) {
            exec(first, "SET application_name = 'first runner'");
            int firstPid = pid(first);
            try (RunnerLock held = RunnerLock.acquire(first, table)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> RunnerLock.acquire(second, table))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55P03"))
                        .hasMessageContaining("another Drover run is working on table my \"s.chema\" 🚀.t a.b")
                        .hasMessageContaining("pid " + firstPid + " (application_name 'first runner'");
                assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
                // another table is another lock
                try (RunnerLock other = RunnerLock.acquire(second, new TableRef("my \"s.chema\" 🚀", "t a.c"))) {
                    assertThat(other.key()).isNotEqualTo(held.key());
                }
            }
            try (RunnerLock now = RunnerLock.acquire(second, table)) {
                assertThat(now.table()).isEqualTo(table);
            }
        }
    }

    @Test
    void anUnqualifiedNameIsTheSameLockAsItsQualifiedName(TestDatabase db) throws SQLException {
        try (Connection first = db.connect(); Connection second = db.connect();
             RunnerLock held = RunnerLock.acquire(first, TableRef.parse("plain"))) {
            assertThat(held.table()).isEqualTo(new TableRef("public", "plain"));
            assertThatThrownBy(() -> RunnerLock.acquire(second, TableRef.parse("public.plain")))
                    .hasMessageContaining("public.plain");
        }
    }

    @Test
    void theKeyIsStableAndDependsOnDatabaseSchemaAndTable() {
        long k = RunnerLock.key("sales", new TableRef("public", "orders"));
        assertThat(RunnerLock.key("sales", new TableRef("public", "orders"))).isEqualTo(k);
        assertThat(RunnerLock.key("sales2", new TableRef("public", "orders"))).isNotEqualTo(k);
        assertThat(RunnerLock.key("sales", new TableRef("public.orders", "x"))).isNotEqualTo(RunnerLock.key("sales", new TableRef("public", "orders.x")));
    }
}
