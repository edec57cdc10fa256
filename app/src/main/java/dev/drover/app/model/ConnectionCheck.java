package dev.drover.app.model;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The answer to "Test connection": one line saying what happened and what to do, and the driver's own text for a
 * collapsed "details" (every message of the cause chain, never a stack trace).
 */
public record ConnectionCheck(boolean ok, String message, String details) {
    private static final java.util.regex.Pattern TLS_WORD = java.util.regex.Pattern.compile("(?<![a-z])(ssl|tls)(?![a-z])");

    public static ConnectionCheck success(String message) {
        return new ConnectionCheck(true, message, "");
    }

    /**
     * Where a connection was going, for the messages.
     *
     * @param product        "PostgreSQL", "MySQL", "SQL Server", "SQLite"
     * @param passwordGiven  whether a password was sent
     */
    public record Endpoint(String product, String host, int port, String database, String user, boolean passwordGiven) {
        String address() {
            return port > 0 ? host + ":" + port : host;
        }
    }

    /** Reads a connection failure into one actionable line; the details keep every message of the cause chain. */
    public static ConnectionCheck failure(Throwable error, Endpoint to) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        if (error instanceof SQLException s) {
            for (SQLException n = s.getNextException(); n != null && !chain.contains(n); n = n.getNextException()) chain.add(n);
        }
        Set<String> lines = new LinkedHashSet<>();
        for (Throwable t : chain) {
            String m = t.getMessage();
            String state = t instanceof SQLException s && s.getSQLState() != null ? " [SQLSTATE " + s.getSQLState()
                    + (s.getErrorCode() != 0 ? ", error " + s.getErrorCode() : "") + "]" : "";
            lines.add(t.getClass().getSimpleName() + ": " + (m == null ? "(no message)" : m.strip()) + state);
        }
        String details = String.join("\n", lines);
        return new ConnectionCheck(false, explain(chain, to), details);
    }

    private static String explain(List<Throwable> chain, Endpoint to) {
        String all = String.join("\n", chain.stream().map(t -> String.valueOf(t.getMessage())).toList())
                .toLowerCase(Locale.ROOT);
        String product = to.product();
        String user = to.user() == null || to.user().isEmpty() ? "(none)" : to.user();
        if ("SQLite".equals(product)) {
            // The engine's SQLite messages already name the file and the fix.
            return firstLine(chain.get(0).getMessage());
        }
        if (has(chain, UnknownHostException.class) || all.contains("unknown host") || all.contains("name or service not known")
                || all.contains("nodename nor servname")) {
            return "Host '" + to.host() + "' is not known: check the host name (and that this machine's DNS can resolve it).";
        }
        if (all.contains("server does not support ssl")) {
            return product + " at " + to.address() + " does not accept TLS: choose sslmode prefer or disable (only on a"
                    + " trusted network).";
        }
        if (all.contains("authentication plugin") || all.contains("public key retrieval")) {
            return "MySQL refused the login method: the user's authentication plugin (caching_sha2_password) needs TLS or"
                    + " the server's public key; choose TLS mode prefer or require, or give the user mysql_native_password.";
        }
        String state = sqlState(chain);
        int code = errorCode(chain);
        if ("28P01".equals(state) || code == 1045 || code == 18456 || all.contains("password authentication failed")
                || all.contains("access denied for user") || all.contains("login failed for user")) {
            return to.passwordGiven()
                    ? "Authentication failed for user '" + user + "': check the user name and the password."
                    : "Authentication failed for user '" + user + "': the server wants a password, and none was given.";
        }
        if (all.contains("no pg_hba.conf entry")) {
            return "The server does not let user '" + user + "' connect from this machine (no pg_hba.conf entry): ask its"
                    + " administrator, or try TLS mode require.";
        }
        if ("3D000".equals(state) || code == 1049 || code == 4060 || all.contains("does not exist") && all.contains("database")
                || all.contains("unknown database") || all.contains("cannot open database")) {
            return "Database '" + to.database() + "' does not exist on " + to.address()
                    + (code == 4060 ? ", or user '" + user + "' may not open it" : "") + ": check its name.";
        }
        if ("28000".equals(state) || "42501".equals(state)) {
            return "User '" + user + "' may not connect to database '" + to.database() + "': ask for the CONNECT privilege.";
        }
        // TLS before "refused" and timeouts: a failed handshake often ends in a closed or stalled connection.
        boolean tls = has(chain, SSLException.class) || all.contains("pkix") || all.contains("certificate")
                || TLS_WORD.matcher(all).find();
        if (tls) {
            String fix = "SQL Server".equals(product)
                    ? "if the server's certificate is self-signed, choose \"" + SourceKind.MSSQL_TRUST + "\"; on a trusted"
                        + " network, \"" + SourceKind.MSSQL_NO_ENCRYPT + "\"."
                    : "if the server's certificate is self-signed, choose TLS mode require (encrypts without verifying the"
                        + " certificate); on a trusted network, prefer or disable.";
            return "The TLS (SSL) connection to " + to.address() + " failed: " + fix;
        }
        if (has(chain, SocketTimeoutException.class) || all.contains("timed out") || all.contains("timeout")) {
            return "No answer from " + to.address() + ": a firewall may be dropping the connection, or the host or port is"
                    + " wrong.";
        }
        if (has(chain, ConnectException.class) || has(chain, NoRouteToHostException.class) || all.contains("connection refused")
                || all.contains("communications link failure")) {
            return "Nothing answers at " + to.address() + ": check that " + product + " is running there and that the port"
                    + " is right (a firewall may also block it).";
        }
        return firstLine(chain.get(0).getMessage());
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }

    private static String sqlState(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof SQLException s && s.getSQLState() != null && !s.getSQLState().startsWith("08")) return s.getSQLState();
        }
        return null;
    }

    private static int errorCode(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof SQLException s && s.getErrorCode() != 0) return s.getErrorCode();
        }
        return 0;
    }

    private static String firstLine(String m) {
        if (m == null || m.isBlank()) return "The connection failed; see the details.";
        String s = m.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
