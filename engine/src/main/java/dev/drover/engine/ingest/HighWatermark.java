package dev.drover.engine.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Objects;

/**
 * The watermark a run starts from: the last committed one ({@link #LATEST}), none ({@link #EARLIEST}),
 * or an explicit JSON value. Choosing one never deletes or moves anything by itself.
 */
public sealed interface HighWatermark permits HighWatermark.Latest, HighWatermark.Earliest, HighWatermark.Explicit {
    HighWatermark LATEST = new Latest();
    HighWatermark EARLIEST = new Earliest();

    /** The wire string ({@code __LATEST__}, {@code __EARLIEST__}) or the explicit value as JSON text. */
    String wire();

    static HighWatermark explicit(JsonNode value) {
        return new Explicit(value);
    }

    /** {@code __LATEST__}, {@code __EARLIEST__}, or any other text read as JSON (a bare word as a JSON string). */
    static HighWatermark fromWire(String s) {
        if (LATEST.wire().equals(s)) return LATEST;
        if (EARLIEST.wire().equals(s)) return EARLIEST;
        try {
            return new Explicit(new ObjectMapper().readTree(s));
        } catch (JsonProcessingException e) {
            return new Explicit(new ObjectMapper().getNodeFactory().textNode(s));
        }
    }

    record Latest() implements HighWatermark {
        public String wire() { return "__LATEST__"; }
    }

    record Earliest() implements HighWatermark {
        public String wire() { return "__EARLIEST__"; }
    }

    record Explicit(JsonNode value) implements HighWatermark {
        public Explicit {
            value = Objects.requireNonNullElse(value, NullNode.getInstance());
        }

        public String wire() { return value.toString(); }
    }
}
