package dev.drover.engine.source.mysql;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code mysql://} or {@code mariadb://} locator (reference §2.2) read into what the driver needs. Values in the
 * URL win; then the environment: {@code MYSQL_PWD}, {@code MYSQL_HOST} (default localhost), {@code MYSQL_TCP_PORT}
 * (default 3306), {@code USER}.
 *
 * @param sslMode the driver's sslMode: DISABLED, PREFERRED (the default), REQUIRED, VERIFY_CA, VERIFY_IDENTITY
 */
record MysqlLocator(String host, int port, String database, String user, String password, String sslMode) {

    static MysqlLocator parse(String locator, Map<String, String> env) throws SQLException {
        String text = locator == null ? "" : locator.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("mysql://") && !lower.startsWith("mariadb://")) {
            throw new SQLException("not a MySQL locator: " + text + " (expected mysql://user:password@host:port/database)", "08001");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new SQLException("cannot read MySQL locator " + redact(text) + ": " + e.getReason()
                    + " (percent-encode special characters of the password, or give it in MYSQL_PWD)", "08001");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            if (up.length > 1) password = decode(up[1]);
        }
        String host = uri.getHost();
        int port = uri.getPort();
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? null : decode(uri.getRawPath().substring(1));
        String sslMode = null;
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                String key = p[0].toLowerCase(Locale.ROOT);
                String value = p.length > 1 ? decode(p[1]) : "";
                switch (key) {
                    case "sslmode" -> sslMode = sslMode(value);
                    case "usessl" -> sslMode = Boolean.parseBoolean(value) ? "REQUIRED" : "DISABLED";
                    case "host" -> host = value;
                    case "port" -> port = port(value);
                    case "dbname" -> database = value;
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> throw new SQLException("unknown option '" + p[0] + "' in MySQL locator (known: sslmode, useSSL,"
                            + " host, port, dbname, user, password)", "08001");
                }
            }
        }
        if (database == null || database.isEmpty()) {
            throw new SQLException("no database in MySQL locator " + redact(text) + ": expected mysql://user@host/database", "08001");
        }
        if (host == null || host.isEmpty()) host = env.getOrDefault("MYSQL_HOST", "localhost");
        if (port < 0) port = env.containsKey("MYSQL_TCP_PORT") ? port(env.get("MYSQL_TCP_PORT")) : 3306;
        if (user == null || user.isEmpty()) user = env.getOrDefault("USER", "root");
        if (password == null) password = env.get("MYSQL_PWD");
        return new MysqlLocator(host, port, database, user, password, sslMode == null ? "PREFERRED" : sslMode);
    }

    /** The driver's connection properties for this locator (without the session settings, which MysqlSource sets). */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("sslMode", sslMode);
        // caching_sha2_password (MySQL 8's default) sends the password RSA-encrypted when the link is not TLS, and the
        // driver must fetch the server's public key for that. Only the verifying modes, which promise an authenticated
        // server, refuse to fetch it: there a substituted key would be a man in the middle.
        boolean verifying = sslMode.startsWith("VERIFY");
        p.setProperty("allowPublicKeyRetrieval", String.valueOf(!verifying));
        p.setProperty("characterEncoding", "UTF-8");
        // Values are read by their declared type, not the driver's guesses: tinyint(1) is a number, YEAR is a number.
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("transformedBitIsBoolean", "false");
        p.setProperty("yearIsDateType", "false");
        // Temporal columns are selected as text, so zero dates reach the cast rules instead of becoming NULL here.
        p.setProperty("zeroDateTimeBehavior", "EXCEPTION");
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("connectionAttributes", "program_name:drover");
        return p;
    }

    String jdbcUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "jdbc:mysql://" + h + ":" + port + "/" + URLEncoderLite.encode(database);
    }

    /** {@code user@host:port/database}, for messages: never the password. */
    String display() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    private static String sslMode(String v) throws SQLException {
        return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "disable", "disabled", "false", "off" -> "DISABLED";
            case "allow", "prefer", "preferred" -> "PREFERRED";
            case "require", "required", "true", "on" -> "REQUIRED";
            case "verify-ca" -> "VERIFY_CA";
            case "verify-full", "verify-identity" -> "VERIFY_IDENTITY";
            default -> throw new SQLException("unknown sslmode '" + v + "' (disable, prefer, require, verify-ca, verify-full)", "08001");
        };
    }

    private static int port(String v) throws SQLException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SQLException("not a port number: '" + v + "'", "08001");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String text) {
        return text.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }

    /** Percent-encodes what a JDBC URL path cannot hold; database names are usually plain. */
    private static final class URLEncoderLite {
        static String encode(String s) {
            StringBuilder b = new StringBuilder();
            for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (x & 0xff);
                if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' || c == '$') b.append(c);
                else b.append('%').append(String.format("%02X", x & 0xff));
            }
            return b.toString();
        }
    }
}
