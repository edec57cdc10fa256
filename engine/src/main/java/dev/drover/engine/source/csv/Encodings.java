package dev.drover.engine.source.csv;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Encoding names as pgloader accepts them, mapped to Java charsets. */
public final class Encodings {
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        ALIASES.put("utf8", "UTF-8");
        ALIASES.put("utf-8", "UTF-8");
        ALIASES.put("latin1", "ISO-8859-1");
        ALIASES.put("latin-1", "ISO-8859-1");
        ALIASES.put("iso-8859-1", "ISO-8859-1");
        ALIASES.put("latin9", "ISO-8859-15");
        ALIASES.put("latin-9", "ISO-8859-15");
        ALIASES.put("iso-8859-15", "ISO-8859-15");
        ALIASES.put("cp1252", "windows-1252");
        ALIASES.put("windows-1252", "windows-1252");
        ALIASES.put("utf-16", "UTF-16");
        ALIASES.put("utf16", "UTF-16");
        ALIASES.put("utf-16le", "UTF-16LE");
        ALIASES.put("utf-16be", "UTF-16BE");
        ALIASES.put("ascii", "US-ASCII");
        ALIASES.put("us-ascii", "US-ASCII");
    }

    private Encodings() {
    }

    /**
     * Resolves an encoding name case-insensitively (pgloader aliases first, then {@link Charset#forName}).
     *
     * @throws IllegalArgumentException for an unknown name, listing close names
     */
    public static Charset forName(String name) {
        if (name == null || name.isBlank()) return StandardCharsets.UTF_8;
        String key = name.trim().toLowerCase(Locale.ROOT);
        String mapped = ALIASES.get(key);
        try {
            return Charset.forName(mapped != null ? mapped : name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            List<String> close = closeNames(key);
            throw new IllegalArgumentException("unknown encoding '" + name + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
                    + " (common names: utf-8, latin1, latin9, cp1252, utf-16, ascii)");
        }
    }

    static List<String> closeNames(String key) {
        TreeSet<String> names = new TreeSet<>(ALIASES.keySet());
        for (Charset c : Charset.availableCharsets().values()) {
            names.add(c.name().toLowerCase(Locale.ROOT));
            for (String a : c.aliases()) names.add(a.toLowerCase(Locale.ROOT));
        }
        String k = key.replace("-", "").replace("_", "");
        List<String> out = new ArrayList<>();
        names.stream()
                .map(n -> Map.entry(n, distance(k, n.replace("-", "").replace("_", ""))))
                .filter(e -> e.getValue() <= Math.max(1, k.length() / 3))
                .sorted(Comparator.comparing(Map.Entry<String, Integer>::getValue).thenComparing(Map.Entry::getKey))
                .limit(5)
                .forEach(e -> out.add(e.getKey()));
        return out;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
