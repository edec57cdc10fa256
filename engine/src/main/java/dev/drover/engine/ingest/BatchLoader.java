package dev.drover.engine.ingest;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.target.TableRef;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Loads the rows of one batch into its tables, inside the caller's open transaction (reference §3.5).
 * One COPY is open at a time: rows of the current table stream straight into it; rows of other tables wait
 * in a per-table queue, and a queue that reaches {@code maxRowsPerTableBuffer} rows ends the current COPY
 * and becomes the current table. So memory is bounded by the buffer size per table, whatever the batch size.
 * Upserted tables are loaded into one temporary staging table each (dropped at commit), with a sequence
 * number per row so the last row of a key wins, then merged once at the end of the batch.
 */
final class BatchLoader {
    /** Bytes handed to the driver at a time: large enough to amortise the call, small enough to stay in cache. */
    private static final int FLUSH_BYTES = 64 * 1024;
    /** Types without an equality operator: compared as text when skipping unchanged rows (reference §7.7). */
    private static final Set<String> NO_EQUALITY = Set.of("json", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle");

    private final Connection conn;
    private final CopyManager copy;
    private final List<Table> tables = new ArrayList<>();
    private final int maxQueued;
    private final int batchNo;
    private final RejectTable rejects;
    private final CopyBuffer buf = new CopyBuffer(FLUSH_BYTES + 4096);

    private Table current;
    private TableSpec lastSpec;
    private Table lastTable;
    private CopyIn in;

    /** One table's share of the batch. */
    private static final class Table {
        final TableSpec spec;
        final int index;
        final boolean upsert;
        /** Without upsert, rows with a key already present go to the reject table instead of failing the batch. */
        final boolean rejectConflicts;
        final String[] types;
        final ArrayDeque<Object[]> queue = new ArrayDeque<>();
        /** Where the rows go: the table itself, or the shadow of a table being rebuilt. */
        TableRef into;
        String stage;
        String seqColumn;
        long rowsRead, inserted, updated, unchanged, deleted, rejected;

        /** Staged although plain COPY would do: the target is altered only after the rows are read. */
        boolean stageFirst;

        /** Loaded through a staging table rather than by COPY straight into the target. */
        boolean staged() { return upsert || rejectConflicts || stageFirst; }

        Table(TableSpec spec, int index, boolean upsert, boolean rejectConflicts) {
            this.spec = spec;
            this.index = index;
            this.upsert = upsert;
            this.rejectConflicts = rejectConflicts;
            this.types = spec.columns().stream().map(TableSpec.Column::type).toArray(String[]::new);
            this.into = spec.ref();
        }
    }

    BatchLoader(Connection conn, List<TableSpec> specs, IngestOptions options, int batchNo, RejectTable rejects) throws SQLException {
        this.conn = conn;
        this.rejects = rejects;
        this.copy = conn.unwrap(PGConnection.class).getCopyAPI();
        this.maxQueued = options.maxRowsPerTableBuffer();
        this.batchNo = batchNo;
        for (int i = 0; i < specs.size(); i++) {
            TableSpec s = specs.get(i);
            boolean upsert = options.upsert() == Upsert.IF_PRIMARY_KEY && s.hasPrimaryKey();
            tables.add(new Table(s, i, upsert, !upsert && s.hasPrimaryKey() && options.onKeyConflict() == KeyConflict.REJECT_ROW));
        }
    }

    /** Loads the rows of {@code table} into {@code into} instead (a shadow being built by a migration). */
    void loadInto(TableRef table, TableRef into) {
        for (Table t : tables) if (t.spec.ref().equals(table)) t.into = into;
    }

    /** Work on the target tables that waits until every row of the batch is read and staged. */
    @FunctionalInterface
    interface BeforeMerge {
        void run() throws SQLException, IngestException;
    }

    private BeforeMerge beforeMerge = () -> { };

    /**
     * Stages the rows of {@code table} even without upsert, and runs {@code action} once all rows are staged,
     * before anything is written to the tables: an in-place {@code ALTER TABLE} then holds its lock only while
     * the staged rows are moved and the batch commits, not while the source is read.
     */
    void stageFirst(TableRef table, BeforeMerge action) {
        for (Table t : tables) if (t.spec.ref().equals(table)) t.stageFirst = true;
        BeforeMerge previous = beforeMerge;
        beforeMerge = () -> {
            previous.run();
            action.run();
        };
    }

    /** Deletes every existing row of every table, visible to others only when the batch commits. */
    void deleteExisting() throws SQLException {
        try (Statement s = conn.createStatement()) {
            for (Table t : tables) t.deleted = s.executeUpdate("DELETE FROM " + t.spec.sql());
        }
    }

    /** Reads the batch's rows to the end and loads them; the caller commits or rolls back. */
    List<IngestResult.TableCounts> load(Iterator<TableRow> rows) throws SQLException, IngestException {
        LinkedHashSet<Table> waiting = new LinkedHashSet<>();
        try {
            for (TableRow row; (row = next(rows)) != null; ) {
                Table t = find(row);
                t.rowsRead++;
                if (current == null) open(t);
                if (current == t) {
                    write(t, row.values());
                } else {
                    t.queue.add(row.values());
                    waiting.add(t);
                    if (t.queue.size() >= maxQueued) {
                        close();
                        open(t);
                        drain(t);
                        waiting.remove(t);
                    }
                }
            }
            close();
            for (Table t : waiting) {
                open(t);
                drain(t);
                close();
            }
        } catch (SQLException e) {
            Table failing = current;
            cancel();
            throw Errors.sql("batch " + batchNo + (failing == null ? "" : ", table " + failing.spec.sql()), e,
                    failing != null && !failing.staged());
        } catch (IngestException | RuntimeException e) {
            cancel();
            throw e;
        }
        beforeMerge.run();
        for (Table t : tables) {
            if (t.stage == null) continue;
            try {
                if (t.upsert) merge(t);
                else if (!t.rejectConflicts) t.inserted += insertStaged(t);
                else {
                    RejectTable.Outcome o = rejects.insertOrReject(conn, t.spec, t.into, t.stage, t.seqColumn, batchNo);
                    t.inserted += o.inserted();
                    t.rejected += o.rejected();
                }
            } catch (SQLException e) {
                throw Errors.sql("batch " + batchNo + ", table " + t.spec.sql() + (t.upsert ? " (upsert)" : ""), e,
                        !t.upsert && !t.rejectConflicts);
            }
        }
        List<IngestResult.TableCounts> counts = new ArrayList<>();
        for (Table t : tables) {
            counts.add(new IngestResult.TableCounts(t.spec.ref(), t.rowsRead, t.inserted, t.updated, t.unchanged, t.deleted, t.rejected));
        }
        return counts;
    }

    /** The next row, or null at the end of the batch. */
    private TableRow next(Iterator<TableRow> rows) throws IngestException {
        try {
            if (!rows.hasNext()) return null;
            return Objects.requireNonNull(rows.next(), "the batch source gave a null row");
        } catch (RuntimeException e) {
            throw new IngestException("batch " + batchNo + ": the batch source failed while reading rows: " + e.getMessage(), null, e);
        }
    }

    private Table find(TableRow row) throws IngestException {
        // Rows of one table usually come in runs, with the same TableSpec object: skip the name comparison.
        if (row.table() == lastSpec && row.values().length == lastTable.types.length) return lastTable;
        for (Table t : tables) {
            if (t.spec.sameTable(row.table())) {
                lastSpec = row.table();
                lastTable = t;
                if (row.values().length != t.types.length) {
                    throw new IngestException("batch " + batchNo + ": a row for table " + t.spec.sql() + " has " + row.values().length
                            + " values, the table has " + t.types.length + " columns");
                }
                return t;
            }
        }
        throw new IngestException("batch " + batchNo + ": a row names table " + row.table().sql()
                + ", which is not one of the tables of this run");
    }

    private void open(Table t) throws SQLException {
        String target;
        if (t.staged()) {
            if (t.stage == null) createStage(t);
            target = t.stage;
        } else {
            target = t.into.sql();
        }
        List<String> names = t.spec.columns().stream().map(TableSpec.Column::name).toList();
        in = copy.copyIn("COPY " + target + " (" + TargetTables.columnList(names) + ") FROM STDIN");
        current = t;
    }

    /**
     * A temporary table with the spec's column types but no constraints, plus a sequence number filled in
     * input order by COPY, which is what "last row wins" is decided on.
     */
    private void createStage(Table t) throws SQLException {
        Set<String> names = new HashSet<>();
        t.spec.columns().forEach(c -> names.add(c.name()));
        String seq = "drover_seq";
        while (names.contains(seq)) seq = "_" + seq;
        t.seqColumn = seq;
        t.stage = "pg_temp.drover_stage_" + t.index;
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TEMP TABLE drover_stage_" + t.index + " (" + TargetTables.columnDefinitions(t.spec) + ", "
                    + TableRef.quote(seq) + " bigserial) ON COMMIT DROP");
        }
    }

    private void drain(Table t) throws SQLException, IngestException {
        for (Object[] values; (values = t.queue.poll()) != null; ) write(t, values);
    }

    private void write(Table t, Object[] values) throws SQLException, IngestException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buf.ensure(1);
                buf.putByte('\t');
            }
            try {
                CopyText.write(values[i], t.types[i], buf);
            } catch (ValueRejected e) {
                throw new IngestException("batch " + batchNo + ", table " + t.spec.sql() + ", column "
                        + TableRef.quote(t.spec.columns().get(i).name()) + ": " + e.getMessage()
                        + (e.hint() == null ? "" : " (" + e.hint() + ")"), e.sqlState(), e);
            }
        }
        buf.ensure(1);
        buf.putByte('\n');
        if (buf.pos >= FLUSH_BYTES) flush();
    }

    private void flush() throws SQLException {
        if (buf.pos > 0) {
            in.writeToCopy(buf.buf, 0, buf.pos);
            buf.pos = 0;
        }
    }

    private void close() throws SQLException {
        if (in == null) return;
        flush();
        long n = in.endCopy();
        if (!current.staged()) current.inserted += n;
        in = null;
        current = null;
    }

    private void cancel() {
        buf.pos = 0;
        if (in != null && in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is rolled back next; the original error is the one that matters
            }
        }
        in = null;
        current = null;
    }

    /** The staged rows as they are, in input order: what COPY straight into the table would have done. */
    private long insertStaged(Table t) throws SQLException {
        String colList = TargetTables.columnList(t.spec.columns().stream().map(TableSpec.Column::name).toList());
        try (Statement s = conn.createStatement()) {
            return s.executeUpdate("INSERT INTO " + t.into.sql() + " (" + colList + ") SELECT " + colList + " FROM " + t.stage
                    + " ORDER BY " + TableRef.quote(t.seqColumn));
        }
    }

    /**
     * One statement: the last staged row of each key, inserted or, when the key exists and some value
     * differs, updated; equal rows are not rewritten (no new tuple, no WAL, no trigger). Row locks only.
     */
    private void merge(Table t) throws SQLException {
        List<String> cols = t.spec.columns().stream().map(TableSpec.Column::name).toList();
        String colList = TargetTables.columnList(cols);
        String key = TargetTables.columnList(t.spec.primaryKey());
        StringBuilder set = new StringBuilder(), mine = new StringBuilder(), theirs = new StringBuilder();
        for (TableSpec.Column c : t.spec.columns()) {
            if (t.spec.primaryKey().contains(c.name())) continue;
            String q = TableRef.quote(c.name());
            String cast = hasEquality(c.type()) ? "" : "::text";
            if (!set.isEmpty()) {
                set.append(", ");
                mine.append(", ");
                theirs.append(", ");
            }
            set.append(q).append(" = excluded.").append(q);
            mine.append("t.").append(q).append(cast);
            theirs.append("excluded.").append(q).append(cast);
        }
        String onConflict = set.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + set + " WHERE ROW(" + mine + ") IS DISTINCT FROM ROW(" + theirs + ")";
        String sql = "WITH s AS (SELECT DISTINCT ON (" + key + ") " + colList + " FROM " + t.stage
                + " ORDER BY " + key + ", " + TableRef.quote(t.seqColumn) + " DESC),"
                + " m AS (INSERT INTO " + t.into.sql() + " AS t (" + colList + ") SELECT " + colList + " FROM s"
                + " ON CONFLICT (" + key + ") " + onConflict + " RETURNING (t.xmax = 0) AS inserted)"
                + " SELECT (SELECT count(*) FROM s), count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM m";
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            long distinct = r.getLong(1);
            t.inserted += r.getLong(2);
            t.updated += r.getLong(3);
            t.unchanged += distinct - r.getLong(2) - r.getLong(3);
        }
    }

    private static boolean hasEquality(String type) {
        String base = type.trim().toLowerCase(Locale.ROOT);
        while (base.endsWith("[]")) base = base.substring(0, base.length() - 2).trim();
        return !NO_EQUALITY.contains(base);
    }
}
