package dev.drover.engine.source.mysql;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.KeyedRowCursor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one table on its own connection: the driver reads rows off the socket as they are asked for
 * ({@code fetchSize = Integer.MIN_VALUE}), so a table of any size takes one row of memory. The connection is busy
 * until the cursor closes, which is why each cursor has its own.
 *
 * <p>Values by declared type: integers as Long (BIGINT UNSIGNED as BigDecimal, which nothing overflows), DECIMAL as
 * BigDecimal, FLOAT and DOUBLE as Double (FLOAT from the server's text of it, as pgloader loads it: 0.1 is the double
 * 0.1, not the single-precision value 0.10000000149011612), character types, JSON, ENUM and SET as String, binary types as byte[],
 * BIT(n) as a String of n binary digits, YEAR as Long. Dates and times are selected as the text the server writes,
 * so zero dates ({@code 0000-00-00}), partial dates ({@code 2019-00-10}) and times past 24 hours reach the cast
 * rules unchanged; spatial values as WKT.
 */
final class MysqlRowCursor extends KeyedRowCursor {
    enum Read { LONG, UNSIGNED_BIGINT, DECIMAL, FLOAT, DOUBLE, STRING, BYTES, OBJECT }

    private final Read[] reads;
    /** Whether the server sends text as UTF-8 (it converts every column's charset to the connection's). */
    private final boolean utf8Results;

    private MysqlRowCursor(Connection conn, Statement statement, ResultSet rs, Read[] reads, List<String> keyNames,
                           boolean utf8Results) {
        super(conn, statement, rs, keyNames, false);
        this.reads = reads;
        this.utf8Results = utf8Results;
    }

    /** Takes ownership of {@code conn}: closing the cursor closes it, also when opening fails. */
    static MysqlRowCursor open(Connection conn, SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        return open(conn, table, columns, range, null);
    }

    /**
     * As {@link #open(Connection, SourceTable, List, KeyRange)}, or one page of a keyset read when {@code page} is
     * given: in the expanded form {@code a > ? OR (a = ? AND b > ?)}, which MySQL's range optimizer serves from an
     * index on the cursor (row-value comparisons it long did not), the position bound as parameters.
     */
    static MysqlRowCursor open(Connection conn, SourceTable table, List<String> columns, KeyRange range,
                               dev.drover.engine.source.db.CursorPage page) throws SQLException {
        try {
            if (page != null) {
                for (String c : page.cursor()) column(table, c); // an unknown cursor column fails here, named
            }
            List<String> select = new ArrayList<>();
            List<String> key = table.primaryKey() == null ? List.of() : table.primaryKey().columns();
            for (String k : key) select.add(quote(k));
            Read[] reads = new Read[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i);
                SourceColumn c = column(table, name);
                select.add(expression(c));
                reads[i] = read(c);
            }
            String order = key.isEmpty() ? "" : " ORDER BY " + String.join(", ", key.stream().map(MysqlRowCursor::quote).toList());
            List<Object> params = List.of();
            String tail;
            if (page != null) {
                var q = page.sql(MysqlRowCursor::quote, v -> "?", false, KeyRange.Limit.LIMIT);
                tail = q.text();
                params = q.params();
            } else {
                tail = range == null ? order : range.after(MysqlRowCursor::quote, KeyRange.Limit.LIMIT, order);
            }
            String sql = "SELECT " + String.join(", ", select) + " FROM " + from(table) + tail;
            boolean utf8 = utf8Results(conn); // asked before the streaming result holds the connection
            Statement st = params.isEmpty() ? conn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)
                    : conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            st.setFetchSize(Integer.MIN_VALUE);
            ResultSet rs;
            try {
                if (st instanceof java.sql.PreparedStatement ps) {
                    for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
                    rs = ps.executeQuery();
                } else {
                    rs = st.executeQuery(sql);
                }
            } catch (SQLException e) {
                st.close();
                throw new SQLException("cannot read table " + table.display() + ": " + e.getMessage(), e.getSQLState(), e);
            }
            return new MysqlRowCursor(conn, st, rs, reads, key, utf8);
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /** What the SELECT list holds for a column: the column itself, or the server's text of it. */
    static String expression(SourceColumn c) {
        String q = quote(c.name());
        return switch (c.dataType()) {
            case "date", "datetime", "timestamp", "time" -> "CAST(" + q + " AS CHAR)";
            case "bit" -> "LPAD(BIN(" + q + "), " + (c.precision() == null ? 1 : c.precision()) + ", '0')";
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> "ST_AsText(" + q + ")";
            default -> q;
        };
    }

    static Read read(SourceColumn c) {
        return switch (c.dataType()) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "year" -> Read.LONG;
            case "bigint" -> c.unsigned() ? Read.UNSIGNED_BIGINT : Read.LONG;
            case "decimal", "numeric" -> Read.DECIMAL;
            case "float" -> Read.FLOAT;
            case "double", "real", "double precision" -> Read.DOUBLE;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Read.BYTES;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json", "enum", "set", "date", "datetime",
                 "timestamp", "time", "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                 "multipolygon", "geometrycollection", "geomcollection" -> Read.STRING;
            default -> Read.OBJECT;
        };
    }

    /** What a table's rows are selected from: the table, or the materialized query. */
    static String from(SourceTable table) {
        return table.isMaterialized() ? "(" + table.query() + ") q" : quote(table.schema()) + "." + quote(table.name());
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    @Override
    public Object get(int i) throws SQLException {
        int at = at(i);
        return switch (reads[i]) {
            case LONG -> longOrNull(at);
            case UNSIGNED_BIGINT -> {
                String s = rs.getString(at);
                yield s == null ? null : new BigDecimal(s);
            }
            case DECIMAL -> rs.getBigDecimal(at);
            case FLOAT -> {
                // the text protocol's digits: MySQL's own shortest (or, MariaDB, 6-digit) writing of the float
                String s = rs.getString(at);
                yield s == null ? null : Double.valueOf(s);
            }
            case DOUBLE -> doubleOrNull(at);
            case STRING -> utf8Results ? text(rs.getBytes(at)) : rs.getString(at);
            case BYTES -> rs.getBytes(at);
            case OBJECT -> rs.getObject(at);
        };
    }


    private static boolean utf8Results(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet r = st.executeQuery("SELECT @@character_set_results")) {
            return r.next() && r.getString(1) != null && r.getString(1).toLowerCase(java.util.Locale.ROOT).startsWith("utf8");
        }
    }

    /**
     * Text as the UTF-8 bytes the server sent, never decoded and encoded again: a {@link Utf8Slice} when well-formed
     * without NUL, else the driver's String (which the transforms judge as before).
     */
    private static Object text(byte[] b) {
        if (b == null) return null;
        return Utf8Slice.check(b, 0, b.length) == Utf8Slice.VALID ? new Utf8Slice().set(b, 0, b.length)
                : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
