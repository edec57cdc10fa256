package dev.drover.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's own embedded PostgreSQL: data under Drover's home, kept across starts, on the same port when free. */
class EmbeddedPostgresTest {
    @TempDir
    Path home;

    @Test
    void dataAndPortAreKeptAcrossStarts() throws Exception {
        EmbeddedPostgres.Server first;
        try (EmbeddedPostgres pg = EmbeddedPostgres.inHome(home)) {
            first = pg.start();
            assertThat(pg.start()).as("a second start returns the running server").isEqualTo(first);
            assertThat(first.url()).isEqualTo("postgresql://postgres@localhost:" + first.port() + "/drover");
            assertThat(first.psqlCommand()).isEqualTo("psql " + first.url());
            assertThat(pg.dataDirectory()).contains(home.resolve("embedded-postgres/data"));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + first.port() + "/drover", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertThat(home.resolve("embedded-postgres/data/PG_VERSION")).isRegularFile();
        assertThat(Files.exists(home.resolve("embedded-postgres/data/postmaster.pid"))).as("stopped").isFalse();

        try (EmbeddedPostgres pg = EmbeddedPostgres.inHome(home)) {
            EmbeddedPostgres.Server again = pg.start();
            assertThat(again.port()).isEqualTo(first.port());
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + again.port() + "/drover", "postgres", "");
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM kept")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("still here");
            }
            pg.close();
            assertThat(pg.running()).isEmpty();
        }
    }
}
