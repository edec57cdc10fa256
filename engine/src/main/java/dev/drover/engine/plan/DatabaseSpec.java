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
 * @param materialize views and queries of the source loaded as tables, after the tables (pgloader's MATERIALIZE VIEWS)
 * @param build       what the target gets besides tables and rows: keys and indexes, foreign keys, sequence resets,
 *                    and how identities and enums are written
 * @param tableModes  source table name (or {@code schema.name}, matched ignoring case as rename keys are) → how that
 *                    table is loaded: created, loaded into the existing table, or emptied first; a table without an
 *                    entry follows {@code mode} ({@link #tableModeProblem} says which combinations are refused)
 * @param incremental source table name (or {@code schema.name}, matched ignoring case as rename keys are) → how that
 *                    table is re-run incrementally ({@link Incremental}); empty: the plan is a one-time migration
 */
public record DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts,
                           IdentifierPolicy identifiers, List<String> include, List<String> exclude, Mode mode,
                           java.util.Map<String, String> rename, ZeroDates zeroDates, int verifySample,
                           List<Materialize> materialize, Build build, java.util.Map<String, TableMode> tableModes,
                           java.util.Map<String, Incremental> incremental) {
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

    /** How one table of the run is loaded. */
    public enum TableMode {
        /** Made by the run (dropped first with include drop), then loaded, then its keys, indexes and constraints. */
        CREATE,
        /** Loaded into the table that exists already, as it is: its rows, keys, indexes and triggers stay. */
        EXISTING,
        /** Loaded into the table that exists already, emptied first; its keys, indexes and triggers stay. */
        TRUNCATE
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
        materialize = materialize == null ? List.of() : List.copyOf(materialize);
        build = build == null ? Build.DEFAULT : build;
        tableModes = tableModes == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tableModes));
        if (tableModes.containsValue(null)) throw new IllegalArgumentException("a table mode is missing in " + tableModes);
        incremental = incremental == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(incremental));
        if (incremental.containsValue(null)) throw new IllegalArgumentException("incremental settings are missing in " + incremental);
        String inc = incrementalProblem(mode, includeDrop, tableModes, incremental);
        if (inc != null) throw new IllegalArgumentException(inc);
        String modes = tableModeProblem(mode, tableModes);
        if (modes != null) throw new IllegalArgumentException(modes);
        if (mode == Mode.DATA_ONLY && includeDrop) throw new IllegalArgumentException("include drop and data only exclude each other");
        zeroDates = zeroDates == null ? ZeroDates.NULL : zeroDates;
        if (verifySample < 0 || verifySample > MAX_VERIFY_SAMPLE) {
            throw new IllegalArgumentException("verify sample must be 0 (off) to " + MAX_VERIFY_SAMPLE + " rows per table, not " + verifySample);
        }
    }

    /** No table re-run incrementally. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename,
                        ZeroDates zeroDates, int verifySample, List<Materialize> materialize, Build build,
                        java.util.Map<String, TableMode> tableModes) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample, materialize,
                build, tableModes, java.util.Map.of());
    }

    /** Every table loaded as {@code mode} says. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename,
                        ZeroDates zeroDates, int verifySample, List<Materialize> materialize, Build build) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample, materialize,
                build, java.util.Map.of());
    }

    /** The same spec with these tables' load modes (and every other table following {@code mode}). */
    public DatabaseSpec withTableModes(java.util.Map<String, TableMode> modes) {
        return new DatabaseSpec(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates,
                verifySample, materialize, build, modes, incremental);
    }

    /** The same spec with these tables re-run incrementally. */
    public DatabaseSpec withIncremental(java.util.Map<String, Incremental> tables) {
        return new DatabaseSpec(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates,
                verifySample, materialize, build, tableModes, tables);
    }

    /**
     * How a table of a plan that is run again and again loads: only the source rows past the stored watermark, read
     * in the order of {@code cursor} (its columns compared as one tuple), in batches that each commit with their
     * watermark. The cursor should end with a unique column ({@code [updated_at, id]}), so that no two rows share a
     * position.
     *
     * @param cursor source column names, at least one
     * @param upsert rows whose primary key exists already are updated (and skipped when nothing changed), or not
     * @param delete the table is emptied when the first batch of a run commits, or never
     * @param lookback null, or how far before the stored watermark each run starts reading again, on the cursor's first
     *                 column: a duration ({@code 10 minutes}) for a date/time column, a number for a numeric one; rows
     *                 that arrive late with an older cursor value are then still loaded (see {@link Lookback})
     */
    public record Incremental(List<String> cursor, Upsert upsert, Delete delete, String lookback) {
        /** Without a lookback window. */
        public Incremental(List<String> cursor, Upsert upsert, Delete delete) {
            this(cursor, upsert, delete, null);
        }

        public Incremental {
            lookback = lookback == null || lookback.isBlank() ? null : lookback.trim();
            if (lookback != null) Lookback.parse(lookback);
            cursor = cursor == null ? List.of() : List.copyOf(cursor);
            if (cursor.isEmpty()) throw new IllegalArgumentException("an incremental table needs a cursor: one or more source columns");
            if (cursor.stream().anyMatch(c -> c == null || c.isBlank())) throw new IllegalArgumentException("a cursor column name is empty");
            if (cursor.stream().distinct().count() < cursor.size()) throw new IllegalArgumentException("the cursor " + cursor + " names a column twice");
            upsert = upsert == null ? Upsert.PRIMARY_KEY : upsert;
            delete = delete == null ? Delete.OFF : delete;
        }

        public enum Upsert {
            /** Upsert on the primary key (the source table must have one). */
            PRIMARY_KEY,
            /** Append: a row whose key exists fails its batch. */
            OFF
        }

        public enum Delete {
            OFF,
            /** The rows of the table disappear when the first batch of a run commits (a run with no new rows deletes nothing). */
            BEFORE_FIRST_BATCH
        }
    }

    /**
     * Why incremental tables cannot go with the rest of the spec, or null when they can: schema only loads no rows,
     * data only would load the other tables again on every run, include drop would drop what earlier runs loaded, and a table cannot have a table mode and be incremental.
     */
    public static String incrementalProblem(Mode mode, boolean includeDrop, java.util.Map<String, TableMode> tableModes,
                                            java.util.Map<String, Incremental> incremental) {
        if (incremental == null || incremental.isEmpty()) return null;
        if (mode == Mode.SCHEMA_ONLY) return "incremental tables load rows, and schema only loads none: remove incremental or the schema only mode";
        if (mode == Mode.DATA_ONLY) {
            return "a plan with incremental tables loads its other tables only into targets that do not exist yet, and data only"
                    + " creates none: remove mode data_only (incremental tables that exist already are loaded as they are)";
        }
        if (includeDrop) {
            return "include drop would drop the rows earlier runs of the incremental tables " + incremental.keySet()
                    + " loaded: remove include_drop (a plan with incremental tables never drops a table that exists)";
        }
        if (tableModes != null) {
            List<String> both = incremental.keySet().stream()
                    .filter(k -> tableModes.keySet().stream().anyMatch(k::equalsIgnoreCase)).toList();
            if (!both.isEmpty()) return "tables " + both + " have both a table mode and incremental settings: give them one or the other";
        }
        return null;
    }

    /**
     * Why these table modes cannot go with this run mode, or null when they can. Schema only moves no rows, so no
     * table has a load mode; data only makes no table, so none can be created.
     */
    public static String tableModeProblem(Mode mode, java.util.Map<String, TableMode> tableModes) {
        if (tableModes == null || tableModes.isEmpty()) return null;
        if (mode == Mode.SCHEMA_ONLY) {
            return "table modes choose how rows are loaded, and schema only loads none: remove the table modes "
                    + tableModes.keySet() + " or the schema only mode";
        }
        if (mode == Mode.DATA_ONLY) {
            List<String> created = tableModes.entrySet().stream().filter(e -> e.getValue() == TableMode.CREATE).map(java.util.Map.Entry::getKey).toList();
            if (!created.isEmpty()) {
                return "data only loads into existing tables and creates none, so table mode create cannot be given to " + created
                        + ": give them existing or truncate, or load schema and data";
            }
        }
        return null;
    }

    /** What the target gets built as by default ({@link Build#DEFAULT}). */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename,
                        ZeroDates zeroDates, int verifySample, List<Materialize> materialize) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample, materialize,
                Build.DEFAULT);
    }

    /** No views or queries materialized. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename,
                        ZeroDates zeroDates, int verifySample) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample, List.of());
    }

    /** Zero dates NULL, no sample comparison. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename,
                        List<Materialize> materialize) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, ZeroDates.NULL, 0, materialize);
    }

    /** Zero dates NULL, no sample comparison, no views or queries materialized. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts, IdentifierPolicy identifiers,
                        List<String> include, List<String> exclude, Mode mode, java.util.Map<String, String> rename) {
        this(source, schema, includeDrop, casts, identifiers, include, exclude, mode, rename, ZeroDates.NULL, 0, List.of());
    }

    /** Every table, names lower-cased. */
    public DatabaseSpec(String source, String schema, boolean includeDrop, List<String> casts) {
        this(source, schema, includeDrop, casts, IdentifierPolicy.DOWNCASE, List.of(), List.of(), Mode.ALL, java.util.Map.of());
    }

    /** How a source's auto-increment (identity) column is written in the target. */
    public enum Identity {
        /** {@code GENERATED BY DEFAULT AS IDENTITY} (ALWAYS where the source says so). */
        IDENTITY,
        /** {@code serial}, {@code bigserial}, {@code smallserial}: the type and a DEFAULT nextval of a sequence it owns. */
        SERIAL
    }

    /** How a source's enum (and MySQL set) column is written in the target. */
    public enum Enums {
        /** A PostgreSQL enum type per label list ({@code CREATE TYPE ... AS ENUM}); a set is an array of it. */
        TYPE,
        /** {@code text} with {@code CHECK (col IN (labels))}; a set is {@code text[]} with {@code CHECK (col <@ ARRAY[labels])}. */
        TEXT_CHECK
    }

    /** How the target's indexes are named. */
    public enum IndexNames {
        /**
         * The source's names (lower-cased); an index whose name another index, key or table of the schema has already
         * gets its table's name in front. Drover's own default, and pgloader's {@code preserve index names} (which
         * fails on a name taken twice instead).
         */
        KEEP,
        /**
         * pgloader's {@code uniquify index names}, its default (reference §8.3): {@code idx_<table OID>_<name>}, unique
         * in the schema whatever the source called its indexes. Primary keys keep {@code <table>_pkey}.
         */
        UNIQUIFY
    }

    /**
     * What a migration builds besides tables and rows, pgloader's {@code create indexes}, {@code foreign keys} and
     * {@code reset sequences}, and how identities, enums, index names and table storage are written. The defaults are
     * here and nowhere else.
     *
     * @param indexes        primary keys, unique constraints and indexes; without them foreign keys cannot be made
     *                       either (they need the referenced key), so none is
     * @param foreignKeys    foreign keys (CHECK constraints are made either way)
     * @param resetSequences identity and sequence values set past the loaded rows after the load
     * @param identity       identities as identity columns or as serials
     * @param enums          enums as enum types or as text with a CHECK
     * @param indexNames     source index names kept, or pgloader's {@code idx_<oid>_<name>}
     * @param storage        source table name (or {@code schema.name}, matched ignoring case as rename keys are) →
     *                       storage parameters of its {@code CREATE TABLE ... WITH (k = v)}, in order (pgloader's
     *                       {@code ALTER TABLE NAMES MATCHING ... SET (k = 'v')})
     */
    public record Build(boolean indexes, boolean foreignKeys, boolean resetSequences, Identity identity, Enums enums,
                        IndexNames indexNames, java.util.Map<String, java.util.Map<String, String>> storage) {
        public static final Build DEFAULT = new Build(true, true, true, Identity.IDENTITY, Enums.TYPE);

        public Build {
            identity = identity == null ? Identity.IDENTITY : identity;
            enums = enums == null ? Enums.TYPE : enums;
            indexNames = indexNames == null ? IndexNames.KEEP : indexNames;
            java.util.Map<String, java.util.Map<String, String>> copy = new java.util.LinkedHashMap<>();
            if (storage != null) {
                storage.forEach((table, params) -> {
                    if (params == null || params.isEmpty()) return;
                    for (String k : params.keySet()) {
                        if (!k.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                            throw new IllegalArgumentException("storage parameter '" + k + "' of " + table + " is not a parameter name");
                        }
                    }
                    copy.put(table, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params)));
                });
            }
            storage = java.util.Collections.unmodifiableMap(copy);
        }

        /** Source index names kept, no storage parameters. */
        public Build(boolean indexes, boolean foreignKeys, boolean resetSequences, Identity identity, Enums enums) {
            this(indexes, foreignKeys, resetSequences, identity, enums, IndexNames.KEEP, java.util.Map.of());
        }

        /** Whether foreign keys are made: asked for, and the keys they reference are built. */
        public boolean makesForeignKeys() {
            return foreignKeys && indexes;
        }

        /**
         * The storage parameters of a source table ({@code name} is its name, {@code display} its {@code schema.name}),
         * empty when it has none.
         */
        public java.util.Map<String, String> storageOf(String name, String display) {
            for (var e : storage.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) || e.getKey().equalsIgnoreCase(display)) return e.getValue();
            }
            return java.util.Map.of();
        }
    }

    /**
     * A source view, every view, or a query in the source's SQL, to load as a table: its columns typed as the source
     * types them, then the same cast rules, include, exclude and rename as tables; no keys, indexes or foreign keys.
     *
     * @param name the view ({@code view} or {@code schema.view}), {@link #ALL_VIEWS} for every view of the source, or
     *             for a query the name of its table
     * @param sql  the query ({@code SELECT ...}), or null for a view
     */
    public record Materialize(String name, String sql) {
        /** Every view of the source. */
        public static final String ALL_VIEWS = "*";

        public Materialize {
            name = name == null ? "" : name.trim();
            if (name.isEmpty()) throw new IllegalArgumentException(sql == null ? "materialize needs a view name" : "a materialized query needs a name");
            if (sql != null) {
                // a trailing semicolon is natural when pasting a query, and cannot stand inside SELECT ... FROM (query) q
                sql = sql.strip().replaceAll("[;\\s]+$", "");
                if (sql.isEmpty()) throw new IllegalArgumentException("the query of " + name + " is empty");
                if (name.equals(ALL_VIEWS) || name.contains(".")) {
                    throw new IllegalArgumentException("'" + name + "' cannot name a query's table: give a plain name (rename can"
                            + " send it to another schema)");
                }
            }
        }

        public static Materialize view(String name) {
            return new Materialize(name, null);
        }

        public static Materialize query(String name, String sql) {
            return new Materialize(name, sql == null ? "" : sql);
        }

        /** {@code *}: every view of the source. */
        public boolean allViews() {
            return sql == null && name.equals(ALL_VIEWS);
        }

        public boolean isQuery() {
            return sql != null;
        }
    }
}
