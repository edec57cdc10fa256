package dev.drover.engine.plan;

/** Whether Drover creates the target table when it does not exist. */
public enum CreateTable {
    /** The table must exist. */
    NO,
    /** Create it with one {@code text} column per field. */
    TEXT,
    /** Create it with types inferred from a sample of the data. */
    INFER
}
