package dev.drover.engine.pg;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the target password the way libpq does, plus Drover's {@code password_env}: the URL's own
 * password, else the named environment variable, else {@code PGPASSWORD}, else {@code .pgpass}
 * ({@code PGPASSFILE} or {@code ~/.pgpass}), else a prompt on the terminal, else null.
 */
public final class Passwords {
    private Passwords() {}

    public static String resolve(PgTarget t, String passwordEnv, boolean mayPrompt) {
        String found = resolve(t, passwordEnv, System.getenv(), Path.of(System.getProperty("user.home")));
        if (found != null || !mayPrompt) return found;
        Console c = System.console();
        if (c == null) return null;
        char[] p = c.readPassword("Password for %s: ", t.display());
        return p == null ? null : new String(p);
    }

    /** Everything but the prompt, with an explicit environment and home directory (for tests). */
    static String resolve(PgTarget t, String passwordEnv, Map<String, String> env, Path home) {
        if (t.password() != null) return t.password();
        if (passwordEnv != null && !passwordEnv.isBlank()) {
            String v = env.get(passwordEnv);
            if (v != null) return v;
        }
        String pg = env.get("PGPASSWORD");
        if (pg != null && !pg.isEmpty()) return pg;
        String passFile = env.get("PGPASSFILE");
        Path file = passFile != null && !passFile.isEmpty() ? Path.of(passFile) : home.resolve(".pgpass");
        return fromPgpass(file, t.host(), t.port(), t.database(), t.user());
    }

    /**
     * The password of the first matching line of a {@code .pgpass} file
     * ({@code hostname:port:database:username:password}, {@code *} matches anything, {@code \:} and
     * {@code \\} escape; {@code localhost} also matches a Unix-socket host), or null. Like libpq, a
     * file readable by group or others is ignored with a warning.
     */
    static String fromPgpass(Path file, String host, int port, String database, String user) {
        if (!Files.isRegularFile(file)) return null;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                System.err.println("drover: warning: password file " + file
                        + " has group or world access; permissions should be u=rw (0600) or less");
                return null;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: no check, as libpq on Windows
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String h = host.startsWith("/") ? "localhost" : host;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            List<String> f = fields(line);
            if (f.size() < 5) continue;
            if (matches(f.get(0), h) && matches(f.get(1), Integer.toString(port)) && matches(f.get(2), database)
                    && matches(f.get(3), user)) {
                return f.get(4);
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** Splits at unescaped colons; the last field (the password) takes the rest of the line. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }
}
