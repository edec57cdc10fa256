package dev.drover.engine.copy.codec;

/** Character tests that match the C library's in the server's input functions. */
final class Ascii {
    private Ascii() {}

    /** C {@code isspace}: the server's input functions skip exactly these around a value. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static int skipSpaces(String s, int i, int end) {
        while (i < end && isSpace(s.charAt(i))) i++;
        return i;
    }

    static int trimEnd(String s, int start, int end) {
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

    /** Case-insensitive whole-region match of {@code s[from,end)} against a lower-case word. */
    static boolean is(String s, int from, int end, String word) {
        return end - from == word.length() && s.regionMatches(true, from, word, 0, word.length());
    }
}
