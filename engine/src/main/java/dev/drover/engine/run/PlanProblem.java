package dev.drover.engine.run;

/**
 * The plan cannot work against this target (a missing table or column, a NOT NULL column with no
 * field); found before any row moves. The message names the thing and the fix.
 */
public final class PlanProblem extends Exception {
    public PlanProblem(String message) {
        super(message, null, false, false);
    }
}
