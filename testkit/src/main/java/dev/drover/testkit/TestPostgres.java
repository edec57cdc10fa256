package dev.drover.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per JVM, chosen once: {@code DROVER_TEST_PG_URL} (an external server the
 * developer points at), else Testcontainers when a Docker engine answers, else an embedded
 * PostgreSQL 17 started from the zonky binaries. Each test class gets a fresh database on it.
 */
public final class TestPostgres {
    private static volatile TestPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final String kind;
    private final AutoCloseable server;

    private TestPostgres(String kind, String host, int port, String user, String password, String adminDatabase, AutoCloseable server) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.server = server;
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static TestPostgres get() {
        TestPostgres p = instance;
        if (p == null) {
            synchronized (TestPostgres.class) {
                p = instance;
                if (p == null) {
                    p = start();
                    instance = p;
                    TestPostgres started = p;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "drover-test-pg-stop"));
                }
            }
        }
        return p;
    }

    private static TestPostgres start() {
        String url = System.getenv("DROVER_TEST_PG_URL");
        if (url != null && !url.isBlank()) return external(url.trim());
        if (!"false".equals(System.getenv("DROVER_TEST_DOCKER")) && DockerPostgres.available()) {
            return DockerPostgres.start();
        }
        return EmbeddedServer.start();
    }

    static TestPostgres of(String kind, String host, int port, String user, String password, String adminDb, AutoCloseable server) {
        return new TestPostgres(kind, host, port, user, password, adminDb, server);
    }

    /** Accepts {@code postgresql://user:pw@host:port/db} or {@code jdbc:postgresql://host:port/db?user=..&password=..}. */
    static TestPostgres external(String url) {
        java.net.URI uri = java.net.URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        String user = "postgres";
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] up = uri.getUserInfo().split(":", 2);
            user = up[0];
            if (up.length > 1) password = up[1];
        }
        if (uri.getQuery() != null) {
            for (String kv : uri.getQuery().split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].equals("user")) user = p[1];
                if (p.length == 2 && p[0].equals("password")) password = p[1];
            }
        }
        if (password == null) password = System.getenv("PGPASSWORD");
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new TestPostgres("external", uri.getHost() == null ? "localhost" : uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db, null);
    }

    public String kind() { return kind; }
    public String host() { return host; }
    public int port() { return port; }
    public String user() { return user; }
    /** May be null (trust authentication). */
    public String password() { return password; }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A libpq-style URL for Drover itself; the password travels in {@code PGPASSWORD}-like fashion only when set. */
    public String libpqUrl(String database) {
        String auth = password == null ? user : user + ":" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", "drover-tests");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Creates a new, empty database with a unique name and returns that name. */
    public String createDatabase(String hint) throws SQLException {
        String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 40) base = base.substring(base.length() - 40);
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet() + "_" + base;
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        return name;
    }

    public void dropDatabase(String name) throws SQLException {
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
    }

    private void stop() {
        if (server == null) return;
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("drover tests: could not stop the test PostgreSQL: " + e);
        }
    }
}
