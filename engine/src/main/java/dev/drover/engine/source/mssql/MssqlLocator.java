package dev.drover.engine.source.mssql;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code sqlserver://} or {@code mssql://} locator (reference §2.3) read into what mssql-jdbc needs:
 * {@code sqlserver://user:password@host[:port][/instance]/database[?schema=s1,s2&encrypt=...]}, the named instance
 * also written {@code host\instance}. Values in the URL win; then the environment: {@code MSSQL_PWD},
 * {@code TDSHOST} (default localhost), {@code TDSPORT} (default 1433, or none with a named instance, whose port the
 * SQL Server Browser gives), {@code USER}.
 *
 * <p>The URL is parsed by hand rather than by {@link java.net.URI}: a backslash is not legal there, and a named
 * instance needs one.
 *
 * @param port     the TCP port, or -1 to let the driver ask the SQL Server Browser for the instance's port
 * @param instance the named instance, or null for the default one
 * @param schemas  the schemas to read, or empty for every user schema
 * @param encrypt  {@code true} (the driver's default), {@code false}, {@code strict} (TDS 8)
 * @param options  further driver properties given in the URL: trustServerCertificate, hostNameInCertificate,
 *                 authentication, applicationIntent, loginTimeout
 */
record MssqlLocator(String host, int port, String instance, String database, String user, String password,
                    List<String> schemas, String encrypt, Map<String, String> options) {

    /** URL options that go to the driver under their own name, as the driver spells them. */
    private static final List<String> DRIVER_OPTIONS = List.of("trustServerCertificate", "hostNameInCertificate",
            "authentication", "applicationIntent", "loginTimeout");

    MssqlLocator {
        schemas = List.copyOf(schemas);
        options = Map.copyOf(options);
    }

    static MssqlLocator parse(String locator, Map<String, String> env) throws SQLException {
        String text = locator == null ? "" : locator.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("sqlserver://")) rest = text.substring("sqlserver://".length());
        else if (lower.startsWith("mssql://")) rest = text.substring("mssql://".length());
        else throw new SQLException("not a SQL Server locator: " + redact(text)
                + " (expected sqlserver://user@host[:port][/instance]/database)", "08001");
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        // The user part ends at the last '@' before the path: a password may hold '@' when percent-encoding is forgotten.
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() - 1 : slash);
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) password = decode(info.substring(colon + 1));
        }
        slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        List<String> path = new ArrayList<>();
        if (slash >= 0) {
            for (String p : rest.substring(slash + 1).split("/", -1)) if (!p.isEmpty()) path.add(decode(p));
        }
        String host;
        int port = -1;
        String instance = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) throw new SQLException("cannot read SQL Server locator " + redact(text) + ": unclosed '[' in the host", "08001");
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) port = port(after.substring(1));
            else if (!after.isEmpty()) throw new SQLException("cannot read SQL Server locator " + redact(text)
                    + ": unexpected '" + after + "' after the host", "08001");
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                port = port(hostPort.substring(colon + 1));
                hostPort = hostPort.substring(0, colon);
            }
            host = decode(hostPort);
        }
        int backslash = host.indexOf('\\');
        if (backslash >= 0) {
            instance = host.substring(backslash + 1);
            host = host.substring(0, backslash);
        }
        String database;
        if (path.size() == 1) {
            database = path.get(0);
        } else if (path.size() == 2) {
            if (instance != null) throw new SQLException("two instances in SQL Server locator " + redact(text)
                    + ": write host\\instance or host/instance/database, not both", "08001");
            instance = path.get(0);
            database = path.get(1);
        } else if (path.isEmpty()) {
            throw new SQLException("no database in SQL Server locator " + redact(text) + ": expected sqlserver://user@host/database", "08001");
        } else {
            throw new SQLException("too many path parts in SQL Server locator " + redact(text)
                    + ": expected /database or /instance/database", "08001");
        }
        List<String> schemas = new ArrayList<>();
        String encrypt = "true";
        Map<String, String> options = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) continue;
                String[] p = kv.split("=", 2);
                String key = p[0];
                String value = p.length > 1 ? decode(p[1]) : "";
                String known = DRIVER_OPTIONS.stream().filter(o -> o.equalsIgnoreCase(key)).findFirst().orElse(null);
                if (key.equalsIgnoreCase("schema")) {
                    for (String s : value.split(",")) if (!s.isBlank()) schemas.add(s.strip());
                } else if (key.equalsIgnoreCase("encrypt")) {
                    encrypt = switch (value.toLowerCase(Locale.ROOT)) {
                        case "true", "yes", "on", "mandatory" -> "true";
                        case "false", "no", "off", "optional" -> "false";
                        case "strict" -> "strict";
                        default -> throw new SQLException("unknown encrypt '" + value + "' (true, false, strict)", "08001");
                    };
                } else if (key.equalsIgnoreCase("password")) {
                    password = value;
                } else if (key.equalsIgnoreCase("user")) {
                    user = value;
                } else if (known != null) {
                    options.put(known, value);
                } else {
                    throw new SQLException("unknown option '" + key + "' in SQL Server locator (known: schema, encrypt, "
                            + String.join(", ", DRIVER_OPTIONS) + ", user, password)", "08001");
                }
            }
        }
        for (String part : new String[] {host, instance == null ? "" : instance}) {
            // a semicolon or an equals sign would start another property in the driver URL
            if (part.indexOf(';') >= 0 || part.indexOf('=') >= 0 || part.indexOf('{') >= 0) {
                throw new SQLException("host or instance '" + part + "' in SQL Server locator contains ';', '=' or '{'", "08001");
            }
        }
        if (host.isEmpty()) host = env.getOrDefault("TDSHOST", "localhost");
        if (port < 0 && instance == null) port = env.containsKey("TDSPORT") ? port(env.get("TDSPORT")) : 1433;
        if (user == null || user.isEmpty()) user = env.get("USER");
        if (password == null) password = env.get("MSSQL_PWD");
        return new MssqlLocator(host, port, instance, database, user, password, schemas, encrypt, options);
    }

    /**
     * The driver URL. Rows are streamed: {@code responseBuffering=adaptive} keeps one row's worth in memory and
     * {@code selectMethod=direct} avoids server cursors, which would fetch row by row over the network.
     */
    String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:sqlserver://");
        b.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (instance != null) b.append('\\').append(instance);
        if (port >= 0) b.append(':').append(port);
        b.append(";databaseName={").append(database.replace("}", "}}")).append('}');
        b.append(";encrypt=").append(encrypt);
        b.append(";sendStringParametersAsUnicode=true;responseBuffering=adaptive;selectMethod=direct");
        b.append(";applicationName=drover");
        return b.toString();
    }

    /** Credentials and URL options as properties, so the password never appears in a URL that might be logged. */
    Properties properties() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        options.forEach(p::setProperty);
        return p;
    }

    /** {@code user@host\instance:port/database}, for messages: never the password. */
    String display() {
        return (user == null ? "" : user + "@") + host + (instance == null ? "" : "\\" + instance)
                + (port < 0 ? "" : ":" + port) + "/" + database;
    }

    private static int port(String v) throws SQLException {
        try {
            int p = Integer.parseInt(v.trim());
            if (p <= 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new SQLException("not a port number: '" + v + "'", "08001");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The locator with its password hidden, for messages. */
    static String redact(String text) {
        return text.replaceAll("(://[^:/@]*):[^/]*@", "$1:***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
