package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;

/**
 * bytea in the hex form {@code \x0a1b…}; the escape form and hex with spaces go to the server.
 * Only ASCII hex digits are read, so a {@link dev.drover.engine.copy.Utf8Slice} needs no decoding:
 * any non-ASCII byte makes the value the server's to parse.
 */
final class ByteaCodec implements FieldCodec {
    static final ByteaCodec INSTANCE = new ByteaCodec();

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) {
        int n = value.length();
        if (n < 2 || value.charAt(0) != '\\' || value.charAt(1) != 'x' || (n & 1) != 0) return false;
        int len = (n - 2) / 2;
        out.ensure(4 + len);
        byte[] buf = out.buf;
        int pos = out.pos + 4;
        for (int i = 2; i < n; i += 2) {
            int h1 = Ascii.hex(value.charAt(i)), h2 = Ascii.hex(value.charAt(i + 1));
            if (h1 < 0 || h2 < 0) return false;  // nothing is committed until out.pos moves
            buf[pos++] = (byte) (h1 << 4 | h2);
        }
        out.putInt(len);
        out.pos = pos;
        return true;
    }

    /** Bytes as they are: no hex text made and read again. */
    @Override
    public boolean writeTyped(Object value, CopyBuffer out) {
        if (!(value instanceof byte[] b)) return false;
        out.ensure(4 + b.length);
        out.putInt(b.length);
        out.putBytes(b, 0, b.length);
        return true;
    }
}
