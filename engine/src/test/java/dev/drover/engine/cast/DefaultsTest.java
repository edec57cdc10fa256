package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultsTest {

    @ParameterizedTest(name = "[{0}] on {1} → [{2}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "~", value = {
            "~|text|~",
            "NULL|text|~",
            "null|integer|~",
            "CURRENT_TIMESTAMP|timestamp|CURRENT_TIMESTAMP",
            "'0101'|bit(4)|`'0101'`",
            "'1'|bit varying|`'1'`",
            "current_timestamp()|timestamptz|CURRENT_TIMESTAMP",
            "CURRENT_TIMESTAMP(6)|timestamp|CURRENT_TIMESTAMP",
            "now()|timestamp|CURRENT_TIMESTAMP",
            "(datetime('now'))|timestamp|CURRENT_TIMESTAMP",
            "datetime('now','localtime')|timestamp|CURRENT_TIMESTAMP",
            "current_date|date|CURRENT_DATE",
            "(date('now'))|date|CURRENT_DATE",
            "current_time|time|CURRENT_TIME",
            "0|integer|0",
            "-12.5|numeric|-12.5",
            "1e3|double precision|1e3",
            "(0)|integer|0",
            "'\"0\"'|integer|0",
            "'abc'|text|'abc'",
            "abc|text|'abc'",
            "'it''s'|text|'it''s'",
            "it's|text|'it''s'",
            "'0'|text|'0'",
            "0|varchar(3)|'0'",
            "0|boolean|false",
            "1|boolean|true",
            "'1'|boolean|true",
            "'f'|bool|false",
            "'yes'|boolean|true",
            "'maybe'|boolean|'maybe'",
            "X'00FF'|bytea|'\\x00ff'",
            "random()|double precision|random()",
    })
    void normalises(String source, String targetType, String expected) {
        assertThat(Defaults.toSql(source, targetType)).isEqualTo(expected);
    }

    @Test
    void functionCallsOtherThanTheClockAreExpressions() {
        assertThat(Defaults.isExpression("uuid()")).isTrue();
        assertThat(Defaults.isExpression("(lower(hex(randomblob(16))))")).isTrue();
        assertThat(Defaults.isExpression("CURRENT_TIMESTAMP()")).isFalse();
        assertThat(Defaults.isExpression("'abc()'")).isFalse();
        assertThat(Defaults.isExpression("12")).isFalse();
        assertThat(Defaults.isExpression(null)).isFalse();
    }
}
