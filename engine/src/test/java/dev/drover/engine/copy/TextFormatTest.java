package dev.drover.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testkit.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

@ExtendWith(PostgresExtension.class)
class TextFormatTest {

    private static final List<String> VALUES = List.of("", "plain", "tab\there", "new\nline", "cr\rlf\r\n",
            "back\\slash", "\\N", "\\.", "\\x41", "ends with backslash\\", "héllo 日本 😀", "\u007f\u0001", " spaces ");

    @Test
    void valuesSurviveATextFormatCopyExactly(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tf (id int, a text, b text)");
        }
        CopyBuffer out = new CopyBuffer(16);
        CopyBuffer fromSlices = new CopyBuffer(16);
        for (int i = 0; i < VALUES.size(); i++) {
            TextFormat.writeField(Integer.toString(i), out);
            out.ensure(1);
            out.putByte('\t');
            int start = out.pos;
            TextFormat.writeField(VALUES.get(i), out);
            TextFormat.writeField(TestSlices.of(VALUES.get(i)), fromSlices);
            assertThat(Arrays.copyOf(fromSlices.buf, fromSlices.pos)).as("slice of <%s>", VALUES.get(i))
                    .isEqualTo(Arrays.copyOfRange(out.buf, start, out.pos));
            fromSlices.pos = 0;
            out.ensure(1);
            out.putByte('\t');
            TextFormat.writeNull(out);
            out.ensure(1);
            out.putByte('\n');
        }
        long rows = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY tf (id, a, b) FROM STDIN", new ByteArrayInputStream(Arrays.copyOf(out.buf, out.pos)));
        assertThat(rows).isEqualTo(VALUES.size());
        List<String> back = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT a, b FROM tf ORDER BY id")) {
            while (r.next()) {
                back.add(r.getString(1));
                assertThat(r.getString(2)).isNull();
            }
        }
        assertThat(back).containsExactlyElementsOf(VALUES);
    }

    @Test
    void aSliceIsCopiedWithOnlyBackslashNewlineReturnAndTabEscaped() throws Exception {
        String value = "a\\b\nc\rd\te é日😀\\";
        byte[] expected = "a\\\\b\\nc\\rd\\te é日😀\\\\".getBytes(StandardCharsets.UTF_8);
        // Already at its full size after the prefix, so the slice path has to grow it.
        CopyBuffer out = new CopyBuffer(3);
        out.putBytes(new byte[] {'x', 'y', 'z'}, 0, 3);
        TextFormat.writeField(TestSlices.of(value), out);
        assertThat(Arrays.copyOfRange(out.buf, 3, out.pos)).isEqualTo(expected);
        assertThat(Arrays.copyOf(out.buf, 3)).isEqualTo(new byte[] {'x', 'y', 'z'});

        CopyBuffer empty = new CopyBuffer(0);
        TextFormat.writeField(TestSlices.of(""), empty);
        assertThat(empty.pos).isZero();
    }

    @Test
    void nulAndLoneSurrogatesAreRejectedBeforeTheServer() {
        CopyBuffer out = new CopyBuffer(4);
        assertThatThrownBy(() -> TextFormat.writeField("a\u0000b", out))
                .isInstanceOfSatisfying(ValueRejected.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22021");
                    assertThat(e.getMessage()).isEqualTo("invalid byte sequence for encoding \"UTF8\": 0x00");
                    assertThat(e.hint()).isNotBlank();
                });
        assertThatThrownBy(() -> TextFormat.writeField("x\uD800", out))
                .isInstanceOfSatisfying(ValueRejected.class, e -> assertThat(e.sqlState()).isEqualTo("22021"));
    }
}
