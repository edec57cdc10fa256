package dev.drover.engine.plan;

/** What a load does with a row PostgreSQL (or Drover's own checks) refuse. */
public enum OnError {
    /** Isolate and reject the bad rows, commit the rest (the default for files). */
    RESUME,
    /** One transaction per table; the first bad row rolls it back and fails the run. */
    STOP
}
