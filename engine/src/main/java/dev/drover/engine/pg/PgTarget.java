package dev.drover.engine.pg;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL connection target parsed from a libpq-style URL
 * ({@code postgresql://user@host:port/db?sslmode=require&sslrootcert=ca.pem}), a JDBC URL, with
 * pgloader's {@code ?schema.table} or {@code ?tablename=} naming the load target.
 *
 * @param password the password written in the URL itself, or null (saved plans never carry one)
 * @param table    the target table named in the URL, or null
 */
public record PgTarget(String host, int port, String database, String user, String password, String sslMode,
                       String sslRootCert, String table, Map<String, String> params) {

    public PgTarget {
        params = Map.copyOf(params);
    }

    public static PgTarget parse(String url) {
        String u = url.trim();
        if (u.startsWith("jdbc:")) u = u.substring(5);
        int scheme = u.indexOf("://");
        if (scheme < 0) throw new IllegalArgumentException("not a postgresql:// URL: " + url);
        String s = u.substring(0, scheme);
        if (!s.equals("postgresql") && !s.equals("postgres") && !s.equals("pgsql")) {
            throw new IllegalArgumentException("not a postgresql:// URL: " + url);
        }
        URI uri = URI.create("postgresql" + u.substring(scheme));
        String user = null, password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            if (up.length > 1) password = decode(up[1]);
        }
        String host = uri.getHost() != null ? uri.getHost() : env("PGHOST", "localhost");
        int port = uri.getPort() > 0 ? uri.getPort() : Integer.parseInt(env("PGPORT", "5432"));
        if (user == null) user = env("PGUSER", System.getProperty("user.name"));
        String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? null : decode(uri.getRawPath().substring(1));
        String sslMode = env("PGSSLMODE", null), sslRootCert = null, table = null;
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                if (eq < 0) { table = decode(kv); continue; }
                String k = decode(kv.substring(0, eq)), v = decode(kv.substring(eq + 1));
                switch (k) {
                    case "sslmode" -> sslMode = v;
                    case "sslrootcert" -> sslRootCert = v;
                    case "tablename" -> table = v;
                    case "user" -> user = v;
                    case "password" -> password = v;
                    case "host" -> host = v;
                    case "port" -> port = Integer.parseInt(v);
                    case "dbname" -> db = v;
                    default -> params.put(k, v);
                }
            }
        }
        if (db == null) db = env("PGDATABASE", user);
        return new PgTarget(host, port, db, user, password, sslMode, sslRootCert, table, params);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** The URL without password and without the table part, for messages and plans. */
    public String display() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    public Properties jdbcProperties(String password, String applicationName) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", applicationName);
        if (sslMode != null) p.setProperty("sslmode", sslMode);
        if (sslRootCert != null) p.setProperty("sslrootcert", sslRootCert);
        params.forEach(p::setProperty);
        return p;
    }

    public Connection connect(String password, String applicationName) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), jdbcProperties(password != null ? password : this.password, applicationName));
    }
}
