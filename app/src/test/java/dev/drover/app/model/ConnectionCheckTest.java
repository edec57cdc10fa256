package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Driver failures as the drivers report them, read into one line; the driver's text goes to the details. */
class ConnectionCheckTest {
    private static final ConnectionCheck.Endpoint PG =
            new ConnectionCheck.Endpoint("PostgreSQL", "db.example.com", 5432, "shop", "loader", true);
    private static final ConnectionCheck.Endpoint MSSQL =
            new ConnectionCheck.Endpoint("SQL Server", "sql01", 1433, "shop", "sa", true);

    @Test
    void unknownHost() {
        SQLException e = new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db.example.com"));
        ConnectionCheck c = ConnectionCheck.failure(e, PG);
        assertThat(c.ok()).isFalse();
        assertThat(c.message()).isEqualTo("Host 'db.example.com' is not known: check the host name (and that this machine's"
                + " DNS can resolve it).");
        assertThat(c.details()).contains("UnknownHostException: db.example.com").contains("SQLSTATE 08001");
    }

    @Test
    void authenticationNamesTheUserAndWhetherAPasswordWasSent() {
        SQLException e = new SQLException("FATAL: password authentication failed for user \"loader\"", "28P01");
        assertThat(ConnectionCheck.failure(e, PG).message())
                .isEqualTo("Authentication failed for user 'loader': check the user name and the password.");
        ConnectionCheck.Endpoint noPassword = new ConnectionCheck.Endpoint("PostgreSQL", "h", 5432, "shop", "loader", false);
        assertThat(ConnectionCheck.failure(e, noPassword).message()).endsWith("the server wants a password, and none was given.");
        SQLException mysql = new SQLException("Access denied for user 'loader'@'10.0.0.2' (using password: YES)", "28000", 1045);
        assertThat(ConnectionCheck.failure(mysql, PG).message()).startsWith("Authentication failed for user 'loader'");
    }

    @Test
    void mysqlAuthenticationPlugin() {
        SQLException e = new SQLException("Public Key Retrieval is not allowed", "08001");
        assertThat(ConnectionCheck.failure(e, PG).message()).contains("caching_sha2_password").contains("require");
    }

    @Test
    void tlsGivesTheFixForTheKind() {
        SQLException e = new SQLException("SSL error: PKIX path building failed", "08006",
                new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"));
        assertThat(ConnectionCheck.failure(e, PG).message()).startsWith("The TLS (SSL) connection to db.example.com:5432 failed")
                .contains("TLS mode require");
        SQLException ms = new SQLException("The driver could not establish a secure connection to SQL Server by using SSL"
                + " encryption. Error: \"PKIX path building failed\"", "08S01");
        assertThat(ConnectionCheck.failure(ms, MSSQL).message()).contains("encrypt, trust certificate");
        SQLException noSsl = new SQLException("The server does not support SSL.", "08004");
        assertThat(ConnectionCheck.failure(noSsl, PG).message()).contains("does not accept TLS");
    }

    @Test
    void unknownDatabase() {
        SQLException e = new SQLException("FATAL: database \"shpo\" does not exist", "3D000");
        ConnectionCheck.Endpoint to = new ConnectionCheck.Endpoint("PostgreSQL", "h", 5432, "shpo", "u", false);
        assertThat(ConnectionCheck.failure(e, to).message()).isEqualTo("Database 'shpo' does not exist on h:5432: check its name.");
        SQLException ms = new SQLException("Cannot open database \"shop\" requested by the login.", "S0001", 4060);
        assertThat(ConnectionCheck.failure(ms, MSSQL).message()).contains("or user 'sa' may not open it");
    }

    @Test
    void refusedAndSilentPorts() {
        SQLException refused = new SQLException("Communications link failure", "08S01", new ConnectException("Connection refused"));
        assertThat(ConnectionCheck.failure(refused, PG).message()).isEqualTo("Nothing answers at db.example.com:5432: check"
                + " that PostgreSQL is running there and that the port is right (a firewall may also block it).");
        SQLException silent = new SQLException("The connection attempt failed.", "08001", new SocketTimeoutException("connect timed out"));
        assertThat(ConnectionCheck.failure(silent, PG).message()).startsWith("No answer from db.example.com:5432");
    }

    @Test
    void neverAStackTrace() {
        RuntimeException e = new IllegalStateException("something odd\n\tat some.Class.method(Class.java:1)");
        ConnectionCheck c = ConnectionCheck.failure(e, PG);
        assertThat(c.message()).isEqualTo("something odd");
        assertThat(c.details()).doesNotContain("dev.drover");
    }
}
