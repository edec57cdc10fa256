package dev.drover.app.model;

/**
 * What the Tables page offers per table. The engine decides three of these for a whole run, not per table
 * ({@link Draft#withTableMode}): {@code CREATE} is mode "schema and data" (or "schema only"), {@code EXISTING} is
 * "data only", {@code TRUNCATE} is "data only" with truncate. Only {@code SKIP} is really per table (an exclude).
 */
public enum TableMode {
    /** Create the table, then load it (with include drop: drop an existing one first). */
    CREATE,
    /** Load into the table that exists already, keeping its rows. */
    EXISTING,
    /** Empty the existing table, then load it. */
    TRUNCATE,
    /** Leave the table out. */
    SKIP
}
