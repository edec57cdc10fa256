package dev.drover.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transforms;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.ingest.Batch;
import dev.drover.engine.ingest.BatchSource;
import dev.drover.engine.ingest.BadValue;
import dev.drover.engine.ingest.Delete;
import dev.drover.engine.ingest.IncrementalIngest;
import dev.drover.engine.ingest.IngestException;
import dev.drover.engine.ingest.HighWatermark;
import dev.drover.engine.ingest.IngestOptions;
import dev.drover.engine.ingest.IngestState;
import dev.drover.engine.ingest.IngestResult;
import dev.drover.engine.ingest.Migration;
import dev.drover.engine.ingest.TableRow;
import dev.drover.engine.ingest.TableSpec;
import dev.drover.engine.ingest.Upsert;
import dev.drover.engine.ingest.Watermark;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Lookback;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.source.db.CursorPage;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.RowCursor;
import dev.drover.engine.target.SchemaWriter;
import dev.drover.engine.target.TableRef;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * Runs a database plan that has incremental tables ({@link DatabaseSpec#incremental()}); the plan can be run again
 * and again (reference §8.4).
 *
 * <p>The rule: <b>no table that exists in the target is ever dropped or created again</b> by the plan itself; an
 * incremental table whose source changed is migrated by the ingest engine ({@link #sourceSpec}, {@link Migration#AUTO}). A run first migrates, as a
 * plan without incremental tables would, every selected table whose target table does not exist yet: the
 * non-incremental ones with their rows, keys and indexes; the incremental ones as schema only (table, keys, indexes),
 * their rows coming next. Non-incremental tables that exist are left alone (a notice says so). Then each incremental
 * table is loaded through {@link IncrementalIngest}: the source rows past the table's stored watermark, read page by
 * page in cursor order ({@link CursorPage}), converted by the same casts and transforms as the migration, one batch of
 * {@code batch_rows} rows per transaction, upserted by primary key, the batch's watermark being the cursor tuple of its
 * last row. A failed batch rolls back with its watermark; the next run starts after the last committed batch.
 */
public final class IncrementalMigration {
    private IncrementalMigration() {}

    /** An incremental table of the plan resolved against the source's catalog. */
    public record Stream(String planKey, SourceTable table, TableRef target, DatabaseSpec.Incremental settings,
                         List<ColumnCast> casts, List<String> cursor, List<ColumnCast> allCasts) {
        /** The key of the table's watermark in {@code drover.ingest_state}: its target table, quoted. */
        public String streamId() {
            return target.sql();
        }
    }

    /**
     * The plan's incremental tables, in the catalog's order.
     *
     * @throws IllegalArgumentException when one names no migrated table, its cursor no column, or it upserts without a
     *                                  primary key
     */
    public static List<Stream> streams(DatabaseSpec d, DatabaseMigration.Mapping mapping) {
        List<String> problems = new ArrayList<>();
        List<Stream> out = new ArrayList<>();
        Map<String, Boolean> found = new LinkedHashMap<>();
        d.incremental().keySet().forEach(k -> found.put(k, false));
        for (var e : mapping.tables().entrySet()) {
            SourceTable t = e.getKey();
            for (var inc : d.incremental().entrySet()) {
                if (!inc.getKey().equalsIgnoreCase(t.name()) && !inc.getKey().equalsIgnoreCase(t.display())) continue;
                found.put(inc.getKey(), true);
                List<String> cursor = new ArrayList<>();
                for (String c : inc.getValue().cursor()) {
                    SourceColumn col = t.column(c).orElse(t.columns().stream().filter(x -> x.name().equalsIgnoreCase(c)).findFirst().orElse(null));
                    if (col == null) {
                        problems.add("the cursor of incremental table " + inc.getKey() + " names column " + c + ", which "
                                + t.display() + " does not have (its columns: " + t.columns().stream().map(SourceColumn::name).toList() + ")");
                    } else {
                        cursor.add(col.name());
                    }
                }
                boolean hasKey = t.primaryKey() != null && !t.primaryKey().columns().isEmpty();
                if (inc.getValue().upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY && !hasKey) {
                    problems.add("incremental table " + inc.getKey() + " upserts by primary key, and " + t.display()
                            + " has none: give it upsert: off, or a primary key in the source");
                }
                List<ColumnCast> copied = e.getValue().stream().filter(ColumnCast::copied).toList();
                out.add(new Stream(inc.getKey(), t, mapping.targets().get(t), inc.getValue(), copied, cursor, e.getValue()));
            }
        }
        List<String> unknown = found.entrySet().stream().filter(x -> !x.getValue()).map(Map.Entry::getKey).toList();
        if (!unknown.isEmpty()) {
            problems.add(0, "incremental names tables that are not migrated: " + unknown + "; the migrated tables are "
                    + mapping.tables().keySet().stream().map(SourceTable::name).toList());
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return parentsFirst(out);
    }

    /**
     * The streams ordered so that a table another one references by foreign key loads first: each table is its own
     * transaction, and a child's new rows may reference its parent's new rows. A cycle keeps the catalog's order.
     */
    static List<Stream> parentsFirst(List<Stream> streams) {
        List<Stream> todo = new ArrayList<>(streams), out = new ArrayList<>();
        while (!todo.isEmpty()) {
            Stream next = todo.stream().filter(s -> s.table().foreignKeys().stream().noneMatch(fk -> todo.stream()
                    .anyMatch(p -> p != s && p.table().key().equals(fk.refKey(s.table()))))).findFirst().orElse(todo.get(0));
            todo.remove(next);
            out.add(next);
        }
        return out;
    }

    /** The plan's incremental tables, resolved against the source's catalog (what {@code drover state} lists). */
    public static List<Stream> streams(DatabaseSpec d, DatabaseSource source) throws SQLException {
        DatabaseMigration.Options m = DatabaseMigration.Options.of(d);
        SourceCatalog catalog = DatabaseMigration.catalog(source, m);
        return streams(d, DatabaseMigration.casts(catalog, source, m));
    }

    public static RunReport run(DatabaseSpec d, DatabaseSource source, PgTarget target, String password, LoadOptions o,
                                DatabaseMigration.Options m, RunListener listener, Cancellation cancellation) {
        long t0 = System.nanoTime();
        List<PhaseReport> pre = new ArrayList<>();
        List<PhaseReport> post = new ArrayList<>();
        List<TableReport> tables = new ArrayList<>();
        Path rejectDir = o.rejectDir().resolve(target.database());
        DatabaseMigration.Mapping mapping;
        List<Stream> streams;
        String database;
        try {
            SourceCatalog catalog = DatabaseMigration.catalog(source, m);
            database = catalog.database();
            mapping = DatabaseMigration.casts(catalog, source, m);
            streams = streams(d, mapping);
            if (!source.readsCursorPages()) {
                throw new IllegalArgumentException(source.kind() + " sources cannot be read incrementally yet (SQLite, PostgreSQL, MySQL and SQL Server"
                        + " sources can): remove the incremental section, or load with table modes");
            }
        } catch (SQLException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "cannot read the " + source.kind() + " catalog: " + e.getMessage(), rejectDir);
        } catch (IllegalArgumentException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, e.getMessage(), rejectDir);
        }
        Sessions sessions = new Sessions(target, password, o.settings());
        List<SourceTable> missingPlain = new ArrayList<>(), missingIncremental = new ArrayList<>();
        try (Connection c = sessions.open("setup")) {
            if (!o.beforeSql().isEmpty()) {
                PhaseReport p = Engine.sql("before load", c, o.beforeSql());
                pre.add(p);
                listener.on(new RunEvent.PhaseFinished(p));
                if (p.failed() > 0) return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "before load: " + p.failure(), rejectDir);
            }
            for (var e : mapping.targets().entrySet()) {
                boolean incremental = streams.stream().anyMatch(s -> s.table().equals(e.getKey()));
                if (exists(c, e.getValue())) {
                    if (!incremental) {
                        listener.on(new RunEvent.Notice(e.getValue().display(), "left alone: the table exists, and a plan with"
                                + " incremental tables loads its other tables only into targets that do not exist yet"));
                    }
                } else if (incremental) {
                    missingIncremental.add(e.getKey());
                } else {
                    missingPlain.add(e.getKey());
                }
            }
        } catch (SQLException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.CONNECTION_FAILED,
                    "cannot connect to " + target.display() + ": " + Engine.connectionAdvice(e), rejectDir);
        }

        // ---- the tables the target does not have yet: migrated as a plan without incremental tables would
        LoadOptions inner = new LoadOptions(o.workers(), o.concurrency(), o.batchRows(), o.batchBytes(), o.queueBatches(), o.onError(),
                o.maxErrors(), o.rejectDir(), o.truncate(), o.createTable(), o.dropIndexes(), o.disableTriggers(), o.indexJobs(),
                o.settings(), List.of(), List.of(), o.afterSchemaSql());
        // Foreign keys between tables this run creates in different passes, or to tables that exist already: a pass only
        // sees its own tables, so they are added after the incremental loads, when every table has its rows.
        List<SourceTable> createdHere = new ArrayList<>(missingPlain);
        createdHere.addAll(missingIncremental);
        List<SchemaWriter.Step> laterKeys = new ArrayList<>();
        java.util.Set<String> laterKeyNotices = new java.util.HashSet<>();
        if (m.build().makesForeignKeys()) {
            Map<String, List<ColumnCast>> castsByKey = new LinkedHashMap<>();
            mapping.tables().forEach((t, c) -> castsByKey.put(t.key(), c));
            for (SourceTable t : createdHere) {
                boolean plain = missingPlain.contains(t);
                Map<String, TableRef> parents = new LinkedHashMap<>();
                for (var fk : t.foreignKeys()) {
                    for (SourceTable p : mapping.tables().keySet()) {
                        if (!p.key().equals(fk.refKey(t))) continue;
                        boolean samePass = plain ? missingPlain.contains(p) : missingIncremental.contains(p);
                        if (samePass) continue;
                        parents.put(p.key(), mapping.targets().get(p));
                        laterKeyNotices.add(mapping.targets().get(t).display() + "\u0000foreign key " + fk.columns() + " → "
                                + fk.refTable() + " is not created: " + fk.refTable() + " is not migrated");
                    }
                }
                if (!parents.isEmpty()) {
                    laterKeys.addAll(SchemaWriter.foreignKeys(mapping.targets().get(t), t, mapping.tables().get(t), parents, castsByKey));
                }
            }
        }
        RunListener quiet = e -> {
            if (e instanceof RunEvent.RunFinished) return;
            if (e instanceof RunEvent.Notice n && laterKeyNotices.contains(n.table() + "\u0000" + n.message())) return;
            listener.on(e);
        };
        Outcome worst = Outcome.SUCCESS;
        String failure = null;
        for (int pass = 0; pass < 2; pass++) {
            List<SourceTable> which = pass == 0 ? missingPlain : missingIncremental;
            if (which.isEmpty()) continue;
            // each table pinned to the target the whole plan gives it: a part of the tables alone could choose other
            // schemas (a PostgreSQL source's tables of several schemas keep their schemas, of one go to public)
            Map<String, String> pinned = new LinkedHashMap<>();
            for (SourceTable t : which) pinned.put(t.display(), mapping.targets().get(t).sql());
            m.rename().forEach(pinned::putIfAbsent);
            DatabaseMigration.Options only = new DatabaseMigration.Options(m.schema(), false, m.casts(), m.identifiers(),
                    which.stream().map(t -> Pattern.quote(t.name())).toList(), m.exclude(),
                    pass == 0 ? DatabaseSpec.Mode.ALL : DatabaseSpec.Mode.SCHEMA_ONLY, pinned, m.zeroDates(),
                    pass == 0 ? m.verifySample() : 0, pass == 0 ? m.materialize() : List.of(), m.build(), Map.of());
            RunReport r = DatabaseMigration.run(source, target, password, inner, only, quiet, cancellation);
            pre.addAll(r.pre());
            tables.addAll(r.tables());
            post.addAll(r.post());
            if (r.outcome() != Outcome.SUCCESS && r.outcome() != Outcome.COMPLETED_WITH_REJECTS) {
                return Engine.finish(listener, pre, tables, post, t0, r.outcome(), r.failure(), rejectDir);
            }
            if (r.outcome() == Outcome.COMPLETED_WITH_REJECTS) worst = r.outcome();
        }

        // ---- the incremental tables: only the rows past their watermarks
        for (Stream s : streams) {
            if (cancellation.requested()) break;
            TableReport r = load(s, source, sessions, o.batchRows(), m.build(), listener, cancellation,
                    new IncrementalRejects(s, o, rejectDir, database + " " + s.table().display(), listener),
                    missingIncremental.contains(s.table()));
            tables.add(r);
            listener.on(new RunEvent.TableFinished(r));
            if (r.state() == TableState.FAILED && failure == null) {
                worst = Outcome.FAILED;
                failure = r.table() + ": " + r.failure();
            }
        }
        if (cancellation.requested()) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.CANCELLED, "cancelled by the user; committed batches stay loaded,"
                    + " with their watermarks", rejectDir);
        }
        if (!laterKeys.isEmpty()) {
            PhaseReport keys = addForeignKeys(sessions, laterKeys, listener);
            post.add(keys);
            listener.on(new RunEvent.PhaseFinished(keys));
            if (keys.failed() > 0 && failure == null) {
                worst = Outcome.FAILED;
                failure = keys.failure();
            }
        }
        if (failure == null) {
            Engine.Failure f = Engine.afterLoad(sessions, o, post, listener);
            if (f != null) {
                worst = f.outcome();
                failure = f.message();
            }
        }
        if (worst == Outcome.SUCCESS && tables.stream().anyMatch(t -> t.rejected() > 0)) worst = Outcome.COMPLETED_WITH_REJECTS;
        return Engine.finish(listener, pre, tables, post, t0, worst, failure, rejectDir);
    }

    /**
     * Adds the foreign keys that cross this run's passes, each {@code NOT VALID} then validated. A key whose existing
     * rows do not all match stays {@code NOT VALID} (new rows are checked), with a notice naming it: the rows came from
     * the source as they are, and dropping them is not the run's call.
     */
    private static PhaseReport addForeignKeys(Sessions sessions, List<SchemaWriter.Step> steps, RunListener listener) {
        long t0 = System.nanoTime();
        int failed = 0;
        String failure = null;
        try (Connection c = sessions.open("foreign keys")) {
            for (SchemaWriter.Step step : steps) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(step.sql().get(0));
                } catch (SQLException e) {
                    failed++;
                    if (failure == null) failure = step.what() + ": " + e.getMessage();
                    continue;
                }
                for (String sql : step.sql().subList(1, step.sql().size())) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute(sql);
                    } catch (SQLException e) {
                        listener.on(new RunEvent.Notice(null, step.what() + " stays NOT VALID: " + e.getMessage()
                                + "; rows loaded from now on are checked. Fix the rows, then ALTER TABLE ... VALIDATE CONSTRAINT"));
                    }
                }
            }
        } catch (SQLException e) {
            failed = steps.size();
            failure = "foreign keys: " + e.getMessage();
        }
        return new PhaseReport("foreign keys between incremental and other tables", steps.size(), failed,
                Duration.ofNanos(System.nanoTime() - t0), failure);
    }

    private static boolean exists(Connection c, TableRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, ref.sql());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** One incremental table: its rows past the watermark, through the ingest engine. */
    /**
     * @param createdNow the run made the target table: a watermark stored for it belongs to a table that was dropped
     *                   since, so every row loads (a notice says so) instead of only those past it
     */
    static TableReport load(Stream s, DatabaseSource source, Sessions sessions, int batchRows, DatabaseSpec.Build build,
                            RunListener listener, Cancellation cancellation, IncrementalRejects rejects, boolean createdNow) {
        long t0 = System.nanoTime();
        String display = s.target().display();
        PageSource pages = null;
        try (Connection c = sessions.open("incremental")) {
            TableSpec spec = sourceSpec(s, build.indexes());
            if (s.settings().upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY && !spec.hasPrimaryKey()) {
                return failed(display, t0, "upsert by primary key needs a primary key on " + display
                        + ", and the plan builds none (create_indexes: false): give the table upsert: off, or let the plan build keys");
            }
            IngestOptions options = IngestOptions.builder()
                    .upsert(s.settings().upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY ? Upsert.IF_PRIMARY_KEY : Upsert.OFF)
                    .delete(s.settings().delete() == DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH ? Delete.BEFORE_FIRST_BATCH : Delete.OFF)
                    .streamId(s.streamId())
                    .highWatermark(createdNow ? HighWatermark.EARLIEST : HighWatermark.LATEST)
                    // the source's schema changed since the table was made: migrate it (in place when cheap, else a swap)
                    .migration(Migration.AUTO)
                    .stopRequested(cancellation::requested)
                    .build();
            if (createdNow) {
                IngestState.read(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId()).ifPresent(old -> listener.on(new RunEvent.Notice(display,
                        "the table is new, so its stored watermark " + old.watermark() + " (from a table dropped since) is not used:"
                                + " every row loads")));
            }
            pages = new PageSource(s, spec, source, batchRows, cancellation);
            PageSource read = pages;
            rejects.readFrom(() -> read.committedRows + read.batchRows);
            IngestResult result = IncrementalIngest.run(c, List.of(spec), pages, rejects.wire(options));
            IngestResult.TableCounts n = result.total(spec.ref());
            for (IngestResult.TableMigration mig : result.migrations()) {
                listener.on(new RunEvent.Notice(display, (mig.swapped() ? "rebuilt and swapped in" : "migrated in place")
                        + ", as the source changed: " + String.join("; ", mig.differences())
                        + (mig.carried().isEmpty() ? "" : "; carried over: " + String.join("; ", mig.carried()))
                        + (mig.lost().isEmpty() ? "" : "; not carried over (or kept NOT VALID): " + String.join("; ", mig.lost()))));
            }
            if (build.resetSequences() && n.inserted() > 0) resetIdentities(c, s);
            long loaded = n.inserted() + n.updated() + n.unchanged();
            JsonNode wm = result.lastWatermark();
            TableReport.Changes changes = new TableReport.Changes(n.inserted(), n.updated(), n.unchanged(),
                    wm == null || wm.isNull() ? null : wm.toString());
            listener.on(new RunEvent.Notice(display, "incremental from watermark " + result.startWatermark() + ": "
                    + result.batches().size() + " batches, " + changes.describe()
                    + (n.rejected() > 0 ? "; " + n.rejected() + " rows rejected" : "")));
            return new TableReport(display, n.rowsRead(), loaded, n.rejected(), 0, Duration.ofNanos(System.nanoTime() - t0), TableState.DONE,
                    null, List.of(), null, changes);
        } catch (IngestException e) {
            long committed = pages == null ? 0 : pages.committedRows;
            TableReport r = failed(display, t0, e.getMessage() + " (the watermark stays at the last committed batch: the next run"
                    + " resumes there)");
            // the rows of the batches committed before the failure are in the target
            return new TableReport(r.table(), committed, committed - rejects.committed(), rejects.committed(), 0, r.time(), r.state(), r.failure());
        } catch (SQLException e) {
            return failed(display, t0, TableJob.describe(e));
        } catch (IllegalArgumentException e) {
            return failed(display, t0, e.getMessage());
        } finally {
            if (pages != null) pages.close();
            rejects.close();
        }
    }

    /** Identity columns set past the loaded values, as a migration does, so that new target rows draw free keys. */
    private static void resetIdentities(Connection c, Stream s) throws SQLException {
        for (ColumnCast cc : s.casts()) {
            if (!cc.identity()) continue;
            String col = TableRef.quote(cc.targetName());
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), m) FROM (SELECT max(" + col
                    + ") AS m FROM " + s.target().sql() + ") x WHERE m IS NOT NULL AND pg_get_serial_sequence(?, ?) IS NOT NULL")) {
                ps.setString(1, s.target().sql());
                ps.setString(2, cc.targetName());
                ps.setString(3, s.target().sql());
                ps.setString(4, cc.targetName());
                ps.executeQuery().close();
            }
        }
    }

    /** The rows of the committed batches are in the target, but the counts of a run that failed are not known here. */
    private static TableReport failed(String display, long t0, String why) {
        return new TableReport(display, 0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - t0), TableState.FAILED, why);
    }

    /**
     * The table as the plan makes it from the source today: the copied columns with their cast types (a serial as its
     * integer type, since the sequence is the column's default, not its type), NOT NULL as cast, the source's primary key
     * and, with {@code indexes}, the indexes a migration builds. The ingest engine compares it with the target's table on
     * catalog facts, so a source that changed migrates the table and an unchanged one changes nothing. Indexes of the
     * target that the source lacks are kept (they may be the target's own); generated columns are kept as they are.
     */
    static TableSpec sourceSpec(Stream s, boolean indexes) {
        TableSpec.Builder b = TableSpec.builder(s.target().schema(), s.target().name());
        Map<String, String> names = new LinkedHashMap<>();
        for (ColumnCast cc : s.casts()) {
            names.put(cc.source().name(), cc.targetName());
            if (cc.notNull()) b.notNull(cc.targetName(), cc.targetType());
            else b.column(cc.targetName(), cc.targetType());
        }
        for (ColumnCast cc : s.allCasts()) if (!cc.copied()) b.keep(cc.targetName());
        if (!indexes) return b.indexPolicy(TableSpec.IndexPolicy.IGNORE).build();
        if (s.table().primaryKey() != null) {
            b.primaryKey(s.table().primaryKey().columns().stream().map(c -> names.getOrDefault(c, c)).toArray(String[]::new));
        }
        String on = " ON " + s.target().sql() + " ";
        for (SchemaWriter.Step step : SchemaWriter.keysAndIndexes(s.target(), s.table(), s.allCasts())) {
            String create = step.sql().get(0);
            if (step.sql().size() > 1 && step.sql().get(1).contains(" PRIMARY KEY USING INDEX ")) continue;
            boolean unique = create.startsWith("CREATE UNIQUE INDEX ");
            String rest = create.substring((unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ").length());
            int at = rest.indexOf(on);
            if (at < 0) continue; // not a statement SchemaWriter writes today
            b.index(new TableSpec.Index(unquote(rest.substring(0, at)), unique, rest.substring(at + on.length())));
        }
        return b.indexPolicy(TableSpec.IndexPolicy.ADD_MISSING).build();
    }

    private static String unquote(String quoted) {
        return quoted.startsWith("\"") ? quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"") : quoted;
    }

    /** Cursor tuples in cursor order: numbers as numbers, anything else by its text (ISO dates and times sort so). */
    static int comparePositions(JsonNode a, JsonNode b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            JsonNode x = a.get(i), y = b.get(i);
            int c = x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.asText().compareTo(y.asText());
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A JSON value of a cursor position back as a value to compare with: whole numbers as Long, others as Double, text as String. */
    static Object positionValue(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        if (v.isNumber()) return v.isBigDecimal() ? v.decimalValue() : (Object) v.doubleValue();
        if (v.isTextual()) return v.textValue();
        if (v.isBoolean()) return v.booleanValue();
        throw new IllegalArgumentException("a cursor position holds numbers and strings, not " + v);
    }

    /** A source value of a cursor column as JSON: numbers as numbers, anything else as its text (ISO for dates and times). */
    static JsonNode positionJson(Object v, String column) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            throw new IllegalStateException("cursor column " + column + " is NULL in a source row: a cursor needs values that are"
                    + " never NULL (choose NOT NULL columns, or give them a value in the source)");
        }
        if (v instanceof Long l) return f.numberNode(l);
        if (v instanceof Integer i) return f.numberNode(i.longValue());
        if (v instanceof Short i) return f.numberNode(i.longValue());
        if (v instanceof Double d) return f.numberNode(d);
        if (v instanceof Float d) return f.numberNode(d.doubleValue());
        if (v instanceof BigDecimal d) return f.numberNode(d);
        if (v instanceof java.math.BigInteger d) return f.numberNode(d);
        if (v instanceof Boolean b) return f.booleanNode(b);
        if (v instanceof byte[]) throw new IllegalStateException("cursor column " + column + " holds bytes: a cursor needs numbers, text, dates or times");
        return f.textNode(v.toString());
    }

    /**
     * The batches of one incremental table: page after page of the source in cursor order, starting after the stored
     * watermark; each page is one batch, read lazily while the ingest engine copies it.
     */
    static final class PageSource implements BatchSource, AutoCloseable {
        private final Stream s;
        private final TableSpec spec;
        private final DatabaseSource source;
        private final int limit;
        private final List<String> select = new ArrayList<>();
        private final int[] cursorAt;
        private final Transform[] transforms;
        private final Cancellation cancellation;
        private RowCursor open;
        /** Rows of the batches that committed, and of the batch in hand. */
        long committedRows, batchRows;

        /** @param cancellation once requested, no further page starts (the batch in hand commits) */
        PageSource(Stream s, TableSpec spec, DatabaseSource source, int limit, Cancellation cancellation) {
            this.s = s;
            this.cancellation = cancellation;
            this.spec = spec;
            this.source = source;
            this.limit = Math.max(1, limit);
            for (ColumnCast c : s.casts()) select.add(c.source().name());
            this.transforms = new Transform[s.casts().size()];
            for (int i = 0; i < transforms.length; i++) transforms[i] = Transforms.forColumn(s.casts().get(i));
            this.cursorAt = new int[s.cursor().size()];
            for (int i = 0; i < cursorAt.length; i++) {
                int at = select.indexOf(s.cursor().get(i));
                if (at < 0) {
                    at = select.size();
                    select.add(s.cursor().get(i)); // a cursor column the target does not get: read for the position only
                }
                cursorAt[i] = at;
            }
        }

        @Override
        public Iterator<Batch> batches(JsonNode start) {
            List<Object> first = null;
            if (start != null && !start.isNull()) {
                if (!start.isArray() || start.size() != cursorAt.length) {
                    throw new IllegalArgumentException("the watermark of " + s.target().display() + " is " + start + ", and its cursor "
                            + s.cursor() + " needs a JSON array of " + cursorAt.length + " values: set it with drover state --set, or"
                            + " reset it to load from the beginning");
                }
                first = new ArrayList<>();
                for (JsonNode v : start) first.add(positionValue(v));
            }
            List<Object> from = first;
            // with a lookback window the first page starts that far before the watermark, on the first cursor column
            Object lookFrom = first == null || s.settings().lookback() == null ? null
                    : Lookback.before(first.get(0), Lookback.parse(s.settings().lookback()), s.cursor().get(0));
            JsonNode stored = start == null || start.isNull() ? null : start;
            return new Iterator<>() {
                List<Object> after = lookFrom == null ? from : null;
                Object atLeast = lookFrom;
                boolean done;
                boolean pending; // the open cursor stands on a row not handed out yet

                @Override
                public boolean hasNext() {
                    if (pending) return true;
                    // asked for the next batch only once the last one committed
                    committedRows += batchRows;
                    batchRows = 0;
                    if (done || cancellation.requested()) return false;
                    try {
                        closeOpen();
                        CursorPage page = after == null && atLeast != null ? CursorPage.from(s.cursor(), atLeast, limit)
                                : new CursorPage(s.cursor(), after, limit);
                        atLeast = null;
                        open = source.rowsAfter(s.table(), select, page);
                        if (!open.next()) {
                            closeOpen();
                            done = true;
                            return false;
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading " + s.table().display() + " after " + after + ": " + e.getMessage(), e);
                    }
                    pending = true;
                    return true;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    pending = false;
                    Object[][] last = new Object[1][]; // the raw values of the batch's last row so far
                    Iterator<TableRow> rows = new Iterator<>() {
                        int n;
                        boolean ready = true; // the first row is already current

                        @Override
                        public boolean hasNext() {
                            if (ready) return true;
                            if (n >= limit || open == null) return false;
                            try {
                                ready = open.next();
                            } catch (SQLException e) {
                                throw new IllegalStateException("reading " + s.table().display() + ": " + e.getMessage(), e);
                            }
                            if (!ready) {
                                closeOpen();
                                done = true; // a page shorter than the limit is the last one
                            }
                            return ready;
                        }

                        @Override
                        public TableRow next() {
                            if (!hasNext()) throw new NoSuchElementException();
                            ready = false;
                            n++;
                            batchRows++;
                            try {
                                Object[] raw = new Object[select.size()];
                                open.read(raw);
                                // the position as JSON is built only where it is needed: the batch's watermark, a reject
                                for (int i = 0; i < cursorAt.length; i++) {
                                    if (raw[cursorAt[i]] == null) positionJson(null, s.cursor().get(i)); // says which column
                                }
                                last[0] = raw;
                                Object[] values = new Object[transforms.length];
                                for (int i = 0; i < values.length; i++) {
                                    Object v = raw[i];
                                    try {
                                        if (transforms[i] != null) v = transforms[i].apply(v);
                                        values[i] = DbRecords.targetText(v);
                                    } catch (Transform.TransformException e) {
                                        // the row is rejected (or, with on_error: stop, fails its batch) when the engine encodes it
                                        values[i] = new BadValue(raw[i], "22P02", "a value of " + s.table().display() + " column "
                                                + s.casts().get(i).source().name() + " cannot be converted: " + e.getMessage());
                                    }
                                }
                                if (n >= limit) {
                                    closeOpen(); // the next page starts after this row
                                }
                                return new TableRow(spec, values, new IncrementalRejects.SourceRow(raw, () -> position(raw)));
                            } catch (SQLException e) {
                                throw new IllegalStateException("reading " + s.table().display() + ": " + e.getMessage(), e);
                            }
                        }
                    };
                    return new Batch(Watermark.deferred(() -> {
                        ArrayNode end = position(last[0]);
                        List<Object> position = new ArrayList<>();
                        for (JsonNode v : end) position.add(positionValue(v));
                        after = position;
                        // a page inside the lookback window ends before the stored watermark: that one stays
                        return stored != null && comparePositions(end, stored) < 0 ? stored : end;
                    }), null, rows);
                }
            };
        }

        /** A row's cursor tuple as JSON, from the values read. */
        private ArrayNode position(Object[] raw) {
            ArrayNode position = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < cursorAt.length; i++) position.add(positionJson(raw[cursorAt[i]], s.cursor().get(i)));
            return position;
        }

        private void closeOpen() {
            if (open == null) return;
            try {
                open.close();
            } catch (SQLException ignored) {
                // a read-only cursor: nothing is lost
            }
            open = null;
        }

        @Override
        public void close() {
            closeOpen();
        }
    }
}
