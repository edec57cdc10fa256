package dev.drover.engine.ingest.swap;

import dev.drover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the swap tests: connections in a transaction, one-value queries. */
final class SwapFixtures {
    private SwapFixtures() { }

    static Connection inTransaction(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        return c;
    }

    static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    static List<String> column(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (r.next()) out.add(r.getString(1));
            return out;
        }
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static int pid(Connection c) throws SQLException {
        return Integer.parseInt(one(c, "SELECT pg_backend_pid()"));
    }

    /** Roles are cluster-wide: names carry the test database's name so test classes never share them. */
    static String role(TestDatabase db, String what) {
        return "swap_" + what + "_" + db.name();
    }

    static void createRole(TestDatabase db, String role) throws SQLException {
        db.execute("DROP ROLE IF EXISTS \"" + role + "\"", "CREATE ROLE \"" + role + "\" NOLOGIN");
    }

    static void dropRole(TestDatabase db, String role) throws SQLException {
        db.execute("DROP OWNED BY \"" + role + "\" CASCADE", "DROP ROLE IF EXISTS \"" + role + "\"");
    }
}
