package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceTable;
import java.util.ArrayList;
import java.util.List;

/** The column casts of a table as plain text, for {@code drover explain}: one row per column, then the reasons. */
public final class Explain {
    private Explain() {}

    private static final List<String> HEADERS = List.of("column", "source type", "rule", "target type", "transform", "warnings");

    public static String table(SourceTable table, List<ColumnCast> casts) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (ColumnCast c : casts) {
            rows.add(List.of(c.source().name(), CastRules.sourceType(c.source()), c.rule(), target(c),
                    c.transform() == null ? "-" : c.transform(), c.warnings().isEmpty() ? "-" : String.join("; ", c.warnings())));
        }
        int[] width = new int[HEADERS.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        }
        StringBuilder out = new StringBuilder("table ").append(table.display()).append('\n');
        for (int n = 0; n < rows.size(); n++) {
            line(out, rows.get(n), width);
            if (n == 0) {
                List<String> rule = new ArrayList<>();
                for (int w : width) rule.add("-".repeat(w));
                line(out, rule, width);
            }
        }
        out.append('\n');
        for (ColumnCast c : casts) out.append("  ").append(c.source().name()).append(": ").append(c.why()).append('\n');
        return out.toString();
    }

    /** The target column as DDL would read it, minus the name. */
    static String target(ColumnCast c) {
        StringBuilder s = new StringBuilder(c.serial() ? c.serialType() : c.targetType());
        if (c.identity() && !c.serial()) s.append(c.identityAlways() ? " identity always" : " identity");
        if (c.generatedSql() != null) s.append(" generated always as (").append(c.generatedSql()).append(") stored");
        if (c.notNull()) s.append(" not null");
        if (c.defaultSql() != null) s.append(" default ").append(c.defaultSql());
        if (c.checkSql() != null) s.append(" check (").append(c.checkSql()).append(')');
        return s.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) l.append("  ");
            l.append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length()));
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
