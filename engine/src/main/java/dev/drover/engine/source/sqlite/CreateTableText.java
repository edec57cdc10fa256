package dev.drover.engine.source.sqlite;

import dev.drover.engine.catalog.SourceTable.CheckConstraint;
import dev.drover.engine.source.sqlite.SqlTokens.Kind;
import dev.drover.engine.source.sqlite.SqlTokens.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What only the {@code CREATE TABLE} text says: no PRAGMA reports CHECK constraints, generated-column
 * expressions, AUTOINCREMENT or constraint names. Parsing is lenient: an unexpected shape yields fewer facts,
 * never an exception, because SQLite has already validated the text.
 *
 * @param checks           column-level and table-level CHECKs in the order written
 * @param generated        generated-column expression per lower-cased column name
 * @param autoincrement    the AUTOINCREMENT keyword appears (SQLite accepts it only on the INTEGER PRIMARY KEY)
 * @param primaryKeyName   the name given with {@code CONSTRAINT name PRIMARY KEY}, or null
 * @param namedUniques     UNIQUE constraints given a name, with their lower-cased columns
 * @param namedForeignKeys foreign keys given a name, with their lower-cased columns
 */
record CreateTableText(List<CheckConstraint> checks, Map<String, String> generated, boolean autoincrement,
                       String primaryKeyName, List<Named> namedUniques, List<Named> namedForeignKeys) {

    record Named(String name, List<String> columns) {}

    static final CreateTableText EMPTY = new CreateTableText(List.of(), Map.of(), false, null, List.of(), List.of());

    private static final List<String> TABLE_CONSTRAINT_STARTS = List.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");
    /** Keywords that start a column constraint: a pending {@code CONSTRAINT name} belongs to the first one. */
    private static final List<String> COLUMN_CONSTRAINT_STARTS =
            List.of("PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS");

    static CreateTableText parse(String sql) {
        if (sql == null) {
            return EMPTY;
        }
        List<Token> t = SqlTokens.tokenize(sql);
        int open = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).kind() == Kind.LPAREN) {
                open = i;
                break;
            }
            if (t.get(i).isWord("AS")) {
                return EMPTY; // CREATE TABLE ... AS SELECT: SQLite rewrites it, but be safe
            }
        }
        if (open < 0) {
            return EMPTY;
        }
        int close = SqlTokens.matching(t, open);
        Builder b = new Builder();
        for (Token tok : t) {
            if (tok.isWord("AUTOINCREMENT")) {
                b.autoincrement = true;
            }
        }
        for (int[] part : SqlTokens.splitTopLevel(t, open + 1, close)) {
            if (part[0] >= part[1]) {
                continue;
            }
            Token first = t.get(part[0]);
            if (first.kind() == Kind.WORD && TABLE_CONSTRAINT_STARTS.contains(first.upper())) {
                tableConstraint(sql, t, part[0], part[1], b);
            } else if (first.isName()) {
                columnDefinition(sql, t, part[0], part[1], b);
            }
        }
        return new CreateTableText(b.checks, b.generated, b.autoincrement, b.primaryKeyName, b.uniques, b.foreignKeys);
    }

    private static final class Builder {
        final List<CheckConstraint> checks = new ArrayList<>();
        final Map<String, String> generated = new HashMap<>();
        final List<Named> uniques = new ArrayList<>();
        final List<Named> foreignKeys = new ArrayList<>();
        boolean autoincrement;
        String primaryKeyName;
    }

    private static void columnDefinition(String sql, List<Token> t, int from, int to, Builder b) {
        String column = t.get(from).value();
        List<String> self = List.of(lower(column));
        String pendingName = null;
        int i = from + 1;
        while (i < to) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.LPAREN) {
                i = SqlTokens.matching(t, i) + 1;
                continue;
            }
            String kw = tok.upper();
            if (kw.equals("CONSTRAINT") && i + 1 < to) {
                pendingName = t.get(i + 1).value();
                i += 2;
                continue;
            }
            if (!COLUMN_CONSTRAINT_STARTS.contains(kw)) {
                i++;
                continue;
            }
            String name = pendingName;
            pendingName = null;
            switch (kw) {
                case "CHECK" -> {
                    int[] inner = parenthesised(t, i + 1, to);
                    if (inner != null) {
                        b.checks.add(new CheckConstraint(name, SqlTokens.text(sql, t, inner[0], inner[1] - 1).trim()));
                        i = inner[1] + 1;
                        continue;
                    }
                }
                case "AS" -> {
                    int[] inner = parenthesised(t, i + 1, to);
                    if (inner != null) {
                        b.generated.put(lower(column), SqlTokens.text(sql, t, inner[0], inner[1] - 1).trim());
                        i = inner[1] + 1;
                        continue;
                    }
                }
                case "PRIMARY" -> {
                    if (name != null) {
                        b.primaryKeyName = name;
                    }
                }
                case "UNIQUE" -> {
                    if (name != null) {
                        b.uniques.add(new Named(name, self));
                    }
                }
                case "REFERENCES" -> {
                    if (name != null) {
                        b.foreignKeys.add(new Named(name, self));
                    }
                }
                default -> { }
            }
            i++;
        }
    }

    private static void tableConstraint(String sql, List<Token> t, int from, int to, Builder b) {
        String name = null;
        int i = from;
        if (t.get(i).isWord("CONSTRAINT") && i + 1 < to) {
            name = t.get(i + 1).value();
            i += 2;
        }
        if (i >= to) {
            return;
        }
        String kw = t.get(i).upper();
        switch (kw) {
            case "CHECK" -> {
                int[] inner = parenthesised(t, i + 1, to);
                if (inner != null) {
                    b.checks.add(new CheckConstraint(name, SqlTokens.text(sql, t, inner[0], inner[1] - 1).trim()));
                }
            }
            case "PRIMARY", "UNIQUE", "FOREIGN" -> {
                int lp = i + 1;
                while (lp < to && t.get(lp).kind() != Kind.LPAREN) {
                    lp++;
                }
                int[] inner = parenthesised(t, lp, to);
                if (inner == null || name == null) {
                    return;
                }
                List<String> columns = new ArrayList<>();
                for (int[] part : SqlTokens.splitTopLevel(t, inner[0], inner[1])) {
                    columns.add(lower(t.get(part[0]).value()));
                }
                switch (kw) {
                    case "PRIMARY" -> b.primaryKeyName = name;
                    case "UNIQUE" -> b.uniques.add(new Named(name, columns));
                    default -> b.foreignKeys.add(new Named(name, columns));
                }
            }
            default -> { }
        }
    }

    /** For an opening parenthesis at {@code at}: the token range inside it as [first, closing). */
    private static int[] parenthesised(List<Token> t, int at, int to) {
        if (at >= to || t.get(at).kind() != Kind.LPAREN) {
            return null;
        }
        int close = SqlTokens.matching(t, at);
        return new int[] {at + 1, close};
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The name given to a UNIQUE constraint on exactly these columns, or null. */
    String uniqueName(List<String> columns) {
        return find(namedUniques, columns);
    }

    /** The name given to a foreign key on exactly these columns, or null. */
    String foreignKeyName(List<String> columns) {
        return find(namedForeignKeys, columns);
    }

    private static String find(List<Named> named, List<String> columns) {
        List<String> key = columns.stream().map(CreateTableText::lower).toList();
        return named.stream().filter(n -> n.columns().equals(key)).map(Named::name).findFirst().orElse(null);
    }
}
