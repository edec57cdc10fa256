package dev.drover.engine.copy;

import java.nio.charset.StandardCharsets;

/**
 * A field value as a window on valid UTF-8 bytes, reused from value to value so the CSV hot path
 * creates no String per field. Codecs read it like any {@link CharSequence}: {@link #length()}
 * counts bytes and {@link #charAt} returns the byte for ASCII and {@link #NON_ASCII} for any byte of
 * a multi-byte character, which no number, date or boolean parser accepts (such values then take
 * the String path through {@link #toString()}). Text codecs copy {@link #bytes()} as they are.
 *
 * <p>The bytes must be valid UTF-8 without NUL: the reader checks that before a slice is made.
 */
public final class Utf8Slice implements CharSequence {
    /** What {@link #charAt} answers for a byte of a multi-byte character: not a character of any value syntax. */
    public static final char NON_ASCII = '\uFFFF';

    private byte[] bytes;
    private int offset;
    private int length;

    public Utf8Slice set(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    /** Byte length (equal to the character count for ASCII). */
    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        byte b = bytes[offset + index];
        return b >= 0 ? (char) b : NON_ASCII;
    }

    /** Number of code points: the bytes that do not continue a multi-byte character. */
    public int codePointCount() {
        int n = 0;
        byte[] b = bytes;
        for (int i = offset, end = offset + length; i < end; i++) if ((b[i] & 0xC0) != 0x80) n++;
        return n;
    }

    /** Byte index (from the slice start) after the first {@code n} code points, or {@link #length()}. */
    public int byteIndexAfter(int n) {
        byte[] b = bytes;
        int i = offset, end = offset + length;
        for (int cps = 0; i < end; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                if (cps == n) return i - offset;
                cps++;
            }
        }
        return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        // byte indices, like length() and charAt()
        if (start < 0 || end > length || start > end) throw new IndexOutOfBoundsException(start + ".." + end + " of " + length);
        return new String(bytes, offset + start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** What {@link #check} finds. */
    public static final int VALID = 0, HAS_NUL = 1, MALFORMED = -1;

    /** Whether {@code b[from, to)} is well-formed UTF-8 ({@link #VALID}), also with a NUL, or malformed. */
    public static int check(byte[] b, int from, int to) {
        int result = VALID;
        for (int i = from; i < to; ) {
            byte x = b[i];
            if (x > 0) {
                i++;
            } else if (x == 0) {
                result = HAS_NUL;
                i++;
            } else {
                int n = utf8Length(b, i, to);
                if (n < 0) return MALFORMED;
                i += n;
            }
        }
        return result;
    }

    /**
     * The length of the well-formed UTF-8 sequence starting at {@code i} (whose first byte is not ASCII), or
     * minus the number of bytes that make up the malformed start.
     */
    public static int utf8Length(byte[] b, int i, int end) {
        int x = b[i] & 0xFF;
        int n = UTF8_LENGTH[x];
        if (n == 0 || i + 1 >= end) return -1;
        int y = b[i + 1] & 0xFF;
        // the second byte's range depends on the first: that is where overlongs, surrogates and > U+10FFFF show
        if (y < UTF8_SECOND_MIN[x] || y > UTF8_SECOND_MAX[x]) return -1;
        if (n == 2) return 2;
        if (i + 2 >= end || (b[i + 2] & 0xC0) != 0x80) return -2;
        if (n == 3) return 3;
        if (i + 3 >= end || (b[i + 3] & 0xC0) != 0x80) return -3;
        return 4;
    }

    /** Per first byte: sequence length (0 = cannot start one) and the range of the second byte (Unicode table 3-7). */
    private static final byte[] UTF8_LENGTH = new byte[256];
    private static final int[] UTF8_SECOND_MIN = new int[256];
    private static final int[] UTF8_SECOND_MAX = new int[256];

    static {
        for (int x = 0xC2; x <= 0xF4; x++) {
            UTF8_LENGTH[x] = (byte) (x < 0xE0 ? 2 : x < 0xF0 ? 3 : 4);
            UTF8_SECOND_MIN[x] = x == 0xE0 ? 0xA0 : x == 0xF0 ? 0x90 : 0x80;
            UTF8_SECOND_MAX[x] = x == 0xED ? 0x9F : x == 0xF4 ? 0x8F : 0xBF;
        }
    }

}
