package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.target.IdentifierPolicy;
import dev.drover.engine.target.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the target type {@code enum} (and {@code enum[]}, for MySQL sets) into real PostgreSQL enum types made from
 * each column's labels: one type per distinct label list, shared by every column that has exactly those labels,
 * named after the first such column as pgloader names it (reference §9.9): {@code <table>_<column>_t}, or when a type
 * or table of the schema has that name, {@code <table>_<column>_enum}, then {@code enum_<table>_<column>}; where
 * pgloader fails because all three are taken, Drover numbers the first ({@code <table>_<column>_t_2}). The names
 * follow the run's identifier policy. With {@link DatabaseSpec.Enums#TEXT_CHECK}, into {@code text} (a set:
 * {@code text[]}) with a CHECK that holds the value to the labels instead, and no type.
 */
final class EnumTypes {
    private final String schema;
    private final IdentifierPolicy names;
    private final DatabaseSpec.Enums style;
    private final Map<List<String>, String> byLabels = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();

    EnumTypes(String schema, IdentifierPolicy names) {
        this(schema, names, DatabaseSpec.Enums.TYPE);
    }

    EnumTypes(String schema, IdentifierPolicy names, DatabaseSpec.Enums style) {
        this.schema = schema;
        this.names = names;
        this.style = style;
    }

    /**
     * Names the run's tables have in the enum types' schema, as the target names them: PostgreSQL gives every table
     * a type of its name, so an enum type cannot take one.
     */
    void reserve(java.util.Collection<String> relationNames) {
        taken.addAll(relationNames);
    }

    /** The casts with {@code enum} targets replaced by their type, as SQL. */
    List<ColumnCast> resolve(SourceTable table, List<ColumnCast> casts) {
        List<ColumnCast> out = new ArrayList<>(casts.size());
        for (ColumnCast c : casts) {
            String t = c.targetType();
            boolean array = t.equals("enum[]");
            if (!array && !t.equals("enum")) {
                out.add(c);
                continue;
            }
            if (c.source().labels().isEmpty()) {
                throw new IllegalArgumentException("column " + table.display() + "." + c.source().name()
                        + " is cast to enum but the source gives no labels: cast it to text");
            }
            if (style == DatabaseSpec.Enums.TEXT_CHECK) {
                out.add(textWithCheck(c, array));
                continue;
            }
            String type = byLabels.computeIfAbsent(c.source().labels(), labels -> typeName(table.name() + "_" + c.source().name()));
            String sql = TableRef.quote(schema) + "." + TableRef.quote(type) + (array ? "[]" : "");
            out.add(c.withTargetType(sql));
        }
        return out;
    }

    /**
     * {@code text} holding one label ({@code col IN (...)}), or {@code text[]} whose every element is one
     * ({@code col <@ ARRAY[...]}); NULL passes both, as it passes an enum type.
     */
    private static ColumnCast textWithCheck(ColumnCast c, boolean array) {
        String labels = labels(c.source().labels());
        String col = TableRef.quote(c.targetName());
        String check = array ? col + " <@ ARRAY[" + labels + "]::text[]" : col + " IN (" + labels + ")";
        List<String> warnings = new ArrayList<>(c.warnings());
        warnings.removeIf(w -> w.startsWith("a PostgreSQL enum type is created"));
        warnings.add((array ? "text[] whose elements must each be one of the labels (" : "text that must be one of the labels (")
                + String.join(", ", c.source().labels()) + "), by a CHECK; no enum type is created");
        return c.withTargetType(array ? "text[]" : "text").withCheckSql(check).withWarnings(warnings);
    }

    private static String labels(List<String> labels) {
        return labels.stream().map(l -> "'" + l.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }

    /** pgloader's three names for {@code <table>_<column>} in turn, the first one free; else the first, numbered. */
    private String typeName(String tableColumn) {
        List<String> candidates = List.of(names.apply(tableColumn + "_t"), names.apply(tableColumn + "_enum"), names.apply("enum_" + tableColumn));
        for (String n : candidates) {
            if (taken.add(n)) return n;
        }
        String first = candidates.get(0);
        String n = first;
        for (int i = 2; !taken.add(n); i++) n = first + "_" + i;
        return n;
    }

    /** The CREATE TYPE statements, in the order the types were first used; with {@code drop}, each is dropped first. */
    List<String> statements(boolean drop) {
        List<String> out = new ArrayList<>();
        for (var e : byLabels.entrySet()) {
            String type = TableRef.quote(schema) + "." + TableRef.quote(e.getValue());
            if (drop) out.add("DROP TYPE IF EXISTS " + type + " CASCADE");
            out.add("CREATE TYPE " + type + " AS ENUM (" + labels(e.getKey()) + ")");
        }
        return out;
    }
}
