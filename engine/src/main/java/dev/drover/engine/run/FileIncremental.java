package dev.drover.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.RejectStore;
import dev.drover.engine.ingest.Batch;
import dev.drover.engine.ingest.BatchSource;
import dev.drover.engine.ingest.Delete;
import dev.drover.engine.ingest.IncrementalIngest;
import dev.drover.engine.ingest.IngestException;
import dev.drover.engine.ingest.IngestOptions;
import dev.drover.engine.ingest.IngestResult;
import dev.drover.engine.ingest.Migration;
import dev.drover.engine.ingest.TableRow;
import dev.drover.engine.ingest.TableSpec;
import dev.drover.engine.ingest.Upsert;
import dev.drover.engine.ingest.Watermark;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.source.csv.CsvFiles;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.source.csv.TextRecordReader;
import dev.drover.engine.target.TableRef;
import dev.drover.engine.target.TargetCatalog;
import dev.drover.engine.target.TargetColumn;
import dev.drover.engine.target.TargetTable;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * A file table with {@code mode: incremental}: its files are read whole on every run, and only the rows whose cursor
 * tuple is past the table's stored watermark are loaded, through {@link IncrementalIngest} (upserted by primary key,
 * or appended), the others counted as skipped.
 *
 * <p>The cursor names <b>target columns</b> (after the mapping: {@code columns}, header names, {@code using}
 * expressions), so it compares what the table stores. Its values are compared in the column's type: integers and
 * numerics as numbers; {@code date}, {@code time}, {@code timestamp} as ISO 8601 values ({@code 2024-01-08},
 * {@code 2024-01-08 09:00:00} or {@code 2024-01-08T09:00:00.5}); {@code timestamptz} as instants (an offset in the value,
 * else the session's time zone); anything else as text, character by character (Java's order, not the database's
 * collation). A row whose cursor value is empty or does not read in its type is rejected into the reject files,
 * naming the column.
 *
 * <p>Files are not sorted by cursor, so a run holds all the rows past the watermark of all the table's files in
 * <b>one batch</b>, one transaction, streamed into COPY (memory stays bounded): its watermark, the largest cursor tuple
 * read, commits with the rows. A run that fails or is cancelled commits nothing, and the next run reads the same rows
 * again. A run without rows past the watermark commits no batch: {@code delete: before-first-batch} deletes nothing.
 * A key that comes more than once among a run's new rows is upserted once, with its last row in file order.
 *
 * <p>A row the ingest engine refuses (a value its encoder or PostgreSQL does not take) is left out and written, when
 * the batch commits, to the table's reject files by {@link IncrementalRejects}, with its file, line and original bytes
 * ({@link IncrementalRejects.FileRow}), like the rows the reader rejects itself; the rest commits. The watermark is the
 * largest cursor tuple <em>read</em>, rejected rows included: a rejected row is accounted for (in the reject files), so
 * the next run skips it instead of rejecting it again, as a database plan's watermark moves past its rejected rows.
 * {@code on_error: stop} and {@code max_errors} fail the run, nothing committed. While the files are read, progress
 * goes to the listener as for a file load (rows and bytes read); the rows count as loaded once the batch committed.
 *
 * <p>The watermark is stored under the table's name as the plan writes it, quoted ({@link #streamId}); it is a JSON
 * array with one value per cursor column: numbers as numbers, dates and times as ISO 8601 text, timestamptz in UTC.
 */
public final class FileIncremental {
    /** How often progress is sent while the files are read, as a file load does. */
    private static final long PROGRESS_NANOS = 200_000_000L;
    private final TableLoad load;
    private final LoadOptions options;
    private final Sessions sessions;
    private final Path rejectRoot;
    private final RunListener listener;
    private final Cancellation cancellation;
    private final Path baseDir;
    private final String display;
    /** Why the table failed, for the run's outcome: the plan does not fit the target, or a bug. */
    boolean planProblem;
    RuntimeException internalError;

    FileIncremental(TableLoad load, LoadOptions options, Sessions sessions, Path rejectRoot, RunListener listener,
                    Cancellation cancellation, Path baseDir) {
        this.load = load;
        this.options = options;
        this.sessions = sessions;
        this.rejectRoot = rejectRoot;
        this.listener = listener;
        this.cancellation = cancellation;
        this.baseDir = baseDir;
        this.display = TableRef.parse(load.table()).display();
    }

    /** The key of a file table's watermark in {@code drover.ingest_state}: its table as the plan names it, quoted. */
    public static String streamId(TableLoad load) {
        return TableRef.parse(load.table()).sql();
    }

    /**
     * The plan's incremental file tables as {@code drover state} lists them (no source table, no casts: a file's
     * columns are known only once it is read).
     */
    public static List<IncrementalMigration.Stream> streams(Plan plan) {
        List<IncrementalMigration.Stream> out = new ArrayList<>();
        for (TableLoad t : plan.tables()) {
            if (t.incremental() == null) continue;
            TableRef ref = TableRef.parse(t.table());
            out.add(new IncrementalMigration.Stream(t.table(), null, ref, t.incremental(), List.of(), t.incremental().cursor(), List.of()));
        }
        return out;
    }

    /** Never throws: every failure ends up in the report. */
    TableReport run() {
        long t0 = System.nanoTime();
        Rows rows = null;
        TableReport r;
        try {
            try {
                rows = new Rows();
            } finally {
                listener.on(new RunEvent.TableQueued(display, rows == null ? -1 : rows.expectedBytes));
            }
            r = load(rows, t0);
        } catch (PlanProblem e) {
            planProblem = true;
            r = failed(rows, t0, e.getMessage());
        } catch (IngestException e) {
            if (rows != null && rows.stopped() != null) {
                // on error stop, or max errors exceeded: the rejects say which row
                r = failed(rows, t0, rows.stopped() + "; this run's rows were one batch: none was committed");
            } else if (rows != null && rows.failure != null) {
                // a later file's header does not fit the plan: a plan problem found while reading
                planProblem = true;
                r = failed(rows, t0, rows.failure + "; nothing was committed");
            } else {
                r = failed(rows, t0, e.getMessage() + (cancellation.requested() ? "" : " (this run's rows were one batch: none was"
                        + " committed)"));
            }
        } catch (SQLException e) {
            r = failed(rows, t0, TableJob.describe(e));
        } catch (IOException e) {
            r = failed(rows, t0, "could not read the source: " + e.getMessage());
        } catch (RuntimeException e) {
            internalError = e;
            r = failed(rows, t0, "internal error: " + e);
        } finally {
            if (rows != null) rows.close();
        }
        if (r.state() == TableState.FAILED && cancellation.requested()) {
            r = new TableReport(r.table(), r.read(), 0, r.rejected(), 0, r.time(), TableState.CANCELLED,
                    "cancelled: nothing of this run was committed; the next run reads the same rows again");
            internalError = null;
        }
        listener.on(new RunEvent.TableFinished(r));
        return r;
    }

    /**
     * A failed table: what was read and rejected; nothing loaded, because the one batch rolled back (the rows read and
     * not rejected are not accounted for, as for any table whose load failed).
     */
    private TableReport failed(Rows rows, long t0, String why) {
        long read = rows == null ? 0 : rows.read;
        long rejected = rows == null ? 0 : rows.rejected();
        return new TableReport(display, read, 0, rejected, 0, Duration.ofNanos(System.nanoTime() - t0), TableState.FAILED, why);
    }

    private TableReport load(Rows rows, long t0) throws PlanProblem, SQLException, IOException, IngestException {
        DatabaseSpec.Incremental inc = load.incremental();
        try (Connection c = sessions.open("incremental/" + display)) {
            TableRef ref = TableRef.parse(load.table());
            TargetTable table = TargetCatalog.read(c, ref).orElse(null);
            boolean created = false;
            if (table == null) {
                TableJob creator = new TableJob(load, options, sessions, rejectRoot, listener, cancellation, baseDir);
                table = creator.create(c, ref, rows.files.get(0));
                created = true;
            }
            if (options.truncate()) {
                notice("truncate is not done for an incremental table (it would lose what earlier runs loaded): use"
                        + " delete: before-first-batch to replace the rows when new ones come");
            }
            rows.start(table, created, zone(c));
            List<String> key = primaryKey(c, table.ref());
            boolean upsert = inc.upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY;
            if (upsert && key.isEmpty()) {
                throw new PlanProblem("upsert: primary-key needs a primary key on " + table.ref().display() + ", and the table has"
                        + " none" + (created ? " (Drover created it from the file)" : "") + ": add one (ALTER TABLE "
                        + table.ref().sql() + " ADD PRIMARY KEY (...)), or load with upsert: off");
            }
            TableSpec spec = rows.spec(key, upsert);
            IngestOptions io = IngestOptions.builder()
                    .upsert(upsert ? Upsert.IF_PRIMARY_KEY : Upsert.OFF)
                    .delete(inc.delete() == DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH ? Delete.BEFORE_FIRST_BATCH : Delete.OFF)
                    .streamId(streamId(load))
                    // an existing table is never dropped or rebuilt by a file plan
                    .migration(Migration.FAIL)
                    .build();
            IngestResult result = IncrementalIngest.run(c, List.of(spec), rows, rows.rejects.wire(io));
            IngestResult.TableCounts n = result.total(spec.ref());
            long loaded = n.inserted() + n.updated() + n.unchanged();
            JsonNode wm = result.lastWatermark();
            // rows of the batch that upserting folded into one (the same key twice in the files) count as skipped
            long rejected = rows.rejected();
            long skipped = rows.read - rejected - loaded;
            TableReport.Changes changes = new TableReport.Changes(n.inserted(), n.updated(), n.unchanged(),
                    wm == null || wm.isNull() ? null : wm.toString(), skipped);
            rows.finished(loaded);
            notice("incremental from watermark " + result.startWatermark() + ": " + changes.describe()
                    + (rejected > 0 ? "; " + rejected + " rows rejected" : ""));
            return new TableReport(display, rows.read, loaded, rejected, 0, Duration.ofNanos(System.nanoTime() - t0),
                    TableState.DONE, null, List.of(), null, changes);
        }
    }

    private void notice(String message) {
        listener.on(new RunEvent.Notice(display, message));
    }

    private static ZoneId zone(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW TimeZone")) {
            r.next();
            try {
                return ZoneId.of(r.getString(1));
            } catch (RuntimeException e) {
                return ZoneOffset.UTC;
            }
        }
    }

    private static List<String> primaryKey(Connection c, TableRef table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.ord")) {
            ps.setString(1, table.sql());
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) key.add(r.getString(1));
            }
        }
        return key;
    }

    /**
     * The rows past the watermark of all the table's files, as one batch. The first row past the watermark is looked
     * for before the batch is handed out, so a run without new rows has no batch.
     */
    private final class Rows implements BatchSource, AutoCloseable {
        final List<SourceFile> files;
        private TargetTable table;
        private boolean created;
        private RowMapping first;
        private RowMapping mapping;
        private int[] cursorAt;
        private CursorType[] cursorTypes;
        private TableSpec spec;
        /** Rows refused while reading or by the ingest engine: the table's reject files. */
        private IncrementalRejects rejects;
        /** The total size of the files (-1 when one is standard input), and of the files read before the current one. */
        final long expectedBytes;
        private long bytesBefore;
        private long lastProgress = System.nanoTime();
        /** Where the current record's original bytes are copied, for its {@link IncrementalRejects.FileRow}. */
        private final CopyBuffer original = new CopyBuffer(256);
        private TextRecordReader reader;
        private int fileIndex = -1;
        private int expected;
        private Comparable<Object>[] from;
        private Comparable<Object>[] max;
        private Object[] pending;
        private IncrementalRejects.FileRow pendingAt;
        long read;
        /** A problem found while reading inside the ingest run (a file's header): reported as a plan problem. */
        String failure;

        Rows() throws PlanProblem {
            try {
                files = CsvFiles.expand(load.source().files(), baseDir);
            } catch (IllegalArgumentException e) {
                throw new PlanProblem(e.getMessage());
            }
            if (files.isEmpty()) throw new PlanProblem("no file to read for " + display);
            long total = 0;
            for (SourceFile f : files) {
                long size = size(f);
                if (size < 0) {
                    total = -1;
                    break;
                }
                total += size;
            }
            expectedBytes = total;
        }

        /** A file's size, -1 when not known (standard input; a missing file fails when it is opened). */
        private static long size(SourceFile f) {
            try {
                return f.path() == null ? -1 : java.nio.file.Files.size(f.path());
            } catch (IOException e) {
                return -1;
            }
        }

        long rejected() {
            return rejects == null ? 0 : rejects.written();
        }

        /** Why the rejects stopped the run ({@code on_error: stop}, {@code max_errors}), or null. */
        String stopped() {
            return rejects == null ? null : rejects.failure();
        }

        /**
         * A {@link RunEvent.TableProgress} as a file load sends them: rows read, rejected (held for the batch too), input
         * bytes against the files' size. The rows load in one batch, so {@code loaded} moves only when it committed.
         */
        private void progress(TableState state, long loaded) {
            long consumed = bytesBefore + (reader == null ? 0 : reader.bytesRead());
            if (state != TableState.COPYING && expectedBytes >= 0) consumed = expectedBytes;
            listener.on(new RunEvent.TableProgress(display, state, read, loaded, rejects == null ? 0 : rejects.rejectedSoFar(), 0,
                    consumed, expectedBytes, -1));
        }

        /** The batch committed: the last progress, every byte read. */
        void finished(long loaded) {
            progress(TableState.DONE, loaded);
        }

        /** Once the table is known: the first file's header gives the mapping, the cursor's columns and their types. */
        void start(TargetTable t, boolean createdHere, ZoneId z) throws PlanProblem, IOException {
            this.table = t;
            this.created = createdHere;
            if (!nextFile()) throw new PlanProblem("no file to read for " + display);
            List<String> cursor = load.incremental().cursor();
            cursorAt = new int[cursor.size()];
            cursorTypes = new CursorType[cursor.size()];
            List<TargetColumn> cols = first.columns();
            for (int i = 0; i < cursorAt.length; i++) {
                String name = cursor.get(i);
                int at = -1;
                for (int j = 0; j < cols.size() && at < 0; j++) if (cols.get(j).name().equals(name)) at = j;
                for (int j = 0; j < cols.size() && at < 0; j++) if (cols.get(j).name().equalsIgnoreCase(name)) at = j;
                if (at < 0) {
                    throw new PlanProblem("the cursor of " + display + " names column " + name + ", which the load does not fill (it"
                            + " fills " + cols.stream().map(TargetColumn::name).toList() + "); a cursor names target columns");
                }
                cursorAt[i] = at;
                cursorTypes[i] = CursorType.of(cols.get(at), z);
            }
        }

        TableSpec spec(List<String> key, boolean upsert) throws PlanProblem {
            TableSpec.Builder b = TableSpec.builder(table.ref().schema(), table.ref().name());
            List<String> names = new ArrayList<>();
            for (TargetColumn c : first.columns()) {
                names.add(c.name());
                if (c.notNull()) b.notNull(c.name(), c.typeName());
                else b.column(c.name(), c.typeName());
            }
            List<String> missing = key.stream().filter(k -> !names.contains(k)).toList();
            if (!missing.isEmpty() && upsert) {
                throw new PlanProblem("upsert: primary-key needs the key of " + display + " in every row, and the load does not fill"
                        + " its column(s) " + missing + ": map them, or load with upsert: off");
            }
            if (missing.isEmpty()) b.primaryKey(key.toArray(String[]::new));
            spec = b.build();
            return spec;
        }

        /** Opens the next file and reads its header; false after the last. */
        private boolean nextFile() throws PlanProblem, IOException {
            if (reader != null && fileIndex >= 0) bytesBefore += Math.max(0, size(files.get(fileIndex)));
            closeReader();
            if (++fileIndex >= files.size()) return false;
            SourceFile f = files.get(fileIndex);
            reader = TextFiles.open(load.source(), f);
            CsvProblem hp = reader.headerProblem();
            if (hp != null) {
                throw new PlanProblem("cannot read the header of " + f.displayName() + ": " + hp.message()
                        + (hp.hint() == null ? "" : "; " + hp.hint()));
            }
            RowMapping m = RowMapping.build(table, load, created ? List.of() : reader.header(), FileIncremental.this::notice);
            if (first == null) {
                first = m;
                rejects = IncrementalRejects.forFiles(display, RejectStore.fileBase(table.ref().display()),
                        m.columns().stream().map(TargetColumn::name).toList(), options, rejectRoot, listener);
                rejects.readFrom(() -> read);
            } else {
                m = m.inOrderOf(first.columns(), f.displayName(), files.get(0).displayName());
            }
            mapping = m;
            expected = m.expectedFields();
            return true;
        }

        @Override
        public Iterator<Batch> batches(JsonNode start) {
            from = start == null || start.isNull() ? null : position(start);
            max = from;
            return new Iterator<>() {
                boolean handedOut;

                @Override
                public boolean hasNext() {
                    return !handedOut && advance();
                }

                @Override
                public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    handedOut = true;
                    Iterator<TableRow> it = new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            if (cancellation.requested()) {
                                // the batch must not commit without the rest of the files' rows: its watermark would pass them
                                throw new IllegalStateException("cancelled by the user");
                            }
                            return pending != null || advance();
                        }

                        @Override
                        public TableRow next() {
                            if (!hasNext()) throw new NoSuchElementException();
                            Object[] v = pending;
                            pending = null;
                            return new TableRow(spec, v, pendingAt);
                        }
                    };
                    return new Batch(Watermark.deferred(() -> json(max)), null, it);
                }
            };
        }

        /** Reads on to the next row past the watermark (into {@link #pending}); false at the end of the last file. */
        private boolean advance() {
            if (pending != null) return true;
            try {
                while (true) {
                    if (reader == null) return false;
                    if (!reader.next()) {
                        if (!nextFile()) {
                            progress(TableState.COPYING, 0);
                            return false;
                        }
                        continue;
                    }
                    read++;
                    long now = System.nanoTime();
                    if (now - lastProgress > PROGRESS_NANOS) {
                        lastProgress = now;
                        progress(TableState.COPYING, 0);
                    }
                    Object[] row = record();
                    if (row != null) {
                        pending = row;
                        return true;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not read " + files.get(fileIndex).displayName() + ": " + e.getMessage(), e);
            } catch (PlanProblem e) {
                failure = e.getMessage();
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** The current record's values when it is past the watermark; null when it is rejected or skipped. */
        @SuppressWarnings("unchecked")
        private Object[] record() {
            CsvProblem p = reader.problem();
            if (p != null) {
                reject(p.stage(), p.sqlState(), p.message(), p.hint(), null, null);
                return null;
            }
            int size = reader.size();
            if (expected < 0) expected = size;
            if (size != expected && !fixable(size)) {
                reject("fields", "22P04", size > expected ? "extra data after last expected field: " + size + " fields, expected " + expected
                        : "missing data: " + size + " fields, expected " + expected, "fix the line, or load ragged lines with"
                        + " --fix-ragged", null, null);
                return null;
            }
            String[] fields = new String[size];
            for (int i = 0; i < size; i++) fields[i] = reader.get(i);
            CharSequence[] values = new CharSequence[mapping.columns().size()];
            try {
                mapping.project(fields, size, values);
            } catch (RowMapping.ValueFormatException bad) {
                reject("value", bad.sqlState, bad.getMessage(), bad.hint, bad.column, null);
                return null;
            }
            List<TargetColumn> cols = mapping.columns();
            Comparable<Object>[] position = new Comparable[cursorAt.length];
            for (int i = 0; i < cursorAt.length; i++) {
                CharSequence v = values[cursorAt[i]];
                String column = cols.get(cursorAt[i]).name();
                if (v == null || v.toString().isBlank()) {
                    reject("value", "22004", "cursor column " + column + " is empty: an incremental table's rows need a cursor value",
                            "give the row a value in " + column + ", or choose cursor columns that always have one", column,
                            TableJob.copyText(values));
                    return null;
                }
                try {
                    position[i] = cursorTypes[i].parse(v.toString().trim());
                } catch (RuntimeException bad) {
                    reject("value", "22007", "cursor column " + column + ": '" + v + "' is not a " + cursorTypes[i].describe(),
                            "fix the value; cursor values are compared in the column's type (dates and times in ISO 8601)",
                            column, TableJob.copyText(values));
                    return null;
                }
            }
            if (max == null || compare(position, max) > 0) max = position;
            if (from != null && compare(position, from) <= 0) return null; // skipped: loaded (or rejected) by an earlier run
            // after the cursor: a row refused here moves the watermark as one the server refuses, and an old one is skipped
            for (int j = 0; j < values.length; j++) {
                if (values[j] == null && cols.get(j).notNull()) {
                    reject("value", "23502", "null value in column \"" + cols.get(j).name() + "\" of relation \"" + table.ref().name()
                            + "\" violates not-null constraint", "give the field a value, or make the column nullable",
                            cols.get(j).name(), TableJob.copyText(values));
                    return null;
                }
            }
            original.pos = 0;
            reader.copyOriginal(original);
            pendingAt = new IncrementalRejects.FileRow(files.get(fileIndex).displayName(), reader.line(),
                    Arrays.copyOf(original.buf, original.pos));
            Object[] out = new Object[values.length];
            for (int j = 0; j < out.length; j++) out[j] = values[j] == null ? null : values[j].toString();
            return out;
        }

        private boolean fixable(int size) {
            if (size > expected) return load.source().extraFields() == CsvSource.FieldCountPolicy.FIX;
            return load.source().missingFields() == CsvSource.FieldCountPolicy.FIX;
        }

        /** A row refused while reading: into the reject files now; {@code on_error: stop} or {@code max_errors} stop the run. */
        private void reject(String stage, String sqlState, String message, String hint, String column, String copyText) {
            original.pos = 0;
            reader.copyOriginal(original);
            rejects.rejectRead(new Reject(files.get(fileIndex).displayName(), reader.line(), stage, sqlState, message, null, hint, null,
                    column, Arrays.copyOf(original.buf, original.pos)), copyText);
        }

        /** A stored watermark back as typed values: a JSON array of one value per cursor column. */
        @SuppressWarnings("unchecked")
        private Comparable<Object>[] position(JsonNode start) {
            List<String> cursor = load.incremental().cursor();
            if (!start.isArray() || start.size() != cursorAt.length) {
                throw new IllegalArgumentException("the watermark of " + display + " is " + start + ", and its cursor " + cursor
                        + " needs a JSON array of " + cursorAt.length + " values: set it with drover state --set, or reset it to"
                        + " load from the beginning");
            }
            Comparable<Object>[] out = new Comparable[cursorAt.length];
            for (int i = 0; i < out.length; i++) {
                JsonNode v = start.get(i);
                try {
                    out[i] = cursorTypes[i].parse(v.isTextual() ? v.textValue() : v.toString());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("the watermark of " + display + " holds " + v + " for cursor column " + cursor.get(i)
                            + ", which is not a " + cursorTypes[i].describe() + ": set it with drover state --set, or reset it", e);
                }
            }
            return out;
        }

        private JsonNode json(Comparable<Object>[] position) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < position.length; i++) a.add(cursorTypes[i].json(position[i]));
            return a;
        }

        private void closeReader() {
            if (reader == null) return;
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
            reader = null;
        }

        @Override
        public void close() {
            closeReader();
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (java.io.UncheckedIOException e) {
                    notice(e.getMessage());
                }
            }
        }
    }

    /** Tuples compare column by column, the first difference deciding. */
    static int compare(Comparable<Object>[] a, Comparable<Object>[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    /** How a cursor column's values are read, compared and written into the watermark. */
    enum Kind { INTEGER, NUMBER, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, TEXT }

    /** A cursor column's kind, with the session's zone for timestamptz values without an offset. */
    record CursorType(Kind kind, ZoneId zone, String typeName) {
        /** ISO 8601 date and time, {@code T} or a space between them, an optional offset ({@code Z}, {@code +02}, {@code +02:00}). */
        private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .optionalStart().appendLiteral('T').optionalEnd()
                .optionalStart().appendLiteral(' ').optionalEnd()
                .append(DateTimeFormatter.ISO_LOCAL_TIME)
                .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
                .optionalStart().appendOffset("+HH", "Z").optionalEnd()
                .toFormatter(Locale.ROOT);

        static CursorType of(TargetColumn c, ZoneId zone) {
            String t = c.typeName().toLowerCase(Locale.ROOT);
            Kind k;
            if (t.equals("smallint") || t.equals("integer") || t.equals("bigint")) k = Kind.INTEGER;
            else if (t.startsWith("numeric") || t.equals("real") || t.equals("double precision")) k = Kind.NUMBER;
            else if (t.equals("date")) k = Kind.DATE;
            else if (t.matches("time(\\(\\d+\\))? without time zone")) k = Kind.TIME;
            else if (t.matches("timestamp(\\(\\d+\\))? without time zone") || t.equals("timestamp")) k = Kind.TIMESTAMP;
            else if (t.matches("timestamp(\\(\\d+\\))? with time zone")) k = Kind.TIMESTAMPTZ;
            else k = Kind.TEXT;
            return new CursorType(k, zone, c.typeName());
        }

        String describe() {
            return switch (kind) {
                case INTEGER, NUMBER -> "number (" + typeName + ")";
                case DATE -> "date in ISO 8601 (2024-01-08)";
                case TIME -> "time in ISO 8601 (09:00:00)";
                case TIMESTAMP, TIMESTAMPTZ -> "timestamp in ISO 8601 (2024-01-08 09:00:00)";
                case TEXT -> "text";
            };
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparable<Object> parse(String v) {
            Comparable c = switch (kind) {
                case INTEGER, NUMBER -> new BigDecimal(v);
                case DATE -> LocalDate.parse(v);
                case TIME -> LocalTime.parse(v);
                case TIMESTAMP -> LocalDateTime.from(DATE_TIME.parse(v));
                case TIMESTAMPTZ -> instant(DATE_TIME.parse(v));
                case TEXT -> v;
            };
            return (Comparable<Object>) c;
        }

        private Instant instant(TemporalAccessor t) {
            LocalDateTime local = LocalDateTime.from(t);
            if (t.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) return OffsetDateTime.of(local, ZoneOffset.from(t)).toInstant();
            return local.atZone(zone).toInstant();
        }

        JsonNode json(Object v) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            return switch (kind) {
                case INTEGER -> {
                    BigDecimal d = (BigDecimal) v;
                    try {
                        yield f.numberNode(d.longValueExact());
                    } catch (ArithmeticException e) {
                        yield f.numberNode(d);
                    }
                }
                case NUMBER -> f.numberNode((BigDecimal) v);
                case TIMESTAMP -> f.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) v));
                case TIMESTAMPTZ -> f.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(((Instant) v).atOffset(ZoneOffset.UTC)));
                default -> f.textNode(v.toString());
            };
        }
    }
}
