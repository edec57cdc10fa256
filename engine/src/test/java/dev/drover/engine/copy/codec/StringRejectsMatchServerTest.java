package dev.drover.engine.copy.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.testkit.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

@ExtendWith(PostgresExtension.class)
class StringRejectsMatchServerTest {
    private static final CodecContext CTX = new CodecContext(ZoneOffset.UTC);

    @Test
    void nulCharacterIsRejectedWithTheMessageBinaryCopyWouldGive(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nul (c text)");
        }
        // What the server says about the same bytes, sent raw.
        byte[] copy = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 1, 0, 0, 0, 3, 'a', 0, 'b', (byte) 0xFF, (byte) 0xFF};
        PSQLException server = catchThrowableOfType(PSQLException.class, () -> c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY nul FROM STDIN (FORMAT binary)", new ByteArrayInputStream(copy)));

        for (int oid : new int[] {Codecs.TEXT, Codecs.VARCHAR, Codecs.JSON, Codecs.JSONB}) {
            FieldCodec codec = Codecs.forType(oid, -1, 'S', CTX);
            CopyBuffer out = new CopyBuffer(4);
            ValueRejected e = catchThrowableOfType(ValueRejected.class, () -> codec.writeBinary("a\u0000b", out));
            assertThat(e.sqlState()).isEqualTo(server.getSQLState());
            assertThat(e.getMessage()).isEqualTo(server.getServerErrorMessage().getMessage());
            assertThat(e.hint()).isNotBlank();
        }
    }

    @Test
    void loneSurrogatesAreRejectedRatherThanLoadedAsQuestionMarks() {
        FieldCodec codec = Codecs.forType(Codecs.TEXT, -1, 'S', CTX);
        for (String bad : new String[] {"a\uD800", "\uDC00b", "x\uD83D\uD83Dy"}) {
            assertThatThrownBy(() -> codec.writeBinary(bad, new CopyBuffer(4)))
                    .isInstanceOfSatisfying(ValueRejected.class, e -> assertThat(e.sqlState()).isEqualTo("22021"));
        }
        FieldCodec varchar = Codecs.forType(Codecs.VARCHAR, 2 + 4, 'S', CTX);
        assertThatThrownBy(() -> varchar.writeBinary("ab\uDC00", new CopyBuffer(4))).isInstanceOf(ValueRejected.class);
    }

    @Test
    void typesWithoutABinaryCodecAreReportedAsNull() throws SQLException {
        assertThat(Codecs.forType(869 /* inet */, -1, 'I', CTX)).isNull();
        assertThat(Codecs.forType(790 /* money */, -1, 'N', CTX)).isNull();
        assertThat(Codecs.forType(12345, -1, 'E', CTX)).isNotNull();
    }
}
