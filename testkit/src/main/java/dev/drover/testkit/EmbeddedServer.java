package dev.drover.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** PostgreSQL 17 from the zonky binaries, tuned for throw-away test data. */
final class EmbeddedServer {
    private EmbeddedServer() {}

    static TestPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("lc_messages", "C")
                    .start();
            return TestPostgres.of("embedded", "localhost", pg.getPort(), "postgres", null, "postgres", pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
        }
    }
}
