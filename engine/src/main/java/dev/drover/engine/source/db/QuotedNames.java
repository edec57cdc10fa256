package dev.drover.engine.source.db;

import java.util.Locale;

/** Source SQL text (CHECKs, index expressions) with the source's quoted names written as PostgreSQL's. */
public final class QuotedNames {
    private QuotedNames() {}

    /**
     * Reads the name quoted from {@code sql[start]} (the opening quote) to {@code close} (doubled, it stands for
     * itself: {@code ]]}, two backquotes) and appends it to {@code out} as the target names it: lower-cased, double
     * quoted. Returns the index after the closing quote.
     */
    public static int rewrite(String sql, int start, char close, StringBuilder out) {
        StringBuilder name = new StringBuilder();
        int i = start + 1;
        while (i < sql.length()) {
            char d = sql.charAt(i);
            if (d == close && i + 1 < sql.length() && sql.charAt(i + 1) == close) {
                name.append(close);
                i += 2;
            } else if (d == close) {
                i++;
                break;
            } else {
                name.append(d);
                i++;
            }
        }
        out.append('"').append(name.toString().toLowerCase(Locale.ROOT).replace("\"", "\"\"")).append('"');
        return i;
    }
}
