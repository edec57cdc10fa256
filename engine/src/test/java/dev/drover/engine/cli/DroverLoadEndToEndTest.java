package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load} and {@code drover run} as a user types them, against a real server. */
@ExtendWith(PostgresExtension.class)
class DroverLoadEndToEndTest {
    @TempDir Path dir;



    @Test
    void loadWithRejectsExitsThreeAndPrintsAReconciledSummary(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE sales (id bigint, region text, amount numeric(10,2))");
        Path f = dir.resolve("sales.csv");
        Files.writeString(f, "id;region;amount\n1;north;10.50\n2;south;not-a-number\n3;east;7\n");
        Path summary = dir.resolve("summary.json");
        Cli.Result r = Cli.drover(db, "load", f.toString(), db.url() + "?public.sales", "--header", "--delimiter", ";",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("public.sales").contains("Total import time");
        assertThat(db.rows("SELECT id, amount FROM sales ORDER BY id")).containsExactly(List.of("1", "10.50"), List.of("3", "7.00"));
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.path("exit_code").asInt()).isEqualTo(3);
        assertThat(json.path("tables").get(0).path("read").asLong()).isEqualTo(3);
        assertThat(json.path("tables").get(0).path("rejected").asLong()).isEqualTo(1);
        assertThat(json.path("tables").get(0).path("reconciled").asBoolean()).isTrue();
        assertThat(Files.readString(dir.resolve("rej").resolve(db.name()).resolve("public.sales.rejected.csv")))
                .isEqualTo("2;south;not-a-number\n");
    }

    @Test
    void aSavedPlanReplaysTheSameLoad(TestDatabase db) throws Exception {
        Path f = dir.resolve("cities.csv");
        Files.writeString(f, "name,population\nLyon,522250\nGenève,203856\n");
        Cli.Result printed = Cli.drover(db, "load", f.toString(), db.url() + "?cities", "--header", "--infer-types",
                "--root-dir", dir.resolve("rej").toString(), "--print-plan");
        assertThat(printed.code()).as(printed.err()).isZero();
        Path plan = dir.resolve("cities.yaml");
        Files.writeString(plan, printed.out());
        assertThat(PlanYaml.read(plan).tables()).hasSize(1);
        Cli.Result validated = Cli.drover(db, "validate", plan.toString());
        assertThat(validated.code()).as(validated.err() + validated.out()).isZero();
        Cli.Result run = Cli.drover(db, "run", plan.toString(), "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(db.rows("SELECT name, population + 0 FROM cities ORDER BY name"))
                .containsExactly(List.of("Genève", "203856"), List.of("Lyon", "522250"));
    }

    @Test
    void aBrokenPlanIsRefusedWithLineAndColumn(TestDatabase db) throws Exception {
        Path plan = dir.resolve("broken.yaml");
        Files.writeString(plan, "version: 1\ntarget:\n  url: " + db.url() + "\noptions:\n  batchrows: 10\ntables: []\n");
        Cli.Result r = Cli.drover(db, "run", plan.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("broken.yaml:5:3").contains("batch_rows");
    }

    @Test
    void anUnreachableServerExitsSevenWithAdvice(TestDatabase db) throws Exception {
        Path f = dir.resolve("one.csv");
        Files.writeString(f, "1\n");
        Cli.Result r = Cli.drover(db, "load", f.toString(), "postgresql://nobody@127.0.0.1:1/nowhere?t", "--no-progress",
                "--root-dir", dir.resolve("rej").toString());
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err() + r.out()).contains("cannot connect").doesNotContain("\tat ");
    }
}
