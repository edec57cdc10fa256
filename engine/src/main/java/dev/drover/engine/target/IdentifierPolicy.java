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
    SNAKE_CASE;

    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    public String apply(String name) {
        String n = switch (this) {
            case DOWNCASE -> name.toLowerCase(Locale.ROOT);
            case QUOTE -> name;
            case SNAKE_CASE -> snake(name);
        };
        return truncate(n);
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
