package dev.drover.app.model;

import dev.drover.engine.cast.CastRuleSyntax;
import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.target.IdentifierPolicy;
import dev.drover.engine.target.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The migration the wizard is building: exactly what a plan's {@code target}, {@code options} and {@code database}
 * sections hold, so that {@link #toPlan()} and {@link #fromPlan} are each other's inverse and a saved plan reloads
 * unchanged, hand-written regular expressions included. Every page edits it through {@code with...} copies held in
 * one {@code Observable<Draft>}; the pages' own views (rows, grid, options) are derived from it.
 *
 * <p>Until the user has filled everything in, a draft may be incomplete (no target yet) or contradictory (include
 * drop with data only); {@link #problems()} says what, and {@link #toPlan()} refuses with the same sentences.
 *
 * <p>Per-table modes map onto the plan: skip leaves the table out by {@code include}/{@code exclude} (its literal
 * name); create, existing and truncate are the run's {@link DatabaseSpec.Mode} and {@link LoadOptions#truncate()} for
 * tables without an entry, and {@code table_modes} entries for the others ({@link #withTableMode(String, TableMode,
 * Collection)}). Include and exclude match the table's name without its schema and ignoring case, so two tables of the
 * same name in two source schemas (or spelled {@code Orders} and {@code orders}) are selected together.
 *
 * @param sourceUrl    the source database ({@code sqlite:///path/shop.db}), or null while not chosen
 * @param targetUrl    the PostgreSQL URL without password ({@code postgresql://user@host:5432/db}), or null
 * @param passwordEnv  the environment variable the headless run reads the target password from, or null
 *                     ({@code PGPASSWORD}, then {@code ~/.pgpass})
 * @param targetSchema the schema every table goes to, or null for the engine's choice ({@code public}, or the source
 *                     schemas' names for a PostgreSQL or SQL Server source with several)
 * @param include      regular expressions: only matching tables move (empty: all)
 * @param exclude      regular expressions: matching tables stay behind
 * @param rename       source table → target {@code name} or {@code schema.name}
 * @param mode         schema and data, schema only, or data only (into existing tables)
 * @param includeDrop  drop target tables that exist already
 * @param casts        the user's cast rules in pgloader syntax, tried in order before the source's defaults
 * @param identifiers  how source names become PostgreSQL names
 * @param zeroDates    what MySQL zero dates become
 * @param verifySample source rows per table compared with the target after the load (0: none)
 * @param materialize  views and queries loaded as tables
 * @param options      how to load: parallelism, batches, errors, rejects
 * @param build        what is built besides the tables: keys and indexes, foreign keys, sequence resets, identities, enums
 * @param tableModes   per source table, how it is loaded when not as the run's mode says: into the existing table,
 *                     or emptied first (the plan's {@code table_modes})
 * @param incremental  per source table, how it is re-run incrementally (the plan's {@code incremental}): such a table
 *                     has no table mode, and its Tables-page mode is {@link TableMode#INCREMENTAL}
 * @param files        a file load instead of a database: the CSV file, how it reads, and its target table (the plan's
 *                     {@code tables:} section); null for a database migration. The options say whether the table is
 *                     created (types inferred from a sample, or text) or must exist, and whether it is emptied first.
 */
public record Draft(String sourceUrl, String targetUrl, String passwordEnv, String targetSchema,
                    List<String> include, List<String> exclude, Map<String, String> rename, DatabaseSpec.Mode mode,
                    boolean includeDrop, List<String> casts, IdentifierPolicy identifiers, ZeroDates zeroDates,
                    int verifySample, List<DatabaseSpec.Materialize> materialize, LoadOptions options,
                    DatabaseSpec.Build build, TableLoad files, Map<String, DatabaseSpec.TableMode> tableModes,
                    Map<String, DatabaseSpec.Incremental> incremental) {

    /** A literal table name needs no quoting in a pattern when it is only letters, digits and underscores. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");

    public Draft {
        sourceUrl = blankToNull(sourceUrl);
        targetUrl = blankToNull(targetUrl);
        passwordEnv = blankToNull(passwordEnv);
        targetSchema = blankToNull(targetSchema);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        rename = rename == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rename));
        mode = mode == null ? DatabaseSpec.Mode.ALL : mode;
        casts = casts == null ? List.of() : List.copyOf(casts);
        identifiers = identifiers == null ? IdentifierPolicy.DOWNCASE : identifiers;
        zeroDates = zeroDates == null ? ZeroDates.NULL : zeroDates;
        materialize = materialize == null ? List.of() : List.copyOf(materialize);
        options = options == null ? LoadOptions.defaults() : options;
        build = build == null ? DatabaseSpec.Build.DEFAULT : build;
        tableModes = tableModes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tableModes));
        incremental = incremental == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(incremental));
    }

    /** A new migration: every table, the engine's defaults, no source or target yet. */
    public static Draft empty() {
        return new Draft(null, null, null, null, null, null, null, null, false, null, null, null, 0, null, null, null, null, null, null);
    }

    /**
     * The draft of a saved plan, unchanged.
     *
     * @throws IllegalArgumentException for a plan of files (the wizard edits database migrations)
     */
    public static Draft fromPlan(Plan plan) {
        DatabaseSpec d = plan.database();
        if (d == null) {
            if (plan.tables().size() != 1) {
                throw new IllegalArgumentException("this plan loads " + plan.tables().size() + " tables from files; the wizard"
                        + " opens plans of one file load or of a database migration");
            }
            return empty().withTarget(plan.target().url(), plan.target().passwordEnv()).withOptions(plan.options())
                    .withFiles(plan.tables().get(0));
        }
        return new Draft(d.source(), plan.target().url(), plan.target().passwordEnv(), d.schema(), d.include(), d.exclude(),
                d.rename(), d.mode(), d.includeDrop(), d.casts(), d.identifiers(), d.zeroDates(), d.verifySample(),
                d.materialize(), plan.options(), d.build(), null, d.tableModes(), d.incremental());
    }

    /**
     * The plan {@code drover run} takes.
     *
     * @throws IllegalStateException naming every {@link #problems() problem} when the draft is not complete
     */
    public Plan toPlan() {
        List<String> problems = problems();
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));
        if (files != null) return new Plan(Plan.CURRENT_VERSION, new TargetSpec(targetUrl, passwordEnv), options, List.of(files));
        return new Plan(Plan.CURRENT_VERSION, new TargetSpec(targetUrl, passwordEnv), options, List.of(), spec());
    }

    /** The plan's database section; needs a source. */
    public DatabaseSpec spec() {
        if (sourceUrl == null) throw new IllegalStateException("no source database chosen yet");
        return new DatabaseSpec(sourceUrl, targetSchema, includeDrop, casts, identifiers, include, exclude, mode, rename,
                zeroDates, verifySample, materialize, build).withTableModes(tableModes).withIncremental(incremental);
    }

    /**
     * What stops this draft from becoming a plan, as sentences saying what to do; empty when nothing does. The cast
     * rules are checked for syntax here; whether they and the names fit the source is the Cast rules and Tables pages'
     * business (they need the catalog).
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (files != null) {
            try {
                if (TableRef.parse(files.table()).schema() == null) out.add("name the target table with its schema (public." + files.table() + ")");
            } catch (IllegalArgumentException e) {
                out.add("target table: " + e.getMessage());
            }
        } else if (sourceUrl == null) {
            out.add("choose a source database");
        }
        if (targetUrl == null) {
            out.add("choose a PostgreSQL target");
        } else {
            try {
                if (PgTarget.parse(targetUrl).password() != null) {
                    out.add("the target URL holds a password: remove it, plans name an environment variable instead");
                }
            } catch (IllegalArgumentException e) {
                out.add("target: " + e.getMessage());
            }
        }
        String modes = DatabaseSpec.tableModeProblem(mode, tableModes);
        if (modes != null) out.add(modes);
        String inc = DatabaseSpec.incrementalProblem(mode, includeDrop, tableModes, incremental);
        if (inc != null) out.add(inc);
        if (includeDrop && mode == DatabaseSpec.Mode.DATA_ONLY) {
            out.add("include drop and loading into existing tables exclude each other: turn one off");
        }
        for (int i = 0; i < casts.size(); i++) {
            try {
                CastRuleSyntax.parse(casts.get(i), "user rule " + (i + 1));
            } catch (IllegalArgumentException e) {
                out.add("cast rule " + (i + 1) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        for (var e : rename.entrySet()) {
            try {
                TableRef.parse(e.getValue());
            } catch (IllegalArgumentException x) {
                out.add("rename of " + e.getKey() + ": " + x.getMessage());
            }
        }
        return out;
    }

    /** The engine's options for this draft, its cast rules parsed ({@link IllegalArgumentException} names a bad one). */
    DatabaseMigration.Options migrationOptions() {
        // include drop is left out of the spec, which refuses it with data only; problems() reports that contradiction
        DatabaseMigration.Options o = DatabaseMigration.Options.of(new DatabaseSpec(sourceUrl == null ? "-" : sourceUrl,
                targetSchema, false, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample, materialize, build));
        return new DatabaseMigration.Options(o.schema(), includeDrop, o.casts(), o.identifiers(), o.include(), o.exclude(),
                o.mode(), o.rename(), o.zeroDates(), o.verifySample(), o.materialize(), o.build()).withTableModes(tableModes);
    }

    /** The same options without the user's rules: what the selection and names are computed from when a rule is bad. */
    DatabaseMigration.Options migrationOptionsWithoutCasts() {
        return new DatabaseMigration.Options(targetSchema, includeDrop, List.of(), identifiers, include, exclude, mode, rename,
                zeroDates, verifySample, materialize, build).withTableModes(tableModes);
    }

    /** Whether a source table of this name is migrated, by the engine's own reading of include and exclude. */
    public boolean selects(String tableName) {
        return migrationOptionsWithoutCasts().selects(tableName);
    }

    /** How one source table is loaded: skipped, or its own mode, or the run's. */
    public TableMode tableMode(String table) {
        if (!selects(table)) return TableMode.SKIP;
        if (incremental(table) != null) return TableMode.INCREMENTAL;
        for (var e : tableModes.entrySet()) {
            if (e.getKey().equalsIgnoreCase(table)) {
                return switch (e.getValue()) {
                    case CREATE -> TableMode.CREATE;
                    case EXISTING -> TableMode.EXISTING;
                    case TRUNCATE -> TableMode.TRUNCATE;
                };
            }
        }
        return tableMode();
    }

    /**
     * One table's mode, the others' unchanged (skip is {@link #withSelection}). A table created in a run that loads
     * into existing tables turns the run into one that creates tables, the others keeping their modes one by one.
     *
     * @param selected the selected tables, whose effective modes must not change
     * @throws IllegalArgumentException when the run makes the schema only (no rows go into existing tables)
     */
    public Draft withTableMode(String table, TableMode m, Collection<String> selected) {
        if (m == TableMode.SKIP) throw new IllegalArgumentException("skip is chosen per table: withSelection");
        if (m == TableMode.INCREMENTAL) throw new IllegalArgumentException("incremental settings are chosen per table: withIncremental");
        if (incremental(table) != null) return withIncremental(table, null).withTableMode(table, m, selected);
        if (mode == DatabaseSpec.Mode.SCHEMA_ONLY && m != TableMode.CREATE) {
            throw new IllegalArgumentException("the run makes the schema only (Options): no rows go into existing tables");
        }
        Map<String, DatabaseSpec.TableMode> modes = new LinkedHashMap<>(tableModes);
        Draft base = this;
        if (mode == DatabaseSpec.Mode.DATA_ONLY && m == TableMode.CREATE) {
            // the run becomes "schema and data"; every other table keeps loading into its existing table
            for (String t : selected) {
                if (t.equalsIgnoreCase(table)) continue;
                TableMode now = tableMode(t);
                if (modes.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(t)) && (now == TableMode.EXISTING || now == TableMode.TRUNCATE)) {
                    modes.put(t, now == TableMode.TRUNCATE ? DatabaseSpec.TableMode.TRUNCATE : DatabaseSpec.TableMode.EXISTING);
                }
            }
            LoadOptionsBuilder b = new LoadOptionsBuilder(options);
            b.truncate = false;
            base = new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, DatabaseSpec.Mode.ALL,
                    includeDrop, casts, identifiers, zeroDates, verifySample, materialize, b.build(), build, files, tableModes, incremental);
        }
        modes.keySet().removeIf(k -> k.equalsIgnoreCase(table));
        DatabaseSpec.TableMode engine = switch (m) {
            case EXISTING -> DatabaseSpec.TableMode.EXISTING;
            case TRUNCATE -> DatabaseSpec.TableMode.TRUNCATE;
            default -> DatabaseSpec.TableMode.CREATE;
        };
        // the run's own mode needs no entry
        boolean asTheRun = base.mode == DatabaseSpec.Mode.DATA_ONLY
                ? engine == (base.options.truncate() ? DatabaseSpec.TableMode.TRUNCATE : DatabaseSpec.TableMode.EXISTING)
                : engine == DatabaseSpec.TableMode.CREATE;
        if (!asTheRun) modes.put(table, engine);
        return base.withTableModes(modes);
    }

    public Draft withTableModes(Map<String, DatabaseSpec.TableMode> modes) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, modes, incremental);
    }

    /** How one source table is re-run incrementally (its name matched ignoring case), or null when it is not. */
    public DatabaseSpec.Incremental incremental(String table) {
        for (var e : incremental.entrySet()) if (e.getKey().equalsIgnoreCase(table)) return e.getValue();
        return null;
    }

    /**
     * One table re-run incrementally with {@code settings} (null: not incremental, loaded as the run's mode says), the
     * other tables keeping their modes. The table loses its table mode (a table has one or the other); a run that loads
     * into existing tables becomes one that creates the tables missing, the others keeping their modes one by one
     * (as {@link #withTableMode(String, TableMode, Collection)} does for create).
     *
     * @param selected the selected tables, whose effective modes must not change
     */
    public Draft withIncremental(String table, DatabaseSpec.Incremental settings, Collection<String> selected) {
        Draft base = this;
        if (settings != null && incremental(table) == null && (tableMode(table) != TableMode.CREATE || mode == DatabaseSpec.Mode.DATA_ONLY)
                && mode != DatabaseSpec.Mode.SCHEMA_ONLY) {
            base = withTableMode(table, TableMode.CREATE, selected);
        }
        Map<String, DatabaseSpec.TableMode> modes = new LinkedHashMap<>(base.tableModes);
        if (settings != null) modes.keySet().removeIf(k -> k.equalsIgnoreCase(table));
        return base.withTableModes(modes).withIncremental(table, settings);
    }

    /** One table's incremental settings (null: none), nothing else changed. */
    public Draft withIncremental(String table, DatabaseSpec.Incremental settings) {
        Map<String, DatabaseSpec.Incremental> next = new LinkedHashMap<>(incremental);
        next.keySet().removeIf(k -> k.equalsIgnoreCase(table));
        if (settings != null) next.put(table, settings);
        return withIncremental(next);
    }

    /** Every table's incremental settings (the plan's {@code incremental}). */
    public Draft withIncremental(Map<String, DatabaseSpec.Incremental> tables) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, tables);
    }

    /** The mode of every selected table ({@link TableMode#SKIP} is per table: see {@link #selects}). */
    public TableMode tableMode() {
        if (mode != DatabaseSpec.Mode.DATA_ONLY) return TableMode.CREATE;
        return options.truncate() ? TableMode.TRUNCATE : TableMode.EXISTING;
    }

    /**
     * Every selected table in {@code m}: the engine's mode and truncate flag for the whole run. Loading into existing
     * tables turns include drop off (the two exclude each other); create keeps "schema only" if it was chosen.
     */
    public Draft withTableMode(TableMode m) {
        LoadOptionsBuilder b = new LoadOptionsBuilder(options);
        DatabaseSpec.Mode next;
        boolean drop = includeDrop;
        switch (m) {
            case CREATE -> {
                next = mode == DatabaseSpec.Mode.DATA_ONLY ? DatabaseSpec.Mode.ALL : mode;
                b.truncate = false;
            }
            case EXISTING, TRUNCATE -> {
                next = DatabaseSpec.Mode.DATA_ONLY;
                b.truncate = m == TableMode.TRUNCATE;
                drop = false;
            }
            default -> throw new IllegalArgumentException("skip is chosen per table: withSelection");
        }
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, next, drop, casts,
                identifiers, zeroDates, verifySample, materialize, b.build(), build, files, tableModes, incremental);
    }

    /**
     * Selects exactly {@code selected} among the source's tables {@code all}, as the shortest literal list: nothing when
     * every table is selected, else the selected names ({@code include}) or the others ({@code exclude}), whichever is
     * shorter. Hand-written patterns are replaced. (So a table added to the source later comes along when the plan
     * lists what to leave out, and stays behind when it lists what to take.)
     */
    public Draft withSelection(Collection<String> all, Collection<String> selected) {
        Set<String> on = new LinkedHashSet<>(selected);
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        for (String t : new LinkedHashSet<>(all)) (on.contains(t) ? in : out).add(literal(t));
        List<String> include = List.of(), exclude = List.of();
        if (!out.isEmpty()) {
            // with nothing selected the exclude list names every table, and the engine says no table is selected
            if (!in.isEmpty() && in.size() <= out.size()) include = in;
            else exclude = out;
        }
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    /** A pattern matching exactly this name (the engine compares whole names, ignoring case). */
    static String literal(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : Pattern.quote(name);
    }

    public Draft withSource(String url) {
        return new Draft(url, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withTarget(String url, String passwordEnvironmentVariable) {
        return new Draft(sourceUrl, url, passwordEnvironmentVariable, targetSchema, include, exclude, rename, mode, includeDrop,
                casts, identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withTargetSchema(String schema) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, schema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withIncludeExclude(List<String> includePatterns, List<String> excludePatterns) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, includePatterns, excludePatterns, rename, mode,
                includeDrop, casts, identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withRename(Map<String, String> renames) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, renames, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withMode(DatabaseSpec.Mode m) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, m, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withIncludeDrop(boolean drop) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, drop, casts,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    /** A file load (null: back to a database migration, whose source the Source page sets). */
    public Draft withFiles(TableLoad load) {
        return new Draft(load == null ? sourceUrl : null, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode,
                includeDrop, casts, identifiers, zeroDates, verifySample, materialize, options, build, load, tableModes, incremental);
    }

    /**
     * The draft loading {@code csv}: the table the user named for it is kept while the file stays the same; a new file
     * gets {@code public.<file name>}, created with types inferred from a sample unless the user chose otherwise.
     */
    public Draft withFile(dev.drover.engine.plan.CsvSource csv) {
        if (csv == null) return withFiles(null);
        TableLoad before = files;
        // the same source as before keeps its mapping too (an imported command file's columns, fields and expressions)
        if (before != null && before.source().equals(csv)) return this;
        String table = before != null && before.source().files().equals(csv.files()) ? before.table() : defaultTable(csv.files().get(0));
        Draft next = withFiles(new TableLoad(table, csv, List.of()));
        if (before == null && next.options().createTable() == dev.drover.engine.plan.CreateTable.NO) {
            next = next.withOptions(next.options().withCreateTable(dev.drover.engine.plan.CreateTable.INFER));
        }
        return next;
    }

    /** {@code public.sales_2024} for {@code Sales 2024.csv}: the file's name as a plain PostgreSQL name. */
    static String defaultTable(String file) {
        String name = java.nio.file.Path.of(file).getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) name = "t_" + name;
        return "public." + (name.length() > 63 ? name.substring(0, 63) : name);
    }

    public boolean isFiles() {
        return files != null;
    }

    public Draft withCasts(List<String> rules) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, rules,
                identifiers, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withIdentifiers(IdentifierPolicy policy) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                policy, zeroDates, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withZeroDates(ZeroDates z) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, z, verifySample, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withVerifySample(int rows) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, rows, materialize, options, build, files, tableModes, incremental);
    }

    public Draft withMaterialize(List<DatabaseSpec.Materialize> views) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, views, options, build, files, tableModes, incremental);
    }

    public Draft withOptions(LoadOptions o) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, o, build, files, tableModes, incremental);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** What is built besides the tables (keys and indexes, foreign keys, sequence resets, identities, enums). */
    public Draft withBuild(DatabaseSpec.Build b) {
        return new Draft(sourceUrl, targetUrl, passwordEnv, targetSchema, include, exclude, rename, mode, includeDrop, casts,
                identifiers, zeroDates, verifySample, materialize, options, b, files, tableModes, incremental);
    }
}
