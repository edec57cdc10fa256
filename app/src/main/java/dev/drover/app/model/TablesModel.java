package dev.drover.app.model;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.target.IdentifierPolicy;
import dev.drover.engine.target.TableRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Tables page: one row per source table (and per view or query to materialize) with its row estimate, whether it
 * moves, where it goes and how. Rows are derived from the draft and the source's catalog after every change, by the
 * engine's own rules (selection by include/exclude, target names by schema, rename and identifier policy), so what
 * the page shows is what the run does.
 */
public final class TablesModel implements AutoCloseable {
    /**
     * @param schema       the source schema ({@code main} for SQLite, the database for MySQL)
     * @param table        the source table's name
     * @param rowEstimate  the catalog's estimate, or -1 when it has none (label it as an estimate)
     * @param sizeBytes    the table's size on disk, or null: the source catalogs do not give sizes yet
     * @param selected     whether the table moves
     * @param targetSchema where it goes: the schema ...
     * @param targetName   ... and the name, as PostgreSQL will spell them
     * @param renamed      whether a rename decides the target name
     * @param mode         how it moves ({@link TableMode#SKIP} when not selected)
     * @param materialized a view or query loaded as a table
     * @param incremental  how the table is re-run incrementally when its mode is {@link TableMode#INCREMENTAL}, else null
     */
    public record Row(String schema, String table, long rowEstimate, Long sizeBytes, boolean selected, String targetSchema,
                      String targetName, boolean renamed, TableMode mode, boolean materialized,
                      DatabaseSpec.Incremental incremental) {
        /** {@code schema.table} as the source names it. */
        public String display() {
            return schema == null || schema.isEmpty() ? table : schema + "." + table;
        }
    }

    private final OpenedSource source;
    private final Observable<Draft> draft;
    private final Observable.Subscription subscription;
    private final Observable<List<Row>> rows = new Observable<>(List.of());
    private final Observable<List<Row>> visibleRows = new Observable<>(List.of());
    private final Observable<String> filterProblem = new Observable<>(null);
    private final Observable<String> problem = new Observable<>(null);
    private final Observable<String> notice = new Observable<>(null);
    private Predicate<Row> filter = r -> true;
    private final Map<String, Long> sizes;

    /** Reads the tables' sizes from the source's catalog (a query; build the model off the FX thread). */
    public TablesModel(OpenedSource source, Observable<Draft> draft) {
        this.source = source;
        this.draft = draft;
        Map<String, Long> s;
        try {
            s = source.source().tableSizes();
        } catch (java.sql.SQLException | RuntimeException e) {
            s = Map.of(); // sizes are a guide: without them the page shows the row estimates only
        }
        this.sizes = s;
        this.subscription = draft.observe(d -> refresh());
    }

    /** Every table of the source, in catalog order. */
    public Observable<List<Row>> rows() {
        return rows;
    }

    /** The rows the filter lets through. */
    public Observable<List<Row>> visibleRows() {
        return visibleRows;
    }

    /** Why the filter text is not a regular expression (shown under the filter field), or null. */
    public Observable<String> filterProblem() {
        return filterProblem;
    }

    /**
     * Why the engine refuses the tables as they are (names that collide in PostgreSQL, a rename of a table that is not
     * in the source, no table selected), in the engine's words; null when it does not.
     */
    public Observable<String> problem() {
        return problem;
    }

    /** What the last action did besides the obvious (a mode applied to every table), or null. */
    public Observable<String> notice() {
        return notice;
    }

    /** The estimated rows of the selected tables (tables without an estimate count 0). */
    public long selectedRowEstimate() {
        return rows.get().stream().filter(Row::selected).mapToLong(r -> Math.max(0, r.rowEstimate())).sum();
    }

    public int selectedCount() {
        return (int) rows.get().stream().filter(Row::selected).count();
    }

    /**
     * Shows only the tables whose name ({@code table} or {@code schema.table}) contains {@code text}, ignoring case, or
     * with {@code regex} matches it anywhere; an invalid expression leaves the last good filter and says why in
     * {@link #filterProblem()}.
     */
    public void setFilter(String text, boolean regex) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            filter = r -> true;
        } else if (regex) {
            Pattern p;
            try {
                p = Pattern.compile(t, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (PatternSyntaxException e) {
                filterProblem.set("not a regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : ""));
                return;
            }
            filter = r -> p.matcher(r.table()).find() || p.matcher(r.display()).find();
        } else {
            String needle = t.toLowerCase(Locale.ROOT);
            filter = r -> r.display().toLowerCase(Locale.ROOT).contains(needle);
        }
        filterProblem.set(null);
        visibleRows.set(rows.get().stream().filter(filter).toList());
    }

    /** Selects or leaves out one table. */
    public void select(String table, boolean on) {
        Set<String> selected = selectedNames();
        if (on) selected.add(table);
        else selected.remove(table);
        applySelection(selected);
    }

    /** Selects (or leaves out) every table the filter shows, the others as they were. */
    public void selectAllMatching(boolean on) {
        Set<String> selected = selectedNames();
        for (Row r : visibleRows.get()) {
            if (on) selected.add(r.table());
            else selected.remove(r.table());
        }
        applySelection(selected);
    }

    /**
     * Sets a table's mode: skip leaves it out; create, existing and truncate are the table's own (the engine's table
     * modes), the other tables keep theirs. Refused with the reason in {@link #notice()} when the run makes the schema
     * only.
     */
    public void setMode(String table, TableMode mode) {
        notice.set(null);
        if (mode == TableMode.SKIP) {
            select(table, false);
            return;
        }
        if (mode == TableMode.INCREMENTAL) {
            DatabaseSpec.Incremental s = suggestedIncremental(table);
            if (s == null) {
                notice.set(table + " has no primary key or updated_at-like column to suggest as its cursor: choose the cursor columns");
                return;
            }
            setIncremental(table, s.cursor(), s.upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY,
                    s.delete() == DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH).ifPresent(notice::set);
            return;
        }
        Draft d = draft.get();
        Set<String> selected = selectedNames();
        selected.add(table);
        Draft next = d.withSelection(allNames(), selected);
        try {
            next = next.withTableMode(table, mode, selected);
        } catch (IllegalArgumentException e) {
            notice.set(e.getMessage());
            return;
        }
        if (d.includeDrop() && mode != TableMode.CREATE) {
            notice.set("include drop never drops " + table + ": it is loaded as it exists");
        }
        draft.set(next);
    }

    /** The schema every table goes to, or blank for the engine's choice. */
    public Optional<String> setTargetSchema(String schema) {
        String s = schema == null ? "" : schema.strip();
        if (!s.isEmpty()) {
            try {
                TableRef r = TableRef.parse(s);
                if (r.schema() != null) return Optional.of("'" + s + "' is a table name: write the schema alone");
                s = r.name();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
            if (tooLong(s)) return Optional.of(longName(s));
        }
        draft.set(draft.get().withTargetSchema(s));
        return Optional.empty();
    }

    /**
     * Gives a table ({@code table}, or {@code schema.table} where two schemas have one of that name) another target name ({@code name} or {@code schema.name}; unquoted names fold to lower case as in
     * PostgreSQL), or its default back for a blank name. The rename is refused, with the reason, when it is not a name,
     * is longer than PostgreSQL keeps, or makes names collide by the engine's own check.
     *
     * @return why the rename was refused, or empty when it was applied
     */
    public Optional<String> rename(String table, String newName) {
        Draft d = draft.get();
        Map<String, String> renames = new LinkedHashMap<>(d.rename());
        renames.keySet().removeIf(k -> k.equalsIgnoreCase(table));
        String n = newName == null ? "" : newName.strip();
        if (!n.isEmpty()) {
            TableRef ref;
            try {
                ref = TableRef.parse(n);
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
            if (tooLong(ref.name())) return Optional.of(longName(ref.name()));
            if (ref.schema() != null && tooLong(ref.schema())) return Optional.of(longName(ref.schema()));
            renames.put(table, n);
        }
        Draft next = d.withRename(renames);
        String before = source.preview(d).problem();
        String after = source.preview(next).problem();
        if (after != null && !after.equals(before)) return Optional.of(after);
        draft.set(next);
        return Optional.empty();
    }

    /**
     * Sends one table to another schema ({@code schema.name} as its target, the name kept), or back to the run's
     * schema for a blank one. Refused, with the reason, as {@link #rename} refuses.
     */
    public Optional<String> setTableSchema(String table, String schema) {
        Row r = rows.get().stream().filter(x -> x.table().equalsIgnoreCase(table) || x.display().equalsIgnoreCase(table))
                .findFirst().orElse(null);
        if (r == null) return Optional.of("no table " + table);
        String s = schema == null ? "" : schema.strip();
        String key = r.display().equalsIgnoreCase(table) ? r.display() : r.table();
        String current = draft.get().rename().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(r.table())
                || e.getKey().equalsIgnoreCase(r.display())).map(Map.Entry::getValue).findFirst().orElse(null);
        String name = current == null ? null : TableRef.parse(current).name();
        if (s.isEmpty()) {
            // a rename that only moved the table to another schema goes with the schema
            boolean defaultName = name == null || name.equals(draft.get().identifiers().apply(r.table()));
            return rename(key, defaultName ? "" : identifier(name));
        }
        if (s.contains(".")) return Optional.of("'" + s + "' is not a schema name: write the schema alone");
        return rename(key, identifier(s) + "." + identifier(name == null ? r.targetName() : name));
    }

    /** A name as the plan writes it: bare when PostgreSQL keeps it as it is, else quoted. */
    private static String identifier(String n) {
        return n.matches("[a-z_][a-z0-9_$]*") ? n : TableRef.quote(n);
    }

    /** The table names that become the same PostgreSQL name under {@code policy}, by the engine's check. */
    public List<String> collisions(IdentifierPolicy policy) {
        return policy.collisions(source.catalog().tables().stream().map(SourceTable::name).toList());
    }

    @Override
    public void close() {
        subscription.close();
    }

    private void refresh() {
        Draft d = draft.get();
        Preview p = source.preview(d);
        List<Row> out = new ArrayList<>();
        for (SourceTable t : p.catalog().tables()) {
            boolean on = p.mapping() != null ? p.mapping().tables().containsKey(t) : d.selects(t.name());
            TableRef target = p.target(t);
            boolean renamed = d.rename().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(t.name()) || k.equalsIgnoreCase(t.display()));
            out.add(new Row(t.schema(), t.name(), t.rowEstimate(), sizes.get(t.key()), on, target.schema(), target.name(), renamed,
                    on ? mode(d, t) : TableMode.SKIP, t.isMaterialized(), on ? d.incremental(t.name()) : null));
        }
        rows.set(List.copyOf(out));
        visibleRows.set(out.stream().filter(filter).toList());
        problem.set(p.problem() != null ? p.problem() : incrementalProblem(d, p));
    }

    /**
     * Why the incremental tables cannot run as they are: the engine's reason when the plan's mode or include drop
     * excludes them ({@link DatabaseSpec#incrementalProblem}), or a cursor column the table does not have.
     */
    private static String incrementalProblem(Draft d, Preview p) {
        String engine = DatabaseSpec.incrementalProblem(d.mode(), d.includeDrop(), d.tableModes(), d.incremental());
        if (engine != null) return engine + " (Options)";
        for (var e : d.incremental().entrySet()) {
            SourceTable t = p.catalog().tables().stream().filter(x -> x.name().equalsIgnoreCase(e.getKey())
                    || x.display().equalsIgnoreCase(e.getKey())).findFirst().orElse(null);
            if (t == null) return "incremental table " + e.getKey() + " is not in the source";
            String refused = cursorProblem(t, e.getValue().cursor(), e.getValue().upsert() == DatabaseSpec.Incremental.Upsert.PRIMARY_KEY);
            if (refused != null) return "incremental table " + t.display() + ": " + refused;
        }
        return null;
    }

    private static String cursorProblem(SourceTable t, List<String> cursor, boolean upsert) {
        if (cursor.isEmpty()) return "choose the cursor: one or more of the table's columns, in order (e.g. updated_at, id)";
        for (String c : cursor) {
            if (column(t, c).isEmpty()) return "the cursor column " + c + " is not a column of " + t.display() + " (it has "
                    + String.join(", ", t.columns().stream().map(SourceColumn::name).toList()) + ")";
        }
        if (cursor.stream().map(c -> c.toLowerCase(Locale.ROOT)).distinct().count() < cursor.size()) {
            return "the cursor names a column twice";
        }
        if (upsert && (t.primaryKey() == null || t.primaryKey().columns().isEmpty())) {
            return t.display() + " has no primary key to upsert on: turn upsert off (new rows are appended)";
        }
        return null;
    }

    /** The source table of this name ({@code table} or {@code schema.table}), if the source has it. */
    public Optional<SourceTable> sourceTable(String table) {
        return source.catalog().tables().stream().filter(x -> x.name().equalsIgnoreCase(table) || x.display().equalsIgnoreCase(table))
                .findFirst();
    }

    /** The source table's column names, in order (empty for a table the source does not have). */
    public List<String> columns(String table) {
        return sourceTable(table).map(t -> t.columns().stream().map(SourceColumn::name).toList()).orElse(List.of());
    }

    /** The source table's primary key columns (empty when it has none). */
    public List<String> primaryKey(String table) {
        return sourceTable(table).map(t -> t.primaryKey() == null ? List.<String>of() : t.primaryKey().columns()).orElse(List.of());
    }

    /**
     * The settings a table gets when the user makes it incremental: its settings if it is already; else as cursor an
     * {@code updated_at}-like date or time column followed by the primary key, or the primary key alone when it is one
     * integer column, or the timestamp alone; upsert on the primary key when there is one; no delete.
     */
    public DatabaseSpec.Incremental suggestedIncremental(String table) {
        DatabaseSpec.Incremental now = draft.get().incremental(table);
        if (now != null) return now;
        return suggestedCursor(sourceTable(table).orElse(null))
                .map(c -> new DatabaseSpec.Incremental(c, primaryKey(table).isEmpty() ? DatabaseSpec.Incremental.Upsert.OFF
                        : DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, DatabaseSpec.Incremental.Delete.OFF))
                .orElse(null);
    }

    private static final Pattern UPDATED = Pattern.compile("(?i).*(updated|modified|changed|last_?update|last_?modified|mtime|_ts$).*");

    /** {@code [updated_at, id]}, {@code [id]}, or empty when nothing fits (the user picks). */
    static Optional<List<String>> suggestedCursor(SourceTable t) {
        if (t == null) return Optional.empty();
        List<String> key = t.primaryKey() == null ? List.of() : t.primaryKey().columns();
        SourceColumn stamp = t.columns().stream().filter(c -> UPDATED.matcher(c.name()).matches() && temporal(c)).findFirst().orElse(null);
        if (stamp != null) {
            List<String> c = new ArrayList<>();
            c.add(stamp.name());
            for (String k : key) if (!k.equalsIgnoreCase(stamp.name())) c.add(k);
            return Optional.of(List.copyOf(c));
        }
        if (key.size() == 1 && t.column(key.get(0)).map(TablesModel::integer).orElse(false)) return Optional.of(key);
        if (!key.isEmpty()) return Optional.of(key);
        return Optional.empty();
    }

    /** The table's column of this name, matched ignoring case as the user may type it. */
    private static Optional<SourceColumn> column(SourceTable t, String name) {
        Optional<SourceColumn> exact = t.column(name);
        return exact.isPresent() ? exact : t.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    private static boolean temporal(SourceColumn c) {
        String type = c.dataType() == null ? "" : c.dataType().toLowerCase(Locale.ROOT);
        return type.contains("date") || type.contains("time");
    }

    private static boolean integer(SourceColumn c) {
        String type = c.dataType() == null ? "" : c.dataType().toLowerCase(Locale.ROOT);
        return type.contains("int") || type.equals("serial") || type.equals("bigserial") || type.equals("number");
    }

    /**
     * Makes a table incremental with these settings (it is selected too), or refuses, with the reason, a cursor the
     * table cannot have (none chosen, a column it does not have, upsert without a primary key). Settings the plan's mode
     * excludes (schema only, include drop) are applied and {@link #problem()} says what to change on Options.
     *
     * @param cursor the cursor columns in order
     * @return why the settings were refused, or empty when they were applied
     */
    public Optional<String> setIncremental(String table, List<String> cursor, boolean upsert, boolean delete) {
        notice.set(null);
        SourceTable t = sourceTable(table).orElse(null);
        if (t == null) return Optional.of("no table " + table);
        List<String> c = cursor == null ? List.of() : cursor.stream().map(String::strip).filter(x -> !x.isEmpty())
                .map(x -> column(t, x).map(SourceColumn::name).orElse(x)).toList();
        String refused = cursorProblem(t, c, upsert);
        if (refused != null) return Optional.of(refused);
        Set<String> selected = selectedNames();
        selected.add(t.name());
        Draft d = draft.get().withSelection(allNames(), selected);
        // a lookback window from an opened plan has no field here: it is kept as it was
        DatabaseSpec.Incremental before = d.incremental(t.name());
        draft.set(d.withIncremental(t.name(), new DatabaseSpec.Incremental(c, upsert ? DatabaseSpec.Incremental.Upsert.PRIMARY_KEY
                : DatabaseSpec.Incremental.Upsert.OFF, delete ? DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH
                : DatabaseSpec.Incremental.Delete.OFF, before == null ? null : before.lookback()), selected));
        return Optional.empty();
    }

    private static TableMode mode(Draft d, SourceTable t) {
        TableMode m = d.tableMode(t.name());
        if (m == TableMode.SKIP) return d.tableMode(); // selected by the engine under its display name
        return d.tableModes().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(t.display())) ? d.tableMode(t.display()) : m;
    }

    private List<String> allNames() {
        return rows.get().stream().map(Row::table).toList();
    }

    private Set<String> selectedNames() {
        Set<String> s = new LinkedHashSet<>();
        for (Row r : rows.get()) if (r.selected()) s.add(r.table());
        return s;
    }

    private void applySelection(Set<String> selected) {
        Draft d = draft.get().withSelection(allNames(), selected);
        // a table left out is no longer incremental
        Map<String, DatabaseSpec.Incremental> inc = new LinkedHashMap<>(d.incremental());
        inc.keySet().removeIf(k -> selected.stream().noneMatch(k::equalsIgnoreCase));
        draft.set(inc.size() == d.incremental().size() ? d : d.withIncremental(inc));
    }

    private static boolean tooLong(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length > IdentifierPolicy.MAX_BYTES;
    }

    private static String longName(String name) {
        return "PostgreSQL keeps names of at most " + IdentifierPolicy.MAX_BYTES + " bytes: '" + name + "' would become '"
                + IdentifierPolicy.truncate(name) + "'";
    }
}
