package dev.drover.engine.ingest;

import dev.drover.engine.ingest.swap.ShortLocks;
import dev.drover.engine.ingest.swap.SwapOptions;
import dev.drover.engine.ingest.swap.SwapResult;
import dev.drover.engine.ingest.swap.TableSwap;
import dev.drover.engine.target.TableRef;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates one existing table to its {@link TableSpec} inside the first batch's transaction
 * ({@link Migration#AUTO}; reference §3.10, §3.12, §7.3).
 *
 * <p>In place when no change rewrites the table: nullable columns added, columns dropped, a type changed without a
 * rewrite ({@code varchar(n)} widened or unbounded, {@code varchar} ↔ {@code text}, {@code numeric} precision raised,
 * {@code timestamp(p)} raised; PostgreSQL itself decides, see {@link RewriteFreeTypes}), NOT NULL set or dropped. Each
 * is an {@code ALTER TABLE} under {@code SET LOCAL lock_timeout} with retries; the OID and the storage
 * ({@code pg_relation_filenode}) stay. Its lock is held until the batch commits, so it runs after the batch's rows are
 * staged, not before the source is read.
 *
 * <p>SET NOT NULL first counts the column's NULLs without an exclusive lock (a reader or writer is not blocked while
 * it scans), failing the batch with the count when there are any; then {@code SET NOT NULL} checks again under the
 * lock, on pages the count has just read. The reference's {@code CHECK (c IS NOT NULL) NOT VALID} and
 * {@code VALIDATE CONSTRAINT} would let that second scan go, but only when they commit before the batch: the
 * {@code ADD CONSTRAINT} takes ACCESS EXCLUSIVE, and in the batch's transaction that lock would cover the
 * validation, which is the scan it is meant to keep out of the lock.
 *
 * <p>Otherwise a shadow table is created from the spec in the same schema, the live rows are copied into it
 * with casts to the spec's types (a value that does not convert fails the batch naming its column), the batch
 * is loaded into the shadow, and {@link #finish} swaps it in with {@link TableSwap} just before the watermark
 * is written. Readers see the old table until the commit, the new one after.
 */
final class TableMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(TableMigrator.class);
    /** lock_not_available (our lock_timeout) and deadlock_detected (we were the victim): worth another try. */

    private final TableSpec spec;
    private final TargetTables.Drift drift;
    private final SwapOptions waits;
    private final List<String> ddl = new ArrayList<>();
    private TableRef shadow;

    TableMigrator(TableSpec spec, TargetTables.Drift drift, SwapOptions waits) {
        this.spec = spec;
        this.drift = drift;
        this.waits = waits;
    }

    TableSpec spec() { return spec; }

    /** Whether every change is cheap enough for {@code ALTER TABLE} in place (reference §7.3). */
    boolean inPlace() { return drift.inPlace(spec); }

    /**
     * Adds the new nullable columns, drops the removed ones, changes types that need no rewrite, drops and sets
     * NOT NULL, under lock_timeout with retries. The lock is held until the batch commits, so the caller runs this
     * once the batch's rows are staged (they meet the new NOT NULL when they are moved into the table).
     */
    void alterInPlace(Connection conn, int batchNo) throws IngestException {
        String where = "batch " + batchNo + ", migrating table " + spec.sql() + " in place";
        String alter = "ALTER TABLE " + spec.sql();
        for (TableSpec.Column c : drift.added()) ddl.add(alter + " ADD COLUMN " + TableRef.quote(c.name()) + " " + c.type());
        for (String r : drift.removed()) ddl.add(alter + " DROP COLUMN " + TableRef.quote(r));
        for (TableSpec.Column c : spec.columns()) {
            if (drift.retyped().containsKey(c.name())) ddl.add(alter + " ALTER COLUMN " + TableRef.quote(c.name()) + " TYPE " + c.type());
        }
        for (String c : drift.notNullDropped()) ddl.add(alter + " ALTER COLUMN " + TableRef.quote(c) + " DROP NOT NULL");
        if (!drift.notNullSet().isEmpty()) {
            // one statement, so the columns are checked in one scan of the table
            List<String> set = new ArrayList<>();
            for (String c : drift.notNullSet()) set.add(" ALTER COLUMN " + TableRef.quote(c) + " SET NOT NULL");
            ddl.add(alter + String.join(",", set));
        }
        try {
            failOnNulls(conn, where);
            underLockTimeout(conn, ddl);
        } catch (SQLException e) {
            if ("23502".equals(e.getSQLState())) {
                // a NULL written by another session between the count and the lock
                try {
                    failOnNulls(conn, where);
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
            }
            throw Errors.sql(where, e, false);
        }
        LOG.info("{}: altered in place: {}", spec.sql(), ddl);
    }

    /**
     * Fails the batch when a column to be made NOT NULL has NULLs among the live rows, naming the column and their
     * count. A plain read (ACCESS SHARE): readers and writers go on while it scans. After a
     * {@link Delete#BEFORE_FIRST_BATCH}, the deleted rows are not counted.
     */
    private void failOnNulls(Connection conn, String where) throws SQLException, IngestException {
        if (drift.notNullSet().isEmpty()) return;
        List<String> counts = new ArrayList<>();
        for (String c : drift.notNullSet()) counts.add("count(*) FILTER (WHERE " + TableRef.quote(c) + " IS NULL)");
        List<String> found = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SELECT " + String.join(", ", counts) + " FROM " + spec.sql())) {
            r.next();
            for (int i = 0; i < drift.notNullSet().size(); i++) {
                long n = r.getLong(i + 1);
                if (n > 0) found.add("column " + TableRef.quote(drift.notNullSet().get(i)) + " has " + n + " NULL" + (n == 1 ? "" : "s"));
            }
        }
        if (found.isEmpty()) return;
        throw new IngestException(where + ": the spec makes " + (drift.notNullSet().size() == 1 ? "a column" : "columns")
                + " NOT NULL, but in the table " + String.join(", ", found) + "; the batch is rolled back, the table and the"
                + " watermark are unchanged. Fill in or delete those rows, or keep the column nullable in the TableSpec",
                "23502", null);
    }

    /** Creates the shadow from the spec and copies the live rows into it; returns the shadow, where the batch loads. */
    TableRef buildShadow(Connection conn, int batchNo) throws SQLException, IngestException {
        String where = "batch " + batchNo + ", migrating table " + spec.sql();
        if (!drift.keptPresent().isEmpty()) {
            throw new IngestException(where + ": the table must be rebuilt (" + String.join("; ", drift.lines()) + "), and a rebuild"
                    + " would lose its columns " + drift.keptPresent() + ", which the spec keeps without defining them; nothing was"
                    + " changed. Alter the table by hand to match, then run again");
        }
        String name = "drover_shadow_" + HexFormat.of().formatHex(randomBytes());
        try {
            ddl.add(TargetTables.create(conn, spec, name));
        } catch (SQLException e) {
            throw Errors.sql(where + ", creating the shadow table", e, false);
        }
        shadow = new TableRef(spec.schema(), name);
        copyLiveRows(conn, where);
        return shadow;
    }

    /** Swaps the loaded shadow in (nothing to do after an in-place change); runs before the watermark is written. */
    IngestResult.TableMigration finish(Connection conn, int batchNo) throws IngestException {
        if (shadow == null) return new IngestResult.TableMigration(spec.ref(), false, drift.lines(), ddl, List.of(), List.of());
        // the shadow's indexes are built after its rows are in (faster than maintaining them row by row), under
        // names of the shadow's own; the swap hands over the live table's names, the rest get the spec's afterwards
        List<String> temporary = new ArrayList<>();
        try (Statement s = conn.createStatement()) {
            for (int i = 0; i < spec.indexes().size(); i++) {
                String temp = shadow.name() + "_i" + i;
                String sql = spec.indexes().get(i).create(shadow, temp, false);
                ddl.add(sql);
                s.execute(sql);
                temporary.add(temp);
            }
        } catch (SQLException e) {
            throw Errors.sql("batch " + batchNo + ", building the indexes of the rebuilt table " + spec.sql(), e, false);
        }
        SwapResult r;
        try {
            r = new TableSwap(waits).swap(conn, spec.ref(), shadow);
            for (int i = 0; i < temporary.size(); i++) {
                String sql = IndexMigrator.renameIfStill(conn, spec, temporary.get(i), spec.indexes().get(i).name());
                if (sql != null) ddl.add(sql);
            }
        } catch (SQLException e) {
            throw Errors.sql("batch " + batchNo + ", swapping the rebuilt table " + spec.sql() + " in", e, false);
        }
        ddl.add("swap " + shadow.sql() + " in for " + spec.sql() + " (views recreated: " + r.views() + "; grants: " + r.grants()
                + "; foreign keys re-pointed: " + r.foreignKeys() + ")");
        if (!r.lost().isEmpty()) LOG.warn("{}: the rebuild could not carry over: {}", spec.sql(), r.lost());
        LOG.info("{}: rebuilt and swapped in ({} lock retries)", spec.sql(), r.retries());
        return new IngestResult.TableMigration(spec.ref(), true, drift.lines(), ddl, r.lost(), r.carried());
    }

    /**
     * {@code INSERT INTO shadow (common columns) SELECT col::spec type ... FROM live}. On failure, each retyped
     * column is cast on its own to name the one whose values do not convert.
     */
    private void copyLiveRows(Connection conn, String where) throws SQLException, IngestException {
        List<String> cols = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (TableSpec.Column c : spec.columns()) {
            if (drift.added().contains(c)) continue;
            String q = TableRef.quote(c.name());
            cols.add(q);
            exprs.add(drift.retyped().containsKey(c.name()) ? q + "::" + c.type() : q);
        }
        String sql = "INSERT INTO " + shadow.sql() + " (" + String.join(", ", cols) + ") SELECT " + String.join(", ", exprs)
                + " FROM " + spec.sql();
        ddl.add(sql);
        try (Statement s = conn.createStatement()) {
            s.execute("SAVEPOINT drover_copy");
            try {
                s.execute(sql);
                s.execute("RELEASE SAVEPOINT drover_copy");
            } catch (SQLException e) {
                s.execute("ROLLBACK TO SAVEPOINT drover_copy");
                String culprit = culprit(s);
                throw new IngestException(where + ": copying the existing rows into the rebuilt table failed: "
                        + (culprit != null ? culprit : message(e))
                        + "; the batch is rolled back, the table and the watermark are unchanged."
                        + " Fix the existing values, or keep the column's type in the TableSpec", e.getSQLState(), e);
            }
        }
    }

    /** The first retyped column whose existing values do not convert, with the server's reason; null when all do. */
    private String culprit(Statement s) throws SQLException {
        for (TableSpec.Column c : spec.columns()) {
            String from = drift.retyped().get(c.name());
            if (from == null) continue;
            String q = TableRef.quote(c.name());
            s.execute("SAVEPOINT drover_cast");
            try (ResultSet r = s.executeQuery("SELECT count(" + q + "::" + c.type() + ") FROM " + spec.sql())) {
                r.next();
                s.execute("RELEASE SAVEPOINT drover_cast");
            } catch (SQLException e) {
                s.execute("ROLLBACK TO SAVEPOINT drover_cast");
                return "column " + q + " (" + from + " in the table, " + c.type() + " in the spec) has values that do not"
                        + " convert: " + message(e);
            }
        }
        return null;
    }

    private static String message(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null ? p.getServerErrorMessage().getMessage() : e.getMessage();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /**
     * Runs the statements in a savepoint under {@code SET LOCAL lock_timeout}; on a lock timeout, rolls back to
     * the savepoint and retries with jittered exponential backoff within the retry budget (reference §7.1), as
     * {@link TableSwap} does. Readers never queue behind a waiting {@code ACCESS EXCLUSIVE} request for longer than
     * the timeout.
     */
    private void underLockTimeout(Connection conn, List<String> statements) throws SQLException {
        ShortLocks.run(conn, "drover_alter", waits, () -> {
            try (Statement s = conn.createStatement()) {
                for (String sql : statements) s.execute(sql);
            }
            return null;
        }, new ShortLocks.Failures() {
            @Override
            public boolean retryable(int attempt, Duration waited, Duration elapsed, SQLException e) {
                LOG.info("{}: lock_timeout on attempt {}, retrying", spec.sql(), attempt);
                return false;
            }

            @Override
            public SQLException budgetSpent(int attempts, Duration elapsed, SQLException last) {
                return new SQLException("could not alter " + spec.sql() + ": lock_timeout " + waits.lockTimeout().toMillis()
                        + " ms hit on each of " + attempts + " attempts over " + elapsed.toMillis() + " ms; let the sessions using"
                        + " the table finish and run again, or raise the retry budget", last.getSQLState(), last);
            }
        });
    }
}
