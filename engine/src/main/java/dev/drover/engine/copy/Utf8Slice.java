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
}
