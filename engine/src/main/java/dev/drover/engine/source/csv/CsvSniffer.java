package dev.drover.engine.source.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guesses the encoding, delimiter, quote, escape and header of a delimited file from a sample of its first
 * records (parsed with commons-csv). Scores candidates by record consistency: the most records with the same
 * field count (more than one field).
 */
public final class CsvSniffer {
    static final int SAMPLE_BYTES = 1 << 20;
    static final int SAMPLE_RECORDS = 1000;
    static final int PREVIEW = 20;
    private static final char[] DELIMITERS = {',', ';', '\t', '|', ':', '%', '^', '!', '$', '~', '¦', ' '};
    private static final Character[] QUOTES = {'"', '\'', null};
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d{1,3}([ ,.']\\d{3})+|\\d+)?([.,]\\d+)?([eE][-+]?\\d+)?%?");
    private static final Pattern DATE = Pattern.compile(
            "\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}([ T]\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d+)?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?"
                    + "|\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d+)?)?");
    private static final Pattern BOOL = Pattern.compile("(?i)true|false|t|f|yes|no");

    private CsvSniffer() {
    }

    public static CsvGuess guess(Path file) {
        byte[] sample;
        boolean truncated;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(SAMPLE_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        truncated = sample.length > SAMPLE_BYTES;
        if (truncated) sample = java.util.Arrays.copyOf(sample, SAMPLE_BYTES);
        return guess(sample, truncated);
    }

    static CsvGuess guess(byte[] sample, boolean truncated) {
        List<String> notes = new ArrayList<>();
        int bom = 0;
        Charset cs;
        if (sample.length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF) {
            cs = StandardCharsets.UTF_8;
            bom = 3;
            notes.add("encoding UTF-8 (byte order mark)");
        } else if (sample.length >= 2 && (sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            bom = 2;
            notes.add("encoding UTF-16LE (byte order mark)");
        } else if (sample.length >= 2 && (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            bom = 2;
            notes.add("encoding UTF-16BE (byte order mark)");
        } else {
            cs = sniffEncoding(sample, notes);
        }
        String text = new String(sample, bom, sample.length - bom, cs);
        if (truncated) {
            int cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
            if (cut > 0) text = text.substring(0, cut + 1);
        }

        char bestD = ',';
        Character bestQ = '"';
        Character escape = '"';
        int bestScore = -1;
        boolean backslashes = text.indexOf('\\') >= 0;
        for (Character q : QUOTES) {
            for (char d : DELIMITERS) {
                if (q != null && q == d) continue;
                if (d != ',' && d != '\t' && d != ' ' && text.indexOf(d) < 0) continue;
                int score = score(text, format(d, q, q));
                if (score > bestScore) {
                    bestScore = score;
                    bestD = d;
                    bestQ = q;
                    escape = q;
                }
                if (q != null && backslashes && text.indexOf("\\" + q) >= 0) {
                    int back = score(text, format(d, q, '\\'));
                    if (back > bestScore) {
                        bestScore = back;
                        bestD = d;
                        bestQ = q;
                        escape = '\\';
                    }
                }
            }
        }
        // prefer a quote that is actually used; "none" only when it parses more consistently
        if (bestQ == null || bestQ != '"') {
            int withDouble = score(text, format(bestD, '"', '"'));
            if (withDouble >= bestScore && !quoteUsed(text, bestD, bestQ == null ? '\'' : bestQ)) {
                bestQ = '"';
                escape = '"';
            }
        }
        if (bestScore <= 0) {
            notes.add("no delimiter gives records with a consistent number of fields; assuming ','");
        } else {
            notes.add("delimiter " + show(bestD) + ": " + bestScore + " sampled records have the same number of fields");
        }
        notes.add(bestQ == null ? "no quote character" : "quote " + bestQ + (escape == '\\' ? ", escaped with \\"
                : ", doubled inside quoted fields"));

        List<List<String>> records = parse(text, format(bestD, bestQ, escape), SAMPLE_RECORDS);
        boolean header = looksLikeHeader(records, notes);
        List<List<String>> preview = records.subList(0, Math.min(PREVIEW, records.size()));
        return new CsvGuess(cs.name(), bestD, bestQ, escape, header, preview, notes);
    }

    private static String show(char d) {
        return switch (d) {
            case '\t' -> "tab";
            case ' ' -> "space";
            default -> "'" + d + "'";
        };
    }

    private static boolean quoteUsed(String text, char d, char q) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == q && (i == 0 || text.charAt(i - 1) == d || text.charAt(i - 1) == '\n')) n++;
        }
        return n > 0;
    }

    static Charset sniffEncoding(byte[] sample, List<String> notes) {
        boolean ascii = true;
        for (byte b : sample) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            notes.add("encoding UTF-8 (the sample is plain ASCII)");
            return StandardCharsets.UTF_8;
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = dec.decode(ByteBuffer.wrap(sample), CharBuffer.allocate(sample.length), false);
        if (!r.isError()) {
            notes.add("encoding UTF-8 (the sample is valid UTF-8)");
            return StandardCharsets.UTF_8;
        }
        int c1 = 0;
        for (byte b : sample) {
            int v = b & 0xFF;
            if (v >= 0x80 && v <= 0x9F && v != 0x81 && v != 0x8D && v != 0x8F && v != 0x90 && v != 0x9D) c1++;
        }
        if (c1 > 0) {
            notes.add("encoding windows-1252 (not UTF-8; " + c1 + " bytes in 0x80-0x9F are cp1252 characters such as € or curly quotes)");
            return Charset.forName("windows-1252");
        }
        notes.add("encoding ISO-8859-1 (not UTF-8; no cp1252-only characters)");
        return StandardCharsets.ISO_8859_1;
    }

    static CSVFormat format(char d, Character q, Character escape) {
        CSVFormat.Builder b = CSVFormat.DEFAULT.builder().setDelimiter(d).setQuote(q).setIgnoreEmptyLines(true)
                .setRecordSeparator("\n");
        if (q != null && escape != null && !escape.equals(q)) b.setEscape(escape);
        return b.get();
    }

    private static int score(String text, CSVFormat f) {
        Map<Integer, Integer> counts = new HashMap<>();
        try (CSVParser p = CSVParser.parse(new StringReader(text), f)) {
            int n = 0;
            for (CSVRecord r : p) {
                if (r.size() > 1) counts.merge(r.size(), 1, Integer::sum);
                if (++n >= SAMPLE_RECORDS) break;
            }
        } catch (IOException | RuntimeException e) {
            // a parse error under this dialect: score what was read before it, halved
            return counts.values().stream().max(Integer::compare).orElse(0) / 2;
        }
        return counts.values().stream().max(Integer::compare).orElse(0);
    }

    private static List<List<String>> parse(String text, CSVFormat f, int max) {
        List<List<String>> out = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(new StringReader(text), f)) {
            for (CSVRecord r : p) {
                out.add(r.toList());
                if (out.size() >= max) break;
            }
        } catch (IOException | RuntimeException e) {
            // keep what was read
        }
        return out;
    }

    private static boolean looksLikeHeader(List<List<String>> records, List<String> notes) {
        if (records.size() < 2) {
            notes.add("no header detected (too few records)");
            return false;
        }
        List<String> first = records.get(0);
        Set<String> seen = new HashSet<>();
        for (String v : first) {
            String t = v.trim();
            if (t.isEmpty() || typed(t) || !seen.add(t.toLowerCase())) {
                notes.add("no header: the first record has empty, numeric, date or repeated values");
                return false;
            }
        }
        List<List<String>> rest = records.subList(1, records.size());
        for (int c = 0; c < first.size(); c++) {
            int typed = 0;
            int n = 0;
            Set<Integer> lengths = new HashSet<>();
            for (List<String> r : rest) {
                if (c >= r.size()) continue;
                String v = r.get(c).trim();
                if (v.isEmpty()) continue;
                n++;
                if (typed(v)) typed++;
                lengths.add(v.length());
            }
            if (n > 0 && typed * 2 >= n) {
                notes.add("header: column " + (c + 1) + " (" + first.get(c) + ") holds numbers or dates below a text name");
                return true;
            }
            if (n > 1 && lengths.size() == 1 && !lengths.contains(first.get(c).trim().length())) {
                notes.add("header: column " + (c + 1) + " (" + first.get(c) + ") has fixed-length values of another length");
                return true;
            }
        }
        notes.add("no header detected: the first record looks like the others");
        return false;
    }

    private static boolean typed(String v) {
        return (NUMBER.matcher(v).matches() && v.chars().anyMatch(Character::isDigit)) || DATE.matcher(v).matches()
                || BOOL.matcher(v).matches();
    }
}
