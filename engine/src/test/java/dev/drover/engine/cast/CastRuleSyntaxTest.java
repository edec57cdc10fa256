package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.cast.CastRuleSyntax.SyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CastRuleSyntaxTest {

    private static CastRule parse(String text) {
        return CastRuleSyntax.parse(text, "user rule 1");
    }

    @Test
    void parsesATypeRuleWithGuardOptionsAndTransform() {
        CastRule r = parse("type int when (< precision 10) to integer drop typemod using zero-dates-to-null");
        assertThat(r.type()).isEqualTo("int");
        assertThat(r.isColumnRule()).isFalse();
        assertThat(r.typemodGuard()).isEqualTo("(< precision 10)");
        assertThat(r.targetType()).isEqualTo("integer");
        assertThat(r.typemod()).isEqualTo(CastRule.Typemod.DROP);
        assertThat(r.transform()).isEqualTo("zero-dates-to-null");
        assertThat(r.origin()).isEqualTo("user rule 1");
        assertThat(r.defaultAction()).isNull();
        assertThat(r.notNull()).isNull();
        assertThat(r.unsigned()).isNull();
        assertThat(r.autoIncrement()).isNull();
    }

    @Test
    void parsesAColumnRule() {
        CastRule r = parse("column users.created to timestamptz drop default");
        assertThat(r.table()).isEqualTo("users");
        assertThat(r.column()).isEqualTo("created");
        assertThat(r.type()).isNull();
        assertThat(r.targetType()).isEqualTo("timestamptz");
        assertThat(r.defaultAction()).isEqualTo(CastRule.DefaultAction.DROP);
        CastRule quoted = parse("column \"Order Lines\".\"Unit \"\"Price\"\"\" to numeric");
        assertThat(quoted.table()).isEqualTo("Order Lines");
        assertThat(quoted.column()).isEqualTo("Unit \"Price\"");
        CastRule schema = parse("column public.users.id to bigint");
        assertThat(schema.table()).isEqualTo("public.users");
        assertThat(schema.column()).isEqualTo("id");
    }

    @Test
    void parsesEveryGuardAndOption() {
        CastRule r = parse("TYPE DateTime when default '0000-00-00 00:00:00' and not null with extra on update current timestamp "
                + "when signed to \"timestamp with time zone\" drop not null keep default keep typemod keep extra "
                + "using pgloader.transforms::zero-dates-to-null");
        assertThat(r.type()).isEqualTo("datetime");
        assertThat(r.whenDefault()).isEqualTo("0000-00-00 00:00:00");
        assertThat(r.whenNotNull()).isTrue();
        assertThat(r.onUpdate()).isTrue();
        assertThat(r.unsigned()).isFalse();
        assertThat(r.targetType()).isEqualTo("timestamp with time zone");
        assertThat(r.notNull()).isEqualTo(CastRule.NotNull.DROP);
        assertThat(r.defaultAction()).isEqualTo(CastRule.DefaultAction.KEEP);
        assertThat(r.typemod()).isEqualTo(CastRule.Typemod.KEEP);
        assertThat(r.transform()).isEqualTo("zero-dates-to-null");
        CastRule ai = parse("type int with extra auto_increment when unsigned to bigint identity set not null");
        assertThat(ai.autoIncrement()).isTrue();
        assertThat(ai.unsigned()).isTrue();
        assertThat(ai.identity()).isTrue();
        assertThat(ai.notNull()).isEqualTo(CastRule.NotNull.SET);
        assertThat(parse("type int without extra auto_increment to integer").autoIncrement()).isFalse();
        assertThat(parse("type timestamp without extra on update current_timestamp to timestamp").onUpdate()).isFalse();
    }

    @Test
    void transformOnlyRuleHasNoTarget() {
        CastRule r = parse("type datetime using zero-dates-to-null");
        assertThat(r.targetType()).isNull();
        assertThat(r.transform()).isEqualTo("zero-dates-to-null");
    }

    @Test
    void typeRuleWithOptionsButNoTargetKeepsTheSourceTypeName() {
        CastRule r = parse("type date drop not null using zero-dates-to-null");
        assertThat(r.targetType()).isEqualTo("date");
        assertThat(r.notNull()).isEqualTo(CastRule.NotNull.DROP);
    }

    @Test
    void modifierWrittenAfterAnUnquotedNameIsPartOfTheType() {
        assertThat(parse("type decimal to numeric(10, 2)").targetType()).isEqualTo("numeric(10,2)");
        assertThat(parse("type varchar to \"varchar(10)\"").targetType()).isEqualTo("varchar(10)");
        assertThat(parse("type \"byte[]\" to bytea").type()).isEqualTo("byte[]");
        assertThat(parse("type \"double precision\" to real").type()).isEqualTo("double precision");
        assertThat(parse("type text to text[]").targetType()).isEqualTo("text[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "type int when (< precision 10) to integer drop typemod using zero-dates-to-null",
            "column users.created to timestamptz drop default",
            "column \"Order Lines\".\"Unit Price\" to \"numeric(10,2)\" set not null",
            "type datetime using zero-dates-to-null",
            "type \"double precision\" to real keep typemod",
            "type int when unsigned with extra auto_increment to bigint identity",
            "type timestamp when default '0000-00-00 ''x''' and not null without extra on update current_timestamp to timestamptz drop default drop not null",
            "type bigint when (and (= precision 20) (not (= scale 1))) when signed to numeric keep default keep not null",
            "type \"*\" to text using sqlite-text",
            "type \"\" to text",
    })
    void formatsBackToTheSameText(String text) {
        CastRule r = parse(text);
        assertThat(CastRuleSyntax.format(r)).isEqualTo(text);
        assertThat(CastRuleSyntax.parse(CastRuleSyntax.format(r), r.origin())).isEqualTo(r);
    }

    @Test
    void everySqliteDefaultRoundTrips() {
        for (CastRule r : SqliteCasts.defaults()) {
            assertThat(CastRuleSyntax.parse(CastRuleSyntax.format(r), r.origin())).as(CastRuleSyntax.format(r)).isEqualTo(r);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "kind int to bigint|a rule starts with 'type' or 'column', not 'kind'|1",
            "type int to double precision|unexpected 'precision': quote type names of several words|20",
            "type int to|expected a target type name after 'to'|12",
            "type int when (< precison 10) to integer|'precison' is not precision, scale or an integer|18",
            "type int when (< precision 10 to integer|missing ')'|15",
            "type int when big to integer|expected 'unsigned', 'signed', 'default' or a (typemod guard) after 'when', not 'big'|15",
            "type int to bigint using no-such-function|unknown transform 'no-such-function'|26",
            "type int to bigint using (lambda (x) x)|Lisp expressions are not supported|26",
            "column users.created drop default|a column rule with options needs a target type|34",
            "column users to text|expected '.' between table and column|14",
            "type int to bigint drop extra|'drop extra' is not supported|20",
            "type int with extra on_update_current_timestamp to bigint|write 'on update current_timestamp'|21",
            "type int to bigint to integer|the rule already has a target type|20",
            "type int to bigint using right-trim extra|nothing may follow the transform name|37",
            "type int to bigint drop everything|expected 'default', 'typemod', 'not null' or 'extra' after 'drop', not 'everything'|25",
            "type date when default 0000-00-00 to date|expected a quoted default value after 'when default'|24",
            "type int and null to bigint|expected 'not' in 'and not null', not 'null'|14",
            "``|expected 'type' or 'column'|1",
    })
    void errorsNameTheProblemAndTheColumn(String text, String problem, int column) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(SyntaxException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("at column " + column)
                .satisfies(e -> assertThat(((SyntaxException) e).column()).isEqualTo(column))
                .satisfies(e -> assertThat(e.getMessage()).contains("\n  " + text + "\n  " + " ".repeat(column - 1) + "^"));
    }
}
