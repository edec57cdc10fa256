package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceTable;
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
 * named after the first such column ({@code <table>_<column>}).
 */
final class EnumTypes {
    private final String schema;
    private final IdentifierPolicy names;
    private final Map<List<String>, String> byLabels = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();

    EnumTypes(String schema, IdentifierPolicy names) {
        this.schema = schema;
        this.names = names;
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
            String type = byLabels.computeIfAbsent(c.source().labels(), labels -> unique(names.apply(table.name() + "_" + c.source().name())));
            String sql = TableRef.quote(schema) + "." + TableRef.quote(type) + (array ? "[]" : "");
            out.add(c.withTargetType(sql));
        }
        return out;
    }

    private String unique(String name) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) n = name + "_" + i;
        return n;
    }

    /** The CREATE TYPE statements, in the order the types were first used; with {@code drop}, each is dropped first. */
    List<String> statements(boolean drop) {
        List<String> out = new ArrayList<>();
        for (var e : byLabels.entrySet()) {
            String type = TableRef.quote(schema) + "." + TableRef.quote(e.getValue());
            if (drop) out.add("DROP TYPE IF EXISTS " + type + " CASCADE");
            out.add("CREATE TYPE " + type + " AS ENUM ("
                    + e.getKey().stream().map(l -> "'" + l.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")");
        }
        return out;
    }
}
