package dev.drover.engine.source.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteTypeNameTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "INTEGER                  | integer          | -  | -  | false",
        "VARCHAR(255)             | varchar          | 255| -  | false",
        "DECIMAL(10, 2)           | decimal          | 10 | 2  | false",
        "numeric(  8 )            | numeric          | 8  | -  | false",
        "unsigned big int         | big int          | -  | -  | true",
        "INT UNSIGNED             | int              | -  | -  | true",
        "int(11) unsigned         | int              | 11 | -  | true",
        "signed smallint          | smallint         | -  | -  | false",
        "character varying(30)    | character        | 30 | -  | false",
        "NATIVE CHARACTER(70)     | character        | 70 | -  | false",
        "text nocase              | text             | -  | -  | false",
        "short int                | int              | -  | -  | false",
        "integer auto_increment   | integer          | -  | -  | false",
        "double   precision       | double precision | -  | -  | false",
        "byte[]                   | byte[]           | -  | -  | false",
        "varchar(max)             | varchar          | -  | -  | false",
        "DECIMAL(+5,-1)           | decimal          | 5  | -1 | false",
    })
    void normalisesDeclaredTypes(String declared, String type, Integer precision, Integer scale, boolean unsigned) {
        SqliteTypeName t = SqliteTypeName.parse(declared);
        assertThat(t.dataType()).isEqualTo(type);
        assertThat(t.precision()).isEqualTo(precision);
        assertThat(t.scale()).isEqualTo(scale);
        assertThat(t.unsigned()).isEqualTo(unsigned);
    }

    @Test
    void emptyDeclaredTypeStaysEmptyForTheCastRulesToDecide() {
        assertThat(SqliteTypeName.parse("")).isEqualTo(new SqliteTypeName("", null, null, false));
        assertThat(SqliteTypeName.parse(null)).isEqualTo(new SqliteTypeName("", null, null, false));
        assertThat(SqliteTypeName.parse("   ").dataType()).isEmpty();
    }

    @Test
    void aModifierTooLargeForAnIntIsDropped() {
        SqliteTypeName t = SqliteTypeName.parse("varchar(99999999999)");
        assertThat(t.dataType()).isEqualTo("varchar");
        assertThat(t.precision()).isNull();
    }
}
