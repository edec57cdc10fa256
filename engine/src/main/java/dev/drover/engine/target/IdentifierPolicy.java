package dev.drover.engine.target;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How source names become PostgreSQL names. Every name Drover writes is quoted, so reserved words and odd
 * characters are safe whatever the policy; what the policy decides is the spelling users will type later.
 * PostgreSQL cuts names at 63 bytes without a word, so two long names can become one: {@link #collisions}
 * finds that (and names equal after case folding) before anything is created.
 */
public enum IdentifierPolicy {
    /** {@code OrderLines} → {@code orderlines}: usable without quotes, pgloader's default. */
    DOWNCASE,
    /** The source's spelling exactly: {@code "OrderLines"} must then be quoted in every query. */
    QUOTE,
    /** {@code OrderLines}, {@code order lines}, {@code Order-Lines} → {@code order_lines}. */
    SNAKE_CASE,
    /**
     * pgloader's {@code downcase identifiers} exactly (reference §8.5), for plans translated from a {@code .load} file:
     * a bare name ({@code [A-Za-z_][A-Za-z0-9_$]*}) is lower-cased with every character outside {@code [a-z0-9.]}
     * made {@code _} ({@code Total$} → {@code total_}); any other name ({@code My Col}, {@code Città}) keeps its
     * spelling. {@link #DOWNCASE} lower-cases every name and keeps a {@code $}.
     */
    PGLOADER_DOWNCASE,
    /**
     * pgloader's {@code snake_case identifiers} exactly (reference §8.5), for plans translated from a {@code .load}
     * file: in a bare name an {@code _} goes before an upper-case letter that follows a character that is neither
     * upper-case nor {@code _}, then all is lower-cased ({@code playerID} → {@code player_id}, {@code HTTPServer} →
     * {@code httpserver}); a name that is not bare, or whose lower-case form is a reserved or type/function-name
     * PostgreSQL keyword ({@code Order}), keeps its spelling. {@link #SNAKE_CASE} also splits word runs
     * ({@code HTTPServer} → {@code http_server}) and joins words of any name with {@code _}.
     */
    PGLOADER_SNAKE_CASE;

    /** pgloader's test for a name it may change (§8.5 rule 2): anything else is kept as written. */
    private static final java.util.regex.Pattern BARE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /**
     * PostgreSQL's keywords of category reserved (R) and type/function name (T), {@code pg_get_keywords()} of
     * PostgreSQL 17: pgloader quotes these with their original case outside downcase mode (§8.5 rule 3).
     */
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
            "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
            "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
            "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
            "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
            "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "system_user",
            "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with",
            "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full", "ilike",
            "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar",
            "tablesample", "verbose");

    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    public String apply(String name) {
        String n = switch (this) {
            case DOWNCASE -> name.toLowerCase(Locale.ROOT);
            case QUOTE -> name;
            case SNAKE_CASE -> snake(name);
            case PGLOADER_DOWNCASE -> BARE.matcher(name).matches() ? pgloaderLower(name) : name;
            case PGLOADER_SNAKE_CASE -> !BARE.matcher(name).matches() || KEYWORDS.contains(pgloaderLower(name)) ? name
                    : pgloaderSnake(name);
        };
        return truncate(n);
    }

    /** Lower case with every character outside {@code [a-z0-9.]} made {@code _} (§8.5 rules 3 and 4). */
    private static String pgloaderLower(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' ? c : '_');
        }
        return b.toString();
    }

    private static String pgloaderSnake(String name) {
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char prev = name.charAt(i - 1);
                if (!Character.isUpperCase(prev) && prev != '_') b.append('_');
            }
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static String snake(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                boolean boundary = Character.isUpperCase(c) && i > 0
                        && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1))
                        || i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1)) && Character.isUpperCase(name.charAt(i - 1)));
                if (boundary && b.length() > 0 && b.charAt(b.length() - 1) != '_') b.append('_');
                b.append(Character.toLowerCase(c));
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
                b.append('_');
            }
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '_') b.setLength(b.length() - 1);
        return b.length() == 0 ? "_" : b.toString();
    }

    /** The name as PostgreSQL stores it: at most 63 bytes of UTF-8, never half a character. */
    public static String truncate(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) return name;
        int end = name.length();
        while (name.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) end--;
        if (end > 0 && Character.isHighSurrogate(name.charAt(end - 1))) end--;
        return name.substring(0, end);
    }

    /**
     * Source names that land on the same target name, as sentences ({@code "OrderLines" and "orderlines" both
     * become "orderlines"}); empty when there are none.
     */
    public List<String> collisions(List<String> sourceNames) {
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        for (String s : sourceNames) byTarget.computeIfAbsent(apply(s), k -> new ArrayList<>()).add(s);
        List<String> out = new ArrayList<>();
        for (var e : byTarget.entrySet()) {
            if (e.getValue().size() < 2) continue;
            out.add(String.join(" and ", e.getValue().stream().map(n -> "\"" + n + "\"").toList()) + " all become \"" + e.getKey() + "\"");
        }
        return out;
    }
}
