package dev.drover.engine.run;

/**
 * A refused row, as a value: the reject files, the report and (later) the wizard's browser all
 * read it.
 *
 * @param file       source file name (or {@code stdin})
 * @param line       first physical line of the record in that file (1-based)
 * @param stage      which step refused it: {@code parse}, {@code encoding}, {@code fields}, {@code value}, {@code copy}
 * @param sqlState   SQLSTATE (PostgreSQL's, or the one PostgreSQL would give)
 * @param message    what is wrong
 * @param detail     server DETAIL, or null
 * @param hint       how to fix it, or null
 * @param context    server CONTEXT, or null
 * @param column     target column at fault, or null
 * @param original   the record's original bytes, line terminator included, in the source encoding
 */
public record Reject(String file, long line, String stage, String sqlState, String message, String detail, String hint,
                     String context, String column, byte[] original) {
}
