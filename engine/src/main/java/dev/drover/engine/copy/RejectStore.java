package dev.drover.engine.copy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.run.Reject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reject files of one table, under {@code <root>/<table>.*}:
 * <ul>
 *   <li>{@code .dat}: each refused row in COPY TEXT format, one per line, ready for {@code \copy} once fixed;</li>
 *   <li>{@code .log}: per row, the SQLSTATE and message with detail, hint, context, file, line and column;</li>
 *   <li>{@code .rejected.csv}: the original bytes of each refused record, exactly as in the source;</li>
 *   <li>{@code .rejects.jsonl}: one JSON object per reject for programs to read back
 *       ({@link dev.drover.engine.rejects.RejectLog}): where, why, the target columns and the row's values per
 *       column as PostgreSQL text input, and the original bytes;</li>
 *   <li>{@code .retries.jsonl}: written by {@link dev.drover.engine.rejects.RejectRetry}, never here; rotated
 *       with the others because its entries point at rejects by their position in {@code .rejects.jsonl}.</li>
 * </ul>
 * Files from an earlier run are rotated ({@code .1}, {@code .2}, ...) when the table starts, never
 * overwritten; files are created on the first reject. Thread-safe: readers and writers both reject.
 */
public final class RejectStore implements AutoCloseable {
    /** The machine-readable reject file's extension. */
    public static final String JSONL = ".rejects.jsonl";
    /** The retry outcomes' file extension. */
    public static final String RETRIES = ".retries.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String base;
    private final List<String> columns;
    private OutputStream dat;
    private OutputStream log;
    private OutputStream original;
    private OutputStream jsonl;
    private long count;
    private final java.nio.file.OpenOption[] mode;

    private RejectStore(Path dir, String base, List<String> columns, java.nio.file.OpenOption... mode) {
        this.dir = dir;
        this.base = base;
        this.columns = List.copyOf(columns);
        this.mode = mode;
    }

    /**
     * The file name base of a table's reject files: its display name ({@code schema.table}) with the characters
     * no file name can hold ({@code /}, {@code \}, NUL) replaced by {@code _}.
     */
    public static String fileBase(String tableDisplay) {
        return tableDisplay.replaceAll("[/\\\\\\x00]", "_");
    }

    /**
     * Reopens a table's store to add rejects found after its load (foreign key orphans), without rotating.
     * {@code columns} are the target columns of the COPY TEXT rows given to {@link #write}, in order.
     */
    public static RejectStore append(Path dir, String tableFileName, List<String> columns) throws IOException {
        Files.createDirectories(dir);
        return new RejectStore(dir, tableFileName, columns, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Opens the store for a table, rotating what an earlier run left there. {@code columns} are the target
     * columns of the COPY TEXT rows given to {@link #write}, in order.
     */
    public static RejectStore open(Path dir, String tableFileName, List<String> columns) throws IOException {
        Files.createDirectories(dir);
        for (String ext : new String[] {".dat", ".log", ".rejected.csv", JSONL, RETRIES}) rotate(dir.resolve(tableFileName + ext));
        return new RejectStore(dir, tableFileName, columns);
    }

    static void rotate(Path file) throws IOException {
        if (!Files.exists(file)) return;
        int n = 1;
        while (Files.exists(file.resolveSibling(file.getFileName() + "." + n))) n++;
        for (int i = n; i > 1; i--) {
            Files.move(file.resolveSibling(file.getFileName() + "." + (i - 1)),
                    file.resolveSibling(file.getFileName() + "." + i), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.ATOMIC_MOVE);
    }

    public Path dat() { return dir.resolve(base + ".dat"); }
    public Path log() { return dir.resolve(base + ".log"); }
    public Path originals() { return dir.resolve(base + ".rejected.csv"); }
    public Path jsonl() { return dir.resolve(base + JSONL); }

    public synchronized long count() {
        return count;
    }

    /** Records one reject; {@code copyText} is the row in COPY TEXT format without its newline, or null. */
    public synchronized void write(Reject r, String copyText) {
        try {
            if (dat == null) {
                dat = new BufferedOutputStream(Files.newOutputStream(dat(), mode), 1 << 16);
                log = new BufferedOutputStream(Files.newOutputStream(log(), mode), 1 << 16);
                original = new BufferedOutputStream(Files.newOutputStream(originals(), mode), 1 << 16);
                jsonl = new BufferedOutputStream(Files.newOutputStream(jsonl(), mode), 1 << 16);
            }
            if (copyText != null) {
                dat.write(copyText.getBytes(StandardCharsets.UTF_8));
                dat.write('\n');
            }
            log.write(describe(r).getBytes(StandardCharsets.UTF_8));
            if (r.original() != null) {
                original.write(r.original());
                int n = r.original().length;
                if (n == 0 || r.original()[n - 1] != '\n') original.write('\n');
            }
            jsonl.write(JSON.writeValueAsBytes(entry(r, columns, copyText)));
            jsonl.write('\n');
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the reject files in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The .log entry: pgloader's "SQLSTATE message" line, then where, then the server's extra fields. */
    static String describe(Reject r) {
        StringBuilder s = new StringBuilder();
        s.append("ERROR ").append(r.sqlState() == null ? "-----" : r.sqlState()).append(": ").append(r.message()).append('\n');
        s.append("  at ").append(r.file());
        if (r.line() > 0) s.append(", line ").append(r.line());
        if (r.column() != null) s.append(", column ").append(r.column());
        s.append(" (").append(r.stage()).append(")\n");
        if (r.detail() != null) s.append("  DETAIL: ").append(r.detail()).append('\n');
        if (r.hint() != null) s.append("  HINT: ").append(r.hint()).append('\n');
        if (r.context() != null) s.append("  CONTEXT: ").append(r.context().replace("\n", "\n    ")).append('\n');
        return s.append('\n').toString();
    }

    /** The .rejects.jsonl entry; Jackson escapes line breaks inside strings, so an entry is always one line. */
    static Map<String, Object> entry(Reject r, List<String> columns, String copyText) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", r.file());
        e.put("line", r.line());
        e.put("stage", r.stage());
        e.put("sqlstate", r.sqlState());
        e.put("message", r.message());
        e.put("detail", r.detail());
        e.put("hint", r.hint());
        e.put("context", r.context());
        e.put("column", r.column());
        e.put("columns", columns);
        e.put("values", copyText == null ? null : fields(copyText, columns.size()));
        byte[] o = r.original();
        String text = o == null ? null : utf8(o);
        if (o != null && text == null) e.put("original_base64", Base64.getEncoder().encodeToString(o));
        else e.put("original", text);
        return e;
    }

    /** The fields of a COPY TEXT row, unescaped ({@code \N} is null); null unless there are exactly {@code n}. */
    static List<String> fields(String copyText, int n) {
        byte[] b = copyText.getBytes(StandardCharsets.UTF_8);
        int tabs = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\') i++;
            else if (b[i] == '\t') tabs++;
        }
        if (tabs + 1 != n) return null;
        List<String> values = new ArrayList<>(n);
        int start = 0;
        for (int f = 0; f < n; f++) {
            int end = start;
            while (end < b.length && b[end] != '\t') end += b[end] == '\\' ? 2 : 1;
            end = Math.min(end, b.length);
            values.add(TextFormat.readField(b, start, end, 0));
            start = end + 1;
        }
        return values;
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public synchronized void flush() {
        try {
            if (dat != null) {
                dat.flush();
                log.flush();
                original.flush();
                jsonl.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (dat != null) {
            dat.close();
            log.close();
            original.close();
            jsonl.close();
            dat = null;
        }
    }
}
