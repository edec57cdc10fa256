package dev.drover.engine.source.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small queries the sources share. */
public final class Queries {
    private Queries() {}

    /** The first column of the first row of {@code sql}, as a long ({@code SELECT count(*) ...}). */
    public static long longValue(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code min} and {@code max} of an integer column ({@code column} and {@code from} as SQL), or null for no rows. */
    public static long[] bounds(Connection c, String column, String from) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(" + column + "), max(" + column + ") FROM " + from)) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        }
    }

    /** Table sizes from a catalog query whose rows are (schema, table, bytes), by {@link dev.drover.engine.catalog.SourceTable#key()}. */
    public static java.util.Map<String, Long> tableSizes(java.sql.Connection conn, String sql) throws java.sql.SQLException {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        try (java.sql.Statement s = conn.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.put(dev.drover.engine.catalog.SourceTable.key(r.getString(1), r.getString(2)), r.getLong(3));
        }
        return out;
    }
}
