package dev.drover.engine.source.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared SQLite type reduced to what cast rules match on. SQLite accepts any words as a type (it only
 * derives an affinity from them), so names arrive as people wrote them for other databases: this keeps the
 * meaningful words and drops the ones pgloader also ignores (§9.5 of the pgloader reference).
 *
 * @param dataType  lower case, noise words removed, words joined by one space; "" for no declared type
 * @param precision first type modifier, or null
 * @param scale     second type modifier, or null
 * @param unsigned  the word {@code unsigned} was present
 */
record SqliteTypeName(String dataType, Integer precision, Integer scale, boolean unsigned) {
    private static final Set<String> NOISE = Set.of("unsigned", "signed", "short", "varying", "native", "nocase",
            "auto_increment");
    private static final Pattern TYPEMOD = Pattern.compile("\\(([^()]*)\\)");
    private static final Pattern NUMBERS = Pattern.compile("\\s*([+-]?\\d+)\\s*(?:,\\s*([+-]?\\d+)\\s*)?");

    static SqliteTypeName parse(String declared) {
        if (declared == null || declared.isBlank()) {
            return new SqliteTypeName("", null, null, false);
        }
        String s = declared.toLowerCase(Locale.ROOT);
        Integer precision = null;
        Integer scale = null;
        Matcher m = TYPEMOD.matcher(s);
        if (m.find()) {
            Matcher nums = NUMBERS.matcher(m.group(1));
            if (nums.matches()) {
                precision = parseInt(nums.group(1));
                scale = nums.group(2) == null ? null : parseInt(nums.group(2));
                if (precision == null) {
                    scale = null;
                }
            }
            s = s.substring(0, m.start()) + " " + s.substring(m.end());
        }
        boolean unsigned = false;
        List<String> words = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            if (w.equals("unsigned")) {
                unsigned = true;
            }
            if (!w.isEmpty() && !NOISE.contains(w)) {
                words.add(w);
            }
        }
        return new SqliteTypeName(String.join(" ", words), precision, scale, unsigned);
    }

    /** Out-of-range modifiers are not modifiers a PostgreSQL type could take: treat them as absent. */
    private static Integer parseInt(String digits) {
        try {
            return Integer.valueOf(digits.startsWith("+") ? digits.substring(1) : digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
