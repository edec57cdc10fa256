package dev.drover.engine.plan;

import dev.drover.engine.cast.PgloaderDateFormat;
import java.util.List;

/**
 * One field of a fixed-width record, as pgloader's {@code LOAD FIXED} field list
 * ({@code name from START for LENGTH [null if blanks, trim right whitespace, date format 'YYYYMMDD']}).
 *
 * <p>Positions count characters of the decoded line (code points), not bytes: {@code from} is the 0-based offset
 * of the field's first character and {@code length} the number of characters. The value is
 * {@code line[from, from+length)} clipped at the end of the line: NULL when the line ends before {@code from},
 * the empty string when it ends exactly at {@code from}. Then, in pgloader's order: {@code null if} (any match
 * gives NULL), trimming, date format.
 *
 * @param name         the field's name; a target column of the same name (case-insensitive) takes its value
 * @param from         0-based character offset
 * @param length       number of characters, at least 1
 * @param nullIfBlanks NULL when the value is only spaces (U+0020), the empty string included
 * @param nullIf       exact texts read as NULL (case-sensitive), checked before trimming
 * @param trim         which spaces (U+0020 only) are removed
 * @param dateFormat   a pgloader date format ({@code YYYY-MM-DD HH24:MI:SS}...) the value is read with, or null
 */
public record FixedField(String name, int from, int length, boolean nullIfBlanks, List<String> nullIf, Trim trim,
                         String dateFormat) {

    /** pgloader's {@code trim both|left|right whitespace}; NONE keeps padding spaces as data. */
    public enum Trim {
        NONE, BOTH, LEFT, RIGHT;

        /** The value without its leading and/or trailing spaces (U+0020 only, as pgloader's {@code trim ... whitespace}). */
        public CharSequence apply(CharSequence v) {
            if (this == NONE) return v;
            int s = 0;
            int e = v.length();
            if (this != RIGHT) while (s < e && v.charAt(s) == ' ') s++;
            if (this != LEFT) while (e > s && v.charAt(e - 1) == ' ') e--;
            return s == 0 && e == v.length() ? v : v.toString().substring(s, e);
        }
    }

    /** pgloader's {@code null if blanks}: spaces only (U+0020), the empty value included. */
    public static boolean blank(CharSequence v) {
        for (int k = 0; k < v.length(); k++) if (v.charAt(k) != ' ') return false;
        return true;
    }

    public FixedField {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a fixed-width field needs a name");
        if (from < 0) throw new IllegalArgumentException("field " + name + ": from cannot be negative (positions start at 0)");
        if (length < 1) throw new IllegalArgumentException("field " + name + ": for (the length) must be at least 1");
        if ((long) from + length > Integer.MAX_VALUE) throw new IllegalArgumentException("field " + name + ": from + for is too large");
        nullIf = nullIf == null ? List.of() : List.copyOf(nullIf);
        if (trim == null) trim = Trim.NONE;
        if (dateFormat != null) PgloaderDateFormat.compile(dateFormat);
    }

    /** A field read as it is: no NULL test, no trimming. */
    public static FixedField of(String name, int from, int length) {
        return new FixedField(name, from, length, false, List.of(), Trim.NONE, null);
    }

    /** The offset just after the field. */
    public int end() {
        return from + length;
    }

    /**
     * Checks a layout: distinct names (case-insensitive, as columns match them), no two fields sharing a character.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static void checkLayout(List<FixedField> fields) {
        for (int i = 0; i < fields.size(); i++) {
            FixedField a = fields.get(i);
            for (int j = 0; j < i; j++) {
                FixedField b = fields.get(j);
                if (a.name().equalsIgnoreCase(b.name())) {
                    throw new IllegalArgumentException("two fixed-width fields are named " + a.name());
                }
                if (a.from() < b.end() && b.from() < a.end()) {
                    throw new IllegalArgumentException("fixed-width fields " + b.name() + " (" + b.from() + " for " + b.length()
                            + ") and " + a.name() + " (" + a.from() + " for " + a.length() + ") overlap");
                }
            }
        }
    }
}
