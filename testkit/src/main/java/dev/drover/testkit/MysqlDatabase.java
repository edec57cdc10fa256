package dev.drover.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A database of the MySQL test server that belongs to one test class. */
public record MysqlDatabase(TestMysql server, String name) {
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** {@code mysql://user:pw@host:port/name}, the form Drover's own command line takes. */
    public String url() {
        return server.url(name);
    }

    /** Runs each statement in turn. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
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
