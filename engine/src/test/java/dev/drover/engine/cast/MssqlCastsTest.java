package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MssqlCastsTest {
    private static final CastRules RULES = MssqlCasts.castRules(List.of());

    private static SourceColumn col(String type, String full, Integer p, Integer s, boolean identity, String dflt) {
        return new SourceColumn("c", 1, type, full, p, s, false, true, dflt, identity, false, null, null, List.of());
    }

    private static ColumnCast cast(SourceColumn c) {
        return RULES.resolve(new SourceTable("dbo", "t", List.of(c), null, null, null, null, -1, null), c);
    }

    private static String type(String type, String full, Integer p, Integer s) {
        return cast(col(type, full, p, s, false, null)).targetType();
    }

    private static Object apply(String transform, Object v) throws Transform.TransformException {
        return Transforms.byName(transform).orElseThrow().apply(v);
    }

    @Test
    void integersKeepTheirWidthAndTinyintWidensToSmallint() {
        assertThat(type("bigint", "bigint", null, null)).isEqualTo("bigint");
        assertThat(type("int", "int", null, null)).isEqualTo("integer");
        assertThat(type("smallint", "smallint", null, null)).isEqualTo("smallint");
        assertThat(type("tinyint", "tinyint", null, null)).isEqualTo("smallint");
        assertThat(cast(col("tinyint", "tinyint", null, null, false, null)).warnings()).isEmpty();
    }

    @Test
    void identityBecomesAnIdentityOfTheSameWidthAndLosesItsDefault() {
        for (String[] t : new String[][] {{"bigint", "bigint"}, {"int", "integer"}, {"smallint", "smallint"}, {"tinyint", "smallint"}}) {
            ColumnCast c = cast(col(t[0], t[0], null, null, true, null));
            assertThat(c.targetType()).isEqualTo(t[1]);
            assertThat(c.identity()).isTrue();
            assertThat(c.notNull()).isTrue();
        }
        ColumnCast dec = cast(col("decimal", "decimal(18,0)", 18, 0, true, null));
        assertThat(dec.targetType()).isEqualTo("bigint");
        assertThat(dec.identity()).isTrue();
        assertThat(dec.warnings()).anyMatch(w -> w.contains("bigint identity"));
    }

    @Test
    void exactNumbersKeepPrecisionAndScaleAndMoneyIsNumeric19And4() {
        ColumnCast d = cast(col("decimal", "decimal(20,6)", 20, 6, false, null));
        assertThat(d.targetType()).isEqualTo("numeric(20,6)");
        assertThat(d.transform()).isEqualTo("mssql-exact");
        assertThat(d.warnings()).isEmpty();
        assertThat(type("numeric", "numeric(38,0)", 38, 0)).isEqualTo("numeric(38,0)");
        ColumnCast money = cast(col("money", "money", null, null, false, null));
        assertThat(money.targetType()).isEqualTo("numeric(19,4)");
        assertThat(money.transform()).isEqualTo("mssql-exact");
        assertThat(money.warnings()).isEmpty();
        assertThat(type("smallmoney", "smallmoney", null, null)).isEqualTo("numeric(10,4)");
        assertThat(type("float", "float(53)", 53, null)).isEqualTo("double precision");
        assertThat(type("real", "real", null, null)).isEqualTo("real");
        assertThat(cast(col("float", "float(53)", 53, null, false, null)).warnings()).isEmpty();
    }

    @Test
    void characterTypesKeepTheirLengthAndMaxBecomesText() {
        assertThat(type("varchar", "varchar(40)", 40, null)).isEqualTo("varchar(40)");
        assertThat(type("nvarchar", "nvarchar(200)", 200, null)).isEqualTo("varchar(200)");
        assertThat(type("varchar", "varchar(max)", null, null)).isEqualTo("text");
        assertThat(type("nvarchar", "nvarchar(max)", null, null)).isEqualTo("text");
        assertThat(type("char", "char(3)", 3, null)).isEqualTo("char(3)");
        assertThat(type("nchar", "nchar(10)", 10, null)).isEqualTo("char(10)");
        assertThat(type("text", "text", null, null)).isEqualTo("text");
        assertThat(type("ntext", "ntext", null, null)).isEqualTo("text");
        assertThat(type("xml", "xml", null, null)).isEqualTo("xml");
        assertThat(cast(col("nvarchar", "nvarchar(200)", 200, null, false, null)).warnings()).isEmpty();
    }

    @Test
    void bitUuidAndBinaryTypes() {
        ColumnCast bit = cast(col("bit", "bit", null, null, false, "1"));
        assertThat(bit.targetType()).isEqualTo("boolean");
        assertThat(bit.defaultSql()).isEqualTo("true");
        assertThat(bit.transform()).isEqualTo("mssql-bit");
        ColumnCast uuid = cast(col("uniqueidentifier", "uniqueidentifier", null, null, false, "gen_random_uuid()"));
        assertThat(uuid.targetType()).isEqualTo("uuid");
        assertThat(uuid.defaultSql()).isEqualTo("gen_random_uuid()");
        assertThat(uuid.transform()).isEqualTo("mssql-uuid");
        for (String b : List.of("binary", "varbinary", "image", "timestamp", "rowversion")) {
            assertThat(type(b, b, null, null)).as(b).isEqualTo("bytea");
        }
        assertThat(type("varbinary", "varbinary(16)", 16, null)).isEqualTo("bytea");
    }

    @Test
    void typesWithoutAnEquivalentLoadWithAWarning() {
        for (String spatial : List.of("hierarchyid", "geography", "geometry")) {
            ColumnCast c = cast(col(spatial, spatial, null, null, false, null));
            assertThat(c.targetType()).isEqualTo("bytea");
            assertThat(c.warnings()).anyMatch(w -> w.contains("binary serialization"));
        }
        ColumnCast variant = cast(col("sql_variant", "sql_variant", null, null, false, null));
        assertThat(variant.targetType()).isEqualTo("text");
        assertThat(variant.warnings()).anyMatch(w -> w.contains("base type"));
    }

    @Test
    void zoneLessTimesStayZoneLessAndSevenDigitsWarn() {
        assertThat(type("date", "date", null, null)).isEqualTo("date");
        assertThat(type("datetime", "datetime", null, null)).isEqualTo("timestamp");
        assertThat(type("smalldatetime", "smalldatetime", null, null)).isEqualTo("timestamp");
        assertThat(type("datetime2", "datetime2(3)", 3, null)).isEqualTo("timestamp(3)");
        ColumnCast dt7 = cast(col("datetime2", "datetime2(7)", 7, null, false, null));
        assertThat(dt7.targetType()).isEqualTo("timestamp(6)");
        assertThat(dt7.transform()).isEqualTo("mssql-datetime");
        assertThat(dt7.warnings()).anyMatch(w -> w.contains("100 ns"));
        ColumnCast off = cast(col("datetimeoffset", "datetimeoffset(7)", 7, null, false, null));
        assertThat(off.targetType()).isEqualTo("timestamptz(6)");
        assertThat(off.transform()).isEqualTo("mssql-datetimeoffset");
        assertThat(off.warnings()).anyMatch(w -> w.contains("100 ns"));
        assertThat(type("time", "time(7)", 7, null)).isEqualTo("time(6)");
        assertThat(type("time", "time(0)", 0, null)).isEqualTo("time(0)");
        assertThat(cast(col("datetime2", "datetime2(3)", 3, null, false, null)).warnings()).isEmpty();
        assertThat(cast(col("datetime", "datetime", null, null, false, "CURRENT_TIMESTAMP")).defaultSql()).isEqualTo("CURRENT_TIMESTAMP");
    }

    @Test
    void computedColumnsAreNotedAndSequenceDefaultsKeepTheSourceName() {
        SourceColumn computed = new SourceColumn("total", 1, "int", "int", null, null, false, true, null, false, false,
                "([a]+[b])", null, List.of());
        assertThat(cast(computed).warnings()).anyMatch(w -> w.contains("computed column AS ([a]+[b])"));
        // a sequence default keeps the source's names: the migration creates the sequence and writes its target name
        assertThat(cast(col("int", "int", null, null, false, "nextval('\"dbo\".\"Seq\"')")).defaultSql())
                .isEqualTo("nextval('\"dbo\".\"Seq\"')");
    }

    @Test
    void userRulesComeFirst() {
        CastRules rules = MssqlCasts.castRules(List.of(CastRuleSyntax.parse("type datetime2 to timestamptz", "user rule 1")));
        SourceColumn c = col("datetime2", "datetime2(7)", 7, null, false, null);
        ColumnCast cast = rules.resolve(new SourceTable("dbo", "t", List.of(c), null, null, null, null, -1, null), c);
        assertThat(cast.rule()).isEqualTo("user rule 1");
        assertThat(cast.targetType()).isEqualTo("timestamptz(6)");
    }

    @Test
    void everyDefaultRuleNamesAKnownTransform() {
        assertThat(MssqlCasts.defaults()).allSatisfy(r -> {
            assertThat(r.origin()).startsWith("mssql default ");
            if (r.transform() != null) assertThat(Transforms.byName(r.transform())).isPresent();
        });
    }

    @Test
    void bitIsZeroOrOneOnly() throws Exception {
        assertThat(apply("mssql-bit", true)).isEqualTo("t");
        assertThat(apply("mssql-bit", false)).isEqualTo("f");
        assertThat(apply("mssql-bit", 1L)).isEqualTo("t");
        assertThat(apply("mssql-bit", "0")).isEqualTo("f");
        assertThat(apply("mssql-bit", null)).isNull();
        assertThatThrownBy(() -> apply("mssql-bit", 2L)).hasMessageContaining("not a bit");
    }

    @Test
    void uuidIsLowerCaseFromTextOrSqlServerBytes() throws Exception {
        assertThat(apply("mssql-uuid", "6F9619FF-8B86-D011-B42D-00C04FC964FF")).isEqualTo("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        assertThat(apply("mssql-uuid", "{6F9619FF-8B86-D011-B42D-00C04FC964FF}")).isEqualTo("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        // the bytes SQL Server stores for that value: first three groups little-endian
        byte[] raw = {(byte) 0xff, 0x19, (byte) 0x96, 0x6f, (byte) 0x86, (byte) 0x8b, 0x11, (byte) 0xd0, (byte) 0xb4, 0x2d, 0x00,
                (byte) 0xc0, 0x4f, (byte) 0xc9, 0x64, (byte) 0xff};
        assertThat(apply("mssql-uuid", raw)).isEqualTo("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        assertThatThrownBy(() -> apply("mssql-uuid", "nope")).hasMessageContaining("not a uniqueidentifier");
        assertThatThrownBy(() -> apply("mssql-uuid", new byte[3])).hasMessageContaining("16-byte");
    }

    @Test
    void exactDecimalsNeverGoThroughADouble() throws Exception {
        assertThat(apply("mssql-exact", new BigDecimal("12345678901234567890.1234"))).isEqualTo("12345678901234567890.1234");
        assertThat(apply("mssql-exact", new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(apply("mssql-exact", new BigDecimal("-922337203685477.5808"))).isEqualTo("-922337203685477.5808");
        assertThat(apply("mssql-exact", 42L)).isEqualTo("42");
        assertThat(apply("mssql-exact", "0.10")).isEqualTo("0.10");
        assertThatThrownBy(() -> apply("mssql-exact", 0.1d)).hasMessageContaining("floating-point");
        assertThatThrownBy(() -> apply("mssql-exact", "abc")).hasMessageContaining("not a decimal");
    }

    @Test
    void datetimesRoundToMicrosecondsAsPostgresDoes() throws Exception {
        assertThat(apply("mssql-datetime", "2024-02-29 23:59:59.1234567")).isEqualTo("2024-02-29 23:59:59.123457");
        assertThat(apply("mssql-datetime", "2024-02-29 23:59:59.1234564")).isEqualTo("2024-02-29 23:59:59.123456");
        assertThat(apply("mssql-datetime", "2024-02-29 23:59:59.9999996")).isEqualTo("2024-03-01 00:00:00");
        assertThat(apply("mssql-datetime", "2024-01-02 03:04:05.000")).isEqualTo("2024-01-02 03:04:05");
        assertThat(apply("mssql-datetime", "2024-01-02 03:04:05.997")).isEqualTo("2024-01-02 03:04:05.997");
        assertThat(apply("mssql-datetime", "0001-01-01 00:00:00.0000000")).isEqualTo("0001-01-01 00:00:00");
        assertThat(apply("mssql-datetime", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_700))).isEqualTo("2024-01-02 03:04:05.123457");
        assertThatThrownBy(() -> apply("mssql-datetime", "2024-02-30 00:00:00")).hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> apply("mssql-datetime", "2024-01-02 03:04:05 +01:00")).hasMessageContaining("offset");
    }

    @Test
    void halfwayFractionsFollowPostgresDoubleArithmetic() {
        // PostgreSQL: rint(strtod(".fffffff") * 1e6). Java's parse, multiply and rint are the same IEEE operations.
        for (String digits : List.of("0000005", "0000015", "1234565", "9999995", "5000005", "0000025")) {
            long expected = (long) Math.rint(Double.parseDouble("0." + digits) * 1_000_000);
            assertThat(MssqlCasts.micros(digits)).as(digits).isEqualTo(expected);
        }
        assertThat(MssqlCasts.micros("5")).isEqualTo(500_000);
        assertThat(MssqlCasts.micros("")).isZero();
        assertThat(MssqlCasts.micros("9999999")).isEqualTo(1_000_000);
    }

    @Test
    void datetimeoffsetKeepsItsOffset() throws Exception {
        assertThat(apply("mssql-datetimeoffset", "2024-06-01 12:00:00.1234567 +02:00")).isEqualTo("2024-06-01 12:00:00.123457+02:00");
        assertThat(apply("mssql-datetimeoffset", "2024-06-01 12:00:00 -05:30")).isEqualTo("2024-06-01 12:00:00-05:30");
        assertThat(apply("mssql-datetimeoffset", OffsetDateTime.parse("2024-06-01T12:00:00.5Z"))).isEqualTo("2024-06-01 12:00:00.5+00:00");
        assertThatThrownBy(() -> apply("mssql-datetimeoffset", "2024-06-01 12:00:00")).hasMessageContaining("no time zone offset");
    }

    @Test
    void timesRoundAndMayReachMidnight() throws Exception {
        assertThat(apply("mssql-time", "03:04:05.1234567")).isEqualTo("03:04:05.123457");
        assertThat(apply("mssql-time", "03:04:05")).isEqualTo("03:04:05");
        assertThat(apply("mssql-time", "23:59:59.9999999")).isEqualTo("24:00:00");
        assertThat(apply("mssql-time", "10:59:59.9999999")).isEqualTo("11:00:00");
        assertThatThrownBy(() -> apply("mssql-time", "25:00:00")).hasMessageContaining("not a valid time");
    }
}
