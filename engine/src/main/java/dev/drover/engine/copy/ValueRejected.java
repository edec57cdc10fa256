package dev.drover.engine.copy;

/**
 * A value that certainly cannot be stored in its target column, found before it reaches the
 * server. The message and SQLSTATE read like PostgreSQL's own, so a reject looks the same
 * whichever side caught it. Rare by design, so allocating one is fine; no stack trace is filled.
 */
public final class ValueRejected extends Exception {
    private final String sqlState;
    private final String hint;

    public ValueRejected(String sqlState, String message, String hint) {
        super(message, null, false, false);
        this.sqlState = sqlState;
        this.hint = hint;
    }

    public ValueRejected(String sqlState, String message) {
        this(sqlState, message, null);
    }

    public String sqlState() { return sqlState; }
    public String hint() { return hint; }
}
