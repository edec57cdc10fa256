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
}
