package dev.drover.engine.pgloader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WITH options each command accepts (reference §3.4, §5.2, §6.1, §8.2, §8.3) and the kind of value each takes,
 * in one place so the parser and its messages agree.
 */
final class OptionCatalog {
    enum Takes {
        FLAG,
        /** {@code = digits}. */
        NUMBER,
        /** {@code = digits unit}. */
        SIZE,
        /** A char-spec: {@code 'c'}, {@code '\t'}, {@code '0x09'}, or a bare name such as {@code backslash-quote}. */
        CHAR,
        /** A quoted text, {@code =} optional. */
        TEXT,
        /** A bare word from a fixed set. */
        WORD
    }

    record Spec(String name, Takes takes, List<String> words) {}

    private static final Map<String, Spec> COMMON = new LinkedHashMap<>();
    private static final Map<String, Spec> FILE = new LinkedHashMap<>();
    private static final Map<String, Spec> CSV = new LinkedHashMap<>();
    private static final Map<String, Spec> FIXED = new LinkedHashMap<>();
    private static final Map<String, Spec> COPY = new LinkedHashMap<>();
    private static final Map<String, Spec> DATABASE = new LinkedHashMap<>();

    static {
        flag(COMMON, "on error stop", "on error resume next", "downcase identifiers", "quote identifiers", "snake_case identifiers");
        put(COMMON, Takes.NUMBER, "batch rows", "prefetch rows", "batch concurrency", "workers", "concurrency", "max parallel create index");
        put(COMMON, Takes.SIZE, "batch size");

        flag(FILE, "truncate", "no truncate", "drop indexes", "drop no indexes", "disable triggers", "disable no triggers");
        put(FILE, Takes.NUMBER, "skip header");

        CSV.putAll(FILE);
        flag(CSV, "csv header", "fields not enclosed", "trim unquoted blanks", "keep unquoted blanks", "null if blanks");
        put(CSV, Takes.CHAR, "fields enclosed by", "fields optionally enclosed by", "fields escaped by", "fields terminated by",
                "lines terminated by");
        CSV.put("csv escape mode", new Spec("csv escape mode", Takes.WORD, List.of("quote", "following")));
        put(CSV, Takes.TEXT, "null if", "date format", "encoding");

        FIXED.putAll(FILE);
        flag(FIXED, "fixed header");
        put(FIXED, Takes.TEXT, "date format");

        COPY.putAll(FILE);
        put(COPY, Takes.CHAR, "delimiter");
        put(COPY, Takes.TEXT, "null");

        flag(DATABASE, "include drop", "include no drop", "create tables", "create no tables", "create indexes",
                "create no indexes", "drop indexes", "uniquify index names", "preserve index names", "foreign keys",
                "no foreign keys", "reset sequences", "reset no sequences", "truncate", "disable triggers", "data only",
                "schema only", "drop schema", "create schemas", "create no schemas", "single reader per thread",
                "multiple readers per thread", "reindex");
        put(DATABASE, Takes.TEXT, "encoding");
        put(DATABASE, Takes.NUMBER, "rows per range");
        put(DATABASE, Takes.SIZE, "chunk size");
    }

    private static void flag(Map<String, Spec> m, String... names) {
        put(m, Takes.FLAG, names);
    }

    private static void put(Map<String, Spec> m, Takes takes, String... names) {
        for (String n : names) m.put(n, new Spec(n, takes, List.of()));
    }

    /** The options of a command, by canonical name; {@code command} is CSV, FIXED, COPY or DATABASE. */
    static Map<String, Spec> forCommand(String command) {
        Map<String, Spec> m = new LinkedHashMap<>(switch (command) {
            case "CSV" -> CSV;
            case "FIXED" -> FIXED;
            case "COPY" -> COPY;
            default -> DATABASE;
        });
        m.putAll(COMMON);
        return m;
    }

    /** pgloader's byte-size units are binary and case-sensitive (reference §8.1). */
    static final List<String> SIZE_UNITS = List.of("kB", "MB", "GB", "TB", "PB");
}
