package dev.drover.engine.source.db;

import java.sql.SQLException;

/**
 * Streams the rows of one source table (never all of them in memory). Values are typed, as the driver
 * returns them: null, Long/Integer, Double, BigDecimal, String, byte[], Boolean, java.time values. Text may also
 * come as a {@link dev.drover.engine.copy.Utf8Slice} of its own, valid UTF-8 without NUL, so it is never decoded.
 */
public interface RowCursor extends AutoCloseable {
    /** Advances to the next row; false at the end. */
    boolean next() throws SQLException;

    /** Value of column {@code i} (0-based, in the order the cursor was opened with) of the current row. */
    Object get(int i) throws SQLException;

    /** The current row's values into {@code into} (its length is the number of columns). */
    default void read(Object[] into) throws SQLException {
        for (int i = 0; i < into.length; i++) into[i] = get(i);
    }

    /** Where the current row is, for reject files: {@code rowid 42}, {@code id=17}. */
    String position() throws SQLException;

    @Override
    void close() throws SQLException;
}
