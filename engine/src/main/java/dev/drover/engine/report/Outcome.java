package dev.drover.engine.report;

/**
 * How a run ended, and the process exit code that tells scripts. The codes keep pgloader's
 * meanings where it has them (0, 1, 2, 4) and give rejects their own code, unlike pgloader.
 */
public enum Outcome {
    /** Every row was loaded. */
    SUCCESS(0),
    /** Unexpected internal error (a bug: please report it). */
    INTERNAL_ERROR(1),
    /** The command line was wrong. */
    USAGE_ERROR(2),
    /** The run finished; some rows were rejected and are in the reject files. */
    COMPLETED_WITH_REJECTS(3),
    /** The plan or command file is invalid; nothing was done. */
    INVALID_PLAN(4),
    /** The load finished, but target rows compared with a sample of the source differ from it (or are missing). */
    VERIFY_FAILED(5),
    /** A table failed: {@code on error stop}, {@code max errors} reached, or a database error. */
    FAILED(6),
    /** The target (or source) could not be reached or refused the login. */
    CONNECTION_FAILED(7),
    /** Cancelled by the user (Ctrl-C); committed batches stay. */
    CANCELLED(130);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
