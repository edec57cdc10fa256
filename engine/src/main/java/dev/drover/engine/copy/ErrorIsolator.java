package dev.drover.engine.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.function.Consumer;
import org.postgresql.copy.CopyManager;

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

    public ErrorIsolator(Connection connection, CopyManager copyManager, String relname) {
        this.connection = connection;
        this.copyManager = copyManager;
        this.relname = relname;
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
