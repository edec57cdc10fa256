package dev.drover.engine.pgloader;

/** Where a file command reads (reference §2.5). Paths are as written: resolving them against the command file's directory is the runner's job. */
public sealed interface FileSource {
    Position position();

    /** A bare or quoted path, or {@code csv://path} (then {@code prefix} is {@code csv}; else null). */
    record Path(String path, boolean quoted, String prefix, Position position) implements FileSource {}

    /** {@code stdin} or {@code -}. */
    record Stdin(Position position) implements FileSource {}

    /** {@code inline}: the data follows the command ({@link FileCommand#inlineData()}). */
    record Inline(Position position) implements FileSource {}

    /** {@code http://} or {@code https://}: downloaded, an archive unpacked. */
    record Url(String url, Position position) implements FileSource {}

    /**
     * {@code [FIRST] FILENAME MATCHING ~/re/ [IN DIRECTORY 'dir']} ({@code all} false) or {@code ALL FILENAMES MATCHING}.
     * {@code directory} is null when absent (the command file's directory).
     */
    record Matching(boolean all, NamePattern regex, String directory, Position position) implements FileSource {}
}
