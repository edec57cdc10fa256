package dev.drover.engine.cast;

import java.util.Map;
import java.util.Optional;

/** The named value transforms cast rules refer to. */
public final class Transforms {
    private Transforms() {}

    private static final Map<String, Transform> BY_NAME = Map.of();

    public static Optional<Transform> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
