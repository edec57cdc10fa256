package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainTest {

    private static SourceColumn sqlite(String name, String declared, boolean autoIncrement, String defaultValue) {
        SqliteCasts.Declared d = SqliteCasts.normalize(declared);
        return new SourceColumn(name, 1, d.dataType(), declared, d.precision(), d.scale(), false, !autoIncrement,
                defaultValue, autoIncrement, false, null, null, null);
    }

    @Test
    void listsEveryColumnWithItsRuleTargetTransformAndWarningsThenTheReasons() {
        SourceTable t = new SourceTable("main", "users",
                List.of(sqlite("id", "INTEGER", true, null), sqlite("name", "VARCHAR(40)", false, "'anon'"),
                        sqlite("score", "TINYINT", false, "0")),
                new SourceTable.PrimaryKey("pk", List.of("id")), null, null, null, -1, null);
        List<ColumnCast> casts = SqliteCasts.castRules(List.of()).resolve(t);
        String text = Explain.table(t, casts);
        List<String> lines = text.lines().toList();

        assertThat(lines.get(0)).isEqualTo("table main.users");
        assertThat(lines.get(1)).startsWith("column").contains("source type", "rule", "target type", "transform", "warnings");
        assertThat(lines.get(2)).matches("[- ]+");
        assertThat(lines.get(3)).startsWith("id ").contains("INTEGER", "sqlite default 1", "bigint identity not null", "sqlite-integer");
        assertThat(lines.get(4)).startsWith("name ").contains("VARCHAR(40)", "text default 'anon'", "does not enforce the length");
        assertThat(lines.get(5)).startsWith("score ").contains("smallint default 0", "outside smallint's range");
        // Columns line up: every row has its rule where the header says "rule".
        int ruleColumn = lines.get(1).indexOf("rule");
        for (int i = 3; i <= 5; i++) assertThat(lines.get(i).substring(ruleColumn)).startsWith("sqlite default ");
        assertThat(text).contains("  id: " + casts.get(0).why(), "  score: " + casts.get(2).why());
    }

    @Test
    void showsDashesForNoTransformAndNoWarnings() {
        SourceColumn c = new SourceColumn("n", 1, "int", "int", null, null, false, true, null, false, false, null, null, null);
        SourceTable t = new SourceTable(null, "t", List.of(c), null, null, null, null, -1, null);
        List<ColumnCast> casts = new CastRules(List.of(), List.of(Fixtures.typeRule("int", "integer", "mysql default 3"))).resolve(t);
        String row = Explain.table(t, casts).lines().toList().get(3);
        assertThat(row).isEqualTo("n       int          mysql default 3  integer      -          -");
    }
}
