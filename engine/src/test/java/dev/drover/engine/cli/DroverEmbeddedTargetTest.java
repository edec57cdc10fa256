package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.run.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target URL {@code embedded}: a plan saved in the wizard with Drover's own PostgreSQL as its target runs from a shell,
 * which starts that server for the run (data in Drover's home, as the wizard's), or uses it while the wizard runs it.
 */
class DroverEmbeddedTargetTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result drover(Path home, Supplier<EmbeddedPostgres> service, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DROVER_HOME", home.toString());
        env.remove("PGPASSWORD");
        DroverCli cli = service == null
                ? new DroverCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                        env, false, Engine::run)
                : new DroverCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                        env, false, Engine::run, service);
        int code = cli.execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path csv(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "id,name\n1,anvil\n2,\"rope, 10 m\"\n3,lantern\n", StandardCharsets.UTF_8);
        return f;
    }

    private static long count(EmbeddedPostgres.Server s, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + s.port() + "/" + s.database(), s.user(), "");
             Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aPlanWhoseTargetIsEmbeddedStartsDroversOwnPostgresForTheRunAndStopsItAfter() throws Exception {
        Path home = dir.resolve("home");
        Path data = csv("tools.csv");
        Path planFile = dir.resolve("tools.yaml");
        Result printed = drover(home, null, "load", data.toString(), "embedded?public.tools", "--header", "--create-table", "--print-plan");
        assertThat(printed.code()).as(printed.err()).isZero();
        Files.writeString(planFile, printed.out(), StandardCharsets.UTF_8);
        assertThat(PlanYaml.read(planFile).target().url()).isEqualTo("embedded");
        assertThat(drover(home, null, "validate", planFile.toString()).code()).isZero();

        Result r = drover(home, null, "run", planFile.toString(), "--no-progress", "--root-dir", dir.resolve("rejects").toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("drover: target: the embedded PostgreSQL at postgresql://postgres@localhost:\\d+/drover \\(data in "
                + java.util.regex.Pattern.quote(home.resolve("embedded-postgres/data").toString()) + "\\)");
        Path pgData = home.resolve("embedded-postgres/data");
        assertThat(pgData.resolve("PG_VERSION")).isRegularFile();
        assertThat(pgData.resolve("postmaster.pid")).as("stopped when the command ended").doesNotExist();
        try (EmbeddedPostgres pg = EmbeddedPostgres.inHome(home)) {
            assertThat(count(pg.start(), "public.tools")).isEqualTo(3);
        }
    }

    @Test
    void whileTheWizardRunsTheServerTheCommandUsesItAndLeavesItRunning() throws Exception {
        Path home = dir.resolve("home");
        Path data = csv("parts.csv");
        // the wizard's server, started by another EmbeddedPostgres on the same folder
        try (EmbeddedPostgres wizard = EmbeddedPostgres.inHome(home)) {
            EmbeddedPostgres.Server running = wizard.start();

            Result r = drover(home, null, "load", data.toString(), "embedded?public.parts", "--header", "--create-table", "--no-progress",
                    "--root-dir", dir.resolve("rejects").toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("drover: target: the embedded PostgreSQL at " + running.url());
            assertThat(count(running, "public.parts")).as("loaded into the running server, which still runs").isEqualTo(3);
            assertThat(wizard.running()).contains(running);
        }
    }

    @Test
    void printPlanKeepsTheNameEmbeddedAndStartsNothing() throws Exception {
        Path home = dir.resolve("home");
        Path data = csv("bolts.csv");

        Result file = drover(home, null, "load", data.toString(), "embedded?public.bolts", "--header", "--print-plan");
        Result db = drover(home, null, "load", "sqlite://" + dir.resolve("none.db"), "embedded", "--schema", "shop", "--print-plan");

        assertThat(file.code()).as(file.err()).isZero();
        Plan p = PlanYaml.read(file.out(), "stdout");
        assertThat(p.target().url()).isEqualTo("embedded");
        assertThat(p.tables()).singleElement().satisfies(t -> assertThat(t.table()).isEqualTo("public.bolts"));
        assertThat(db.code()).as(db.err()).isZero();
        assertThat(PlanYaml.read(db.out(), "stdout").target().url()).isEqualTo("embedded");
        assertThat(home.resolve("embedded-postgres")).doesNotExist();
    }

    @Test
    void whenTheEmbeddedServerCannotStartTheCommandSaysWhyWithTheConnectionExitCode() throws Exception {
        Path data = csv("nuts.csv");
        EmbeddedPostgres broken = new EmbeddedPostgres() {
            @Override public Server start() throws IOException {
                throw new IOException("The embedded PostgreSQL did not start (data in /nowhere): initdb failed");
            }
            @Override public Optional<Server> running() { return Optional.empty(); }
            @Override public Optional<Path> dataDirectory() { return Optional.of(Path.of("/nowhere")); }
            @Override public void close() { }
        };

        Result r = drover(dir.resolve("home"), () -> broken, "load", data.toString(), "embedded?public.nuts", "--header", "--no-progress");

        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err()).contains("drover: error: the embedded PostgreSQL: The embedded PostgreSQL did not start (data in /nowhere): initdb failed")
                .contains("hint: name a PostgreSQL server instead");
    }
}
