package dev.drover.engine.source.sqlite;

import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.nio.charset.StandardCharsets;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.SafeStmtPtr;
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
    private final SafeStmtPtr pointer;
    private final String rowidName;
    private long ordinal;

    private SqliteRowCursor(Connection conn, PreparedStatement statement, ResultSet rs, int lead, TableShape shape,
                            String rowidName) {
        this.conn = conn;
        this.statement = statement;
        this.rs = rs;
        this.lead = lead;
        this.shape = shape;
        this.pointer = ((CoreStatement) statement).pointer;
        this.rowidName = rowidName;
    }

    /**
     * Takes ownership of {@code conn}: closing the cursor closes it, also when opening fails. Only the rows of
     * {@code range} when it is not null.
     *
     * @param from what the rows are selected from: the table, or a materialized query
     */
    static SqliteRowCursor open(Connection conn, TableShape shape, List<String> columns, String from, KeyRange range)
            throws SQLException {
        return open(conn, shape, columns, from, range, null);
    }

    /** As {@link #open(Connection, TableShape, List, String, KeyRange)}, or one page of a keyset read when {@code page} is given. */
    static SqliteRowCursor open(Connection conn, TableShape shape, List<String> columns, String from, KeyRange range,
                                dev.drover.engine.source.db.CursorPage page) throws SQLException {
        try {
            if (page != null) {
                List<String> unknownCursor = page.cursor().stream()
                        .filter(c -> shape.columns().stream().noneMatch(c::equalsIgnoreCase)).toList();
                if (!unknownCursor.isEmpty()) {
                    throw new SQLException("cannot read table " + shape.name() + ": no cursor column " + String.join(", ", unknownCursor)
                            + " (columns: " + String.join(", ", shape.columns()) + ")", "42703");
                }
            }
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
            String usualOrder = order == null ? "" : " ORDER BY " + order;
            String free = rowidName;
            // the rowid under its free name is written bare: quoted, SQLite could read it as a string
            java.util.function.Function<String, String> bare = c -> c.equals(free) ? c : SqliteCatalogReader.quote(c);
            List<Object> params = List.of();
            String tail;
            if (page != null) {
                // SQLite compares row values since 3.15
                var q = page.sql(SqliteCatalogReader::quote, v -> "?", true, KeyRange.Limit.LIMIT);
                tail = q.text();
                params = q.params();
            } else {
                tail = range == null ? usualOrder : range.after(bare, KeyRange.Limit.LIMIT, usualOrder);
            }
            String sql = "SELECT " + String.join(", ", select) + " FROM " + from + tail;
            PreparedStatement ps;
            try {
                ps = conn.prepareStatement(sql);
                for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
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
    static String freeRowidName(List<String> tableColumns) {
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

    /**
     * The whole row in one call into the driver's native layer (about half the cost of one JDBC getter per value),
     * with TEXT as its UTF-8 bytes: a {@link Utf8Slice} when they are well-formed, a String when they hold a NUL (the
     * text transforms refuse it by name), and the bytes themselves when they are not UTF-8, so nothing is replaced by
     * U+FFFD on the way.
     */
    @Override
    public void read(Object[] into) throws SQLException {
        int n = into.length;
        pointer.safeRunConsume((db, ptr) -> {
            for (int i = 0; i < n; i++) {
                int col = lead + i;
                into[i] = switch (db.column_type(ptr, col)) {
                    case SQLITE_INTEGER -> db.column_long(ptr, col);
                    case SQLITE_FLOAT -> db.column_double(ptr, col);
                    case SQLITE_TEXT -> text(db.column_blob(ptr, col));
                    case SQLITE_BLOB -> blob(db.column_blob(ptr, col));
                    default -> null;
                };
            }
        });
    }

    private static final int SQLITE_INTEGER = 1, SQLITE_FLOAT = 2, SQLITE_TEXT = 3, SQLITE_BLOB = 4;

    private static Object text(byte[] b) {
        if (b == null) return "";
        return switch (Utf8Slice.check(b, 0, b.length)) {
            case Utf8Slice.VALID -> new Utf8Slice().set(b, 0, b.length);
            case Utf8Slice.HAS_NUL -> new String(b, StandardCharsets.UTF_8);
            default -> b;
        };
    }

    /** sqlite3_column_blob answers NULL for an empty BLOB. */
    private static byte[] blob(byte[] b) {
        return b == null ? new byte[0] : b;
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
