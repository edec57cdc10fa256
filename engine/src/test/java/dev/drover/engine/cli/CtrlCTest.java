package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code drover load} process: SIGINT while rows are still arriving on stdin. The
 * process must stop cleanly, exit 130, print and write a summary whose loaded count is exactly what
 * the table holds (committed batches stay, nothing half-written).
 */
@ExtendWith(PostgresExtension.class)
@EnabledOnOs({OS.LINUX, OS.MAC})
class CtrlCTest {
    @TempDir Path dir;

    @Test
    void sigintStopsCleanlyWithCommittedBatchesAndExit130(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE feed (id int, v text)");
        Path summary = dir.resolve("summary.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DroverCli.class.getName(),
                "load", "-", db.url() + "?public.feed", "--header", "--batch-rows", "5000", "--no-progress",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        if (db.server().password() != null) pb.environment().put("PGPASSWORD", db.server().password());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            StringBuilder rows = new StringBuilder("id,v\n");
            for (int i = 1; i <= 20_000; i++) rows.append(i).append(",row ").append(i).append('\n');
            in.write(rows.toString().getBytes(StandardCharsets.UTF_8));
            in.flush();
            // stdin stays open: the load is mid-way when the signal comes
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (db.count("feed") < 5000) {
                assertThat(p.isAlive()).as("drover ended early: %s", Files.readString(dir.resolve("err.txt"))).isTrue();
                assertThat(System.nanoTime()).as("no batch committed within 60 s").isLessThan(deadline);
                Thread.sleep(20); // poll interval of the condition above
            }
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("drover did not stop within 60 s of Ctrl-C").isTrue();
        } catch (java.io.IOException closedByExit) {
            // closing stdin after the process ended is fine
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("err.txt"));
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(p.exitValue()).as(err).isEqualTo(130);
        assertThat(err).contains("cancelling");
        assertThat(out).contains("public.feed").contains("CANCELLED");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        JsonNode t = json.path("tables").get(0);
        assertThat(t.path("state").asText()).isEqualTo("cancelled");
        long loaded = t.path("loaded").asLong();
        assertThat(loaded).isGreaterThanOrEqualTo(5000).isLessThanOrEqualTo(20_000);
        assertThat(db.count("feed")).isEqualTo(loaded);
        // whole batches only, in file order: ids 1..loaded, none missing, none twice
        assertThat(db.queryLong("SELECT count(DISTINCT id) FROM feed WHERE id BETWEEN 1 AND " + loaded)).isEqualTo(loaded);
    }
}
