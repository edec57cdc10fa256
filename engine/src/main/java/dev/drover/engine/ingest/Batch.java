package dev.drover.engine.ingest;

import java.util.Iterator;
import java.util.Objects;

/**
 * One transaction's worth of rows, for any of the run's tables, and the watermark reached once it commits.
 * The rows are read lazily while COPY runs, inside the open transaction.
 *
 * @param metadata anything; passed to {@link IngestOptions.BeforeVisible} and nowhere else
 */
public record Batch(Watermark watermark, Object metadata, Iterator<TableRow> rows) {
    public Batch {
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(rows, "rows");
    }

    /** A batch whose watermark is a JSON value built from {@code watermark} (see {@link Watermark#of}). */
    public static Batch of(Object watermark, Object metadata, Iterable<TableRow> rows) {
        return new Batch(Watermark.of(watermark), metadata, rows.iterator());
    }
}
