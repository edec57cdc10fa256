package dev.drover.engine.source.db;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A streaming JDBC cursor over {@code SELECT key..., columns... FROM t ORDER BY key}: what the server-based sources
 * share. The primary key's columns come first, so a row's position can be told as its key ({@code id=42}); the
 * subclass reads the values in its server's terms. The cursor owns its connection: one result per connection is all
 * that streaming drivers allow.
 */
public abstract class KeyedRowCursor implements RowCursor {
    protected final ResultSet rs;
    private final Connection conn;
    private final Statement statement;
    private final List<String> keyNames;
    /** The current row's key as text when it is read at each row, else null (read when a position is asked). */
    private final String[] keyValues;
    private long ordinal;

    /**
     * @param keysEachRow read the key at every row, in select order (drivers that only read columns in order, like
     *                    SQL Server's with adaptive buffering), instead of only when a position is asked
     */
    protected KeyedRowCursor(Connection conn, Statement statement, ResultSet rs, List<String> keyNames, boolean keysEachRow) {
        this.conn = conn;
        this.statement = statement;
        this.rs = rs;
        this.keyNames = List.copyOf(keyNames);
        this.keyValues = keysEachRow ? new String[keyNames.size()] : null;
    }

    /** The 1-based result column of value {@code i}, after the key columns. */
    protected final int at(int i) {
        return keyNames.size() + i + 1;
    }

    @Override
    public final boolean next() throws SQLException {
        boolean more = rs.next();
        if (more) {
            ordinal++;
            if (keyValues != null) for (int k = 0; k < keyValues.length; k++) keyValues[k] = rs.getString(k + 1);
        }
        return more;
    }

    /** {@code id=42}, {@code a=1, b='x'} by primary key, else {@code row 17} in the server's order. */
    @Override
    public final String position() throws SQLException {
        if (keyNames.isEmpty()) return "row " + ordinal;
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < keyNames.size(); k++) {
            if (k > 0) b.append(", ");
            b.append(keyNames.get(k)).append('=');
            String v = keyValues != null ? keyValues[k] : rs.getString(k + 1);
            if (v == null) b.append("NULL");
            else if (v.matches("-?\\d+(\\.\\d+)?")) b.append(v);
            else b.append('\'').append(v.replace("'", "''")).append('\'');
        }
        return b.toString();
    }

    @Override
    public void close() throws SQLException {
        try (conn; statement; rs) {
            // The driver drains or cancels an abandoned result on close; the connection goes with it.
        }
    }

    /** The column of the table, or an error that lists the table's columns. */
    public static SourceColumn column(SourceTable table, String name) throws SQLException {
        return table.column(name).orElseThrow(() -> new SQLException("cannot read table " + table.display() + ": no column "
                + name + " (columns: " + String.join(", ", table.columns().stream().map(SourceColumn::name).toList()) + ")", "42S22"));
    }

    protected final Long longOrNull(int at) throws SQLException {
        long v = rs.getLong(at);
        return rs.wasNull() ? null : v;
    }

    protected final Double doubleOrNull(int at) throws SQLException {
        double d = rs.getDouble(at);
        return rs.wasNull() ? null : d;
    }

    /** A single-precision float widened through its shortest decimal: 0.1 stays 0.1, not 0.10000000149. */
    protected final Double floatOrNull(int at) throws SQLException {
        float f = rs.getFloat(at);
        return rs.wasNull() ? null : Double.valueOf(Float.toString(f));
    }
}
