package dev.drover.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed-width layout in one line, as {@code drover load --fixed} and the wizard take it:
 * {@code --fixed 'id:0:5, name:5:20[null if blanks, trim right whitespace], born:25:8[date format ''YYYYMMDD'']'}:
 * comma-separated fields {@code NAME:FROM:FOR}, FROM the 0-based character offset and FOR the length in characters
 * (decimal or 0x hex, as pgloader's {@code from N for M}), each optionally followed by pgloader's field options
 * in brackets.
 */
public final class FixedLayout {
    private static final Pattern FIELD = Pattern.compile("\\s*([^:\\[\\]\\s]+)\\s*:\\s*([^:\\[\\]\\s]+)\\s*:\\s*([^:\\[\\]\\s]+)\\s*(?:\\[(.*)\\])?\\s*", Pattern.DOTALL);
    private static final Pattern NULL_TEXT = Pattern.compile("(?i)null\\s+if\\s+'(.*)'", Pattern.DOTALL);
    private static final Pattern TRIM = Pattern.compile("(?i)trim\\s+(both|left|right)\\s+whitespace");
    private static final Pattern DATE = Pattern.compile("(?i)date\\s+format\\s+'(.*)'", Pattern.DOTALL);

    private FixedLayout() {}

    /** The fields of a layout ({@code id:0:5, name:5:20[trim right whitespace]}); messages start with {@code --fixed:}. */
    public static List<FixedField> parse(String spec) {
        List<FixedField> out = new ArrayList<>();
        for (String item : split(spec)) {
            if (item.isBlank()) throw new IllegalArgumentException("--fixed: an empty field in '" + spec + "'");
            Matcher m = FIELD.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("--fixed: cannot read '" + item.trim() + "': write NAME:FROM:FOR, e.g. id:0:5"
                        + " (FROM is the 0-based character offset, FOR the length), optionally followed by [null if blanks, trim right whitespace]");
            }
            String name = m.group(1);
            int from = number(m.group(2), name, "FROM");
            int length = number(m.group(3), name, "FOR");
            boolean blanks = false;
            List<String> nullIf = new ArrayList<>();
            FixedField.Trim trim = FixedField.Trim.NONE;
            String date = null;
            if (m.group(4) != null) {
                for (String opt : split(m.group(4))) {
                    String o = opt.trim();
                    Matcher x;
                    if (o.matches("(?i)null\\s+if\\s+blanks")) blanks = true;
                    else if ((x = NULL_TEXT.matcher(o)).matches()) nullIf.add(x.group(1).replace("''", "'"));
                    else if ((x = TRIM.matcher(o)).matches()) trim = FixedField.Trim.valueOf(x.group(1).toUpperCase(Locale.ROOT));
                    else if ((x = DATE.matcher(o)).matches()) date = x.group(1).replace("''", "'");
                    else {
                        throw new IllegalArgumentException("--fixed: field " + name + ": unknown option '" + o
                                + "' (known: null if blanks, null if 'text', trim both|left|right whitespace, date format 'YYYY-MM-DD')");
                    }
                }
            }
            out.add(new FixedField(name, from, length, blanks, nullIf, trim, date));
        }
        return out;
    }

    private static int number(String s, String field, String what) {
        try {
            int v = s.startsWith("0x") || s.startsWith("0X") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
            if (v < 0) throw new IllegalArgumentException("--fixed: field " + field + ": " + what + " cannot be negative (" + s + "); positions start at 0");
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fixed: field " + field + ": " + what + " must be a whole number, not '" + s + "'");
        }
    }

    /** Splits on commas outside brackets and single quotes. */
    private static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') quoted = !quoted;
            else if (!quoted && c == '[') depth++;
            else if (!quoted && c == ']') depth--;
            else if (!quoted && depth == 0 && c == ',') {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /**
     * pgloader's {@code fixed header} guess (reference §5.4): every run of non-space characters (U+0020 is the only
     * space) of the header line starts a field named by that word, which runs to the start of the next word; the
     * last field runs to the end of the line (pgloader computes it one character short, which loses the last
     * character of every value: not reproduced). Every field gets {@code null if blanks} and
     * {@code trim right whitespace}. Positions count code points, as the fixed-width reader does.
     *
     * @param header the header line without its line end
     * @throws IllegalArgumentException when the line has no word, or two words name the same field
     */
    public static List<FixedField> fromHeader(String header) {
        int[] cps = header.codePoints().toArray();
        List<int[]> words = new ArrayList<>(); // {start, end} in code points
        for (int i = 0; i < cps.length; ) {
            if (cps[i] == ' ') {
                i++;
                continue;
            }
            int start = i;
            while (i < cps.length && cps[i] != ' ') i++;
            words.add(new int[] {start, i});
        }
        if (words.isEmpty()) throw new IllegalArgumentException("the header line has no field name");
        List<FixedField> out = new ArrayList<>();
        for (int k = 0; k < words.size(); k++) {
            int[] w = words.get(k);
            int end = k + 1 < words.size() ? words.get(k + 1)[0] : cps.length;
            String name = new String(cps, w[0], w[1] - w[0]);
            out.add(new FixedField(name, w[0], end - w[0], true, List.of(), FixedField.Trim.RIGHT, null));
        }
        FixedField.checkLayout(out);
        return out;
    }

    /** The layout as {@link #parse} reads it: {@code format(parse(x))} parses to the same fields. */
    public static String format(List<FixedField> fields) {
        List<String> out = new ArrayList<>();
        for (FixedField f : fields) {
            List<String> opts = new ArrayList<>();
            if (f.nullIfBlanks()) opts.add("null if blanks");
            for (String t : f.nullIf()) opts.add("null if '" + t.replace("'", "''") + "'");
            if (f.trim() != FixedField.Trim.NONE) opts.add("trim " + f.trim().name().toLowerCase(Locale.ROOT) + " whitespace");
            if (f.dateFormat() != null) opts.add("date format '" + f.dateFormat().replace("'", "''") + "'");
            out.add(f.name() + ":" + f.from() + ":" + f.length() + (opts.isEmpty() ? "" : "[" + String.join(", ", opts) + "]"));
        }
        return String.join(", ", out);
    }
}
