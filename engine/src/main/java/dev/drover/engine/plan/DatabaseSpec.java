package dev.drover.engine.plan;

import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.target.IdentifierPolicy;
import java.util.List;

/**
 * A whole source database to migrate (instead of a list of file tables).
 *
 * @param source      the source URL: {@code sqlite:///path/shop.db}, {@code mysql://user@host/db}, ...; never a password
 * @param schema      the target schema every table goes to, or null (not given) for the source's default: {@code public},
 *                    or for a PostgreSQL or SQL Server source with tables in several schemas, each source schema's name
 * @param includeDrop drop target tables that exist already (else their existence stops the run before any change)
 * @param casts       the user's cast rules in pgloader syntax, tried in order before the source's defaults
 * @param identifiers how source names become target names
 * @param include     regular expressions: only tables whose name matches one are migrated (empty: all)
 * @param exclude     regular expressions: tables whose name matches one are left out
 * @param mode        schema and data, the schema only, or the data only (into existing tables)
 * @param rename      source table name → target {@code name} or {@code schema.name}, overriding the schema and the
 *                    identifier policy for that table
 * @param zeroDates   what MySQL zero dates become (NULL by default); a cast rule can choose otherwise for a column
 * @param verifySample after the load, compare up to this many source rows per table (with a primary key) with the
 *                    target; 0: no comparison
 */
public record DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts,
                           IdentifierPolicy identifiers, List<String> include, List<String> exclude, Mode mode,
                           java.util.Map<String, String> rename, ZeroDates zeroDates, int verifySample) {
    /** Where tables go when no schema is given (and the source's tables are in one schema). */
    public static final String DEFAULT_SCHEMA = "public";
    /** The most rows a sample compares per table: enough to catch a systematic difference, few enough to stay cheap. */
    public static final int MAX_VERIFY_SAMPLE = 100_000;

    public enum Mode {
        /** Create the tables, load them, then keys, indexes, foreign keys. */
        ALL,
        /** Create tables, keys, indexes and foreign keys; move no rows. */
        SCHEMA_ONLY,
        /** Load into tables that exist already (their keys and indexes stay as they are). */
        DATA_ONLY
    }

    public DatabaseSpec {
        if (source == null || source.isBlank()) throw new IllegalArgumentException("database source is required");
        schema = schema == null || schema.isBlank() ? null : schema;
        casts = casts == null ? List.of() : List.copyOf(casts);
        identifiers = identifiers == null ? IdentifierPolicy.DOWNCASE : identifiers;
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        mode = mode == null ? Mode.ALL : mode;
        rename = rename == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rename));
        if (mode == Mode.DATA_ONLY && includeDrop) throw new IllegalArgumentException("include drop and data only exclude each other");
        zeroDates = zeroDates == null ? ZeroDates.NULL : zeroDates;
        if (verifySample < 0 || verifySample > MAX_VERIFY_SAMPLE) {
            throw new IllegalArgumentException("verify sample must be 0 (off) to " + MAX_VERIFY_SAMPLE + " rows per table, not " + verifySample);
        }
    }

    /** Zero dates NULL, no sample comparison. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, ZeroDates.NULL, 0);
    }

    /** Every table, names lower-cased. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts) {
        this(source, schema, includeDrop, casts, IdentifierPolicy.DOWNCASE, List.of(), List.of(), Mode.ALL, java.util.Map.of());
    }
}
