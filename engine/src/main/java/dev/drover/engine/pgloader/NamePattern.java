package dev.drover.engine.pgloader;

/**
 * A pattern of a MATCHING / LIKE list: a regular expression {@code ~/.../} (body only, compiled by the parser to be
 * sure it is valid), an exact {@code 'name'}, or a {@code LIKE} pattern.
 */
public record NamePattern(Kind kind, String text, Position position) {
    public enum Kind { REGEX, EXACT, LIKE }
}
