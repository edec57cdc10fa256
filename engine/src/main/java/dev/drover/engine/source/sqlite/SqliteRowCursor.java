package dev.drover.engine.source.sqlite;

import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one table on its own read-only connection (so several tables can be read in parallel). SQLite steps
 * the statement one row at a time; nothing is buffered beyond the current row.
 *
 * <p>Values come back by storage class, not by declared type, because SQLite stores any value in any column:
 * INTEGER as Long, REAL as Double, TEXT as String, BLOB as byte[], NULL as null.
 */
final class SqliteRowCursor implements RowCursor {
    private final Connection conn;
    private final PreparedStatement statement;
    private final ResultSet rs;
    /** Leading columns selected only to write the position: the rowid, or the key of a WITHOUT ROWID table. */
    private final int lead;
    private final TableShape shape;
    private final String rowidName;
    private long ordinal;

    private SqliteRowCursor(Connection conn, PreparedStatement statement, ResultSet rs, int lead, TableShape shape,
                            String rowidName) {
        this.conn = conn;
        this.statement = statement;
        this.rs = rs;
        this.lead = lead;
        this.shape = shape;
        this.rowidName = rowidName;
    }

    /** Takes ownership of {@code conn}: closing the cursor closes it, also when opening fails. */
    static SqliteRowCursor open(Connection conn, TableShape shape, List<String> columns)
            throws SQLException {
        return open(conn, shape, columns, null);
    }

    /** As {@link #open(Connection, TableShape, List)}, only the rows of {@code range} when it is not null. */
    static SqliteRowCursor open(Connection conn, TableShape shape, List<String> columns, KeyRange range)
            throws SQLException {
        try {
            // SQLite reads a double-quoted name that matches no column as a string literal: a misspelled column
            // would silently load its own name into every row.
            List<String> unknown = columns.stream()
                    .filter(c -> shape.columns().stream().noneMatch(c::equalsIgnoreCase)).toList();
            if (!unknown.isEmpty()) {
                throw new SQLException("cannot read table " + shape.name() + ": no column " + String.join(", ", unknown)
                        + " (columns: " + String.join(", ", shape.columns()) + ")", "42703");
            }
            List<String> select = new ArrayList<>();
            String order = null;
            String rowidName = null;
            if (shape.hasRowid()) {
                rowidName = freeRowidName(shape.columns());
                if (rowidName != null) {
                    select.add(rowidName);
                    order = rowidName;
                }
            } else if (shape.withoutRowid()) {
                List<String> key = shape.primaryKey().stream().map(SqliteCatalogReader::quote).toList();
                select.addAll(key);
                order = String.join(", ", key);
            }
            int lead = select.size();
            columns.forEach(c -> select.add(SqliteCatalogReader.quote(c)));
            String sql = "SELECT " + String.join(", ", select) + " FROM main." + SqliteCatalogReader.quote(shape.name())
                    + (range != null ? range.clauses(SqliteCatalogReader::quote, KeyRange.Limit.LIMIT)
                    : order == null ? "" : " ORDER BY " + order);
            PreparedStatement ps;
            try {
                ps = conn.prepareStatement(sql);
            } catch (SQLException e) {
                throw new SQLException("cannot read table " + shape.name() + ": " + e.getMessage(), e.getSQLState(), e);
            }
            return new SqliteRowCursor(conn, ps, ps.executeQuery(), lead, shape, rowidName);
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /**
     * The rowid can be reached by three names; a column of that name hides it, and a table that uses all three
     * has no reachable rowid (then rows are read in storage order and numbered).
     */
    private static String freeRowidName(List<String> tableColumns) {
        for (String candidate : List.of("rowid", "_rowid_", "oid")) {
            if (tableColumns.stream().noneMatch(c -> c.equalsIgnoreCase(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public boolean next() throws SQLException {
        boolean more = rs.next();
        if (more) {
            ordinal++;
        }
        return more;
    }

    @Override
    public Object get(int i) throws SQLException {
        Object v = rs.getObject(lead + i + 1);
        // The driver picks Integer or Long by magnitude; one INTEGER storage class means one Java type.
        return v instanceof Integer n ? Long.valueOf(n) : v;
    }

    @Override
    public String position() throws SQLException {
        if (rowidName != null) {
            long rowid = rs.getLong(1);
            return shape.rowidAlias() != null ? shape.rowidAlias() + "=" + rowid + " (rowid)" : "rowid " + rowid;
        }
        if (shape.withoutRowid()) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < lead; k++) {
                if (k > 0) {
                    b.append(", ");
                }
                Object v = rs.getObject(k + 1);
                b.append(shape.primaryKey().get(k)).append('=');
                b.append(literal(v));
            }
            return b.toString();
        }
        return "row " + ordinal;
    }

    /** A key value written as SQLite would accept it back in a WHERE clause. */
    private static String literal(Object v) {
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("X'");
            for (byte x : bytes) {
                hex.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
            }
            return hex.append('\'').toString();
        }
        return String.valueOf(v);
    }

    @Override
    public void close() throws SQLException {
        try (conn; statement; rs) {
            // closes in reverse order: result set, statement, connection
        }
    }
}
