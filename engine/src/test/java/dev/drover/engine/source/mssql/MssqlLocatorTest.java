package dev.drover.engine.source.mssql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.source.db.DatabaseSources;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MssqlLocatorTest {
    private static MssqlLocator parse(String url) throws SQLException {
        return MssqlLocator.parse(url, Map.of("USER", "me"));
    }

    @Test
    void readsUserPasswordHostPortAndDatabase() throws Exception {
        MssqlLocator l = parse("sqlserver://sa:s%40cret@db.example:14330/Shop");
        assertThat(l).extracting(MssqlLocator::user, MssqlLocator::password, MssqlLocator::host, MssqlLocator::port,
                MssqlLocator::instance, MssqlLocator::database).containsExactly("sa", "s@cret", "db.example", 14330, null, "Shop");
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:sqlserver://db.example:14330;databaseName={Shop};encrypt=true;"
                + "sendStringParametersAsUnicode=true;responseBuffering=adaptive;selectMethod=direct;applicationName=drover");
        assertThat(l.properties()).containsEntry("user", "sa").containsEntry("password", "s@cret");
        assertThat(l.display()).isEqualTo("sa@db.example:14330/Shop").doesNotContain("cret");
    }

    @Test
    void mssqlSchemeAndDefaultsFromTheEnvironment() throws Exception {
        MssqlLocator l = MssqlLocator.parse("mssql:///shop", Map.of("USER", "me", "MSSQL_PWD", "pw", "TDSHOST", "tds", "TDSPORT", "1500"));
        assertThat(l).extracting(MssqlLocator::user, MssqlLocator::password, MssqlLocator::host, MssqlLocator::port)
                .containsExactly("me", "pw", "tds", 1500);
        assertThat(parse("mssql://u@h/shop").port()).isEqualTo(1433);
        assertThat(parse("mssql://u@h/shop").password()).isNull();
    }

    @Test
    void namedInstancesInEitherSpellingLeaveThePortToTheBrowser() throws Exception {
        MssqlLocator slash = parse("sqlserver://u@host/SQLEXPRESS/shop");
        MssqlLocator backslash = parse("sqlserver://u@host\\SQLEXPRESS/shop");
        for (MssqlLocator l : List.of(slash, backslash)) {
            assertThat(l.instance()).isEqualTo("SQLEXPRESS");
            assertThat(l.port()).isEqualTo(-1);
            assertThat(l.jdbcUrl()).startsWith("jdbc:sqlserver://host\\SQLEXPRESS;databaseName={shop}");
        }
        MssqlLocator withPort = parse("sqlserver://u@host\\inst:1500/shop");
        assertThat(withPort.jdbcUrl()).startsWith("jdbc:sqlserver://host\\inst:1500;");
        assertThat(withPort.display()).isEqualTo("u@host\\inst:1500/shop");
        assertThat(parse("sqlserver://u@[::1]:1433/shop").jdbcUrl()).startsWith("jdbc:sqlserver://[::1]:1433;");
    }

    @Test
    void optionsSchemasEncryptionAndDriverSettings() throws Exception {
        MssqlLocator l = parse("sqlserver://u@h/shop?schema=sales,hr&encrypt=false&trustservercertificate=true&loginTimeout=5");
        assertThat(l.schemas()).containsExactly("sales", "hr");
        assertThat(l.encrypt()).isEqualTo("false");
        assertThat(l.jdbcUrl()).contains(";encrypt=false;");
        assertThat(l.properties()).containsEntry("trustServerCertificate", "true").containsEntry("loginTimeout", "5");
        assertThat(parse("sqlserver://u@h/shop?encrypt=strict").encrypt()).isEqualTo("strict");
        assertThat(parse("sqlserver://u@h/db%20name").jdbcUrl()).contains("databaseName={db name}");
    }

    @Test
    void errorsNameTheProblemAndNeverThePassword() {
        assertThatThrownBy(() -> parse("sqlserver://u:topsecret@h/a/b/c")).isInstanceOf(SQLException.class)
                .hasMessageContaining("too many path parts").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse("sqlserver://u:topsecret@h")).hasMessageContaining("no database")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse("sqlserver://u:topsecret@h/shop?bogus=1")).hasMessageContaining("unknown option 'bogus'")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse("sqlserver://u:topsecret@h:99999/shop")).hasMessageContaining("not a port")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse("sqlserver://u:topsecret@h\\i/j/shop")).hasMessageContaining("two instances")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse("sqlserver://u@h;x=1/shop")).hasMessageContaining("';'");
        assertThatThrownBy(() -> parse("sqlserver://u@h/shop?encrypt=maybe")).hasMessageContaining("unknown encrypt");
        assertThat(MssqlLocator.redact("mssql://u:p%40ss@h/db?password=x")).isEqualTo("mssql://u:***@h/db?password=***");
    }

    @Test
    void registeredAsADatabaseSource() {
        assertThat(DatabaseSources.isLocator("sqlserver://u@h/db")).isTrue();
        assertThat(DatabaseSources.isLocator("MSSQL://u@h/db")).isTrue();
        assertThatThrownBy(() -> DatabaseSources.open("oracle://x")).hasMessageContaining("sqlserver://");
        // opening parses first: a bad locator fails before any network
        assertThatThrownBy(() -> DatabaseSources.open("sqlserver://u:topsecret@h/shop?bogus=1")).isInstanceOf(SQLException.class)
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void connectionHintsSuggestTheFix() throws Exception {
        MssqlLocator l = parse("sqlserver://u@h/shop");
        assertThat(MssqlSource.hint(new SQLException("PKIX path building failed", "08S01"), l)).contains("trustServerCertificate=true");
        assertThat(MssqlSource.hint(new SQLException("Login failed", "S0001", 18456), l)).contains("MSSQL_PWD");
        assertThat(MssqlSource.hint(new SQLException("refused", "08S01"), parse("sqlserver://u@h/inst/shop"))).contains("Browser");
    }
}
