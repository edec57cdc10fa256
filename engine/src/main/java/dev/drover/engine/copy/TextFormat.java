package dev.drover.engine.copy;

/**
 * Fields in COPY TEXT format, for tables that cannot be loaded in binary (copy-performance.md §5.5).
 * The caller writes the tab between fields and the newline after each row.
 */
public final class TextFormat {
    private TextFormat() {}

    /** Appends a non-null value as UTF-8 with backslash, newline, carriage return and tab escaped. */
    public static void writeField(CharSequence value, CopyBuffer out) throws ValueRejected {
        if (value instanceof Utf8Slice slice) writeSlice(slice, out);
        else writeChars(value, out);
    }

    /** Bytes of multi-byte characters are never ASCII, so they are copied without looking at them. */
    private static void writeSlice(Utf8Slice value, CopyBuffer out) throws ValueRejected {
        int n = value.length();
        out.ensure(2 * n);
        byte[] src = value.bytes();
        byte[] buf = out.buf;
        int pos = out.pos;
        for (int i = value.offset(), end = i + n; i < end; i++) {
            byte b = src[i];
            switch (b) {
                // Costs nothing in the switch and keeps a slice that broke its promise out of the data.
                case 0 -> throw nul();
                case '\\' -> { buf[pos++] = '\\'; buf[pos++] = '\\'; }
                case '\n' -> { buf[pos++] = '\\'; buf[pos++] = 'n'; }
                case '\r' -> { buf[pos++] = '\\'; buf[pos++] = 'r'; }
                case '\t' -> { buf[pos++] = '\\'; buf[pos++] = 't'; }
                default -> buf[pos++] = b;
            }
        }
        out.pos = pos;
    }

    private static void writeChars(CharSequence value, CopyBuffer out) throws ValueRejected {
        int n = value.length();
        // 3 bytes is the most one char needs, escaped ASCII (2 bytes) included.
        out.ensure(3 * n);
        byte[] buf = out.buf;
        int pos = out.pos;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case 0 -> throw nul();
                    case '\\' -> { buf[pos++] = '\\'; buf[pos++] = '\\'; }
                    case '\n' -> { buf[pos++] = '\\'; buf[pos++] = 'n'; }
                    case '\r' -> { buf[pos++] = '\\'; buf[pos++] = 'r'; }
                    case '\t' -> { buf[pos++] = '\\'; buf[pos++] = 't'; }
                    default -> buf[pos++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                buf[pos++] = (byte) (0xF0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                throw new ValueRejected("22021", String.format("invalid byte sequence for encoding \"UTF8\": unpaired surrogate U+%04X", (int) c),
                        "The source text holds half of a UTF-16 surrogate pair, which has no UTF-8 form; the source data is damaged.");
            } else {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        out.pos = pos;
    }

    /**
     * Field {@code index} (0-based) of the COPY TEXT row in {@code buf[start, end)} as written by this class,
     * unescaped; null for {@code \N}. For telling which value of a row the server skipped.
     */
    public static String readField(byte[] buf, int start, int end, int index) {
        int p = start;
        for (int f = 0; f < index; f++) {
            while (p < end && buf[p] != '\t') p += buf[p] == '\\' ? 2 : 1;
            p++;
        }
        if (p + 1 < end && buf[p] == '\\' && buf[p + 1] == 'N' && (p + 2 >= end || buf[p + 2] == '\t' || buf[p + 2] == '\n')) {
            return null;
        }
        java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
        while (p < end && buf[p] != '\t' && buf[p] != '\n') {
            byte b = buf[p++];
            if (b == '\\' && p < end) {
                byte e = buf[p++];
                v.write(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e);
            } else {
                v.write(b);
            }
        }
        return v.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Appends {@code \N}, the TEXT format's NULL. */
    public static void writeNull(CopyBuffer out) {
        out.ensure(2);
        out.buf[out.pos++] = '\\';
        out.buf[out.pos++] = 'N';
    }

    private static ValueRejected nul() {
        return new ValueRejected("22021", "invalid byte sequence for encoding \"UTF8\": 0x00",
                "PostgreSQL text cannot hold the NUL character (U+0000); remove it from the source value"
                        + " or replace it in a transform.");
    }
}
