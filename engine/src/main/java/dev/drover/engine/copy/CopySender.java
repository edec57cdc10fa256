package dev.drover.engine.copy;

import java.sql.SQLException;
import java.util.BitSet;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Sends rows {@code [from, to)} of a batch as one COPY, leaving out the rows in {@code skip}.
 * Contiguous runs go out in large slices (one CopyData message each), never one call per row.
 */
public final class CopySender {
    /** Large enough that pgjdbc writes straight to the socket, small enough that an early error stops the upload. */
    static final int SLICE = 256 * 1024;
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] BINARY_TRAILER = {(byte) 0xFF, (byte) 0xFF};

    private CopySender() {}

    /** COPY options (PostgreSQL 17+) that skip rows with values the type's input function refuses, with a NOTICE each. */
    public static final String SKIP_BAD_VALUES = " (ON_ERROR ignore, LOG_VERBOSITY verbose)";

    /** @return rows the server reports as copied */
    public static long send(CopyManager cm, Batch b, int from, int to, BitSet skip) throws SQLException {
        return send(cm, b, from, to, skip, "");
    }

    /** @param options appended to a text batch's COPY statement */
    public static long send(CopyManager cm, Batch b, int from, int to, BitSet skip, String options) throws SQLException {
        boolean binary = b.binary();
        CopyIn in = cm.copyIn(binary ? b.copySql() : b.copySql() + options);
        try {
            if (binary) in.writeToCopy(BINARY_HEADER, 0, BINARY_HEADER.length);
            int run = -1;
            for (int r = from; r < to; r++) {
                if (skip.get(r)) {
                    if (run >= 0) {
                        slices(in, b.data.buf, run, b.start(r));
                        run = -1;
                    }
                } else if (run < 0) {
                    run = b.start(r);
                }
            }
            if (run >= 0) slices(in, b.data.buf, run, to == 0 ? 0 : b.end(to - 1));
            if (binary) in.writeToCopy(BINARY_TRAILER, 0, BINARY_TRAILER.length);
            return in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    private static void slices(CopyIn in, byte[] buf, int start, int end) throws SQLException {
        for (int p = start; p < end; p += SLICE) in.writeToCopy(buf, p, Math.min(SLICE, end - p));
    }

    /** The row (in {@code [from, to)}, skipping {@code skip}) that the server's 1-based COPY line names, or -1. */
    public static int rowOfLine(long copyLine, int from, int to, BitSet skip) {
        if (copyLine < 1) return -1;
        long n = 0;
        for (int r = from; r < to; r++) {
            if (skip.get(r)) continue;
            if (++n == copyLine) return r;
        }
        return -1;
    }
}
