package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental CSV table whose new rows include values PostgreSQL refuses: those rows go to the reject files with
 * their file, line and original bytes, the others load, and the run sends progress as a file load does. Real CSV files
 * and a real PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class FileIncrementalRejectTest {
    @TempDir Path dir;

    /** Lines 4 to 6: qty 'abc' (not an integer), code 'toolong' (too long for varchar(3), and the largest cursor), a good row. */
    private static final String NEW_ROWS = "3,abc,ok,2024-01-04 00:00:00\r\n4,7,toolong,2024-01-06 00:00:00\n5,9,new,2024-01-05 00:00:00\n";

    private Path setUp(TestDatabase db, String schema, String options) throws Exception {
        db.execute("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".items (id int PRIMARY KEY, qty int, code varchar(3),"
                + " updated_at timestamp NOT NULL)");
        Path csv = dir.resolve(schema + ".csv");
        Files.writeString(csv, "id,qty,code,updated_at\n1,1,a,2024-01-01 00:00:00\n2,2,b,2024-01-02 00:00:00\n");
        Path plan = dir.resolve(schema + ".yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {reject_dir: "%s"%s}
                tables:
                  - table: %s.items
                    source: {csv: {files: ["%s"], header: true, delimiter: ","}}
                    mode: incremental
                    cursor: [updated_at]
                """.formatted(db.url(), dir.resolve("rejects"), options, schema, csv.toAbsolutePath()));
        RunReport first = run(db, plan, new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.SUCCESS);
        Files.writeString(csv, NEW_ROWS, StandardOpenOption.APPEND);
        return plan;
    }

    private static RunReport run(TestDatabase db, Path plan, List<RunEvent> events) {
        List<RunEvent> seen = Collections.synchronizedList(events);
        return Engine.run(PlanYaml.read(plan), db.server().password(), seen::add, new Cancellation());
    }

    private Path rejectFile(String name) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("rejects"))) {
            return files.filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
        }
    }

    private static String watermark(TestDatabase db, String schema) throws Exception {
        return db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = '\"" + schema + "\".\"items\"'").get(0).get(0);
    }

    @Test
    void valuesTheServerRefusesAreRejectedWithTheirLinesAndTheRestLoads(TestDatabase db) throws Exception {
        Path plan = setUp(db, "frej1", "");
        List<RunEvent> events = new ArrayList<>();
        RunReport r = run(db, plan, events);

        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(r.outcome().exitCode()).isNotEqualTo(Outcome.SUCCESS.exitCode());
        TableReport t = r.tables().get(0);
        assertThat(t.state()).isEqualTo(TableState.DONE);
        assertThat(t.read()).isEqualTo(5);
        assertThat(t.loaded()).isEqualTo(1);
        assertThat(t.rejected()).isEqualTo(2);
        assertThat(t.changes().skipped()).isEqualTo(2);
        assertThat(t.reconciled()).isTrue();
        assertThat(db.rows("SELECT id::text, qty::text, code FROM frej1.items ORDER BY id")).containsExactly(
                List.of("1", "1", "a"), List.of("2", "2", "b"), List.of("5", "9", "new"));
        // the largest cursor read is the rejected row's: it is in the reject files, so the watermark passes it
        assertThat(watermark(db, "frej1")).isEqualTo("[\"2024-01-06T00:00:00\"]");

        List<String> jsonl = Files.readAllLines(rejectFile("frej1.items.rejects.jsonl"));
        assertThat(jsonl).hasSize(2);
        assertThat(jsonl).anySatisfy(l -> assertThat(l).contains("\"line\":4").contains("frej1.csv").contains("\"column\":\"qty\"")
                .contains("abc"));
        assertThat(jsonl).anySatisfy(l -> assertThat(l).contains("\"line\":5").contains("\"column\":\"code\"")
                .contains("value too long for type character varying(3)"));
        String log = Files.readString(rejectFile("frej1.items.log"));
        assertThat(log).contains("invalid input syntax for type integer").contains("value too long");
        // the original bytes, line terminators as the file has them
        assertThat(new String(Files.readAllBytes(rejectFile("frej1.items.rejected.csv")), StandardCharsets.UTF_8))
                .isEqualTo("3,abc,ok,2024-01-04 00:00:00\r\n4,7,toolong,2024-01-06 00:00:00\n");
        assertThat(events).filteredOn(e -> e instanceof RunEvent.RowRejected).hasSize(2);

        // progress as a file load sends it: queued with the file's size, then rows and bytes read before the table finished
        long size = Files.size(dir.resolve("frej1.csv"));
        assertThat(events).filteredOn(e -> e instanceof RunEvent.TableQueued).singleElement()
                .isEqualTo(new RunEvent.TableQueued("frej1.items", size));
        int finished = indexOf(events, RunEvent.TableFinished.class);
        List<RunEvent.TableProgress> progress = events.subList(0, finished).stream()
                .filter(e -> e instanceof RunEvent.TableProgress).map(e -> (RunEvent.TableProgress) e).toList();
        assertThat(progress).anySatisfy(p -> {
            assertThat(p.state()).isEqualTo(TableState.COPYING);
            assertThat(p.read()).isEqualTo(5);
            assertThat(p.sourceBytes()).isEqualTo(size);
            assertThat(p.expectedBytes()).isEqualTo(size);
        });
        assertThat(progress.get(progress.size() - 1)).satisfies(p -> {
            assertThat(p.state()).isEqualTo(TableState.DONE);
            assertThat(p.loaded()).isEqualTo(1);
            assertThat(p.rejected()).isEqualTo(2);
        });

        // the next run: the rejected rows are not past the watermark any more, nothing is rejected again
        RunReport again = run(db, plan, new ArrayList<>());
        assertThat(again.outcome()).as(again.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(again.tables().get(0).changes().skipped()).isEqualTo(5);
    }

    @Test
    void onErrorStopFailsAtTheFirstRefusedRowAndCommitsNothing(TestDatabase db) throws Exception {
        Path plan = setUp(db, "frej2", ", on_error: stop");
        RunReport r = run(db, plan, new ArrayList<>());

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        TableReport t = r.tables().get(0);
        assertThat(t.state()).isEqualTo(TableState.FAILED);
        assertThat(t.failure()).contains("on error stop: line 4 of").contains("frej2.csv").contains("column qty")
                .contains("none was committed");
        assertThat(t.loaded()).isZero();
        assertThat(db.rows("SELECT id::text FROM frej2.items ORDER BY id")).containsExactly(List.of("1"), List.of("2"));
        assertThat(watermark(db, "frej2")).isEqualTo("[\"2024-01-02T00:00:00\"]");
        // the row that stopped the run is in the reject files, as a file load's is
        assertThat(Files.readAllLines(rejectFile("frej2.items.rejects.jsonl"))).singleElement().asString().contains("\"line\":4");
    }

    @Test
    void maxErrorsFailsTheRunAndCommitsNothing(TestDatabase db) throws Exception {
        Path plan = setUp(db, "frej3", ", max_errors: 1");
        RunReport r = run(db, plan, new ArrayList<>());

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.tables().get(0).failure()).contains("max errors").contains("exceeded: 2 rows rejected").contains("none was committed");
        assertThat(db.count("frej3.items")).isEqualTo(2);
        assertThat(watermark(db, "frej3")).isEqualTo("[\"2024-01-02T00:00:00\"]");
    }

    @Test
    void aRowRejectedForANullIsPassedByTheWatermarkAndNotRejectedAgain(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA frej4", "CREATE TABLE frej4.items (id int PRIMARY KEY, name text NOT NULL, seq int NOT NULL)");
        Path csv = dir.resolve("frej4.csv");
        Files.writeString(csv, "id,name,seq\n1,a,1\n2,,2\n");
        Path plan = dir.resolve("frej4.yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {reject_dir: "%s"}
                tables:
                  - table: frej4.items
                    source: {csv: {files: ["%s"], header: true, delimiter: ","}}
                    mode: incremental
                    cursor: seq
                """.formatted(db.url(), dir.resolve("rejects"), csv.toAbsolutePath()));
        RunReport first = run(db, plan, new ArrayList<>());
        assertThat(first.outcome()).as(first.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(first.tables().get(0).rejected()).isEqualTo(1);
        assertThat(watermark(db, "frej4")).isEqualTo("[2]");
        assertThat(Files.readString(rejectFile("frej4.items.log"))).contains("null value in column \"name\"");

        RunReport second = run(db, plan, new ArrayList<>());
        assertThat(second.outcome()).as(second.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(second.tables().get(0).rejected()).isZero();
        assertThat(second.tables().get(0).changes().skipped()).isEqualTo(2);
    }

    private static int indexOf(List<RunEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) if (type.isInstance(events.get(i))) return i;
        throw new AssertionError("no " + type.getSimpleName());
    }
}
