package dev.drover.engine.pgloader;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads tokens from the templated text on demand. pgloader's grammar is scannerless (what a run of characters is
 * depends on the clause: a path, a URI, a Lisp expression), so the parser asks for the token kind it expects next.
 * Every read method skips whitespace and comments first.
 */
final class Scanner {
    private final SourceText source;
    private final String text;
    private final int[] rawOffsets;
    int pos;

    Scanner(SourceText source, Template.Rendered rendered) {
        this.source = source;
        this.text = rendered.text();
        this.rawOffsets = rendered.rawOffsets();
    }

    String text() {
        return text;
    }

    int rawOffset(int index) {
        return rawOffsets[Math.min(index, text.length())];
    }

    Position position(int index) {
        return source.position(rawOffset(index));
    }

    /** Where the next token starts. */
    Position here() {
        skipTrivia();
        return position(pos);
    }

    CommandFileException error(int index, String problem) {
        return source.error(rawOffset(index), problem);
    }

    CommandFileException errorHere(String problem) {
        skipTrivia();
        return error(pos, problem);
    }

    void skipTrivia() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
                pos++;
            } else if (text.startsWith("--", pos)) {
                // v3 needs a newline after the comment; a last line without one is accepted here (no meaning changes)
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl + 1;
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) throw error(pos, "unterminated comment: the /* here is never closed with */");
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    boolean atEnd() {
        skipTrivia();
        return pos >= text.length();
    }

    char peekChar() {
        skipTrivia();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    boolean acceptChar(char c) {
        if (peekChar() == c && pos < text.length()) {
            pos++;
            return true;
        }
        return false;
    }

    void expectChar(char c, String context) {
        if (!acceptChar(c)) throw errorHere("expected '" + c + "' " + context + ", found " + found());
    }

    static boolean wordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean wordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == '%';
    }

    private int wordEnd(int from) {
        if (from >= text.length() || !wordStart(text.charAt(from))) return from;
        int i = from + 1;
        while (i < text.length() && wordPart(text.charAt(i))) i++;
        return i;
    }

    /** The bare word at the cursor as written, or null. */
    String peekWord() {
        skipTrivia();
        int end = wordEnd(pos);
        return end == pos ? null : text.substring(pos, end);
    }

    String word() {
        String w = peekWord();
        if (w != null) pos += w.length();
        return w;
    }

    /** True if the next words are {@code phrase} (space-separated, case-insensitive); nothing is consumed. */
    boolean peek(String phrase) {
        int save = pos;
        try {
            return accept(phrase);
        } finally {
            pos = save;
        }
    }

    /** Consumes {@code phrase} (space-separated keywords, case-insensitive) if the next words are exactly these. */
    boolean accept(String phrase) {
        int save = pos;
        for (String k : phrase.split(" ")) {
            String w = peekWord();
            if (w == null || !w.equalsIgnoreCase(k)) {
                pos = save;
                return false;
            }
            pos += w.length();
        }
        return true;
    }

    void expect(String phrase, String context) {
        if (!accept(phrase)) throw errorHere("expected " + phrase.toUpperCase(Locale.ROOT) + " " + context + ", found " + found());
    }

    /** The next token as a message shows it: {@code 'WITH'}, {@code ';'}, {@code end of file}. */
    String found() {
        skipTrivia();
        if (pos >= text.length()) return "end of file";
        String w = peekWord();
        if (w != null) return "'" + w + "'";
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            int end = text.indexOf(c, pos + 1);
            if (end >= 0 && end - pos < 40) return text.substring(pos, end + 1);
        }
        int end = pos;
        if (Character.isDigit(c)) {
            while (end < text.length() && Character.isDigit(text.charAt(end))) end++;
        } else {
            // a path or URL reads best whole; punctuation alone
            while (end < text.length() && end - pos < 30 && !Character.isWhitespace(text.charAt(end)) && ";,()[]".indexOf(text.charAt(end)) < 0) end++;
        }
        return "'" + text.substring(pos, Math.max(end, pos + 1)) + "'";
    }

    boolean peekQuote() {
        char c = peekChar();
        return c == '\'' || c == '"';
    }

    /** A {@code '...'} or {@code "..."} string, without its quotes; there is no escape in pgloader's quoted text. */
    String quoted(String what) {
        skipTrivia();
        char q = pos < text.length() ? text.charAt(pos) : '\0';
        if (q != '\'' && q != '"') throw errorHere("expected " + what + " in quotes, found " + found());
        int end = text.indexOf(q, pos + 1);
        if (end < 0) {
            throw error(pos, "unterminated string: the " + q + " here is never closed (pgloader strings have no escapes, so the text cannot contain " + q + ")");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    char quoteChar() {
        return peekChar();
    }

    /** A {@code $$ ... $$} body, without the dollars. */
    String dollarQuoted(String what) {
        skipTrivia();
        if (!text.startsWith("$$", pos)) throw errorHere("expected " + what + " as $$ ... $$, found " + found());
        int end = text.indexOf("$$", pos + 2);
        if (end < 0) throw error(pos, "unterminated $$ block: the $$ here is never closed (the body cannot contain $$; use a named tag such as $f$ inside)");
        String s = text.substring(pos + 2, end);
        pos = end + 2;
        return s;
    }

    boolean peekDollar() {
        skipTrivia();
        return text.startsWith("$$", pos);
    }

    boolean peekRegex() {
        return peekChar() == '~';
    }

    /** {@code ~} and a delimited body (reference §1.5); the body is compiled to be sure Java can run it. */
    NamePattern regex() {
        skipTrivia();
        int start = pos;
        Position at = position(start);
        if (pos + 1 >= text.length() || text.charAt(pos) != '~') throw errorHere("expected a regular expression (~/.../), found " + found());
        char open = text.charAt(pos + 1);
        char close = switch (open) {
            case '/', '"', '\'', '|', '#' -> open;
            case '[' -> ']';
            case '{' -> '}';
            case '(' -> ')';
            case '<' -> '>';
            default -> throw error(pos, "'~" + open + "' does not start a regular expression; the delimiters are / [ { ( < \" ' | #");
        };
        int end = text.indexOf(close, pos + 2);
        if (end < 0) throw error(start, "unterminated regular expression: no closing '" + close + "' for the ~" + open + " here");
        String body = text.substring(pos + 2, end);
        pos = end + 1;
        try {
            Pattern.compile(body);
        } catch (PatternSyntaxException e) {
            throw error(start, "bad regular expression ~" + open + body + close + ": " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
        return new NamePattern(NamePattern.Kind.REGEX, body, at);
    }

    boolean peekDigit() {
        char c = peekChar();
        return c >= '0' && c <= '9';
    }

    /** Decimal digits (and {@code 0x} hex when {@code hex}), as an int. */
    int integer(String what, boolean hex) {
        skipTrivia();
        int start = pos;
        if (hex && (text.startsWith("0x", pos) || text.startsWith("0X", pos))) {
            int i = pos + 2;
            while (i < text.length() && Character.digit(text.charAt(i), 16) >= 0) i++;
            if (i > pos + 2) {
                pos = i;
                return parse(text.substring(start + 2, i), 16, start, what);
            }
        }
        int i = pos;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
        if (i == pos) throw errorHere("expected " + what + " (a number), found " + found());
        pos = i;
        return parse(text.substring(start, i), 10, start, what);
    }

    private int parse(String digits, int radix, int at, String what) {
        try {
            return Integer.parseInt(digits, radix);
        } catch (NumberFormatException e) {
            throw error(at, what + " " + digits + " is too large");
        }
    }

    /** Characters up to whitespace or any of {@code stops}; used for URIs and bare paths. */
    String run(String stops) {
        skipTrivia();
        int i = pos;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && stops.indexOf(text.charAt(i)) < 0) i++;
        String s = text.substring(pos, i);
        pos = i;
        return s;
    }

    boolean startsWith(String prefix) {
        skipTrivia();
        return text.regionMatches(true, pos, prefix, 0, prefix.length());
    }
}
