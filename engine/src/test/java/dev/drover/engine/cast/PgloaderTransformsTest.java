package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outputs per reference §10.2: these names must keep producing what pgloader produced. */
class PgloaderTransformsTest {

    private static Object apply(String transform, Object value) throws Transform.TransformException {
        return Transforms.byName(transform).orElseThrow(() -> new AssertionError("missing " + transform)).apply(value);
    }

    private static void rejects(String transform, Object value, String message) {
        assertThatThrownBy(() -> apply(transform, value)).isInstanceOf(Transform.TransformException.class).hasMessageContaining(message);
    }

    @Test
    void registersThePgloaderNames() {
        assertThat(Transforms.names()).contains("zero-dates-to-null", "tinyint-to-boolean", "bits-to-boolean", "int-to-ip",
                "ip-range", "empty-string-to-null", "remove-null-characters", "byte-vector-to-bytea", "hex-to-dec",
                "unix-timestamp-to-timestamptz", "sql-server-uniqueidentifier-to-uuid", "sql-server-bit-to-boolean",
                "set-to-enum-array", "right-trim", "float-to-string", "integer-to-string");
        assertThat(Transforms.byName("no-such-transform")).isEmpty();
    }

    @Test
    void allReturnNullForNull() throws Exception {
        for (String name : Transforms.names()) {
            if (!name.equals("ip-range")) assertThat(apply(name, null)).as(name).isNull();
        }
    }

    @Test
    void zeroDatesToNull() throws Exception {
        assertThat(apply("zero-dates-to-null", "")).isNull();
        assertThat(apply("zero-dates-to-null", "0000-00-00 00:00:00")).isNull();
        assertThat(apply("zero-dates-to-null", "0000-05-01")).isNull();
        assertThat(apply("zero-dates-to-null", "2019-00-10")).isNull();
        assertThat(apply("zero-dates-to-null", "2019-10-00 10:00:00")).isNull();
        assertThat(apply("zero-dates-to-null", "2019-10-01 00:00:00")).isEqualTo("2019-10-01 00:00:00");
        rejects("zero-dates-to-null", "2019-10", "too short");
    }

    @Test
    void tinyintToBoolean() throws Exception {
        assertThat(apply("tinyint-to-boolean", "0")).isEqualTo("f");
        assertThat(apply("tinyint-to-boolean", "1")).isEqualTo("t");
        assertThat(apply("tinyint-to-boolean", "-3")).isEqualTo("t");
        assertThat(apply("tinyint-to-boolean", 0L)).isEqualTo("f");
    }

    @Test
    void bitsToBoolean() throws Exception {
        assertThat(apply("bits-to-boolean", new byte[] {0})).isEqualTo("f");
        assertThat(apply("bits-to-boolean", new byte[] {1})).isEqualTo("t");
        assertThat(apply("bits-to-boolean", new byte[] {0, 1})).isNull();
        rejects("bits-to-boolean", "1", "takes bytes");
    }

    @Test
    void intToIpAndIpRange() throws Exception {
        assertThat(apply("int-to-ip", 16909060L)).isEqualTo("1.2.3.4");
        assertThat(apply("int-to-ip", 4294967295L)).isEqualTo("255.255.255.255");
        rejects("int-to-ip", "16909060", "takes an integer");
        rejects("int-to-ip", 4294967296L, "outside 0..4294967295");
        assertThat(apply("ip-range", List.of("16909060", "16909311"))).isEqualTo("1.2.3.4-1.2.3.255");
        assertThat(apply("ip-range", new Object[] {"0", null})).isNull();
        rejects("ip-range", "16909060", "two values");
        rejects("ip-range", List.of("x", "1"), "not an IPv4 number");
    }

    @Test
    void textCleaners() throws Exception {
        assertThat(apply("empty-string-to-null", "")).isNull();
        assertThat(apply("empty-string-to-null", " ")).isEqualTo(" ");
        assertThat(apply("remove-null-characters", "a\u0000b\u0000")).isEqualTo("ab");
        assertThat(apply("right-trim", "ab  \t  ")).isEqualTo("ab  \t");
        assertThat(apply("right-trim", "  ab")).isEqualTo("  ab");
        assertThat(apply("set-to-enum-array", "a,b")).isEqualTo("{a,b}");
        assertThat(apply("set-to-enum-array", "")).isEqualTo("{}");
    }

    @Test
    void byteVectorToBytea() throws Exception {
        assertThat(apply("byte-vector-to-bytea", new byte[] {0, (byte) 0xAB, 0x10})).isEqualTo("\\x00ab10");
        assertThat(apply("byte-vector-to-bytea", new byte[0])).isEqualTo("\\x");
        assertThat(apply("byte-vector-to-bytea", "")).isNull();
        rejects("byte-vector-to-bytea", "abc", "is text, not bytes");
        assertThat(apply("binary-to-bytea", new byte[0])).isNull();
        assertThat(apply("byte-vector-to-hexstring", new byte[] {(byte) 0xff})).isEqualTo("ff");
    }

    @Test
    void hexToDec() throws Exception {
        assertThat(apply("hex-to-dec", "ff")).isEqualTo("255");
        assertThat(apply("hex-to-dec", "FFFFFFFFFFFFFFFFFF")).isEqualTo("4722366482869645213695");
        assertThat(apply("hex-to-dec", 12L)).isEqualTo("12");
        rejects("hex-to-dec", "zz", "not a hexadecimal number");
    }

    @Test
    void unixTimestampToTimestamptz() throws Exception {
        assertThat(apply("unix-timestamp-to-timestamptz", 0L)).isEqualTo("1970-01-01 00:00:00Z");
        assertThat(apply("unix-timestamp-to-timestamptz", "1709164800")).isEqualTo("2024-02-29 00:00:00Z");
        assertThat(apply("unix-timestamp-to-timestamptz", -86400L)).isEqualTo("1969-12-31 00:00:00Z");
        rejects("unix-timestamp-to-timestamptz", "1709164800.5", "whole seconds");
    }

    @Test
    void sqlServerTransforms() throws Exception {
        byte[] guid = {0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb,
                (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff};
        assertThat(apply("sql-server-uniqueidentifier-to-uuid", guid)).isEqualTo("00112233-4455-6677-8899-AABBCCDDEEFF");
        rejects("sql-server-uniqueidentifier-to-uuid", Arrays.copyOf(guid, 15), "16-byte");
        assertThat(apply("sql-server-bit-to-boolean", 0L)).isEqualTo("f");
        assertThat(apply("sql-server-bit-to-boolean", 5)).isEqualTo("t");
        assertThat(apply("sql-server-bit-to-boolean", "((1))")).isEqualTo("t");
        assertThat(apply("sql-server-bit-to-boolean", "((0))")).isEqualTo("f");
        assertThat(apply("sql-server-bit-to-boolean", "yes")).isNull();
    }

    @Test
    void floatToStringPrintsLikeLisp() throws Exception {
        assertThat(apply("float-to-string", 100.0)).isEqualTo("100.0");
        assertThat(apply("float-to-string", 1.0e-5)).isEqualTo("1.0e-5");
        assertThat(apply("float-to-string", 1.2345678e7)).isEqualTo("1.2345678e7");
        assertThat(apply("float-to-string", Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(apply("float-to-string", Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(apply("float-to-string", "1.50")).isEqualTo("1.50");
        assertThat(apply("float-to-string", 3L)).isEqualTo("3");
    }

    @Test
    void integerToString() throws Exception {
        assertThat(apply("integer-to-string", 42L)).isEqualTo("42");
        assertThat(apply("integer-to-string", "'\"17\"'")).isEqualTo("17");
        assertThat(apply("integer-to-string", "+007")).isEqualTo("7");
        rejects("integer-to-string", "1.5", "not an integer");
        rejects("integer-to-string", 1.5, "not an integer");
    }

    @Test
    void theOtherPgloaderFunctions() throws Exception {
        assertThat(apply("date-with-no-separator", "20240102030405")).isEqualTo("2024-01-02 03:04:05");
        assertThat(apply("date-with-no-separator", "20240002030405")).isNull();
        assertThat(apply("date-with-no-separator", "2024")).isNull();
        assertThat(apply("time-with-no-separator", "08231560")).isEqualTo("08:23:15.60");
        rejects("time-with-no-separator", "0823", "too short");
        assertThat(apply("bits-to-hex-bitstring", new byte[] {0x0f})).isEqualTo("X0f");
        assertThat(apply("bits-to-hex-bitstring", "b'0101'")).isEqualTo("0101");
        assertThat(apply("convert-mysql-point", "POINT(1.5 2)")).isEqualTo("(1.5,2)");
        assertThat(apply("convert-mysql-linestring", "LINESTRING(1 2,3 4)")).isEqualTo("[(1,2),(3,4)]");
        assertThat(apply("hex-to-bytea", " 0xABCD ")).isEqualTo("\\xABCD");
        assertThat(apply("varbinary-to-inet", new byte[] {10, 0, 0, 1})).isEqualTo("10.0.0.1");
        byte[] v6 = new byte[16];
        v6[15] = 1;
        assertThat(apply("varbinary-to-inet", v6)).isEqualTo("0000:0000:0000:0000:0000:0000:0000:0001");
        rejects("varbinary-to-inet", new byte[3], "neither 4 nor 16");
        assertThat(apply("base64-decode", "aMOpbGxv")).isEqualTo("héllo");
        rejects("base64-decode", "!!!", "not base64");
        byte[] id = new byte[16];
        id[0] = (byte) 0xab;
        assertThat(apply("binary-to-uuid", id)).isEqualTo("AB000000-0000-0000-0000-000000000000");
        assertThat(apply("binary-to-uuid", new byte[4])).isNull();
    }

    @Test
    void registersTheRestOfTheReferenceTableUnderTheirNames() {
        assertThat(Transforms.names()).contains("varbinary-to-string", "sqlite-timestamp-to-timestamp", "logical-to-boolean",
                "db3-trim-string", "db3-numeric-to-pgsql-numeric", "db3-numeric-to-pgsql-integer", "db3-date-to-pgsql-date",
                "numeric-to-integer", "int-to-uuid", "tinyint-to-integer", "year-to-integer", "trim-whitespace");
    }

    @Test
    void varbinaryToStringDecodesUtf8AndPassesTextThrough() throws Exception {
        assertThat(apply("varbinary-to-string", "Zoë".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("Zoë");
        assertThat(apply("varbinary-to-string", new byte[0])).isEqualTo("");
        assertThat(apply("varbinary-to-string", "already text")).isEqualTo("already text");
        assertThat(apply("varbinary-to-string", null)).isNull();
        assertThat(PgloaderTransforms.varbinaryToString(java.nio.charset.StandardCharsets.ISO_8859_1)
                .apply(new byte[] {'c', 'a', 'f', (byte) 0xE9})).isEqualTo("café");
        rejects("varbinary-to-string", new byte[] {'c', 'a', 'f', (byte) 0xE9}, "is not valid UTF-8 text");
    }

    @Test
    void sqliteTimestampToTimestampReadsIntegersAsYears() throws Exception {
        assertThat(apply("sqlite-timestamp-to-timestamp", 0L)).isNull();
        assertThat(apply("sqlite-timestamp-to-timestamp", "0")).isNull();
        assertThat(apply("sqlite-timestamp-to-timestamp", 2024L)).isEqualTo("2024-01-01");
        assertThat(apply("sqlite-timestamp-to-timestamp", "1999")).isEqualTo("1999-01-01");
        // a Unix epoch is read as a year, as pgloader does: PostgreSQL then refuses the date
        assertThat(apply("sqlite-timestamp-to-timestamp", 1700000000L)).isEqualTo("1700000000-01-01");
        assertThat(apply("sqlite-timestamp-to-timestamp", "2024-03-01 10:00:00")).isEqualTo("2024-03-01 10:00:00");
        assertThat(apply("sqlite-timestamp-to-timestamp", "")).isEqualTo("");
        assertThat(apply("sqlite-timestamp-to-timestamp", null)).isNull();
    }

    @Test
    void dbfTransforms() throws Exception {
        assertThat(apply("logical-to-boolean", "?")).isNull();
        assertThat(apply("logical-to-boolean", " ")).isNull();
        assertThat(apply("logical-to-boolean", "T")).isEqualTo("T");
        assertThat(apply("logical-to-boolean", "  ")).isEqualTo("  ");
        assertThat(apply("logical-to-boolean", null)).isNull();

        assertThat(apply("db3-trim-string", "  Ann   ")).isEqualTo("  Ann");
        assertThat(apply("db3-trim-string", "tab\t")).isEqualTo("tab\t");
        assertThat(apply("db3-trim-string", "   ")).isEqualTo("");
        assertThat(apply("db3-trim-string", null)).isNull();

        assertThat(apply("db3-numeric-to-pgsql-numeric", "   12.50 ")).isEqualTo("12.50");
        assertThat(apply("db3-numeric-to-pgsql-numeric", "     ")).isNull();
        assertThat(apply("db3-numeric-to-pgsql-numeric", "")).isNull();
        assertThat(apply("db3-numeric-to-pgsql-numeric", null)).isNull();

        assertThat(apply("db3-numeric-to-pgsql-integer", "  42")).isEqualTo("42");
        assertThat(apply("db3-numeric-to-pgsql-integer", " 007.50")).isEqualTo("7");
        assertThat(apply("db3-numeric-to-pgsql-integer", "-12abc")).isEqualTo("-12");
        assertThat(apply("db3-numeric-to-pgsql-integer", "+3")).isEqualTo("3");
        assertThat(apply("db3-numeric-to-pgsql-integer", "12345678901234567890")).isEqualTo("12345678901234567890");
        assertThat(apply("db3-numeric-to-pgsql-integer", "   ")).isNull();
        assertThat(apply("db3-numeric-to-pgsql-integer", "abc")).isNull();
        assertThat(apply("db3-numeric-to-pgsql-integer", "-")).isNull();
        assertThat(apply("db3-numeric-to-pgsql-integer", null)).isNull();

        assertThat(apply("db3-date-to-pgsql-date", "20240301")).isEqualTo("2024-03-01");
        assertThat(apply("db3-date-to-pgsql-date", "        ")).isNull();
        assertThat(apply("db3-date-to-pgsql-date", "2024031")).isNull();
        assertThat(apply("db3-date-to-pgsql-date", "2024-3-1")).isNull();
        assertThat(apply("db3-date-to-pgsql-date", "2024AB01")).isNull();
        assertThat(apply("db3-date-to-pgsql-date", "")).isNull();
        assertThat(apply("db3-date-to-pgsql-date", null)).isNull();
    }

    @Test
    void numericToIntegerKeepsWholeNumbersAndRejectsFractions() throws Exception {
        assertThat(apply("numeric-to-integer", "12.00")).isEqualTo("12");
        assertThat(apply("numeric-to-integer", new java.math.BigDecimal("-7.000"))).isEqualTo("-7");
        assertThat(apply("numeric-to-integer", 12.0)).isEqualTo("12");
        assertThat(apply("numeric-to-integer", "1.2e1")).isEqualTo("12");
        assertThat(apply("numeric-to-integer", 5L)).isEqualTo("5");
        assertThat(apply("numeric-to-integer", null)).isNull();
        rejects("numeric-to-integer", "12.5", "has a fractional part");
        rejects("numeric-to-integer", 0.1, "has a fractional part");
        rejects("numeric-to-integer", "twelve", "is not a number");
        rejects("numeric-to-integer", Double.NaN, "is not a finite number");
    }

    @Test
    void intToUuidWritesTheNumberAsTheUuidsBits() throws Exception {
        assertThat(apply("int-to-uuid", 1L)).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(apply("int-to-uuid", "0")).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(apply("int-to-uuid", 255)).isEqualTo("00000000-0000-0000-0000-0000000000ff");
        assertThat(apply("int-to-uuid", new java.math.BigInteger("340282366920938463463374607431768211455")))
                .isEqualTo("ffffffff-ffff-ffff-ffff-ffffffffffff");
        assertThat(apply("int-to-uuid", null)).isNull();
        rejects("int-to-uuid", -1L, "outside 0..2^128-1");
        rejects("int-to-uuid", new java.math.BigInteger("340282366920938463463374607431768211456"), "outside 0..2^128-1");
        rejects("int-to-uuid", "abc", "is not an integer");
    }

    @Test
    void tinyintAndYearToInteger() throws Exception {
        assertThat(apply("tinyint-to-integer", true)).isEqualTo("1");
        assertThat(apply("tinyint-to-integer", false)).isEqualTo("0");
        assertThat(apply("tinyint-to-integer", -128)).isEqualTo("-128");
        assertThat(apply("tinyint-to-integer", " 007")).isEqualTo("7");
        assertThat(apply("tinyint-to-integer", "+5")).isEqualTo("5");
        assertThat(apply("tinyint-to-integer", null)).isNull();
        rejects("tinyint-to-integer", "yes", "is not an integer");

        assertThat(apply("year-to-integer", 2024L)).isEqualTo("2024");
        assertThat(apply("year-to-integer", "1999")).isEqualTo("1999");
        assertThat(apply("year-to-integer", "0000")).isEqualTo("0");
        assertThat(apply("year-to-integer", "2024-01-01")).isEqualTo("2024");
        assertThat(apply("year-to-integer", java.time.LocalDate.of(1987, 1, 1))).isEqualTo("1987");
        assertThat(apply("year-to-integer", java.sql.Date.valueOf("2001-01-01"))).isEqualTo("2001");
        assertThat(apply("year-to-integer", null)).isNull();
        rejects("year-to-integer", "next year", "is not a year");
    }

    @Test
    void trimWhitespaceRemovesAsciiWhitespaceOnBothSides() throws Exception {
        assertThat(apply("trim-whitespace", " \t\n Ann Lee \r\n\f\u000B")).isEqualTo("Ann Lee");
        assertThat(apply("trim-whitespace", "   ")).isEqualTo("");
        assertThat(apply("trim-whitespace", "\u00A0x\u00A0")).isEqualTo("\u00A0x\u00A0");
        assertThat(apply("trim-whitespace", null)).isNull();
        rejects("trim-whitespace", new byte[] {1}, "is binary");
    }
}
