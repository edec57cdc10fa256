package dev.drover.engine.ingest;

/**
 * A run that stopped: the batch being loaded was rolled back with its watermark, batches committed
 * before it stay. The message names the table, and the key or value, when one is to blame.
 */
public final class IngestException extends Exception {
    private final String sqlState;

    public IngestException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public IngestException(String message) {
        this(message, null, null);
    }

    /** The PostgreSQL SQLSTATE when the server refused something, else null. */
    public String sqlState() { return sqlState; }
}
