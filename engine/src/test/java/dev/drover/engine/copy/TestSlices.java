package dev.drover.engine.copy;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.HexFormat;

/** Test values as {@link Utf8Slice}s, and the check that a codec treats a slice like the same String. */
public final class TestSlices {
    // Junk that would change the result if a codec read outside the window: digits, a sign,
    // spaces, a backslash, a two-byte character and stray continuation bytes.
    private static final byte[] BEFORE = {'9', '-', ' ', '\\', (byte) 0xC3, (byte) 0xA9, '\t', '1'};
    private static final byte[] AFTER = {'7', (byte) 0x80, ' ', '\n', 'x', (byte) 0xBF, '0', ' '};
    /** Bytes a codec must leave alone in front of its field. */
    private static final byte[] OUT_PREFIX = {'<', 'o', 'l', 'd', '>'};

    private TestSlices() {}

    /** Whether the value has a slice at all: the reader never makes one with NUL or invalid UTF-8. */
    public static boolean representable(String value) {
        return value.indexOf('\0') < 0 && new String(value.getBytes(UTF_8), UTF_8).equals(value);
    }

    /** The value's UTF-8 as a window in the middle of a larger array. */
    public static Utf8Slice of(String value) {
        if (!representable(value)) throw new IllegalArgumentException("no UTF-8 slice for " + value);
        byte[] v = value.getBytes(UTF_8);
        byte[] all = new byte[BEFORE.length + v.length + AFTER.length];
        System.arraycopy(BEFORE, 0, all, 0, BEFORE.length);
        System.arraycopy(v, 0, all, BEFORE.length, v.length);
        System.arraycopy(AFTER, 0, all, BEFORE.length + v.length, AFTER.length);
        return new Utf8Slice().set(all, BEFORE.length, v.length);
    }

    /** What a codec did with a value, comparable between the String and the slice. */
    public record Outcome(String written, boolean parsed, String rejectState, String rejectMessage, String rejectHint) {
        @Override
        public String toString() {
            return rejectState != null ? "rejected " + rejectState + " \"" + rejectMessage + "\" hint=" + rejectHint
                    : parsed ? "written " + written : "not parsed, pos moved by " + written;
        }
    }

    public static Outcome outcome(FieldCodec codec, CharSequence value) {
        // A buffer that must grow, with something in it already, so the codec's offsets are checked too.
        CopyBuffer out = new CopyBuffer(OUT_PREFIX.length + 3);
        out.putBytes(OUT_PREFIX, 0, OUT_PREFIX.length);
        Outcome o;
        try {
            boolean parsed = codec.writeBinary(value, out);
            String written = parsed ? HexFormat.of().formatHex(out.buf, OUT_PREFIX.length, out.pos)
                    : Integer.toString(out.pos - OUT_PREFIX.length);
            o = new Outcome(written, parsed, null, null, null);
        } catch (ValueRejected e) {
            o = new Outcome(null, false, e.sqlState(), e.getMessage(), e.hint());
        }
        if (!Arrays.equals(out.buf, 0, OUT_PREFIX.length, OUT_PREFIX, 0, OUT_PREFIX.length)) {
            throw new AssertionError("codec wrote before out.pos for <" + value + ">");
        }
        return o;
    }

    /**
     * Runs the codec on the value as a String and as a slice: null when both do the same (or the
     * value has no slice), else what differs.
     */
    public static String sliceDisagreement(FieldCodec codec, String value) {
        if (!representable(value)) return null;
        Outcome string = outcome(codec, value), slice = outcome(codec, of(value));
        return string.equals(slice) ? null : "<" + value + ">: String " + string + " but slice " + slice;
    }
}
