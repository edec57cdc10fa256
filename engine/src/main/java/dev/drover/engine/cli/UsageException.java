package dev.drover.engine.cli;

/** A command line that cannot work: exit code 2, one line and a hint. */
final class UsageException extends RuntimeException {
    private final String hint;

    UsageException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    String hint() {
        return hint;
    }
}
