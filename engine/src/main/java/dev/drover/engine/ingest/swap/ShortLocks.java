package dev.drover.engine.ingest.swap;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DDL that must not queue behind long readers (reference §7.1): each attempt runs under a savepoint with
 * {@code SET LOCAL lock_timeout}; a lock timeout, a deadlock or a concurrent change of the catalog rolls the attempt
 * back and it is tried again after a jittered, doubling pause, until the retry budget is spent. The caller's
 * transaction stays usable whatever happens, and its own {@code lock_timeout} is put back. One rule for the table swap
 * and for migrations in place.
 */
public final class ShortLocks {
    private ShortLocks() {}

    /**
     * lock_not_available (our lock_timeout), deadlock_detected (we were the victim), serialization_failure (the
     * catalog changed under the attempt): all undone by the savepoint and worth another try.
     */
    static final Set<String> RETRYABLE = Set.of("55P03", "40P01", "40001");

    /** One attempt's work, inside the savepoint. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** What the caller makes of a failed attempt. */
    public interface Failures {
        /**
         * After a retryable failure; may look at the blockers or terminate them.
         *
         * @return true to retry at once (blockers were terminated), false to wait first
         */
        default boolean retryable(int attempt, Duration waited, Duration elapsed, SQLException e) throws SQLException {
            return false;
        }

        /** The exception to throw once the budget is spent. */
        SQLException budgetSpent(int attempts, Duration elapsed, SQLException last) throws SQLException;

        /** The exception to throw for a failure that is not worth another try (the attempt is rolled back). */
        default SQLException failed(SQLException e) {
            return e;
        }
    }

    public static <T> T run(Connection c, String savepoint, SwapOptions waits, Attempt<T> work, Failures failures) throws SQLException {
        long start = System.nanoTime();
        Duration backoff = waits.initialBackoff();
        for (int attempts = 1; ; attempts++) {
            long attemptStart = System.nanoTime();
            SwapCatalog.exec(c, "SAVEPOINT " + savepoint);
            try {
                // SET LOCAL outlives RELEASE SAVEPOINT: set_config(..., true) puts the caller's value back afterwards
                String previous = SwapCatalog.string(c, "SELECT current_setting('lock_timeout')");
                SwapCatalog.exec(c, "SET LOCAL lock_timeout = '" + waits.lockTimeout().toMillis() + "ms'");
                T result = work.run();
                SwapCatalog.exec(c, "RELEASE SAVEPOINT " + savepoint);
                SwapCatalog.string(c, "SELECT set_config('lock_timeout', ?, true)", previous);
                return result;
            } catch (SQLException e) {
                try {
                    SwapCatalog.exec(c, "ROLLBACK TO SAVEPOINT " + savepoint);
                    SwapCatalog.exec(c, "RELEASE SAVEPOINT " + savepoint);
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                    throw e;
                }
                if (!RETRYABLE.contains(e.getSQLState())) throw failures.failed(e);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                boolean now = failures.retryable(attempts, Duration.ofNanos(System.nanoTime() - attemptStart), elapsed, e);
                long capped = Math.min(backoff.toMillis(), waits.maxBackoff().toMillis());
                long pause = now ? 0 : capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
                if (elapsed.toMillis() + pause >= waits.retryBudget().toMillis()) throw failures.budgetSpent(attempts, elapsed, e);
                if (pause == 0) continue;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a lock to retry", "57014", ie);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
