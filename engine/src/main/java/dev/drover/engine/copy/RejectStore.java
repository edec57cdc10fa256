package dev.drover.engine.copy;

import dev.drover.engine.run.Reject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The reject files of one table, under {@code <root>/<table>.*}:
 * <ul>
 *   <li>{@code .dat}: each refused row in COPY TEXT format, one per line, ready for {@code \copy} once fixed;</li>
 *   <li>{@code .log}: per row, the SQLSTATE and message with detail, hint, context, file, line and column;</li>
 *   <li>{@code .rejected.csv}: the original bytes of each refused record, exactly as in the source.</li>
 * </ul>
 * Files from an earlier run are rotated ({@code .1}, {@code .2}, ...) when the table starts, never
 * overwritten; files are created on the first reject. Thread-safe: readers and writers both reject.
 */
public final class RejectStore implements AutoCloseable {
    private final Path dir;
    private final String base;
    private OutputStream dat;
    private OutputStream log;
    private OutputStream original;
    private long count;
    private final java.nio.file.OpenOption[] mode;

    private RejectStore(Path dir, String base, java.nio.file.OpenOption... mode) {
        this.dir = dir;
        this.base = base;
        this.mode = mode;
    }

    /** Reopens a table's store to add rejects found after its load (foreign key orphans), without rotating. */
    public static RejectStore append(Path dir, String tableFileName) throws IOException {
        Files.createDirectories(dir);
        return new RejectStore(dir, tableFileName, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Opens the store for a table, rotating what an earlier run left there. */
    public static RejectStore open(Path dir, String tableFileName) throws IOException {
        Files.createDirectories(dir);
        for (String ext : new String[] {".dat", ".log", ".rejected.csv"}) rotate(dir.resolve(tableFileName + ext));
        return new RejectStore(dir, tableFileName);
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

    public synchronized void flush() {
        try {
            if (dat != null) {
                dat.flush();
                log.flush();
                original.flush();
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
            dat = null;
        }
    }
}
