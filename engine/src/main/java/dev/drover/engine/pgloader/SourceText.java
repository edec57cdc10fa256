package dev.drover.engine.pgloader;

import java.util.Arrays;

/** The raw command file: turns offsets into the line and column the user sees. */
final class SourceText {
    final String file;
    final String raw;
    private final int[] lineStarts;

    SourceText(String file, String raw) {
        this.file = file;
        this.raw = raw;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '\n') {
                if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
        }
        lineStarts = Arrays.copyOf(starts, n);
    }

    Position position(int rawOffset) {
        int i = Arrays.binarySearch(lineStarts, rawOffset);
        int line = i >= 0 ? i : -i - 2;
        // columns count code points so that a multi-byte character before the error does not shift the caret
        int column = raw.codePointCount(lineStarts[line], Math.min(rawOffset, raw.length())) + 1;
        return new Position(line + 1, column);
    }

    CommandFileException error(int rawOffset, String problem) {
        return new CommandFileException(file, position(rawOffset), problem);
    }
}
