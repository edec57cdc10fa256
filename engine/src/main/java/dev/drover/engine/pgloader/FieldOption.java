package dev.drover.engine.pgloader;

/** A per-field option in {@code [ ... ]} after a field name (reference §3.1). */
public sealed interface FieldOption {
    Position position();

    /** {@code null if blanks} ({@code value} null) or {@code null if 'text'}. */
    record NullIf(String value, Position position) implements FieldOption {
        public boolean blanks() {
            return value == null;
        }
    }

    enum Side { BOTH, LEFT, RIGHT }

    /** {@code trim both|left|right whitespace}. */
    record Trim(Side side, Position position) implements FieldOption {}

    /** {@code date format 'fmt'}. */
    record DateFormat(String format, Position position) implements FieldOption {}

    /** {@code terminated by 'c'}: pgloader parses it and ignores it. */
    record TerminatedBy(String charSpec, Position position) implements FieldOption {}
}
