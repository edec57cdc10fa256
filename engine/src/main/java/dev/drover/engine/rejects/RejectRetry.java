package dev.drover.engine.rejects;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.ServerError;
import dev.drover.engine.copy.TextFormat;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.target.TableRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads rejected rows, as the user edited them, into their target table: one {@code COPY ... FROM STDIN} in
 * text format per row, in its own transaction, so PostgreSQL's own input functions, constraints and triggers
 * decide exactly as during the load, and a refused row leaves nothing behind. Each outcome is appended to
 * {@code <base>.retries.jsonl} for {@link RejectLog}; a row a retry has loaded is never inserted again.
 */
public final class RejectRetry {
    private RejectRetry() {}

    /**
     * A row to retry.
     *
     * @param index   the reject's {@link StoredReject#index()}
     * @param columns target columns to load (a subset leaves the others to their defaults)
     * @param values  one value per column as PostgreSQL text input; a null entry is SQL NULL
     */
    public record Edit(long index, List<String> columns, List<String> values) {
        public Edit {
            if (columns == null || columns.isEmpty()) throw new IllegalArgumentException("a retry needs at least one column");
            if (values == null || values.size() != columns.size()) {
                throw new IllegalArgumentException("reject " + index + ": " + (values == null ? 0 : values.size())
                        + " values for " + columns.size() + " columns");
            }
            columns = List.copyOf(columns);
            values = Collections.unmodifiableList(Arrays.asList(values.toArray(new String[0])));
        }
    }

    /**
     * What a retry did with a row.
     *
     * @param loaded   whether the row is in the table (now, or from an earlier retry: see {@code message})
     * @param sqlState PostgreSQL's SQLSTATE when refused, else null
     * @param message  PostgreSQL's message when refused; when the row had been loaded by an earlier retry,
     *                 {@link #ALREADY_LOADED} and nothing was inserted; else null
     * @param column   the column at fault when PostgreSQL names one, else null
     * @param detail   PostgreSQL's DETAIL, or null
     */
    public record Result(long index, boolean loaded, String sqlState, String message, String column, String detail) {
        /** Whether this retry found the row loaded by an earlier one and did not insert it again. */
        public boolean alreadyLoaded() {
            return loaded && ALREADY_LOADED.equals(message);
        }
    }

    public static final String ALREADY_LOADED = "already loaded by an earlier retry; not inserted again";

    /**
     * Retries {@code rows} of the table {@code tableDisplay} ({@code schema.table}, as the run report names it)
     * whose rejects are in {@code rejectDir}. Returns one result per row, in order. Throws when the target cannot
     * be reached or the connection breaks; the outcomes of the rows before that are recorded. {@code settings} are the
     * plan's session settings, so a row is retried as the run loaded it (a {@code DateStyle}, a {@code search_path}).
     */
    public static List<Result> retry(String targetUrl, String password, Map<String, String> settings, String tableDisplay,
                                     Path rejectDir, List<Edit> rows) throws SQLException, IOException {
        RejectLog log = RejectLog.open(rejectDir, tableDisplay);
        for (Edit e : rows) {
            if (e.index() < 0 || e.index() >= log.size()) {
                throw new IllegalArgumentException("no reject " + e.index() + " in " + log.file() + " (" + log.size() + " rejects)");
            }
        }
        TableRef table = TableRef.parse(tableDisplay);
        Set<Long> loaded = new HashSet<>();
        List<Result> results = new ArrayList<>();
        try (Connection c = PgTarget.parse(targetUrl).connect(password, "drover/retry");
             OutputStream out = Files.newOutputStream(log.retriesFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            PgTarget.applySettings(c, settings);
            c.setAutoCommit(false);
            for (Edit e : rows) {
                if (log.loaded(e.index()) || loaded.contains(e.index())) {
                    results.add(new Result(e.index(), true, null, ALREADY_LOADED, null, null));
                    continue;
                }
                Result r = load(c, table, e);
                if (r.loaded()) loaded.add(e.index());
                results.add(r);
                record(out, e, r);
            }
        }
        return results;
    }

    private static Result load(Connection c, TableRef table, Edit e) throws SQLException {
        CopyBuffer row = new CopyBuffer(256);
        for (int j = 0; j < e.values().size(); j++) {
            if (j > 0) { row.ensure(1); row.putByte('\t'); }
            String v = e.values().get(j);
            if (v == null) TextFormat.writeNull(row);
            else {
                try {
                    TextFormat.writeField(v, row);
                } catch (ValueRejected bad) {
                    // refused before the server sees it, with the words the server would use
                    return new Result(e.index(), false, bad.sqlState(), bad.getMessage(), e.columns().get(j), null);
                }
            }
        }
        row.ensure(1);
        row.putByte('\n');
        String sql = "COPY " + table.sql() + " (" + e.columns().stream().map(TableRef::quote).collect(Collectors.joining(", "))
                + ") FROM STDIN (FORMAT text)";
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(row.buf, 0, row.pos));
            c.commit();
            return new Result(e.index(), true, null, null, null, null);
        } catch (SQLException refused) {
            c.rollback();
            if (ServerError.classify(refused) == ServerError.CONNECTION) throw refused;
            ServerErrorMessage m = ServerError.details(refused);
            String column = m == null ? null : m.getColumn();
            if (column == null && m != null) column = columnOf(m.getWhere(), e.columns());
            return new Result(e.index(), false, refused.getSQLState(), ServerError.message(refused), column,
                    m == null ? null : m.getDetail());
        } catch (IOException impossible) {
            // the row is read from memory
            throw new IllegalStateException(impossible);
        }
    }

    /** The column in a COPY error's CONTEXT ({@code COPY t, line 1, column qty: "n/a"}), matched against the columns sent. */
    static String columnOf(String where, List<String> columns) {
        if (where == null) return null;
        for (String c : columns) if (where.contains(", column " + c + ":")) return c;
        return null;
    }

    private static void record(OutputStream out, Edit e, Result r) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", e.index());
        entry.put("loaded", r.loaded());
        entry.put("sqlstate", r.sqlState());
        entry.put("message", r.message());
        entry.put("column", r.column());
        entry.put("detail", r.detail());
        entry.put("columns", e.columns());
        entry.put("values", e.values());
        entry.put("at", Instant.now().toString());
        // one write per line and a flush, so a crash loses at most the outcome being written
        byte[] line = RejectLog.JSON.writeValueAsBytes(entry);
        byte[] withEnd = Arrays.copyOf(line, line.length + 1);
        withEnd[line.length] = '\n';
        out.write(withEnd);
        out.flush();
    }
}
