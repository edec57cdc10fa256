package dev.drover.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgloader's {@code WITH} options for CSV loads ({@code --with 'fields terminated by ;'}), applied to a
 * source and options pair. A string may hold several options separated by commas outside quotes.
 */
public final class WithOptions {
    /** The options understood, as shown in error messages. */
    public static final List<String> KNOWN = List.of(
            "skip header = N", "csv header", "fields terminated by 'c'", "fields [optionally] enclosed by 'c'",
            "fields not enclosed", "fields escaped by backslash-quote|double-quote|'c'", "csv escape mode quote|following",
            "lines terminated by 'c'", "encoding 'name'",
            "null if blanks", "null if 'text'", "trim unquoted blanks", "keep unquoted blanks", "truncate", "no truncate",
            "drop indexes", "drop no indexes", "disable triggers", "disable no triggers", "create table",
            "batch rows = N", "batch size = 20 MB", "workers = N", "concurrency = N",
            "on error stop", "on error resume next", "max errors = N|P%");

    /** Both halves of what options change. */
    public record Result(CsvSource source, LoadOptions options) {}

    private static final String CH = "('(?:[^']|'')*'|\\S+)";
    private static final Pattern SKIP_HEADER = Pattern.compile("skip\\s+header\\s*=\\s*(\\d+)");
    private static final Pattern TERMINATED = Pattern.compile("fields\\s+terminated\\s+by\\s+" + CH);
    private static final Pattern ENCLOSED = Pattern.compile("fields\\s+(?:optionally\\s+)?enclosed\\s+by\\s+" + CH);
    private static final Pattern ESCAPED = Pattern.compile("fields\\s+escaped\\s+by\\s+" + CH);
    private static final Pattern LINES = Pattern.compile("lines\\s+terminated\\s+by\\s+" + CH);
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=?\\s*" + CH);
    private static final Pattern NULL_IF = Pattern.compile("null\\s+if\\s+" + CH);
    private static final Pattern BATCH_ROWS = Pattern.compile("batch\\s+rows\\s*=\\s*(\\d+)");
    private static final Pattern BATCH_SIZE = Pattern.compile("batch\\s+size\\s*=\\s*(\\d+\\s*[a-zA-Z]*)");
    private static final Pattern WORKERS = Pattern.compile("workers\\s*=\\s*(\\d+)");
    private static final Pattern CONCURRENCY = Pattern.compile("concurrency\\s*=\\s*(\\d+)");
    private static final Pattern MAX_ERRORS = Pattern.compile("max\\s+errors\\s*=\\s*(\\S+)");

    private WithOptions() {}

    public static Result apply(List<String> withs, CsvSource source, LoadOptions options) {
        CsvSourceBuilder s = new CsvSourceBuilder(source);
        LoadOptionsBuilder o = new LoadOptionsBuilder(options);
        for (String w : withs) for (String one : split(w)) apply(one, s, o);
        return new Result(s.build(), o.build());
    }

    public static Result apply(String with, CsvSource source, LoadOptions options) {
        return apply(List.of(with), source, options);
    }

    /** Applies one option; @throws IllegalArgumentException naming the option (and the known ones when unknown). */
    public static void apply(String option, CsvSourceBuilder s, LoadOptionsBuilder o) {
        String t = option.trim().replaceAll("\\s+", " ");
        String k = t.toLowerCase(Locale.ROOT);
        Matcher m;
        try {
            switch (k) {
                case "csv header" -> { s.header = true; return; }
                case "fields not enclosed" -> { s.quote = null; s.escape = null; return; }
                case "trim unquoted blanks" -> { s.trimBlanks = true; return; }
                case "keep unquoted blanks" -> { s.trimBlanks = false; return; }
                case "null if blanks" -> { addNull(s, ""); return; }
                case "truncate" -> { o.truncate = true; return; }
                case "no truncate" -> { o.truncate = false; return; }
                case "drop indexes" -> { o.dropIndexes = true; return; }
                case "drop no indexes" -> { o.dropIndexes = false; return; }
                case "disable triggers" -> { o.disableTriggers = true; return; }
                case "disable no triggers" -> { o.disableTriggers = false; return; }
                case "create table", "create tables" -> { o.createTable = CreateTable.TEXT; return; }
                case "create no table", "create no tables" -> { o.createTable = CreateTable.NO; return; }
                case "on error stop" -> { o.onError = OnError.STOP; return; }
                case "on error resume next" -> { o.onError = OnError.RESUME; return; }
                case "csv escape mode quote" -> { s.escapeMode = CsvSource.EscapeMode.QUOTE; return; }
                case "csv escape mode following" -> { s.escapeMode = CsvSource.EscapeMode.FOLLOWING; return; }
                default -> { }
            }
            if ((m = SKIP_HEADER.matcher(k)).matches()) { s.skipLines = Integer.parseInt(m.group(1)); return; }
            if ((m = BATCH_ROWS.matcher(k)).matches()) { o.batchRows = positive(m.group(1), "batch rows"); return; }
            if ((m = WORKERS.matcher(k)).matches()) { o.workers = positive(m.group(1), "workers"); return; }
            if ((m = CONCURRENCY.matcher(k)).matches()) { o.concurrency = positive(m.group(1), "concurrency"); return; }
            if ((m = MAX_ERRORS.matcher(k)).matches()) { o.maxErrors = ErrorLimit.parse(m.group(1)); return; }
            if ((m = ci(BATCH_SIZE, t)).matches()) {
                long v = ByteSize.parse(m.group(1));
                if (v < 64 * 1024) throw new IllegalArgumentException("batch size must be at least 64kB");
                o.batchBytes = v;
                return;
            }
            // char-specs keep their case: match on the original text
            if ((m = ci(TERMINATED, t)).matches()) { s.delimiter = parseChar(unquote(m.group(1))); return; }
            if ((m = ci(LINES, t)).matches()) {
                char c = parseChar(unquote(m.group(1)));
                s.lineTerminator = c == '\n' ? null : c;
                return;
            }
            if ((m = ci(ENCLOSED, t)).matches()) {
                Character old = s.quote;
                s.quote = parseChar(unquote(m.group(1)));
                if (s.escape == null || s.escape.equals(old)) s.escape = s.quote; // doubled quotes follow the quote
                return;
            }
            if ((m = ci(ESCAPED, t)).matches()) {
                String v = unquote(m.group(1));
                s.escape = switch (v.toLowerCase(Locale.ROOT)) {
                    case "backslash-quote", "\\\"" -> '\\';
                    case "double-quote", "\"\"" -> s.quote != null ? s.quote : '"';
                    default -> parseChar(v);
                };
                return;
            }
            if ((m = ci(ENCODING, t)).matches()) {
                String enc = unquote(m.group(1));
                if (!java.nio.charset.Charset.isSupported(enc)) throw new IllegalArgumentException("unknown encoding '" + enc + "'");
                s.encoding = enc;
                return;
            }
            if ((m = ci(NULL_IF, t)).matches()) { addNull(s, unquote(m.group(1))); return; }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + t + "': " + e.getMessage(), e);
        }
        String sug = Suggest.didYouMean(k.replaceAll("\\s*=.*|\\s+'.*", ""), KNOWN.stream()
                .map(x -> x.replaceAll("\\s*=.*|\\s+'.*|\\s+\\[.*\\]", "").replace(" [optionally]", "")).toList());
        throw new IllegalArgumentException("unknown option '" + t + "'" + (sug == null ? "" : " (" + sug + ")")
                + "; known options: " + String.join(", ", KNOWN));
    }

    private static Matcher ci(Pattern p, String text) {
        return Pattern.compile(p.pattern(), Pattern.CASE_INSENSITIVE).matcher(text);
    }

    private static void addNull(CsvSourceBuilder s, String marker) {
        if (!s.nullMarkers.contains(marker)) s.nullMarkers.add(marker);
    }

    private static int positive(String v, String what) {
        int n = Integer.parseInt(v);
        if (n < 1) throw new IllegalArgumentException(what + " must be at least 1");
        return n;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) return v.substring(1, v.length() - 1).replace("''", "'");
        return v;
    }

    /**
     * One character from a char-spec: {@code ;}, {@code \t}, {@code tab}, {@code 0x09}, {@code \\},
     * {@code backslash}, {@code double-quote}, {@code single-quote}, a real tab.
     */
    public static char parseChar(String spec) {
        if (spec == null) throw new IllegalArgumentException("a character is required");
        switch (spec.toLowerCase(Locale.ROOT)) {
            case "\\t", "tab" -> { return '\t'; }
            case "\\\\", "backslash" -> { return '\\'; }
            case "\\'", "single-quote" -> { return '\''; }
            case "double-quote" -> { return '"'; }
            case "space" -> { return ' '; }
            case "pipe" -> { return '|'; }
            case "comma" -> { return ','; }
            case "semicolon" -> { return ';'; }
            default -> { }
        }
        if (spec.matches("(?i)0x[0-9a-f]{1,4}")) return (char) Integer.parseInt(spec.substring(2), 16);
        if (spec.codePointCount(0, spec.length()) == 1 && spec.length() == 1) return spec.charAt(0);
        throw new IllegalArgumentException("'" + spec + "' is not one character (write ';', '\\t', tab or 0x09)");
    }

    /** Splits {@code "csv header, fields terminated by ','"} at commas outside single quotes. */
    public static List<String> split(String with) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuote = false;
        for (int i = 0; i < with.length(); i++) {
            char c = with.charAt(i);
            if (c == '\'') inQuote = !inQuote;
            if (c == ',' && !inQuote) {
                if (!cur.toString().isBlank()) out.add(cur.toString().trim());
                cur.setLength(0);
            } else cur.append(c);
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().trim());
        return out;
    }
}
