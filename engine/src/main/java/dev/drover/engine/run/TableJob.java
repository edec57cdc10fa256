package dev.drover.engine.run;

import dev.drover.engine.copy.Batch;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.RejectStore;
import dev.drover.engine.copy.RejectedRow;
import dev.drover.engine.copy.ServerError;
import dev.drover.engine.copy.TextFormat;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.copy.codec.CodecContext;
import dev.drover.engine.copy.codec.Codecs;
import dev.drover.engine.copy.codec.ValueNormalizer;
import dev.drover.engine.plan.CreateTable;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.source.csv.CsvFiles;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.SeparatorGuess;
import dev.drover.engine.source.csv.TextRecordReader;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.target.IndexRebuilder;
import dev.drover.engine.target.TableCreator;
import dev.drover.engine.target.TableRef;
import dev.drover.engine.target.TargetCatalog;
import dev.drover.engine.target.TargetColumn;
import dev.drover.engine.target.TargetTable;
import dev.drover.engine.target.TypeGuesser;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads one table: prepares the target, reads and encodes every record on this thread into pooled
 * batches, hands full batches to {@code concurrency} writer threads through a bounded queue, then
 * rebuilds what it dropped. Memory is bounded by the pool: {@code queueBatches + concurrency + 1}
 * batches, each closed at {@code batchRows} rows or {@code batchBytes} bytes.
 */
final class TableJob {
    /** Records sampled to infer column types. */
    static final int INFER_SAMPLE = 10_000;
    private static final long PROGRESS_NANOS = 200_000_000L;

    /** The plan's load; once the table is known, with what the run decides from it (a guessed delimiter). */
    private TableLoad load;
    private final LoadOptions options;
    private final Sessions sessions;
    private final Path rejectRoot;
    private final RunListener listener;
    private final Cancellation cancellation;
    private final Path baseDir;

    private final String display;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long sourceBytes;
    private volatile long expectedBytes = -1;
    private volatile String failure;
    private volatile TableState state = TableState.QUEUED;
    /** Why the table failed, for the run's outcome: the plan does not fit the target, or a bug. */
    boolean planProblem;
    RuntimeException internalError;

    private TargetTable table;
    private RowMapping mapping;
    /** The format new batches are encoded in: binary while every column has a codec and few values need the server. */
    private boolean binary;
    private FieldCodec[] codecs;
    private String binarySql;
    private String textSql;
    /** Values the fast path left to the server so far; many of them switch the load to text COPY. */
    private long normalized;
    private String normalizedExample;
    /** Where codecs check values in text mode; what they write there is thrown away. */
    private final CopyBuffer scratch = new CopyBuffer(256);
    /** PostgreSQL 17+ can skip rows with bad values in text COPY (ON_ERROR ignore). */
    private volatile boolean serverSkips;
    private RejectStore rejects;
    private final List<String> fileNames = new ArrayList<>();
    /** A database table's rows (null for files): the table exists already, created by the schema phase. */
    private final DbRecords dbRecords;
    private final String sourceName;

    TableJob(TableLoad load, LoadOptions options, Sessions sessions, Path rejectRoot, RunListener listener,
             Cancellation cancellation, Path baseDir) {
        this.load = load;
        this.options = options;
        this.sessions = sessions;
        this.rejectRoot = rejectRoot;
        this.listener = listener;
        this.cancellation = cancellation;
        this.baseDir = baseDir;
        this.display = TableRef.parse(load.table()).display();
        this.dbRecords = null;
        this.sourceName = null;
    }

    /** A table of a source database, into the target table {@code targetTable} ({@code schema.name}). */
    TableJob(String targetTable, DbRecords records, String sourceName, LoadOptions options, Sessions sessions,
             Path rejectRoot, RunListener listener, Cancellation cancellation) {
        // The reject files and .dat lines read the source rows as DbRecords writes them: default CSV.
        this.load = new TableLoad(targetTable, CsvSource.defaults(List.of(sourceName)), List.of());
        this.options = options;
        this.sessions = sessions;
        this.rejectRoot = rejectRoot;
        this.listener = listener;
        this.cancellation = cancellation;
        this.baseDir = Path.of("");
        this.display = TableRef.parse(targetTable).display();
        this.dbRecords = records;
        this.sourceName = sourceName;
        records.onSlices(this::notice);
    }

    String display() {
        return display;
    }

    /** Never throws: every failure ends up in the report. */
    TableReport run() {
        long t0 = System.nanoTime();
        try {
            load();
        } catch (PlanProblem e) {
            fail(e.getMessage());
            planProblem = true;
        } catch (SQLException e) {
            fail(describe(e));
        } catch (IOException e) {
            fail("could not read the source: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (RuntimeException e) {
            fail("internal error: " + e);
            internalError = e;
        } finally {
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (IOException e) {
                    fail("could not close the reject files: " + e.getMessage());
                }
            }
        }
        TableState end;
        String why = failure;
        if (why != null) end = TableState.FAILED;
        else if (cancellation.requested() && (!sourceEnded || read.get() != loaded.get() + rejected.get())) {
            // cancelled before the source's end: even with every row read so far loaded, the table is not complete
            end = TableState.CANCELLED;
            long pending = read.get() - loaded.get() - rejected.get();
            why = pending > 0 ? "cancelled: " + pending + " rows read were not loaded" : "cancelled before the end of the source";
        } else end = TableState.DONE;
        state = end;
        TableReport r = new TableReport(display, read.get(), loaded.get(), rejected.get(), bytes.get(),
                Duration.ofNanos(System.nanoTime() - t0), end, why);
        listener.on(new RunEvent.TableFinished(r));
        return r;
    }

    private void load() throws PlanProblem, SQLException, IOException, InterruptedException {
        List<SourceFile> files = dbRecords == null ? csvFiles() : List.of();
        if (dbRecords != null) fileNames.add(sourceName);
        listener.on(new RunEvent.TableQueued(display, expectedBytes));

        try (Connection setup = sessions.open("setup/" + display)) {
            TableRef ref = TableRef.parse(load.table());
            table = TargetCatalog.read(setup, ref).orElse(null);
            if (table == null) {
                if (dbRecords != null) throw new IllegalStateException(ref.display() + " should have been created by the schema phase");
                table = create(setup, ref, files.get(0));
                createdHere = true;
            }
            if (load.source().guessDelimiter()) guessDelimiter(files.get(0));
            // With on error stop the writer truncates inside the table's one transaction.
            if (options.truncate() && !truncateInTransaction()) {
                try (Statement s = setup.createStatement()) {
                    s.execute("TRUNCATE " + table.ref().sql());
                }
            }
            List<TargetTable.IndexDef> dropped = options.dropIndexes() ? IndexRebuilder.drop(setup, table) : List.of();
            if (!dropped.isEmpty()) {
                notice("dropped " + dropped.size() + " index(es) of " + display + " until the load is done"
                        + (dropped.size() < table.indexes().size() ? "; its primary key, unique and exclusion constraints stay,"
                        + " so duplicate rows are rejected one by one" : ""));
            }
            boolean triggersOff = options.disableTriggers() && table.hasUserTriggers();
            if (triggersOff) exec(setup, "ALTER TABLE " + table.ref().sql() + " DISABLE TRIGGER USER");
            try {
                copyFiles(setup, files);
            } finally {
                if (triggersOff) exec(setup, "ALTER TABLE " + table.ref().sql() + " ENABLE TRIGGER USER");
                if (!dropped.isEmpty()) rebuildIndexes(dropped);
            }
        }
    }

    /**
     * pgloader's guess without a field or column list (reference §4.1): the first candidate that splits every sample
     * line of the first file into as many values as the table has columns, else the plan's delimiter (tab).
     */
    private void guessDelimiter(SourceFile first) throws PlanProblem, IOException {
        CsvSource s = load.source();
        if (first.path() == null) throw new PlanProblem("the delimiter is to be guessed, but standard input cannot be looked at first: give it");
        List<String> sample = SeparatorGuess.sample(first.path(), dev.drover.engine.source.csv.Encodings.forName(s.encoding()),
                s.skipLines() + (s.header() ? 1 : 0), s.lineTerminator());
        int expected = table.copyableColumns().size();
        char d = SeparatorGuess.guess(sample, s.quote(), expected);
        boolean fits = !sample.isEmpty() && SeparatorGuess.split(sample.get(0), d, s.quote(), s.quote()).size() == expected;
        if (!fits) d = s.delimiter();
        notice("the delimiter " + (d == '\t' ? "tab" : "'" + d + "'") + (fits ? " splits every sample line of " + first.displayName()
                + " into the " + expected + " columns of " + display : " was kept: no candidate splits every sample line of "
                + first.displayName() + " into the " + expected + " columns of " + display) + " (pgloader's guess)");
        load = load.withSource(s.withDelimiter(d));
    }

    private void rebuildIndexes(List<TargetTable.IndexDef> dropped) throws InterruptedException {
        state = TableState.INDEXING;
        progress();
        List<IndexRebuilder.Failure> failures = IndexRebuilder.rebuild(table, dropped, options.indexJobs(),
                () -> sessions.open("index/" + display));
        for (IndexRebuilder.Failure f : failures) {
            fail("could not rebuild index " + f.index() + ": " + describe(f.error()));
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<SourceFile> csvFiles() throws PlanProblem, IOException {
        List<SourceFile> files;
        try {
            files = CsvFiles.expand(load.source().files(), baseDir);
        } catch (IllegalArgumentException e) {
            throw new PlanProblem(e.getMessage());
        }
        long total = 0;
        for (SourceFile f : files) {
            fileNames.add(f.displayName());
            long size = f.path() == null ? -1 : java.nio.file.Files.size(f.path());
            if (size < 0) { total = -1; break; }
            total += size;
        }
        expectedBytes = total;
        return files;
    }

    /** {@code create table}: all text, or types inferred from the first records of the first file. */
    TargetTable create(Connection setup, TableRef ref, SourceFile first) throws PlanProblem, IOException, SQLException {
        if (options.createTable() == CreateTable.NO) {
            throw new PlanProblem("table " + ref.display() + " does not exist: create it first, or let Drover create it (--create-table, or create_table: text|infer in the plan)");
        }
        if (options.createTable() == CreateTable.INFER && first.path() == null) {
            throw new PlanProblem("inferring types needs a file to sample; standard input can only create an all-text table (--create-table without --infer-types)");
        }
        List<String> header;
        List<TypeGuesser> guessers = new ArrayList<>();
        int fields = 0;
        try (TextRecordReader r = TextFiles.open(load.source(), first)) {
            header = r.header();
            int sampled = 0;
            boolean sample = options.createTable() == CreateTable.INFER;
            while ((fields == 0 || (sample && sampled < INFER_SAMPLE)) && r.next()) {
                if (r.problem() != null) continue;
                if (fields == 0) fields = Math.max(header.size(), r.size());
                if (!sample) break;
                sampled++;
                for (int i = 0; i < r.size(); i++) {
                    while (guessers.size() <= i) guessers.add(new TypeGuesser());
                    guessers.get(i).accept(r.get(i));
                }
            }
            fields = Math.max(fields, header.size());
        }
        if (!load.columns().isEmpty()) {
            throw new PlanProblem("table " + ref.display() + " does not exist; Drover creates tables only from the file's own fields, without a column mapping");
        }
        if (fields == 0) throw new PlanProblem("cannot create " + ref.display() + ": " + first.displayName() + " has no records to take columns from");
        List<String> names = TableCreator.columnNames(header, fields);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < fields; i++) types.add(i < guessers.size() ? guessers.get(i).type() : "text");
        exec(setup, TableCreator.createTable(ref, names, types));
        if (header.isEmpty()) {
            notice("created " + ref.display() + " with columns " + names + " (the file has no header)");
        } else {
            notice("created " + ref.display() + " (" + String.join(", ", names) + ")");
        }
        return TargetCatalog.read(setup, ref).orElseThrow();
    }

    void notice(String message) {
        listener.on(new RunEvent.Notice(display, message));
    }

    private void copyFiles(Connection setup, List<SourceFile> files) throws PlanProblem, SQLException, IOException, InterruptedException {
        state = TableState.COPYING;
        ZoneId zone = sessionZone(setup);
        exec(setup, "SET DateStyle = 'ISO, " + dateOrder(setup) + "'");
        ValueNormalizer normalizer = new ValueNormalizer(setup);
        serverSkips = setup.getMetaData().getDatabaseMajorVersion() >= 17;
        int writers = options.onError() == OnError.STOP ? 1 : options.concurrency();
        int poolSize = options.queueBatches() + writers + 1;
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(poolSize);
        BlockingQueue<Batch> work = new ArrayBlockingQueue<>(poolSize);
        List<Thread> threads = new ArrayList<>();
        long lastProgress = System.nanoTime();
        Rows rows = new Rows(free, work, poolSize, normalizer);
        try (RecordPump pump = dbRecords != null
                ? new RecordPump(dbRecords, this::stopping, display) : RecordPump.csv(load.source(), files, this::stopping, display)) {
            RecordPump.Block block;
            while (!stopping() && (block = pump.next()) != null) {
                int fileIndex = block.fileIndex;
                if (block.fileStart) {
                    if (block.headerProblem != null) {
                        throw new PlanProblem("cannot read the header of " + fileNames.get(fileIndex) + ": "
                                + block.headerProblem.message() + (block.headerProblem.hint() == null ? "" : "; " + block.headerProblem.hint()));
                    }
                    if (fileIndex > 0) sourceBase += fileBytes(files.get(fileIndex - 1));
                    currentFile = fileIndex;
                    prepareMapping(block.header, zone);
                    rows.startFile();
                    while (threads.size() < writers) {
                        Thread t = new Thread(new TableWriter(this, threads.size(), work, free),
                                "drover-writer-" + display + "-" + threads.size());
                        t.start();
                        threads.add(t);
                    }
                    pump.recycle(block);
                    continue;
                }
                rows.encode(block);
                sourceBytes = sourceBase + block.bytesRead;
                pump.recycle(block);
                long now = System.nanoTime();
                if (now - lastProgress > PROGRESS_NANOS) {
                    lastProgress = now;
                    progress();
                }
            }
            if (!stopping()) {
                rows.sendLast();
                sourceEnded = true;
            }
        } finally {
            for (int i = 0; i < threads.size(); i++) work.put(TableWriter.END);
            for (Thread t : threads) t.join();
            rejects.flush();
            if (!stopping()) sourceBytes = expectedBytes;
            progress();
        }
    }

    /**
     * Turns parsed blocks into encoded batches on the table's thread. Kept apart from {@link #copyFiles} so
     * the JIT compiles this small per-block loop on its own instead of one huge on-stack replacement of the
     * whole load (which took over a second of compile time on a file with bad rows).
     */
    private final class Rows {
        private final BlockingQueue<Batch> free;
        private final BlockingQueue<Batch> work;
        private final int poolSize;
        private final ValueNormalizer normalizer;
        private int created;
        private long sequence;
        private Batch batch;
        private long readCount;
        private int expected = -1;
        private CharSequence[] values;
        private Object[] typed;
        private Utf8Slice[] slices;

        Rows(BlockingQueue<Batch> free, BlockingQueue<Batch> work, int poolSize, ValueNormalizer normalizer) {
            this.free = free;
            this.work = work;
            this.poolSize = poolSize;
            this.normalizer = normalizer;
        }

        /** After a file's header: its mapping is known. */
        void startFile() {
            expected = mapping.expectedFields();
            values = new CharSequence[mapping.columns().size()];
            typed = new Object[values.length];
            slices = new Utf8Slice[values.length];
            for (int j = 0; j < slices.length; j++) slices[j] = new Utf8Slice();
        }

        void encode(RecordPump.Block block) throws InterruptedException {
            for (int k = 0; k < block.count && !stopping(); k++) {
                read.lazySet(++readCount);
                if (batch == null && !nextBatch()) return;
                if (encodeRecord(block, k)) {
                    block.copyOriginal(k, batch.original);
                    batch.endRow(block.lines[k], block.fileIndex);
                    if (batch.rows() >= options.batchRows() || batch.bytes() >= options.batchBytes()
                            || binary && switchToText(readCount)) {
                        // a batch is sent in the format it was encoded in, so a switch starts a new one
                        work.put(batch);
                        batch = null;
                    }
                }
            }
        }

        private boolean nextBatch() throws InterruptedException {
            batch = free.poll();
            if (batch == null && created < poolSize) {
                batch = new Batch(Math.min(options.batchRows(), 1 << 16), (int) Math.min(options.batchBytes(), 1 << 20));
                created++;
            } else if (batch == null) {
                batch = take(free);
                if (batch == null) return false;
            }
            batch.clear(sequence++, binary ? binarySql : textSql, binary);
            return true;
        }

        /** Encodes record k at the end of the batch, or rejects it; true when it is in the batch. */
        private boolean encodeRecord(RecordPump.Block block, int k) {
            CsvProblem p = block.problems[k];
            if (p != null) {
                // a value the reader could not convert (databases): the column it feeds, and the row as the source
                // gave it, so the reject can be fixed and retried column by column
                boolean value = "value".equals(p.stage()) && p.field() > 0 && dbRecords != null;
                rejectClient(block, k, p.stage(), p.sqlState(), p.message(), p.hint(),
                        value ? mapping.columnOfField(p.field() - 1) : null,
                        value ? datLine(original(block.original(k)), block.fileIndex) : null);
                return false;
            }
            int size = block.sizes[k];
            if (expected < 0) expected = size;
            if (size != expected && !fixable(size, expected)) {
                rejectFieldCount(block, k, size, expected);
                return false;
            }
            try {
                mapping.project(block, k, slices, values, typed);
            } catch (RowMapping.ValueFormatException bad) {
                rejectClient(block, k, "value", bad.sqlState, bad.getMessage(), bad.hint, bad.column, null);
                return false;
            }
            int rowStart = batch.data.pos;
            try {
                TableJob.this.encode(values, typed, batch.data, normalizer);
                return true;
            } catch (ValueRejected e) {
                batch.data.pos = rowStart;
                rejectClient(block, k, "value", e.sqlState(), e.getMessage(), e.hint(), rejectedColumn, copyText(withTyped(values, typed)));
                return false;
            }
        }

        void sendLast() throws InterruptedException {
            if (batch != null && batch.rows() > 0) work.put(batch);
            batch = null;
        }
    }

    private void rejectFieldCount(RecordPump.Block block, int k, int size, int expected) {
        String msg = size > expected
                ? "extra data after last expected field: " + size + " fields, expected " + expected
                : "missing data: " + size + " fields, expected " + expected;
        rejectClient(block, k, "fields", "22P04", msg,
                "fix the line, or load ragged lines anyway with --fix-ragged (missing fields become NULL, extra fields are ignored)", null, null);
    }

    private static long fileBytes(SourceFile f) throws IOException {
        return f.path() == null ? 0 : java.nio.file.Files.size(f.path());
    }

    private long sourceBase;
    /** Whether every block of the source was taken (not stopped before its end). */
    private volatile boolean sourceEnded;
    /** A table made from the file's own fields maps them by position; the header only named the columns. */
    private boolean createdHere;
    private String rejectedColumn;

    /** Values only the server can read cost one round trip each in binary mode (about 10,000 a second). */
    static final int TEXT_SWITCH_VALUES = 1000;

    /**
     * Switches the rest of the load to text COPY once at least {@link #TEXT_SWITCH_VALUES} values, and more than
     * one per hundred rows, needed the server (dates like 05/01/2024, numbers like 1e5, spellings the codecs do
     * not read): the server then parses them in stride. Codecs still check every value first.
     */
    private boolean switchToText(long rowsRead) {
        if (normalized < TEXT_SWITCH_VALUES || normalized * 100 < rowsRead) return false;
        binary = false;
        notice("loading the rest of " + display + " in text format: " + normalized + " values in the first " + rowsRead
                + " rows were in a spelling only the server reads (the first: " + normalizedExample + ")");
        return true;
    }

    private boolean fixable(int size, int expected) {
        if (size > expected) return load.source().extraFields() == CsvSource.FieldCountPolicy.FIX;
        return load.source().missingFields() == CsvSource.FieldCountPolicy.FIX;
    }

    private Batch take(BlockingQueue<Batch> free) throws InterruptedException {
        while (!stopping()) {
            Batch b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (b != null) return b;
        }
        return null;
    }

    boolean stopping() {
        return failure != null || cancellation.requested();
    }

    /** The file whose records are being read (index into {@link #fileNames}). */
    private int currentFile;
    /** Each file's mapping (its header's), for the writers' reject lines of rows of earlier files. */
    private final java.util.Map<Integer, RowMapping> fileMappings = new java.util.concurrent.ConcurrentHashMap<>();

    private void prepareMapping(List<String> header, ZoneId zone) throws PlanProblem, IOException {
        RowMapping m = RowMapping.build(table, load, createdHere ? List.of() : header, this::notice);
        if (mapping == null) {
            // opened once the first header fixed the copied columns, which the .rejects.jsonl entries name;
            // no row can be refused before that
            rejects = RejectStore.open(rejectRoot, RejectStore.fileBase(table.ref().display()),
                    m.columns().stream().map(TargetColumn::name).toList());
        }
        if (mapping != null) {
            m = m.inOrderOf(mapping.columns(), fileNames.get(currentFile), fileNames.get(0));
        } else {
            List<TargetColumn> cols = m.columns();
            FieldCodec[] cs = new FieldCodec[cols.size()];
            boolean allBinary = true;
            for (int i = 0; i < cs.length; i++) {
                cs[i] = Codecs.forColumn(cols.get(i), new CodecContext(zone));
                if (cs[i] == null) allBinary = false;
            }
            binary = allBinary;
            codecs = cs;
            binarySql = allBinary ? m.copySql(table, true) : null;
            textSql = m.copySql(table, false);
            if (!binary) notice("loading " + display + " in text format: a column type has no binary encoder yet");
        }
        mapping = m;
        fileMappings.put(currentFile, m);
    }

    /** Encodes one row; on a refused value {@link #rejectedColumn} names the column. */
    private void encode(CharSequence[] values, Object[] typed, CopyBuffer out, ValueNormalizer normalizer) throws ValueRejected {
        List<TargetColumn> cols = mapping.columns();
        if (binary) {
            out.ensure(2);
            out.putShort(values.length);
        }
        for (int j = 0; j < values.length; j++) {
            CharSequence v = values[j];
            TargetColumn c = cols.get(j);
            Object t = typed[j];
            if (t != null) {
                try {
                    if (binary && codecs[j].writeTyped(t, out)) continue;
                } catch (ValueRejected e) {
                    rejectedColumn = c.name();
                    throw e;
                }
                v = DbRecords.copyInput(t); // no typed path for this pair: the value's text, as PostgreSQL reads it
            }
            if (v == null) {
                if (c.notNull()) {
                    rejectedColumn = c.name();
                    throw new ValueRejected("23502", "null value in column \"" + c.name() + "\" of relation \""
                            + table.ref().name() + "\" violates not-null constraint",
                            "the field is empty or matches a NULL marker; give it a value or make the column nullable");
                }
                if (binary) {
                    out.ensure(4);
                    out.putInt(-1);
                } else {
                    if (j > 0) { out.ensure(1); out.putByte('\t'); }
                    TextFormat.writeNull(out);
                }
                continue;
            }
            try {
                if (binary) {
                    if (!codecs[j].writeBinary(v, out)) {
                        if (normalized++ == 0) normalizedExample = c.name() + " = \"" + v + "\"";
                        String canonical;
                        try {
                            canonical = normalizer.normalize(v.toString(), c.typeName());
                        } catch (SQLException e) {
                            throw new IllegalStateException("could not check a value with the server: " + describe(e), e);
                        }
                        if (!codecs[j].writeBinary(canonical, out)) {
                            throw new ValueRejected("XX000", "Drover cannot encode the value \"" + v + "\" (normalised by the server to \""
                                    + canonical + "\") for type " + c.typeName(), "please report this as a bug");
                        }
                    }
                } else {
                    if (codecs[j] != null) {
                        // the codec still refuses what it knows to be wrong; other spellings go to the server as text
                        scratch.pos = 0;
                        codecs[j].writeBinary(v, scratch);
                    }
                    if (j > 0) { out.ensure(1); out.putByte('\t'); }
                    TextFormat.writeField(v, out);
                }
            } catch (ValueRejected e) {
                rejectedColumn = c.name();
                throw e;
            }
        }
        if (!binary) { out.ensure(1); out.putByte('\n'); }
    }

    /** The row's values with each typed one as its text. */
    private static CharSequence[] withTyped(CharSequence[] values, Object[] typed) {
        CharSequence[] all = values.clone();
        for (int j = 0; j < all.length; j++) if (typed[j] != null) all[j] = DbRecords.copyInput(typed[j]);
        return all;
    }

    /** A row in COPY TEXT format, as the .dat file wants it. */
    static String copyText(CharSequence[] values) {
        CopyBuffer b = new CopyBuffer(256);
        for (int j = 0; j < values.length; j++) {
            if (j > 0) { b.ensure(1); b.putByte('\t'); }
            if (values[j] == null) TextFormat.writeNull(b);
            else {
                try {
                    TextFormat.writeField(values[j], b);
                } catch (ValueRejected e) {
                    // NUL bytes cannot be written in COPY TEXT: show them escaped instead
                    String shown = values[j].toString().replace("\0", "\\\\0");
                    try {
                        TextFormat.writeField(shown, b);
                    } catch (ValueRejected impossible) {
                        throw new IllegalStateException(impossible);
                    }
                }
            }
        }
        return new String(b.buf, 0, b.pos, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void rejectClient(RecordPump.Block block, int k, String stage, String sqlState, String message, String hint,
                              String column, String copyText) {
        Reject r = new Reject(fileNames.get(block.fileIndex), block.lines[k], stage, sqlState, message, null, hint, null,
                column, original(block.original(k)));
        record(r, copyText);
    }

    /** Called by writers for each row the server refused, after the batch's good rows committed. */
    void rejectServer(RejectedRow rr) {
        Batch b = rr.batch();
        SQLException e = rr.error();
        ServerErrorMessage m = ServerError.details(e);
        byte[] original = original(b.original(rr.row()));
        Reject r = new Reject(fileNames.get(b.file(rr.row())), b.line(rr.row()), "copy", e.getSQLState(),
                ServerError.message(e), m == null ? null : m.getDetail(), m == null ? null : m.getHint(),
                m == null ? null : m.getWhere(), m == null ? null : m.getColumn(), original);
        record(r, datLine(original, b.file(rr.row())));
    }

    /** A record's original bytes as the reject file shows them: a database row's packed values become its CSV line. */
    private byte[] original(byte[] kept) {
        return dbRecords == null ? kept : DbRecords.csvLine(kept);
    }

    /** The .dat line of a server-refused row: its record parsed again from the original bytes. */
    private String datLine(byte[] original, int file) {
        try {
            CsvSource o = load.source();
            CsvSource single = o.singleRecord();
            String[] fields;
            try (TextRecordReader r = TextFiles.open(single, new java.io.ByteArrayInputStream(original), "reject")) {
                if (!r.next() || r.problem() != null) return null;
                fields = new String[r.size()];
                for (int i = 0; i < fields.length; i++) fields[i] = r.get(i);
            }
            // the mapping of the record's own file: a writer may refuse it after the next file's header was read
            RowMapping m = fileMappings.getOrDefault(file, mapping);
            CharSequence[] values = new CharSequence[m.columns().size()];
            m.project(fields, fields.length, values);
            return copyText(values);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void record(Reject r, String copyText) {
        rejects.write(r, copyText);
        long n = rejected.incrementAndGet();
        listener.on(new RunEvent.RowRejected(display, r));
        if (options.onError() == OnError.STOP) {
            fail("on error stop: line " + r.line() + " of " + r.file() + " was refused: " + r.message()
                    + (r.column() != null ? " (column " + r.column() + ")" : "")
                    + "; the table's load was rolled back");
        } else if (options.maxErrors().exceeded(n, read.get())) {
            fail("max errors (" + options.maxErrors() + ") exceeded: " + n + " rows rejected out of " + read.get()
                    + " read; the last: " + r.message());
        }
    }

    void fail(String why) {
        synchronized (this) {
            if (failure == null) failure = why;
        }
    }

    /** Called by writers after each commit; listeners see every committed batch. */
    void committed(long rows, long sentBytes) {
        loaded.addAndGet(rows);
        bytes.addAndGet(sentBytes);
        progress();
    }

    void progress() {
        listener.on(new RunEvent.TableProgress(display, state, read.get(), loaded.get(), rejected.get(), bytes.get(),
                sourceBytes, expectedBytes, dbRecords == null ? -1 : dbRecords.rowEstimate()));
    }

    // what writers need
    LoadOptions options() { return options; }
    Sessions sessions() { return sessions; }
    TargetTable table() { return table; }
    List<TargetColumn> copyColumns() { return mapping.columns(); }
    boolean serverSkipsBadValues() { return serverSkips; }
    boolean truncateInTransaction() { return options.onError() == OnError.STOP && options.truncate(); }

    static String describe(SQLException e) {
        ServerErrorMessage m = ServerError.details(e);
        if (m == null) return e.getMessage() + (e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]");
        StringBuilder s = new StringBuilder(m.getMessage()).append(" [").append(m.getSQLState()).append(']');
        if (m.getDetail() != null) s.append("; ").append(m.getDetail());
        if (m.getHint() != null) s.append("; hint: ").append(m.getHint());
        return s.toString();
    }

    private static ZoneId sessionZone(Connection c) throws SQLException {
        String tz = show(c, "TimeZone");
        try {
            return ZoneId.of(tz);
        } catch (RuntimeException e) {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT EXTRACT(timezone FROM now())::int")) {
                r.next();
                return ZoneOffset.ofTotalSeconds(r.getInt(1));
            }
        }
    }

    private static String dateOrder(Connection c) throws SQLException {
        String style = show(c, "DateStyle");
        for (String order : new String[] {"DMY", "MDY", "YMD"}) if (style.toUpperCase().contains(order)) return order;
        return "MDY";
    }

    private static String show(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
