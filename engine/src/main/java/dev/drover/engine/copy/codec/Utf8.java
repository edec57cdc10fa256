package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.ValueRejected;

/** Writes UTF-16 text as UTF-8 straight into the COPY buffer (copy-performance.md §7.3). */
final class Utf8 {
    private Utf8() {}

    /**
     * Appends {@code s[from,to)} as UTF-8; the caller has reserved 3 bytes per char, the most one
     * UTF-16 unit can need (a surrogate pair takes 4 bytes for 2 chars).
     */
    static void write(CharSequence s, int from, int to, CopyBuffer out) throws ValueRejected {
        byte[] buf = out.buf;
        int pos = out.pos;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) throw nul();
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // String.getBytes would write '?' and load a different value without a word.
                throw loneSurrogate(c);
            } else {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        out.pos = pos;
    }

    static ValueRejected nul() {
        return new ValueRejected("22021", "invalid byte sequence for encoding \"UTF8\": 0x00",
                "PostgreSQL text cannot hold the NUL character (U+0000); remove it from the source value"
                        + " or replace it in a transform.");
    }

    static ValueRejected loneSurrogate(char c) {
        return new ValueRejected("22021", String.format("invalid byte sequence for encoding \"UTF8\": unpaired surrogate U+%04X", (int) c),
                "The source text holds half of a UTF-16 surrogate pair, which has no UTF-8 form; the source data is damaged.");
    }
}
