package dev.drover.engine.copy.codec;

import dev.drover.testkit.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TextLikeCodecsMatchServerTest {

    private static final List<String> STRINGS = List.of("", "a", "abc", "abcde", "abcdef", "abc   ", "abcde   ",
            "abcde  x", " lead", "tab\there", "line\nbreak", "back\\slash", "héllo", "日本語テキスト", "emoji 😀😀",
            "😀😀😀😀😀", "😀😀😀😀😀 ", "😀😀😀😀😀😀", "ab😀de", "x".repeat(70), "ü".repeat(40),
            // At and past the limit of 5 with multi-byte characters; past 63 bytes for name.
            "日本語テキ", "日本語テキ   ", "日本語テキ  x", "ab😀de ", "ab😀de   é", "é".repeat(31) + "a", "é".repeat(32),
            "😀".repeat(15) + "abc", "😀".repeat(16));

    @Test
    void textVarcharBpcharAndNameMatchTheServer(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        Set<String> all = Set.copyOf(STRINGS);
        d.check("text", STRINGS, all);
        d.check("varchar", STRINGS, all);
        d.check("varchar(5)", STRINGS, Set.of("abc", "abcde", "abcde   ", "😀😀😀😀😀", "😀😀😀😀😀 ", "日本語テキ   ", "ab😀de "));
        d.check("char(5)", STRINGS, Set.of("abc", "abcde", "abcde   ", "😀😀😀😀😀 "));
        d.check("character", STRINGS, Set.of("a"));
        d.check("name", STRINGS, Set.of("abc", "héllo"));
    }

    @Test
    void domainsUseTheirBaseTypeAndEnumsTheirLabel(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DOMAIN short_code AS varchar(3) CHECK (VALUE <> 'bad')");
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        }
        ServerDifferential d = new ServerDifferential(c, "UTC");
        d.check("short_code", List.of("ab", "abc", "abcd", "abc  ", "bad"), Set.of("ab", "abc"));
        d.check("mood", List.of("sad", "happy", "HAPPY", "meh", ""), Set.of("sad", "happy"));
    }

    @Test
    void jsonAndJsonbMatchTheServer(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        List<String> docs = List.of("{}", "[]", "1", "\"s\"", "null", "{\"a\": 1, \"b\": [true, null]}",
                "{\"a\":1,\"a\":2}", "{\"k\": \"héllo 😀\"}", "{\"日本\": [\"😀\", \"\\n\"]}", "{\"u\": \"\\u00e9\"}", "{\"z\": \"\\u0000\"}", "{bad",
                "", "  {\"x\" : 1 }  ");
        d.check("json", docs, Set.of("{}", "[]", "{\"a\": 1, \"b\": [true, null]}"));
        d.check("jsonb", docs, Set.of("{}", "[]", "{\"a\": 1, \"b\": [true, null]}"));
    }

    @Test
    void boolUuidAndByteaMatchTheServer(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        d.check("bool", List.of("t", "f", "true", "false", "TRUE", "False", "yes", "no", "y", "n", "on", "off", "of",
                "o", "1", "0", " true ", "tr", "fa", "truex", "2", "10", "", "maybe",
                // ſ (long s) and ı (dotless i) fold to s and I in Java, not in the server.
                "yeſ", "ſ", "ıf", "ｔrue", "true\u00A0", "é"),
                Set.of("t", "f", "true", "false", "TRUE", "False", "yes", "no", "on", "off", "1", "0", " true "));
        d.check("uuid", List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
                "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
                " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ",
                "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11", "",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380aａ", "a0eebc99‐9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11｝"),
                Set.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                        "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11"));
        d.check("bytea", List.of("\\x", "\\x00", "\\xdeadBEEF", "\\x0", "\\xzz", "\\x de ad", "abc", "a\\\\b",
                "\\001", "", "é", "\\xé0", "\\xdé", "\\x\u00A0a"), Set.of("\\x", "\\x00", "\\xdeadBEEF"));
    }
}
