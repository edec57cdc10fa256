package dev.drover.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MySQL-protocol server per JVM for the MySQL source tests: {@code DROVER_TEST_MYSQL_URL}
 * ({@code mysql://user:pw@host:port/}, a MySQL or MariaDB the developer points at), else an embedded
 * MariaDB 11.4 from Maven Central ({@link EmbeddedMariaDb}). Each test class gets a fresh database on it.
 */
public final class TestMysql {
    private static volatile TestMysql instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String kind;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final AutoCloseable server;

    private TestMysql(String kind, String host, int port, String user, String password, AutoCloseable server) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.server = server;
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static TestMysql get() {
        TestMysql m = instance;
        if (m == null) {
            synchronized (TestMysql.class) {
                m = instance;
                if (m == null) {
                    m = start();
                    instance = m;
                    TestMysql started = m;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "drover-test-mysql-stop"));
                }
            }
        }
        return m;
    }

    private static TestMysql start() {
        String url = System.getenv("DROVER_TEST_MYSQL_URL");
        if (url != null && !url.isBlank()) return external(url.trim());
        return EmbeddedMariaDb.start();
    }

    static TestMysql of(String kind, String host, int port, String user, String password, AutoCloseable server) {
        return new TestMysql(kind, host, port, user, password, server);
    }

    /** {@code mysql://user:pw@host:port/} (the path, if any, is ignored: every class gets its own database). */
    static TestMysql external(String url) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        String user = "root";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
            if (up.length > 1) password = URLDecoder.decode(up[1], StandardCharsets.UTF_8);
        }
        return new TestMysql("external", uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
                uri.getPort() < 0 ? 3306 : uri.getPort(), user, password, null);
    }

    public String kind() { return kind; }
    public String host() { return host; }
    public int port() { return port; }
    public String user() { return user; }
    /** May be null. */
    public String password() { return password; }

    /** {@code mysql://user:pw@host:port/database}, the form Drover's command line takes. */
    public String url(String database) {
        String auth = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        return "mysql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        // Test fixtures are written with the server's defaults; no TLS on a loopback test server.
        p.setProperty("sslMode", "DISABLED");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("allowMultiQueries", "true");
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database), p);
    }

    /** Creates a new, empty utf8mb4 database with a unique name and returns that name. */
    public String createDatabase(String hint) throws SQLException {
        String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 40) base = base.substring(base.length() - 40);
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet() + "_" + base;
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return name;
    }

    public void dropDatabase(String name) throws SQLException {
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }

    private void stop() {
        if (server == null) return;
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("drover tests: could not stop the test MariaDB: " + e);
        }
    }
}
