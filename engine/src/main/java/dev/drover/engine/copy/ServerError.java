package dev.drover.engine.copy;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** What a failed COPY means for the rows in it. */
public enum ServerError {
    /** A row's data or a constraint (classes 22 and 23): isolate the row, keep the rest. */
    DATA,
    /** Deadlock, serialization failure, lock timeout: send the same batch again. */
    TRANSIENT,
    /** The connection is gone: reconnect and send the same batch again, a bounded number of times. */
    CONNECTION,
    /** Anything else (permissions, disk full, cancelled statement): the table fails with the server's message. */
    FATAL;

    public static ServerError classify(SQLException e) {
        String state = e.getSQLState();
        if (state == null) return FATAL;
        if (state.startsWith("22") || state.startsWith("23")) return DATA;
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) return TRANSIENT;
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return CONNECTION;
        }
        return FATAL;
    }

    public static ServerErrorMessage details(SQLException e) {
        return e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    }

    /**
     * The 1-based line number in {@code COPY <relname>, line N...} of the error's CONTEXT, or -1.
     * Only the digits are read, so translated messages work too (copy-performance.md §10).
     */
    public static long copyLine(SQLException e, String relname) {
        ServerErrorMessage m = details(e);
        String where = m == null ? null : m.getWhere();
        if (where == null) return -1;
        String prefix = "COPY " + relname + ", ";
        for (String line : where.split("\n")) {
            if (!line.startsWith(prefix)) continue;
            int i = prefix.length(), n = line.length();
            while (i < n && !Character.isDigit(line.charAt(i))) i++;
            int j = i;
            while (j < n && Character.isDigit(line.charAt(j))) j++;
            if (j > i && j - i < 18) return Long.parseLong(line.substring(i, j));
        }
        return -1;
    }

    /** The server's primary message without pgjdbc's "ERROR: " prefix and trailing detail lines. */
    public static String message(SQLException e) {
        ServerErrorMessage m = details(e);
        if (m != null && m.getMessage() != null) return m.getMessage();
        return e.getMessage();
    }
}
