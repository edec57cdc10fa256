package dev.drover.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** PostgreSQL 17 from the zonky binaries, tuned for throw-away test data. */
final class EmbeddedServer {
    private EmbeddedServer() {}

    /** Settings for tests: durability off, since every database is thrown away. */
    static Map<String, String> testSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fsync", "off");
        s.put("synchronous_commit", "off");
        s.put("full_page_writes", "off");
        s.put("max_connections", "200");
        s.put("shared_buffers", "256MB");
        s.put("lc_messages", "C");
        return s;
    }

    static TestPostgres start() {
        try {
            EmbeddedPostgres pg = startServer(testSettings());
            return TestPostgres.of("embedded", "localhost", pg.getPort(), "postgres", null, "postgres", pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
        }
    }

    /** Starts an embedded server with exactly these settings; the caller closes it. */
    static EmbeddedPostgres startServer(Map<String, String> settings) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
        settings.forEach(b::setServerConfig);
        return b.start();
    }
}
