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
 * {@code drop indexes}: drops a table's indexes (and the constraints they back) before the load and
 * builds them again afterwards, several at a time. A primary key or unique constraint comes back as
 * {@code CREATE UNIQUE INDEX} followed by {@code ADD CONSTRAINT ... USING INDEX}, because
 * CREATE INDEX takes a SHARE lock that lets the table's other indexes build at the same time
 * (copy-performance.md §12).
 */
public final class IndexRebuilder {
    private IndexRebuilder() {}

    public static void drop(Connection c, TargetTable t) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (TargetTable.IndexDef ix : t.indexes()) {
                if (ix.constraintName() != null) {
                    s.execute("ALTER TABLE " + t.ref().sql() + " DROP CONSTRAINT " + TableRef.quote(ix.constraintName()));
                } else {
                    s.execute("DROP INDEX " + new TableRef(t.ref().schema(), ix.name()).sql());
                }
            }
        }
    }

    /** A rebuild failure, with the index it concerns. */
    public record Failure(String index, SQLException error) {}

    /**
     * Builds the indexes again with {@code jobs} connections from {@code connect}.
     *
     * @return the failures (empty when all came back)
     */
    public static List<Failure> rebuild(TargetTable t, int jobs, ConnectionSource connect) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, t.indexes().size())),
                r -> new Thread(r, "drover-index"));
        try {
            List<Future<Failure>> futures = new ArrayList<>();
            for (TargetTable.IndexDef ix : t.indexes()) {
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
