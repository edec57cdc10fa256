package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlCastsTest {
    private static final CastRules RULES = MysqlCasts.castRules(List.of());

    private static SourceColumn col(String type, String fullType, Integer p, Integer s, boolean unsigned, boolean nullable,
                                    String dflt, boolean autoIncrement, boolean onUpdate) {
        return new SourceColumn("c", 1, type, fullType, p, s, unsigned, nullable, dflt, autoIncrement, onUpdate, null, null, List.of());
    }

    private static ColumnCast cast(SourceColumn c) {
        return RULES.resolve(new SourceTable("db", "t", List.of(c), null, null, null, null, -1, null), c);
    }

    private static String type(String type, String fullType, Integer p, boolean unsigned) {
        return cast(col(type, fullType, p, null, unsigned, true, null, false, false)).targetType();
    }

    @Test
    void integersMapByTypeAndSignednessNeverByDisplayWidth() {
        assertThat(type("tinyint", "tinyint(4)", 4, false)).isEqualTo("smallint");
        assertThat(type("tinyint", "tinyint(3) unsigned", 3, true)).isEqualTo("smallint");
        assertThat(type("smallint", "smallint", null, false)).isEqualTo("smallint");
        assertThat(type("smallint", "smallint unsigned", null, true)).isEqualTo("integer");
        assertThat(type("mediumint", "mediumint(9)", 9, false)).isEqualTo("integer");
        assertThat(type("int", "int(11)", 11, false)).isEqualTo("integer");
        assertThat(type("int", "int", null, false)).isEqualTo("integer");
        assertThat(type("int", "int(8) unsigned", 8, true)).isEqualTo("bigint");
        assertThat(type("bigint", "bigint(20)", 20, false)).isEqualTo("bigint");
        assertThat(type("bigint", "bigint unsigned", null, true)).isEqualTo("numeric(20,0)");
        assertThat(cast(col("int", "int(11)", 11, null, false, true, null, false, false)).warnings()).isEmpty();
    }

    @Test
    void autoIncrementBecomesAnIdentityOfTheSameWidth() {
        ColumnCast id = cast(col("int", "int(11)", 11, null, false, false, null, true, false));
        assertThat(id.targetType()).isEqualTo("integer");
        assertThat(id.identity()).isTrue();
        ColumnCast big = cast(col("bigint", "bigint(20) unsigned", 20, null, true, false, null, true, false));
        assertThat(big.targetType()).isEqualTo("bigint");
        assertThat(big.identity()).isTrue();
        assertThat(big.warnings()).anyMatch(w -> w.contains("9223372036854775807"));
    }

    @Test
    void booleansDecimalsFloatsTextAndBinary() {
        ColumnCast flag = cast(col("tinyint", "tinyint(1)", 1, null, false, false, "0", false, false));
        assertThat(flag.targetType()).isEqualTo("boolean");
        assertThat(flag.defaultSql()).isEqualTo("false");
        assertThat(flag.transform()).isEqualTo("mysql-tinyint-to-boolean");
        ColumnCast bit1 = cast(col("bit", "bit(1)", 1, null, false, true, "'1'", false, false));
        assertThat(bit1.targetType()).isEqualTo("boolean");
        assertThat(bit1.defaultSql()).isEqualTo("true");
        assertThat(cast(col("bit", "bit(8)", 8, null, false, true, "'00000101'", false, false)))
                .extracting(ColumnCast::targetType, ColumnCast::defaultSql).containsExactly("bit(8)", "'00000101'");
        assertThat(cast(col("decimal", "decimal(20,6)", 20, 6, false, true, null, false, false)).targetType()).isEqualTo("numeric(20,6)");
        // pgloader's float (§9.4 rule 25), not real; unsigned and a typemod change nothing
        assertThat(type("float", "float(7,4)", 7, false)).isEqualTo("double precision");
        assertThat(type("float", "float unsigned", null, true)).isEqualTo("double precision");
        assertThat(type("double", "double", null, false)).isEqualTo("double precision");
        assertThat(type("varchar", "varchar(40)", 40, false)).isEqualTo("varchar(40)");
        assertThat(type("char", "char(3)", 3, false)).isEqualTo("char(3)");
        assertThat(type("mediumtext", "mediumtext", null, false)).isEqualTo("text");
        assertThat(type("binary", "binary(16)", 16, false)).isEqualTo("bytea");
        assertThat(type("longblob", "longblob", null, false)).isEqualTo("bytea");
        assertThat(type("json", "json", null, false)).isEqualTo("jsonb");
        assertThat(type("year", "year(4)", 4, false)).isEqualTo("integer"); // §9.4 rule 52
        // "enum" targets become real enum types in the migration (EnumTypes), sets arrays of them
        assertThat(type("set", "set('x','y')", null, false)).isEqualTo("enum[]");
        assertThat(cast(new SourceColumn("e", 1, "enum", "enum('a','b')", null, null, false, true, "'a'", false, false, null, null,
                List.of("a", "b")))).satisfies(c -> {
            assertThat(c.targetType()).isEqualTo("enum");
            assertThat(c.defaultSql()).isEqualTo("'a'");
            assertThat(c.warnings()).anyMatch(w -> w.contains("enum type is created with the labels (a, b)"));
        });
        assertThat(cast(col("geometry", "geometry", null, null, false, true, null, false, false)).warnings())
                .anyMatch(w -> w.contains("WKT"));
    }

    @Test
    void aUserRuleWithoutATransformOnADateColumnStillHandlesZeroDates() {
        SourceColumn date = col("date", "date", null, null, false, true, null, false, false);
        SourceTable table = new SourceTable("db", "t", List.of(date), null, null, null, null, -1, null);
        ColumnCast kept = MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type date drop not null drop default", "user rule 1")))
                .resolve(table, date);
        assertThat(kept.targetType()).isEqualTo("date");
        assertThat(kept.transform()).isEqualTo("mysql-zero-date");
        assertThat(kept.zeroDates()).isNotNull();
        SourceColumn dt = col("datetime", "datetime", null, null, false, true, null, false, false);
        assertThat(MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type datetime to timestamptz", "user rule 1")))
                .resolve(table, dt).transform()).isEqualTo("mysql-zero-date");
        SourceColumn ts = col("timestamp", "timestamp", null, null, false, true, null, false, false);
        assertThat(MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type timestamp to \"timestamp with time zone\"", "user rule 1")))
                .resolve(table, ts).transform()).isEqualTo("mysql-timestamp-utc");
        // a rule to text, or one naming its own transform, is left alone
        assertThat(MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type date to text", "user rule 1"))).resolve(table, date).transform())
                .isNull();
        assertThat(MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type date to date using zero-dates-reject", "user rule 1")))
                .resolve(table, date).transform()).isEqualTo("zero-dates-reject");
    }

    @Test
    void everyDateColumnTurnsZeroDatesIntoNullAndSaysSo() {
        ColumnCast date = cast(col("date", "date", null, null, false, false, null, false, false));
        assertThat(date.targetType()).isEqualTo("date");
        assertThat(date.notNull()).isFalse();
        assertThat(date.transform()).isEqualTo("mysql-zero-date");
        assertThat(date.warnings()).anyMatch(w -> w.contains("NOT NULL dropped"));
        ColumnCast zero = cast(col("datetime", "datetime(6)", 6, null, false, false, "'0000-00-00 00:00:00.000000'", false, false));
        assertThat(zero.targetType()).isEqualTo("timestamp(6)");
        assertThat(zero.defaultSql()).isNull();
        assertThat(zero.notNull()).isFalse();
        ColumnCast ts = cast(col("timestamp", "timestamp", null, null, false, true, null, false, false));
        assertThat(ts.targetType()).isEqualTo("timestamptz");
        assertThat(ts.transform()).isEqualTo("mysql-timestamp-utc");
        assertThat(cast(col("date", "date", null, null, false, true, "'2020-01-01'", false, false)).defaultSql()).isEqualTo("'2020-01-01'");
    }

    @Test
    void onUpdateColumnsKeepDefaultAndNotNullAndWarnAboutTheTrigger() {
        ColumnCast c = cast(col("timestamp", "timestamp(3)", 3, null, false, false, "CURRENT_TIMESTAMP", false, true));
        assertThat(c.targetType()).isEqualTo("timestamptz(3)");
        assertThat(c.notNull()).isTrue();
        assertThat(c.defaultSql()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(c.warnings()).anyMatch(w -> w.contains("ON UPDATE CURRENT_TIMESTAMP"));
    }

    @Test
    void timeStaysTimeOfDayAndRejectsDurationsWithTheirReason() throws Exception {
        ColumnCast c = cast(col("time", "time", null, null, false, true, null, false, false));
        assertThat(c.targetType()).isEqualTo("time");
        assertThat(c.transform()).isEqualTo("mysql-time-of-day");
        assertThat(c.warnings()).anyMatch(w -> w.contains("838:59:59") && w.contains("type time to interval"));
        Transform t = Transforms.byName("mysql-time-of-day").orElseThrow();
        for (String ok : List.of("00:00:00", "23:59:59", "12:30:00.25", "24:00:00", "24:00:00.000")) assertThat(t.apply(ok)).isEqualTo(ok);
        assertThat(t.apply(null)).isNull();
        for (String duration : List.of("25:00:00", "24:00:01", "24:00:00.5", "838:59:59", "-00:00:01", "-838:59:59")) {
            assertThatThrownBy(() -> t.apply(duration)).as(duration).isInstanceOf(Transform.TransformException.class)
                    .hasMessageContaining("'" + duration + "' is a duration, not a time of day").hasMessageContaining("interval");
        }
        // a user rule to interval takes the values as they are
        CastRules toInterval = MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type time to interval", "user rule 1")));
        SourceColumn tm = col("time", "time", null, null, false, true, null, false, false);
        ColumnCast interval = toInterval.resolve(new SourceTable("db", "t", List.of(tm), null, null, null, null, -1, null), tm);
        assertThat(interval.targetType()).isEqualTo("interval");
        assertThat(interval.transform()).isNull();
    }

    @Test
    void userRulesComeFirst() {
        CastRules rules = MysqlCasts.castRules(List.of(CastRuleSyntax.parse("type tinyint to smallint", "user rule 1")));
        SourceColumn flag = col("tinyint", "tinyint(1)", 1, null, false, true, null, false, false);
        assertThat(rules.resolve(new SourceTable("db", "t", List.of(flag), null, null, null, null, -1, null), flag).targetType())
                .isEqualTo("smallint");
    }

    @Test
    void transformsConvertDriverValuesExactly() throws Exception {
        Transform zero = Transforms.byName("mysql-zero-date").orElseThrow();
        assertThat(zero.apply("0000-00-00")).isNull();
        assertThat(zero.apply("2019-00-10 00:00:00")).isNull();
        assertThat(zero.apply("2019-05-00")).isNull();
        assertThat(zero.apply("0000-00-00 00:00:00.000000")).isNull();
        assertThat(zero.apply("2024-02-29 23:59:59.123456")).isEqualTo("2024-02-29 23:59:59.123456");
        assertThat(zero.apply(null)).isNull();
        Transform utc = Transforms.byName("mysql-timestamp-utc").orElseThrow();
        assertThat(utc.apply("2024-06-01 10:00:00")).isEqualTo("2024-06-01 10:00:00+00");
        assertThat(utc.apply("0000-00-00 00:00:00")).isNull();
        Transform flag = Transforms.byName("mysql-tinyint-to-boolean").orElseThrow();
        assertThat(flag.apply(0L)).isEqualTo(Boolean.FALSE);
        assertThat(flag.apply(1L)).isEqualTo(Boolean.TRUE);
        assertThatThrownBy(() -> flag.apply(2L)).hasMessageContaining("not 0 or 1");
        Transform bit = Transforms.byName("mysql-bit-to-boolean").orElseThrow();
        assertThat(bit.apply("1")).isEqualTo("t");
        assertThat(bit.apply("0")).isEqualTo("f");
        Transform set = Transforms.byName("mysql-set-to-array").orElseThrow();
        assertThat(set.apply("x,z")).isEqualTo("{\"x\",\"z\"}");
        assertThat(set.apply("")).isEqualTo("{}");
        assertThat(set.apply("a\"b")).isEqualTo("{\"a\\\"b\"}");
        assertThat(new BigDecimal("18446744073709551615").toPlainString()).isEqualTo("18446744073709551615");
    }

    @Test
    void theZeroDatePolicyDecidesNotNullTheZeroDefaultAndTheNotes() {
        SourceTable table = new SourceTable("db", "t", List.of(), null, null, null, null, -1, null);
        SourceColumn ordered = col("date", "date", null, null, false, false, "'0000-00-00'", false, false);
        ColumnCast asNull = RULES.resolve(table, ordered);
        assertThat(asNull.zeroDates()).isEqualTo(ZeroDates.NULL);
        assertThat(asNull.notNull()).isFalse();
        assertThat(asNull.warnings()).contains("NOT NULL dropped: zero dates (0000-00-00) and partial zero dates (2019-00-10) load as NULL",
                "default '0000-00-00' dropped: PostgreSQL has no zero date");

        ColumnCast rejected = RULES.withZeroDates(ZeroDates.REJECT).resolve(table, ordered);
        assertThat(rejected.notNull()).isTrue();
        assertThat(rejected.defaultSql()).isNull();
        assertThat(rejected.warnings()).contains("zero dates (0000-00-00) and partial zero dates (2019-00-10) are rejected");

        ColumnCast epoch = RULES.withZeroDates(ZeroDates.parse("1970-01-01 00:00:00")).resolve(table, ordered);
        assertThat(epoch.notNull()).isTrue();
        assertThat(epoch.defaultSql()).isEqualTo("'1970-01-01'");
        assertThat(epoch.warnings()).contains("default '0000-00-00' becomes '1970-01-01'");

        // a rule without a target lends its zero-date choice to the default rule, which keeps its own transform
        CastRules perColumn = MysqlCasts.castRules(List.of(CastRuleSyntax.parse("column t.c using zero-dates-reject", "user rule 1")));
        ColumnCast lent = perColumn.resolve(table, ordered);
        assertThat(lent.transform()).isEqualTo("mysql-zero-date");
        assertThat(lent.zeroDates()).isEqualTo(ZeroDates.REJECT);
        assertThat(lent.why()).endsWith("zero dates rejected (from user rule 1)");
        // other columns do not look for zero dates at all
        assertThat(cast(col("int", "int", null, null, false, true, null, false, false)).zeroDates()).isNull();
    }

    @Test
    void zeroDateGuardsCountAndApplyThePolicyBeforeTheTransform() throws Exception {
        SourceTable table = new SourceTable("db", "t", List.of(), null, null, null, null, -1, null);
        SourceColumn ts = col("timestamp", "timestamp", null, null, false, true, null, false, false);
        ColumnCast epoch = RULES.withZeroDates(ZeroDates.parse("1970-01-01")).resolve(table, ts);
        ZeroDates.Guard g = (ZeroDates.Guard) Transforms.forColumn(epoch);
        // the replacement goes through the column's transform, so it is marked UTC as the other values are
        assertThat(g.apply("0000-00-00 00:00:00")).isEqualTo("1970-01-01 00:00:00+00");
        assertThat(g.apply("2024-05-01 10:00:00")).isEqualTo("2024-05-01 10:00:00+00");
        assertThat(g.apply(null)).isNull();
        assertThat(g.count()).isEqualTo(1);
        assertThat(g.outcome()).isEqualTo("1970-01-01");

        ColumnCast notNull = RULES.resolve(table, col("timestamp", "timestamp", null, null, false, false, "CURRENT_TIMESTAMP", false, true));
        ZeroDates.Guard strict = (ZeroDates.Guard) Transforms.forColumn(notNull);
        assertThatThrownBy(() -> strict.apply("2024-00-01 00:00:00")).hasMessageContaining("but the column is NOT NULL in the target");
        assertThat(strict.outcome()).isEqualTo("reject");
    }

    @Test
    void zeroDatePoliciesParse() {
        assertThat(ZeroDates.parse("NULL")).isEqualTo(ZeroDates.NULL);
        assertThat(ZeroDates.parse(" reject ")).isEqualTo(ZeroDates.REJECT);
        assertThat(ZeroDates.parse("1970-01-01 00:00:00.5").replacement()).isEqualTo("1970-01-01 00:00:00.5");
        assertThatThrownBy(() -> ZeroDates.parse("2024-02-30")).hasMessageContaining("a date such as 1970-01-01");
        assertThatThrownBy(() -> ZeroDates.parse("0000-01-01")).hasMessageContaining("cannot be replaced by a zero date");
        assertThat(ZeroDates.isZeroDate("2024-01-00 10:00:00")).isTrue();
        assertThat(ZeroDates.isZeroDate("2024-01-01")).isFalse();
        assertThat(ZeroDates.isZeroDate("0000")).isFalse();
    }
}
