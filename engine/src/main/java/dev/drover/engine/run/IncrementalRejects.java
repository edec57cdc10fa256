package dev.drover.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.RejectStore;
import dev.drover.engine.ingest.BadRows;
import dev.drover.engine.ingest.BadValue;
import dev.drover.engine.ingest.IngestOptions;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.OnError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The reject files of one incremental table (a database plan's or a file table's): the rows that cannot be stored (a
 * cast or transform that fails, a value PostgreSQL refuses, NULL in a NOT NULL column), written to the run's reject
 * files exactly as a migration's or a file load's rejects of that table: same directory, same {@link RejectStore}
 * files, the reason, the source position and the original values. The plan's {@code on_error} and {@code max_errors}
 * apply as for any load.
 *
 * <p>Rows come from two places. The ingest engine hands over the rows it refuses ({@link BadRows}); a batch's are held
 * until the batch commits ({@link #batchCommitted}), so the files name only rows whose batch is in the target: a batch
 * that rolls back (and is read again by the next run) leaves none behind. A file table's reader also rejects rows
 * itself before they reach the engine (a bad field count, a cursor value that does not read): {@link #rejectRead}
 * writes those at once, as a file load does.
 *
 * <p>Where a row came from, and so what its entry says, is the table's {@link Origin}: a database row's cursor tuple and
 * source values ({@link SourceRow}), or a file row's file, line and original bytes ({@link FileRow}).
 *
 * <p>{@code on_error: stop}: a database table keeps the ingest engine's own rule (the first bad row fails its batch,
 * nothing is rejected). A file table's sink stays wired, so the row that stops the run is written to the reject files
 * with its file and line, as a file load's is, and the run fails saying so ({@link #failure()}).
 */
final class IncrementalRejects implements BadRows, AutoCloseable {
    /**
     * What {@link IncrementalMigration.PageSource} attaches to each row: the cursor tuple and the row as read from the
     * source. Its text is the cursor tuple's, which is what the staging table keeps.
     */
    record SourceRow(Object[] raw, java.util.function.Supplier<JsonNode> cursor) {
        /** The cursor tuple, as JSON: built when a reject needs it, not for every row read. */
        @Override
        public String toString() {
            return cursor.get().toString();
        }
    }

    /**
     * What {@link FileIncremental} attaches to each row: its file, the physical line where it starts and its original
     * bytes (line terminator included, in the file's encoding). Its text, which the staging table keeps, is
     * {@code file:line}.
     */
    record FileRow(String file, long line, byte[] original) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** How a refused row becomes a reject entry: what its source says about where it was. */
    @FunctionalInterface
    interface Origin {
        /** @param stage the reject files' name of the step that refused it ({@code value}, {@code copy}) */
        Reject describe(BadRow row, String stage);
    }

    private final String table;
    private final String fileBase;
    private final List<String> columns;
    private final LoadOptions options;
    private final Path rejectDir;
    private final RunListener listener;
    private final Origin origin;
    /** A file table's: {@code on_error: stop} goes through this sink too, so the stopping row is written. */
    private final boolean stopHere;
    private final List<BadRow> pending = new ArrayList<>();
    private LongSupplier read = () -> 0;
    private RejectStore store;
    private long committed;
    private long written;
    private String failure;

    private IncrementalRejects(String table, String fileBase, List<String> columns, LoadOptions options, Path rejectDir,
                               RunListener listener, Origin origin, boolean stopHere) {
        this.table = table;
        this.fileBase = fileBase;
        this.columns = List.copyOf(columns);
        this.options = options;
        this.rejectDir = rejectDir;
        this.listener = listener;
        this.origin = origin;
        this.stopHere = stopHere;
    }

    /** @param sourceName the source database and table as a migration's reject files name them ({@code main orders}) */
    IncrementalRejects(IncrementalMigration.Stream stream, LoadOptions options, Path rejectDir, String sourceName, RunListener listener) {
        this(stream.target().display(), RejectStore.fileBase(stream.target().display()),
                stream.casts().stream().map(ColumnCast::targetName).toList(), options, rejectDir, listener,
                (r, stage) -> databaseRow(stream, sourceName, r, stage), false);
    }

    /**
     * A file table's, its store opened (an earlier run's files rotated) at once, as a file load's is.
     *
     * @param table    the table as the run's events name it
     * @param fileBase the reject files' name ({@link RejectStore#fileBase})
     * @param columns  the target columns the rows fill, in order
     */
    static IncrementalRejects forFiles(String table, String fileBase, List<String> columns, LoadOptions options, Path rejectDir,
                                       RunListener listener) throws IOException {
        IncrementalRejects r = new IncrementalRejects(table, fileBase, columns, options, rejectDir, listener,
                IncrementalRejects::fileRow, true);
        r.open();
        return r;
    }

    /** The ingest options with this as their bad-row sink, unless the plan says {@code on_error: stop} for a database table. */
    IngestOptions wire(IngestOptions o) {
        return options.onError() == OnError.STOP && !stopHere ? o : o.toBuilder().onBadRow(this).build();
    }

    /** Rows read so far, committed batches and the one in hand: what a {@code max_errors} percentage is taken of. */
    void readFrom(LongSupplier rowsRead) {
        this.read = rowsRead;
    }

    /** Rows the ingest engine refused in the batches that committed. */
    long committed() {
        return committed;
    }

    /** Entries in the reject files: rows rejected while reading, and those of the batches that committed. */
    long written() {
        return written;
    }

    /** Written, and held for the batch in hand: what {@code max_errors} counts. */
    long rejectedSoFar() {
        return written + pending.size();
    }

    /** Why the rejects stopped the run ({@code on_error: stop}, {@code max_errors} exceeded), or null. */
    String failure() {
        return failure;
    }

    /**
     * A row its reader rejected before it reached the ingest engine: written now.
     *
     * @throws IllegalStateException with {@code on_error: stop}, or {@code max_errors} exceeded: the run stops
     */
    void rejectRead(Reject r, String copyText) {
        write(r, copyText);
        stopOrLimit(r, rejectedSoFar());
    }

    @Override
    public void reject(Connection conn, BadRow row) {
        if (options.onError() == OnError.STOP) {
            // only a file table's sink is wired with stop: the row is written, as a file load's stopping row is
            Reject r = origin.describe(row, stage(row));
            write(r, TableJob.copyText(text(row.values())));
            stopOrLimit(r, rejectedSoFar());
            return;
        }
        pending.add(row);
        long n = rejectedSoFar();
        if (options.maxErrors().exceeded(n, read.getAsLong())) {
            throw stop("max errors (" + options.maxErrors() + ") exceeded: " + n + " rows rejected out of " + read.getAsLong()
                    + " read; the last: " + row.message());
        }
    }

    @Override
    public void batchCommitted(int batchNo) throws IOException {
        if (pending.isEmpty()) return;
        for (BadRow r : pending) write(origin.describe(r, stage(r)), TableJob.copyText(text(r.values())));
        store.flush();
        committed += pending.size();
        pending.clear();
    }

    private void open() throws IOException {
        if (store == null) store = RejectStore.open(rejectDir, fileBase, columns);
    }

    private void write(Reject r, String copyText) {
        try {
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the reject files of " + table + ": " + e.getMessage(), e);
        }
        store.write(r, copyText);
        written++;
        listener.on(new RunEvent.RowRejected(table, r));
    }

    private void stopOrLimit(Reject r, long n) {
        if (options.onError() == OnError.STOP) {
            store.flush();
            throw stop("on error stop: " + (r.line() > 0 ? "line " + r.line() + " of " + r.file() : r.file()) + " was refused: "
                    + r.message() + (r.column() != null ? " (column " + r.column() + ")" : ""));
        }
        if (options.maxErrors().exceeded(n, read.getAsLong())) {
            store.flush();
            throw stop("max errors (" + options.maxErrors() + ") exceeded: " + n + " rows rejected out of " + read.getAsLong()
                    + " read; the last: " + r.message());
        }
    }

    private IllegalStateException stop(String why) {
        if (failure == null) failure = why;
        return new IllegalStateException(why);
    }

    private static String stage(BadRow r) {
        return switch (r.stage()) {
            // a NULL in a NOT NULL column is refused before the server sees it, where a plain load meets it in COPY
            case ENCODE -> "23502".equals(r.sqlState()) ? "copy" : "value";
            case COPY -> "copy";
        };
    }

    private static String hint(BadRow r, String fix) {
        return r.stage() == Stage.ENCODE && r.values() != null && Arrays.stream(r.values()).anyMatch(v -> v instanceof BadValue) ? fix : null;
    }

    private static Reject databaseRow(IncrementalMigration.Stream stream, String sourceName, BadRow r, String stage) {
        Object[] original = r.position() instanceof SourceRow s ? s.raw() : originals(r.values());
        CopyBuffer line = new CopyBuffer(256);
        DbRecords.originalLine(original, line);
        String context = r.position() == null ? null : "source row at cursor " + stream.cursor() + " = " + r.position();
        return new Reject(sourceName, 0, stage, r.sqlState(), r.message(), r.detail(),
                hint(r, "fix the value in the source, or give the column a cast rule"), context, r.column(),
                Arrays.copyOf(line.buf, line.pos));
    }

    /**
     * A file row's entry: its file, line and original bytes (every row the file reader hands over carries them; a row
     * without shows its values as a CSV line).
     */
    private static Reject fileRow(BadRow r, String stage) {
        String file;
        long lineNo;
        byte[] original;
        if (r.position() instanceof FileRow f) {
            file = f.file();
            lineNo = f.line();
            original = f.original();
        } else {
            file = String.valueOf(r.position());
            lineNo = 0;
            CopyBuffer line = new CopyBuffer(256);
            DbRecords.originalLine(originals(r.values()), line);
            original = Arrays.copyOf(line.buf, line.pos);
        }
        String hint = r.sqlState() != null && r.sqlState().startsWith("22") ? "fix the value in the file" : null;
        return new Reject(file, lineNo, stage, r.sqlState(), r.message(), r.detail(), hint, null, r.column(), original);
    }

    private static Object[] originals(Object[] values) {
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) if (out[i] instanceof BadValue b) out[i] = b.original();
        return out;
    }

    /** The row as COPY text fields: the values the load would have written, a failed value as the source held it. */
    private static CharSequence[] text(Object[] values) {
        CharSequence[] out = new CharSequence[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i] instanceof BadValue b ? b.original() : values[i];
            out[i] = v == null ? null : v instanceof byte[] bytes ? "\\x" + java.util.HexFormat.of().formatHex(bytes) : v.toString();
        }
        return out;
    }

    /** The rejects of a batch that did not commit are dropped with it. */
    @Override
    public void close() {
        pending.clear();
        if (store == null) return;
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the reject files of " + table + ": " + e.getMessage(), e);
        }
    }
}
