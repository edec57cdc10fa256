package dev.drover.engine.plan;

import java.util.List;

/**
 * A whole source database to migrate (instead of a list of file tables).
 *
 * @param source      the source URL: {@code sqlite:///path/shop.db}, {@code mysql://user@host/db}, ...; never a password
 * @param schema      the target schema every table goes to
 * @param includeDrop drop target tables that exist already (else their existence stops the run before any change)
 * @param casts       the user's cast rules in pgloader syntax, tried in order before the source's defaults
 */
public record DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts) {
    public static final String DEFAULT_SCHEMA = "public";

    public DatabaseSpec {
        if (source == null || source.isBlank()) throw new IllegalArgumentException("database source is required");
        schema = schema == null || schema.isBlank() ? DEFAULT_SCHEMA : schema;
        casts = casts == null ? List.of() : List.copyOf(casts);
    }
}
