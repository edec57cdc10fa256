package dev.drover.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of a database server connection (host, port, database, user, password or the environment variable
 * holding it, TLS mode) and their validation, shared by the Source page's server kinds and the Target page. Values
 * are kept as typed; {@link #problem} says what is wrong with one field, in words for the user.
 */
public final class ConnectionForm {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SourceKind kind;
    private final Map<String, String> env;
    private String host = "localhost";
    private String port = "";
    private String database = "";
    private String user = "";
    private String password = "";
    private PasswordSource passwordSource = PasswordSource.TYPED;
    private String passwordEnv = "";
    private String tlsMode;

    /** @param env the environment passwords are read from ({@link System#getenv()} in the app) */
    public ConnectionForm(SourceKind kind, Map<String, String> env) {
        if (!kind.isServer()) throw new IllegalArgumentException(kind + " has no connection form");
        this.kind = kind;
        this.env = env;
        this.tlsMode = kind.tlsModes().get(0);
    }

    public SourceKind kind() { return kind; }
    public String host() { return host; }
    public String port() { return port; }
    public String database() { return database; }
    public String user() { return user; }
    public String typedPassword() { return password; }
    public PasswordSource passwordSource() { return passwordSource; }
    public String passwordEnv() { return passwordEnv; }
    public String tlsMode() { return tlsMode; }

    public void setHost(String v) { host = trim(v); }
    public void setPort(String v) { port = trim(v); }
    public void setDatabase(String v) { database = trim(v); }
    public void setUser(String v) { user = trim(v); }
    public void setPassword(String v) { password = v == null ? "" : v; }
    public void setPasswordSource(PasswordSource v) { passwordSource = v == null ? PasswordSource.TYPED : v; }
    public void setPasswordEnv(String v) { passwordEnv = trim(v); }

    public void setTlsMode(String v) {
        if (v == null || v.isBlank()) tlsMode = kind.tlsModes().get(0);
        else tlsMode = v.trim();
    }

    /** The port to connect to: the one typed, else the kind's usual port (also when the typed one is invalid). */
    public int portNumber() {
        try {
            int p = Integer.parseInt(port);
            return p >= 1 && p <= 65535 ? p : kind.defaultPort();
        } catch (NumberFormatException e) {
            return kind.defaultPort();
        }
    }

    /**
     * The password to connect with now: the typed one (null when empty), or the environment variable's value (null
     * when it is not set).
     */
    public String password() {
        if (passwordSource == PasswordSource.ENV) return passwordEnv.isEmpty() ? null : env.get(passwordEnv);
        return password.isEmpty() ? null : password;
    }

    /** The environment variable the plan names for the password, or null when the password is typed. */
    public String passwordEnvForPlan() {
        return passwordSource == PasswordSource.ENV && !passwordEnv.isEmpty() ? passwordEnv : null;
    }

    /** What is wrong with {@code field}, or empty when it is fine (or not a field of this form). */
    public Optional<Problem> problem(Field field) {
        String product = kind == SourceKind.MYSQL ? "MySQL" : kind == SourceKind.MSSQL ? "SQL Server" : "PostgreSQL";
        switch (field) {
            case HOST -> {
                if (host.isEmpty()) {
                    return error(field, "Enter the server's host name or IP address (localhost for this machine).");
                }
                if (host.contains("://")) {
                    return error(field, "Enter the host name only, not a URL: for example db.example.com.");
                }
                boolean badChar = host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '@' || c == '?'
                        || c == ';' || (c == '\\' && kind != SourceKind.MSSQL));
                if (badChar) {
                    return error(field, kind == SourceKind.MSSQL
                            ? "A host name has no spaces, slashes, '@' or ';'; a named instance is written host\\instance."
                            : "A host name has no spaces, slashes, '@' or ';': for example db.example.com or 10.0.0.5.");
                }
                if (kind == SourceKind.MSSQL && host.indexOf('\\') >= 0
                        && (host.startsWith("\\") || host.endsWith("\\") || host.indexOf('\\') != host.lastIndexOf('\\'))) {
                    return error(field, "Write a named instance as host\\instance, for example sql01\\SALES.");
                }
                return Optional.empty();
            }
            case PORT -> {
                if (port.isEmpty()) return Optional.empty();
                try {
                    int p = Integer.parseInt(port);
                    if (p >= 1 && p <= 65535) return Optional.empty();
                } catch (NumberFormatException e) {
                    // below
                }
                return error(field, "The port is a number from 1 to 65535; leave it empty for " + product + "'s usual "
                        + kind.defaultPort() + ".");
            }
            case DATABASE -> {
                return database.isEmpty() ? error(field, "Enter the name of the database to connect to.") : Optional.empty();
            }
            case USER -> {
                return user.isEmpty() ? error(field, "Enter the user name to connect as.") : Optional.empty();
            }
            case PASSWORD_ENV -> {
                if (passwordSource != PasswordSource.ENV) return Optional.empty();
                if (passwordEnv.isEmpty()) {
                    return error(field, "Enter the name of the environment variable that holds the password.");
                }
                if (!ENV_NAME.matcher(passwordEnv).matches()) {
                    return error(field, "An environment variable name has letters, digits and _ only, and does not start"
                            + " with a digit: for example DROVER_PASSWORD.");
                }
                if (!env.containsKey(passwordEnv)) {
                    return Optional.of(Problem.warning(field, passwordEnv + " is not set where Drover runs now: the test"
                            + " connects without a password (a plan run elsewhere may still find it)."));
                }
                return Optional.empty();
            }
            case SSLMODE -> {
                return kind.tlsModes().contains(tlsMode) ? Optional.empty()
                        : error(field, "Choose one of: " + String.join(", ", kind.tlsModes()) + ".");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Every problem, in the order of the form's fields. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (Field f : List.of(Field.HOST, Field.PORT, Field.DATABASE, Field.USER, Field.PASSWORD_ENV, Field.SSLMODE)) {
            problem(f).ifPresent(out::add);
        }
        return out;
    }

    /** The host without a SQL Server instance part. */
    String hostOnly() {
        int b = host.indexOf('\\');
        return b < 0 ? host : host.substring(0, b);
    }

    /** The SQL Server named instance, or null. */
    String instance() {
        int b = host.indexOf('\\');
        return b < 0 ? null : host.substring(b + 1);
    }

    /**
     * The source or target URL Drover takes for this form: {@code postgresql://user@host:port/db?sslmode=...},
     * {@code mysql://...}, {@code sqlserver://user@host[:port][/instance]/db?encrypt=...}. With {@code withPassword},
     * the password (typed or from the environment) is in it, percent-encoded, for connecting now; without, it is fit
     * for a plan.
     */
    public String url(boolean withPassword) {
        StringBuilder b = new StringBuilder(switch (kind) {
            case POSTGRES -> "postgresql://";
            case MYSQL -> "mysql://";
            case MSSQL -> "sqlserver://";
            default -> throw new IllegalStateException();
        });
        b.append(Urls.encode(user));
        String pw = withPassword ? password() : null;
        if (pw != null) b.append(':').append(Urls.encode(pw));
        b.append('@');
        String h = hostOnly();
        b.append(h.indexOf(':') >= 0 ? "[" + h + "]" : Urls.encode(h));
        String instance = kind == SourceKind.MSSQL ? instance() : null;
        // A named instance's port comes from the SQL Server Browser unless one is typed.
        if (instance == null || !port.isEmpty()) b.append(':').append(portNumber());
        if (instance != null) b.append('/').append(Urls.encode(instance));
        b.append('/').append(Urls.encode(database));
        List<String> query = new ArrayList<>();
        if (kind == SourceKind.MSSQL) {
            switch (tlsMode) {
                case SourceKind.MSSQL_TRUST -> query.add("trustServerCertificate=true");
                case SourceKind.MSSQL_NO_ENCRYPT -> query.add("encrypt=false");
                case SourceKind.MSSQL_STRICT -> query.add("encrypt=strict");
                default -> { }
            }
        } else if (!tlsMode.equals(kind.tlsModes().get(0))) {
            query.add("sslmode=" + tlsMode);
        }
        if (!query.isEmpty()) b.append('?').append(String.join("&", query));
        return b.toString();
    }

    /** Fills the form from a URL of this kind (a saved plan's); the password is never in it. */
    void load(ParsedUrl u) {
        host = u.host() == null ? "localhost" : u.host() + (u.instance() == null ? "" : "\\" + u.instance());
        port = u.port() < 0 || u.port() == kind.defaultPort() ? "" : Integer.toString(u.port());
        database = u.database() == null ? "" : u.database();
        user = u.user() == null ? "" : u.user();
        if (u.tls() != null && kind.tlsModes().contains(u.tls())) tlsMode = u.tls();
    }

    private static Optional<Problem> error(Field f, String message) {
        return Optional.of(Problem.error(f, message));
    }

    private static String trim(String v) {
        return v == null ? "" : v.strip();
    }
}
