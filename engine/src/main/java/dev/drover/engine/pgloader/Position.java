package dev.drover.engine.pgloader;

/** A place in the command file as the user wrote it (before templating), both 1-based. */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
