package dev.drover.engine.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Sends a batch and, when the server refuses it for a data or integrity error, isolates the bad
 * rows and commits the good ones (copy-performance.md §8):
 * <ol>
 *   <li>the whole batch in one COPY (a clean batch pays nothing more);</li>
 *   <li>on failure, the row named by the CONTEXT line number is rejected and skipped, and the rest
 *       goes again in savepoint-protected sub-chunks — each further bad row costs one resend of
 *       one sub-chunk, not of the whole remainder as in pgloader;</li>
 *   <li>an error without a line number (foreign keys, deferred constraints, AFTER triggers)
 *       bisects its sub-chunk down to the single row.</li>
 * </ol>
 * Errors of other kinds propagate to the caller, which retries or fails the table.
 */
public final class ErrorIsolator {
    /** Sub-chunks per failed batch; well under PostgreSQL's 64 cached subtransactions. */
    static final int CHUNKS = 16;

    private final Connection connection;
    private final CopyManager copyManager;
    private final String relname;
    private final List<String> columns;
    private final List<String> types;
    private final boolean serverSkips;

    /**
     * @param columns     the COPY column list
     * @param types       their types as {@code format_type} writes them
     * @param serverSkips the server has {@code ON_ERROR ignore} (PostgreSQL 17+): a text batch is first sent
     *                    with it, so rows with bad values cost no resend
     */
    public ErrorIsolator(Connection connection, CopyManager copyManager, String relname, List<String> columns,
                         List<String> types, boolean serverSkips) {
        this.connection = connection;
        this.copyManager = copyManager;
        this.relname = relname;
        this.columns = columns;
        this.types = types;
        this.serverSkips = serverSkips;
    }

    /**
     * Sends the batch in the connection's current transaction and commits it.
     *
     * @param rejected receives each row the server refused
     * @return rows committed
     */
    public long sendAndCommit(Batch b, Consumer<RejectedRow> rejected) throws SQLException {
        BitSet skip = new BitSet();
        int n = b.rows();
        if (n == 0) return 0;
        if (serverSkips && !b.binary()) {
            List<RejectedRow> skipped = new ArrayList<>();
            long count;
            try {
                count = sendSkipping(b, n, skipped);
            } catch (SQLException e) {
                rollbackQuietly(e);
                if (ServerError.classify(e) != ServerError.DATA) throw e;
                count = -1; // a constraint, not a value: isolate as below
            }
            if (count >= 0) {
                connection.commit();
                skipped.forEach(rejected);
                return count;
            }
        }
        SQLException first;
        try {
            long count = CopySender.send(copyManager, b, 0, n, skip);
            connection.commit();
            return count;
        } catch (SQLException e) {
            rollbackQuietly(e);
            if (ServerError.classify(e) != ServerError.DATA) throw e;
            first = e;
        }
        long loaded = 0;
        Deque<int[]> work = new ArrayDeque<>();
        int r0 = CopySender.rowOfLine(ServerError.copyLine(first, relname), 0, n, skip);
        if (r0 >= 0) {
            skip.set(r0);
            rejected.accept(new RejectedRow(b, r0, first));
            // Rows before the first bad one passed parsing and row checks: most likely good, send them as one chunk.
            if (r0 > 0) work.add(new int[] {0, r0});
            addChunks(work, r0 + 1, n);
        } else {
            addChunks(work, 0, n);
        }
        while (!work.isEmpty()) {
            int[] range = work.poll();
            loaded += sendRange(b, range[0], range[1], skip, rejected, work);
        }
        connection.commit();
        return loaded;
    }

    /**
     * Sends a text batch with {@code ON_ERROR ignore, LOG_VERBOSITY verbose}: the server skips rows with values
     * its input functions refuse and names each in a NOTICE (line and column). Each skipped row is rejected
     * with the exact error {@code pg_input_error_info} gives for its value. Returns the rows loaded, or -1
     * (after a rollback) when the notices cannot be matched to rows, so the batch goes the strict way.
     */
    private long sendSkipping(Batch b, int n, List<RejectedRow> skipped) throws SQLException {
        connection.clearWarnings();
        long count = CopySender.send(copyManager, b, 0, n, new BitSet(), CopySender.SKIP_BAD_VALUES);
        List<long[]> notices = new ArrayList<>(); // line, column index
        for (SQLWarning w = connection.getWarnings(); w != null; w = w.getNextWarning()) {
            long[] lc = skippedRow(w);
            if (lc != null) notices.add(lc);
        }
        connection.clearWarnings();
        if (count + notices.size() != n) {
            connection.rollback();
            return -1;
        }
        for (long[] lc : notices) {
            int row = (int) lc[0] - 1;
            int col = (int) lc[1];
            String value = TextFormat.readField(b.data.buf, b.start(row), b.end(row), col);
            skipped.add(new RejectedRow(b, row, explain(value, col, lc[0])));
        }
        return count;
    }

    /** Line and column index of a "skipping row ... at line N for column "c"" notice, or null for other notices. */
    private long[] skippedRow(SQLWarning w) {
        ServerErrorMessage m = w instanceof PSQLWarning pw ? pw.getServerErrorMessage() : null;
        String text = m != null && m.getMessage() != null ? m.getMessage() : w.getMessage();
        if (text == null) return null;
        // Only the digits and the quoted column name are read, so translated messages work too.
        int i = 0, len = text.length();
        while (i < len && !Character.isDigit(text.charAt(i))) i++;
        int j = i;
        while (j < len && Character.isDigit(text.charAt(j))) j++;
        int q1 = text.indexOf('"', j);
        int q2 = q1 < 0 ? -1 : text.indexOf('"', q1 + 1);
        if (j == i || j - i > 9 || q2 < 0) return null;
        int col = columns.indexOf(text.substring(q1 + 1, q2));
        long line = Long.parseLong(text.substring(i, j));
        if (col < 0 || line < 1) return null;
        return new long[] {line, col};
    }

    /** The server's own error for the value, as if the row had failed a strict COPY. */
    private SQLException explain(String value, int col, long line) throws SQLException {
        String state = "22P02", message = "invalid input for type " + types.get(col), detail = null, hint = null;
        if (value != null) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT sql_error_code, message, detail, hint FROM pg_input_error_info(?, ?)")) {
                ps.setString(1, value);
                ps.setString(2, types.get(col));
                try (ResultSet r = ps.executeQuery()) {
                    if (r.next() && r.getString(2) != null) {
                        state = r.getString(1);
                        message = r.getString(2);
                        detail = r.getString(3);
                        hint = r.getString(4);
                    }
                }
            }
        }
        String shown = value == null ? "null input" : "\"" + (value.length() > 100 ? value.substring(0, 100) + "..." : value) + "\"";
        StringBuilder raw = new StringBuilder("SERROR\0VERROR\0C").append(state).append("\0M").append(message);
        if (detail != null) raw.append("\0D").append(detail);
        if (hint != null) raw.append("\0H").append(hint);
        raw.append("\0WCOPY ").append(relname).append(", line ").append(line).append(", column ").append(columns.get(col))
                .append(": ").append(shown).append("\0c").append(columns.get(col)).append('\0');
        return new PSQLException(new ServerErrorMessage(raw.toString()));
    }

    private static void addChunks(Deque<int[]> work, int from, int to) {
        int len = to - from;
        if (len <= 0) return;
        int size = Math.max(1, (len + CHUNKS - 1) / CHUNKS);
        for (int s = from; s < to; s += size) work.add(new int[] {s, Math.min(to, s + size)});
    }

    /** One range under a savepoint; a line-numbered error skips that row and resends, an unnumbered one bisects. */
    private long sendRange(Batch b, int from, int to, BitSet skip, Consumer<RejectedRow> rejected, Deque<int[]> work)
            throws SQLException {
        while (true) {
            if (skip.nextClearBit(from) >= to) return 0;
            Savepoint sp = connection.setSavepoint();
            try {
                long count = CopySender.send(copyManager, b, from, to, skip);
                // No intermediate commit: the batch stays atomic, so a writer that loses its
                // connection can resend it whole without loading any row twice.
                connection.releaseSavepoint(sp);
                return count;
            } catch (SQLException e) {
                connection.rollback(sp);
                if (ServerError.classify(e) != ServerError.DATA) throw e;
                int bad = CopySender.rowOfLine(ServerError.copyLine(e, relname), from, to, skip);
                if (bad >= 0) {
                    skip.set(bad);
                    rejected.accept(new RejectedRow(b, bad, e));
                    continue;
                }
                int live = 0, only = -1;
                for (int r = from; r < to && live < 2; r++) if (!skip.get(r)) { live++; only = r; }
                if (live == 1) {
                    skip.set(only);
                    rejected.accept(new RejectedRow(b, only, e));
                    return 0;
                }
                int mid = from + (to - from) / 2;
                work.addFirst(new int[] {mid, to});
                work.addFirst(new int[] {from, mid});
                return 0;
            }
        }
    }

    private void rollbackQuietly(SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }
}
