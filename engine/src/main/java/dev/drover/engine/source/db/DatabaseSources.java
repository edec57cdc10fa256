package dev.drover.engine.source.db;

import dev.drover.engine.source.mssql.MssqlSource;
import dev.drover.engine.source.mysql.MysqlSource;
import dev.drover.engine.source.postgres.PostgresSource;
import dev.drover.engine.source.sqlite.SqliteSource;
import java.sql.SQLException;
import java.util.Locale;

/** Opens a source database from its URL: the one place a new source kind registers. */
public final class DatabaseSources {
    private DatabaseSources() {}

    /** Whether the text names a source database rather than a file. */
    public static boolean isLocator(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.startsWith("sqlite:") || t.startsWith("postgresql://") || t.startsWith("postgres://")
                || t.startsWith("mysql://") || t.startsWith("mariadb://") || t.startsWith("sqlserver://")
                || t.startsWith("mssql://");
    }

    public static DatabaseSource open(String locator) throws SQLException {
        String t = locator.toLowerCase(Locale.ROOT);
        if (t.startsWith("sqlite:")) return SqliteSource.open(locator);
        if (t.startsWith("postgresql://") || t.startsWith("postgres://")) return PostgresSource.open(locator);
        if (t.startsWith("mysql://") || t.startsWith("mariadb://")) return MysqlSource.open(locator);
        if (t.startsWith("sqlserver://") || t.startsWith("mssql://")) return MssqlSource.open(locator);
        throw new IllegalArgumentException("unknown source '" + locator + "': Drover reads sqlite://, postgresql://,"
                + " mysql:// (or mariadb://) and sqlserver:// (or mssql://) databases");
    }
}
