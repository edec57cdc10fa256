package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.drover.engine.copy.CopyBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyTextTest {
    static String field(Object v, String type) throws Exception {
        CopyBuffer b = new CopyBuffer(16);
        CopyText.write(v, type, b);
        return new String(b.buf, 0, b.pos, StandardCharsets.UTF_8);
    }

    @Test
    void javaValuesBecomePostgresTextInputEscapedForCopy() throws Exception {
        assertThat(field(null, "text")).isEqualTo("\\N");
        assertThat(field("a\tb\nc\\d", "text")).isEqualTo("a\\tb\\nc\\\\d");
        assertThat(field(true, "boolean")).isEqualTo("t");
        assertThat(field(new BigDecimal("1E+3"), "numeric")).isEqualTo("1000");
        assertThat(field(Double.NEGATIVE_INFINITY, "float8")).isEqualTo("-Infinity");
        assertThat(field(1.9, "integer")).as("never truncated: the server refuses it").isEqualTo("1.9");
        assertThat(field(new byte[]{0, (byte) 0xff}, "bytea")).isEqualTo("\\\\x00ff");
        assertThat(field(List.of(1, 2), "int[]")).isEqualTo("{\"1\",\"2\"}");
        assertThat(field(List.of(List.of("a"), Arrays.asList((String) null)), "text[][]")).isEqualTo("{{\"a\"},{NULL}}");
        assertThat(field(new String[]{"q\"uote", "back\\slash"}, "text[]")).isEqualTo("{\"q\\\\\"uote\",\"back\\\\\\\\slash\"}");
    }

    @Test
    void jsonColumnsTakeJsonTextNodesOrAnyJavaValue() throws Exception {
        assertThat(field("{\"a\":1}", "jsonb")).isEqualTo("{\"a\":1}");
        assertThat(field(JsonNodeFactory.instance.nullNode(), "json")).as("JSON null is not SQL NULL").isEqualTo("null");
        assertThat(field(Map.of("k", List.of(1)), "JSONB")).isEqualTo("{\"k\":[1]}");
        assertThat(field(List.of(1, 2), "json")).as("a list is a JSON array here, not a PostgreSQL array").isEqualTo("[1,2]");
    }

    @Test
    void nulCharactersAreRefusedBeforeTheServer() {
        assertThatThrownBy(() -> field("a\u0000b", "text")).hasMessageContaining("0x00");
    }

    @Test
    void wireStrings() {
        assertThat(HighWatermark.fromWire("2024-01-01")).as("not JSON: a JSON string")
                .isEqualTo(HighWatermark.explicit(JsonNodeFactory.instance.textNode("2024-01-01")));
        assertThat(HighWatermark.fromWire("42")).isEqualTo(HighWatermark.explicit(JsonNodeFactory.instance.numberNode(42)));
        assertThat(HighWatermark.EARLIEST.wire()).isEqualTo("__EARLIEST__");
        assertThatThrownBy(() -> Upsert.fromWire("__SOMETIMES__")).hasMessageContaining("__IF_PRIMARY_KEY__");
    }
}
