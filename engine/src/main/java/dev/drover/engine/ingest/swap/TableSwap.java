package dev.drover.engine.ingest.swap;

import dev.drover.engine.target.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Replaces a live table by a shadow table that is already built and loaded, in one short section of the
 * caller's transaction (reference §3.12, §7.1). The caller owns the transaction: autocommit must be off, and
 * the caller commits (typically together with the batch's watermark) or rolls back. Readers switch from the
 * old table and views to the new ones atomically at that commit.
 *
 * <p>Each attempt runs inside {@code SAVEPOINT drover_swap} with {@code SET LOCAL lock_timeout}, so a reader
 * never queues behind the swap for longer than the timeout. An attempt that meets SQLSTATE 55P03 is rolled back
 * to the savepoint and retried with jittered exponential backoff until {@link SwapOptions#retryBudget()} is spent;
 * then {@link SwapLockTimeoutException} names the blocking sessions. Any other error is rolled back to the
 * savepoint as well and rethrown with the step that failed, so the caller's transaction stays usable either way.
 * Blocking sessions are terminated only if {@link SwapOptions#terminateBlockersAfter()} is set.
 *
 * <p>Carried over from the live table to the new one: owner; table and column privileges (all of them, PUBLIC
 * included, from the ACLs, not information_schema); the table comment and column comments (unless the shadow
 * has its own); row-level security flags and policies; non-internal triggers (from {@code pg_get_triggerdef}, with
 * their enabled state); dependent views and materialized views at any depth, with definition, options, owner,
 * privileges, comments, triggers, materialized-view indexes and populated state; incoming foreign keys from other
 * tables, re-added {@code NOT VALID} and then validated against the new rows (a row without a match fails the swap
 * with the constraint named); index, CHECK, foreign-key and owned-sequence names, which the shadow's matching objects
 * take over once the live table frees them. For columns the shadow also has (same name), what the shadow's DDL leaves
 * out: column defaults ({@code pg_get_expr} of the live default, set on the shadow's column); the sequences of serial
 * columns (any live-owned sequence a default of the shadow uses), re-owned to the shadow's column before the live
 * table is dropped, so they keep their current value; identity columns, when the shadow's column is a plain
 * {@code NOT NULL} integer column, restored with the live sequence's options and continuing from its next value;
 * CHECK constraints and outgoing foreign keys the shadow lacks (compared by {@code pg_get_constraintdef}) whose
 * columns it has, under the live names when free, added {@code NOT VALID} and then validated. Defaults and CHECK
 * constraints go on the shadow before the swap asks for any lock, so their validating scans never make readers
 * wait; foreign keys lock the referenced table, so they are added and validated inside the attempt. Each of these is
 * tried on its own: one that does not fit the new column types is left out and reported, and the swap goes on. A
 * constraint that existing rows break stays {@code NOT VALID} (new rows are checked) and is reported too: failing the
 * whole migration for rows that the live table already held would help nobody. {@link SwapResult#carried()} lists
 * what was re-created.
 *
 * <p>Not carried over: generated columns, unique, exclusion and primary-key constraints, indexes, storage
 * parameters, tablespace, replica identity, publication membership and statistics targets belong to the shadow's
 * own DDL, which the caller writes; self-referencing foreign keys are neither carried nor reported. What the live
 * table has and the shadow lacks among those, whatever of the above failed to apply (with the server's reason),
 * and comments or column privileges on columns the shadow does not have, are listed in {@link SwapResult#lost()}
 * rather than dropped silently.
 *
 * <p>The shadow must be in the live table's schema. The swap takes {@code ACCESS EXCLUSIVE} on both tables, the
 * dependent views and the referencing tables, {@code SHARE ROW EXCLUSIVE} on the tables that re-added foreign keys
 * reference and on the serial sequences it re-owns, until the caller commits, and re-runs materialized views' queries
 * inside that window. Views are dropped before the table is locked, deepest first, which is the order in which a
 * reader of a view takes its locks. Only the first lock of an attempt waits the full {@code lock_timeout}; every later
 * one ends within half of the server's {@code deadlock_timeout} from it, so a reader taking the table and a view in the
 * other order is never the one the deadlock detector cancels: the attempt gives up and is retried instead. The views'
 * definitions are read just before each attempt's DROP; a view replaced by another session in that instant comes back
 * as read. A view created on the table between that read and the table lock makes the attempt retry. (A workload that
 * queries the table and one of its views in a single statement, table first, without pause, can hold the swap off
 * until the retry budget is spent; the swap then fails naming the blockers, and no reader ever sees an error.)
 *
 * <p>The role running the swap must be able to drop and create everything involved (owner of, or member of the
 * owner of, the table, its views and the referencing tables) and to give objects back to their owners; a
 * superuser or the owning role is the usual choice.
 */
public final class TableSwap {

    /** A session holding a lock the swap needs. */
    public record Blocker(int pid, String applicationName, String state, OffsetDateTime queryStart, String lockMode,
                          String relation, String query) {
        public String describe() {
            return "pid " + pid + " (application_name '" + applicationName + "', state " + state
                    + ", query started " + queryStart + ", holds " + lockMode + " on " + relation + "): " + query;
        }
    }

    /** One attempt that ran into the lock timeout. */
    public record LockTimeout(int attempt, Duration waited, List<Blocker> blockers) { }

    private final SwapOptions options;

    public TableSwap(SwapOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public SwapResult swap(Connection c, TableRef live, TableRef shadow) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalArgumentException("TableSwap needs a connection with autocommit off: the swap belongs to the caller's transaction");
        }
        TableRef liveQ = SwapCatalog.qualify(c, live);
        TableRef shadowQ = SwapCatalog.qualify(c, shadow);
        if (liveQ.equals(shadowQ)) throw new IllegalArgumentException("live and shadow are the same table: " + liveQ.display());
        if (!liveQ.schema().equals(shadowQ.schema())) {
            throw new IllegalArgumentException("the shadow " + shadowQ.display() + " must be in the schema of " + liveQ.display());
        }
        // defaults and CHECK constraints go on the shadow before any lock: their scans do not make readers wait
        SwapCatalog.exec(c, "SAVEPOINT drover_prepare");
        try {
            SwapResult r = swap(c, liveQ, shadowQ, SwapCatalog.prepare(c, liveQ, shadowQ));
            SwapCatalog.exec(c, "RELEASE SAVEPOINT drover_prepare");
            return r;
        } catch (SQLException | RuntimeException e) {
            try {
                SwapCatalog.exec(c, "ROLLBACK TO SAVEPOINT drover_prepare");
                SwapCatalog.exec(c, "RELEASE SAVEPOINT drover_prepare");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private SwapResult swap(Connection c, TableRef liveQ, TableRef shadowQ, SwapCatalog.Prepared prepared) throws SQLException {
        long start = System.nanoTime();
        int[] attempts = {0};
        Attempt[] current = new Attempt[1];
        List<Blocker> terminated = new ArrayList<>();
        List<List<Blocker>> lastBlockers = new ArrayList<>(List.of(List.of()));
        return ShortLocks.run(c, "drover_swap", options, () -> {
            attempts[0]++;
            long attemptStart = System.nanoTime();
            current[0] = new Attempt(c, liveQ, shadowQ, prepared);
            current[0].run();
            return current[0].result(Duration.ofNanos(attemptStart - start), attempts[0] - 1, terminated);
        }, new ShortLocks.Failures() {
            @Override
            public boolean retryable(int attempt, Duration waited, Duration elapsed, SQLException e) throws SQLException {
                List<Blocker> blockers = SwapCatalog.blockers(c, liveQ, shadowQ);
                lastBlockers.set(0, blockers);
                options.onLockTimeout().accept(new LockTimeout(attempt, waited, blockers));
                boolean killed = false;
                if (options.terminateBlockersAfter() != null && elapsed.compareTo(options.terminateBlockersAfter()) >= 0) {
                    for (Blocker b : blockers) {
                        if (SwapCatalog.terminate(c, b.pid())) {
                            terminated.add(b);
                            killed = true;
                        }
                    }
                }
                return killed;
            }

            @Override
            public SQLException budgetSpent(int attempt, Duration elapsed, SQLException last) {
                return new SwapLockTimeoutException(lockFailure(liveQ, attempt, elapsed, lastBlockers.get(0)), lastBlockers.get(0), attempt, last);
            }

            @Override
            public SQLException failed(SQLException e) {
                return new SQLException("swapping " + shadowQ.display() + " in for " + liveQ.display() + " failed while "
                        + (current[0] == null ? "setting the lock timeout" : current[0].step) + ": " + e.getMessage() + " (everything the swap did was rolled back)", e.getSQLState(), e);
            }
        });
    }

    private String lockFailure(TableRef live, int attempts, Duration elapsed, List<Blocker> blockers) {
        String who = blockers.isEmpty()
                ? "no session holds a lock on the tables now; the blocker finished just after the last attempt"
                : "blocking sessions: " + blockers.stream().map(Blocker::describe).collect(Collectors.joining("; "));
        return "could not swap " + live.display() + ": lock_timeout " + options.lockTimeout().toMillis() + " ms hit on each of "
                + attempts + " attempts over " + elapsed.toMillis() + " ms (retry budget " + options.retryBudget().toMillis()
                + " ms); " + who + ". Let them finish and run again, raise the retry budget, or opt in to terminating blockers.";
    }

    /** One try at the swap, after the locks are asked for. {@link #step} says where it got to, for error messages. */
    private static final class Attempt {
        private final Connection c;
        private final TableRef live;
        private final TableRef shadow;
        private final SwapCatalog.Prepared prepared;
        String step = "locking the tables";
        private SwapCatalog.Plan plan;

        Attempt(Connection c, TableRef live, TableRef shadow, SwapCatalog.Prepared prepared) {
            this.c = c;
            this.live = live;
            this.shadow = shadow;
            this.prepared = prepared;
        }

        void run() throws SQLException {
            // Views first, deepest first, then the table: the order in which a reader of a view takes its locks. Only the
            // first lock waits the full lock_timeout. Once the swap holds a lock, a reader that takes the table and a view
            // in the other order (one query naming both) can wait for it while holding what the swap waits for next; the
            // deadlock detector then cancels whoever has waited deadlock_timeout first. So every later wait of the attempt
            // ends within half of deadlock_timeout counted from the first lock: the swap gives up (and retries) before any
            // reader that started waiting on it can be chosen as the victim.
            step = "reading dependent views";
            List<SwapCatalog.View> views = SwapCatalog.views(c, SwapCatalog.oid(c, live));
            long budgetMs = Math.max(1, SwapCatalog.deadlockTimeoutMillis(c) / 2);
            long[] firstLock = {0};
            SwapCatalog.Sql tightened = sql -> {
                if (firstLock[0] != 0) {
                    long left = Math.max(1, budgetMs - (System.nanoTime() - firstLock[0]) / 1_000_000);
                    SwapCatalog.exec(c, "SET LOCAL lock_timeout = '" + left + "ms'");
                }
                SwapCatalog.exec(c, sql);
                if (firstLock[0] == 0) firstLock[0] = System.nanoTime();
            };
            step = "dropping dependent views";
            SwapCatalog.dropViews(views, tightened);
            step = "locking the tables";
            tightened.exec("LOCK TABLE " + live.sql() + ", " + shadow.sql() + " IN ACCESS EXCLUSIVE MODE");
            if (!SwapCatalog.views(c, SwapCatalog.oid(c, live)).isEmpty()) {
                throw new SQLException("a view on " + live.display() + " was created while the swap started; trying again", "40001");
            }
            step = "reading what the live table has";
            plan = SwapCatalog.plan(c, live, shadow, views, prepared);
            step = "dropping incoming foreign keys";
            plan.dropForeignKeys(tightened);
            step = "re-owning serial sequences";
            plan.reownSequences(c, shadow, tightened);
            step = "dropping the live table";
            SwapCatalog.exec(c, "DROP TABLE " + live.sql());
            step = "renaming the shadow";
            SwapCatalog.exec(c, "ALTER TABLE " + shadow.sql() + " RENAME TO " + TableRef.quote(live.name()));
            step = "renaming indexes and sequences";
            plan.renameIndexesAndSequences(c);
            step = "restoring identity columns and foreign keys";
            plan.carryIdentityAndConstraints(c, tightened);
            step = "restoring owner, privileges, comments, policies and triggers";
            plan.restoreTable(c);
            step = "recreating dependent views";
            plan.recreateViews(c);
            step = "re-adding incoming foreign keys";
            plan.addForeignKeys(c, tightened);
        }

        SwapResult result(Duration lockWait, int retries, List<Blocker> terminated) {
            return new SwapResult(live, List.copyOf(plan.views), List.copyOf(plan.triggers), List.copyOf(plan.grants),
                    List.copyOf(plan.policies), List.copyOf(plan.foreignKeys), List.copyOf(plan.renamed), List.copyOf(plan.carried),
                    List.copyOf(plan.lost),
                    lockWait, retries, List.copyOf(terminated));
        }
    }
}
