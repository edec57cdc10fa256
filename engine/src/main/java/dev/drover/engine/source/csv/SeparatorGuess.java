package dev.drover.engine.source.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pgloader's separator guess (reference §4.1), the one place it is written: a command file without
 * {@code fields terminated by} is read as pgloader would read it, whether the expected value count comes from the
 * command's field or column list (when it is translated) or from the target table (when the run knows it).
 * Drover's own {@code --guess} is {@link CsvSniffer}, which scores candidates instead.
 */
public final class SeparatorGuess {
    /** pgloader's candidates, in its order. */
    private static final char[] CANDIDATES = {'\t', ',', ';', '|', '%', '^', '!', '$'};
    /** pgloader samples up to this many physical lines. */
    public static final int SAMPLE_LINES = 1000;

    private SeparatorGuess() {}

    /**
     * The first candidate under which every sample line splits into {@code expected} values; with {@code expected}
     * 0 (nothing to count against), the first that splits every line into the same number of values, at least two.
     * Tab when none does, as pgloader falls back to.
     */
    public static char guess(List<String> lines, Character quote, int expected) {
        for (char sep : CANDIDATES) {
            if (lines.isEmpty()) break;
            if (quote != null && sep == quote) continue; // a quote cannot also separate
            Integer count = null;
            boolean fits = true;
            for (String l : lines) {
                int n = split(l, sep, quote, quote).size();
                if (expected > 0 ? n != expected : (n < 2 || (count != null && n != count))) {
                    fits = false;
                    break;
                }
                count = n;
            }
            if (fits) return sep;
        }
        return '\t';
    }

    /**
     * Up to {@link #SAMPLE_LINES} non-empty lines of {@code file} after {@code skip} lines, without their ends: lines
     * end at LF (CRLF and CR included), or at {@code terminator} when the source has one of its own.
     */
    public static List<String> sample(Path file, Charset cs, int skip, Character terminator) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, cs)) {
            int n = 0;
            String line;
            while (lines.size() < SAMPLE_LINES && (line = terminator == null ? r.readLine() : upTo(r, terminator)) != null) {
                if (n == 0 && line.startsWith("\uFEFF")) line = line.substring(1); // a byte order mark
                if (n++ < skip) continue;
                if (!line.isEmpty()) lines.add(line);
            }
        }
        return lines;
    }

    private static String upTo(BufferedReader r, char terminator) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = r.read()) >= 0 && c != terminator) sb.append((char) c);
        return c < 0 && sb.length() == 0 ? null : sb.toString();
    }

    /** Splits one line as CSV (enough for a header or a guess: no line breaks inside quotes). */
    public static List<String> split(String line, char sep, Character quote, Character escape) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQ = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQ) {
                if (escape != null && c == escape && i + 1 < line.length() && line.charAt(i + 1) == quote) {
                    cur.append(quote);
                    i++;
                } else if (c == quote) inQ = false;
                else cur.append(c);
            } else if (quote != null && c == quote) inQ = true;
            else if (c == sep) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else cur.append(c);
        }
        out.add(cur.toString().strip());
        return out;
    }
}
