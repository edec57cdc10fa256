package dev.drover.engine.source.postgres;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * One table streamed by {@code COPY (SELECT …) TO STDOUT} in text format: PostgreSQL prints each value with its
 * own output function, which is exactly the input syntax a PostgreSQL target reads back, so numerics, floats
 * (NaN, Infinity), bytea, arrays, intervals, ranges and enums need no conversion. The server sends one row per
 * message and the driver holds one message at a time, so memory stays bounded by the widest row.
 */
final class PostgresRowCursor implements RowCursor {
    /** Integer columns are handed on as Long so the migration can track identity maxima. */
    static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");

    private final Connection conn;
    private final CopyOut copy;
    private final String table;
    private final List<String> key;
    /** Leading fields selected only to write the position: the primary key. */
    private final int lead;
    private final boolean[] integer;
    private final CopyTextRow row;
    private long ordinal;

    private PostgresRowCursor(Connection conn, CopyOut copy, String table, List<String> key, boolean[] integer, int fields) {
        this.conn = conn;
        this.copy = copy;
        this.table = table;
        this.key = key;
        this.lead = key.size();
        this.integer = integer;
        this.row = new CopyTextRow(fields);
    }

    /** Takes ownership of {@code conn}: closing the cursor closes it, also when opening fails. */
    static PostgresRowCursor open(Connection conn, SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        return open(conn, table, columns, range, null);
    }

    /**
     * As {@link #open(Connection, SourceTable, List, KeyRange)}, or one page of a keyset read when {@code page} is
     * given; COPY takes no parameters, so the position is written as literals, which PostgreSQL types by their column.
     */
    static PostgresRowCursor open(Connection conn, SourceTable table, List<String> columns, KeyRange range,
                                  dev.drover.engine.source.db.CursorPage page) throws SQLException {
        try {
            if (page != null) {
                List<String> unknownCursor = page.cursor().stream().filter(c -> table.column(c).isEmpty()).toList();
                if (!unknownCursor.isEmpty()) {
                    throw new SQLException("cannot read table " + table.display() + ": no cursor column " + String.join(", ", unknownCursor), "42703");
                }
            }
            List<String> unknown = columns.stream().filter(c -> table.column(c).isEmpty()).toList();
            if (!unknown.isEmpty()) {
                throw new SQLException("cannot read table " + table.display() + ": no column " + String.join(", ", unknown), "42703");
            }
            List<String> key = table.primaryKey() == null ? List.of() : table.primaryKey().columns();
            List<String> select = new ArrayList<>();
            key.forEach(k -> select.add(PostgresCatalogReader.quoteIdent(k)));
            columns.forEach(c -> select.add(PostgresCatalogReader.quoteIdent(c)));
            boolean[] integer = new boolean[columns.size()];
            for (int i = 0; i < integer.length; i++) {
                SourceColumn c = table.column(columns.get(i)).orElseThrow();
                integer[i] = INTEGERS.contains(c.dataType());
            }
            // SELECT rather than COPY table: a partitioned parent cannot be copied directly, and only the asked columns travel.
            String sql = "COPY (SELECT " + String.join(", ", select) + " FROM " + from(table)
                    + (page != null ? page.sql(PostgresCatalogReader::quoteIdent, PostgresRowCursor::literal, true, KeyRange.Limit.LIMIT).text()
                    : range == null ? "" : range.after(PostgresCatalogReader::quoteIdent, KeyRange.Limit.LIMIT, "")) + ") TO STDOUT";
            CopyOut copy;
            try {
                copy = conn.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            } catch (SQLException e) {
                throw new SQLException("cannot read table " + table.display() + ": " + e.getMessage(), e.getSQLState(), e);
            }
            return new PostgresRowCursor(conn, copy, table.display(), key, integer, select.size());
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /** A cursor position's value as an SQL literal: numbers as they are, anything else as a quoted string. */
    static String literal(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
            return v.toString();
        }
        if (v instanceof Double d && Double.isFinite(d)) return java.math.BigDecimal.valueOf(d).toPlainString();
        String s = v.toString();
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("a cursor position cannot hold a NUL character");
        return s.indexOf('\\') >= 0 ? "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'" : "'" + s.replace("'", "''") + "'";
    }

    /** What a table's rows are selected from: the table, or the materialized query. */
    static String from(SourceTable table) {
        return table.isMaterialized() ? "(" + table.query() + ") q"
                : PostgresCatalogReader.quoteIdent(table.schema()) + "." + PostgresCatalogReader.quoteIdent(table.name());
    }

    @Override
    public boolean next() throws SQLException {
        byte[] line = copy.readFromCopy();
        if (line == null) return false;
        row.parse(line, table);
        ordinal++;
        return true;
    }

    @Override
    public Object get(int i) throws SQLException {
        CharSequence v = row.field(lead + i);
        if (v == null || !integer[i]) return v;
        return Long.parseLong(v, 0, v.length(), 10);
    }

    @Override
    public String position() {
        if (lead == 0) return "row " + ordinal;
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < lead; k++) {
            if (k > 0) b.append(", ");
            CharSequence v = row.field(k);
            b.append(key.get(k)).append('=').append(v == null ? "NULL" : v);
        }
        return b.toString();
    }

    @Override
    public void close() throws SQLException {
        try (conn) {
            if (copy.isActive()) copy.cancelCopy();
            conn.rollback();
        }
    }

    /** For messages: the raw row as text. */
    static String show(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }
}
