package dev.drover.engine.source.csv;

import java.nio.file.Path;

/**
 * One input of a CSV source.
 *
 * @param path        the file, or null for standard input
 * @param displayName the name used in messages (the file name as given, or {@code -} for stdin)
 */
public record SourceFile(Path path, String displayName) {

    /** Standard input. */
    public static final SourceFile STDIN = new SourceFile(null, "-");

    public SourceFile {
        if (displayName == null) displayName = path == null ? "-" : path.toString();
    }

    public static SourceFile of(Path path) {
        return new SourceFile(path, path.toString());
    }

    public boolean isStdin() {
        return path == null;
    }
}
