package dev.drover.engine.cast;

import static dev.drover.engine.cast.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.catalog.SourceColumn;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteCastsTest {

    /** A column as the SQLite catalog reader would build it from a declared type. */
    private static SourceColumn declared(String declaredType) {
        SqliteCasts.Declared d = SqliteCasts.normalize(declaredType);
        return new SourceColumn("c", 1, d.dataType(), declaredType, d.precision(), d.scale(), false, true, null, false,
                false, null, null, null);
    }

    private static ColumnCast cast(SourceColumn c) {
        return SqliteCasts.castRules(List.of()).resolve(table("t", c), c);
    }

    @ParameterizedTest(name = "{0} → {1} ({2}, {3})")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "~", value = {
            "INTEGER|integer|~|~",
            "VARCHAR(255)|varchar|255|~",
            "DECIMAL(10,2)|decimal|10|2",
            "decimal( 10 , 2 )|decimal|10|2",
            "UNSIGNED BIG INT|integer|~|~",
            "NATIVE CHARACTER(70)|character|70|~",
            "VARYING CHARACTER(255)|character|255|~",
            "DOUBLE PRECISION|double precision|~|~",
            "``|``|~|~",
            "~|``|~|~",
            "BOOLEAN|boolean|~|~",
            "DATETIME|datetime|~|~",
            "JSON|json|~|~",
            "FOO BAR|foo bar|~|~",
            "int(11) unsigned|int|11|~",
            "LONGTEXT|text|~|~",
            "MEDIUMBLOB|blob|~|~",
            "FLOATING POINT|integer|~|~",
            "SINGLE FLOAT|double|~|~",
            "varchar(max)|varchar|~|~",
            "BYTE []|byte[]|~|~",
            "text NOCASE|text|~|~",
    })
    void normalizesDeclaredTypes(String declared, String dataType, Integer precision, Integer scale) {
        SqliteCasts.Declared d = SqliteCasts.normalize(declared);
        assertThat(d.dataType()).isEqualTo(dataType);
        assertThat(d.precision()).isEqualTo(precision);
        assertThat(d.scale()).isEqualTo(scale);
    }

    @ParameterizedTest(name = "{0} → {1} using {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "INTEGER|bigint|sqlite-integer",
            "INT|bigint|sqlite-integer",
            "BIGINT|bigint|sqlite-integer",
            "INT8|bigint|sqlite-integer",
            "UNSIGNED BIG INT|bigint|sqlite-integer",
            "TINYINT|smallint|sqlite-integer",
            "SMALLINT|smallint|sqlite-integer",
            "INT2|smallint|sqlite-integer",
            "MEDIUMINT|integer|sqlite-integer",
            "INT4|integer|sqlite-integer",
            "BOOLEAN|boolean|sqlite-boolean",
            "BOOL|boolean|sqlite-boolean",
            "REAL|real|sqlite-real",
            "FLOAT4|real|sqlite-real",
            "FLOAT|double precision|sqlite-real",
            "DOUBLE|double precision|sqlite-real",
            "DOUBLE PRECISION|double precision|sqlite-real",
            "FLOAT8|double precision|sqlite-real",
            "DECIMAL(10,2)|numeric(10,2)|sqlite-numeric",
            "NUMERIC(12)|numeric(12)|sqlite-numeric",
            "NUMERIC|numeric|sqlite-numeric",
            "DATE|date|sqlite-date",
            "DATETIME|timestamp|sqlite-timestamp",
            "TIMESTAMP|timestamp|sqlite-timestamp",
            "TIMESTAMPTZ|timestamptz|sqlite-timestamptz",
            "TIME|time|sqlite-time",
            "JSON|jsonb|sqlite-text",
            "UUID|uuid|sqlite-uuid",
            "BLOB|bytea|sqlite-bytea",
            "BYTEA|bytea|sqlite-bytea",
            "MEDIUMBLOB|bytea|sqlite-bytea",
            "VARCHAR(255)|text|sqlite-text",
            "NVARCHAR(100)|text|sqlite-text",
            "NATIVE CHARACTER(70)|text|sqlite-text",
            "CLOB|text|sqlite-text",
            "TEXT|text|sqlite-text",
            "LONGTEXT|text|sqlite-text",
            "``|text|sqlite-text",
            "FOO BAR|text|sqlite-text",
            "STRING|text|sqlite-text",
    })
    void mapsDeclaredTypes(String declaredType, String target, String transform) {
        ColumnCast c = cast(declared(declaredType));
        assertThat(c.targetType()).isEqualTo(target);
        assertThat(c.transform()).isEqualTo(transform);
        assertThat(c.rule()).startsWith("sqlite default ");
        assertThat(Transforms.byName(c.transform())).isPresent();
    }

    @Test
    void integerPrimaryKeyAutoincrementBecomesBigintIdentity() {
        SqliteCasts.Declared d = SqliteCasts.normalize("INTEGER");
        SourceColumn id = new SourceColumn("id", 1, d.dataType(), "INTEGER", null, null, false, false, null, true, false, null, null, null);
        ColumnCast c = SqliteCasts.castRules(List.of()).resolve(Fixtures.tableWithKey("t", "id", id), id);
        assertThat(c.targetType()).isEqualTo("bigint");
        assertThat(c.identity()).isTrue();
        assertThat(c.rule()).isEqualTo("sqlite default 1");
        SourceColumn rowid = new SourceColumn("id", 1, d.dataType(), "INTEGER", null, null, false, false, null, false, false, null, null, null);
        assertThat(cast(rowid).identity()).as("a plain rowid alias is no identity").isFalse();
        assertThat(cast(rowid).targetType()).isEqualTo("bigint");
    }

    @Test
    void warnsWhereSqliteHoldsMoreThanTheTarget() {
        assertThat(cast(declared("TINYINT")).warnings()).anySatisfy(w -> assertThat(w).contains("outside smallint's range"));
        assertThat(cast(declared("INT4")).warnings()).anySatisfy(w -> assertThat(w).contains("outside integer's range"));
        assertThat(cast(declared("INTEGER")).warnings()).isEmpty();
        assertThat(cast(declared("REAL")).warnings()).anySatisfy(w -> assertThat(w).contains("6 significant digits"));
        assertThat(cast(declared("DOUBLE")).warnings()).isEmpty();
        assertThat(cast(declared("DECIMAL(10,2)")).warnings()).anySatisfy(w -> assertThat(w).contains("8-byte floats"));
    }

    @Test
    void notesWhatSqliteIgnores() {
        assertThat(cast(declared("VARCHAR(255)")).warnings()).anySatisfy(w -> assertThat(w).contains("does not enforce the length of VARCHAR(255)"));
        assertThat(cast(declared("TEXT")).warnings()).isEmpty();
        assertThat(cast(declared("FOO BAR")).warnings()).anySatisfy(w -> assertThat(w).contains("FOO BAR").contains("not one Drover knows"));
        assertThat(cast(declared("")).warnings()).anySatisfy(w -> assertThat(w).contains("no declared type"));
        assertThat(cast(declared("BOOLEAN")).warnings()).isEmpty();
        assertThat(cast(declared("DATETIME")).warnings()).isEmpty();
    }

    @Test
    void userRulesOverrideTheTableAndStillGetSqliteWarnings() {
        CastRule user = CastRuleSyntax.parse("type varchar to varchar keep typemod", "user rule 1");
        SourceColumn c = declared("VARCHAR(20)");
        ColumnCast out = SqliteCasts.castRules(List.of(user)).resolve(table("t", c), c);
        assertThat(out.targetType()).isEqualTo("varchar(20)");
        assertThat(out.rule()).isEqualTo("user rule 1");
        assertThat(out.transform()).as("the rule names none: SQLite's reader for the target type").isEqualTo("sqlite-text");
        assertThat(out.why()).endsWith("(reads source values for varchar(20))");
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("longer than 20 characters"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "integer|sqlite-integer", "smallint|sqlite-integer", "numeric(12,2)|sqlite-numeric", "real|sqlite-real",
            "double precision|sqlite-real", "boolean|sqlite-boolean", "date|sqlite-date", "timestamp(3)|sqlite-timestamp",
            "timestamptz|sqlite-timestamptz", "timestamp with time zone|sqlite-timestamptz", "time|sqlite-time",
            "bytea|sqlite-bytea", "uuid|sqlite-uuid", "varchar(10)|sqlite-text", "jsonb|sqlite-text", "citext|sqlite-text"})
    void userRuleWithoutTransformGetsTheReaderForItsTarget(String target, String transform) {
        CastRule user = CastRuleSyntax.parse("column t.c to \"" + target + "\"", "user rule 1");
        SourceColumn c = declared("TEXT");
        assertThat(SqliteCasts.castRules(List.of(user)).resolve(table("t", c), c).transform()).isEqualTo(transform);
    }

    @Test
    void everyDefaultRuleHasASequentialOriginAndAKnownTransform() {
        List<CastRule> rules = SqliteCasts.defaults();
        for (int i = 0; i < rules.size(); i++) {
            assertThat(rules.get(i).origin()).isEqualTo("sqlite default " + (i + 1));
            assertThat(Transforms.byName(rules.get(i).transform())).as(rules.get(i).origin()).isPresent();
        }
        assertThat(rules.get(rules.size() - 1).type()).isEqualTo("*");
    }

    @Test
    void defaultsAreNormalisedForSqlite() {
        SqliteCasts.Declared d = SqliteCasts.normalize("BOOLEAN");
        SourceColumn flag = new SourceColumn("f", 1, d.dataType(), "BOOLEAN", null, null, false, true, "'\"0\"'", false, false, null, null, null);
        assertThat(cast(flag).defaultSql()).isEqualTo("false");
        SourceColumn ts = new SourceColumn("t", 1, "datetime", "DATETIME", null, null, false, true, "(datetime('now'))", false, false, null, null, null);
        assertThat(cast(ts).defaultSql()).isEqualTo("CURRENT_TIMESTAMP");
    }

    @Test
    void affinityFollowsSqlitesOrder() {
        assertThat(SqliteCasts.affinity("CHARINT")).isEqualTo(SqliteCasts.Affinity.INTEGER);
        assertThat(SqliteCasts.affinity("VARCHAR")).isEqualTo(SqliteCasts.Affinity.TEXT);
        assertThat(SqliteCasts.affinity("BLOB")).isEqualTo(SqliteCasts.Affinity.BLOB);
        assertThat(SqliteCasts.affinity("")).isEqualTo(SqliteCasts.Affinity.BLOB);
        assertThat(SqliteCasts.affinity("DOUBLE")).isEqualTo(SqliteCasts.Affinity.REAL);
        assertThat(SqliteCasts.affinity("DECIMAL")).isEqualTo(SqliteCasts.Affinity.NUMERIC);
    }
}
