package dev.drover.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A database of the test server that belongs to one test class. */
public record TestDatabase(TestPostgres server, String name) {
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** {@code postgresql://user[:pw]@host:port/name}, the form Drover's own command line takes. */
    public String url() {
        return server.libpqUrl(name);
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** Runs statements separated by semicolons at line ends. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    public long count(String table) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table);
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Every row as a list of text values ({@code null} for SQL NULL), in the query's order. */
    public List<List<String>> rows(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            List<List<String>> out = new ArrayList<>();
            while (r.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) row.add(r.getString(i));
                out.add(row);
            }
            return out;
        }
    }
}
