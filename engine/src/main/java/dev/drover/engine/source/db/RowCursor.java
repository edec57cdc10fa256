package dev.drover.engine.source.db;

import java.sql.SQLException;

/**
 * Streams the rows of one source table (never all of them in memory). Values are typed, as the driver
 * returns them: null, Long/Integer, Double, BigDecimal, String, byte[], Boolean, java.time values.
 */
public interface RowCursor extends AutoCloseable {
    /** Advances to the next row; false at the end. */
    boolean next() throws SQLException;

    /** Value of column {@code i} (0-based, in the order the cursor was opened with) of the current row. */
    Object get(int i) throws SQLException;

    /** Where the current row is, for reject files: {@code rowid 42}, {@code id=17}. */
    String position() throws SQLException;

    @Override
    void close() throws SQLException;
}
