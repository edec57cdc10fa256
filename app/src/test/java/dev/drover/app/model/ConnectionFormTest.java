package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.pg.PgTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionFormTest {
    private static ConnectionForm filled(SourceKind kind) {
        ConnectionForm f = new ConnectionForm(kind, Map.of("SHOP_PW", "s3cret"));
        f.setHost("db.example.com");
        f.setDatabase("shop");
        f.setUser("loader");
        return f;
    }

    @Test
    void aFilledFormHasNoProblems() {
        assertThat(filled(SourceKind.POSTGRES).problems()).isEmpty();
    }

    @Test
    void eachMissingFieldSaysWhatToEnter() {
        ConnectionForm f = new ConnectionForm(SourceKind.MYSQL, Map.of());
        f.setHost(" ");
        assertThat(f.problems()).extracting(Problem::field).containsExactly(Field.HOST, Field.DATABASE, Field.USER);
        assertThat(f.problem(Field.HOST).orElseThrow().message()).contains("host name or IP address");
        assertThat(f.problem(Field.DATABASE).orElseThrow().message()).isEqualTo("Enter the name of the database to connect to.");
        assertThat(f.problem(Field.USER).orElseThrow().blocking()).isTrue();
    }

    @Test
    void aUrlInTheHostFieldIsRefusedWithAnExample() {
        ConnectionForm f = filled(SourceKind.POSTGRES);
        f.setHost("postgresql://db.example.com/shop");
        assertThat(f.problem(Field.HOST).orElseThrow().message()).isEqualTo(
                "Enter the host name only, not a URL: for example db.example.com.");
        f.setHost("db example");
        assertThat(f.problem(Field.HOST).orElseThrow().message()).contains("no spaces");
    }

    @Test
    void sqlServerTakesANamedInstanceInTheHost() {
        ConnectionForm f = filled(SourceKind.MSSQL);
        f.setHost("sql01\\SALES");
        assertThat(f.problem(Field.HOST)).isEmpty();
        f.setHost("sql01\\");
        assertThat(f.problem(Field.HOST).orElseThrow().message()).contains("host\\instance");
        ConnectionForm pg = filled(SourceKind.POSTGRES);
        pg.setHost("sql01\\SALES");
        assertThat(pg.problem(Field.HOST)).isPresent();
    }

    @Test
    void thePortIsOptionalButMustBeANumberInRange() {
        ConnectionForm f = filled(SourceKind.POSTGRES);
        assertThat(f.problem(Field.PORT)).isEmpty();
        assertThat(f.portNumber()).isEqualTo(5432);
        f.setPort("54x");
        assertThat(f.problem(Field.PORT).orElseThrow().message()).isEqualTo(
                "The port is a number from 1 to 65535; leave it empty for PostgreSQL's usual 5432.");
        f.setPort("70000");
        assertThat(f.problem(Field.PORT)).isPresent();
        f.setPort("6543");
        assertThat(f.problem(Field.PORT)).isEmpty();
        assertThat(f.portNumber()).isEqualTo(6543);
    }

    @Test
    void aPasswordVariableMustBeAValidNameAndOnlyWarnsWhenUnset() {
        ConnectionForm f = filled(SourceKind.POSTGRES);
        f.setPasswordSource(PasswordSource.ENV);
        assertThat(f.problem(Field.PASSWORD_ENV).orElseThrow().message()).contains("name of the environment variable");
        f.setPasswordEnv("1PW");
        assertThat(f.problem(Field.PASSWORD_ENV).orElseThrow().blocking()).isTrue();
        f.setPasswordEnv("NOT_SET_ANYWHERE");
        Problem unset = f.problem(Field.PASSWORD_ENV).orElseThrow();
        assertThat(unset.blocking()).isFalse();
        assertThat(unset.message()).startsWith("NOT_SET_ANYWHERE is not set");
        f.setPasswordEnv("SHOP_PW");
        assertThat(f.problem(Field.PASSWORD_ENV)).isEmpty();
        assertThat(f.password()).isEqualTo("s3cret");
        assertThat(f.passwordEnvForPlan()).isEqualTo("SHOP_PW");
    }

    @Test
    void thePlanUrlNeverHoldsThePasswordAndTheTestUrlDoes() {
        ConnectionForm f = filled(SourceKind.POSTGRES);
        f.setPassword("p@ss:w/rd");
        f.setTlsMode("require");
        assertThat(f.url(false)).isEqualTo("postgresql://loader@db.example.com:5432/shop?sslmode=require");
        String withPassword = f.url(true);
        assertThat(withPassword).doesNotContain("p@ss:w/rd");
        PgTarget t = PgTarget.parse(withPassword, Map.of());
        assertThat(t.password()).isEqualTo("p@ss:w/rd");
        assertThat(t.user()).isEqualTo("loader");
        assertThat(t.sslMode()).isEqualTo("require");
    }

    @Test
    void specialCharactersInNamesArePercentEncodedAndReadBack() {
        ConnectionForm f = filled(SourceKind.POSTGRES);
        f.setUser("ana@corp");
        f.setDatabase("ventes été");
        PgTarget t = PgTarget.parse(f.url(false), Map.of());
        assertThat(t.user()).isEqualTo("ana@corp");
        assertThat(t.database()).isEqualTo("ventes été");
    }

    @Test
    void mysqlAndSqlServerUrls() {
        ConnectionForm my = filled(SourceKind.MYSQL);
        assertThat(my.url(false)).isEqualTo("mysql://loader@db.example.com:3306/shop");
        my.setTlsMode("disable");
        assertThat(my.url(false)).isEqualTo("mysql://loader@db.example.com:3306/shop?sslmode=disable");

        ConnectionForm ms = filled(SourceKind.MSSQL);
        assertThat(ms.url(false)).isEqualTo("sqlserver://loader@db.example.com:1433/shop");
        ms.setHost("sql01\\SALES");
        ms.setTlsMode(SourceKind.MSSQL_TRUST);
        assertThat(ms.url(false)).isEqualTo("sqlserver://loader@sql01/SALES/shop?trustServerCertificate=true");
        ms.setPort("1500");
        assertThat(ms.url(false)).isEqualTo("sqlserver://loader@sql01:1500/SALES/shop?trustServerCertificate=true");
    }

    @Test
    void aUrlReadsBackIntoTheSameForm() {
        for (SourceKind k : new SourceKind[] {SourceKind.POSTGRES, SourceKind.MYSQL, SourceKind.MSSQL}) {
            ConnectionForm f = filled(k);
            f.setPort("4000");
            f.setTlsMode(k.tlsModes().get(2));
            if (k == SourceKind.MSSQL) f.setHost("sql01\\SALES");
            ConnectionForm back = new ConnectionForm(k, Map.of());
            back.load(ParsedUrl.parse(f.url(false)));
            assertThat(back.url(false)).as(k.name()).isEqualTo(f.url(false));
            assertThat(back.host()).isEqualTo(f.host());
        }
    }
}
