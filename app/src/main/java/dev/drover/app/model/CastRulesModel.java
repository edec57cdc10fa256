package dev.drover.app.model;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRuleSyntax;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.target.TableRef;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Cast rules page: (a) the user's rules, edited through {@link CastRuleSyntax} (pgloader's syntax), then the
 * source's default rules, read-only; (b) the column grid, every column of every selected table with the engine's
 * decision for it; (c) the DDL those decisions give. The grid and the DDL are recomputed by the engine's own code
 * after every change of the draft, so an edit shows at once and nothing needs a "refresh". Rule edits can be undone
 * and redone.
 */
public final class CastRulesModel implements AutoCloseable {
    /**
     * A rule as listed.
     *
     * @param position 1-based place in its list (user rules are tried first, in this order)
     * @param text     the rule in pgloader's syntax
     * @param origin   {@code user rule 2}, {@code sqlite default 9}: what the grid's "rule" column names
     * @param editable user rules are; the source's defaults are shown for reference only
     */
    public record RuleRow(int position, String text, String origin, boolean editable) {}

    /** Why a rule was refused, with the 1-based column of the rule text where it stops making sense (0: the whole rule). */
    public record RuleProblem(String message, int column) {}

    /** A source column: {@code schema} and {@code table} as the source names them. */
    public record ColumnKey(String schema, String table, String column) {
        @Override
        public String toString() {
            return table + "." + column;
        }
    }

    /**
     * One column's decision.
     *
     * @param targetTable  {@code schema.name} in PostgreSQL
     * @param rule         which rule decided: {@code user rule 1}, {@code sqlite default 12}, {@code no rule: type kept}
     * @param ruleText     that rule's text, or null when no rule decided
     * @param why          the engine's sentence: what matched and how
     * @param transform    the value conversion, or null
     * @param defaultSql   the target default, or null
     * @param warnings     narrowing or lossy aspects of the cast, each a sentence
     * @param selected     ticked for a bulk change
     */
    public record GridRow(ColumnKey key, String sourceType, String rule, String ruleText, String why, String targetTable,
                          String targetColumn, String targetType, String transform, String defaultSql, boolean nullable,
                          boolean identity, List<String> warnings, boolean selected) {
        /** Narrowing, lossy or unchecked: the grid flags it with an icon and a word, not by colour alone. */
        public boolean flagged() {
            return !warnings.isEmpty();
        }
    }

    /** A type name, optionally with a modifier and array brackets, that needs no quotes in a rule. */
    private static final Pattern PLAIN_TYPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\[\\])?");
    private static final int UNDO_DEPTH = 200;

    private final OpenedSource source;
    private final Observable<Draft> draft;
    private final Observable.Subscription subscription;
    private final List<String> typeDefinitions;
    private final List<RuleRow> defaultRules;
    private final Observable<List<RuleRow>> userRules = new Observable<>(List.of());
    private final Observable<List<GridRow>> grid = new Observable<>(List.of());
    private final Observable<String> ddl = new Observable<>("");
    private final Observable<String> problem = new Observable<>(null);
    private final Observable<Boolean> canUndo = new Observable<>(false);
    private final Observable<Boolean> canRedo = new Observable<>(false);
    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final Deque<List<String>> redo = new ArrayDeque<>();
    private final Set<ColumnKey> selected = new LinkedHashSet<>();
    /** The rules as this model last set them: a different list in the draft comes from elsewhere (a plan loaded). */
    private List<String> lastSet;

    public CastRulesModel(OpenedSource source, Observable<Draft> draft) {
        this.source = source;
        this.draft = draft;
        List<String> types;
        try {
            types = source.source().typeDefinitions();
        } catch (SQLException e) {
            types = List.of("-- cannot read the source's type definitions: " + e.getMessage());
        }
        this.typeDefinitions = types;
        List<RuleRow> defaults = new ArrayList<>();
        List<CastRule> rules = source.defaultRules();
        for (int i = 0; i < rules.size(); i++) {
            defaults.add(new RuleRow(i + 1, CastRuleSyntax.format(rules.get(i)), rules.get(i).origin(), false));
        }
        this.defaultRules = List.copyOf(defaults);
        this.lastSet = draft.get().casts();
        this.subscription = draft.observe(d -> refresh());
    }

    /** The user's rules, tried in this order before the defaults. */
    public Observable<List<RuleRow>> userRules() {
        return userRules;
    }

    /** The source's default rules, in the order they are tried after the user's. */
    public List<RuleRow> defaultRules() {
        return defaultRules;
    }

    public Observable<List<GridRow>> grid() {
        return grid;
    }

    /** CREATE TYPE and CREATE TABLE statements of the selected tables, as the run will issue them. */
    public Observable<String> ddl() {
        return ddl;
    }

    /** Why the engine refuses the rules or names as they are (its own sentence), or null. */
    public Observable<String> problem() {
        return problem;
    }

    public Observable<Boolean> canUndo() {
        return canUndo;
    }

    public Observable<Boolean> canRedo() {
        return canRedo;
    }

    /**
     * Checks a rule as the run will: its syntax, its transform's name and its typemod guard.
     *
     * @param position the 1-based place it would take among the user's rules (for the origin in messages)
     */
    public Optional<RuleProblem> validate(String text, int position) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) return Optional.of(new RuleProblem("write a rule, e.g. 'type int to bigint' or 'column orders.total to numeric(12,2)'", 0));
        CastRule rule;
        try {
            rule = CastRuleSyntax.parse(t, "user rule " + position);
        } catch (CastRuleSyntax.SyntaxException e) {
            return Optional.of(new RuleProblem(e.getMessage(), e.column()));
        } catch (IllegalArgumentException e) {
            return Optional.of(new RuleProblem(e.getMessage(), 0));
        }
        try {
            new CastRules(List.of(rule), List.of());
        } catch (IllegalArgumentException e) {
            return Optional.of(new RuleProblem(e.getMessage(), 0));
        }
        return Optional.empty();
    }

    /** Adds a rule at the end of the user's rules, if it is valid. */
    public Optional<RuleProblem> add(String text) {
        List<String> rules = new ArrayList<>(draft.get().casts());
        Optional<RuleProblem> p = validate(text, rules.size() + 1);
        if (p.isPresent()) return p;
        rules.add(text.strip());
        apply(rules);
        return Optional.empty();
    }

    /** Replaces the rule at {@code index} (0-based), if the new text is valid. */
    public Optional<RuleProblem> edit(int index, String text) {
        List<String> rules = new ArrayList<>(draft.get().casts());
        Optional<RuleProblem> p = validate(text, index + 1);
        if (p.isPresent()) return p;
        rules.set(index, text.strip());
        apply(rules);
        return Optional.empty();
    }

    public void delete(int index) {
        List<String> rules = new ArrayList<>(draft.get().casts());
        rules.remove(index);
        apply(rules);
    }

    /** Moves a rule one place earlier, so it is tried sooner; false at the top. */
    public boolean moveUp(int index) {
        return swap(index, index - 1);
    }

    /** Moves a rule one place later; false at the bottom. */
    public boolean moveDown(int index) {
        return swap(index, index + 1);
    }

    /**
     * Sets one column's target type (the grid's cell edit): a {@code column table.col to TYPE} rule, placed after the
     * other column rules and before the type rules so that it decides; a column rule the user has for this column
     * already gets the new type and keeps its other clauses.
     */
    public Optional<RuleProblem> setTargetType(ColumnKey column, String type) {
        return setTargetType(List.of(column), type);
    }

    /** The bulk change: every ticked column to {@code type}, as one edit (one undo). */
    public Optional<RuleProblem> setTargetTypeForSelected(String type) {
        if (selected.isEmpty()) return Optional.of(new RuleProblem("tick the columns to change first", 0));
        return setTargetType(List.copyOf(selected), type);
    }

    /** Sets {@code type} for each column, as one edit. */
    public Optional<RuleProblem> setTargetType(Collection<ColumnKey> columns, String type) {
        String t = type == null ? "" : type.strip();
        if (t.isEmpty()) return Optional.of(new RuleProblem("write a PostgreSQL type, e.g. numeric(12,2) or text", 0));
        List<String> rules = new ArrayList<>(draft.get().casts());
        for (ColumnKey c : columns) {
            String table = ruleTable(c);
            int existing = -1;
            CastRule old = null;
            for (int i = 0; i < rules.size(); i++) {
                CastRule r = parseOrNull(rules.get(i), i + 1);
                if (r != null && r.isColumnRule() && r.table().equalsIgnoreCase(table) && r.column().equalsIgnoreCase(c.column())) {
                    existing = i;
                    old = r;
                    break;
                }
            }
            CastRule next = old != null
                    ? new CastRule(null, old.table(), old.column(), null, null, null, false, null, null, t, old.typemod(),
                            old.defaultAction(), old.notNull(), old.identity(), old.transform(), old.origin())
                    : new CastRule(null, table, c.column(), null, null, null, false, null, null, t, null, null, null, false,
                            null, "user rule");
            String text = ruleText(next);
            Optional<RuleProblem> p = validate(text, existing >= 0 ? existing + 1 : rules.size() + 1);
            if (p.isPresent()) return p;
            if (existing >= 0) {
                rules.set(existing, text);
            } else {
                int at = 0;
                while (at < rules.size() && isColumnRule(rules.get(at), at + 1)) at++;
                rules.add(at, text);
            }
        }
        apply(rules);
        return Optional.empty();
    }

    /** Ticks or unticks a column for a bulk change. */
    public void select(ColumnKey column, boolean on) {
        if (on ? selected.add(column) : selected.remove(column)) grid.set(withSelection(grid.get()));
    }

    /** Ticks every column of the grid, or none. */
    public void selectAll(boolean on) {
        selected.clear();
        if (on) grid.get().forEach(r -> selected.add(r.key()));
        grid.set(withSelection(grid.get()));
    }

    public List<ColumnKey> selectedColumns() {
        return List.copyOf(selected);
    }

    /** Takes back the last rule edit; false when there is none. */
    public boolean undo() {
        if (undo.isEmpty()) return false;
        redo.push(draft.get().casts());
        set(undo.pop());
        return true;
    }

    /** Does again the last edit taken back; false when there is none. */
    public boolean redo() {
        if (redo.isEmpty()) return false;
        undo.push(draft.get().casts());
        set(redo.pop());
        return true;
    }

    @Override
    public void close() {
        subscription.close();
    }

    private boolean swap(int i, int j) {
        List<String> rules = new ArrayList<>(draft.get().casts());
        if (i < 0 || j < 0 || i >= rules.size() || j >= rules.size()) return false;
        rules.set(i, rules.set(j, rules.get(i)));
        apply(rules);
        return true;
    }

    /** A new edit: the rules before it can be restored, anything undone before is gone. */
    private void apply(List<String> rules) {
        List<String> before = draft.get().casts();
        if (before.equals(rules)) return;
        undo.push(before);
        while (undo.size() > UNDO_DEPTH) undo.removeLast();
        redo.clear();
        set(rules);
    }

    private void set(List<String> rules) {
        lastSet = List.copyOf(rules);
        draft.set(draft.get().withCasts(rules));
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    private void refresh() {
        Draft d = draft.get();
        if (!d.casts().equals(lastSet)) {
            // the rules were replaced from elsewhere (a plan opened): earlier edits no longer apply to them
            undo.clear();
            redo.clear();
            lastSet = d.casts();
            canUndo.set(false);
            canRedo.set(false);
        }
        List<RuleRow> users = new ArrayList<>();
        Map<String, String> textByOrigin = new LinkedHashMap<>();
        for (int i = 0; i < d.casts().size(); i++) {
            users.add(new RuleRow(i + 1, d.casts().get(i), "user rule " + (i + 1), true));
            textByOrigin.put("user rule " + (i + 1), d.casts().get(i));
        }
        for (RuleRow r : defaultRules) textByOrigin.put(r.origin(), r.text());
        userRules.set(List.copyOf(users));

        Preview p = source.preview(d);
        List<GridRow> rows = new ArrayList<>();
        Set<ColumnKey> present = new LinkedHashSet<>();
        for (Map.Entry<SourceTable, List<ColumnCast>> e : p.tables().entrySet()) {
            SourceTable t = e.getKey();
            TableRef target = p.target(t);
            for (ColumnCast c : e.getValue()) {
                ColumnKey key = new ColumnKey(t.schema(), t.name(), c.source().name());
                present.add(key);
                rows.add(new GridRow(key, CastRules.sourceType(c.source()), c.rule(), textByOrigin.get(c.rule()), c.why(),
                        target.display(), c.targetName(), c.targetType(), c.transform(), c.defaultSql(), !c.notNull(),
                        c.identity(), c.warnings(), selected.contains(key)));
            }
        }
        selected.retainAll(present);
        grid.set(List.copyOf(rows));
        ddl.set(p.tablesDdl(typeDefinitions));
        problem.set(p.problem());
    }

    private List<GridRow> withSelection(List<GridRow> rows) {
        return rows.stream().map(r -> r.selected() == selected.contains(r.key()) ? r
                : new GridRow(r.key(), r.sourceType(), r.rule(), r.ruleText(), r.why(), r.targetTable(), r.targetColumn(),
                        r.targetType(), r.transform(), r.defaultSql(), r.nullable(), r.identity(), r.warnings(),
                        selected.contains(r.key()))).toList();
    }

    /** How a column rule names the table: its name, or {@code schema.name} when another schema has one of that name. */
    private String ruleTable(ColumnKey c) {
        long same = source.catalog().tables().stream().filter(t -> t.name().equalsIgnoreCase(c.table())).count();
        return same > 1 && c.schema() != null ? c.schema() + "." + c.table() : c.table();
    }

    /** The rule as a person would write it ({@code to numeric(12,2)}), falling back to the engine's quoted form. */
    static String ruleText(CastRule r) {
        String formal = CastRuleSyntax.format(r);
        String type = r.targetType();
        if (type != null && PLAIN_TYPE.matcher(type).matches()) {
            String plain = formal.replace(" to \"" + type + "\"", " to " + type);
            try {
                if (CastRuleSyntax.parse(plain, r.origin()).equals(CastRuleSyntax.parse(formal, r.origin()))) return plain;
            } catch (IllegalArgumentException e) {
                // the quoted form always reads back
            }
        }
        return formal;
    }

    private static CastRule parseOrNull(String text, int position) {
        try {
            return CastRuleSyntax.parse(text, "user rule " + position);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isColumnRule(String text, int position) {
        CastRule r = parseOrNull(text, position);
        return r != null && r.isColumnRule();
    }
}
