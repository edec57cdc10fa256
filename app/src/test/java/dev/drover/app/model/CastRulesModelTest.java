package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.model.CastRulesModel.ColumnKey;
import dev.drover.app.model.CastRulesModel.GridRow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CastRulesModelTest {
    @TempDir Path dir;
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    OpenedSource source;
    CastRulesModel rules;

    @BeforeEach
    void open() throws Exception {
        source = Shop.open(dir, draft);
        rules = new CastRulesModel(source, draft);
    }

    @AfterEach
    void close() throws Exception {
        rules.close();
        source.close();
    }

    static ColumnKey col(String table, String column) {
        return new ColumnKey("main", table, column);
    }

    @Test
    void theGridShowsEveryColumnOfTheSelectedTablesWithTheRuleThatDecided() {
        assertThat(rules.grid().get()).hasSize(8 + 8 + 6 + 7);
        GridRow total = cell("orders", "total");
        assertThat(total.sourceType()).isEqualToIgnoringCase("decimal(10,2)");
        assertThat(total.targetType()).isEqualTo("numeric(10,2)");
        assertThat(total.rule()).startsWith("sqlite default");
        assertThat(total.ruleText()).contains("to numeric");
        assertThat(total.nullable()).isTrue();
        assertThat(total.targetTable()).isEqualTo("public.orders");
        GridRow name = cell("customers", "name");
        assertThat(name.nullable()).isFalse();
        GridRow country = cell("customers", "country");
        assertThat(country.defaultSql()).isEqualTo("'FR'");
        assertThat(rules.ddl().get()).contains("CREATE TABLE \"public\".\"orders\"").contains("\"total\" numeric(10,2)");
        assertThat(rules.defaultRules()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.editable()).isFalse();
            assertThat(r.origin()).startsWith("sqlite default ");
        });
    }

    @Test
    void aRuleEditChangesTheGridAndTheDdlAtOnce() {
        List<String> ddlSeen = new java.util.ArrayList<>();
        rules.ddl().subscribe(ddlSeen::add);
        assertThat(rules.add("column orders.total to numeric(12,2)")).isEmpty();
        GridRow total = cell("orders", "total");
        assertThat(total.targetType()).isEqualTo("numeric(12,2)");
        assertThat(total.rule()).isEqualTo("user rule 1");
        assertThat(total.ruleText()).isEqualTo("column orders.total to numeric(12,2)");
        assertThat(rules.ddl().get()).contains("\"total\" numeric(12,2)").doesNotContain("\"total\" numeric(10,2)");
        assertThat(ddlSeen).hasSize(1);
        assertThat(cell("order_lines", "unit_price").targetType()).as("other columns keep theirs").isEqualTo("numeric(10,2)");
    }

    @Test
    void badRulesAreRefusedWithWhereTheyGoWrong() {
        var p = rules.add("type int too bigint");
        assertThat(p).isPresent();
        assertThat(p.get().column()).isEqualTo(10);
        assertThat(p.get().message()).contains("at column 10").contains("^");
        var transform = rules.add("type text to text using no-such-transform");
        assertThat(transform).get().extracting(CastRulesModel.RuleProblem::message).asString().contains("unknown transform 'no-such-transform'");
        assertThat(rules.add("  ")).isPresent();
        assertThat(draft.get().casts()).isEmpty();
    }

    @Test
    void rulesAreEditedMovedDeletedAndOrderDecides() {
        rules.add("type decimal to real");
        rules.add("type decimal to text");
        assertThat(cell("orders", "total").targetType()).isEqualTo("real");
        assertThat(rules.moveDown(0)).isTrue();
        assertThat(cell("orders", "total").targetType()).isEqualTo("text");
        assertThat(rules.moveDown(1)).isFalse();
        assertThat(rules.moveUp(0)).isFalse();
        assertThat(rules.edit(0, "type decimal to \"double precision\"")).isEmpty();
        assertThat(cell("orders", "total").targetType()).isEqualTo("double precision");
        assertThat(cell("orders", "total").flagged()).as("double precision can lose digits of a decimal").isTrue();
        assertThat(rules.edit(0, "type decimal to")).isPresent();
        rules.delete(0);
        assertThat(rules.userRules().get()).extracting(CastRulesModel.RuleRow::text).containsExactly("type decimal to real");
        assertThat(cell("orders", "total").targetType()).isEqualTo("real");
    }

    @Test
    void editingACellWritesAColumnRuleThatWinsOverTypeRules() {
        rules.add("type decimal to real");
        assertThat(rules.setTargetType(col("orders", "total"), "numeric(14,4)")).isEmpty();
        assertThat(draft.get().casts()).containsExactly("column orders.total to numeric(14,4)", "type decimal to real");
        assertThat(cell("orders", "total").targetType()).isEqualTo("numeric(14,4)");
        // editing it again changes that rule, not a new one
        rules.setTargetType(col("orders", "total"), "double precision");
        assertThat(draft.get().casts()).containsExactly("column orders.total to \"double precision\"", "type decimal to real");
        assertThat(cell("orders", "total").targetType()).isEqualTo("double precision");
    }

    @Test
    void bulkSetChangesEveryTickedColumnAsOneUndoableEdit() {
        rules.select(col("customers", "email"), true);
        rules.select(col("customers", "name"), true);
        rules.select(col("products", "name"), true);
        assertThat(rules.grid().get()).filteredOn(GridRow::selected).hasSize(3);
        assertThat(rules.setTargetTypeForSelected("varchar(200)")).isEmpty();
        assertThat(cell("customers", "email").targetType()).isEqualTo("varchar(200)");
        assertThat(cell("customers", "name").targetType()).isEqualTo("varchar(200)");
        assertThat(cell("products", "name").targetType()).isEqualTo("varchar(200)");
        assertThat(cell("products", "sku").targetType()).isEqualTo("text");
        assertThat(draft.get().casts()).hasSize(3);
        assertThat(rules.canUndo().get()).isTrue();
        assertThat(rules.undo()).isTrue();
        assertThat(draft.get().casts()).isEmpty();
        assertThat(cell("customers", "email").targetType()).isEqualTo("text");
        assertThat(rules.canRedo().get()).isTrue();
        assertThat(rules.redo()).isTrue();
        assertThat(draft.get().casts()).hasSize(3);
        assertThat(rules.redo()).isFalse();
        rules.selectAll(false);
        assertThat(rules.setTargetTypeForSelected("text")).isPresent();
    }

    @Test
    void undoIsForgottenWhenTheRulesAreReplacedFromElsewhere() {
        rules.add("type decimal to real");
        draft.set(draft.get().withCasts(List.of("type date to text")));
        assertThat(rules.canUndo().get()).isFalse();
        assertThat(rules.undo()).isFalse();
        assertThat(rules.userRules().get()).extracting(CastRulesModel.RuleRow::text).containsExactly("type date to text");
    }

    @Test
    void aRuleThatTheEngineRefusesIsShownNotThrown() {
        draft.set(draft.get().withCasts(List.of("type text to text using nope")));
        assertThat(rules.problem().get()).contains("nope");
        assertThat(rules.grid().get()).isEmpty();
        assertThat(rules.ddl().get()).startsWith("-- ");
    }

    private GridRow cell(String table, String column) {
        return rules.grid().get().stream().filter(r -> r.key().table().equals(table) && r.key().column().equals(column))
                .findFirst().orElseThrow();
    }
}
