package dev.drover.engine.pgloader;

import java.util.List;

/**
 * A field of the input record. Bare names are lower-cased as pgloader does; {@code quoted} names keep their case.
 * {@code start} and {@code length} are the {@code from N for M} of LOAD FIXED (null elsewhere).
 */
public record Field(String name, boolean quoted, Integer start, Integer length, List<FieldOption> options,
                    Position position) {
    public Field {
        options = List.copyOf(options);
    }
}
