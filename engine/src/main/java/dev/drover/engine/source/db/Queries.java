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
}
