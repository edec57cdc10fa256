package dev.drover.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL 17 as a stand-alone server for the benchmark ({@code bench/run-benchmark.sh}).
 * Durable settings (fsync on), sized for bulk loads. Creates the database {@code bench}, prints
 * {@code READY postgresql://postgres@localhost:PORT/bench} and serves until its standard input
 * closes or the process is terminated; either way the server is stopped cleanly.
 */
public final class StandalonePostgres {
    private StandalonePostgres() {}

    /** Settings for measuring loads: durable like a real server, but with room for bulk writes. */
    static Map<String, String> benchmarkSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fsync", "on");
        s.put("synchronous_commit", "on");
        s.put("full_page_writes", "on");
        s.put("shared_buffers", "1GB");
        s.put("max_wal_size", "16GB");
        s.put("checkpoint_timeout", "30min");
        s.put("autovacuum", "off");
        s.put("max_connections", "50");
        s.put("lc_messages", "C");
        return s;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = benchmarkSettings();
        for (String a : args) {
            // extra settings as name=value, e.g. synchronous_commit=off
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: StandalonePostgres [setting=value ...]");
                System.exit(2);
            }
            settings.put(a.substring(0, eq), a.substring(eq + 1));
        }
        EmbeddedPostgres pg = EmbeddedServer.startServer(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("could not stop PostgreSQL cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "standalone-pg-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        System.out.println("READY postgresql://postgres@localhost:" + pg.getPort() + "/bench");
        System.out.flush();

        // Serve until stdin reaches end of file (the parent went away or closed the pipe).
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // input is ignored
            }
        } catch (IOException ignored) {
            // treated like end of file
        }
        System.exit(0); // runs the shutdown hook, which stops the server
    }
}
