package dev.drover.engine.cast;

import dev.drover.engine.cast.CastRuleSyntax.SyntaxException;
import java.util.Locale;

/** Recursive descent over one rule's text; see {@link CastRuleSyntax} for the grammar. */
final class CastRuleParser {
    private final String text;
    private final String origin;
    private int pos;
    private int lastWordStart;

    // The rule being built.
    private String type;
    private String table;
    private String column;
    private String guard;
    private Boolean unsigned;
    private String whenDefault;
    private boolean whenNotNull;
    private Boolean autoIncrement;
    private Boolean onUpdate;
    private String targetType;
    private CastRule.Typemod typemod;
    private CastRule.DefaultAction defaultAction;
    private CastRule.NotNull notNull;
    private boolean identity;
    private String transform;

    CastRuleParser(String text, String origin) {
        this.text = text == null ? "" : text;
        this.origin = origin;
    }

    CastRule rule() {
        String kind = word("'type' or 'column'");
        switch (kind) {
            case "type" -> type = typeName("a source type name after 'type'");
            case "column" -> columnName();
            default -> throw error("a rule starts with 'type' or 'column', not '" + kind + "'", lastWordStart);
        }
        boolean options = false;
        while (more()) {
            int at = pos;
            String w = word("a guard, 'to', an option or 'using'");
            switch (w) {
                case "when" -> when();
                case "and" -> {
                    expectWord("not", "'and not null'");
                    expectWord("null", "'and not null'");
                    whenNotNull = true;
                }
                case "with", "without" -> extra(w.equals("with"));
                case "to" -> {
                    if (targetType != null) throw error("the rule already has a target type", at);
                    targetType = typeName("a target type name after 'to'");
                    options = true;
                }
                case "drop", "keep", "set" -> {
                    option(w, at);
                    options = true;
                }
                case "identity" -> {
                    identity = true;
                    options = true;
                }
                case "using" -> {
                    using();
                    if (more()) throw error("nothing may follow the transform name", pos);
                }
                default -> throw error("unexpected '" + w + "'" + hint(w), at);
            }
        }
        if (options && targetType == null) {
            if (table != null) {
                throw error("a column rule with options needs a target type: add 'to <type>'", text.length());
            }
            if (type.equals("*") || type.isEmpty()) throw error("options on this rule need a target type: add 'to <type>'", text.length());
            // pgloader: a type rule with options but no 'to' keeps the source type name.
            targetType = type;
        }
        return new CastRule(type, table, column, guard, unsigned, whenDefault, whenNotNull, autoIncrement, onUpdate,
                targetType, typemod, defaultAction, notNull, identity, transform, origin);
    }

    private String hint(String w) {
        return switch (w) {
            case "precision", "zone", "varying", "time" ->
                    ": quote type names of several words, as in \"double precision\" or \"timestamp with time zone\"";
            case "on" -> ": write 'with extra on update current_timestamp'";
            default -> "";
        };
    }

    private void when() {
        skipSpace();
        if (peek() == '(') {
            if (guard != null) throw error("the rule already has a typemod guard", pos);
            int start = pos;
            int end = balancedEnd(start);
            String g = text.substring(start, end);
            try {
                TypemodGuard.parse(g);
            } catch (TypemodGuard.GuardException e) {
                throw error(e.getMessage(), start + e.offset);
            }
            guard = g;
            pos = end;
            return;
        }
        int at = pos; // after the spaces skipped above
        String w = word("'unsigned', 'signed', 'default' or a typemod guard after 'when'");
        switch (w) {
            case "unsigned" -> unsigned = true;
            case "signed" -> unsigned = false;
            case "default" -> whenDefault = quoted("a quoted default value after 'when default'");
            default -> throw error("expected 'unsigned', 'signed', 'default' or a (typemod guard) after 'when', not '" + w + "'", at);
        }
    }

    private void extra(boolean with) {
        expectWord("extra", "'" + (with ? "with" : "without") + " extra'");
        skipSpace();
        int at = pos;
        String w = word("'auto_increment' or 'on update current_timestamp'");
        switch (w) {
            case "auto_increment" -> autoIncrement = with;
            case "on" -> {
                expectWord("update", "'on update current_timestamp'");
                int t = pos;
                String ts = word("'current_timestamp'");
                if (ts.equals("current")) expectWord("timestamp", "'on update current timestamp'");
                else if (!ts.equals("current_timestamp")) throw error("expected 'current_timestamp', not '" + ts + "'", t);
                onUpdate = with;
            }
            case "on_update_current_timestamp" -> throw error(
                    "write 'on update current_timestamp' (pgloader does not read the underscore spelling either)", at);
            default -> throw error("expected 'auto_increment' or 'on update current_timestamp' after 'extra', not '" + w + "'", at);
        }
    }

    private void option(String verb, int at) {
        skipSpace();
        int objAt = pos;
        String what = word("'default', 'typemod', 'not null' or 'extra' after '" + verb + "'");
        switch (what) {
            case "default" -> {
                if (verb.equals("set")) throw error("'set default' is not an option; use 'keep default' or 'drop default'", at);
                defaultAction = verb.equals("drop") ? CastRule.DefaultAction.DROP : CastRule.DefaultAction.KEEP;
            }
            case "typemod" -> {
                if (verb.equals("set")) throw error("'set typemod' is not an option; write the modifier in the target type", at);
                typemod = verb.equals("drop") ? CastRule.Typemod.DROP : CastRule.Typemod.KEEP;
            }
            case "not" -> {
                expectWord("null", "'" + verb + " not null'");
                notNull = CastRule.NotNull.valueOf(verb.toUpperCase(Locale.ROOT));
            }
            case "extra" -> {
                if (!verb.equals("keep")) {
                    throw error("'" + verb + " extra' is not supported: Drover keeps auto-increment as identity and ON UPDATE as a trigger", at);
                }
            }
            default -> throw error("expected 'default', 'typemod', 'not null' or 'extra' after '" + verb + "', not '" + what + "'", objAt);
        }
    }

    private void using() {
        skipSpace();
        if (peek() == '(') {
            throw error("Lisp expressions are not supported in 'using'; name a transform: " + String.join(", ", Transforms.names()), pos);
        }
        int at = pos;
        while (pos < text.length() && isFunctionChar(text.charAt(pos))) pos++;
        String f = text.substring(at, pos).toLowerCase(Locale.ROOT);
        if (f.isEmpty()) throw error("expected a transform name after 'using'", at);
        // pgloader's package prefix (pgloader.transforms::zero-dates-to-null) names the same function.
        int colon = f.lastIndexOf(':');
        String name = colon >= 0 ? f.substring(colon + 1) : f;
        if (Transforms.byName(name).isEmpty()) {
            throw error("unknown transform '" + name + "'; known: " + String.join(", ", Transforms.names()), at);
        }
        transform = name;
    }

    private void columnName() {
        String first = identifier("a table name after 'column'");
        expectChar('.', "'.' between table and column, as in 'column users.created'");
        String second = identifier("a column name after '" + first + ".'");
        skipSpace();
        if (peek() == '.') {
            pos++;
            table = first + "." + second;
            column = identifier("a column name after '" + table + ".'");
        } else {
            table = first;
            column = second;
        }
    }

    private String identifier(String expected) {
        skipSpace();
        if (peek() == '"') return doubleQuoted(expected);
        int at = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_' || text.charAt(pos) == '$')) {
            pos++;
        }
        if (at == pos) throw error("expected " + expected, at);
        return text.substring(at, pos);
    }

    /** A bare name, optionally followed at once by a modifier and {@code []}, or a double-quoted one. */
    private String typeName(String expected) {
        skipSpace();
        if (peek() == '"') return doubleQuoted(expected).trim().toLowerCase(Locale.ROOT);
        int at = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        if (at == pos) throw error("expected " + expected, at);
        if (peek() == '(') pos = balancedEnd(pos);
        if (text.startsWith("[]", pos)) pos += 2;
        return text.substring(at, pos).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }

    private String doubleQuoted(String expected) {
        int at = pos;
        pos++;
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated double quote in " + expected, at);
            char c = text.charAt(pos++);
            if (c == '"') {
                if (peek() != '"') return s.toString();
                pos++;
            }
            s.append(c);
        }
    }

    /** {@code 'value'} (quotes doubled inside) or {@code "value"}, as pgloader reads a default. */
    private String quoted(String expected) {
        skipSpace();
        char q = peek();
        if (q == '"') return doubleQuoted(expected);
        if (q != '\'') throw error("expected " + expected, pos);
        int at = pos++;
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated quote in " + expected, at);
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (peek() != '\'') return s.toString();
                pos++;
            }
            s.append(c);
        }
    }

    private int balancedEnd(int start) {
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i + 1;
        }
        throw error("missing ')'", start);
    }

    private String word(String expected) {
        skipSpace();
        lastWordStart = pos;
        int at = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        if (at == pos) {
            throw error("expected " + expected + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : ""), at);
        }
        return text.substring(at, pos).toLowerCase(Locale.ROOT);
    }

    private void expectWord(String w, String context) {
        int at = pos;
        skipSpace();
        at = Math.max(at, pos);
        String got = pos < text.length() ? word("'" + w + "' in " + context) : "";
        if (!got.equals(w)) throw error("expected '" + w + "' in " + context + (got.isEmpty() ? "" : ", not '" + got + "'"), at);
    }

    private void expectChar(char c, String expected) {
        skipSpace();
        if (peek() != c) throw error("expected " + expected, pos);
        pos++;
    }

    private static boolean isFunctionChar(char c) {
        return Character.isLetterOrDigit(c) || "/.-%:_".indexOf(c) >= 0;
    }

    private boolean more() {
        skipSpace();
        return pos < text.length();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private SyntaxException error(String problem, int offset) {
        return new SyntaxException(text, problem, offset);
    }
}
