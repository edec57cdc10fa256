package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqliteValuesTest {

    private static Object apply(String transform, Object value) throws Transform.TransformException {
        return Transforms.byName(transform).orElseThrow().apply(value);
    }

    private static void rejects(String transform, Object value, String message) {
        assertThatThrownBy(() -> apply(transform, value)).isInstanceOf(Transform.TransformException.class).hasMessageContaining(message);
    }

    @Test
    void everySqliteTransformPassesNull() throws Exception {
        for (String name : Transforms.names()) {
            if (name.startsWith("sqlite-")) assertThat(apply(name, null)).as(name).isNull();
        }
    }

    @Test
    void integerAcceptsIntegersAndExactIntegerTextOrDoubles() throws Exception {
        assertThat(apply("sqlite-integer", 42L)).isEqualTo(42L);
        assertThat(apply("sqlite-integer", -7)).isEqualTo(-7L);
        assertThat(apply("sqlite-integer", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(apply("sqlite-integer", 3.0)).isEqualTo("3");
        assertThat(apply("sqlite-integer", " 12 ")).isEqualTo("12");
        assertThat(apply("sqlite-integer", "+5")).isEqualTo("5");
        assertThat(apply("sqlite-integer", "4.00")).isEqualTo("4");
        assertThat(apply("sqlite-integer", "1e3")).isEqualTo("1000");
        rejects("sqlite-integer", "abc", "value 'abc' in an integer column is not an integer");
        rejects("sqlite-integer", 2.5, "value 2.5 in an integer column is not an integer");
        rejects("sqlite-integer", "2.5", "not an integer");
        rejects("sqlite-integer", Double.NaN, "not an integer");
        rejects("sqlite-integer", new byte[] {1}, "x'01'");
        rejects("sqlite-integer", "", "not an integer");
    }

    @Test
    void realAcceptsNumbersAndNumericText() throws Exception {
        assertThat(apply("sqlite-real", 1.5)).isEqualTo(1.5);
        assertThat(apply("sqlite-real", 1e-5)).isEqualTo(1e-5);
        assertThat(apply("sqlite-real", 7L)).isEqualTo("7");
        assertThat(apply("sqlite-real", Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(apply("sqlite-real", " -2.5e3 ")).isEqualTo("-2.5e3");
        assertThat(apply("sqlite-real", "NaN")).isEqualTo("NaN");
        rejects("sqlite-real", "1,5", "value '1,5' in a floating-point column is not a number");
        rejects("sqlite-real", "0x1p3", "not a number");
        rejects("sqlite-real", "1d", "not a number");
    }

    @Test
    void numericIsExact() throws Exception {
        assertThat(apply("sqlite-numeric", 12L)).isEqualTo(12L);
        assertThat(apply("sqlite-numeric", 0.1)).isEqualTo("0.1");
        assertThat(apply("sqlite-numeric", 100.0)).isEqualTo("100");
        assertThat(apply("sqlite-numeric", 1e-7)).isEqualTo("0.0000001");
        assertThat(apply("sqlite-numeric", 0.0)).isEqualTo("0");
        assertThat(apply("sqlite-numeric", new BigDecimal("1E+3"))).isEqualTo(new BigDecimal("1E+3"));
        assertThat(apply("sqlite-numeric", "123456789012345678901234.5678")).isEqualTo("123456789012345678901234.5678");
        assertThat(apply("sqlite-numeric", Double.NaN)).isEqualTo("NaN");
        rejects("sqlite-numeric", "12a", "value '12a' in a numeric column is not a number");
    }

    @Test
    void booleanAcceptsTheUsualSpellingsOnly() throws Exception {
        for (Object t : new Object[] {1L, 1, "1", "t", "T", "true", "TRUE", "yes", " Yes "}) assertThat(apply("sqlite-boolean", t)).as("%s", t).isEqualTo(Boolean.TRUE);
        for (Object f : new Object[] {0L, 0, "0", "f", "false", "no", "NO"}) assertThat(apply("sqlite-boolean", f)).as("%s", f).isEqualTo(Boolean.FALSE);
        rejects("sqlite-boolean", 2L, "value 2 in a boolean column is not a boolean (accepted: 0/1, t/f, true/false, yes/no)");
        rejects("sqlite-boolean", "maybe", "'maybe'");
        rejects("sqlite-boolean", "", "not a boolean");
        rejects("sqlite-boolean", 0.5, "not a boolean");
    }

    @Test
    void dateReadsIsoTextJulianDaysAndUnixSeconds() throws Exception {
        assertThat(apply("sqlite-date", "2024-02-29")).isEqualTo("2024-02-29");
        assertThat(apply("sqlite-date", "2024-02-29 23:15:00")).isEqualTo("2024-02-29");
        assertThat(apply("sqlite-date", "2024-02-29T23:15:00-02:00")).as("to UTC, as SQLite's date()").isEqualTo("2024-03-01");
        assertThat(apply("sqlite-date", 2460369.5)).as("Julian day").isEqualTo("2024-02-29");
        assertThat(apply("sqlite-date", 1709164800L)).as("Unix seconds").isEqualTo("2024-02-29");
        assertThat(apply("sqlite-date", "0000-00-00")).isNull();
        assertThat(apply("sqlite-date", "2019-00-00")).isNull();
        assertThat(apply("sqlite-date", "2019-05-00")).isNull();
        rejects("sqlite-date", "2023-02-30", "not a valid date");
        rejects("sqlite-date", "29/02/2024", "value '29/02/2024' is not a date");
        rejects("sqlite-date", "12:00", "is not a date");
        rejects("sqlite-date", -1.0, "Julian day range");
        rejects("sqlite-date", new byte[] {1, 2}, "is not a date");
    }

    @Test
    void timestampReadsIsoTextWithOptionalSecondsFractionAndZone() throws Exception {
        assertThat(apply("sqlite-timestamp", "2024-01-02 03:04")).isEqualTo("2024-01-02 03:04:00");
        assertThat(apply("sqlite-timestamp", "2024-01-02T03:04:05")).isEqualTo("2024-01-02 03:04:05");
        assertThat(apply("sqlite-timestamp", "2024-01-02 03:04:05.123")).isEqualTo("2024-01-02 03:04:05.123");
        assertThat(apply("sqlite-timestamp", "2024-01-02 03:04:05.123456789")).isEqualTo("2024-01-02 03:04:05.123456789");
        assertThat(apply("sqlite-timestamp", "2024-01-02 03:04:05Z")).isEqualTo("2024-01-02 03:04:05");
        assertThat(apply("sqlite-timestamp", "2024-01-02 03:04:05+02:00")).as("to UTC").isEqualTo("2024-01-02 01:04:05");
        assertThat(apply("sqlite-timestamp", "2024-01-02")).isEqualTo("2024-01-02 00:00:00");
        assertThat(apply("sqlite-timestamp", 0L)).isEqualTo("1970-01-01 00:00:00");
        assertThat(apply("sqlite-timestamp", 2440587.5)).isEqualTo("1970-01-01 00:00:00");
        assertThat(apply("sqlite-timestamp", 2440588.0)).as("a whole Julian day is noon").isEqualTo("1970-01-01 12:00:00");
        assertThat(apply("sqlite-timestamp", "0000-00-00 00:00:00")).isNull();
        rejects("sqlite-timestamp", "2024-01-02 25:00:00", "invalid time of day");
        rejects("sqlite-timestamp", "yesterday", "is not a timestamp");
        rejects("sqlite-timestamp", Long.MAX_VALUE, "outside the range");
    }

    @Test
    void timestamptzKeepsTheOffsetAndTakesZonelessValuesAsUtc() throws Exception {
        assertThat(apply("sqlite-timestamptz", "2024-01-02 03:04:05+02:00")).isEqualTo("2024-01-02 03:04:05+02:00");
        assertThat(apply("sqlite-timestamptz", "2024-01-02 03:04:05-0530")).isEqualTo("2024-01-02 03:04:05-05:30");
        assertThat(apply("sqlite-timestamptz", "2024-01-02 03:04:05")).isEqualTo("2024-01-02 03:04:05+00:00");
        assertThat(apply("sqlite-timestamptz", "2024-01-02T03:04:05Z")).isEqualTo("2024-01-02 03:04:05+00:00");
        assertThat(apply("sqlite-timestamptz", 86400L)).isEqualTo("1970-01-02 00:00:00+00:00");
    }

    @Test
    void timeReadsTimeTextOrTheTimeOfAMoment() throws Exception {
        assertThat(apply("sqlite-time", "12:34")).isEqualTo("12:34:00");
        assertThat(apply("sqlite-time", "12:34:56.5")).isEqualTo("12:34:56.5");
        assertThat(apply("sqlite-time", "2024-01-02 12:34:56")).isEqualTo("12:34:56");
        assertThat(apply("sqlite-time", 3600L)).isEqualTo("01:00:00");
        rejects("sqlite-time", "24:61", "invalid time of day");
        rejects("sqlite-time", "noon", "is not a time");
    }

    @Test
    void uuidAcceptsTextAndSixteenBytes() throws Exception {
        assertThat(apply("sqlite-uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte) (i * 17);
        assertThat(apply("sqlite-uuid", b)).isEqualTo("00112233-4455-6677-8899-aabbccddeeff");
        rejects("sqlite-uuid", new byte[15], "not 16 bytes");
        rejects("sqlite-uuid", "not-a-uuid", "is not a UUID");
    }

    @Test
    void byteaTakesBytesAndTextAsUtf8() throws Exception {
        byte[] raw = {0, (byte) 0xff};
        assertThat(apply("sqlite-bytea", raw)).isSameAs(raw);
        assertThat((byte[]) apply("sqlite-bytea", "é")).containsExactly("é".getBytes(StandardCharsets.UTF_8));
        rejects("sqlite-bytea", 12L, "neither bytes nor text");
    }

    @Test
    void textTakesAnythingPrintableAndRejectsBadUtf8() throws Exception {
        assertThat(apply("sqlite-text", "héllo")).isEqualTo("héllo");
        assertThat(apply("sqlite-text", 12L)).isEqualTo("12");
        assertThat(apply("sqlite-text", 1.5)).isEqualTo("1.5");
        assertThat(apply("sqlite-text", 1e10)).isEqualTo("10000000000");
        assertThat(apply("sqlite-text", 1e-5)).isEqualTo("0.00001");
        assertThat(apply("sqlite-text", "ok".getBytes(StandardCharsets.UTF_8))).isEqualTo("ok");
        rejects("sqlite-text", new byte[] {(byte) 0xc3, (byte) 0x28}, "value x'c328' (2 bytes) in a text column is not valid UTF-8");
        rejects("sqlite-text", "a\u0000b", "remove-null-characters");
    }
}
