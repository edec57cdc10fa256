package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static dev.drover.engine.ingest.IncrementalIngestTest.fixed;
import static dev.drover.engine.ingest.IncrementalIngestTest.storedWatermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad rows isolated and refused inside the batch ({@link IngestOptions#onBadRow()}), against a real server. */
@ExtendWith(PostgresExtension.class)
class IngestRejectTest {

    static TableSpec events(String name) {
        return TableSpec.builder("public", name).notNull("id", "int").column("label", "text").column("day", "date")
                .notNull("amount", "numeric(5,2)").primaryKey("id").build();
    }

    /** One client-side bad value (NUL), one the server refuses (February 30th), one NULL in a NOT NULL column. */
    static List<TableRow> mixed(TableSpec spec) {
        return List.of(
                new TableRow(spec, new Object[] {1, "good", "2024-02-01", "1.50"}, "pos-1"),
                new TableRow(spec, new Object[] {2, "nul\u0000here", "2024-02-02", "2"}, "pos-2"),
                new TableRow(spec, new Object[] {3, "good too", "2024-02-30", "3"}, "pos-3"),
                new TableRow(spec, new Object[] {4, "third", "2024-02-04", "4"}, "pos-4"),
                new TableRow(spec, new Object[] {5, "no amount", "2024-02-05", null}, "pos-5"),
                new TableRow(spec, new Object[] {6, "last", "2024-02-06", "6"}, "pos-6"));
    }

    static final class Collected implements BadRows {
        final List<BadRow> rows = new ArrayList<>();
        final List<Integer> committed = new ArrayList<>();

        @Override
        public void reject(Connection conn, BadRow row) {
            rows.add(row);
        }

        @Override
        public void batchCommitted(int batchNo) {
            committed.add(batchNo);
        }
    }

    @Test
    void rejectsBadRowsOfEveryStageAndCommitsTheRestWithTheWatermark(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = events("ev");
        Collected sink = new Collected();
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(7, null, mixed(spec)))),
                IngestOptions.builder().onBadRow(sink).build());

        assertThat(db.rows("SELECT id FROM ev ORDER BY id")).containsExactly(List.of("1"), List.of("4"), List.of("6"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(7);
        IngestResult.TableCounts c = r.total(spec.ref());
        assertThat(c.rowsRead()).isEqualTo(6);
        assertThat(c.inserted()).isEqualTo(3);
        assertThat(c.rejected()).isEqualTo(3);
        assertThat(c.rowsRead()).isEqualTo(c.inserted() + c.updated() + c.unchanged() + c.rejected());
        assertThat(sink.committed).containsExactly(1);
        assertThat(sink.rows).extracting(BadRows.BadRow::rowNo).containsExactlyInAnyOrder(2L, 3L, 5L);
        BadRows.BadRow nul = find(sink, 2), date = find(sink, 3), nulls = find(sink, 5);
        assertThat(nul.stage()).isEqualTo(BadRows.Stage.ENCODE);
        assertThat(nul.sqlState()).isEqualTo("22021");
        assertThat(nul.column()).isEqualTo("label");
        assertThat(nul.position()).isEqualTo("pos-2");
        assertThat(nul.values()[1]).isEqualTo("nul\u0000here");
        assertThat(date.stage()).isEqualTo(BadRows.Stage.COPY);
        assertThat(date.sqlState()).isEqualTo("22008");
        assertThat(date.message()).contains("2024-02-30");
        assertThat(date.column()).isEqualTo("day");
        assertThat(date.position()).isEqualTo("pos-3");
        assertThat(nulls.stage()).as("refused before the server sees it").isEqualTo(BadRows.Stage.ENCODE);
        assertThat(nulls.sqlState()).isEqualTo("23502");
        assertThat(nulls.column()).isEqualTo("amount");
        assertThat(nulls.position()).isEqualTo("pos-5");
        assertThat(nulls.values()[1]).isEqualTo("no amount");
    }

    @Test
    void withoutTheOptionABadRowFailsTheBatchAndKeepsTheWatermark(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = events("ev_off");
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(spec, 100, "first", "2024-01-01", "1"))))), IngestOptions.defaults());
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(),
                List.of(Batch.of(2, null, mixed(spec).subList(2, 4)))), IngestOptions.defaults()))
                .isInstanceOf(IngestException.class).hasMessageContaining("batch 1").hasMessageContaining("2024-02-30");
        assertThat(db.rows("SELECT id FROM ev_off ORDER BY id")).containsExactly(List.of("100"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(1);
    }

    @Test
    void moreRejectsThanTheRunAllowsFailTheBatch(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = events("ev_max");
        Collected sink = new Collected();
        IngestOptions opts = IngestOptions.builder().onBadRow(sink).maxRejectedRows(2).build();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(),
                List.of(Batch.of(1, null, mixed(spec)))), opts))
                .isInstanceOf(IngestException.class).hasMessageContaining("maxRejectedRows");
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'ev_max'")).as("created with the failed batch").isZero();
        assertThat(storedWatermark(db, spec.sql())).isNull();
        assertThat(sink.committed).isEmpty();

        // two are allowed
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, mixed(spec).subList(0, 4)))), opts);
        assertThat(db.count("ev_max")).isEqualTo(2);
    }

    @Test
    void upsertWithRejectsIntoTheRejectTableVisibleWithTheBatch(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = events("ev_up");
        IngestOptions opts = IngestOptions.builder().onBadRow(BadRows.toRejectTable()).build();
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, List.of(
                TableRow.of(spec, 1, "old", "2024-01-01", "1"), TableRow.of(spec, 4, "third", "2024-02-04", "4"))))), opts);
        List<TableRow> second = new ArrayList<>(mixed(spec));
        second.add(new TableRow(spec, new Object[] {null, "no key", null, "1"}, "pos-7"));
        second.add(new TableRow(spec, new Object[] {8, "too big", null, "12345"}, "pos-8"));
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(2, null, second))), opts);

        IngestResult.TableCounts c = r.total(spec.ref());
        assertThat(c.inserted()).isEqualTo(1);   // 6
        assertThat(c.updated()).isEqualTo(1);    // 1
        assertThat(c.unchanged()).isEqualTo(1);  // 4
        assertThat(c.rejected()).isEqualTo(5);
        assertThat(c.rowsRead()).isEqualTo(8).isEqualTo(c.inserted() + c.updated() + c.unchanged() + c.rejected());
        assertThat(db.rows("SELECT id, label FROM ev_up ORDER BY id")).containsExactly(
                List.of("1", "good"), List.of("4", "third"), List.of("6", "last"));
        assertThat(db.rows("SELECT row_no, stage, sqlstate, source_position, column_name, row_data->>'label' FROM drover.ingest_reject"
                + " WHERE target_table = '\"public\".\"ev_up\"' ORDER BY row_no")).containsExactly(
                List.of("2", "encode", "22021", "pos-2", "label", "nul\u0000here".replace("\u0000", "\\u0000")),
                List.of("3", "copy", "22008", "pos-3", "day", "good too"),
                List.of("5", "encode", "23502", "pos-5", "amount", "no amount"),
                List.of("7", "encode", "23502", "pos-7", "id", "no key"),
                List.of("8", "copy", "22003", "pos-8", "amount", "too big"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(2);
    }

    @Test
    void segmentsLargerThanTheBufferAreIsolatedWithoutLossOrDuplicates(TestDatabase db, Connection conn) throws Exception {
        TableSpec plain = TableSpec.builder("public", "seg_plain").notNull("id", "int").column("n", "int").build();
        TableSpec keyed = TableSpec.builder("public", "seg_keyed").notNull("id", "int").column("n", "int").primaryKey("id").build();
        int n = 1_000;
        // every 97th row of each table is bad for the server, every 250th for the client; rows of both tables interleave
        Iterator<TableRow> rows = IntStream.range(0, 2 * n).mapToObj(i -> {
            int id = i / 2;
            Object v = id % 97 == 13 ? "x" + id : id % 250 == 7 ? "\u0000" : (Object) id;
            return new TableRow(i % 2 == 0 ? plain : keyed, new Object[] {id, v}, id);
        }).iterator();
        Collected sink = new Collected();
        IngestResult r = IncrementalIngest.run(conn, List.of(plain, keyed), fixed(new AtomicReference<>(),
                List.of(new Batch(Watermark.of(1), null, rows))), IngestOptions.builder().maxRowsPerTableBuffer(64).onBadRow(sink).build());
        long bad = IntStream.range(0, n).filter(id -> id % 97 == 13 || id % 250 == 7).count();
        for (TableSpec t : List.of(plain, keyed)) {
            assertThat(r.total(t.ref()).rejected()).isEqualTo(bad);
            assertThat(r.total(t.ref()).inserted()).isEqualTo(n - bad);
            assertThat(db.queryLong("SELECT count(DISTINCT id) FROM " + t.sql())).isEqualTo(n - bad);
            assertThat(db.count(t.name())).isEqualTo(n - bad);
            assertThat(db.queryLong("SELECT count(*) FROM " + t.sql() + " WHERE id <> n")).isZero();
        }
        assertThat(sink.rows).hasSize((int) (2 * bad));
        assertThat(sink.rows).allSatisfy(b -> assertThat(((Integer) b.position()) % 97 == 13 || ((Integer) b.position()) % 250 == 7).isTrue());
    }

    @Test
    void aBadValueFromTheSourceIsRefusedAtEncode(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "ev_bv").notNull("id", "int").column("v", "int").build();
        Collected sink = new Collected();
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, List.of(
                TableRow.of(spec, 1, 1), TableRow.of(spec, 2, new BadValue("zwei", "22P02", "cast failed")))))),
                IngestOptions.builder().onBadRow(sink).build());
        assertThat(db.count("ev_bv")).isEqualTo(1);
        assertThat(sink.rows).singleElement().satisfies(b -> {
            assertThat(b.message()).isEqualTo("cast failed");
            assertThat(b.stage()).isEqualTo(BadRows.Stage.ENCODE);
        });
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(2, null, List.of(
                TableRow.of(spec, 3, new BadValue("drei", "22P02", "cast failed")))))), IngestOptions.defaults()))
                .isInstanceOf(IngestException.class).hasMessageContaining("cast failed");
        JsonNode wm = storedWatermark(db, spec.sql());
        assertThat(wm.asInt()).isEqualTo(1);
    }

    @Test
    void keyConflictsAndBadRowsShareTheRejectTable(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = events("ev_kc");
        IngestOptions opts = IngestOptions.builder().upsert(Upsert.OFF).onKeyConflict(KeyConflict.REJECT_ROW)
                .onBadRow(BadRows.toRejectTable()).build();
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, List.of(
                TableRow.of(spec, 1, "a", "2024-01-01", "1"), TableRow.of(spec, 1, "dup", "2024-01-01", "1"),
                TableRow.of(spec, null, "no key", "2024-01-01", "1"), TableRow.of(spec, 2, "bad day", "2024-13-01", "1"),
                TableRow.of(spec, 3, "b", null, "3"))))), opts);
        assertThat(r.total(spec.ref()).inserted()).isEqualTo(2);
        assertThat(r.total(spec.ref()).rejected()).isEqualTo(3);
        assertThat(db.rows("SELECT row_no, coalesce(stage, '-'), sqlstate FROM drover.ingest_reject"
                + " WHERE target_table = '\"public\".\"ev_kc\"' ORDER BY row_no")).containsExactly(
                List.of("2", "-", "23505"), List.of("3", "encode", "23502"), List.of("4", "copy", "22008"));
    }

    @Test
    void errorsWithoutALineNumberAreIsolatedByBisection(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "seg_trig").notNull("id", "int").column("n", "int").build();
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of()), IngestOptions.defaults());
        // an AFTER ROW trigger fires once the COPY statement is over: its error names no line of the COPY
        db.execute("CREATE FUNCTION seg_trig_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.n % 50 = 7 THEN RAISE EXCEPTION 'seven' USING ERRCODE = '22023'; END IF; RETURN NULL; END $$");
        db.execute("CREATE TRIGGER seg_trig_check AFTER INSERT ON seg_trig FOR EACH ROW EXECUTE FUNCTION seg_trig_check()");
        int n = 300;
        Iterator<TableRow> rows = IntStream.range(0, n).mapToObj(i -> new TableRow(spec, new Object[] {i, i}, i)).iterator();
        Collected sink = new Collected();
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(new Batch(Watermark.of(1), null, rows))),
                IngestOptions.builder().maxRowsPerTableBuffer(64).onBadRow(sink).build());
        long bad = IntStream.range(0, n).filter(i -> i % 50 == 7).count();
        assertThat(r.total(spec.ref()).rejected()).isEqualTo(bad);
        assertThat(r.total(spec.ref()).inserted()).isEqualTo(n - bad);
        assertThat(db.queryLong("SELECT count(DISTINCT id) FROM seg_trig")).isEqualTo(n - bad);
        assertThat(db.count("seg_trig")).isEqualTo(n - bad);
        assertThat(sink.rows).extracting(b -> (Integer) b.position()).allMatch(i -> i % 50 == 7).hasSize((int) bad);
        assertThat(sink.rows).allSatisfy(b -> assertThat(b.message()).isEqualTo("seven"));
    }

    private static BadRows.BadRow find(Collected sink, long rowNo) {
        return sink.rows.stream().filter(b -> b.rowNo() == rowNo).findFirst().orElseThrow();
    }
}
