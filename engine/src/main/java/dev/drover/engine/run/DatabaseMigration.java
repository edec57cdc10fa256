package dev.drover.engine.run;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRuleSyntax;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.SpatialTypes;
import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceSequence;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.target.ExpressionColumns;
import dev.drover.engine.target.SchemaWriter;
import dev.drover.engine.target.SchemaWriter.Step;
import dev.drover.engine.target.TableRef;
import dev.drover.engine.target.IdentifierPolicy;
import dev.drover.engine.target.TargetCatalog;
import java.util.regex.Pattern;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Migrates a whole source database: catalog → cast rules → the plan's statements before the load → bare tables →
 * data (tables in parallel, through the same pipeline as files) → keys and indexes in parallel → foreign keys and
 * CHECKs → identity sequences → comments → ANALYZE → with a verify sample, the comparison of a sample of source rows
 * with the target → the statements after the load. Keys and indexes, foreign keys and sequence resets can each be
 * left out ({@link DatabaseSpec.Build}). A table whose {@link DatabaseSpec.TableMode} is existing or truncate (every
 * table, with data only) is "kept": loaded into the target's table as it is, emptied first or not, never dropped or
 * created, with none of those steps made for it, and after the tables it references. Every phase that runs is in the
 * report; nothing throws for data or database problems.
 */
public final class DatabaseMigration {
    private DatabaseMigration() {}

    /**
     * @param schema      target schema for every table, or null for the source's choice: {@code public}, except for a
     *                    PostgreSQL or SQL Server source whose tables come from several schemas, where each table goes to
     *                    the schema of its source name ({@link #targetSchemas})
     * @param includeDrop drop target tables that already exist (otherwise their existence stops the run before anything changes)
     * @param casts       the user's cast rules, tried before the source's defaults
     * @param zeroDates   what MySQL zero dates become, unless a column's rule says otherwise
     * @param verifySample source rows per table compared with the target after the load (0: none)
     * @param materialize views and queries loaded as tables, after the tables
     * @param build       keys and indexes, foreign keys, sequence resets; identities and enums as what
     * @param tableModes  source table name (or {@code schema.name}) → how it is loaded; a table without one follows {@code mode}
     */
    public record Options(String schema, boolean includeDrop, List<CastRule> casts, IdentifierPolicy identifiers,
                          List<String> include, List<String> exclude, DatabaseSpec.Mode mode, Map<String, String> rename,
                          ZeroDates zeroDates, int verifySample, List<DatabaseSpec.Materialize> materialize,
                          DatabaseSpec.Build build, Map<String, DatabaseSpec.TableMode> tableModes) {
        public Options {
            tableModes = tableModes == null ? Map.of() : Map.copyOf(tableModes);
            build = build == null ? DatabaseSpec.Build.DEFAULT : build;
            materialize = materialize == null ? List.of() : List.copyOf(materialize);
            casts = casts == null ? List.of() : List.copyOf(casts);
            identifiers = identifiers == null ? IdentifierPolicy.DOWNCASE : identifiers;
            include = include == null ? List.of() : List.copyOf(include);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            mode = mode == null ? DatabaseSpec.Mode.ALL : mode;
            rename = rename == null ? Map.of() : Map.copyOf(rename);
            zeroDates = zeroDates == null ? ZeroDates.NULL : zeroDates;
        }

        /**
         * Where a source table goes: its rename ({@code name} or {@code schema.name}; the source name may be written
         * {@code table} or {@code schema.table}), else the schema and the naming policy. The run uses
         * {@link Mapping#targets()}, which also knows the source schemas.
         */
        public TableRef target(SourceTable t) {
            return target(t, schema == null ? DatabaseSpec.DEFAULT_SCHEMA : schema);
        }

        TableRef target(SourceTable t, String targetSchema) {
            for (var e : rename.entrySet()) {
                if (renames(e.getKey(), t)) {
                    TableRef r = TableRef.parse(e.getValue());
                    return r.schema() == null ? new TableRef(targetSchema, r.name()) : r;
                }
            }
            return new TableRef(targetSchema, identifiers.apply(t.name()));
        }

        private static boolean renames(String key, SourceTable t) {
            return key.equalsIgnoreCase(t.name()) || key.equalsIgnoreCase(t.display());
        }

        /** Every table loaded as {@code mode} says. */
        public Options(String schema, boolean includeDrop, List<CastRule> casts, IdentifierPolicy identifiers,
                       List<String> include, List<String> exclude, DatabaseSpec.Mode mode, Map<String, String> rename,
                       ZeroDates zeroDates, int verifySample, List<DatabaseSpec.Materialize> materialize, DatabaseSpec.Build build) {
            this(schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample, materialize, build,
                    Map.of());
        }

        /** The same options with these tables' load modes. */
        public Options withTableModes(Map<String, DatabaseSpec.TableMode> modes) {
            return new Options(schema, includeDrop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample,
                    materialize, build, modes);
        }

        /**
         * How a source table is loaded: its entry in {@link #tableModes} (keyed as rename is), else what the run's mode
         * means for every table: data only loads into existing tables (emptied first when the load options say
         * truncate), schema and data or schema only create them.
         */
        public DatabaseSpec.TableMode tableMode(SourceTable t, boolean truncate) {
            for (var e : tableModes.entrySet()) if (renames(e.getKey(), t)) return e.getValue();
            if (mode != DatabaseSpec.Mode.DATA_ONLY) return DatabaseSpec.TableMode.CREATE;
            return truncate ? DatabaseSpec.TableMode.TRUNCATE : DatabaseSpec.TableMode.EXISTING;
        }

        public Options(String schema, boolean includeDrop, List<CastRule> casts) {
            this(schema, includeDrop, casts, IdentifierPolicy.DOWNCASE, List.of(), List.of(), DatabaseSpec.Mode.ALL, Map.of(),
                    ZeroDates.NULL, 0, List.of(), DatabaseSpec.Build.DEFAULT);
        }

        /** A plan's database section, its cast rules parsed ({@link IllegalArgumentException} names a bad one). */
        public static Options of(DatabaseSpec d) {
            List<CastRule> rules = new ArrayList<>();
            for (int i = 0; i < d.casts().size(); i++) {
                try {
                    rules.add(CastRuleSyntax.parse(d.casts().get(i), "user rule " + (i + 1)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cast rule " + (i + 1) + " '" + d.casts().get(i) + "': " + e.getMessage(), e);
                }
            }
            return new Options(d.schema(), d.includeDrop(), rules, d.identifiers(), d.include(), d.exclude(), d.mode(), d.rename(),
                    d.zeroDates(), d.verifySample(), d.materialize(), d.build(), d.tableModes());
        }

        /** Whether the table is migrated: it matches an include pattern (when there are any) and no exclude pattern. */
        boolean selects(SourceTable t) {
            return selects(t.name());
        }

        /**
         * Whether a source table of this name is migrated (patterns match the whole name, ignoring case); the wizard
         * shows its check boxes from this, so they agree with the run.
         */
        public boolean selects(String name) {
            return (include.isEmpty() || include.stream().anyMatch(r -> matches(r, name)))
                    && exclude.stream().noneMatch(r -> matches(r, name));
        }

        private static boolean matches(String regex, String name) {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(name).matches();
        }
    }

    /**
     * The decisions for the selected tables, and the enum types and sequences they need: what {@code drover explain}
     * shows and the run does.
     *
     * @param tables      per source table, in catalog order, its columns' casts (target names after the identifier policy)
     * @param createTypes the CREATE TYPE statements for enum targets
     * @param dropTypes   the same types' DROP statements, for include drop
     * @param targets     per source table, its target name
     * @param sequences   the source's sequences to create, with their target names
     */
    public record Mapping(Map<SourceTable, List<ColumnCast>> tables, List<String> createTypes, List<String> dropTypes,
                          Map<SourceTable, TableRef> targets, Map<SourceSequence, TableRef> sequences) {}

    /**
     * The target schema of what comes from a source schema. A schema the user named takes everything. Otherwise a
     * PostgreSQL or SQL Server source whose selected tables come from more than one schema keeps them apart, as
     * pgloader does: each goes to its source schema's name (after the identifier policy; SQL Server's {@code dbo} and
     * PostgreSQL's {@code public} both to {@code public}), so {@code sales.orders} and {@code archive.orders} stay two
     * tables. Any other source goes to {@code public}. Only the source's tables decide: materialized views and queries
     * never move the tables to other schemas; a view goes where the tables of its schema would, and a query, which
     * belongs to no source schema (its schema is null), to {@code public} (or where a rename sends it).
     */
    static Function<String, String> targetSchemas(SourceCatalog catalog, List<SourceTable> selected, Options o) {
        if (o.schema() != null) return s -> o.schema();
        boolean severalSchemas = selected.stream().filter(t -> !t.isMaterialized()).map(SourceTable::schema).distinct().count() > 1;
        boolean keep = severalSchemas && (catalog.kind().equals("postgresql") || catalog.kind().equals("mssql"));
        if (!keep) return s -> DatabaseSpec.DEFAULT_SCHEMA;
        return s -> s == null || catalog.kind().equals("mssql") && s.equalsIgnoreCase("dbo") ? DatabaseSpec.DEFAULT_SCHEMA
                : o.identifiers().apply(s);
    }

    /**
     * The catalog a migration works on: the source's tables, then the views and queries to materialize, described as
     * tables.
     *
     * @throws IllegalArgumentException when a materialize entry names no view, or its query does not run
     */
    public static SourceCatalog catalog(DatabaseSource source, Options o) throws SQLException {
        return MaterializedViews.add(source.catalog(), source, o);
    }

    /** {@link #casts(SourceCatalog, DatabaseSource, Options, boolean)} for a target without PostGIS. */
    public static Mapping casts(SourceCatalog catalog, DatabaseSource source, Options o) {
        return casts(catalog, source, o, false);
    }

    /**
     * @param postgis whether the target database has the {@code postgis} extension: MySQL spatial columns become
     *                {@code geometry} rather than text ({@link SpatialTypes})
     */
    public static Mapping casts(SourceCatalog catalog, DatabaseSource source, Options o, boolean postgis) {
        Map<SourceTable, List<ColumnCast>> m = new LinkedHashMap<>();
        CastRules rules = source.castRules(o.casts()).withZeroDates(o.zeroDates());
        IdentifierPolicy names = o.identifiers();
        List<String> collisions = new ArrayList<>();
        for (SourceTable t : catalog.tables()) {
            if (!o.selects(t)) continue;
            List<ColumnCast> cs = rules.resolve(t).stream().map(c -> c.withTargetName(names.apply(c.source().name()))).toList();
            cs = SpatialTypes.resolve(cs, postgis);
            if (o.build().identity() == DatabaseSpec.Identity.SERIAL) cs = cs.stream().map(DatabaseMigration::serial).toList();
            Map<String, String> columnNames = new LinkedHashMap<>();
            for (ColumnCast c : cs) columnNames.put(c.source().name(), c.targetName());
            // a generation expression names the source's columns; the target's may be spelled otherwise
            cs = cs.stream().map(c -> c.generatedSql() == null ? c
                    : c.withGeneratedSql(ExpressionColumns.rename(c.generatedSql(), columnNames))).toList();
            for (String x : names.collisions(t.columns().stream().map(c -> c.name()).toList())) collisions.add("in " + t.display() + ", columns " + x);
            m.put(t, cs);
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("no table of " + catalog.database() + " is selected"
                    + (o.include().isEmpty() ? "" : " by include " + o.include()) + (o.exclude().isEmpty() ? "" : " and exclude " + o.exclude())
                    + "; its tables are " + catalog.tables().stream().map(SourceTable::name).toList());
        }
        var schemaOf = targetSchemas(catalog, new ArrayList<>(m.keySet()), o);
        Map<SourceTable, TableRef> targets = new LinkedHashMap<>();
        for (SourceTable t : m.keySet()) targets.put(t, o.target(t, schemaOf.apply(t.schema())));
        Map<String, List<SourceTable>> byTarget = new LinkedHashMap<>();
        for (SourceTable t : m.keySet()) byTarget.computeIfAbsent(targets.get(t).display(), k -> new ArrayList<>()).add(t);
        for (var e : byTarget.entrySet()) {
            if (e.getValue().size() < 2) continue;
            boolean schemasMeet = e.getValue().stream().map(SourceTable::schema).distinct().count() > 1;
            collisions.add("tables " + e.getValue().stream().map(t -> schemasMeet ? t.display() : t.name()).toList() + " all go to "
                    + e.getKey() + (schemasMeet && o.schema() != null ? " (schema " + o.schema() + " takes every table; without"
                    + " a target schema, tables of several source schemas keep their schemas)" : ""));
        }
        // sequences share the namespace of tables in PostgreSQL
        var sequences = Sequences.targets(catalog, m, schemaOf, names);
        Map<String, String> relations = new LinkedHashMap<>();
        for (var e : targets.entrySet()) relations.put(e.getValue().display(), "table " + e.getKey().display());
        for (var e : sequences.entrySet()) {
            String other = relations.putIfAbsent(e.getValue().display(), "sequence " + e.getKey().display());
            if (other != null) collisions.add(other + " and sequence " + e.getKey().display() + " both go to " + e.getValue().display());
        }
        m.replaceAll((t, cs) -> Sequences.rewrite(catalog, cs, sequences));
        for (String r : o.rename().keySet()) {
            if (catalog.tables().stream().noneMatch(t -> Options.renames(r, t))) {
                collisions.add("rename names a table that is not in the source: " + r);
            }
        }
        List<String> unknownModes = o.tableModes().keySet().stream()
                .filter(k -> catalog.tables().stream().noneMatch(t -> Options.renames(k, t))).toList();
        if (!unknownModes.isEmpty()) {
            throw new IllegalArgumentException("table modes name tables that are not in the source: " + unknownModes + "; its tables are "
                    + catalog.tables().stream().map(SourceTable::name).toList());
        }
        if (!collisions.isEmpty()) {
            throw new IllegalArgumentException("names collide in the target (PostgreSQL folds and cuts names at 63 bytes): "
                    + String.join("; ", collisions) + "; use another identifier policy (identifiers: quote), or exclude or rename one");
        }
        String enumSchema = o.schema() != null ? o.schema() : DatabaseSpec.DEFAULT_SCHEMA;
        EnumTypes enums = new EnumTypes(enumSchema, names, o.build().enums());
        enums.reserve(targets.values().stream().filter(r -> r.schema().equals(enumSchema)).map(TableRef::name).toList());
        m.replaceAll(enums::resolve);
        List<String> drop = enums.statements(true).stream().filter(x -> x.startsWith("DROP")).toList();
        return new Mapping(m, enums.statements(false), drop, targets, sequences);
    }

    /**
     * An identity written as a serial of its type; a type with no serial ({@code numeric}) stays an identity, and
     * says so.
     */
    static ColumnCast serial(ColumnCast c) {
        if (!c.identity()) return c;
        List<String> warnings = new ArrayList<>(c.warnings());
        if (c.serialType() == null) {
            warnings.add("identity kept: " + c.targetType() + " has no serial type");
            return c.withWarnings(warnings);
        }
        warnings.add("written as " + c.serialType() + ": DEFAULT nextval of a sequence the column owns, not an identity"
                + (c.identityAlways() ? " (the source's GENERATED ALWAYS is not kept: a serial takes any value given)" : ""));
        return c.asSerial().withWarnings(warnings);
    }

    public static RunReport run(DatabaseSource source, PgTarget target, String password, LoadOptions o, Options m,
                                RunListener listener, Cancellation cancellation) {
        long t0 = System.nanoTime();
        List<PhaseReport> pre = new ArrayList<>();
        List<PhaseReport> post = new ArrayList<>();
        List<TableReport> tables = new ArrayList<>();
        Path rejectDir = o.rejectDir().resolve(target.database());
        boolean dataOnly = m.mode() == DatabaseSpec.Mode.DATA_ONLY;
        SourceCatalog catalog;
        Map<SourceTable, List<ColumnCast>> casts;
        Mapping mapping;
        try {
            catalog = catalog(source, m);
            mapping = casts(catalog, source, m);
        } catch (SQLException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "cannot read the " + source.kind() + " catalog: " + e.getMessage(), rejectDir);
        } catch (IllegalArgumentException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, e.getMessage(), rejectDir);
        }
        String modeProblem = DatabaseSpec.tableModeProblem(m.mode(), m.tableModes());
        if (modeProblem != null) return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, modeProblem, rejectDir);
        Sessions sessions = new Sessions(target, password, o.settings());

        // ---- before load (pgloader's BEFORE LOAD DO: before anything else changes the target), then what the target has
        try (Connection c = sessions.open("setup")) {
            if (!o.beforeSql().isEmpty()) {
                PhaseReport p = Engine.sql("before load", c, o.beforeSql());
                pre.add(p);
                listener.on(new RunEvent.PhaseFinished(p));
                if (p.failed() > 0) return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "before load: " + p.failure(), rejectDir);
            }
            if (hasPostgis(c)) mapping = casts(catalog, source, m, true);
        } catch (SQLException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.CONNECTION_FAILED,
                    "cannot connect to " + target.display() + ": " + Engine.connectionAdvice(e), rejectDir);
        } catch (IllegalArgumentException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, e.getMessage(), rejectDir);
        }
        casts = mapping.tables();
        DatabaseSpec.Build build = m.build();
        Map<String, TableRef> targets = new LinkedHashMap<>();
        Map<String, List<ColumnCast>> castsByName = new LinkedHashMap<>();
        // by SourceTable.key(): two source schemas may each have a table of the same name
        for (var e : casts.entrySet()) {
            targets.put(e.getKey().key(), mapping.targets().get(e.getKey()));
            castsByName.put(e.getKey().key(), e.getValue());
        }
        Map<TableRef, SourceTable> byTarget = new LinkedHashMap<>();
        for (SourceTable t : casts.keySet()) byTarget.put(targets.get(t.key()), t);
        // MySQL and SQL Server name indexes per table, PostgreSQL per schema
        // (with pgloader's uniquify index names, replaced by idx_<oid>_<name> once the tables exist)
        Map<TableRef, Map<String, String>> indexNames = new LinkedHashMap<>(SchemaWriter.uniqueIndexNames(byTarget));
        // by SourceTable.key(): each table is created by the run, or loaded into the table the target has (kept)
        Map<String, DatabaseSpec.TableMode> modes = new LinkedHashMap<>();
        for (SourceTable t : casts.keySet()) modes.put(t.key(), m.tableMode(t, o.truncate()));
        java.util.function.Predicate<SourceTable> kept = t -> modes.get(t.key()) != DatabaseSpec.TableMode.CREATE;
        Map<SourceTable, List<ColumnCast>> createdCasts = new LinkedHashMap<>(casts);
        createdCasts.keySet().removeIf(kept);
        for (String notice : buildNotices(build, createdCasts, mapping, createdCasts.isEmpty())) listener.on(new RunEvent.Notice(null, notice));
        for (SourceTable t : casts.keySet()) {
            if (kept.test(t)) {
                listener.on(new RunEvent.Notice(targets.get(t.key()).display(), "loading into the existing table "
                        + targets.get(t.key()).display() + (modes.get(t.key()) == DatabaseSpec.TableMode.TRUNCATE ? " (truncated first)" : "")));
                continue; // its keys, indexes and foreign keys are the target's own: the run makes none of them
            }
            for (var fk : build.makesForeignKeys() ? t.foreignKeys() : List.<SourceTable.ForeignKey>of()) {
                if (!targets.containsKey(fk.refKey(t))) {
                    listener.on(new RunEvent.Notice(targets.get(t.key()).display(), "foreign key " + fk.columns() + " → "
                            + fk.refTable() + " is not created: " + fk.refTable() + " is not migrated"));
                }
            }
            for (String remark : build.indexes() ? SchemaWriter.indexRemarks(targets.get(t.key()), t, casts.get(t),
                    indexNames.get(targets.get(t.key()))) : List.<String>of()) {
                listener.on(new RunEvent.Notice(targets.get(t.key()).display(), remark));
            }
        }
        for (var e : mapping.sequences().entrySet()) {
            for (String remark : SchemaWriter.sequenceRemarks(e.getKey())) listener.on(new RunEvent.Notice(e.getValue().display(), remark));
        }

        // ---- bare tables, in one transaction: either all exist afterwards or none
        long p0 = System.nanoTime();
        // the tables the target's foreign keys make each kept table wait for (they stay during the load), by key
        Map<String, List<TableRef>> keptParents = new LinkedHashMap<>();
        List<TableRef> truncated = new ArrayList<>();
        for (SourceTable t : casts.keySet()) {
            if (modes.get(t.key()) == DatabaseSpec.TableMode.TRUNCATE) truncated.add(targets.get(t.key()));
        }
        // one statement for all of them: a table that another one references cannot be truncated alone
        String truncate = "TRUNCATE " + truncated.stream().map(TableRef::sql).collect(java.util.stream.Collectors.joining(", "));
        try (Connection c = sessions.open("schema")) {
            List<String> existing = new ArrayList<>(), missing = new ArrayList<>();
            List<TableRef> dropped = new ArrayList<>();
            for (SourceTable t : casts.keySet()) {
                TableRef ref = targets.get(t.key());
                boolean exists = TargetCatalog.read(c, ref).isPresent();
                if (kept.test(t) && !exists) missing.add(ref.display());
                if (!kept.test(t) && exists) {
                    existing.add(ref.display());
                    dropped.add(ref);
                }
            }
            if (!dataOnly) {
                for (TableRef ref : mapping.sequences().values()) if (relationExists(c, ref)) existing.add(ref.display() + " (sequence)");
            }
            if (!missing.isEmpty()) {
                return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, dataOnly
                        ? "data only loads into existing tables, and these do not exist: " + String.join(", ", missing)
                                + "; create them first (--schema-only)"
                        : "table modes existing and truncate load into tables that exist already, and these do not: "
                                + String.join(", ", missing) + "; create them first, or give them table mode create", rejectDir);
            }
            for (SourceTable t : casts.keySet()) if (kept.test(t)) keptParents.put(t.key(), referencedTables(c, targets.get(t.key())));
            if (dataOnly) {
                if (!truncated.isEmpty()) {
                    try (Statement s = c.createStatement()) {
                        s.execute(truncate);
                    } catch (SQLException e) {
                        return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "truncate: " + TableJob.describe(e), rejectDir);
                    }
                }
            } else if (!existing.isEmpty() && !m.includeDrop()) {
                return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, "these target tables exist already: "
                        + String.join(", ", existing) + "; drop them first with --include-drop, or choose another --schema", rejectDir);
            } else if (m.includeDrop()) {
                String refused = keptLosses(c, casts.keySet(), kept, targets, keptParents, dropped, mapping.dropTypes());
                if (refused != null) return Engine.finish(listener, pre, tables, post, t0, Outcome.INVALID_PLAN, refused, rejectDir);
            }
            if (!dataOnly) {
                c.setAutoCommit(false);
                int n = 0;
                try (Statement s = c.createStatement()) {
                    java.util.Set<String> schemas = new java.util.LinkedHashSet<>();
                    if (m.schema() != null) schemas.add(m.schema());
                    for (TableRef ref : targets.values()) schemas.add(ref.schema());
                    for (TableRef ref : mapping.sequences().values()) schemas.add(ref.schema());
                    for (String schema : schemas) s.execute("CREATE SCHEMA IF NOT EXISTS " + TableRef.quote(schema));
                    for (String type : source.typeDefinitions()) createUnlessExists(c, s, type);
                    if (m.includeDrop()) {
                        // a kept table is never dropped; keptLosses refused the run if a drop's CASCADE would reach it
                        for (SourceTable t : createdCasts.keySet()) s.execute("DROP TABLE IF EXISTS " + targets.get(t.key()).sql() + " CASCADE");
                        for (TableRef ref : mapping.sequences().values()) s.execute("DROP SEQUENCE IF EXISTS " + ref.sql() + " CASCADE");
                        for (String drop : mapping.dropTypes()) s.execute(drop);
                    }
                    for (var e : mapping.sequences().entrySet()) s.execute(SchemaWriter.createSequence(e.getValue(), e.getKey()));
                    for (String type : mapping.createTypes()) createUnlessExists(c, s, type);
                    for (var e : createdCasts.entrySet()) {
                        TableRef ref = targets.get(e.getKey().key());
                        s.execute(SchemaWriter.createTable(ref, e.getValue(), build.storageOf(e.getKey().name(), e.getKey().display())));
                        n++;
                    }
                    if (build.indexNames() == DatabaseSpec.IndexNames.UNIQUIFY) {
                        Map<TableRef, SourceTable> created = new LinkedHashMap<>();
                        Map<TableRef, Long> oids = new LinkedHashMap<>();
                        for (SourceTable t : createdCasts.keySet()) {
                            TableRef ref = targets.get(t.key());
                            created.put(ref, t);
                            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT ?::regclass::oid")) {
                                q.setString(1, ref.sql());
                                try (java.sql.ResultSet rs = q.executeQuery()) {
                                    rs.next();
                                    oids.put(ref, rs.getLong(1));
                                }
                            }
                        }
                        indexNames.putAll(SchemaWriter.uniquifiedIndexNames(created, oids));
                    }
                    // after the drops: a dropped table's foreign key to a truncated one would stop the TRUNCATE; in
                    // the same transaction, so that a refused TRUNCATE leaves the target as it was
                    if (!truncated.isEmpty()) s.execute(truncate);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    PhaseReport p = new PhaseReport("create tables", n + 1, 1, Duration.ofNanos(System.nanoTime() - p0), TableJob.describe(e));
                    pre.add(p);
                    listener.on(new RunEvent.PhaseFinished(p));
                    return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "create tables: " + p.failure(), rejectDir);
                }
                PhaseReport p = new PhaseReport("create tables", n, 0, Duration.ofNanos(System.nanoTime() - p0), null);
                pre.add(p);
                listener.on(new RunEvent.PhaseFinished(p));
            }
            // pgloader's AFTER CREATE SCHEMA: the tables exist, no row has moved yet
            if (!o.afterSchemaSql().isEmpty()) {
                c.setAutoCommit(true);
                PhaseReport p = Engine.sql("after create schema", c, o.afterSchemaSql());
                pre.add(p);
                listener.on(new RunEvent.PhaseFinished(p));
                if (p.failed() > 0) return Engine.finish(listener, pre, tables, post, t0, Outcome.FAILED, "after create schema: " + p.failure(), rejectDir);
            }
        } catch (SQLException e) {
            return Engine.finish(listener, pre, tables, post, t0, Outcome.CONNECTION_FAILED,
                    "cannot connect to " + target.display() + ": " + Engine.connectionAdvice(e), rejectDir);
        }

        // ---- data: tables in parallel, largest first, each through the file pipeline
        List<SourceTable> order = new ArrayList<>(casts.keySet());
        order.sort((a, b) -> Long.compare(b.rowEstimate(), a.rowEstimate()));
        int parallelTables = Math.max(1, o.workers() / (1 + o.concurrency()));
        // the existing tables keep their foreign keys during the load: a child row must find its parent committed, so
        // kept tables come after the created ones (which have no foreign key yet), parents first, and each waits for
        // its parents' loads to end
        Map<String, List<SourceTable>> parents = new LinkedHashMap<>();
        for (SourceTable t : order) {
            if (!kept.test(t)) continue;
            List<SourceTable> ps = new ArrayList<>();
            for (var fk : t.foreignKeys()) {
                SourceTable p = casts.keySet().stream().filter(x -> x.key().equals(fk.refKey(t))).findFirst().orElse(null);
                if (p != null && p != t && !ps.contains(p)) ps.add(p);
            }
            for (TableRef r : keptParents.getOrDefault(t.key(), List.of())) {
                SourceTable p = byTarget.get(r);
                if (p != null && p != t && !ps.contains(p)) ps.add(p);
            }
            parents.put(t.key(), ps);
        }
        List<SourceTable> created = order.stream().filter(kept.negate()).toList();
        List<SourceTable> keptOrder = parentsFirst(order.stream().filter(kept).toList(), t -> parents.getOrDefault(t.key(), List.of()));
        order = new ArrayList<>(created);
        order.addAll(keptOrder);
        if (dataOnly) parallelTables = 1; // as before table modes: one existing table at a time
        Map<String, Future<TableReport>> submitted = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelTables, Math.max(1, order.size())),
                r -> new Thread(r, "drover-table"));
        List<TableJob> jobs = new ArrayList<>();
        List<DbRecords> jobReaders = new ArrayList<>();
        List<Future<TableReport>> futures = new ArrayList<>();
        Map<String, DbRecords> readers = new LinkedHashMap<>();
        // a table's keys and indexes are built as soon as its rows are in, while other tables still load
        StepPool indexes = new StepPool("keys and indexes", o.indexJobs(), sessions, listener);
        for (SourceTable t : order) {
            TableRef ref = targets.get(t.key());
            // generated columns compute their own values: they are neither read nor copied
            DbRecords records = new DbRecords(source, t, casts.get(t).stream().filter(ColumnCast::copied).toList(), o.concurrency());
            readers.put(t.key(), records);
            if (m.mode() == DatabaseSpec.Mode.SCHEMA_ONLY) continue;
            // tables made by this run are empty; existing ones (data only) are emptied only when asked
            // disable triggers matters for data only: the tables this run makes have no triggers while they load
            TableJob job = new TableJob(ref.sql(), records, catalog.database() + " " + t.display(),
                    o.withFlags(false, false, o.disableTriggers()), sessions, rejectDir, listener, cancellation);
            jobs.add(job);
            jobReaders.add(records);
            // the tables' own keys and indexes (kept tables) were there before and stay through the load
            List<Step> own = kept.test(t) || !build.indexes() ? List.of() : SchemaWriter.keysAndIndexes(ref, t, casts.get(t), indexNames.get(ref));
            // submitted earlier, so already started when this one starts (the pool takes tasks in order): no deadlock
            List<Future<TableReport>> before = parents.getOrDefault(t.key(), List.of()).stream().map(p -> submitted.get(p.key()))
                    .filter(java.util.Objects::nonNull).toList();
            Future<TableReport> f = pool.submit(() -> {
                for (Future<TableReport> p : before) p.get();
                TableReport r = job.run();
                if (!cancellation.requested()) indexes.submit(ref.display(), own);
                return r;
            });
            submitted.put(t.key(), f);
            futures.add(f);
        }
        Outcome worst = Outcome.SUCCESS;
        String failure = null;
        for (int i = 0; i < futures.size(); i++) {
            TableReport r;
            try {
                r = futures.get(i).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                cancellation.cancel();
                Thread.currentThread().interrupt();
                break;
            }
            tables.add(r.withConversions(jobReaders.get(i).conversions()));
            if (r.state() == TableState.FAILED) {
                TableJob job = jobs.get(i);
                Outcome o2 = job.planProblem ? Outcome.INVALID_PLAN : job.internalError != null ? Outcome.INTERNAL_ERROR : Outcome.FAILED;
                if (worst == Outcome.SUCCESS) worst = o2;
                if (failure == null) failure = r.table() + ": " + r.failure();
            }
        }
        pool.shutdown();
        PhaseReport counted = m.mode() == DatabaseSpec.Mode.SCHEMA_ONLY ? null : countSource(source, order, targets, tables);
        if (counted != null) {
            post.add(counted);
            listener.on(new RunEvent.PhaseFinished(counted));
        }
        if (counted != null && counted.failed() > 0 && worst == Outcome.SUCCESS) {
            worst = Outcome.FAILED;
            failure = counted.label() + ": " + counted.failure();
        }
        if (cancellation.requested()) {
            indexes.finish(); // the builds already running end; no new one starts
            return Engine.finish(listener, pre, tables, post, t0, Outcome.CANCELLED,
                    "cancelled by the user; committed batches stay loaded, keys and indexes of tables still loading were not built", rejectDir);
        }

        // ---- after the data: keys and indexes in parallel, then constraints, identities, statistics
        List<Step> foreignKeySteps = new ArrayList<>(), checkSteps = new ArrayList<>();
        List<String> foreignKeyDrops = new ArrayList<>();
        List<Step> indexSteps = new ArrayList<>(), constraintSteps = new ArrayList<>(), identitySteps = new ArrayList<>(),
                triggerSteps = new ArrayList<>(), commentSteps = new ArrayList<>();
        List<String> analyze = new ArrayList<>();
        for (SourceTable t : order) {
            TableRef ref = targets.get(t.key());
            analyze.add("ANALYZE " + ref.sql());
            if (kept.test(t)) {
                // a kept table's keys, constraints, triggers and comments are its own; data only (before table modes)
                // set its identities past the loaded rows, and still does
                if (dataOnly) identitySteps.addAll(SchemaWriter.identityResets(ref, casts.get(t), readers.get(t.key()).identityMax()));
                continue;
            }
            if (build.indexes()) indexSteps.addAll(SchemaWriter.keysAndIndexes(ref, t, casts.get(t), indexNames.get(ref)));
            if (build.makesForeignKeys()) {
                foreignKeySteps.addAll(SchemaWriter.foreignKeys(ref, t, casts.get(t), targets, castsByName));
                foreignKeyDrops.addAll(SchemaWriter.foreignKeyDrops(ref, t, targets));
            }
            checkSteps.addAll(SchemaWriter.checks(ref, t, casts.get(t)));
            identitySteps.addAll(SchemaWriter.identityResets(ref, casts.get(t), readers.get(t.key()).identityMax()));
            triggerSteps.addAll(SchemaWriter.onUpdateTriggers(ref, casts.get(t)));
            commentSteps.addAll(SchemaWriter.comments(ref, t, casts.get(t)));
        }
        List<PhaseReport> after = new ArrayList<>();
        constraintSteps.addAll(foreignKeySteps);
        constraintSteps.addAll(checkSteps);
        if (m.mode() == DatabaseSpec.Mode.SCHEMA_ONLY) indexes.submit(null, indexSteps); // no data: all of them now
        if (!indexSteps.isEmpty()) after.add(indexes.finish());
        String constraintLabel = build.makesForeignKeys() ? "foreign keys and checks" : "checks";
        PhaseReport constraints = steps(constraintLabel, constraintSteps, 1, sessions, listener);
        if (constraints.failed() > 0 && constraints.failure().contains("[23503]")) {
            // rows point at nothing: reject them (one more scan, only when needed). The run's foreign keys go first:
            // while they exist, taking out an orphan parent would cascade to its children without a reject (ON DELETE
            // CASCADE) or fail (RESTRICT); without them, its children become orphans the next pass rejects by name.
            after.add(rejectOrphans(created, targets, castsByName, foreignKeyDrops, rejectDir, catalog.database(), sessions, listener, tables));
            List<Step> again = new ArrayList<>(foreignKeySteps);
            for (Step st : checkSteps) { // the CHECKs stay, NOT VALID: validated again
                again.add(new Step(st.what(), st.sql().isEmpty() ? List.of() : List.of(st.sql().get(st.sql().size() - 1))));
            }
            constraints = steps(constraintLabel, again, 1, sessions, listener);
        }
        if (build.makesForeignKeys() || !constraintSteps.isEmpty()) after.add(constraints);
        if (build.resetSequences()) {
            identitySteps.addAll(Sequences.resets(catalog, mapping.sequences(), casts, mapping.targets()));
            after.add(steps("identity sequences", identitySteps, 1, sessions, listener));
        }
        if (!commentSteps.isEmpty()) after.add(inOneSession("comments", commentSteps, sessions));
        if (!triggerSteps.isEmpty()) after.add(steps("on update triggers", triggerSteps, 1, sessions, listener));
        after.add(steps("analyze", analyze.stream().map(a -> new Step(a, List.of(a))).toList(), o.indexJobs(), sessions, listener));
        for (PhaseReport p : after) {
            post.add(p);
            listener.on(new RunEvent.PhaseFinished(p));
            if (p.failed() > 0 && worst == Outcome.SUCCESS) {
                worst = Outcome.FAILED;
                failure = p.label() + ": " + p.failure();
            }
        }
        if (m.verifySample() > 0 && m.mode() != DatabaseSpec.Mode.SCHEMA_ONLY && !cancellation.requested()) {
            SampleCheck.Result v = SampleCheck.run(source, order, targets, casts, tables, m.verifySample(), sessions, listener, cancellation);
            post.add(v.phase());
            listener.on(new RunEvent.PhaseFinished(v.phase()));
            // differences outrank rejects: rows were loaded, but not as the source holds them
            if (v.mismatched() > 0 && worst == Outcome.SUCCESS) worst = Outcome.VERIFY_FAILED;
            else if (v.error() != null && worst == Outcome.SUCCESS) worst = Outcome.FAILED;
            if (worst != Outcome.SUCCESS && failure == null) failure = v.phase().label() + ": " + v.phase().failure();
        }
        if (worst == Outcome.SUCCESS && !cancellation.requested()) {
            // pgloader's AFTER LOAD DO: after everything, and only after a run that went through
            Engine.Failure f = Engine.afterLoad(sessions, o, post, listener);
            if (f != null) {
                worst = f.outcome();
                failure = f.message();
            }
        }
        if (worst == Outcome.SUCCESS && tables.stream().anyMatch(t -> t.rejected() > 0)) worst = Outcome.COMPLETED_WITH_REJECTS;
        return Engine.finish(listener, pre, tables, post, t0, worst, failure, rejectDir);
    }

    /** Whether the target database has PostGIS, so that spatial columns can be {@code geometry}. */
    private static boolean hasPostgis(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")) {
            return rs.next();
        }
    }

    /** What the run leaves out because the plan says so, where that has consequences worth a line. */
    static List<String> buildNotices(DatabaseSpec.Build build, Map<SourceTable, List<ColumnCast>> casts, Mapping mapping, boolean dataOnly) {
        List<String> out = new ArrayList<>();
        // data only makes no DDL: the existing tables keep their keys and foreign keys
        if (!dataOnly && !build.indexes()) {
            boolean foreignKeys = build.foreignKeys() && casts.keySet().stream().anyMatch(t -> !t.foreignKeys().isEmpty());
            out.add("create indexes is off: no primary key, unique constraint or index is built"
                    + (foreignKeys ? "; foreign keys are not created either, having no key to reference" : ""));
        } else if (!dataOnly && !build.foreignKeys() && casts.keySet().stream().anyMatch(t -> !t.foreignKeys().isEmpty())) {
            out.add("foreign keys is off: no foreign key is created (CHECK constraints are)");
        }
        boolean draws = !mapping.sequences().isEmpty() || casts.values().stream().flatMap(List::stream).anyMatch(ColumnCast::identity);
        if (!build.resetSequences() && draws) {
            out.add("reset sequences is off: identity columns and sequences are not set past the loaded values, so new rows"
                    + " may draw keys that are taken");
        }
        return out;
    }

    /** Tables ordered so that a table comes after every table it references (cycles keep their order). */
    static List<SourceTable> parentsFirst(List<SourceTable> tables) {
        Map<String, SourceTable> byName = new LinkedHashMap<>();
        for (SourceTable t : tables) byName.put(t.key(), t);
        List<SourceTable> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>(), visiting = new java.util.HashSet<>();
        for (SourceTable t : tables) visit(t, byName, done, visiting, out);
        return out;
    }

    private static void visit(SourceTable t, Map<String, SourceTable> byName, java.util.Set<String> done,
                              java.util.Set<String> visiting, List<SourceTable> out) {
        if (done.contains(t.key()) || !visiting.add(t.key())) return;
        for (var fk : t.foreignKeys()) {
            SourceTable parent = byName.get(fk.refKey(t));
            if (parent != null && parent != t) visit(parent, byName, done, visiting, out);
        }
        visiting.remove(t.key());
        done.add(t.key());
        out.add(t);
    }

    /** Tables ordered so that a table comes after every one {@code parents} names (cycles keep their order). */
    static List<SourceTable> parentsFirst(List<SourceTable> tables, Function<SourceTable, List<SourceTable>> parents) {
        List<SourceTable> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>(), visiting = new java.util.HashSet<>();
        for (SourceTable t : tables) visit(t, java.util.Set.copyOf(tables), parents, done, visiting, out);
        return out;
    }

    private static void visit(SourceTable t, java.util.Set<SourceTable> among, Function<SourceTable, List<SourceTable>> parents,
                              java.util.Set<String> done, java.util.Set<String> visiting, List<SourceTable> out) {
        if (done.contains(t.key()) || !visiting.add(t.key())) return;
        for (SourceTable p : parents.apply(t)) if (among.contains(p) && p != t) visit(p, among, parents, done, visiting, out);
        visiting.remove(t.key());
        done.add(t.key());
        out.add(t);
    }

    /** The tables the target table's foreign keys reference (itself left out). */
    private static List<TableRef> referencedTables(Connection c, TableRef ref) throws SQLException {
        List<TableRef> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT DISTINCT n.nspname, p.relname FROM pg_constraint k JOIN pg_class p ON p.oid = k.confrelid"
                + " JOIN pg_namespace n ON n.oid = p.relnamespace WHERE k.contype = 'f' AND k.conrelid = to_regclass(?)"
                + " AND k.confrelid <> k.conrelid ORDER BY 1, 2")) {
            ps.setString(1, ref.sql());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) out.add(new TableRef(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /**
     * Why include drop cannot run beside the kept tables, or null: its {@code DROP ... CASCADE} of a table it makes
     * again would silently remove a kept table's foreign key to it, and of an enum type it makes again a kept table's
     * column of that type. Found before anything changes.
     */
    private static String keptLosses(Connection c, java.util.Collection<SourceTable> tables, java.util.function.Predicate<SourceTable> kept,
                                     Map<String, TableRef> targets, Map<String, List<TableRef>> keptParents, List<TableRef> dropped,
                                     List<String> dropTypes) throws SQLException {
        List<String> losses = new ArrayList<>();
        for (SourceTable t : tables) {
            if (!kept.test(t)) continue;
            TableRef ref = targets.get(t.key());
            for (TableRef parent : keptParents.getOrDefault(t.key(), List.of())) {
                if (dropped.contains(parent)) {
                    losses.add("the existing table " + ref.display() + " has a foreign key to " + parent.display()
                            + ", which the run drops and creates again: DROP TABLE ... CASCADE would remove that foreign key");
                }
            }
            for (String drop : dropTypes) {
                String type = drop.replaceFirst("^DROP TYPE IF EXISTS ", "").replaceFirst(" CASCADE$", "");
                try (var ps = c.prepareStatement("SELECT count(*) FROM pg_attribute a JOIN pg_type y ON y.oid = to_regtype(?)"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid IN (y.oid, y.typarray)")) {
                    ps.setString(1, type);
                    ps.setString(2, ref.sql());
                    try (var rs = ps.executeQuery()) {
                        if (rs.next() && rs.getLong(1) > 0) {
                            losses.add("the existing table " + ref.display() + " has a column of type " + type
                                    + ", which the run drops and creates again: DROP TYPE ... CASCADE would remove that column");
                        }
                    }
                }
            }
        }
        if (losses.isEmpty()) return null;
        return "include drop would damage tables the run loads as they are: " + String.join("; ", losses)
                + "; give the tables they depend on table mode existing or truncate as well, or run without --include-drop";
    }

    private static boolean relationExists(Connection c, TableRef ref) throws SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, ref.sql());
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Runs a CREATE for a type the tables need; an object of that name already in the target is taken as it is. */
    private static void createUnlessExists(Connection c, Statement s, String sql) throws SQLException {
        java.sql.Savepoint sp = c.setSavepoint();
        try {
            s.execute(sql);
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) throw e;
            c.rollback(sp);
        }
    }

    /**
     * Counts every source table again and compares with the rows read, so the report proves that nothing was
     * left behind (read = loaded + rejected is each table's own check).
     */
    private static PhaseReport countSource(DatabaseSource source, List<SourceTable> order, Map<String, TableRef> targets,
                                           List<TableReport> tables) {
        long t0 = System.nanoTime();
        List<String> mismatches = new ArrayList<>();
        for (SourceTable t : order) {
            String target = targets.get(t.key()).display();
            TableReport r = tables.stream().filter(x -> x.table().equals(target)).findFirst().orElse(null);
            if (r == null || r.state() != TableState.DONE) continue; // failed or cancelled tables say so themselves
            try {
                long n = source.count(t);
                if (n != r.read()) {
                    mismatches.add(t.display() + " has " + n + " rows, " + r.read() + " were read (did the source change during the load?)");
                }
            } catch (SQLException e) {
                mismatches.add(t.display() + ": cannot count the source rows: " + e.getMessage());
            }
        }
        return new PhaseReport("source row counts", order.size(), mismatches.size(), Duration.ofNanos(System.nanoTime() - t0),
                mismatches.isEmpty() ? null : String.join("; ", mismatches));
    }

    /**
     * Takes out rows whose foreign key points at nothing, as rejects, so that the keys validate; the tables'
     * reports move those rows from loaded to rejected.
     */
    private static PhaseReport rejectOrphans(List<SourceTable> order, Map<String, TableRef> targets,
                                             Map<String, List<ColumnCast>> casts, List<String> foreignKeyDrops, Path rejectDir,
                                             String database, Sessions sessions, RunListener listener, List<TableReport> tables) {
        long t0 = System.nanoTime();
        String failure = null;
        long rows = 0;
        try (Connection c = sessions.open("orphans")) {
            try (Statement s = c.createStatement()) {
                for (String drop : foreignKeyDrops) s.execute(drop);
            }
            Map<String, Long> removed = new OrphanRejecter(targets, casts, rejectDir, database, listener).run(c, order);
            for (int i = 0; i < tables.size(); i++) {
                TableReport r = tables.get(i);
                Long n = removed.get(r.table());
                if (n == null) continue;
                rows += n;
                tables.set(i, r.withRejectedAfterLoad(n));
            }
        } catch (SQLException e) {
            failure = TableJob.describe(e);
        } catch (java.io.IOException e) {
            failure = "could not write the reject files: " + e.getMessage();
        }
        return new PhaseReport("foreign key orphans", rows, failure == null ? 0 : 1, Duration.ofNanos(System.nanoTime() - t0), failure);
    }

    /**
     * Runs many small independent steps (comments: one statement each) one after the other on one connection, each
     * committed by itself; a failed step is reported, the others go on.
     */
    private static PhaseReport inOneSession(String label, List<Step> steps, Sessions sessions) {
        long t0 = System.nanoTime();
        List<String> failures = new ArrayList<>();
        try (Connection c = sessions.open("ddl"); Statement s = c.createStatement()) {
            for (Step step : steps) {
                try {
                    for (String sql : step.sql()) s.execute(sql);
                } catch (SQLException e) {
                    failures.add(step.what() + ": " + TableJob.describe(e));
                }
            }
        } catch (SQLException e) {
            return new PhaseReport(label, steps.size(), steps.size(), Duration.ofNanos(System.nanoTime() - t0), TableJob.describe(e));
        }
        return new PhaseReport(label, steps.size(), failures.size(), Duration.ofNanos(System.nanoTime() - t0),
                failures.isEmpty() ? null : String.join("; ", failures));
    }

    /** Runs independent DDL steps on {@code jobs} connections; a failed step is reported, the others go on. */
    private static PhaseReport steps(String label, List<Step> steps, int jobs, Sessions sessions, RunListener listener) {
        StepPool pool = new StepPool(label, jobs, sessions, listener);
        pool.submit(null, steps);
        return pool.finish();
    }

    /**
     * DDL steps on up to {@code jobs} connections, submitted as they become possible (a table's indexes when its
     * rows are in); {@link #finish} waits for all of them and makes one phase of the report, timed from the first
     * submission. A step with no SQL is a failure it carries (something that cannot be built).
     */
    private static final class StepPool {
        private final ExecutorService pool;
        private final Sessions sessions;
        private final int jobs;
        private final List<Future<String>> results = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private final String label;
        private final RunListener listener;
        private int count;
        private long start;

        StepPool(String label, int jobs, Sessions sessions, RunListener listener) {
            this.label = label;
            this.listener = listener;
            this.jobs = Math.max(1, jobs);
            this.sessions = sessions;
            this.pool = Executors.newFixedThreadPool(this.jobs, r -> new Thread(r, "drover-ddl"));
        }

        /** Queues {@code steps}, all of {@code table} (its display name) or of no table (null). */
        synchronized void submit(String table, List<Step> steps) {
            if (start == 0 && !steps.isEmpty()) start = System.nanoTime();
            if (!steps.isEmpty()) listener.on(new RunEvent.StepsQueued(label, table, steps.size()));
            for (Step step : steps) {
                count++;
                if (step.sql().isEmpty()) {
                    failures.add(step.what());
                    ended(table, step, step.what());
                    continue;
                }
                results.add(pool.submit(() -> {
                    String failure;
                    try (Connection c = sessions.openMaintenance("ddl", jobs); Statement s = c.createStatement()) {
                        for (String sql : step.sql()) s.execute(sql);
                        failure = null;
                    } catch (SQLException e) {
                        failure = step.what() + ": " + TableJob.describe(e);
                    }
                    ended(table, step, failure);
                    return failure;
                }));
            }
        }

        private void ended(String table, Step step, String failure) {
            listener.on(new RunEvent.StepFinished(label, table, step.what(), failure));
        }

        PhaseReport finish() {
            List<Future<String>> all;
            synchronized (this) {
                all = List.copyOf(results);
            }
            List<String> why = new ArrayList<>();
            try {
                for (Future<String> f : all) {
                    String w = f.get();
                    if (w != null) why.add(w);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why.add("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
            synchronized (this) {
                why.addAll(0, failures);
                long took = start == 0 ? 0 : System.nanoTime() - start;
                return new PhaseReport(label, count, why.size(), Duration.ofNanos(took), why.isEmpty() ? null : String.join("; ", why));
            }
        }
    }
}
