package dev.drover.engine.cast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The named value transforms cast rules refer to: pgloader's functions under their pgloader names (so load files
 * keep working) and Drover's per-source ones ({@code sqlite-integer}, {@code sqlite-date}...). Each returns null, a
 * {@link CharSequence} in PostgreSQL input syntax, or byte[] for bytea, and returns null for a null input.
 */
public final class Transforms {
    private Transforms() {}

    private static final Map<String, Transform> BY_NAME = build();

    private static Map<String, Transform> build() {
        Map<String, Transform> m = new LinkedHashMap<>(PgloaderTransforms.all());
        m.put(ZeroDates.REJECT_TRANSFORM, ZeroDates::reject);
        SqliteValues.all().forEach((name, t) -> {
            if (m.putIfAbsent(name, t) != null) throw new IllegalStateException("transform " + name + " registered twice");
        });
        MysqlValues.all().forEach((name, t) -> {
            if (m.putIfAbsent(name, t) != null) throw new IllegalStateException("transform " + name + " registered twice");
        });
        MssqlCasts.transforms().forEach((name, t) -> {
            if (m.putIfAbsent(name, t) != null) throw new IllegalStateException("transform " + name + " registered twice");
        });
        return Collections.unmodifiableMap(m);
    }

    public static Optional<Transform> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * What converts a column's values in a migration: its transform (or none), behind its {@link ZeroDates.Guard} when
     * the column looks for zero dates; null for a column whose values pass unchanged.
     *
     * @throws IllegalArgumentException for an unknown transform name
     */
    public static Transform forColumn(ColumnCast cast) {
        String name = cast.transform();
        Transform t = name == null ? null : byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown transform '" + name + "'; `drover explain` lists the transforms"));
        return cast.zeroDates() == null ? t : ZeroDates.guard(cast, t);
    }

    /** Every registered name, sorted: for error messages and the wizard's transform picker. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(BY_NAME.keySet()));
    }
}
