package dev.drover.engine.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table name as the user wrote it: {@code t}, {@code s.t}, {@code "My Schema"."My Table"}.
 * Unquoted parts fold to lower case as PostgreSQL folds them; quoted parts keep their case.
 * {@code schema} is null when the user did not name one (the search path decides).
 */
public record TableRef(String schema, String name) {

    public static TableRef parse(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        String t = text.trim();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < t.length() && t.charAt(i + 1) == '"') { cur.append('"'); i++; }
                    else quoted = false;
                } else cur.append(c);
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(wasQuoted ? cur.toString() : cur.toString().toLowerCase(Locale.ROOT));
                cur.setLength(0);
                wasQuoted = false;
            } else cur.append(c);
        }
        if (quoted) throw new IllegalArgumentException("unterminated quote in table name " + text);
        parts.add(wasQuoted ? cur.toString() : cur.toString().toLowerCase(Locale.ROOT));
        if (parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("not a table name: " + text + " (expected table or schema.table)");
        }
        return parts.size() == 1 ? new TableRef(null, parts.get(0)) : new TableRef(parts.get(0), parts.get(1));
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The name for SQL: {@code "s"."t"} or {@code "t"}. */
    public String sql() {
        return schema == null ? quote(name) : quote(schema) + "." + quote(name);
    }

    /** The name for people and file names: {@code s.t} or {@code t}. */
    public String display() {
        return schema == null ? name : schema + "." + name;
    }

    public TableRef withSchema(String s) {
        return new TableRef(s, name);
    }
}
