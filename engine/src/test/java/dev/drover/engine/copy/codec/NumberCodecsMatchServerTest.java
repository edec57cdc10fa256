package dev.drover.engine.copy.codec;

import dev.drover.testkit.PostgresExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class NumberCodecsMatchServerTest {

    private static final List<String> INT_INPUTS = List.of("0", "1", "-1", "+7", "-0", " 42 ", "\t12\n", "007",
            "32767", "-32768", "32768", "-32769", "2147483647", "-2147483648", "2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999", "00000000000000000000001", "0x1F", "0o17", "0b101", "1_000", "1.0", "1e3", "",
            "  ", "-", "+", "abc", "12a", "1 2", "--1", "١٢",
            // Non-ASCII next to ASCII digits: a slice reads those bytes as NON_ASCII.
            "4２", "１", "42\u00A0", "\u00A042", "-é1", "7€",
            // Not integers in any spelling the server knows: refused here, with the server's message.
            "168x", "821-abc", "0x", "0x_1", "0x1_", "1__2", "_1", "1_", "0b102", "0o8", "0X1f", "  0b1_0  ", "+0x10",
            "-0o7", "1,000", "$5", "0x1g", "1 _2", "0b", "-_1", "1e");

    @Test
    void integersMatchTheServerAndRejectOnlyOutOfRange(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        Set<String> common = Set.of("0", "1", "-1", "+7", " 42 ", "007", "32767", "-32768");
        d.check("int2", INT_INPUTS, common);
        d.check("int4", INT_INPUTS, Set.of("2147483647", "-2147483648", "-0"));
        d.check("int8", INT_INPUTS, Set.of("9223372036854775807", "-9223372036854775808"));
    }

    @Test
    void floatsMatchTheServerIncludingSpecialsAndRangeErrors(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        List<String> inputs = List.of("0", "-0", "1", "-1.5", "3.14159", ".5", "5.", "-.5", "1e10", "1E-5", "1.5e+3",
                "  2.5  ", "0.1", "123456789012345678901234567890", "1e38", "3.4028235e38", "3.4028236e38", "3.5e38",
                "1e39", "-1e39", "1e-38", "1e-45", "1e-46", "1e308", "1.7976931348623157e308", "1e309", "-1e309",
                "4.9e-324", "1e-324", "1e-400", "0e-400", "0.000", "NaN", "nan", "Infinity", "-Infinity", "+Infinity",
                "inf", "-inf", "infinity", "1d", "1f", "0x1p3", "", "abc", "1e", "e5", ".", "1..2", "1_000", "- 1",
                // Only ASCII letters fold case in the server: dotless ı is not i.
                "ınf", "-ınfinity", "ınfınıty", "naN", "1.5é", "1e5😀", "２.5");
        Set<String> common = Set.of("0", "-0", "1", "-1.5", "3.14159", "1e10", "1E-5", "NaN", "Infinity", "-Infinity");
        d.check("float4", inputs, common);
        d.check("float8", inputs, common);
    }

    @Test
    void numericsMatchTheServerForAnyPrecisionAndTypmod(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        List<String> inputs = List.of("0", "-0", "0.00", "-0.000", "1", "-1", "12345.678", "-12345.678", "1.10", "0.0005",
                "100000000", "10000", "9999", "0.0001", "0.00010000", "1.", ".5", "-.5", "+3.25", "  7.5  ",
                "123456789012345678901234567890.123456789012345678901234567890",
                "0.000000000000000000000000000001", "99.995", "99.994", "-99.995", "999.5", "999.4999", "0.995",
                "12.345", "1e5", "1.5e3", "-1.5E-3", "1.50e1", "1e1001", "2e-1000", "NaN", "nan", "Infinity",
                "-Infinity", "inf", "-inf", "", "abc", "1.2.3", "1_000", "0x1F", "1e", "--1", "1 2", "ınf", "-ınfinity", "12.5€",
                "1e５", "é");
        Set<String> common = Set.of("0", "1", "-1", "12345.678", "-12345.678", "1.10", "0.0005", "100000000", "NaN",
                "Infinity", "-Infinity", "1e5", "1.5e3");
        d.check("numeric", inputs, common);
        d.check("numeric(5,2)", inputs, Set.of("12.345", "99.994", "0.995"));
        d.check("numeric(3,0)", inputs, Set.of("999.4999"));
        d.check("numeric(4,4)", inputs, Set.of("0.0005", "0.00010000"));
        d.check("numeric(40,10)", inputs, Set.of());
    }
}
