package dev.drover.engine.source.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one record's bytes into characters for every text reader, with the two fast paths that matter (latin1 maps
 * bytes to characters one to one; a record of ASCII bytes needs no decoder) and the place of a byte the encoding does
 * not allow, for the reader's message.
 */
final class RecordDecoder {
    private final CharsetDecoder decoder;
    /** 0: latin1, byte for character; 1: ASCII fast path, then the decoder; 2: the decoder. */
    private final int mode;
    /** The decoded record: {@code chars[0, length)}. */
    char[] chars = new char[4096];
    int length;
    /** After a failed {@link #decode}: the bad bytes' offset from the record start, how many, and the characters before them. */
    int badAt;
    int badLength;
    int charsBefore;

    RecordDecoder(Charset charset, boolean asciiCompatible) {
        decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        mode = charset.equals(StandardCharsets.ISO_8859_1) ? 0 : asciiCompatible ? 1 : 2;
    }

    /** @return false when a byte is not valid in the encoding ({@link #badAt}, {@link #badLength}, {@link #charsBefore} say where) */
    boolean decode(byte[] b, int from, int to) {
        int len = to - from;
        if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
        final char[] c = chars;
        if (mode == 0) {
            for (int i = 0; i < len; i++) c[i] = (char) (b[from + i] & 0xFF);
            length = len;
            return true;
        }
        if (mode == 1) {
            int i = 0;
            for (; i < len; i++) {
                byte x = b[from + i];
                if (x < 0) break;
                c[i] = (char) x;
            }
            if (i == len) {
                length = len;
                return true;
            }
        }
        decoder.reset();
        ByteBuffer bb = ByteBuffer.wrap(b, from, len);
        CharBuffer cb = CharBuffer.wrap(c);
        CoderResult r = decoder.decode(bb, cb, true);
        if (!r.isError()) r = decoder.flush(cb);
        if (r.isError()) {
            badAt = bb.position() - from;
            badLength = r.length();
            charsBefore = cb.position();
            return false;
        }
        if (r.isOverflow()) throw new IllegalStateException("char buffer too small");
        length = cb.position();
        return true;
    }

    /** The bad bytes as {@code 0xC3 0x28}, for the message. */
    static String hex(byte[] b, int at, int count, int end) {
        StringBuilder bytes = new StringBuilder();
        for (int k = 0; k < Math.max(1, count) && at + k < end; k++) {
            if (k > 0) bytes.append(' ');
            bytes.append(String.format("0x%02X", b[at + k] & 0xFF));
        }
        return bytes.toString();
    }
}
