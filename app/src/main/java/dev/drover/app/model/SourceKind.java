package dev.drover.app.model;

import java.util.List;

/** The kinds of source the wizard offers, one card each on the Source page. */
public enum SourceKind {
    FILES("CSV / fixed-width files", "Delimited or fixed-width text files; the wizard guesses the delimiter, encoding and header.", 0),
    SQLITE("SQLite", "A .db / .sqlite file, or the sample shop database to try Drover.", 0),
    MYSQL("MySQL / MariaDB", "A MySQL 5.7+ or MariaDB server.", 3306),
    MSSQL("SQL Server", "SQL Server 2016+ or Azure SQL; a named instance is written host\\instance.", 1433),
    POSTGRES("PostgreSQL", "Another PostgreSQL database (any version from 9.6).", 5432);

    private final String label;
    private final String description;
    private final int defaultPort;

    SourceKind(String label, String description, int defaultPort) {
        this.label = label;
        this.description = description;
        this.defaultPort = defaultPort;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The server's usual port; 0 for file kinds. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Whether the source is a server reached over the network (a connection form), not a file. */
    public boolean isServer() {
        return defaultPort > 0;
    }

    /** A stable id for views and tests: {@code csv}, {@code sqlite}, {@code mysql}, {@code mssql}, {@code postgres}. */
    public String id() {
        return this == FILES ? "csv" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The TLS choices of the kind's connection form, the default first. PostgreSQL and MySQL take libpq's sslmode
     * words; SQL Server's are its {@code encrypt} settings.
     */
    public List<String> tlsModes() {
        return switch (this) {
            case POSTGRES -> List.of("prefer", "disable", "allow", "require", "verify-ca", "verify-full");
            case MYSQL -> List.of("prefer", "disable", "require", "verify-ca", "verify-full");
            case MSSQL -> List.of(MSSQL_ENCRYPT, MSSQL_TRUST, MSSQL_NO_ENCRYPT, MSSQL_STRICT);
            default -> List.of();
        };
    }

    /** SQL Server: encrypt and verify the server's certificate (the driver's default). */
    public static final String MSSQL_ENCRYPT = "encrypt";
    /** SQL Server: encrypt, trusting a self-signed certificate. */
    public static final String MSSQL_TRUST = "encrypt, trust certificate";
    /** SQL Server: no encryption after the login. */
    public static final String MSSQL_NO_ENCRYPT = "no encryption";
    /** SQL Server: TDS 8 strict encryption. */
    public static final String MSSQL_STRICT = "strict";
}
