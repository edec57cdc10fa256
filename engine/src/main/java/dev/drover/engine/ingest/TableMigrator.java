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
 * <p>In place when every change is cheap (nullable columns added, columns dropped): {@code ALTER TABLE} under
 * {@code SET LOCAL lock_timeout} with retries, the OID stays. Its lock is held until the batch commits, so it runs
 * after the batch's rows are staged, not before the source is read.
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
     * Adds the new nullable columns and drops the removed ones, under lock_timeout with retries. The lock is
     * held until the batch commits, so the caller runs this once the batch's rows are staged.
     */
    void alterInPlace(Connection conn, int batchNo) throws IngestException {
        for (TableSpec.Column c : drift.added()) {
            ddl.add("ALTER TABLE " + spec.sql() + " ADD COLUMN " + TableRef.quote(c.name()) + " " + c.type());
        }
        for (String r : drift.removed()) ddl.add("ALTER TABLE " + spec.sql() + " DROP COLUMN " + TableRef.quote(r));
        try {
            underLockTimeout(conn, ddl);
        } catch (SQLException e) {
            throw Errors.sql("batch " + batchNo + ", migrating table " + spec.sql() + " in place", e, false);
        }
        LOG.info("{}: altered in place: {}", spec.sql(), ddl);
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
        if (shadow == null) return new IngestResult.TableMigration(spec.ref(), false, drift.lines(), ddl, List.of());
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
        return new IngestResult.TableMigration(spec.ref(), true, drift.lines(), ddl, r.lost());
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
