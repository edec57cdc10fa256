package dev.drover.engine.copy.codec;

/**
 * Character tests that match the C library's in the server's input functions. They take any
 * {@link CharSequence}: a {@link dev.drover.engine.copy.Utf8Slice} answers
 * {@link dev.drover.engine.copy.Utf8Slice#NON_ASCII} for the bytes of a multi-byte character,
 * which none of these tests accepts, so such a value is simply not parsed here.
 */
final class Ascii {
    private Ascii() {}

    /** C {@code isspace}: the server's input functions skip exactly these around a value. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static int skipSpaces(CharSequence s, int i, int end) {
        while (i < end && isSpace(s.charAt(i))) i++;
        return i;
    }

    static int trimEnd(CharSequence s, int start, int end) {
        while (end > start && isSpace(s.charAt(end - 1))) end--;
        return end;
    }

    /** -1 when not a hex digit. */
    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /**
     * ASCII-only case folding, like the server's {@code pg_strncasecmp}. String.regionMatches
     * with ignoreCase would also fold 'ı' to 'i' and 'ſ' to 's', and so accept "ınfinity" or
     * "yeſ", which the server rejects.
     */
    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
    }

    /** Case-insensitive whole-region match of {@code s[from,end)} against a lower-case word. */
    static boolean is(CharSequence s, int from, int end, String word) {
        return end - from == word.length() && startsWith(s, from, word, word.length());
    }

    /** Whether {@code s[from,from+len)} matches the first {@code len} chars of a lower-case word, any case. */
    static boolean startsWith(CharSequence s, int from, String word, int len) {
        for (int k = 0; k < len; k++) {
            if (lower(s.charAt(from + k)) != word.charAt(k)) return false;
        }
        return true;
    }
}
