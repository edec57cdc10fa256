package dev.drover.app.model;

import dev.drover.engine.embedded.EmbeddedPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.LoadOptions;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TargetModelTest {

    private static TargetModel serverModel(TestDatabase db) {
        TargetModel m = new TargetModel(Map.of());
        m.setMode(TargetModel.Mode.SERVER);
        ConnectionForm f = m.form();
        f.setHost(db.server().host());
        f.setPort(Integer.toString(db.server().port()));
        f.setUser(db.server().user());
        if (db.server().password() != null) f.setPassword(db.server().password());
        f.setDatabase(db.name());
        return m;
    }

    private static int majorVersion(TestDatabase db) throws Exception {
        return (int) (db.queryLong("SELECT current_setting('server_version_num')::int") / 10000);
    }

    @Test
    void nextNeedsATargetChosen() {
        TargetModel m = new TargetModel(Map.of());
        assertThat(m.firstBlocking().orElseThrow().message()).startsWith("Choose a PostgreSQL server, or the embedded one");
        m.setMode(TargetModel.Mode.EMBEDDED);
        assertThat(m.firstBlocking().orElseThrow().message()).isEqualTo("The embedded PostgreSQL is still starting.");
        m.setEmbedded(new EmbeddedPostgres.Server("localhost", 54321, "postgres", "drover"));
        assertThat(m.problems()).isEmpty();
        assertThat(m.targetUrl()).contains("postgresql://postgres@localhost:54321/drover");
        m.setSchema("pg_mine");
        assertThat(m.firstBlocking().orElseThrow().field()).isEqualTo(Field.SCHEMA);
    }

    @Test
    void plannedConnectionsAreTheEnginesTablesInFlightWithTheirWritersPlusIndexJobs() {
        TargetModel m = new TargetModel(Map.of());
        LoadOptions d = LoadOptions.defaults();
        assertThat(m.plannedConnections()).isEqualTo(OptionsModel.connectionsNeeded(d))
                // 4 workers / (1 + 2) = 1 table at a time: setup + 2 writers, + 2 index builds
                .isEqualTo(5);
        m.setOptions(d.withParallelism(8, 4));
        assertThat(m.plannedConnections()).isEqualTo(1 * (1 + 4) + 2);
    }

    @Test
    void theCheckShowsVersionPrivilegeAndConnections(TestDatabase db) throws Exception {
        TargetModel m = serverModel(db);
        TargetCheck c = m.check().call();
        assertThat(c.connection().ok()).as(c.connection().details()).isTrue();
        assertThat(c.version()).startsWith("PostgreSQL " + majorVersion(db) + ".");
        assertThat(c.canCreate()).isTrue();
        assertThat(c.privilege()).isEqualTo("User " + db.server().user() + " may create tables in schema public.");
        assertThat(c.needed()).isEqualTo(5);
        assertThat(c.maxConnections()).isPositive();
        assertThat(c.connectionsFit()).isTrue();
        assertThat(c.connections()).startsWith("The load needs up to 5 connections; ");
        assertThat(c.passes()).isTrue();
    }

    @Test
    void tooFewConnectionsWarnsWithTheFix(TestDatabase db) throws Exception {
        TargetModel m = serverModel(db);
        m.setOptions(LoadOptions.defaults().withParallelism(400, 8));
        TargetCheck c = m.check().call();
        assertThat(c.connectionsFit()).isFalse();
        assertThat(c.passes()).as("only a warning").isTrue();
        assertThat(c.connections()).startsWith("The load needs up to 398 connections but only ")
                .contains("lower workers or concurrency on the Options page");
    }

    @Test
    void aSchemaToCreateNeedsCreateOnTheDatabase(TestDatabase db) throws Exception {
        TargetModel m = serverModel(db);
        m.setSchema("sales_new");
        TargetCheck c = m.check().call();
        assertThat(c.canCreate()).isTrue();
        assertThat(c.privilege()).isEqualTo("Schema sales_new does not exist yet; user " + db.server().user() + " may create it.");
    }

    @Test
    void aUserWithoutCreateIsToldTheGrant(TestDatabase db) throws Exception {
        String role = "wizard_reader_" + ProcessHandle.current().pid();
        db.execute("DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN PASSWORD 'pw'",
                "CREATE SCHEMA IF NOT EXISTS locked", "REVOKE ALL ON SCHEMA locked FROM PUBLIC",
                "GRANT USAGE ON SCHEMA locked TO " + role);
        try {
            TargetModel m = serverModel(db);
            m.form().setUser(role);
            m.form().setPassword("pw");
            m.setSchema("locked");
            TargetCheck c = m.check().call();
            assertThat(c.connection().ok()).as(c.connection().details()).isTrue();
            assertThat(c.canCreate()).isFalse();
            assertThat(c.passes()).isFalse();
            assertThat(c.privilege()).isEqualTo("User " + role + " may not create tables in schema locked: GRANT CREATE ON"
                    + " SCHEMA locked TO " + role + ", or choose another schema.");
            assertThat(c.reserved()).as("a non-superuser cannot use the superuser slots").isPositive();
        } finally {
            db.execute("DROP SCHEMA locked", "DROP ROLE " + role);
        }
    }

    @Test
    void anUnknownDatabaseFailsTheCheckWithTheName(TestDatabase db) throws Exception {
        TargetModel m = serverModel(db);
        m.form().setDatabase("nowhere_db");
        TargetCheck c = m.check().call();
        assertThat(c.passes()).isFalse();
        assertThat(c.connection().message()).startsWith("Database 'nowhere_db' does not exist");
    }

    @Test
    void aCheckIsCurrentOnlyForTheValuesItWasMadeFor(TestDatabase db) throws Exception {
        TargetModel m = serverModel(db);
        String key = m.checkKey();
        m.accept(m.check().call(), key);
        assertThat(m.currentCheck()).isPresent();
        m.setSchema("other");
        assertThat(m.currentCheck()).isEmpty();
        m.setSchema("public");
        assertThat(m.currentCheck()).isPresent();
    }

    @Test
    void thePlanTargetKeepsTheVariableNotThePassword() {
        TargetModel m = new TargetModel(Map.of("PGPW", "x"));
        m.setMode(TargetModel.Mode.SERVER);
        m.form().setHost("db");
        m.form().setUser("loader");
        m.form().setDatabase("shop");
        m.form().setPasswordSource(PasswordSource.ENV);
        m.form().setPasswordEnv("PGPW");
        assertThat(m.targetSpec().orElseThrow().url()).isEqualTo("postgresql://loader@db:5432/shop");
        assertThat(m.targetSpec().orElseThrow().passwordEnv()).isEqualTo("PGPW");
        assertThat(m.typedPassword()).isEmpty();

        TargetModel back = new TargetModel(Map.of());
        back.load(m.targetSpec().orElseThrow());
        assertThat(back.targetSpec()).isEqualTo(m.targetSpec());
    }
}
