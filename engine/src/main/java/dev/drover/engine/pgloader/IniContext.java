package dev.drover.engine.pgloader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pgloader's {@code --context file.ini} (reference §1.7): every option of every section in one flat map, section
 * names ignored and keys upper-cased, looked up before the environment when a command file is templated.
 */
public final class IniContext {
    private IniContext() {}

    /** @throws IllegalArgumentException naming the file and line of a line that is neither a section, an option nor a comment */
    public static Map<String, String> read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(String name, List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                lastKey = null;
                continue;
            }
            // a continuation line (indented) extends the previous value, as configparser reads it
            if (lastKey != null && Character.isWhitespace(raw.charAt(0))) {
                out.put(lastKey, out.get(lastKey) + "\n" + line);
                continue;
            }
            int eq = firstSeparator(line);
            if (eq <= 0) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": expected [section], key = value or a comment, found: " + line);
            }
            lastKey = line.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            out.put(lastKey, line.substring(eq + 1).strip());
        }
        return out;
    }

    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }

    /** The values a command file is templated with: the context first, then the environment. */
    public static Map<String, String> over(Map<String, String> context, Map<String, String> environment) {
        Map<String, String> m = new LinkedHashMap<>(environment);
        m.putAll(context);
        return m;
    }
}
