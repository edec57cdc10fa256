package dev.drover.engine.cast;

import static dev.drover.engine.cast.Fixtures.col;
import static dev.drover.engine.cast.Fixtures.rule;
import static dev.drover.engine.cast.Fixtures.table;
import static dev.drover.engine.cast.Fixtures.typeRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.catalog.SourceColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class CastRulesTest {

    private static ColumnCast cast(List<CastRule> user, List<CastRule> defaults, SourceColumn c) {
        return new CastRules(user, defaults).resolve(table("t", c), c);
    }

    private static ColumnCast cast(List<CastRule> defaults, SourceColumn c) {
        return cast(List.of(), defaults, c);
    }

    @Test
    void userRulesComeBeforeDefaults() {
        SourceColumn c = col("a", "int").build();
        ColumnCast out = cast(List.of(typeRule("int", "bigint", "user rule 1")), List.of(typeRule("int", "integer", "d 1")), c);
        assertThat(out.targetType()).isEqualTo("bigint");
        assertThat(out.rule()).isEqualTo("user rule 1");
    }

    @Test
    void firstMatchingRuleWithATargetDecides() {
        SourceColumn c = col("a", "int").build();
        ColumnCast out = cast(List.of(typeRule("varchar", "text", "d 1"), typeRule("int", "integer", "d 2"),
                typeRule("int", "bigint", "d 3")), c);
        assertThat(out.rule()).isEqualTo("d 2");
        assertThat(out.targetType()).isEqualTo("integer");
    }

    @Test
    void typeMatchIsCaseInsensitiveAndStarMatchesAnyType() {
        assertThat(cast(List.of(typeRule("INT", "integer", "d 1")), col("a", "int").build()).rule()).isEqualTo("d 1");
        assertThat(cast(List.of(typeRule("*", "text", "d 9")), col("a", "geometry").build()).targetType()).isEqualTo("text");
    }

    @Test
    void transformOnlyRuleLendsItsTransformToTheWinner() {
        SourceColumn c = col("d", "datetime").build();
        List<CastRule> user = List.of(rule("type datetime using zero-dates-to-null", "user rule 1"),
                rule("type datetime using right-trim", "user rule 2"));
        ColumnCast out = cast(user, List.of(typeRule("datetime", "timestamp", "d 1")), c);
        assertThat(out.targetType()).isEqualTo("timestamp");
        assertThat(out.rule()).isEqualTo("d 1");
        assertThat(out.transform()).isEqualTo("zero-dates-to-null");
        assertThat(out.why()).contains("zero-dates-to-null (from user rule 1)");
    }

    @Test
    void winnersOwnTransformBeatsTheLentOne() {
        SourceColumn c = col("d", "datetime").build();
        List<CastRule> user = List.of(rule("type datetime using zero-dates-to-null", "user rule 1"),
                rule("type datetime to timestamptz using right-trim", "user rule 2"));
        assertThat(cast(user, List.of(), c).transform()).isEqualTo("right-trim");
    }

    @Test
    void lentTransformSurvivesWhenNoRuleHasATarget() {
        ColumnCast out = cast(List.of(rule("type geometry using right-trim", "user rule 1")), List.of(), col("g", "geometry").full("geometry").build());
        assertThat(out.rule()).isEqualTo(CastRules.NO_RULE);
        assertThat(out.transform()).isEqualTo("right-trim");
    }

    @Test
    void columnRuleMatchesTableAndColumnCaseInsensitivelyAndIgnoresGuards() {
        SourceColumn c = col("Created", "datetime").build();
        CastRule r = rule("column USERS.created when unsigned to timestamptz drop default", "user rule 1");
        CastRules rules = new CastRules(List.of(r), List.of(typeRule("*", "text", "d 1")));
        assertThat(rules.resolve(table("users", c), c).targetType()).isEqualTo("timestamptz");
        assertThat(rules.resolve(table("orders", c), c).targetType()).isEqualTo("text");
        SourceColumn other = col("updated", "datetime").build();
        assertThat(rules.resolve(table("users", other), other).targetType()).isEqualTo("text");
    }

    @Test
    void typemodGuardNeedsATypemodAndATrueExpression() {
        List<CastRule> rules = List.of(rule("type int when (< precision 10) to integer", "d 1"), typeRule("int", "bigint", "d 2"));
        assertThat(cast(rules, col("a", "int").typemod(9).build()).targetType()).isEqualTo("integer");
        assertThat(cast(rules, col("a", "int").typemod(11).build()).targetType()).isEqualTo("bigint");
        assertThat(cast(rules, col("a", "int").build()).targetType()).as("no typemod never matches a guard").isEqualTo("bigint");
    }

    @Test
    void typemodGuardSeesScaleZeroWhenOnlyPrecisionIsGiven() {
        List<CastRule> rules = List.of(rule("type numeric when (= scale 0) to bigint", "d 1"), typeRule("numeric", "numeric", "d 2"));
        assertThat(cast(rules, col("n", "numeric").typemod(18).build()).targetType()).isEqualTo("bigint");
        assertThat(cast(rules, col("n", "numeric").typemod(18, 2).build()).targetType()).isEqualTo("numeric");
    }

    @Test
    void unsignedAndSignedGuards() {
        List<CastRule> rules = List.of(rule("type int when unsigned to bigint", "d 1"), rule("type int when signed to integer", "d 2"));
        assertThat(cast(rules, col("a", "int").unsigned().build()).targetType()).isEqualTo("bigint");
        assertThat(cast(rules, col("a", "int").build()).targetType()).isEqualTo("integer");
    }

    @Test
    void whenDefaultComparesCaseInsensitivelyWithOrWithoutQuotes() {
        List<CastRule> rules = List.of(rule("type date when default '0000-00-00' to date drop default using zero-dates-to-null", "d 1"),
                typeRule("date", "date", "d 2"));
        assertThat(cast(rules, col("d", "date").defaultValue("0000-00-00").build()).rule()).isEqualTo("d 1");
        assertThat(cast(rules, col("d", "date").defaultValue("'0000-00-00'").build()).rule()).isEqualTo("d 1");
        assertThat(cast(rules, col("d", "date").defaultValue("2000-01-01").build()).rule()).isEqualTo("d 2");
        assertThat(cast(rules, col("d", "date").build()).rule()).isEqualTo("d 2");
        List<CastRule> word = List.of(rule("type varchar when default 'ABC' to text", "d 1"), typeRule("varchar", "varchar", "d 2"));
        assertThat(cast(word, col("v", "varchar").defaultValue("abc").build()).rule()).isEqualTo("d 1");
    }

    @Test
    void whenNotNullMatchesOnlyNotNullColumns() {
        List<CastRule> rules = List.of(rule("type datetime and not null to timestamp drop not null", "d 1"), typeRule("datetime", "timestamptz", "d 2"));
        ColumnCast strict = cast(rules, col("d", "datetime").notNull().build());
        assertThat(strict.rule()).isEqualTo("d 1");
        assertThat(strict.notNull()).isFalse();
        assertThat(cast(rules, col("d", "datetime").build()).rule()).isEqualTo("d 2");
    }

    @Test
    void autoIncrementAndOnUpdateMustAgreeWhenGivenAndMatchEitherWhenNull() {
        List<CastRule> rules = List.of(rule("type int with extra auto_increment to bigint identity", "d 1"),
                rule("type int without extra on update current_timestamp to integer", "d 2"), typeRule("int", "numeric", "d 3"));
        assertThat(cast(rules, col("a", "int").autoIncrement().build()).rule()).isEqualTo("d 1");
        assertThat(cast(rules, col("a", "int").build()).rule()).isEqualTo("d 2");
        assertThat(cast(rules, col("a", "int").onUpdate().build()).rule()).isEqualTo("d 3");
        List<CastRule> either = List.of(typeRule("int", "integer", "d 1"));
        assertThat(cast(either, col("a", "int").autoIncrement().onUpdate().build()).rule()).isEqualTo("d 1");
    }

    @Test
    void userRulesKeepTheTypemodAndDefaultRulesDropIt() {
        SourceColumn c = col("v", "varchar").typemod(255).build();
        assertThat(cast(List.of(typeRule("varchar", "varchar", "u 1")), List.of(), c).targetType()).isEqualTo("varchar(255)");
        assertThat(cast(List.of(typeRule("varchar", "varchar", "d 1")), c).targetType()).isEqualTo("varchar");
        assertThat(cast(List.of(rule("type varchar to varchar keep typemod", "d 1")), c).targetType()).isEqualTo("varchar(255)");
        assertThat(cast(List.of(rule("type varchar to varchar drop typemod", "u 1")), List.of(), c).targetType()).isEqualTo("varchar");
    }

    @Test
    void neverCarriesAModifierOntoTypesThatTakeNone() {
        for (String target : List.of("bigint", "integer", "smallint", "real", "double precision", "float", "text", "bytea",
                "boolean", "date", "uuid", "json", "jsonb", "xml", "money", "oid")) {
            SourceColumn c = col("a", "int").typemod(11).build();
            assertThat(cast(List.of(typeRule("int", target, "u 1")), List.of(), c).targetType()).as(target).isEqualTo(target);
        }
    }

    @Test
    void aRuleToASerialMakesAnIdentityOfItsIntegerSoItsSequenceIsResetAfterTheLoad() {
        SourceColumn c = col("id", "int").typemod(11).build();
        for (String[] t : new String[][] {{"bigserial", "bigint"}, {"serial", "integer"}, {"smallserial", "smallint"}, {"serial8", "bigint"}}) {
            ColumnCast out = cast(List.of(typeRule("int", t[0], "u 1")), List.of(), c);
            assertThat(out.targetType()).as(t[0]).isEqualTo(t[1]);
            assertThat(out.identity()).as(t[0]).isTrue();
            assertThat(out.serialType()).as(t[0]).isEqualTo(t[0].equals("serial8") ? "bigserial" : t[0]);
            assertThat(out.notNull()).as(t[0]).isTrue();
        }
        ColumnCast plain = cast(List.of(typeRule("int", "bigint", "u 1")), List.of(), c);
        assertThat(plain.identity()).isFalse();
    }

    @Test
    void explicitKeepOntoATypeWithoutModifierIsAWarning() {
        ColumnCast out = cast(List.of(rule("type int to bigint keep typemod", "u 1")), List.of(), col("a", "int").typemod(11).build());
        assertThat(out.targetType()).isEqualTo("bigint");
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("(11) not carried"));
    }

    @Test
    void modifierGoesWhereAndHowPostgresTakesIt() {
        SourceColumn dec = col("n", "decimal").typemod(10, 2).build();
        assertThat(cast(List.of(typeRule("decimal", "numeric", "u")), List.of(), dec).targetType()).isEqualTo("numeric(10,2)");
        SourceColumn ts = col("t", "datetime").typemod(3).build();
        assertThat(cast(List.of(typeRule("datetime", "timestamp with time zone", "u")), List.of(), ts).targetType())
                .isEqualTo("timestamp(3) with time zone");
        ColumnCast seven = cast(List.of(typeRule("datetime2", "timestamp", "u")), List.of(), col("t", "datetime2").typemod(7).build());
        assertThat(seven.targetType()).isEqualTo("timestamp(6)");
        assertThat(seven.warnings()).anySatisfy(w -> assertThat(w).contains("at most 6"));
        ColumnCast fl = cast(List.of(typeRule("float", "varchar", "u")), List.of(), col("f", "float").typemod(7, 4).build());
        assertThat(fl.targetType()).isEqualTo("varchar(7)");
    }

    @Test
    void targetWithItsOwnModifierIgnoresTheSourceOne() {
        ColumnCast out = cast(List.of(rule("type varchar to \"varchar(10)\"", "u 1")), List.of(), col("v", "varchar").typemod(255).build());
        assertThat(out.targetType()).isEqualTo("varchar(10)");
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("longer than 10 characters"));
    }

    @Test
    void notNullKeepDropAndSet() {
        SourceColumn strict = col("a", "int").notNull().build();
        SourceColumn loose = col("a", "int").build();
        assertThat(cast(List.of(typeRule("int", "integer", "d")), strict).notNull()).isTrue();
        assertThat(cast(List.of(typeRule("int", "integer", "d")), loose).notNull()).isFalse();
        assertThat(cast(List.of(rule("type int to integer drop not null", "d")), strict).notNull()).isFalse();
        assertThat(cast(List.of(rule("type int to integer set not null", "d")), loose).notNull()).isTrue();
    }

    @Test
    void defaultIsKeptNormalisedOrDropped() {
        SourceColumn c = col("s", "varchar").defaultValue("'it''s'").build();
        assertThat(cast(List.of(typeRule("varchar", "text", "d")), c).defaultSql()).isEqualTo("'it''s'");
        assertThat(cast(List.of(rule("type varchar to text drop default", "d")), c).defaultSql()).isNull();
        SourceColumn flag = col("b", "tinyint").defaultValue("1").build();
        assertThat(cast(List.of(typeRule("tinyint", "boolean", "d")), flag).defaultSql()).isEqualTo("true");
        SourceColumn fn = col("s", "varchar").defaultValue("uuid()").build();
        ColumnCast expr = cast(List.of(typeRule("varchar", "text", "d")), fn);
        assertThat(expr.defaultSql()).isEqualTo("uuid()");
        assertThat(expr.warnings()).anySatisfy(w -> assertThat(w).contains("uuid()").contains("check"));
    }

    @Test
    void identityIsNotNullAndHasNoDefault() {
        SourceColumn c = col("id", "int").autoIncrement().defaultValue("0").build();
        ColumnCast out = cast(List.of(rule("type int with extra auto_increment to bigint identity", "d 1")), c);
        assertThat(out.identity()).isTrue();
        assertThat(out.notNull()).isTrue();
        assertThat(out.defaultSql()).isNull();
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("identity"));
    }

    @Test
    void noRuleKeepsTheFullSourceTypeWithAWarning() {
        SourceColumn c = col("g", "geometry").full("geometry(Point,4326)").notNull().defaultValue("NULL").build();
        ColumnCast out = cast(List.of(typeRule("int", "integer", "d")), c);
        assertThat(out.targetType()).isEqualTo("geometry(Point,4326)");
        assertThat(out.rule()).isEqualTo("no rule: type kept");
        assertThat(out.notNull()).isTrue();
        assertThat(out.defaultSql()).isNull();
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("kept as declared"));
    }

    @Test
    void targetNameIsTheSourceNameLowerCased() {
        assertThat(cast(List.of(typeRule("int", "integer", "d")), col("UserId", "int").build()).targetName()).isEqualTo("userid");
    }

    @Test
    void whySaysWhichRuleMatchedWhatAndTheResult() {
        SourceColumn c = col("id", "integer").autoIncrement().build();
        var t = Fixtures.tableWithKey("t", "id", c);
        ColumnCast out = SqliteCasts.castRules(List.of()).resolve(t, c);
        assertThat(out.why()).isEqualTo("sqlite default 1: integer auto-increment primary key → bigint identity, using sqlite-integer");
    }

    @Test
    void narrowingCastsAreWarnedAbout() {
        assertThat(cast(List.of(typeRule("bigint", "bigint", "d")), col("a", "bigint").unsigned().build()).warnings())
                .anySatisfy(w -> assertThat(w).contains("outside bigint's range"));
        assertThat(cast(List.of(typeRule("double", "real", "d")), col("a", "double").build()).warnings())
                .anySatisfy(w -> assertThat(w).contains("6 significant digits"));
        assertThat(cast(List.of(typeRule("numeric", "numeric", "u")), List.of(), col("a", "numeric").typemod(12, 4).build())
                .warnings()).isEmpty();
        assertThat(cast(List.of(rule("type numeric to \"numeric(8,2)\"", "u")), List.of(), col("a", "numeric").typemod(12, 4).build())
                .warnings()).anySatisfy(w -> assertThat(w).contains("rounded to 2")).anySatisfy(w -> assertThat(w).contains("6 integer digits"));
        assertThat(cast(List.of(typeRule("text", "varchar(20)", "d")), col("a", "text").build()).warnings())
                .anySatisfy(w -> assertThat(w).contains("longer than 20"));
        assertThat(cast(List.of(typeRule("int", "bigint", "d")), col("a", "int").build()).warnings()).isEmpty();
        assertThat(cast(List.of(typeRule("int", "smallint", "d")), col("a", "int").build()).warnings()).hasSize(1);
    }

    @Test
    void unknownTransformOrBadGuardIsRefusedUpFront() {
        CastRule unknown = new CastRule("int", null, null, null, null, null, false, null, null, "integer", null, null, null,
                false, "no-such-thing", "user rule 3");
        assertThatThrownBy(() -> new CastRules(List.of(unknown), List.of())).hasMessageContaining("user rule 3")
                .hasMessageContaining("no-such-thing");
        CastRule badGuard = new CastRule("int", null, null, "(< precisio 10)", null, null, false, null, null, "integer",
                null, null, null, false, null, "d 4");
        assertThatThrownBy(() -> new CastRules(List.of(), List.of(badGuard))).hasMessageContaining("d 4").hasMessageContaining("precisio");
    }
}
