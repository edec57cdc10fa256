package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.target.TableRef;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.drover.engine.ingest.IncrementalIngestTest.fixed;
import static dev.drover.engine.ingest.IncrementalIngestTest.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run history of {@link IncrementalIngest}: {@code drover.ingest_run} and {@code drover.ingest_batch_log}. */
@ExtendWith(PostgresExtension.class)
class IngestRunHistoryTest {

    private static List<List<String>> runRows(TestDatabase db, String streamId) throws Exception {
        return db.rows("SELECT status, error, batches::text, rows_read::text, rows_inserted::text, rows_updated::text,"
                + " rows_unchanged::text, rows_rejected::text, start_watermark::text, end_watermark::text,"
                + " (finished_at >= started_at)::text FROM drover.ingest_run WHERE stream_id = '" + streamId.replace("'", "''") + "'");
    }

    private static List<List<String>> batchRows(TestDatabase db, String streamId) throws Exception {
        return db.rows("SELECT batch_no::text, high_watermark::text, rows_read::text, rows_inserted::text, rows_updated::text,"
                + " rows_unchanged::text FROM drover.ingest_batch_log WHERE stream_id = '" + streamId.replace("'", "''")
                + "' ORDER BY batch_no");
    }

    @Test
    void aRunOfThreeBatchesIsRunningWhileItLoadsThenOkWithItsTotalsAndOneLogRowPerBatch(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("hist_three");
        List<String> seenWhileLoading = new ArrayList<>();
        IngestOptions watching = IngestOptions.builder().onBeforeVisible((c, t, m) -> {
            if ("first".equals(m)) {
                // another session: the run's row is committed before the first batch is
                seenWhileLoading.addAll(db.rows("SELECT status FROM drover.ingest_run WHERE stream_id = '\"public\".\"hist_three\"'").get(0));
                seenWhileLoading.add(Long.toString(db.queryLong("SELECT count(*) FROM drover.ingest_batch_log"
                        + " WHERE stream_id = '\"public\".\"hist_three\"'")));
            }
        }).build();
        List<Batch> batches = List.of(
                Batch.of(1, "first", List.of(TableRow.of(spec, 1, "a", 1), TableRow.of(spec, 2, "b", 2))),
                Batch.of(2, null, List.of(TableRow.of(spec, 3, "c", 3), TableRow.of(spec, 1, "a2", 1))),   // 1 new, 1 changed
                Batch.of(3, null, List.of(TableRow.of(spec, 2, "b", 2), TableRow.of(spec, 4, "d", 4))));   // 1 same, 1 new

        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), batches), watching);

        assertThat(seenWhileLoading).containsExactly("running", "0");
        // status, error, batches, read, inserted, updated, unchanged, rejected, start, end, finished after started
        assertThat(runRows(db, spec.sql())).containsExactly(
                java.util.Arrays.asList("ok", null, "3", "6", "4", "1", "1", "0", "null", "3", "true"));
        assertThat(batchRows(db, spec.sql())).containsExactly(
                List.of("1", "1", "2", "2", "0", "0"), List.of("2", "2", "2", "1", "1", "0"), List.of("3", "3", "2", "1", "0", "1"));
        String runId = db.rows("SELECT run_id::text FROM drover.ingest_state WHERE stream_id = '\"public\".\"hist_three\"'").get(0).get(0);
        assertThat(db.queryLong("SELECT count(*) FROM drover.ingest_run WHERE run_id = '" + runId + "'"))
                .as("the run row and the watermark carry the same run id").isEqualTo(1);

        List<IngestState.BatchLog> logged = IngestState.batches(conn, IngestOptions.DEFAULT_STATE_TABLE, runId);
        assertThat(logged).extracting(IngestState.BatchLog::batchNo).containsExactly(1, 2, 3);
        assertThat(logged).allSatisfy(b -> assertThat(b.seconds()).isNotNull().isNotNegative());
    }

    @Test
    void aSourceThatFailsAfterTheSecondBatchLeavesAFailedRunWithTwoLoggedBatches(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("hist_source_fails");
        BatchSource failing = start -> new Iterator<>() {
            int n = 0;
            public boolean hasNext() {
                if (n == 2) throw new IllegalStateException("upstream connection lost");
                return true;
            }
            public Batch next() {
                n++;
                return Batch.of(n, null, List.of(TableRow.of(spec, n, "x", n)));
            }
        };

        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), failing, IngestOptions.defaults()))
                .isInstanceOf(IngestException.class).hasMessageContaining("upstream connection lost");

        List<List<String>> run = runRows(db, spec.sql());
        assertThat(run).hasSize(1);
        assertThat(run.get(0).get(0)).isEqualTo("failed");
        assertThat(run.get(0).get(1)).contains("batch 3").contains("upstream connection lost");
        assertThat(run.get(0).subList(2, 5)).containsExactly("2", "2", "2");
        assertThat(run.get(0).get(9)).as("end watermark: the last committed one").isEqualTo("2");
        assertThat(batchRows(db, spec.sql())).extracting(r -> r.get(0)).containsExactly("1", "2");
        assertThat(conn.getAutoCommit()).isTrue();
    }

    @Test
    void aBatchThatRollsBackLeavesNoLogRowOfItsOwn(TestDatabase db, Connection conn) throws Exception {
        // a value the server refuses in batch 2
        TableSpec refused = TableSpec.builder("public", "hist_refused").notNull("id", "integer").column("n", "integer").primaryKey("id").build();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(refused), fixed(new AtomicReference<>(), List.of(
                Batch.of(1, null, List.of(TableRow.of(refused, 1, 10))),
                Batch.of(2, null, List.of(TableRow.of(refused, 2, "forty")))
        )), IngestOptions.defaults())).isInstanceOf(IngestException.class);
        assertThat(batchRows(db, refused.sql())).extracting(r -> r.get(0)).containsExactly("1");
        List<List<String>> run = runRows(db, refused.sql());
        assertThat(run.get(0).get(0)).isEqualTo("failed");
        assertThat(run.get(0).get(1)).contains("batch 2").contains("forty");
        assertThat(run.get(0).get(2)).isEqualTo("1");

        // the compare-and-set of the watermark fails: another session moved it during the batch
        TableSpec cas = orders("hist_cas");
        IncrementalIngest.run(conn, List.of(cas), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, List.of(TableRow.of(cas, 1, "a", 1))))),
                IngestOptions.defaults());
        IngestOptions meddling = IngestOptions.builder().onBeforeVisible((c, t, m) -> db.execute(
                "UPDATE drover.ingest_state SET high_watermark = '99', run_id = gen_random_uuid() WHERE stream_id = '\"public\".\"hist_cas\"'")).build();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(cas), fixed(new AtomicReference<>(), List.of(
                Batch.of(2, null, List.of(TableRow.of(cas, 2, "b", 2))))), meddling))
                .isInstanceOf(IngestException.class).hasMessageContaining("was changed by another run");

        List<IngestState.Run> runs = IngestState.history(conn, IngestOptions.DEFAULT_STATE_TABLE, cas.sql(), 10);
        assertThat(runs).extracting(IngestState.Run::status).containsExactly("failed", "ok");
        assertThat(runs.get(0).error()).contains("was changed by another run");
        assertThat(runs.get(0).batches()).isZero();
        assertThat(runs.get(0).startWatermark()).isEqualTo("1");
        assertThat(runs.get(0).endWatermark()).isEqualTo("1");
        assertThat(IngestState.batches(conn, IngestOptions.DEFAULT_STATE_TABLE, runs.get(0).runId())).isEmpty();
        assertThat(IngestState.batches(conn, IngestOptions.DEFAULT_STATE_TABLE, runs.get(1).runId())).hasSize(1);
    }

    @Test
    void historyIsNewestFirstPerStreamAndLimited(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("hist_order");
        for (int i = 1; i <= 3; i++) {
            IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                    Batch.of(i, null, List.of(TableRow.of(spec, i, "r" + i, i))))), IngestOptions.defaults());
        }
        // another stream into the same table does not mix in
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(42, null, List.of(TableRow.of(spec, 9, "other", 9))))), IngestOptions.builder().streamId("other stream").build());

        List<IngestState.Run> two = IngestState.history(conn, IngestOptions.DEFAULT_STATE_TABLE, spec.sql(), 2);
        assertThat(two).extracting(IngestState.Run::endWatermark).containsExactly("3", "2");
        assertThat(two).extracting(IngestState.Run::startWatermark).containsExactly("2", "1");
        assertThat(two.get(0).startedAt()).isAfter(two.get(1).startedAt());
        assertThat(IngestState.history(conn, IngestOptions.DEFAULT_STATE_TABLE, spec.sql(), 10)).hasSize(3);
        assertThat(IngestState.history(conn, IngestOptions.DEFAULT_STATE_TABLE, spec.sql(), 0)).isEmpty();
        assertThat(IngestState.history(conn, IngestOptions.DEFAULT_STATE_TABLE, "other stream", 10))
                .extracting(IngestState.Run::endWatermark).containsExactly("42");
        assertThat(IngestState.history(conn, new TableRef("no_such_schema", "ingest_state"), spec.sql(), 10)).isEmpty();
    }

    @Test
    void anotherStateTableKeepsItsHistoryInTablesNamedAfterIt(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("hist_named");
        TableRef state = new TableRef("audit", "loader_state");
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(1, null, List.of(TableRow.of(spec, 1, "a", 1))))), IngestOptions.builder().stateTable(state).build());

        assertThat(IngestState.runTable(state)).isEqualTo(new TableRef("audit", "loader_run"));
        assertThat(db.queryLong("SELECT count(*) FROM audit.loader_run WHERE status = 'ok'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit.loader_batch_log")).isEqualTo(1);
        assertThat(IngestState.history(conn, state, spec.sql(), 5)).hasSize(1);
        assertThat(IngestState.runTable(new TableRef("s", "watermarks"))).isEqualTo(new TableRef("s", "watermarks_run"));
    }
}
