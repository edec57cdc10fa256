package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Other sessions while a run is loading: readers and a second runner. */
@ExtendWith(PostgresExtension.class)
class IngestConcurrencyTest {
    static final int ROWS_PER_TABLE = 60;
    static final int BATCHES = 4;

    /** Counts the reader's polls; the source waits on it so that polls certainly happen mid-batch. */
    static final class Polls {
        private long n;

        synchronized void done() {
            n++;
            notifyAll();
        }

        synchronized void awaitMore(long more) throws InterruptedException {
            long target = n + more;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (n < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new IllegalStateException("the reader stopped polling");
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Test
    void aConcurrentReaderNeverSeesPartOfABatchAcrossTwoTables(TestDatabase db, Connection conn) throws Exception {
        TableSpec a = TableSpec.builder("vis", "left side").notNull("id", "int").column("v", "text").primaryKey("id").build();
        TableSpec b = TableSpec.builder("vis", "right side").notNull("id", "int").column("v", "text").build();
        Polls polls = new Polls();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM vis.\"left side\"), (SELECT count(*) FROM vis.\"right side\")")) {
                        r.next();
                        seen.add(new long[]{r.getLong(1), r.getLong(2)});
                    } catch (SQLException e) {
                        if (!"42P01".equals(e.getSQLState()) && !"3F000".equals(e.getSQLState())) throw e;
                        seen.add(new long[]{-1, -1}); // neither table exists yet
                    }
                    polls.done();
                }
            } catch (Throwable t) {
                readerError.set(t);
                polls.done();
            }
        }, "reader");
        reader.start();

        // Each batch interleaves the two tables (buffer of 7 rows, so several COPY streams per table) and,
        // halfway through, waits until the reader has polled three more times.
        BatchSource source = start -> IntStream.range(0, BATCHES).mapToObj(batch -> {
            Iterator<TableRow> rows = new Iterator<>() {
                int i;
                public boolean hasNext() {
                    if (i == ROWS_PER_TABLE) {
                        try {
                            polls.awaitMore(3);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return i < 2 * ROWS_PER_TABLE;
                }
                public TableRow next() {
                    int k = i++;
                    int id = batch * ROWS_PER_TABLE + k / 2;
                    return k % 3 == 0 ? TableRow.of(b, id, "b") : TableRow.of(a, id, "a");
                }
            };
            return new Batch(Watermark.of(batch), batch, rows);
        }).iterator();
        // Rows alternate unevenly (k % 3), so per batch a gets 2/3 of the rows and b 1/3: the totals differ per
        // table but are fixed per batch, which is what a reader must only ever see.
        long perBatchA = IntStream.range(0, 2 * ROWS_PER_TABLE).filter(k -> k % 3 != 0).mapToObj(k -> k / 2).distinct().count();
        long perBatchB = IntStream.range(0, 2 * ROWS_PER_TABLE).filter(k -> k % 3 == 0).count();

        IngestResult result;
        try {
            result = IncrementalIngest.run(conn, List.of(a, b), source, IngestOptions.builder().maxRowsPerTableBuffer(7).build());
            polls.awaitMore(2); // the final state is observed too
        } finally {
            stop.set(true);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(readerError.get()).isNull();
        assertThat(result.batches()).hasSize(BATCHES);
        List<String> states = new ArrayList<>();
        synchronized (seen) {
            for (long[] s : seen) {
                states.add(s[0] + "/" + s[1]);
                assertThat(s[0] == -1 && s[1] == -1 || s[0] % perBatchA == 0 && s[1] == s[0] / perBatchA * perBatchB)
                        .as("reader saw %s/%s", s[0], s[1]).isTrue();
            }
        }
        assertThat(states).as("mid-batch polls saw the committed state of every batch")
                .contains("-1/-1", perBatchA + "/" + perBatchB, BATCHES * perBatchA + "/" + BATCHES * perBatchB);
        assertThat(db.count("vis.\"right side\"")).isEqualTo(BATCHES * perBatchB);
    }

    @Test
    void aSecondRunnerOnTheSameTableFailsFastAndCanRunOnceTheFirstIsDone(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "contended").notNull("id", "int").primaryKey("id").build();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchSource slow = start -> List.of(new Batch(Watermark.of("first"), null, new Iterator<TableRow>() {
            int i;
            public boolean hasNext() {
                if (i == 1) {
                    inside.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return i < 2;
            }
            public TableRow next() {
                return TableRow.of(spec, ++i);
            }
        })).iterator();
        // The first runner holds its lock on its own connection (the default).
        CompletableFuture<IngestResult> first = CompletableFuture.supplyAsync(() -> {
            try {
                return IncrementalIngest.run(conn, List.of(spec), slow, IngestOptions.defaults());
            } catch (IngestException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        // The second holds its lock on a second connection.
        IngestOptions second = IngestOptions.builder().lockConnection(db::connect).build();
        AtomicReference<JsonNode> started = new AtomicReference<>();
        try (Connection other = db.connect()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> IncrementalIngest.run(other, List.of(spec), start -> {
                started.set(start);
                return List.<Batch>of().iterator();
            }, second))
                    .isInstanceOf(IngestException.class)
                    .hasMessageContaining("another Drover run is working on table public.contended")
                    .hasMessageContaining("is held by pid");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("fails fast, no waiting").isLessThan(5);
            assertThat(started.get()).as("the source was never asked").isNull();

            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).lastWatermark().asText()).isEqualTo("first");
            assertThat(db.count("contended")).isEqualTo(2);

            IncrementalIngest.run(other, List.of(spec), start -> {
                started.set(start);
                return List.of(Batch.of("second", null, List.of(TableRow.of(spec, 3)))).iterator();
            }, second);
            assertThat(started.get().asText()).isEqualTo("first");
            assertThat(db.count("contended")).isEqualTo(3);
            assertThat(db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
                    .as("both runners released their locks").isZero();
        }
    }
}
