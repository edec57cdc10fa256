package dev.drover.engine.pg;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgTargetTest {
    static final Map<String, String> ENV = Map.of("USER", "me");

    static PgTarget parse(String url) {
        return PgTarget.parse(url, ENV);
    }

    @Test
    void everyScheme() {
        for (String s : new String[]{"postgresql", "postgres", "pgsql", "jdbc:postgresql"}) {
            PgTarget t = parse(s + "://u@h:5433/db");
            assertThat(t.host()).isEqualTo("h");
            assertThat(t.port()).isEqualTo(5433);
            assertThat(t.database()).isEqualTo("db");
            assertThat(t.user()).isEqualTo("u");
        }
        assertThatThrownBy(() -> parse("mysql://u@h/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PostgreSQL URL");
    }

    @Test
    void defaultsFromTheEnvironment() {
        PgTarget t = PgTarget.parse("postgresql:///", Map.of("PGHOST", "dbhost", "PGPORT", "6000", "PGUSER", "bob",
                "PGDATABASE", "sales", "PGSSLMODE", "require"));
        assertThat(t.host()).isEqualTo("dbhost");
        assertThat(t.port()).isEqualTo(6000);
        assertThat(t.user()).isEqualTo("bob");
        assertThat(t.database()).isEqualTo("sales");
        assertThat(t.sslMode()).isEqualTo("require");
        PgTarget d = PgTarget.parse("postgresql://", Map.of("USER", "ann"));
        assertThat(d.host()).isEqualTo("localhost");
        assertThat(d.port()).isEqualTo(5432);
        assertThat(d.user()).isEqualTo("ann");
        assertThat(d.database()).isEqualTo("ann");
    }

    @Test
    void pgloaderEscapesAndPercentDecoding() {
        PgTarget t = parse("postgresql://us@@er::x:p@@ss:w@h/db");
        assertThat(t.user()).isEqualTo("us@er:x");
        assertThat(t.password()).isEqualTo("p@ss:w");
        PgTarget p = parse("postgresql://john%20doe:p%40ss%2Bx@h/my%20db?password=o%26k");
        assertThat(p.user()).isEqualTo("john doe");
        assertThat(p.database()).isEqualTo("my db");
        assertThat(p.password()).isEqualTo("o&k");
        assertThat(parse("postgresql://u:a+b@h/db").password()).isEqualTo("a+b");
        assertThat(parse("postgresql://u:@h/db").password()).isNull();
        assertThatThrownBy(() -> parse("postgresql://u:%zz@h/db")).hasMessageContaining("percent-encoding");
    }

    @Test
    void ipv6() {
        PgTarget t = parse("postgresql://u@[::1]:5434/db");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.port()).isEqualTo(5434);
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5434/db");
        assertThat(parse("postgresql://[fe80::1]/db").port()).isEqualTo(5432);
    }

    @Test
    void tableNames() {
        assertThat(parse("postgresql://u@h/db?public.orders").table()).isEqualTo("public.orders");
        assertThat(parse("postgresql://u@h/db?tablename=sales.items&sslmode=disable").table()).isEqualTo("sales.items");
        assertThat(parse("postgresql://u@h/db?sslmode=prefer&%22My%20Table%22").table()).isEqualTo("\"My Table\"");
        assertThat(parse("postgresql://u@h/db").table()).isNull();
    }

    @Test
    void sslAndParameters() {
        PgTarget t = parse("postgresql://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.crt&sslkey=/c.key"
                + "&application_name=nightly&connect_timeout=10&options=-c%20x%3D1");
        assertThat(t.sslMode()).isEqualTo("verify-full");
        assertThat(t.sslRootCert()).isEqualTo("/ca.pem");
        assertThat(t.sslCert()).isEqualTo("/c.crt");
        assertThat(t.sslKey()).isEqualTo("/c.key");
        assertThat(t.applicationName()).isEqualTo("nightly");
        assertThat(t.connectTimeout()).isEqualTo(10);
        var p = t.jdbcProperties("pw", "drover");
        assertThat(p.getProperty("ApplicationName")).isEqualTo("nightly");
        assertThat(p.getProperty("connectTimeout")).isEqualTo("10");
        assertThat(p.getProperty("sslcert")).isEqualTo("/c.crt");
        assertThat(p.getProperty("options")).isEqualTo("-c x=1");
        assertThat(parse("postgresql://u@h/db").jdbcProperties(null, "drover").getProperty("ApplicationName")).isEqualTo("drover");
        for (String mode : PgTarget.SSL_MODES) assertThat(parse("postgresql://u@h/db?sslmode=" + mode).sslMode()).isEqualTo(mode);
    }

    @Test
    void invalidValuesAreClearErrors() {
        assertThatThrownBy(() -> parse("postgresql://u@h/db?sslmode=on"))
                .hasMessage("invalid sslmode 'on': use one of disable, allow, prefer, require, verify-ca, verify-full");
        assertThatThrownBy(() -> parse("postgresql://u@h:99999/db")).hasMessageContaining("invalid port '99999'");
        assertThatThrownBy(() -> parse("postgresql://u@h/db?connect_timeout=soon")).hasMessageContaining("connect_timeout");
        assertThatThrownBy(() -> parse("postgresql://u@[::1/db")).hasMessageContaining("IPv6");
    }

    @Test
    void optionsOverrideComponents() {
        PgTarget t = parse("postgresql://u@h:1/db?host=other&port=2&dbname=x&user=v");
        assertThat(t.host()).isEqualTo("other");
        assertThat(t.port()).isEqualTo(2);
        assertThat(t.database()).isEqualTo("x");
        assertThat(t.user()).isEqualTo("v");
    }

    @Test
    void toUrlRoundTripsWithoutThePassword() {
        PgTarget t = parse("postgresql://us@@er:pw@[::1]:5433/my%20db?sslmode=require&connect_timeout=5&public.t");
        String url = t.toUrl(true);
        assertThat(url).doesNotContain("pw");
        PgTarget back = parse(url);
        assertThat(back).isEqualTo(new PgTarget(t.host(), t.port(), t.database(), t.user(), null, t.sslMode(),
                t.sslRootCert(), t.table(), t.params()));
        assertThat(t.display()).isEqualTo("postgresql://us@er@[::1]:5433/my db");
    }

    @Test
    void redactsPasswords() {
        assertThat(PgTarget.redact("postgresql://u:secret@h/db")).isEqualTo("postgresql://u:***@h/db");
        assertThat(PgTarget.redact("postgresql://u@h/db?password=secret&x=1")).isEqualTo("postgresql://u@h/db?password=***&x=1");
        assertThat(PgTarget.redact("postgresql://h/db")).isEqualTo("postgresql://h/db");
    }
}
