package dev.drover.engine.run;

import static dev.drover.engine.run.Loads.csv;
import static dev.drover.engine.run.Loads.options;
import static dev.drover.engine.run.Loads.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class ResilienceTest {
    @TempDir Path dir;

    @Test
    void aLostWriterConnectionIsReopenedAndTheBatchSentAgainExactlyOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE resilient (id int, v text)");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) s.append(i).append(",v").append(i).append('\n');
        Path f = write(dir, "r.csv", s.toString());
        AtomicInteger terminated = new AtomicInteger();
        List<RunEvent> events = Loads.reacting(e -> {
            // After the first commit, kill the writer's backend between two batches.
            if (e instanceof RunEvent.TableProgress p && p.loaded() > 0 && terminated.get() == 0) {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    var r = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE application_name LIKE 'drover/writer/%' AND datname = current_database()");
                    r.next();
                    terminated.set(r.getInt(1));
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
        });
        RunReport r = Loads.run(db, List.of(new TableLoad("resilient", csv(f, false), List.of())),
                options(dir.resolve("rej")).withBatch(1000, 1 << 20).withParallelism(4, 1), new Cancellation(), events);
        assertThat(terminated.get()).isEqualTo(1);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.tables().get(0).loaded()).isEqualTo(20_000);
        assertThat(db.count("resilient")).isEqualTo(20_000);
        assertThat(db.queryLong("SELECT count(DISTINCT id) FROM resilient")).isEqualTo(20_000);
        assertThat(events).anyMatch(e -> e instanceof RunEvent.Notice n && n.message().contains("reconnecting"));
    }

    @Test
    void typesWithoutABinaryEncoderLoadInTextFormatAndStillIsolateBadRows(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE hosts (id int, addr inet, tags text[])");
        Path f = write(dir, "hosts.csv", """
                1,10.0.0.1,"{a,b}"
                2,not-an-address,{c}
                3,::1,{}
                4,192.168.0.300,{d}
                5,10.0.0.5,"{""tab\there""}"
                """);
        RunReport r = Loads.run(db, "hosts", csv(f, false), options(dir.resolve("rej")));
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(5);
        assertThat(t.loaded()).isEqualTo(3);
        assertThat(t.rejected()).isEqualTo(2);
        assertThat(db.rows("SELECT id, addr::text, tags::text FROM hosts ORDER BY id")).containsExactly(
                List.of("1", "10.0.0.1/32", "{a,b}"), List.of("3", "::1/128", "{}"), List.of("5", "10.0.0.5/32", "{\"tab\there\"}"));
        Path log = dir.resolve("rej").resolve(db.name()).resolve("public.hosts.log");
        assertThat(Files.readString(log)).containsPattern("line 2[ ,]").containsPattern("line 4[ ,]").contains("invalid input syntax for type inet");
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
    }
}
