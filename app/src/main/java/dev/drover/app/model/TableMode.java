package dev.drover.app.model;

/**
 * What the Tables page offers per table. The engine decides three of these for a whole run, not per table
 * ({@link Draft#withTableMode}): {@code CREATE} is mode "schema and data" (or "schema only"), {@code EXISTING} is
 * "data only", {@code TRUNCATE} is "data only" with truncate. Only {@code SKIP} (an exclude) and
 * {@code INCREMENTAL} (an {@code incremental} entry) are really per table.
 */
public enum TableMode {
    /** Create the table, then load it (with include drop: drop an existing one first). */
    CREATE,
    /** Load into the table that exists already, keeping its rows. */
    EXISTING,
    /** Empty the existing table, then load it. */
    TRUNCATE,
    /**
     * Load only the rows past the table's watermark, upserting by primary key: the plan's {@code incremental} entry
     * ({@link Draft#incremental()}), re-run by every run of the saved plan.
     */
    INCREMENTAL,
    /** Leave the table out. */
    SKIP
}
