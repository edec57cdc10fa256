package dev.drover.engine.source.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQLite's own DDL text split into tokens, as SQLite lexes it: the schema table keeps the CREATE statements
 * exactly as written, and several facts (CHECK constraints, generated-column expressions, AUTOINCREMENT,
 * constraint names, index expressions and predicates) are only available there. Each token keeps its offsets
 * so that expressions can be returned exactly as the user wrote them.
 */
final class SqlTokens {
    enum Kind { WORD, QUOTED_ID, STRING, NUMBER, LPAREN, RPAREN, COMMA, OTHER }

    /** @param value the identifier or string value (quotes removed and unescaped); the raw text otherwise */
    record Token(Kind kind, int start, int end, String value) {
        boolean isWord(String keyword) {
            return kind == Kind.WORD && value.equalsIgnoreCase(keyword);
        }

        String upper() {
            return kind == Kind.WORD ? value.toUpperCase(Locale.ROOT) : "";
        }

        /** SQLite accepts a string literal where it expects a name, so both count. */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_ID || kind == Kind.STRING;
        }
    }

    private SqlTokens() {}

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int e = sql.indexOf('\n', i);
                i = e < 0 ? n : e + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int e = closing(sql, i, c);
                String inner = sql.substring(i + 1, Math.max(i + 1, e - 1));
                String doubled = String.valueOf(c) + c;
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_ID, i, e, inner.replace(doubled, String.valueOf(c))));
                i = e;
            } else if (c == '[') {
                int e = sql.indexOf(']', i + 1);
                e = e < 0 ? n : e + 1;
                out.add(new Token(Kind.QUOTED_ID, i, e, sql.substring(i + 1, Math.max(i + 1, e - 1))));
                i = e;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, i, i + 1, "("));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, i, i + 1, ")"));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, i, i + 1, ","));
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int s = i;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (Character.isLetterOrDigit(d) || d == '.' || d == '_') {
                        i++;
                    } else if ((d == '+' || d == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                            && !sql.substring(s, i).startsWith("0x")) {
                        i++;
                    } else {
                        break;
                    }
                }
                out.add(new Token(Kind.NUMBER, s, i, sql.substring(s, i)));
            } else if (isWordChar(c)) {
                int s = i;
                while (i < n && (isWordChar(sql.charAt(i)) || Character.isDigit(sql.charAt(i)))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s, i, sql.substring(s, i)));
            } else {
                out.add(new Token(Kind.OTHER, i, i + 1, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    /** Offset just past the closing quote; a doubled quote is an escaped one. Unterminated: end of text. */
    private static int closing(String sql, int open, char q) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static boolean isWordChar(char c) {
        // SQLite treats every non-ASCII character as an identifier character.
        return c == '_' || c == '$' || (c < 128 ? Character.isLetter(c) : !Character.isWhitespace(c));
    }

    /** Index of the parenthesis closing the one at {@code open}, or the last token when unbalanced. */
    static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Kind k = tokens.get(i).kind();
            if (k == Kind.LPAREN) {
                depth++;
            } else if (k == Kind.RPAREN && --depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** Splits tokens {@code [from, to)} at the commas outside parentheses; each part as a [start, end) pair. */
    static List<int[]> splitTopLevel(List<Token> tokens, int from, int to) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Kind k = tokens.get(i).kind();
            if (k == Kind.LPAREN) {
                depth++;
            } else if (k == Kind.RPAREN) {
                depth--;
            } else if (k == Kind.COMMA && depth == 0) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < to) {
            parts.add(new int[] {start, to});
        }
        return parts;
    }

    /** The source text between two token indexes, inclusive, exactly as written. */
    static String text(String sql, List<Token> tokens, int first, int last) {
        if (first > last) {
            return "";
        }
        return sql.substring(tokens.get(first).start(), tokens.get(last).end());
    }
}
