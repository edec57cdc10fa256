package dev.drover.engine.source.mssql;

import dev.drover.engine.catalog.SourceSequence;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL Server defaults (sys.default_constraints.definition) in the literal form the cast rules and the target's
 * default writer read (reference §9.8): {@code ((0))} → {@code 0}, {@code (N'abc')} → {@code 'abc'},
 * {@code (getdate())} → {@code CURRENT_TIMESTAMP}, {@code (newid())} → {@code gen_random_uuid()},
 * {@code (NEXT VALUE FOR [dbo].[Seq])} → {@code nextval('"dbo"."Seq"')} (the migration renames it), {@code (0x0A)} → {@code x'0a'}.
 */
final class MssqlDefaults {
    private MssqlDefaults() {}

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("0[xX]([0-9A-Fa-f]*)");
    private static final Pattern CALL = Pattern.compile("(?i)([a-z_]+)\\s*\\(\\s*\\)");
    private static final Pattern NEXT_VALUE = Pattern.compile(
            "(?i)NEXT\\s+VALUE\\s+FOR\\s+(?:(\\[(?:[^\\]]|]])+]|[A-Za-z_][\\w$#@]*)\\s*\\.\\s*)?(\\[(?:[^\\]]|]])+]|[A-Za-z_][\\w$#@]*)");
    private static final Pattern CONVERT = Pattern.compile("(?is)(?:try_)?convert\\s*\\(\\s*(\\[[^\\]]+]|\\w+)(\\s*\\([^)]*\\))?\\s*,(.*)\\)");
    private static final Pattern CAST = Pattern.compile("(?is)(?:try_)?cast\\s*\\((.*)\\s+as\\s+(\\[[^\\]]+]|\\w+)(\\s*\\([^)]*\\))?\\s*\\)");
    private static final List<String> NUMERIC = List.of("tinyint", "smallint", "int", "bigint", "decimal", "numeric", "money",
            "smallmoney", "float", "real", "bit");

    /**
     * @param definition the default as SQL Server's catalog writes it, or null
     * @param dataType   the column's base type (lower case), for {@code ''} on numeric columns
     * @return the default as a literal or expression the target's default writer takes, or null for none
     */
    static String normalize(String definition, String dataType) {
        if (definition == null) return null;
        String d = TsqlText.unwrap(definition);
        if (d.isEmpty() || d.equalsIgnoreCase("null")) return null;
        String literal = literal(d, dataType);
        if (literal != null) return literal.isEmpty() ? null : literal;
        Matcher call = CALL.matcher(d);
        if (call.matches()) {
            switch (call.group(1).toLowerCase(Locale.ROOT)) {
                case "getdate", "sysdatetime", "sysdatetimeoffset" -> {
                    return "CURRENT_TIMESTAMP";
                }
                // UTC wall-clock time into a zone-less column: what SQL Server stored
                case "getutcdate", "sysutcdatetime" -> {
                    return "timezone('utc', now())";
                }
                case "newid", "newsequentialid" -> {
                    return "gen_random_uuid()";
                }
                default -> { }
            }
        }
        if (d.equalsIgnoreCase("current_timestamp")) return "CURRENT_TIMESTAMP";
        Matcher next = NEXT_VALUE.matcher(d);
        if (next.matches()) {
            // the source's names, exactly: the migration finds the sequence by them and writes its target name
            String schema = next.group(1) == null ? "dbo" : name(next.group(1));
            return new SourceSequence(schema, name(next.group(2)), null, null, null, null, null, false, null).nextvalDefault();
        }
        // CONVERT(type, literal) keeps the literal; with a style argument (a date format) or around an expression,
        // PostgreSQL could read the text differently, so the default goes (pgloader drops every CONVERT).
        Matcher convert = CONVERT.matcher(d);
        if (convert.matches()) return convertedLiteral(convert.group(3), dataType);
        Matcher cast = CAST.matcher(d);
        if (cast.matches()) return convertedLiteral(cast.group(1), dataType);
        return TsqlText.toPostgres(d);
    }

    private static String convertedLiteral(String inner, String dataType) {
        String literal = literal(TsqlText.unwrap(inner), dataType);
        return literal == null || literal.isEmpty() ? null : literal;
    }

    /** A literal in the target's form, "" for a literal that means no default, or null when {@code d} is not one. */
    private static String literal(String d, String dataType) {
        boolean unicode = d.length() >= 3 && (d.charAt(0) == 'N' || d.charAt(0) == 'n') && d.charAt(1) == '\'';
        String s = unicode ? d.substring(1) : d;
        if (s.length() >= 2 && s.charAt(0) == '\'' && TsqlText.literalEnd(s, 0) == s.length()) {
            // '' on a number column is SQL Server's implicit 0 at insert time, and no value at all in PostgreSQL
            if (s.equals("''") && NUMERIC.contains(dataType)) return "";
            return s;
        }
        if (NUMBER.matcher(d).matches()) return d;
        Matcher hex = HEX.matcher(d);
        if (hex.matches()) return "x'" + hex.group(1).toLowerCase(Locale.ROOT) + "'";
        return null;
    }

    private static String name(String part) {
        return part.startsWith("[") ? part.substring(1, part.length() - 1).replace("]]", "]") : part;
    }
}
