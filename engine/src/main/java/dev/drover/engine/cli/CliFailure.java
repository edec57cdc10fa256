package dev.drover.engine.cli;

import dev.drover.engine.report.Outcome;

/** A command that cannot go on for a reason outside the command line (the embedded server would not start): its exit code, message and hint. */
final class CliFailure extends RuntimeException {
    private final Outcome outcome;
    private final String hint;

    CliFailure(Outcome outcome, String message, String hint) {
        super(message);
        this.outcome = outcome;
        this.hint = hint;
    }

    Outcome outcome() {
        return outcome;
    }

    String hint() {
        return hint;
    }
}
