package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;

/**
 * Mirrors the server's {@code string_to_uuid}: optional braces, 32 hex digits, a hyphen allowed
 * after any group of four; no surrounding whitespace.
 */
final class UuidCodec implements FieldCodec {
    static final UuidCodec INSTANCE = new UuidCodec();

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) {
        int n = value.length();
        int i = 0;
        boolean braces = n > 0 && value.charAt(0) == '{';
        if (braces) i++;
        long hi = 0, lo = 0;
        for (int b = 0; b < 16; b++) {
            if (i + 1 >= n) return false;
            int h1 = Ascii.hex(value.charAt(i)), h2 = Ascii.hex(value.charAt(i + 1));
            if (h1 < 0 || h2 < 0) return false;
            i += 2;
            if (b < 8) hi = hi << 8 | h1 << 4 | h2;
            else lo = lo << 8 | h1 << 4 | h2;
            if (i < n && value.charAt(i) == '-' && (b & 1) == 1 && b < 15) i++;
        }
        if (braces) {
            if (i >= n || value.charAt(i) != '}') return false;
            i++;
        }
        if (i != n) return false;
        out.ensure(20);
        out.putInt(16);
        out.putLong(hi);
        out.putLong(lo);
        return true;
    }
}
