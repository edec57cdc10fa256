package dev.drover.engine.pgloader;

/**
 * A target column of {@code TARGET COLUMNS}: its name (bare names lower-cased), and for {@code name type using expr}
 * the type (informative only, as in pgloader; null when absent) and the expression (null when absent) with its text
 * as written, which a plan keeps.
 */
public record Column(String name, boolean quoted, String type, Expr using, String usingText, Position position) {}
