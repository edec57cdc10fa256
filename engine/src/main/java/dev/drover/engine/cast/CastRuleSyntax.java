package dev.drover.engine.cast;

import java.util.Locale;

/**
 * One CAST rule in pgloader's syntax (reference §9.1), as plans ({@code casts:}) and {@code --cast} write it:
 * <pre>
 * type int when (&lt; precision 10) to integer drop typemod using zero-dates-to-null
 * column users.created to timestamptz drop default
 * type datetime using zero-dates-to-null
 * </pre>
 * Keywords are case-insensitive; type names with spaces or punctuation are double-quoted ({@code "double precision"},
 * {@code "varchar(10)"}), though a modifier written straight after a name ({@code to numeric(10,2)}) is accepted.
 * Drover adds {@code identity} (the target becomes an identity column) and {@code without extra ...} (the column
 * must not have that extra). {@code keep extra} is accepted and means nothing; {@code drop extra}, Lisp
 * {@code using (lambda ...)} and column rules with options but no {@code to} are refused with a message.
 */
public final class CastRuleSyntax {
    private CastRuleSyntax() {}

    /** A rule that does not parse; {@link #column()} is 1-based in the rule text. */
    public static final class SyntaxException extends IllegalArgumentException {
        private final int column;

        SyntaxException(String rule, String problem, int offset) {
            super(problem + " at column " + (offset + 1) + "\n  " + rule + "\n  " + " ".repeat(Math.min(offset, rule.length())) + "^");
            this.column = offset + 1;
        }

        public int column() {
            return column;
        }
    }

    /**
     * @param origin where the rule comes from, kept in the rule for explanations ({@code "user rule 2"},
     *               {@code "plan casts[1]"})
     * @throws SyntaxException naming the column where the rule stops making sense
     */
    public static CastRule parse(String rule, String origin) {
        return new CastRuleParser(rule, origin).rule();
    }

    /** The rule in the syntax {@link #parse} reads; {@code parse(format(r), r.origin())} equals {@code r}. */
    public static String format(CastRule r) {
        StringBuilder s = new StringBuilder();
        if (r.isColumnRule()) {
            s.append("column ").append(name(r.table())).append('.').append(name(r.column()));
        } else {
            s.append("type ").append(typeName(r.type()));
        }
        if (r.typemodGuard() != null) s.append(" when ").append(r.typemodGuard());
        if (r.unsigned() != null) s.append(r.unsigned() ? " when unsigned" : " when signed");
        if (r.whenDefault() != null) s.append(" when default '").append(r.whenDefault().replace("'", "''")).append('\'');
        if (r.whenNotNull()) s.append(" and not null");
        if (r.autoIncrement() != null) s.append(r.autoIncrement() ? " with" : " without").append(" extra auto_increment");
        if (r.onUpdate() != null) s.append(r.onUpdate() ? " with" : " without").append(" extra on update current_timestamp");
        if (r.targetType() != null) s.append(" to ").append(typeName(r.targetType()));
        if (r.identity()) s.append(" identity");
        if (r.typemod() != null) s.append(r.typemod() == CastRule.Typemod.KEEP ? " keep typemod" : " drop typemod");
        if (r.defaultAction() != null) s.append(r.defaultAction() == CastRule.DefaultAction.KEEP ? " keep default" : " drop default");
        if (r.notNull() != null) s.append(' ').append(r.notNull().name().toLowerCase(Locale.ROOT)).append(" not null");
        if (r.transform() != null) s.append(" using ").append(r.transform());
        return s.toString();
    }

    private static String typeName(String t) {
        return t.matches("[a-z_][a-z0-9_]*") ? t : '"' + t + '"';
    }

    private static String name(String n) {
        return n.matches("[A-Za-z_][A-Za-z0-9_$]*") ? n : '"' + n.replace("\"", "\"\"") + '"';
    }
}
