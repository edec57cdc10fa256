package dev.drover.engine.copy;

/**
 * PostgreSQL's COPY text escapes (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"), decoded the
 * way the server decodes them: {@code \b \f \n \r \t \v}, {@code \} and 1–3 octal digits, {@code \x} and 1–2 hex
 * digits ({@code \x} without one is an {@code x}), and a backslash before anything else stands for that byte. One
 * rule for every reader of COPY text: files ({@code LOAD COPY}) and a PostgreSQL source's {@code COPY TO}.
 */
public final class CopyTextEscapes {
    private CopyTextEscapes() {}

    /** Set in {@link #decode}'s result when the escape gave a byte by its number (octal or hex): it may not be valid text. */
    public static final long BY_NUMBER = 1L << 16;

    /**
     * Decodes the escape whose letter is {@code b[i]} (the byte after the backslash), {@code i < to}.
     *
     * @return {@code (next index << 32) | flags | byte}: the index after the escape, {@link #BY_NUMBER} when the byte
     *         came from digits, and the byte value in the low 8 bits
     */
    public static long decode(byte[] b, int i, int to) {
        int e = b[i++];
        int v;
        long flags = 0;
        switch (e) {
            case 'b' -> v = '\b';
            case 'f' -> v = '\f';
            case 'n' -> v = '\n';
            case 'r' -> v = '\r';
            case 't' -> v = '\t';
            case 'v' -> v = 0x0B;
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                v = e - '0';
                for (int k = 0; k < 2 && i < to && b[i] >= '0' && b[i] <= '7'; k++) v = v * 8 + (b[i++] - '0');
                flags = BY_NUMBER;
            }
            case 'x' -> {
                int h = i < to ? Character.digit(b[i], 16) : -1;
                if (h < 0) {
                    v = 'x';
                } else {
                    v = h;
                    i++;
                    int h2 = i < to ? Character.digit(b[i], 16) : -1;
                    if (h2 >= 0) {
                        v = v * 16 + h2;
                        i++;
                    }
                    flags = BY_NUMBER;
                }
            }
            default -> v = e; // the byte stands for itself (a multi-byte character's other bytes follow as they are)
        }
        return ((long) i << 32) | flags | (v & 0xFF);
    }

    public static int next(long decoded) {
        return (int) (decoded >>> 32);
    }

    public static int value(long decoded) {
        return (int) (decoded & 0xFF);
    }

    public static boolean byNumber(long decoded) {
        return (decoded & BY_NUMBER) != 0;
    }
}
