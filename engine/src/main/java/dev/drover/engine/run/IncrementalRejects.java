package dev.drover.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The rows of one incremental table that cannot be stored (a cast or transform that fails, a value PostgreSQL refuses,
 * NULL in a NOT NULL column), written to the run's reject files exactly as a migration's rejects of that table: same
 * directory, same {@link RejectStore} files, the reason, the source position (the row's cursor tuple) and the original
 * values. The plan's {@code on_error} and {@code max_errors} apply as for a migration: {@link OnError#STOP} keeps the
 * ingest engine's own rule (the first bad row fails its batch, nothing is rejected), {@code max_errors} exceeded fails
 * the batch in hand.
 *
 * <p>A batch's rejects are held until the batch commits ({@link #batchCommitted}), so the files name only rows whose
 * batch is in the target: a batch that rolls back (and is read again by the next run) leaves none behind.
 */
final class IncrementalRejects implements BadRows, AutoCloseable {
    /**
     * What {@link IncrementalMigration.PageSource} attaches to each row: the cursor tuple and the row as read from the
     * source. Its text is the cursor tuple's, which is what the staging table keeps.
     */
    record SourceRow(JsonNode cursor, Object[] raw) {
        @Override
        public String toString() {
            return cursor.toString();
        }
    }

    private final IncrementalMigration.Stream stream;
    private final LoadOptions options;
    private final Path rejectDir;
    private final String sourceName;
    private final RunListener listener;
    private final List<BadRow> pending = new ArrayList<>();
    private LongSupplier read = () -> 0;
    private RejectStore store;
    private long committed;

    /** @param sourceName the source database and table as a migration's reject files name them ({@code main orders}) */
    IncrementalRejects(IncrementalMigration.Stream stream, LoadOptions options, Path rejectDir, String sourceName, RunListener listener) {
        this.stream = stream;
        this.options = options;
        this.rejectDir = rejectDir;
        this.sourceName = sourceName;
        this.listener = listener;
    }

    /** The ingest options with this as their bad-row sink, unless the plan says {@code on_error: stop}. */
    IngestOptions wire(IngestOptions o) {
        return options.onError() == OnError.STOP ? o : o.toBuilder().onBadRow(this).build();
    }

    /** Rows read so far, committed batches and the one in hand: what a {@code max_errors} percentage is taken of. */
    void readFrom(LongSupplier rowsRead) {
        this.read = rowsRead;
    }

    /** Rows rejected by the batches that committed. */
    long committed() {
        return committed;
    }

    @Override
    public void reject(Connection conn, BadRow row) {
        pending.add(row);
        long n = committed + pending.size();
        if (options.maxErrors().exceeded(n, read.getAsLong())) {
            throw new IllegalStateException("max errors (" + options.maxErrors() + ") exceeded: " + n + " rows rejected out of "
                    + read.getAsLong() + " read; the last: " + row.message());
        }
    }

    @Override
    public void batchCommitted(int batchNo) throws IOException {
        if (pending.isEmpty()) return;
        if (store == null) {
            store = RejectStore.open(rejectDir, RejectStore.fileBase(stream.target().display()),
                    stream.casts().stream().map(c -> c.targetName()).toList());
        }
        for (BadRow r : pending) {
            Reject reject = reject(r);
            store.write(reject, TableJob.copyText(text(r.values())));
            listener.on(new RunEvent.RowRejected(stream.target().display(), reject));
        }
        store.flush();
        committed += pending.size();
        pending.clear();
    }

    private Reject reject(BadRow r) {
        Object[] original = r.position() instanceof SourceRow s ? s.raw() : originals(r.values());
        CopyBuffer line = new CopyBuffer(256);
        DbRecords.originalLine(original, line);
        String stage = switch (r.stage()) {
            case ENCODE -> "value";
            case COPY, MERGE -> "copy";
        };
        String hint = r.stage() == Stage.ENCODE && r.values() != null && Arrays.stream(r.values()).anyMatch(v -> v instanceof BadValue)
                ? "fix the value in the source, or give the column a cast rule" : null;
        String context = r.position() == null ? null : "source row at cursor " + stream.cursor() + " = " + r.position();
        return new Reject(sourceName, 0, stage, r.sqlState(), r.message(), r.detail(), hint, context, r.column(),
                Arrays.copyOf(line.buf, line.pos));
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
            throw new UncheckedIOException("could not close the reject files of " + stream.target().display() + ": " + e.getMessage(), e);
        }
    }
}
