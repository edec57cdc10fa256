package dev.drover.engine.plan;

/**
 * The PostgreSQL target. {@code url} is libpq style ({@code postgresql://user@host:port/db?sslmode=...})
 * and never holds a password in a saved plan; {@code passwordEnv} names an environment variable to
 * read it from. Without it: {@code PGPASSWORD}, then {@code .pgpass}, then a prompt on a terminal.
 */
public record TargetSpec(String url, String passwordEnv) {
    public TargetSpec {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("target url is required");
    }
}
