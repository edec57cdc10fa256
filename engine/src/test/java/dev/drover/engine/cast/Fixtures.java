package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.util.List;

/** Small builders for columns, tables and rules, so each test states only what it is about. */
final class Fixtures {
    private Fixtures() {}

    static Col col(String name, String dataType) {
        return new Col(name, dataType);
    }

    static SourceTable table(String name, SourceColumn... columns) {
        return new SourceTable("main", name, List.of(columns), null, null, null, null, -1, null);
    }

    static SourceTable tableWithKey(String name, String key, SourceColumn... columns) {
        return new SourceTable("main", name, List.of(columns), new SourceTable.PrimaryKey("pk", List.of(key)), null, null, null, -1, null);
    }

    /** A type rule with a target; the other parts left open. */
    static CastRule typeRule(String type, String target, String origin) {
        return new CastRule(type, null, null, null, null, null, false, null, null, target, null, null, null, false, null, origin);
    }

    static CastRule rule(String text, String origin) {
        return CastRuleSyntax.parse(text, origin);
    }

    static final class Col {
        private final String name;
        private final String dataType;
        private String fullType;
        private Integer precision;
        private Integer scale;
        private boolean unsigned;
        private boolean nullable = true;
        private String defaultValue;
        private boolean autoIncrement;
        private boolean onUpdate;

        Col(String name, String dataType) {
            this.name = name;
            this.dataType = dataType;
        }

        Col full(String t) { fullType = t; return this; }
        Col typemod(Integer p) { precision = p; return this; }
        Col typemod(Integer p, Integer s) { precision = p; scale = s; return this; }
        Col unsigned() { unsigned = true; return this; }
        Col notNull() { nullable = false; return this; }
        Col defaultValue(String d) { defaultValue = d; return this; }
        Col autoIncrement() { autoIncrement = true; return this; }
        Col onUpdate() { onUpdate = true; return this; }

        SourceColumn build() {
            return new SourceColumn(name, 1, dataType, fullType, precision, scale, unsigned, nullable, defaultValue,
                    autoIncrement, onUpdate, null, null, null);
        }
    }
}
