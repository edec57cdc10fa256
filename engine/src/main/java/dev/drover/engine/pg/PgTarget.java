package dev.drover.engine.pg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL connection target parsed from a libpq-style URL
 * ({@code postgresql://user@host:port/db?sslmode=require&sslrootcert=ca.pem}), a JDBC URL, with
 * pgloader's {@code ?schema.table} or {@code ?tablename=} naming the load target.
 *
 * <p>Accepted: schemes {@code postgresql}, {@code postgres}, {@code pgsql}, optionally prefixed by
 * {@code jdbc:}; pgloader's {@code @@} (literal {@code @}) and {@code ::} (literal {@code :}) in the
 * user part and {@code @@} in the password; percent-encoding everywhere; {@code [ipv6]} hosts; query
 * options {@code host port dbname user password sslmode sslrootcert sslcert sslkey application_name
 * connect_timeout tablename}, a bare {@code schema.table}, and other parameters passed to the driver.
 * Missing parts come from {@code PGHOST}, {@code PGPORT}, {@code PGUSER} (then {@code USER}),
 * {@code PGDATABASE} (then the user name) and {@code PGSSLMODE}.
 *
 * @param password the password written in the URL itself, or null (saved plans never carry one)
 * @param table    the target table named in the URL, or null
 * @param params   other connection parameters, by libpq name ({@code sslcert}, {@code sslkey},
 *                 {@code application_name}, {@code connect_timeout}, driver-specific ones)
 */
public record PgTarget(String host, int port, String database, String user, String password, String sslMode,
                       String sslRootCert, String table, Map<String, String> params) {

    public static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public PgTarget {
        params = Map.copyOf(params);
    }

    public static PgTarget parse(String url) {
        return parse(url, System.getenv());
    }

    /** Parses with the given environment for defaults (tests pass their own map). */
    public static PgTarget parse(String url, Map<String, String> env) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("the target URL is empty");
        String u = url.trim();
        if (u.startsWith("jdbc:")) u = u.substring(5);
        int scheme = u.indexOf("://");
        String s = scheme < 0 ? "" : u.substring(0, scheme);
        if (!s.equals("postgresql") && !s.equals("postgres") && !s.equals("pgsql")) {
            if (u.equals("embedded") || u.startsWith("embedded?")) {
                throw new IllegalArgumentException("'embedded' names Drover's embedded PostgreSQL, which the drover command and"
                        + " the wizard start for a run; here, give a server's URL (postgresql://user@host:port/dbname)");
            }
            throw new IllegalArgumentException("not a PostgreSQL URL (expected postgresql://user@host:port/dbname): " + redact(url));
        }
        String rest = u.substring(scheme + 3);

        // user[:password]@ — '@@' and '::' are literal characters (pgloader), '%xx' too (libpq)
        String user = null, password = null;
        int at = findUserInfoEnd(rest);
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            StringBuilder ub = new StringBuilder();
            int i = 0;
            boolean hasPassword = false;
            for (; i < info.length(); i++) {
                char c = info.charAt(i);
                if ((c == '@' || c == ':') && i + 1 < info.length() && info.charAt(i + 1) == c) {
                    ub.append(c);
                    i++;
                } else if (c == ':') {
                    hasPassword = true;
                    i++;
                    break;
                } else ub.append(c);
            }
            user = ub.length() == 0 ? null : decode(ub.toString());
            if (hasPassword) {
                String p = info.substring(i).replace("@@", "@");
                password = p.isEmpty() ? null : decode(p); // "user:@host": no password, as libpq
            }
        }

        // host[:port]
        int end = indexOfAny(rest, "/?");
        String hostPort = end < 0 ? rest : rest.substring(0, end);
        rest = end < 0 ? "" : rest.substring(end);
        String host = null;
        Integer port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("unclosed [ in the IPv6 host of " + redact(url));
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":") && after.length() > 1) port = port(after.substring(1));
            else if (!after.isEmpty() && !after.equals(":")) throw new IllegalArgumentException("unexpected '" + after + "' after the IPv6 host");
        } else if (!hostPort.isEmpty()) {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                if (colon + 1 < hostPort.length()) port = port(hostPort.substring(colon + 1));
                hostPort = hostPort.substring(0, colon);
            }
            if (!hostPort.isEmpty()) host = decode(hostPort);
        }

        // /dbname
        String db = null;
        String query = null;
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        if (q >= 0) query = rest.substring(q + 1);
        if (path.startsWith("/") && path.length() > 1) db = decode(path.substring(1));

        String sslMode = null, sslRootCert = null, table = null;
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    table = decode(kv);
                    continue;
                }
                String k = decode(kv.substring(0, eq)), v = decode(kv.substring(eq + 1));
                switch (k) {
                    case "sslmode" -> sslMode = v;
                    case "sslrootcert" -> sslRootCert = v;
                    case "tablename" -> table = v;
                    case "user" -> user = v;
                    case "password" -> password = v;
                    case "host" -> host = v;
                    case "port" -> port = port(v);
                    case "dbname" -> db = v;
                    case "connect_timeout" -> {
                        try {
                            if (Integer.parseInt(v) < 0) throw new NumberFormatException();
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("connect_timeout must be a number of seconds, not '" + v + "'");
                        }
                        params.put(k, v);
                    }
                    default -> params.put(k, v);
                }
            }
        }
        if (host == null) host = env(env, "PGHOST", "localhost");
        if (port == null) port = port(env(env, "PGPORT", "5432"));
        if (user == null) user = env(env, "PGUSER", env(env, "USER", System.getProperty("user.name")));
        if (db == null) db = env(env, "PGDATABASE", user);
        if (sslMode == null) sslMode = env(env, "PGSSLMODE", null);
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("invalid sslmode '" + sslMode + "': use one of " + String.join(", ", SSL_MODES));
        }
        return new PgTarget(host, port, db, user, password, sslMode, sslRootCert, table, params);
    }

    /** Index of the '@' ending the user info (a single '@', not '@@'), or -1. */
    private static int findUserInfoEnd(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '@') {
                if (i + 1 < rest.length() && rest.charAt(i + 1) == '@') {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    private static int port(String v) {
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 1 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + v + "': use a number between 1 and 65535");
        }
    }

    private static String env(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** Percent-decoding as libpq does it: {@code +} stays a plus. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            } else if (b[i] == '%') {
                throw new IllegalArgumentException("invalid percent-encoding in '" + s + "'");
            } else out.write(b[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** The URL with any password replaced by {@code ***}, for messages. */
    public static String redact(String url) {
        if (url == null) return null;
        String r = url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        int scheme = r.indexOf("://");
        if (scheme < 0) return r;
        String rest = r.substring(scheme + 3);
        int at = findUserInfoEnd(rest);
        if (at < 0) return r;
        String info = rest.substring(0, at);
        int colon = -1;
        for (int i = 0; i < info.length(); i++) {
            char c = info.charAt(i);
            if ((c == ':' || c == '@') && i + 1 < info.length() && info.charAt(i + 1) == c) { i++; continue; }
            if (c == ':') { colon = i; break; }
        }
        if (colon < 0) return r;
        return r.substring(0, scheme + 3) + info.substring(0, colon) + ":***" + rest.substring(at);
    }

    public String sslCert() { return params.get("sslcert"); }
    public String sslKey() { return params.get("sslkey"); }
    public String applicationName() { return params.get("application_name"); }
    /** Connect timeout in seconds, or null. */
    public Integer connectTimeout() { return params.containsKey("connect_timeout") ? Integer.valueOf(params.get("connect_timeout")) : null; }

    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** The URL without password and without the table part, for messages and plans. */
    public String display() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "postgresql://" + user + "@" + h + ":" + port + "/" + database;
    }

    /**
     * A full URL that parses back to this target without its password: explicit user, host, port and
     * database, ssl settings and parameters; the table when {@code withTable}.
     */
    public String toUrl(boolean withTable) {
        StringBuilder b = new StringBuilder("postgresql://")
                .append(enc(user)).append('@')
                .append(host.contains(":") ? "[" + host + "]" : enc(host)).append(':').append(port)
                .append('/').append(enc(database));
        Map<String, String> q = new LinkedHashMap<>();
        if (sslMode != null) q.put("sslmode", sslMode);
        if (sslRootCert != null) q.put("sslrootcert", sslRootCert);
        q.putAll(new java.util.TreeMap<>(params));
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        if (withTable && table != null) b.append(sep).append(enc(table));
        return b.toString();
    }

    private static String enc(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/\"".indexOf(c) >= 0) b.append(c);
            else b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }

    public Properties jdbcProperties(String password, String applicationName) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        String app = applicationName() != null ? applicationName() : applicationName;
        if (app != null) p.setProperty("ApplicationName", app);
        if (sslMode != null) p.setProperty("sslmode", sslMode);
        if (sslRootCert != null) p.setProperty("sslrootcert", sslRootCert);
        params.forEach((k, v) -> {
            switch (k) {
                case "application_name" -> { }
                case "connect_timeout" -> p.setProperty("connectTimeout", v);
                default -> p.setProperty(k, v);
            }
        });
        return p;
    }

    public Connection connect(String password, String applicationName) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), jdbcProperties(password != null ? password : this.password, applicationName));
    }

    /** A plan's session settings ({@code options.settings}) on a connection: every connection of a run gets them. */
    public static void applySettings(Connection c, java.util.Map<String, String> settings) throws SQLException {
        if (settings.isEmpty()) return;
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
            for (java.util.Map.Entry<String, String> e : settings.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                ps.execute();
            }
        }
    }
}
