package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;

/** Where batches come from: pg-bulk-ingest's {@code batches} function. */
@FunctionalInterface
public interface BatchSource {
    /**
     * Called once per run with the starting watermark ({@code NullNode} when there is none, never Java null).
     * The iterator is consumed batch after batch; an exception from it fails the batch being read.
     */
    Iterator<Batch> batches(JsonNode startWatermark) throws Exception;
}
