package dev.drover.engine.target;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code drop indexes}: drops a table's non-unique indexes before the load and builds them again
 * afterwards, several at a time. Primary keys, unique indexes and exclusion constraints stay: with them
 * in place a duplicate row is rejected on its own, with its line; dropped, duplicates would load and the
 * rebuild would fail afterwards with the table already changed (what pgloader does). A primary key or unique constraint comes back as
 * {@code CREATE UNIQUE INDEX} followed by {@code ADD CONSTRAINT ... USING INDEX}, because
 * CREATE INDEX takes a SHARE lock that lets the table's other indexes build at the same time
 * (copy-performance.md §12).
 */
public final class IndexRebuilder {
    private IndexRebuilder() {}

    /** Whether the index enforces something a row can violate, so it must stay during the load. */
    public static boolean enforcing(TargetTable.IndexDef ix) {
        return ix.constraintType() == 'p' || ix.constraintType() == 'u' || ix.constraintType() == 'x'
                || ix.definition().startsWith("CREATE UNIQUE INDEX");
    }

    /** Drops the table's non-enforcing indexes; returns them, to give to {@link #rebuild}. */
    public static List<TargetTable.IndexDef> drop(Connection c, TargetTable t) throws SQLException {
        List<TargetTable.IndexDef> dropped = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (TargetTable.IndexDef ix : t.indexes()) {
                if (enforcing(ix)) continue;
                s.execute("DROP INDEX " + new TableRef(t.ref().schema(), ix.name()).sql());
                dropped.add(ix);
            }
        }
        return dropped;
    }

    /** A rebuild failure, with the index it concerns. */
    public record Failure(String index, SQLException error) {}

    /**
     * Builds dropped indexes again with {@code jobs} connections from {@code connect}.
     *
     * @return the failures (empty when all came back)
     */
    public static List<Failure> rebuild(TargetTable t, List<TargetTable.IndexDef> indexes, int jobs, ConnectionSource connect)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, indexes.size())),
                r -> new Thread(r, "drover-index"));
        try {
            List<Future<Failure>> futures = new ArrayList<>();
            for (TargetTable.IndexDef ix : indexes) {
                Callable<Failure> job = () -> {
                    try (Connection c = connect.open(); Statement s = c.createStatement()) {
                        s.execute("SET maintenance_work_mem = '256MB'");
                        if (ix.constraintType() == 'p' || ix.constraintType() == 'u') {
                            s.execute(ix.definition());
                            s.execute("ALTER TABLE " + t.ref().sql() + " ADD CONSTRAINT " + TableRef.quote(ix.constraintName())
                                    + (ix.constraintType() == 'p' ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX "
                                    + TableRef.quote(ix.name()));
                        } else if (ix.constraintType() == 'x') {
                            s.execute("ALTER TABLE " + t.ref().sql() + " ADD CONSTRAINT " + TableRef.quote(ix.constraintName())
                                    + " " + ix.constraintDef());
                        } else {
                            s.execute(ix.definition());
                        }
                        return null;
                    } catch (SQLException e) {
                        return new Failure(ix.name(), e);
                    }
                };
                futures.add(pool.submit(job));
            }
            List<Failure> failures = new ArrayList<>();
            for (Future<Failure> f : futures) {
                try {
                    Failure x = f.get();
                    if (x != null) failures.add(x);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Opens a configured connection to the target. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }
}
