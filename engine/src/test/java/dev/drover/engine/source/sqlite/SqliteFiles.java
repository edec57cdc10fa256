package dev.drover.engine.source.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Builds real SQLite files for tests, through a separate read-write connection. */
final class SqliteFiles {
    private SqliteFiles() {}

    static Path create(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
        return file;
    }
}
