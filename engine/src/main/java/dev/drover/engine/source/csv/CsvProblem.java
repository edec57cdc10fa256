package dev.drover.engine.source.csv;

/**
 * Why one record could not be read. Reading continues with the next record.
 *
 * @param stage    {@code "parse"} (quoting), {@code "encoding"} (invalid bytes) or {@code "nul"} (a NUL byte)
 * @param sqlState the PostgreSQL error code it corresponds to: {@code 22P04} bad copy file format,
 *                 {@code 22021} invalid byte sequence (bad encoding or NUL)
 * @param message  what is wrong, naming the file, the line and the field
 * @param hint     how to fix it
 * @param field    1-based field number, or 0 when not known
 */
public record CsvProblem(String stage, String sqlState, String message, String hint, int field) {
    public static final String PARSE = "parse";
    public static final String ENCODING = "encoding";
    public static final String NUL = "nul";
}
