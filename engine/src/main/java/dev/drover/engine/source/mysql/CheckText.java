package dev.drover.engine.source.mysql;

import dev.drover.engine.source.db.QuotedNames;

/**
 * CHECK clauses and index expressions arrive in MySQL syntax with backquoted names ({@code `price` > 0}). The
 * target creates columns under lower-cased names, so each backquoted name becomes that name double-quoted; the rest
 * of the expression is kept as written, and a function PostgreSQL lacks fails its constraint step with the reason.
 */
final class CheckText {
    private CheckText() {}

    static String toPostgres(String mysql) {
        StringBuilder out = new StringBuilder(mysql.length());
        int i = 0;
        while (i < mysql.length()) {
            char c = mysql.charAt(i);
            if (c == '\'') {
                // a string literal: copied, with MySQL's backslash escapes turned into PostgreSQL's doubled quotes
                out.append('\'');
                i++;
                while (i < mysql.length()) {
                    char d = mysql.charAt(i);
                    if (d == '\\' && i + 1 < mysql.length()) {
                        char e = mysql.charAt(i + 1);
                        out.append(e == '\'' ? "''" : String.valueOf(e));
                        i += 2;
                    } else if (d == '\'' && i + 1 < mysql.length() && mysql.charAt(i + 1) == '\'') {
                        out.append("''");
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        out.append(d);
                        i++;
                    }
                }
                out.append('\'');
            } else if (c == '`') {
                i = QuotedNames.rewrite(mysql, i, '`', out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
