package dev.drover.engine.ingest.swap;

import java.sql.SQLException;
import java.util.List;

/**
 * The swap could not get its locks within the retry budget. The caller's transaction is still usable:
 * everything the swap did was rolled back to its savepoint. SQLSTATE is {@code 55P03} (lock_not_available).
 */
public final class SwapLockTimeoutException extends SQLException {
    private final transient List<TableSwap.Blocker> blockers;
    private final int attempts;

    SwapLockTimeoutException(String message, List<TableSwap.Blocker> blockers, int attempts, SQLException last) {
        super(message, "55P03", last);
        this.blockers = List.copyOf(blockers);
        this.attempts = attempts;
    }

    /** Sessions that held a lock the swap needed at the last attempt. */
    public List<TableSwap.Blocker> blockers() {
        return blockers;
    }

    public int attempts() {
        return attempts;
    }
}
