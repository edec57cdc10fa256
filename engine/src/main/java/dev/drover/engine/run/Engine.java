package dev.drover.engine.run;

import dev.drover.engine.plan.Plan;
import dev.drover.engine.report.RunReport;

/** Runs a plan: the one entry point the command line and the wizard share. */
public final class Engine {
    private Engine() {}

    /**
     * Loads everything the plan names and returns the report; never throws for data or database
     * problems (they are in the report's outcome and failure text).
     *
     * @param password the target password resolved by the caller (environment, .pgpass, prompt), or null
     */
    public static RunReport run(Plan plan, String password, RunListener listener, Cancellation cancellation) {
        throw new IllegalStateException("the engine is being wired in this change");
    }
}
