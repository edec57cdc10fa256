package dev.drover.app.model;

/** Where a connection's password comes from. Neither way writes the password into a plan. */
public enum PasswordSource {
    /** Typed into the wizard and kept in memory only (a plan run from the command line prompts for it). */
    TYPED,
    /** Read from an environment variable, whose name the plan keeps. */
    ENV
}
