package dev.drover.engine.source.sqlite;

import dev.drover.engine.source.sqlite.SqlTokens.Kind;
import dev.drover.engine.source.sqlite.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * What only the {@code CREATE INDEX} text says: PRAGMA index_xinfo reports an expression part as a bare
 * {@code cid = -2} and never gives a partial index's predicate.
 *
 * @param parts each indexed part as written, without its COLLATE and ASC/DESC
 * @param where the partial-index predicate as written, or null
 */
record CreateIndexText(List<String> parts, String where) {
    static final CreateIndexText EMPTY = new CreateIndexText(List.of(), null);

    static CreateIndexText parse(String sql) {
        if (sql == null) {
            return EMPTY;
        }
        List<Token> t = SqlTokens.tokenize(sql);
        int on = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).isWord("ON")) {
                on = i;
                break;
            }
        }
        int open = on;
        while (open >= 0 && open < t.size() && t.get(open).kind() != Kind.LPAREN) {
            open++;
        }
        if (open < 0 || open >= t.size()) {
            return EMPTY;
        }
        int close = SqlTokens.matching(t, open);
        List<String> parts = new ArrayList<>();
        for (int[] p : SqlTokens.splitTopLevel(t, open + 1, close)) {
            int last = p[1] - 1;
            if (last > p[0] && (t.get(last).isWord("ASC") || t.get(last).isWord("DESC"))) {
                last--;
            }
            if (last > p[0] + 1 && t.get(last - 1).isWord("COLLATE")) {
                last -= 2;
            }
            parts.add(SqlTokens.text(sql, t, p[0], last));
        }
        String where = null;
        if (close + 1 < t.size() && t.get(close + 1).isWord("WHERE") && close + 2 < t.size()) {
            where = sql.substring(t.get(close + 2).start()).trim();
            if (where.endsWith(";")) {
                where = where.substring(0, where.length() - 1).trim();
            }
        }
        return new CreateIndexText(parts, where);
    }
}
