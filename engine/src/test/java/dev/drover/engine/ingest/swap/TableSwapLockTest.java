package dev.drover.engine.ingest.swap;

import static dev.drover.engine.ingest.swap.SwapFixtures.exec;
import static dev.drover.engine.ingest.swap.SwapFixtures.inTransaction;
import static dev.drover.engine.ingest.swap.SwapFixtures.one;
import static dev.drover.engine.ingest.swap.SwapFixtures.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.target.TableRef;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A session holding a lock on the live table: bounded waits, retries, a clear failure, opt-in termination. */
@ExtendWith(PostgresExtension.class)
class TableSwapLockTest {
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);
    /** Scheduling slack on a shared 2-CPU machine; the point is "about lock_timeout", not "until the blocker goes". */
    static final Duration SLACK = Duration.ofMillis(1500);

    static SwapOptions options() {
        return SwapOptions.DEFAULTS.withLockTimeout(LOCK_TIMEOUT).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .withRetryBudget(Duration.ofSeconds(60));
    }

    /**
     * A live table with a view, and a blocker session reading it in an open transaction. (PostgreSQL keeps only
     * ASCII in application_name, so the blocker's name is plain.)
     */
    static Connection setUp(TestDatabase db, String table) throws SQLException {
        db.execute("CREATE TABLE " + TableRef.quote(table) + " (v int)", "INSERT INTO " + TableRef.quote(table) + " VALUES (1)",
                "CREATE VIEW " + TableRef.quote(table + " view") + " AS SELECT v FROM " + TableRef.quote(table));
        Connection blocker = inTransaction(db);
        exec(blocker, "SET application_name = 'blocker-1'");
        assertThat(one(blocker, "SELECT count(*) FROM " + TableRef.quote(table))).isEqualTo("1");
        return blocker;
    }

    static void loadShadow(Connection c, String shadow) throws SQLException {
        exec(c, "CREATE TABLE " + TableRef.quote(shadow) + " (v int)", "INSERT INTO " + TableRef.quote(shadow) + " VALUES (2), (3)");
    }

    @Test
    void waitsAtMostTheLockTimeoutPerAttemptAndSucceedsOnceTheBlockerCommits(TestDatabase db) throws Exception {
        Connection blocker = setUp(db, "busy");
        int blockerPid = pid(blocker);
        List<TableSwap.LockTimeout> timeouts = new CopyOnWriteArrayList<>();
        CountDownLatch firstTimeout = new CountDownLatch(1);
        SwapOptions opts = options().withOnLockTimeout(t -> {
            timeouts.add(t);
            firstTimeout.countDown();
        });
        try (Connection c = inTransaction(db)) {
            loadShadow(c, "busy_shadow");
            CompletableFuture<SwapResult> swap = CompletableFuture.supplyAsync(() -> {
                try {
                    return new TableSwap(opts).swap(c, TableRef.parse("busy"), TableRef.parse("busy_shadow"));
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(firstTimeout.await(30, TimeUnit.SECONDS)).isTrue();
            // While the swap retries, readers are not stalled beyond one lock_timeout.
            try (Connection reader = db.connect()) {
                long t0 = System.nanoTime();
                assertThat(one(reader, "SELECT count(*) FROM busy")).isEqualTo("1");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LOCK_TIMEOUT.plus(SLACK));
            }
            blocker.commit();
            SwapResult r = swap.get(30, TimeUnit.SECONDS);
            assertThat(one(c, "SHOW lock_timeout")).isEqualTo("0");
            c.commit();
            assertThat(r.retries()).isGreaterThanOrEqualTo(1).isEqualTo(timeouts.size());
            assertThat(r.lockWait()).isGreaterThanOrEqualTo(LOCK_TIMEOUT);
            assertThat(r.terminated()).isEmpty();
        }
        TableSwap.LockTimeout first = timeouts.get(0);
        assertThat(first.blockers()).extracting(TableSwap.Blocker::pid).containsExactly(blockerPid);
        assertThat(first.blockers().get(0).applicationName()).isEqualTo("blocker-1");
        assertThat(first.blockers().get(0).state()).isEqualTo("idle in transaction");
        for (TableSwap.LockTimeout t : timeouts) {
            assertThat(t.waited()).isGreaterThanOrEqualTo(LOCK_TIMEOUT.minusMillis(50)).isLessThan(LOCK_TIMEOUT.plus(SLACK));
        }
        assertThat(db.rows("SELECT count(*) FROM \"busy view\"")).containsExactly(List.of("2"));
        assertThat(one(blocker, "SELECT 1")).isEqualTo("1");
        blocker.close();
    }

    @Test
    void failsNamingTheBlockerWhenTheBudgetIsSpentAndNeverTerminatesByDefault(TestDatabase db) throws Exception {
        Connection blocker = setUp(db, "stuck");
        int blockerPid = pid(blocker);
        one(blocker, "SELECT count(*) FROM \"stuck\"");
        long oid = db.queryLong("SELECT 'stuck'::regclass::oid");
        try (Connection c = inTransaction(db)) {
            loadShadow(c, "stuck_shadow");
            SwapOptions opts = options().withRetryBudget(Duration.ofMillis(1200));
            assertThatThrownBy(() -> new TableSwap(opts).swap(c, TableRef.parse("stuck"), TableRef.parse("stuck_shadow")))
                    .isInstanceOfSatisfying(SwapLockTimeoutException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("55P03");
                        assertThat(e.attempts()).isGreaterThanOrEqualTo(2);
                        assertThat(e.blockers()).extracting(TableSwap.Blocker::pid).containsExactly(blockerPid);
                    })
                    .hasMessageContaining("could not swap public.stuck: lock_timeout 300 ms")
                    .hasMessageContaining("pid " + blockerPid + " (application_name 'blocker-1', state idle in transaction")
                    .hasMessageContaining("AccessShareLock on stuck")
                    .hasMessageContaining("SELECT count(*) FROM \"stuck\"");
            // the caller's transaction is intact: the shadow is still there and can be committed or rolled back
            assertThat(one(c, "SELECT count(*) FROM stuck_shadow")).isEqualTo("2");
            assertThat(one(c, "SHOW lock_timeout")).isEqualTo("0");
            c.rollback();
        }
        assertThat(db.queryLong("SELECT 'stuck'::regclass::oid")).isEqualTo(oid);
        assertThat(db.rows("SELECT count(*) FROM \"stuck view\"")).containsExactly(List.of("1"));
        assertThat(one(blocker, "SELECT 1")).isEqualTo("1");
        blocker.rollback();
        blocker.close();
    }

    @Test
    void terminatesBlockersOnlyWhenAskedAndThenSucceeds(TestDatabase db) throws Exception {
        Connection blocker = setUp(db, "doomed");
        int blockerPid = pid(blocker);
        try (Connection c = inTransaction(db)) {
            loadShadow(c, "doomed_shadow");
            SwapResult r = new TableSwap(options().terminatingBlockersAfter(Duration.ZERO))
                    .swap(c, TableRef.parse("doomed"), TableRef.parse("doomed_shadow"));
            c.commit();
            assertThat(r.terminated()).extracting(TableSwap.Blocker::pid).containsExactly(blockerPid);
            assertThat(r.retries()).isGreaterThanOrEqualTo(1);
        }
        assertThatThrownBy(() -> one(blocker, "SELECT 1")).isInstanceOf(SQLException.class);
        assertThat(db.rows("SELECT count(*) FROM doomed")).containsExactly(List.of("2"));
        blocker.close();
    }

    @Test
    void aTerminationThePostgresRoleMayNotDoLeavesTheCallersTransactionUsable(TestDatabase db) throws Exception {
        String swapper = SwapFixtures.role(db, "swapper");
        SwapFixtures.createRole(db, swapper);
        try {
            db.execute("CREATE TABLE guarded (v int)", "INSERT INTO guarded VALUES (1)",
                    "CREATE VIEW \"guarded view\" AS SELECT v FROM guarded",
                    "ALTER TABLE guarded OWNER TO " + TableRef.quote(swapper),
                    "ALTER VIEW \"guarded view\" OWNER TO " + TableRef.quote(swapper),
                    "GRANT CREATE ON SCHEMA public TO " + TableRef.quote(swapper));
            // the test user is a superuser: a plain role may not end its session
            Connection blocker = inTransaction(db);
            exec(blocker, "SET application_name = 'blocker-1'");
            one(blocker, "SELECT count(*) FROM guarded");
            try (Connection c = inTransaction(db)) {
                exec(c, "SET ROLE " + TableRef.quote(swapper));
                loadShadow(c, "guarded_shadow");
                SwapOptions opts = options().terminatingBlockersAfter(Duration.ZERO).withRetryBudget(Duration.ofMillis(900));
                assertThatThrownBy(() -> new TableSwap(opts).swap(c, TableRef.parse("guarded"), TableRef.parse("guarded_shadow")))
                        .isInstanceOf(SwapLockTimeoutException.class).hasMessageContaining("'blocker-1'");
                assertThat(one(c, "SELECT count(*) FROM guarded_shadow")).isEqualTo("2");
                c.rollback();
            }
            assertThat(one(blocker, "SELECT 1")).isEqualTo("1");
            blocker.rollback();
            blocker.close();
        } finally {
            SwapFixtures.dropRole(db, swapper);
        }
    }

    @Test
    void aReaderInsideAViewIsWaitedForToo(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE viewed (v int)", "CREATE VIEW viewed_v AS SELECT v FROM viewed");
        try (Connection blocker = inTransaction(db); Connection c = inTransaction(db)) {
            exec(blocker, "SET application_name = 'view reader'");
            one(blocker, "SELECT count(*) FROM viewed_v");
            loadShadow(c, "viewed_shadow");
            SwapOptions opts = options().withRetryBudget(Duration.ofMillis(700));
            assertThatThrownBy(() -> new TableSwap(opts).swap(c, TableRef.parse("viewed"), TableRef.parse("viewed_shadow")))
                    .isInstanceOf(SwapLockTimeoutException.class).hasMessageContaining("'view reader'");
            c.rollback();
            blocker.commit();
        }
    }

    @Test
    void aWriterOnATableTheForeignKeysReferenceIsWaitedForAndNamed(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ref_parent (id int PRIMARY KEY)", "INSERT INTO ref_parent VALUES (1)",
                "CREATE TABLE ref_child (p int CONSTRAINT ref_child_p_fk REFERENCES ref_parent)", "INSERT INTO ref_child VALUES (1)");
        try (Connection blocker = inTransaction(db); Connection c = inTransaction(db)) {
            // re-adding the child's foreign key locks ref_parent against writers: a later lock of the attempt
            exec(blocker, "SET application_name = 'parent writer'", "INSERT INTO ref_parent VALUES (2)");
            exec(c, "CREATE TABLE ref_child_new (p bigint)", "INSERT INTO ref_child_new VALUES (1)");
            SwapOptions opts = options().withRetryBudget(Duration.ofMillis(900));
            assertThatThrownBy(() -> new TableSwap(opts).swap(c, TableRef.parse("ref_child"), TableRef.parse("ref_child_new")))
                    .isInstanceOf(SwapLockTimeoutException.class).hasMessageContaining("'parent writer'");
            assertThat(one(c, "SELECT count(*) FROM ref_child_new")).isEqualTo("1");
            blocker.commit();
            SwapResult r = new TableSwap(opts).swap(c, TableRef.parse("ref_child"), TableRef.parse("ref_child_new"));
            c.commit();
            assertThat(r.carried()).containsExactly("constraint ref_child_p_fk (FOREIGN KEY (p) REFERENCES ref_parent(id))");
        }
        assertThat(db.rows("SELECT convalidated::text FROM pg_constraint WHERE conname = 'ref_child_p_fk'")).containsExactly(List.of("true"));
    }
}
