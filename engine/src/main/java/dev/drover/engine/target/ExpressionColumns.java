package dev.drover.engine.target;

import java.util.Map;

/**
 * Rewrites the column names in a PostgreSQL expression (a generation expression, an index expression or predicate,
 * a CHECK) from the source's names to the target's, so that {@code ("Price" * 2)} still computes when the identifier
 * policy made the column {@code price}. Only names that change are touched, and only where they can be a column:
 * not inside string literals, not as a function name ({@code name(}), a type name ({@code ::name}) or a qualifier
 * ({@code name.} / {@code .name}).
 */
public final class ExpressionColumns {
    private ExpressionColumns() {}

    /**
     * @param expression PostgreSQL expression text, names quoted where PostgreSQL needs it (as pg_get_expr writes them)
     * @param names      source column name → target column name
     */
    public static String rename(String expression, Map<String, String> names) {
        if (expression == null || names.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))) return expression;
        StringBuilder out = new StringBuilder(expression.length() + 8);
        int i = 0, n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (c == '\'') {
                int end = literalEnd(expression, i);
                out.append(expression, i, end);
                i = end;
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                int start = i;
                String name;
                if (c == '"') {
                    StringBuilder b = new StringBuilder();
                    i++;
                    while (i < n) {
                        char d = expression.charAt(i);
                        if (d == '"' && i + 1 < n && expression.charAt(i + 1) == '"') {
                            b.append('"');
                            i += 2;
                        } else if (d == '"') {
                            i++;
                            break;
                        } else {
                            b.append(d);
                            i++;
                        }
                    }
                    name = b.toString();
                } else {
                    while (i < n && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_'
                            || expression.charAt(i) == '$')) i++;
                    name = expression.substring(start, i);
                }
                String target = names.get(name);
                if (target != null && !target.equals(name) && isColumnPosition(expression, start, i)) {
                    out.append(TableRef.quote(target));
                } else {
                    out.append(expression, start, i);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Not after {@code ::} or {@code .}, not before {@code (} or {@code .}. */
    private static boolean isColumnPosition(String s, int start, int end) {
        int before = start - 1;
        while (before >= 0 && Character.isWhitespace(s.charAt(before))) before--;
        if (before >= 0 && (s.charAt(before) == '.' || s.charAt(before) == ':')) return false;
        int after = end;
        while (after < s.length() && Character.isWhitespace(s.charAt(after))) after++;
        return after >= s.length() || s.charAt(after) != '(' && s.charAt(after) != '.';
    }

    /** The index after the string literal opening at {@code start} ({@code ''} inside stands for a quote). */
    private static int literalEnd(String s, int start) {
        boolean escapes = start > 0 && (s.charAt(start - 1) == 'E' || s.charAt(start - 1) == 'e');
        int i = start + 1;
        while (i < s.length()) {
            char d = s.charAt(i);
            if (escapes && d == '\\') {
                i += 2;
            } else if (d == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i += 2;
            } else if (d == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }
}
