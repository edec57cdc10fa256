package dev.drover.engine.pgloader;

/**
 * A command file that cannot be parsed. The message reads {@code file.load:12:5: problem}; line and column point at
 * the user's text before templating, so an editor can jump there.
 */
public final class CommandFileException extends IllegalArgumentException {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public CommandFileException(String file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    CommandFileException(String file, Position at, String problem) {
        this(file, at.line(), at.column(), problem);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the {@code file:line:column: } prefix. */
    public String problem() {
        return problem;
    }
}
