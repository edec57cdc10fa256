package dev.drover.engine.ingest;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.ServerError;
import dev.drover.engine.copy.TextFormat;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.target.TableRef;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.ServerErrorMessage;

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
 *
 * <p>With {@link IngestOptions#onBadRow()} (reference §7.8), rows that cannot be stored are left out instead of
 * failing the batch: a value {@link CopyText} refuses skips its row at once; each COPY is a segment of at most
 * {@code maxRowsPerTableBuffer} rows under one savepoint, whose rows are kept, and a segment the server refuses
 * (SQLSTATE class 22, 23502, 23514) is rolled back to its savepoint and sent again without the row named by the
 * error's {@code COPY x, line N} (halved when the error names no line); staged rows with NULL in a NOT NULL or key
 * column are moved out by one {@code DELETE} before the merge. Refused rows reach the sink only between COPYs and
 * outside any savepoint attempt, so a sink writing in the transaction keeps what it wrote.
 *
 * <p>Counts per table: {@code rowsRead = inserted + updated + unchanged + rejected}, plus, with upsert, the rows of
 * a key that a later row of the same batch superseded (they are in none of the counts).
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

    /** Null: a bad row fails the batch. */
    private final BadRows badRows;
    private final long maxRejected;
    /** Refused rows not yet handed to {@link #badRows}: that waits until no COPY and no savepoint attempt is open. */
    private final List<BadRows.BadRow> pending = new ArrayList<>();
    /** With {@link #badRows}: the rows of the open COPY, to send again when the server refuses one of them. */
    private final List<Item> segment = new ArrayList<>();

    /** A row and its position among its table's rows in the batch (1-based). */
    private record Item(TableRow row, long rowNo) {}

    private static final String SEGMENT = "drover_segment", ATTEMPT = "drover_attempt";

    /** One table's share of the batch. */
    private static final class Table {
        final TableSpec spec;
        final int index;
        final boolean upsert;
        /** Without upsert, rows with a key already present go to the reject table instead of failing the batch. */
        final boolean rejectConflicts;
        final String[] types;
        /** Per column: PostgreSQL holds it NOT NULL (declared so, or part of the key). */
        final boolean[] notNull;
        /** Per column: json or jsonb, which takes any Java value as its JSON text. */
        final boolean[] json;
        final ArrayDeque<Item> queue = new ArrayDeque<>();
        /** Where the rows go: the table itself, or the shadow of a table being rebuilt. */
        TableRef into;
        String stage;
        String seqColumn;
        /** With bad-row isolation, staged too: the row's number in the batch. */
        String rowColumn;
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
            this.notNull = new boolean[types.length];
            this.json = new boolean[types.length];
            for (int i = 0; i < types.length; i++) json[i] = CopyText.isJson(types[i]);
            for (int i = 0; i < types.length; i++) notNull[i] = !spec.nullable(spec.columns().get(i));
            this.into = spec.ref();
        }
    }

    BatchLoader(Connection conn, List<TableSpec> specs, IngestOptions options, int batchNo, RejectTable rejects) throws SQLException {
        this.conn = conn;
        this.rejects = rejects;
        this.copy = conn.unwrap(PGConnection.class).getCopyAPI();
        this.maxQueued = options.maxRowsPerTableBuffer();
        this.batchNo = batchNo;
        this.badRows = options.onBadRow();
        this.maxRejected = options.maxRejectedRows();
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
                    write(t, row, t.rowsRead);
                } else {
                    t.queue.add(new Item(row, t.rowsRead));
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
            if (badRows != null) deliver();
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
                    RejectTable.Outcome o = rejects.insertOrReject(conn, t.spec, t.into, t.stage, t.seqColumn, t.rowColumn, batchNo);
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
        if (badRows != null) {
            savepoint(SEGMENT);
            segment.clear();
        }
        in = copy.copyIn(copySql(t, target));
        current = t;
    }

    private String copySql(Table t, String target) {
        List<String> names = new ArrayList<>(t.spec.columns().stream().map(TableSpec.Column::name).toList());
        if (t.rowColumn != null && target.equals(t.stage)) names.add(t.rowColumn);
        return "COPY " + target + " (" + TargetTables.columnList(names) + ") FROM STDIN";
    }

    private String copyTarget(Table t) {
        return t.staged() ? t.stage : t.into.sql();
    }

    /** The relation name COPY names in its error context. */
    private static String relname(Table t) {
        return t.staged() ? "drover_stage_" + t.index : t.into.name();
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
        String extra = "";
        if (badRows != null) {
            names.add(seq);
            String row = "drover_row";
            while (names.contains(row)) row = "_" + row;
            t.rowColumn = row;
            extra = ", " + TableRef.quote(row) + " bigint";
        }
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TEMP TABLE drover_stage_" + t.index + " (" + TargetTables.columnDefinitions(t.spec) + ", "
                    + TableRef.quote(seq) + " bigserial" + extra + ") ON COMMIT DROP");
        }
    }

    private void drain(Table t) throws SQLException, IngestException {
        for (Item i; (i = t.queue.poll()) != null; ) write(t, i.row(), i.rowNo());
    }

    private void write(Table t, TableRow row, long rowNo) throws SQLException, IngestException {
        int start = buf.pos;
        Object[] values = row.values();
        // With bad-row isolation, NULL where PostgreSQL holds the column NOT NULL is refused here, where the row's
        // position is still at hand (the staging table has no constraints, and the merge would fail on it). Without,
        // the server refuses it, or the reject table takes it as a key conflict would be taken.
        for (int c = 0; badRows != null && c < values.length; c++) {
            if (values[c] != null || !t.notNull[c]) continue;
            String column = t.spec.columns().get(c).name();
            reject(t, values, row.position(), rowNo, BadRows.Stage.ENCODE, "23502", "null value in column \"" + column
                    + "\" of relation \"" + t.spec.name() + "\" violates not-null constraint",
                    t.spec.primaryKey().contains(column) ? "the column is part of the primary key" : null, column);
            return;
        }
        int i = 0;
        try {
            for (; i < values.length; i++) {
                if (i > 0) {
                    buf.ensure(1);
                    buf.putByte('\t');
                }
                CopyText.write(values[i], t.json[i], buf);
            }
        } catch (ValueRejected e) {
            String column = t.spec.columns().get(i).name();
            if (badRows == null) {
                throw new IngestException("batch " + batchNo + ", table " + t.spec.sql() + ", column "
                        + TableRef.quote(column) + ": " + e.getMessage()
                        + (e.hint() == null ? "" : " (" + e.hint() + ")"), e.sqlState(), e);
            }
            buf.pos = start;
            reject(t, values, row.position(), rowNo, BadRows.Stage.ENCODE, e.sqlState(), e.getMessage(), e.hint(), column);
            return;
        }
        if (badRows == null) {
            endRow();
            if (buf.pos >= FLUSH_BYTES) flush();
            return;
        }
        extraFields(t, row, rowNo);
        segment.add(new Item(row, rowNo));
        try {
            if (buf.pos >= FLUSH_BYTES) flush();
        } catch (SQLException e) {
            recover(e);
            open(t);
            return;
        }
        if (segment.size() >= maxQueued) {
            close();
            open(t);
        }
    }

    private void endRow() {
        buf.ensure(1);
        buf.putByte('\n');
    }

    /** The staging table's row number column, and the end of the row. */
    private void extraFields(Table t, TableRow row, long rowNo) {
        if (t.rowColumn != null && t.staged()) {
            buf.ensure(21);
            buf.putByte('\t');
            for (byte b : Long.toString(rowNo).getBytes(java.nio.charset.StandardCharsets.US_ASCII)) buf.putByte(b);
        }
        endRow();
    }

    private void flush() throws SQLException {
        if (buf.pos > 0) {
            in.writeToCopy(buf.buf, 0, buf.pos);
            buf.pos = 0;
        }
    }

    private void close() throws SQLException, IngestException {
        if (in == null) return;
        if (badRows == null) {
            flush();
            long n = in.endCopy();
            if (!current.staged()) current.inserted += n;
            in = null;
            current = null;
            return;
        }
        Table t = current;
        try {
            flush();
            long n = in.endCopy();
            if (!t.staged()) t.inserted += n;
            in = null;
            current = null;
            release(SEGMENT);
            segment.clear();
        } catch (SQLException e) {
            recover(e);
        }
        deliver();
    }

    /**
     * The open segment failed with {@code e}: rolled back to its savepoint, and its rows sent again without the ones
     * the server refuses. A failure that is not about a row's data fails the batch.
     */
    private void recover(SQLException e) throws SQLException, IngestException {
        Table t = current;
        cancel();
        rollbackTo(SEGMENT);
        if (!rowError(e)) throw e;
        List<Item> rows = new ArrayList<>(segment);
        segment.clear();
        isolate(t, rows, e);
        deliver();
    }

    /** Class 22 (a value the type refuses), NULL in a NOT NULL column, a CHECK constraint: one row's fault. */
    private static boolean rowError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.equals("23502") || state.equals("23514"));
    }

    /**
     * {@code rows} just failed together with {@code e} (already rolled back): the row the error names is refused,
     * the rows before it are sent again at once, the rest tried again; without a line number, each half is tried
     * alone. Every attempt runs under its own savepoint, so the rows that succeed stay.
     */
    private void isolate(Table t, List<Item> rows, SQLException e) throws SQLException, IngestException {
        while (true) {
            if (!rowError(e)) throw e;
            long line = ServerError.copyLine(e, relname(t));
            if (line >= 1 && line <= rows.size()) {
                int bad = (int) line - 1;
                rejectServer(t, rows.get(bad), e);
                List<Item> before = rows.subList(0, bad);
                if (!before.isEmpty()) {
                    SQLException again = attempt(t, before);
                    if (again != null) isolate(t, new ArrayList<>(before), again);
                }
                rows = rows.subList(bad + 1, rows.size());
            } else if (rows.size() == 1) {
                rejectServer(t, rows.get(0), e);
                return;
            } else {
                int half = rows.size() / 2;
                for (List<Item> part : List.of(rows.subList(0, half), rows.subList(half, rows.size()))) {
                    SQLException again = attempt(t, part);
                    if (again != null) isolate(t, new ArrayList<>(part), again);
                }
                return;
            }
            if (rows.isEmpty()) return;
            e = attempt(t, rows);
            if (e == null) return;
        }
    }

    /** One COPY of {@code rows} under a savepoint: null when it went in, else the error (and nothing went in). */
    private SQLException attempt(Table t, List<Item> rows) throws SQLException {
        savepoint(ATTEMPT);
        try {
            in = copy.copyIn(copySql(t, copyTarget(t)));
            current = t;
            for (Item i : rows) {
                Object[] values = i.row().values();
                for (int c = 0; c < values.length; c++) {
                    if (c > 0) {
                        buf.ensure(1);
                        buf.putByte('\t');
                    }
                    try {
                        CopyText.write(values[c], t.json[c], buf);
                    } catch (ValueRejected impossible) {
                        throw new IllegalStateException("a value encoded before cannot be encoded again", impossible);
                    }
                }
                extraFields(t, i.row(), i.rowNo());
                if (buf.pos >= FLUSH_BYTES) flush();
            }
            flush();
            long n = in.endCopy();
            in = null;
            current = null;
            release(ATTEMPT);
            if (!t.staged()) t.inserted += n;
            return null;
        } catch (SQLException e) {
            cancel();
            rollbackTo(ATTEMPT);
            return e;
        }
    }

    private void savepoint(String name) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SAVEPOINT " + name);
        }
    }

    private void release(String name) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("RELEASE SAVEPOINT " + name);
        }
    }

    /** Back to before the savepoint, which is then gone: at most one savepoint is open at any time. */
    private void rollbackTo(String name) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("ROLLBACK TO SAVEPOINT " + name);
            s.execute("RELEASE SAVEPOINT " + name);
        }
    }

    private void rejectServer(Table t, Item i, SQLException e) throws IngestException {
        ServerErrorMessage m = ServerError.details(e);
        String column = m == null ? null : m.getColumn();
        String where = m == null ? null : m.getWhere();
        if (column == null && where != null) {
            int at = where.indexOf(", column ");
            if (at >= 0) {
                int end = where.indexOf(": ", at);
                column = where.substring(at + 9, end < 0 ? where.length() : end);
            }
        }
        String detail = m == null ? null : m.getDetail();
        reject(t, i.row().values(), i.row().position(), i.rowNo(), BadRows.Stage.COPY, e.getSQLState(), ServerError.message(e),
                detail, column);
    }

    /** Counts a refused row and keeps it for {@link #deliver()}; past {@code maxRejectedRows} the batch fails. */
    private void reject(Table t, Object[] values, Object position, long rowNo, BadRows.Stage stage, String sqlState, String message,
                        String detail, String column) throws IngestException {
        t.rejected++;
        if (++rejects.badRows > maxRejected) {
            throw new IngestException("batch " + batchNo + ", table " + t.spec.sql() + ": more than " + maxRejected
                    + " rows refused in this run (maxRejectedRows); the last, row " + rowNo + " of the table in the batch"
                    + (column == null ? "" : ", column " + TableRef.quote(column)) + ": " + message
                    + "; the batch is rolled back and the watermark stays where the last committed batch left it", sqlState, null);
        }
        pending.add(new BadRows.BadRow(t.spec.ref(), batchNo, rowNo, values.clone(), position, stage, sqlState, message, detail, column));
    }

    /** Hands the refused rows to the sink; only while no COPY is open and no savepoint attempt can undo what it writes. */
    private void deliver() throws IngestException {
        if (pending.isEmpty()) return;
        for (BadRows.BadRow r : pending) {
            try {
                if (badRows == RejectTable.SINK) rejects.insertBad(conn, spec(r.table()), r);
                else badRows.reject(conn, r);
            } catch (Exception e) {
                throw new IngestException("batch " + batchNo + ", table " + r.table().sql() + ": recording a refused row failed: "
                        + e.getMessage() + "; the batch is rolled back", e instanceof SQLException q ? q.getSQLState() : null, e);
            }
        }
        pending.clear();
    }

    private TableSpec spec(TableRef ref) {
        for (Table t : tables) if (t.spec.ref().equals(ref)) return t.spec;
        throw new IllegalStateException("no table " + ref.sql());
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
