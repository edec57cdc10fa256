package dev.drover.engine.pgloader;

/**
 * One {@code WITH} option. {@code name} is the option's canonical spelling in lower case with single spaces
 * ({@code "batch rows"}, {@code "fields terminated by"}, {@code "create no tables"}); {@code value} is null for a flag.
 */
public record Option(String name, Value value, Position position) {
    public enum Kind {
        /** Decimal digits. */
        NUMBER,
        /** A byte size: digits and a unit ({@code 20 MB}), the text normalised to {@code 20MB}. */
        SIZE,
        /** {@code '...'}: the text between the quotes, as written (a char-spec such as {@code \t} is not decoded). */
        QUOTED,
        /** {@code "..."}. */
        DOUBLE_QUOTED,
        /** A bare word: {@code backslash-quote}, {@code following}. */
        WORD
    }

    public record Value(Kind kind, String text, Position position) {}

    @Override
    public String toString() {
        return value == null ? name : name + " " + value.text();
    }
}
