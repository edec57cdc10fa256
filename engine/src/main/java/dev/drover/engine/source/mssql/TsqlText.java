package dev.drover.engine.source.mssql;

import dev.drover.engine.source.db.QuotedNames;

/**
 * CHECK clauses, filtered-index predicates and default expressions arrive in T-SQL: names in brackets
 * ({@code [price]>(0)}) and Unicode literals ({@code N'abc'}). The target creates columns under lower-cased names, so
 * each bracketed name becomes that name double-quoted and lower-cased, and {@code N'…'} a plain literal; the rest is
 * kept as written, and a function PostgreSQL lacks fails its constraint step with the reason.
 */
final class TsqlText {
    private TsqlText() {}

    static String toPostgres(String tsql) {
        if (tsql == null) return null;
        StringBuilder out = new StringBuilder(tsql.length());
        int i = 0;
        while (i < tsql.length()) {
            char c = tsql.charAt(i);
            if ((c == 'N' || c == 'n') && i + 1 < tsql.length() && tsql.charAt(i + 1) == '\''
                    && (i == 0 || !Character.isLetterOrDigit(tsql.charAt(i - 1)) && tsql.charAt(i - 1) != '_')) {
                i++; // the N of N'…': PostgreSQL text is Unicode already
                continue;
            }
            if (c == '\'') {
                int end = literalEnd(tsql, i);
                out.append(tsql, i, end);
                i = end;
            } else if (c == '[') {
                i = QuotedNames.rewrite(tsql, i, ']', out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index just past the string literal starting at {@code start} (a quote); doubled quotes stay inside. */
    static int literalEnd(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    /** Removes parentheses that wrap the whole text, as SQL Server writes defaults: {@code ((0))} → {@code 0}. */
    static String unwrap(String s) {
        String t = s.trim();
        while (t.length() >= 2 && t.charAt(0) == '(' && closing(t, 0) == t.length() - 1) t = t.substring(1, t.length() - 1).trim();
        return t;
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping string literals; -1 when unbalanced. */
    static int closing(String s, int open) {
        int depth = 0;
        int i = open;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                i = literalEnd(s, i);
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
            i++;
        }
        return -1;
    }
}
