package dev.drover.app.model;

/** A field of a wizard page that a {@link Problem} can point at; the view maps each to its control. */
public enum Field {
    KIND,
    HOST,
    PORT,
    DATABASE,
    USER,
    PASSWORD,
    PASSWORD_ENV,
    SSLMODE,
    SQLITE_FILE,
    CSV_FILE,
    CSV_ENCODING,
    CSV_DELIMITER,
    CSV_QUOTE,
    CSV_FIXED,
    SCHEMA,
    EMBEDDED,
    CHECK
}
