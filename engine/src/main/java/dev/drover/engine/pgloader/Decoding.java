package dev.drover.engine.pgloader;

import java.util.List;

/** {@code DECODING TABLE NAMES MATCHING patterns AS encoding}. */
public record Decoding(List<NamePattern> patterns, String encoding, Position position) {
    public Decoding {
        patterns = List.copyOf(patterns);
    }
}
