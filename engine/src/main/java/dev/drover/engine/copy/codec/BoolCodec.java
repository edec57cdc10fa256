package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;

/** Mirrors the server's {@code parse_bool_with_len}: words, their unique prefixes, 1 and 0. */
final class BoolCodec implements FieldCodec {
    static final BoolCodec INSTANCE = new BoolCodec();

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) {
        int end = value.length();
        int i = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, i, end);
        int len = end - i;
        if (len == 0) return false;
        int result;
        switch (value.charAt(i)) {
            case 't', 'T' -> result = prefix(value, i, len, "true") ? 1 : -1;
            case 'y', 'Y' -> result = prefix(value, i, len, "yes") ? 1 : -1;
            case 'f', 'F' -> result = prefix(value, i, len, "false") ? 0 : -1;
            case 'n', 'N' -> result = prefix(value, i, len, "no") ? 0 : -1;
            // "o" alone could be on or off, so the server wants at least two letters
            case 'o', 'O' -> result = len < 2 ? -1 : prefix(value, i, len, "on") ? 1 : prefix(value, i, len, "off") ? 0 : -1;
            case '1' -> result = len == 1 ? 1 : -1;
            case '0' -> result = len == 1 ? 0 : -1;
            default -> result = -1;
        }
        if (result < 0) return false;
        out.ensure(5);
        out.putInt(1);
        out.putByte(result);
        return true;
    }

    private static boolean prefix(CharSequence s, int from, int len, String word) {
        return len <= word.length() && Ascii.startsWith(s, from, word, len);
    }

    @Override
    public boolean writeTyped(Object value, CopyBuffer out) {
        if (!(value instanceof Boolean b)) return false;
        out.ensure(5);
        out.putInt(1);
        out.putByte(b ? 1 : 0);
        return true;
    }
}
