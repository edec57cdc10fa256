package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.drover.engine.target.TableRef;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental, repeatable loads into PostgreSQL from Java: the JVM counterpart of pg-bulk-ingest's
 * {@code ingest} (see the README section "Java API: incremental ingest").
 *
 * <p>A run locks its tables against other runners, checks existing tables against their specs (a difference
 * is migrated in the first batch's transaction, see {@link Migration}, or fails the run before anything is
 * written with {@link Migration#FAIL}), reads the stored
 * watermark, asks the source for batches from there, and loads each batch in one transaction across all its
 * tables, saving the batch's watermark in that same transaction. Other sessions see a batch entirely or not
 * at all, including the first batch of a table the run creates. A failed batch rolls back with its
 * watermark, so the next run resumes exactly after the last committed batch. Each run and each committed
 * batch is recorded next to the state table (see {@link IngestState#history}).
 */
public final class IncrementalIngest {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalIngest.class);

    private IncrementalIngest() {}

    /**
     * Runs the source to its end.
     *
     * @param conn    a pgjdbc connection, not inside a transaction; autocommit is turned off during the run
     *                and restored after. The source must not use it.
     * @param tables  the target tables; the first one names the watermark's stream unless
     *                {@link IngestOptions#streamId()} is set
     * @throws IngestException when the run stopped: batches committed before stay committed
     */
    public static IngestResult run(Connection conn, List<TableSpec> tables, BatchSource source, IngestOptions options)
            throws IngestException {
        List<TableSpec> specs = List.copyOf(tables);
        if (specs.isEmpty()) throw new IllegalArgumentException("an ingest run needs at least one table");
        for (int i = 0; i < specs.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (specs.get(i).sameTable(specs.get(j))) {
                    throw new IllegalArgumentException("table " + specs.get(i).sql() + " is listed twice");
                }
            }
        }
        String streamId = options.streamId() != null ? options.streamId() : specs.get(0).sql();
        WatermarkStore store = new WatermarkStore(options.stateTable(), streamId);
        boolean autoCommit;
        try {
            autoCommit = conn.getAutoCommit();
        } catch (SQLException e) {
            throw Errors.sql("preparing the connection", e, false);
        }
        try {
            conn.setAutoCommit(true);
            RunnerLocks locks = lock(conn, specs, options);
            RunHistory history = null;
            try {
                store.ensureTable(conn);
                RejectTable rejects = new RejectTable(new TableRef(options.stateTable().schema(), "ingest_reject"), streamId, store.runId());
                if (options.onBadRow() == BadRows.toRejectTable()) rejects.ensureBadRowColumns(conn);
                else if (options.onKeyConflict() == KeyConflict.REJECT_ROW) rejects.ensureTable(conn);
                RunHistory h = new RunHistory(options.stateTable(), streamId, store.runId());
                h.ensureTables(conn);
                // Read in autocommit, so the run's row can show where it starts before the first transaction opens.
                JsonNode stored = store.read(conn, specs.get(0));
                if (stored != null && !stored.isNull() && TargetTables.oid(conn, specs.get(0)) == 0) {
                    // the watermark of a table dropped since: resuming after it would leave out every earlier row
                    LOG.warn("{} does not exist: its stored watermark {} is not used, every row loads", specs.get(0).sql(), stored);
                    stored = NullNode.getInstance();
                }
                HighWatermark mode = options.highWatermark();
                JsonNode start = mode instanceof HighWatermark.Explicit x ? x.value()
                        : mode instanceof HighWatermark.Earliest ? NullNode.getInstance() : stored;
                h.started(conn, start);
                history = h;
                conn.setAutoCommit(false);
                IngestResult result = new IncrementalIngestRun(conn, specs, source, options, store, rejects, history).execute(stored, start);
                history.finished(conn, null, options.stopRequested().getAsBoolean());
                return result;
            } catch (IngestException | SQLException | RuntimeException | Error e) {
                rollback(conn);
                if (history != null) history.finished(conn, e, options.stopRequested().getAsBoolean());
                throw e;
            } finally {
                release(conn, locks);
            }
        } catch (SQLException e) {
            throw Errors.sql("ingest into " + specs.get(0).sql(), e, false);
        } finally {
            try {
                conn.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // a broken connection: the caller finds out on its next use
            }
        }
    }

    private static RunnerLocks lock(Connection conn, List<TableSpec> specs, IngestOptions options)
            throws SQLException, IngestException {
        if (options.lockConnection() == null) return RunnerLocks.acquire(conn, false, specs);
        Connection lockConn = options.lockConnection().open();
        lockConn.setAutoCommit(true);
        return RunnerLocks.acquire(lockConn, true, specs);
    }

    /**
     * Back to autocommit, so the unlock does not open a transaction of its own, then unlock. A failure here
     * must not hide the run's own outcome: ending the session releases the locks anyway.
     */
    private static void release(Connection conn, RunnerLocks locks) {
        try {
            conn.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("could not reset autocommit after the run: {}", e.getMessage());
        }
        try {
            locks.close();
        } catch (SQLException e) {
            LOG.warn("could not release the run's advisory locks ({}); they go when the session ends", e.getMessage());
        }
    }

    private static void rollback(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls back when it notices
        }
    }

    /** One run's state: kept out of the public class so the API stays a single static method. */
    private static final class IncrementalIngestRun {
        private final Connection conn;
        private final List<TableSpec> specs;
        private final BatchSource source;
        private final IngestOptions options;
        private final WatermarkStore store;
        private final RejectTable rejects;
        private final RunHistory history;

        IncrementalIngestRun(Connection conn, List<TableSpec> specs, BatchSource source, IngestOptions options, WatermarkStore store,
                             RejectTable rejects, RunHistory history) {
            this.conn = conn;
            this.specs = specs;
            this.source = source;
            this.options = options;
            this.store = store;
            this.rejects = rejects;
            this.history = history;
        }

        /**
         * @param stored the watermark stored when the run started
         * @param start  the watermark the source starts after
         */
        IngestResult execute(JsonNode stored, JsonNode start) throws SQLException, IngestException {
            List<TableMigrator> migrators = new ArrayList<>();
            Map<TableSpec, TargetTables.Drift> indexWork = new java.util.LinkedHashMap<>();
            List<TableRef> created = prepareTables(migrators, indexWork);
            List<IngestResult.TableMigration> migrated = new ArrayList<>();
            Iterator<Batch> batches;
            try {
                batches = source.batches(start);
            } catch (Exception e) {
                throw new IngestException("the batch source failed before its first batch: " + e.getMessage(), null, e);
            }
            List<IngestResult.BatchResult> done = new ArrayList<>();
            JsonNode last = stored;
            LOG.info("ingest into {}: starting from watermark {}", specs.get(0).sql(), start);
            long since = System.nanoTime();
            for (int n = 1; nextBatch(batches, n); n++) {
                Batch batch = nextBatchValue(batches, n);
                BatchLoader loader = new BatchLoader(conn, specs, options, n, rejects);
                if (n == 1 && options.delete() == Delete.BEFORE_FIRST_BATCH) {
                    try {
                        loader.deleteExisting();
                    } catch (SQLException e) {
                        throw Errors.sql("batch 1, deleting existing rows", e, false);
                    }
                }
                Map<TableRef, TableRef> into = new HashMap<>();
                if (n == 1) {
                    // After the delete, so a rebuild copies no rows that are about to go.
                    for (TableMigrator m : migrators) {
                        int batchNo = n;
                        if (m.inPlace()) loader.stageFirst(m.spec().ref(), () -> m.alterInPlace(conn, batchNo));
                        else into.put(m.spec().ref(), m.buildShadow(conn, n));
                    }
                    into.forEach(loader::loadInto);
                }
                List<IngestResult.TableCounts> counts = loader.load(batch.rows());
                for (TableSpec t : specs) {
                    try {
                        options.onBeforeVisible().beforeVisible(conn, into.getOrDefault(t.ref(), t.ref()), batch.metadata());
                    } catch (Exception e) {
                        throw new IngestException("batch " + n + ", table " + t.sql() + ": onBeforeVisible failed: "
                                + e.getMessage() + "; the batch is rolled back", null, e);
                    }
                }
                JsonNode watermark;
                try {
                    watermark = batch.watermark().resolve();
                } catch (RuntimeException e) {
                    throw new IngestException("batch " + n + ": the deferred watermark failed: " + e.getMessage(), null, e);
                }
                List<IngestResult.TableMigration> swapped = new ArrayList<>();
                if (n == 1) for (TableMigrator m : migrators) swapped.add(m.finish(conn, n));
                long inserted = 0, updated = 0, deleted = 0;
                for (IngestResult.TableCounts c : counts) {
                    inserted += c.inserted();
                    updated += c.updated();
                    deleted += c.deleted();
                }
                store.write(conn, specs.get(0), watermark, n, inserted, updated, deleted);
                history.batch(conn, n, watermark, counts, (System.nanoTime() - since) / 1e9);
                conn.commit();
                since = System.nanoTime();
                store.committed(watermark, n);
                if (options.onBadRow() != null) committed(options.onBadRow(), n);
                migrated.addAll(swapped);
                last = watermark;
                done.add(new IngestResult.BatchResult(n, watermark, counts));
                if (LOG.isInfoEnabled()) LOG.info("batch {} committed, watermark {}: {}", n, watermark, counts);
            }
            conn.commit(); // without batches: makes the tables this run created durable
            if (!done.isEmpty()) migrated.addAll(changeIndexes(indexWork));
            return new IngestResult(start, last, done, created, migrated);
        }

        /**
         * Checks existing tables against their specs (a difference becomes a migrator for the first batch, or
         * fails the run with {@link Migration#FAIL}), then creates the missing ones (in the first batch's transaction).
         */
        private List<TableRef> prepareTables(List<TableMigrator> migrators, Map<TableSpec, TargetTables.Drift> indexWork)
                throws SQLException, IngestException {
            List<String> problems = new ArrayList<>();
            List<TableSpec> missing = new ArrayList<>();
            for (TableSpec t : specs) {
                long oid = TargetTables.oid(conn, t);
                if (oid == 0) {
                    missing.add(t);
                    continue;
                }
                TargetTables.Drift drift = TargetTables.drift(conn, t, oid);
                if (drift.none()) continue;
                if (options.migration() == Migration.FAIL) {
                    for (String d : drift.lines()) problems.add(t.sql() + ": " + d);
                } else {
                    boolean rebuilt = false;
                    if (drift.columnsOrKey()) {
                        TableMigrator m = new TableMigrator(t, drift, options.lockWaits());
                        migrators.add(m);
                        rebuilt = !m.inPlace();
                        LOG.info("{} differs from its spec and is migrated with the first batch: {}", t.sql(), drift.lines());
                    }
                    // a rebuilt table gets the spec's indexes with its shadow; otherwise they change after the batches
                    if (!rebuilt && (!drift.indexesAdded().isEmpty() || !drift.indexesDropped().isEmpty())) indexWork.put(t, drift);
                }
            }
            if (!problems.isEmpty()) {
                throw new IngestException("the target tables differ from their definitions, and the migration policy is FAIL;"
                        + " nothing was loaded. Change the TableSpec to match, alter the table, or use Migration.AUTO:\n  - "
                        + String.join("\n  - ", problems));
            }
            List<TableRef> created = new ArrayList<>();
            for (TableSpec t : missing) {
                try {
                    TargetTables.create(conn, t);
                    TargetTables.createIndexes(conn, t, t.ref());
                } catch (SQLException e) {
                    throw Errors.sql("creating table " + t.sql(), e, false);
                }
                created.add(t.ref());
            }
            return created;
        }

        /**
         * The index changes of tables that were not rebuilt, concurrently, outside any transaction (after the last batch
         * committed, so a failure here loses no rows and moves no watermark back).
         */
        private List<IngestResult.TableMigration> changeIndexes(Map<TableSpec, TargetTables.Drift> work) throws IngestException {
            List<IngestResult.TableMigration> out = new ArrayList<>();
            if (work.isEmpty()) return out;
            try {
                conn.setAutoCommit(true);
                for (var e : work.entrySet()) {
                    List<String> ddl = IndexMigrator.apply(conn, e.getKey(), e.getValue(), options.lockWaits());
                    out.add(new IngestResult.TableMigration(e.getKey().ref(), false, e.getValue().lines(), ddl, List.of(), List.of()));
                }
                conn.setAutoCommit(false);
            } catch (SQLException e) {
                throw Errors.sql("the batches are committed; changing the indexes of the tables afterwards", e, false);
            }
            return out;
        }

        private static void committed(BadRows sink, int n) throws IngestException {
            try {
                sink.batchCommitted(n);
            } catch (Exception e) {
                throw new IngestException("batch " + n + " committed, then its refused rows could not be recorded: " + e.getMessage(), null, e);
            }
        }

        private static boolean nextBatch(Iterator<Batch> batches, int n) throws IngestException {
            try {
                return batches.hasNext();
            } catch (RuntimeException e) {
                throw new IngestException("batch " + n + ": the batch source failed: " + e.getMessage(), null, e);
            }
        }

        private static Batch nextBatchValue(Iterator<Batch> batches, int n) throws IngestException {
            try {
                return batches.next();
            } catch (RuntimeException e) {
                throw new IngestException("batch " + n + ": the batch source failed: " + e.getMessage(), null, e);
            }
        }
    }
}
