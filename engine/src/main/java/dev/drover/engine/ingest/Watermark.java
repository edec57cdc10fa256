package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The watermark a batch reaches: a JSON value, or a supplier called after the batch's rows were read and
 * just before the watermark is saved (so it can be the largest value actually seen).
 */
public sealed interface Watermark permits Watermark.Value, Watermark.Deferred {

    /** The JSON value to store. */
    JsonNode resolve();

    /** A JSON value built from a Java value (String, Number, List, Map, JsonNode...) with Jackson. */
    static Watermark of(Object value) {
        if (value instanceof Watermark w) return w;
        return new Value(value instanceof JsonNode j ? j : new ObjectMapper().valueToTree(value));
    }

    static Watermark deferred(Supplier<?> supplier) {
        return new Deferred(() -> of(supplier.get()).resolve());
    }

    record Value(JsonNode json) implements Watermark {
        public Value {
            json = Objects.requireNonNullElse(json, NullNode.getInstance());
        }

        public JsonNode resolve() { return json; }
    }

    record Deferred(Supplier<JsonNode> supplier) implements Watermark {
        public Deferred {
            Objects.requireNonNull(supplier, "supplier");
        }

        public JsonNode resolve() {
            return Objects.requireNonNullElse(supplier.get(), NullNode.getInstance());
        }
    }
}
