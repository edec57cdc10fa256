package dev.drover.engine.source.sqlite;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/** Turns the locator forms pgloader accepts for SQLite (§2.4 of the pgloader reference) into a file path. */
final class SqliteLocator {
    private SqliteLocator() {}

    /**
     * {@code sqlite:///abs/x.db} (absolute), {@code sqlite://rel/x.db} (relative to the working directory),
     * either of them or a bare path in single or double quotes, or a bare path.
     */
    static Path toPath(String locator) throws SQLException {
        if (locator == null || locator.isBlank()) {
            throw new SQLException("no SQLite database given: expected sqlite:///path/to/file.db or a file path", "08001");
        }
        String s = locator.strip();
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            s = s.substring(1, s.length() - 1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            throw new SQLException("SQLite over HTTP is not supported: " + s
                    + " (download the file and give its local path)", "08001");
        }
        if (lower.startsWith("sqlite://")) {
            // pgloader's convention: what follows "sqlite://" is the path, so a third slash makes it absolute.
            s = s.substring("sqlite://".length());
        } else if (lower.startsWith("sqlite:")) {
            s = s.substring("sqlite:".length());
        }
        if (s.isEmpty()) {
            throw new SQLException("no file in SQLite locator " + locator, "08001");
        }
        try {
            return Path.of(s).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SQLException("not a valid file path in SQLite locator " + locator + ": " + e.getMessage(), "08001");
        }
    }
}
