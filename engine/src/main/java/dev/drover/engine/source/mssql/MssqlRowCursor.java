package dev.drover.engine.source.mssql;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.KeyedRowCursor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams one table on its own connection (without MARS a SQL Server connection serves one result at a time): a
 * forward-only, read-only statement over a connection with adaptive response buffering, so a table of any size takes
 * a row of memory.
 *
 * <p>Values by declared type: integers as Long, decimal, numeric, money and smallmoney as BigDecimal, float as
 * Double, real as Double through its shortest decimal, bit as Boolean, uniqueidentifier as lower-case String,
 * character types and xml as String, binary types, rowversion and the CLR types (hierarchyid, geometry, geography)
 * as byte[]. Dates and times are selected as the server's text in style 121 ({@code 2024-02-29 23:59:59.1234567},
 * {@code +01:00} for datetimeoffset), which keeps every fraction digit whatever the driver's java.time mapping does.
 */
final class MssqlRowCursor extends KeyedRowCursor {
    enum Read { LONG, DECIMAL, DOUBLE, REAL, BOOLEAN, UUID, STRING, BYTES, OBJECT }

    private final Read[] reads;

    private MssqlRowCursor(Connection conn, Statement statement, ResultSet rs, Read[] reads, List<String> keyNames) {
        // with adaptive buffering columns are read in select order: the key first, at every row
        super(conn, statement, rs, keyNames, true);
        this.reads = reads;
    }

    /** Takes ownership of {@code conn}: closing the cursor closes it, also when opening fails. */
    static MssqlRowCursor open(Connection conn, SourceTable table, List<String> columns) throws SQLException {
        return open(conn, table, columns, null);
    }

    /** As {@link #open(Connection, SourceTable, List)}, only the rows of {@code range} when it is not null. */
    static MssqlRowCursor open(Connection conn, SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        return open(conn, table, columns, range, null);
    }

    /**
     * As {@link #open(Connection, SourceTable, List, KeyRange)}, or one page of a keyset read when {@code page} is
     * given ({@code a > ? OR (a = ? AND b > ?) ... ORDER BY a, b OFFSET 0 ROWS FETCH NEXT n ROWS ONLY}: SQL Server has
     * no row-value comparison), the position bound as parameters. A date/time position is the text the cursor reads
     * (style 121), which the server converts back to the column's type for the comparison.
     */
    static MssqlRowCursor open(Connection conn, SourceTable table, List<String> columns, KeyRange range,
                               dev.drover.engine.source.db.CursorPage page) throws SQLException {
        try {
            if (page != null) {
                for (String c : page.cursor()) column(table, c); // an unknown cursor column fails here, named
            }
            CursorSelect q = page == null ? new CursorSelect(select(table, columns, range), List.of()) : selectPage(table, columns, page);
            String sql = q.sql();
            Read[] reads = new Read[columns.size()];
            for (int i = 0; i < columns.size(); i++) reads[i] = read(column(table, columns.get(i)));
            Statement st = q.params().isEmpty() ? conn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)
                    : conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ResultSet rs;
            try {
                if (st instanceof java.sql.PreparedStatement ps) {
                    for (int i = 0; i < q.params().size(); i++) ps.setObject(i + 1, q.params().get(i));
                    rs = ps.executeQuery();
                } else {
                    rs = st.executeQuery(sql);
                }
            } catch (SQLException e) {
                st.close();
                throw new SQLException("cannot read table " + table.display() + ": " + e.getMessage(), e.getSQLState(), e);
            }
            return new MssqlRowCursor(conn, st, rs, reads, table.primaryKey() == null ? List.of() : table.primaryKey().columns());
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /**
     * The key columns first (as text, for positions), then the wanted columns; ordered by primary key when there is
     * one, so positions ({@code id=42}) are stable between runs.
     */
    static String select(SourceTable table, List<String> columns) throws SQLException {
        return select(table, columns, null);
    }

    /** As {@link #select(SourceTable, List)}, only the rows of {@code range} when it is not null. */
    static String select(SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        List<String> select = new ArrayList<>();
        List<String> key = table.primaryKey() == null ? List.of() : table.primaryKey().columns();
        for (String k : key) select.add("CONVERT(nvarchar(4000), " + quote(k) + ")");
        for (String name : columns) select.add(expression(column(table, name)));
        String order = key.isEmpty() ? "" : " ORDER BY " + String.join(", ", key.stream().map(MssqlRowCursor::quote).toList());
        return "SELECT " + String.join(", ", select) + " FROM " + from(table)
                + (range != null ? range.after(MssqlRowCursor::quote, KeyRange.Limit.FETCH, order) : order);
    }

    /** A statement and its bind parameters. */
    record CursorSelect(String sql, List<Object> params) {}

    /** One page of a keyset read: the key columns and {@code columns}, as {@link #select} lists them. */
    static CursorSelect selectPage(SourceTable table, List<String> columns, dev.drover.engine.source.db.CursorPage page) throws SQLException {
        List<String> select = new ArrayList<>();
        List<String> key = table.primaryKey() == null ? List.of() : table.primaryKey().columns();
        for (String k : key) select.add("CONVERT(nvarchar(4000), " + quote(k) + ")");
        for (String name : columns) select.add(expression(column(table, name)));
        var q = page.sql(MssqlRowCursor::quote, v -> "?", false, KeyRange.Limit.FETCH);
        return new CursorSelect("SELECT " + String.join(", ", select) + " FROM " + from(table) + q.text(), q.params());
    }

    /** What the SELECT list holds for a column: the column, or the server's exact text or bytes of it. */
    static String expression(SourceColumn c) {
        String q = quote(c.name());
        return switch (c.dataType().toLowerCase(Locale.ROOT)) {
            case "date", "time", "datetime", "datetime2", "smalldatetime", "datetimeoffset" -> "CONVERT(varchar(40), " + q + ", 121)";
            case "hierarchyid", "geometry", "geography" -> "CAST(" + q + " AS varbinary(max))";
            case "sql_variant" -> "CONVERT(nvarchar(max), " + q + ")";
            default -> q;
        };
    }

    static Read read(SourceColumn c) {
        return switch (c.dataType().toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "int", "bigint" -> Read.LONG;
            case "decimal", "numeric", "money", "smallmoney" -> Read.DECIMAL;
            case "float" -> Read.DOUBLE;
            case "real" -> Read.REAL;
            case "bit" -> Read.BOOLEAN;
            case "uniqueidentifier" -> Read.UUID;
            case "char", "varchar", "nchar", "nvarchar", "text", "ntext", "xml", "sysname", "sql_variant", "date", "time",
                 "datetime", "datetime2", "smalldatetime", "datetimeoffset" -> Read.STRING;
            case "binary", "varbinary", "image", "timestamp", "rowversion", "hierarchyid", "geometry", "geography" -> Read.BYTES;
            default -> Read.OBJECT;
        };
    }

    /** What a table's rows are selected from: the table, or the materialized query. */
    static String from(SourceTable table) {
        return table.isMaterialized() ? "(" + table.query() + ") AS q" : quote(table.schema()) + "." + quote(table.name());
    }

    static String quote(String name) {
        return "[" + name.replace("]", "]]") + "]";
    }

    @Override
    public Object get(int i) throws SQLException {
        int at = at(i);
        return switch (reads[i]) {
            case LONG -> longOrNull(at);
            case DECIMAL -> rs.getBigDecimal(at);
            case DOUBLE -> doubleOrNull(at);
            case REAL -> floatOrNull(at);
            case BOOLEAN -> {
                boolean b = rs.getBoolean(at);
                yield rs.wasNull() ? null : b;
            }
            case UUID -> {
                String s = rs.getString(at);
                yield s == null ? null : s.toLowerCase(Locale.ROOT);
            }
            case STRING -> rs.getString(at);
            case BYTES -> rs.getBytes(at);
            case OBJECT -> rs.getObject(at);
        };
    }

}
