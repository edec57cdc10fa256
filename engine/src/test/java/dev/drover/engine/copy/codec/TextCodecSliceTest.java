package dev.drover.engine.copy.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.TestSlices;
import dev.drover.engine.copy.ValueRejected;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextCodecSliceTest {
    private static final CodecContext CTX = new CodecContext(ZoneOffset.UTC);
    private static final FieldCodec VARCHAR3 = Codecs.forType(Codecs.VARCHAR, 3 + 4, 'S', CTX);
    private static final FieldCodec CHAR3 = Codecs.forType(Codecs.BPCHAR, 3 + 4, 'S', CTX);

    private static byte[] field(byte[] payload) {
        byte[] f = new byte[4 + payload.length];
        f[0] = (byte) (payload.length >>> 24);
        f[1] = (byte) (payload.length >>> 16);
        f[2] = (byte) (payload.length >>> 8);
        f[3] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 4, payload.length);
        return f;
    }

    private static byte[] write(FieldCodec codec, String value) throws ValueRejected {
        CopyBuffer out = new CopyBuffer(2);
        assertThat(codec.writeBinary(TestSlices.of(value), out)).as(value).isTrue();
        assertThat(TestSlices.sliceDisagreement(codec, value)).isNull();
        return Arrays.copyOf(out.buf, out.pos);
    }

    @Test
    void varcharCountsCodePointsSoMultiByteCharactersFitUpToTheLimit() throws Exception {
        for (FieldCodec codec : new FieldCodec[] {VARCHAR3, CHAR3}) {
            for (String v : new String[] {"日本語", "ab😀", "😀😀😀", "é", ""}) {
                assertThat(write(codec, v)).as(v).isEqualTo(field(v.getBytes(UTF_8)));
            }
        }
    }

    @Test
    void spacesBeyondTheLimitAreDroppedAndAnythingElseIsTooLong() throws Exception {
        assertThat(write(VARCHAR3, "日本語 ")).isEqualTo(field("日本語".getBytes(UTF_8)));
        assertThat(write(VARCHAR3, "😀😀😀    ")).isEqualTo(field("😀😀😀".getBytes(UTF_8)));
        assertThat(write(CHAR3, "ab  ")).isEqualTo(field("ab ".getBytes(UTF_8)));
        for (String v : new String[] {"日本語x", "😀😀😀😀", "ab😀 é", "abc \t", "abcd"}) {
            for (FieldCodec codec : new FieldCodec[] {VARCHAR3, CHAR3}) {
                CopyBuffer out = new CopyBuffer(8);
                ValueRejected e = catchThrowableOfType(ValueRejected.class, () -> codec.writeBinary(TestSlices.of(v), out));
                assertThat(e).as(v).isNotNull();
                assertThat(e.sqlState()).isEqualTo("22001");
                assertThat(out.pos).isZero();
                assertThat(TestSlices.sliceDisagreement(codec, v)).isNull();
            }
        }
        ValueRejected e = catchThrowableOfType(ValueRejected.class, () -> VARCHAR3.writeBinary(TestSlices.of("abcd"), new CopyBuffer(8)));
        assertThat(e.getMessage()).isEqualTo("value too long for type character varying(3)");
    }

    @Test
    void jsonbGetsItsVersionByteBeforeTheText() throws Exception {
        String doc = "{\"k\": \"😀\"}";
        byte[] json = doc.getBytes(UTF_8);
        byte[] payload = new byte[1 + json.length];
        payload[0] = 1;
        System.arraycopy(json, 0, payload, 1, json.length);
        assertThat(write(Codecs.forType(Codecs.JSONB, -1, 'U', CTX), doc)).isEqualTo(field(payload));
        assertThat(write(Codecs.forType(Codecs.JSON, -1, 'U', CTX), doc)).isEqualTo(field(json));
    }

    @Test
    void nameTakesAtMost63BytesWhateverTheCharacters() throws Exception {
        FieldCodec name = Codecs.forType(Codecs.NAME, -1, 'S', CTX);
        String fits = "é".repeat(31) + "a";
        assertThat(write(name, fits)).isEqualTo(field(fits.getBytes(UTF_8)));
        for (String tooLong : new String[] {"é".repeat(32), "x".repeat(64)}) {
            CopyBuffer out = new CopyBuffer(4);
            assertThat(name.writeBinary(TestSlices.of(tooLong), out)).isFalse();
            assertThat(out.pos).isZero();
            assertThat(TestSlices.sliceDisagreement(name, tooLong)).isNull();
        }
    }

    @Test
    void aLongSliceGrowsTheBuffer() throws Exception {
        String big = "日本😀x".repeat(50_000);
        assertThat(write(TextCodec.UNBOUNDED, big)).isEqualTo(field(big.getBytes(UTF_8)));
    }
}
