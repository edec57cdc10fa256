package dev.drover.engine.cast;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a source column default, as the source catalog writes it, into a PostgreSQL SQL expression (reference
 * §9.8): {@code NULL} is no default, the current-time forms of MySQL and SQLite become {@code CURRENT_TIMESTAMP} /
 * {@code CURRENT_DATE} / {@code CURRENT_TIME}, numbers stay numbers, other literals are single-quoted.
 */
public final class Defaults {
    private Defaults() {}

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern FUNCTION_CALL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\s*\\(.*\\)", Pattern.DOTALL);
    private static final Pattern HEX_BLOB = Pattern.compile("[xX]'([0-9A-Fa-f]*)'");
    private static final Pattern NOW = Pattern.compile(
            "current_timestamp\\s*(\\(\\s*\\d*\\s*\\))?|current timestamp|now\\s*\\(\\s*\\)|localtimestamp\\s*(\\(\\s*\\d*\\s*\\))?"
                    + "|datetime\\s*\\(\\s*'now'.*\\)|strftime\\s*\\(.*'now'.*\\)");
    private static final Pattern TODAY = Pattern.compile("current_date\\s*(\\(\\s*\\))?|current date|date\\s*\\(\\s*'now'.*\\)");
    private static final Pattern CLOCK = Pattern.compile("current_time\\s*(\\(\\s*\\d*\\s*\\))?|current time|time\\s*\\(\\s*'now'.*\\)");

    /**
     * @param sourceDefault the default as the source catalog writes it ({@code 'abc'}, {@code 0},
     *                      {@code CURRENT_TIMESTAMP}, {@code '"0"'}), or null
     * @param targetType    the PostgreSQL column type, so that {@code 0}/{@code 1} become {@code false}/{@code true}
     *                      on a boolean
     * @return the SQL expression, or null for no default
     */
    public static String toSql(String sourceDefault, String targetType) {
        if (sourceDefault == null) return null;
        String d = unwrapParentheses(sourceDefault.trim());
        String lower = d.toLowerCase(Locale.ROOT);
        if (d.isEmpty() || lower.equals("null")) return null;
        if (NOW.matcher(lower).matches()) return "CURRENT_TIMESTAMP";
        if (TODAY.matcher(lower).matches()) return "CURRENT_DATE";
        if (CLOCK.matcher(lower).matches()) return "CURRENT_TIME";
        var hex = HEX_BLOB.matcher(d);
        if (hex.matches()) return "'\\x" + hex.group(1).toLowerCase(Locale.ROOT) + "'";
        boolean quoted = d.length() >= 2 && d.startsWith("'") && d.endsWith("'");
        if (!quoted && isExpression(d)) return d;
        String value = quoted ? d.substring(1, d.length() - 1).replace("''", "'") : d;
        // SQLite keeps a default written "0" with its double quotes inside the single quotes: '"0"'.
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
        if (isBoolean(targetType)) {
            String b = booleanLiteral(value);
            if (b != null) return b;
        }
        // A number stays a number, except in a text column where the digits are the text, and in a bit string column,
        // which reads binary digits from a string ('0101') but refuses the number 0101.
        if (NUMBER.matcher(value).matches() && (targetType == null || Capacity.ofTarget(targetType).kind() != Capacity.Kind.TEXT)
                && !isBitString(targetType)) {
            return value;
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A default that is an expression (a function call other than the current-time forms) is written verbatim; it
     * may not exist in PostgreSQL, so callers warn about it.
     */
    public static boolean isExpression(String sourceDefault) {
        if (sourceDefault == null) return false;
        String d = unwrapParentheses(sourceDefault.trim());
        return FUNCTION_CALL.matcher(d).matches() && toSqlIsNotTime(d);
    }

    private static boolean toSqlIsNotTime(String d) {
        String lower = d.toLowerCase(Locale.ROOT);
        return !NOW.matcher(lower).matches() && !TODAY.matcher(lower).matches() && !CLOCK.matcher(lower).matches();
    }

    /** SQLite writes expression defaults in parentheses: {@code (datetime('now'))}, {@code (0)}. */
    private static String unwrapParentheses(String d) {
        while (d.length() >= 2 && d.startsWith("(") && d.endsWith(")") && balanced(d.substring(1, d.length() - 1))) {
            d = d.substring(1, d.length() - 1).trim();
        }
        return d;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        boolean inQuote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') inQuote = !inQuote;
            else if (!inQuote && c == '(') depth++;
            else if (!inQuote && c == ')' && --depth < 0) return false;
        }
        return depth == 0;
    }

    private static boolean isBitString(String targetType) {
        if (targetType == null) return false;
        String base = TargetTypes.baseName(targetType);
        return base.equals("bit") || base.equals("bit varying") || base.equals("varbit");
    }

    private static boolean isBoolean(String targetType) {
        if (targetType == null) return false;
        String base = TargetTypes.baseName(targetType);
        return base.equals("boolean") || base.equals("bool");
    }

    private static String booleanLiteral(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "0", "f", "false", "n", "no", "off" -> "false";
            case "1", "t", "true", "y", "yes", "on" -> "true";
            default -> null;
        };
    }
}
