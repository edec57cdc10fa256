package dev.drover.engine.pg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {
    @TempDir
    Path dir;

    Path pgpass(String content) throws Exception {
        Path f = dir.resolve("pgpass");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    static PgTarget target(String url) {
        return PgTarget.parse(url, Map.of("USER", "me"));
    }

    @Test
    void orderOfSources() throws Exception {
        Path f = pgpass("h:5432:db:u:from-pgpass\n");
        Map<String, String> env = Map.of("MY_PW", "from-env", "PGPASSWORD", "from-pgpassword", "PGPASSFILE", f.toString());
        assertThat(Passwords.resolve(target("postgresql://u:from-url@h/db"), "MY_PW", env, dir)).isEqualTo("from-url");
        assertThat(Passwords.resolve(target("postgresql://u@h/db"), "MY_PW", env, dir)).isEqualTo("from-env");
        assertThat(Passwords.resolve(target("postgresql://u@h/db"), "OTHER", env, dir)).isEqualTo("from-pgpassword");
        assertThat(Passwords.resolve(target("postgresql://u@h/db"), null, Map.of("PGPASSFILE", f.toString()), dir)).isEqualTo("from-pgpass");
        assertThat(Passwords.resolve(target("postgresql://u@h/other"), null, Map.of("PGPASSFILE", f.toString()), dir)).isNull();
    }

    @Test
    void defaultFileIsInTheHomeDirectory() throws Exception {
        Path f = dir.resolve(".pgpass");
        Files.writeString(f, "*:*:*:*:home\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(Passwords.resolve(target("postgresql://u@h/db"), null, Map.of(), dir)).isEqualTo("home");
    }

    @Test
    void libpqMatchingRules() throws Exception {
        Path f = pgpass("""
                # comment
                other:5432:db:u:wrong-host
                h:5433:db:u:wrong-port
                h:*:db:u:first-match
                h:5432:db:u:second
                *:*:*:*:fallback
                """);
        assertThat(Passwords.fromPgpass(f, "h", 5432, "db", "u")).isEqualTo("first-match");
        assertThat(Passwords.fromPgpass(f, "x", 1, "y", "z")).isEqualTo("fallback");
    }

    @Test
    void escapedColonsAndBackslashes() throws Exception {
        Path f = pgpass("fe80\\:\\:1:5432:db:u:pa\\:ss\\\\w:rd\n");
        assertThat(Passwords.fromPgpass(f, "fe80::1", 5432, "db", "u")).isEqualTo("pa:ss\\w:rd");
    }

    @Test
    void localhostMatchesSocketDirectories() throws Exception {
        Path f = pgpass("localhost:5432:db:u:sock\n");
        assertThat(Passwords.fromPgpass(f, "/var/run/postgresql", 5432, "db", "u")).isEqualTo("sock");
    }

    @Test
    void worldReadableFilesAreIgnored() throws Exception {
        Path f = pgpass("*:*:*:*:open\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Passwords.fromPgpass(f, "h", 5432, "db", "u")).isNull();
    }

    @Test
    void missingFile() {
        assertThat(Passwords.fromPgpass(dir.resolve("none"), "h", 5432, "db", "u")).isNull();
    }
}
