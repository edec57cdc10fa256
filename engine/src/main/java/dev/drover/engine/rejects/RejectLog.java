package dev.drover.engine.rejects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.copy.RejectStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The rejects of one table as the last run (and later foreign key checks) left them in
 * {@code <base>.rejects.jsonl}, with the outcomes of retries from {@code <base>.retries.jsonl}.
 *
 * <p>A snapshot: opening scans the file once and keeps the byte offset of each entry, one {@code long} per
 * reject (8 MB for a million rejects), so any page is read directly without holding rows in memory. Rejects
 * appended or retried after opening are seen by opening again. An entry a writer has not finished (no line end
 * yet) is left out. Safe to use from several threads: each read opens the file for itself.
 */
public final class RejectLog {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Export columns after the table's own: where and why each row was refused. */
    public static final List<String> EXPORT_EXTRA = List.of("_file", "_line", "_stage", "_sqlstate", "_column", "_message", "_original");

    private final Path file;
    private final Path retriesFile;
    /** offsets[i] is where entry i starts; offsets[size] is the end of the last complete entry. */
    private final long[] offsets;
    private final long size;
    private final Map<Long, StoredReject.Retry> lastRetry;
    private final Set<Long> loaded;
    private Map<String, Long> groups;

    private RejectLog(Path file, Path retriesFile, long[] offsets, long size, Map<Long, StoredReject.Retry> lastRetry,
                      Set<Long> loaded) {
        this.file = file;
        this.retriesFile = retriesFile;
        this.offsets = offsets;
        this.size = size;
        this.lastRetry = lastRetry;
        this.loaded = loaded;
    }

    /** Whether the table ({@code schema.table}, as the run report names it) has a reject file in {@code rejectDir}. */
    public static boolean exists(Path rejectDir, String tableDisplay) {
        return Files.isRegularFile(jsonl(rejectDir, tableDisplay));
    }

    /** Opens a table's rejects; a table without a reject file has none (size 0). */
    public static RejectLog open(Path rejectDir, String tableDisplay) throws IOException {
        Path file = jsonl(rejectDir, tableDisplay);
        Path retries = retries(rejectDir, tableDisplay);
        long[] offsets = new long[1024];
        long n = 0;
        if (Files.exists(file)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                long pos = 0;
                byte[] buf = new byte[1 << 16];
                int got;
                while ((got = in.read(buf)) > 0) {
                    for (int i = 0; i < got; i++) {
                        if (buf[i] != '\n') continue;
                        if (n + 1 >= offsets.length) offsets = Arrays.copyOf(offsets, offsets.length * 2);
                        offsets[(int) ++n] = pos + i + 1;
                    }
                    pos += got;
                }
            }
        }
        Map<Long, StoredReject.Retry> last = new HashMap<>();
        Set<Long> loaded = new HashSet<>();
        if (Files.exists(retries)) {
            for (String line : Files.readAllLines(retries, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                JsonNode e = JSON.readTree(line);
                long index = e.path("index").asLong();
                StoredReject.Retry r = new StoredReject.Retry(e.path("loaded").asBoolean(), text(e, "sqlstate"), text(e, "message"),
                        text(e, "column"), text(e, "detail"), strings(e.get("columns")), strings(e.get("values")), Instant.parse(e.path("at").asText()));
                last.put(index, r);
                if (r.loaded()) loaded.add(index);
            }
        }
        return new RejectLog(file, retries, offsets, n, last, loaded);
    }

    static Path jsonl(Path rejectDir, String tableDisplay) {
        return rejectDir.resolve(RejectStore.fileBase(tableDisplay) + RejectStore.JSONL);
    }

    static Path retries(Path rejectDir, String tableDisplay) {
        return rejectDir.resolve(RejectStore.fileBase(tableDisplay) + RejectStore.RETRIES);
    }

    /** The {@code .rejects.jsonl} file read. */
    public Path file() {
        return file;
    }

    /** The {@code .retries.jsonl} file read. */
    public Path retriesFile() {
        return retriesFile;
    }

    /** How many rejects there are. */
    public long size() {
        return size;
    }

    /** How many rejects a retry has loaded into the table since. */
    public long loadedOnRetry() {
        return loaded.stream().filter(i -> i >= 0 && i < size).count();
    }

    /** Whether a retry loaded reject {@code index} already. */
    public boolean loaded(long index) {
        return loaded.contains(index);
    }

    /** Rejects {@code from} to {@code from + count - 1} (fewer at the end), each read from its own offset. */
    public List<StoredReject> read(long from, int count) {
        if (from < 0 || count < 0) throw new IllegalArgumentException("from and count must not be negative");
        long to = Math.min(size, from + count);
        List<StoredReject> out = new ArrayList<>((int) Math.max(0, to - from));
        if (from >= to) return out;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            for (long i = from; i < to; i++) out.add(readAt(f, i));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** One reject. */
    public StoredReject get(long index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("no reject " + index + " of " + size);
        return read(index, 1).get(0);
    }

    /**
     * Up to {@code count} rejects that {@code which} accepts, from index {@code from} on, in file order; the next
     * page starts after the index of the last one returned. Reads entries one at a time, never all at once.
     */
    public List<StoredReject> matching(Predicate<StoredReject> which, long from, int count) {
        List<StoredReject> out = new ArrayList<>();
        forEach(from, r -> {
            if (which.test(r)) out.add(r);
            return out.size() < count;
        });
        return out;
    }

    /** How many rejects {@code which} accepts. */
    public long count(Predicate<StoredReject> which) {
        long[] n = {0};
        forEach(0, r -> {
            if (which.test(r)) n[0]++;
            return true;
        });
        return n[0];
    }

    /** Count per {@link StoredReject#errorGroup()}, in the order the groups first appear. Computed once. */
    public synchronized Map<String, Long> groups() {
        if (groups == null) {
            Map<String, Long> g = new LinkedHashMap<>();
            forEach(0, r -> {
                g.merge(r.errorGroup(), 1L, Long::sum);
                return true;
            });
            groups = Collections.unmodifiableMap(g);
        }
        return groups;
    }

    /** The target columns of the rejects (those of the first; one table's rejects share them). */
    public List<String> columns() {
        return size == 0 ? List.of() : get(0).columns();
    }

    /**
     * Writes the rejects {@code which} accepts as CSV (UTF-8, header line): one field per target column, then
     * {@link #EXPORT_EXTRA}. Values are as PostgreSQL takes them as text input: SQL NULL is an empty unquoted
     * field and every other value is quoted, so an empty string is {@code ""} (as {@code COPY ... CSV} reads
     * them). {@code _original} holds the original record, only for rows that could not be split into columns
     * (their column fields are then empty).
     */
    public long exportCsv(Path out, Predicate<StoredReject> which) throws IOException {
        List<String> cols = columns();
        List<String> header = new ArrayList<>(cols);
        header.addAll(EXPORT_EXTRA);
        long[] n = {0};
        CSVFormat format = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).setRecordSeparator("\n").get();
        try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), format)) {
            p.printRecord(header);
            IOException[] failed = {null};
            forEach(0, r -> {
                if (!which.test(r)) return true;
                List<Object> row = new ArrayList<>(header.size());
                for (String c : cols) {
                    int j = r.columns().indexOf(c);
                    row.add(r.values() == null || j < 0 || j >= r.values().size() ? null : r.values().get(j));
                }
                row.add(r.file());
                row.add(r.line());
                row.add(r.stage());
                row.add(r.sqlState());
                row.add(r.column());
                row.add(r.message());
                row.add(r.values() == null ? stripLineEnd(r.original()) : null);
                try {
                    p.printRecord(row);
                } catch (IOException e) {
                    failed[0] = e;
                    return false;
                }
                n[0]++;
                return true;
            });
            if (failed[0] != null) throw failed[0];
        }
        return n[0];
    }

    private static String stripLineEnd(String s) {
        if (s == null) return null;
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    private interface Visitor {
        /** False stops the walk. */
        boolean visit(StoredReject r);
    }

    private void forEach(long from, Visitor v) {
        if (from >= size) return;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            for (long i = Math.max(0, from); i < size; i++) if (!v.visit(readAt(f, i))) return;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private StoredReject readAt(RandomAccessFile f, long i) throws IOException {
        long start = offsets[(int) i], end = offsets[(int) i + 1];
        byte[] line = new byte[(int) (end - start)];
        f.seek(start);
        f.readFully(line);
        return parse(i, JSON.readTree(line));
    }

    private StoredReject parse(long index, JsonNode e) {
        byte[] bytes;
        String shown;
        if (e.hasNonNull("original_base64")) {
            bytes = Base64.getDecoder().decode(e.get("original_base64").asText());
            shown = new String(bytes, StandardCharsets.UTF_8);
        } else if (e.hasNonNull("original")) {
            shown = e.get("original").asText();
            bytes = shown.getBytes(StandardCharsets.UTF_8);
        } else {
            shown = null;
            bytes = null;
        }
        return new StoredReject(index, text(e, "file"), e.path("line").asLong(), text(e, "stage"), text(e, "sqlstate"),
                text(e, "message"), text(e, "detail"), text(e, "hint"), text(e, "context"), text(e, "column"),
                strings(e.get("columns")), strings(e.get("values")), shown, bytes, lastRetry.get(index));
    }

    static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) return null;
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode v : array) out.add(v.isNull() ? null : v.asText());
        return out;
    }
}
