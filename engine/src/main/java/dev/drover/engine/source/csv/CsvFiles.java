package dev.drover.engine.source.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the file list of a CSV source: plain paths, globs and {@code -} for standard input. */
public final class CsvFiles {
    private CsvFiles() {
    }

    /**
     * Expands the patterns in order; the matches of each glob are sorted. Relative patterns are resolved against
     * {@code baseDir}. {@code **} crosses directories.
     *
     * @throws IllegalArgumentException when a pattern matches nothing (or a plain file does not exist)
     */
    public static List<SourceFile> expand(List<String> patterns, Path baseDir) {
        List<SourceFile> out = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.equals("-")) {
                out.add(SourceFile.STDIN);
                continue;
            }
            if (!isGlob(pattern)) {
                Path p = baseDir.resolve(pattern);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("file not found: " + pattern + " (looked for " + p.toAbsolutePath() + ")");
                }
                out.add(new SourceFile(p, pattern));
                continue;
            }
            // the fixed directory prefix (before the first segment with a glob character)
            String norm = pattern.replace('\\', '/');
            String[] parts = norm.split("/");
            StringBuilder prefix = new StringBuilder();
            int k = 0;
            for (; k < parts.length - 1 && !isGlob(parts[k]); k++) prefix.append(parts[k]).append('/');
            Path root = prefix.length() == 0 ? baseDir : baseDir.resolve(prefix.toString());
            String rest = String.join("/", java.util.Arrays.copyOfRange(parts, k, parts.length));
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
            // "**/x" should also match "x" at the root
            PathMatcher m2 = rest.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + rest.substring(3)) : null;
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).forEach(p -> {
                        Path rel = root.relativize(p);
                        if (m.matches(rel) || (m2 != null && m2.matches(rel))) found.add(p);
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
                }
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no file matches " + pattern + " (in " + root.toAbsolutePath() + ")");
            }
            found.sort(null);
            for (Path p : found) {
                out.add(new SourceFile(p, prefix + root.relativize(p).toString().replace('\\', '/')));
            }
        }
        return out;
    }

    private static boolean isGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') return true;
        }
        return false;
    }
}
