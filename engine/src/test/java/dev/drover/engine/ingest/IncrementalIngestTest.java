package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.drover.engine.target.TableRef;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs, watermarks, upserts and failures of {@link IncrementalIngest} against a real server. */
@ExtendWith(PostgresExtension.class)
class IncrementalIngestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static TableSpec orders(String name) {
        return TableSpec.builder("public", name).notNull("id", "bigint").column("name", "text")
                .column("amount", "numeric(10,2)").primaryKey("id").build();
    }

    /** A source that hands out fixed batches and records the watermark it was started from. */
    static BatchSource fixed(AtomicReference<JsonNode> started, List<Batch> batches) {
        return start -> {
            started.set(start);
            return batches.iterator();
        };
    }

    static JsonNode storedWatermark(TestDatabase db, String streamId) throws Exception {
        List<List<String>> rows = db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = "
                + "'" + streamId.replace("'", "''") + "'");
        return rows.isEmpty() ? null : JSON.readTree(rows.get(0).get(0));
    }

    static Map<Long, String> xmins(TestDatabase db, String table) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        for (List<String> r : db.rows("SELECT id, xmin::text FROM " + table)) out.put(Long.parseLong(r.get(0)), r.get(1));
        return out;
    }

    /**
     * An upstream table: id → (name, amount, version). Batches are keyset pages on version, two rows each,
     * re-reading one version back (a lookback window) so unchanged rows arrive again and must be left alone.
     */
    static BatchSource upstream(TableSpec spec, Map<Long, Object[]> rows, AtomicReference<JsonNode> started) {
        return start -> {
            started.set(start);
            long from = start.isNull() ? 0 : start.asLong() - 1;
            List<Object[]> todo = rows.values().stream().filter(r -> (int) r[3] > from)
                    .sorted((a, b) -> Integer.compare((int) a[3], (int) b[3])).toList();
            List<Batch> batches = new ArrayList<>();
            for (int i = 0; i < todo.size(); i += 2) {
                List<Object[]> page = todo.subList(i, Math.min(i + 2, todo.size()));
                List<TableRow> trs = page.stream().map(r -> TableRow.of(spec, r[0], r[1], r[2])).toList();
                batches.add(Batch.of(page.get(page.size() - 1)[3], "page " + i / 2, trs));
            }
            return batches.iterator();
        };
    }

    @Test
    void secondRunLoadsOnlyLaterRowsUpsertsChangedOnesAndLeavesUnchangedRowsUntouched(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("orders_two_runs");
        Map<Long, Object[]> src = new LinkedHashMap<>();
        src.put(1L, new Object[]{1L, "ann", new java.math.BigDecimal("10.00"), 1});
        src.put(2L, new Object[]{2L, "bob", new java.math.BigDecimal("20.00"), 2});
        src.put(3L, new Object[]{3L, "cy", new java.math.BigDecimal("30.00"), 3});
        src.put(4L, new Object[]{4L, "dee", new java.math.BigDecimal("40.00"), 4});
        AtomicReference<JsonNode> started = new AtomicReference<>();

        IngestResult first = IncrementalIngest.run(conn, List.of(spec), upstream(spec, src, started), IngestOptions.defaults());

        assertThat(started.get().isNull()).isTrue();
        assertThat(first.batches()).hasSize(2);
        assertThat(first.lastWatermark().asInt()).isEqualTo(4);
        assertThat(first.createdTables()).containsExactly(spec.ref());
        assertThat(db.count("orders_two_runs")).isEqualTo(4);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(4);
        long oid = db.queryLong("SELECT 'orders_two_runs'::regclass::oid");
        Map<Long, String> before = xmins(db, "orders_two_runs");

        src.put(2L, new Object[]{2L, "bob", new java.math.BigDecimal("21.50"), 5}); // changed
        src.put(5L, new Object[]{5L, "eve", null, 6});                                // new
        IngestResult second = IncrementalIngest.run(conn, List.of(spec), upstream(spec, src, started), IngestOptions.defaults());

        assertThat(started.get().asInt()).isEqualTo(4);
        IngestResult.TableCounts total = second.total(spec.ref());
        assertThat(total.rowsRead()).isEqualTo(3); // 4 again (lookback), 2 changed, 5 new
        assertThat(total.inserted()).isEqualTo(1);
        assertThat(total.updated()).isEqualTo(1);
        assertThat(total.unchanged()).isEqualTo(1);
        assertThat(second.createdTables()).isEmpty();
        assertThat(db.rows("SELECT id, name, amount FROM orders_two_runs ORDER BY id")).containsExactly(
                List.of("1", "ann", "10.00"), List.of("2", "bob", "21.50"), List.of("3", "cy", "30.00"),
                List.of("4", "dee", "40.00"), java.util.Arrays.asList("5", "eve", null));
        Map<Long, String> after = xmins(db, "orders_two_runs");
        assertThat(after.get(1L)).isEqualTo(before.get(1L));
        assertThat(after.get(3L)).isEqualTo(before.get(3L));
        assertThat(after.get(4L)).as("an unchanged row that arrived again is not rewritten").isEqualTo(before.get(4L));
        assertThat(after.get(2L)).isNotEqualTo(before.get(2L));
        assertThat(db.queryLong("SELECT 'orders_two_runs'::regclass::oid")).as("an unchanged table is never rebuilt").isEqualTo(oid);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(6);
    }

    @Test
    void aValueTheServerRefusesFailsItsBatchAndKeepsTheTableAndWatermarkOfThePreviousOne(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "refused").notNull("id", "integer").column("n", "integer").primaryKey("id").build();
        List<Batch> batches = List.of(
                Batch.of(1, null, List.of(TableRow.of(spec, 1, 10), TableRow.of(spec, 2, 20))),
                Batch.of(2, null, List.of(TableRow.of(spec, 3, 30), TableRow.of(spec, 4, "forty"))));
        AtomicReference<JsonNode> started = new AtomicReference<>();

        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(started, batches), IngestOptions.defaults()))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("batch 2").hasMessageContaining("\"public\".\"refused\"").hasMessageContaining("forty")
                .satisfies(e -> assertThat(((IngestException) e).sqlState()).isEqualTo("22P02"));

        assertThat(db.rows("SELECT id, n FROM refused ORDER BY id")).containsExactly(List.of("1", "10"), List.of("2", "20"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(1);
        assertThat(conn.getAutoCommit()).as("the connection is handed back as it came").isTrue();

        // The source itself fails in the middle of batch 2: same outcome.
        BatchSource failing = start -> {
            started.set(start);
            Iterator<TableRow> rows = new Iterator<>() {
                int i = 0;
                public boolean hasNext() {
                    if (i == 1) throw new IllegalStateException("upstream connection lost");
                    return true;
                }
                public TableRow next() {
                    i++;
                    return TableRow.of(spec, 3, 30);
                }
            };
            return List.of(new Batch(Watermark.of(2), null, rows)).iterator();
        };
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), failing, IngestOptions.defaults()))
                .isInstanceOf(IngestException.class).hasMessageContaining("upstream connection lost");
        assertThat(started.get().asInt()).isEqualTo(1);
        assertThat(db.count("refused")).isEqualTo(2);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(1);

        // The next run resumes exactly after batch 1.
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of(Batch.of(2, null, List.of(TableRow.of(spec, 3, 30))))),
                IngestOptions.defaults());
        assertThat(started.get().asInt()).isEqualTo(1);
        assertThat(db.count("refused")).isEqualTo(3);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(2);
    }

    @Test
    void inBatchDuplicatesKeepTheLastRowAcrossSeveralStreams(TestDatabase db, Connection conn) throws Exception {
        TableSpec a = TableSpec.builder("public", "dup_a").notNull("id", "int").column("v", "text").primaryKey("id").build();
        TableSpec b = TableSpec.builder("public", "dup_b").notNull("id", "int").column("v", "text").primaryKey("id").build();
        // Buffer of 2 with interleaved tables: table a is loaded through several COPY streams in the batch.
        List<TableRow> rows = List.of(
                TableRow.of(a, 1, "first"), TableRow.of(b, 1, "b1"), TableRow.of(b, 2, "b2"),
                TableRow.of(a, 1, "second"), TableRow.of(b, 1, "b1 again"), TableRow.of(b, 3, "b3"),
                TableRow.of(a, 2, "x"), TableRow.of(a, 1, "last"), TableRow.of(b, 1, "b1 last"));
        IngestOptions opts = IngestOptions.builder().maxRowsPerTableBuffer(2).build();
        IngestResult r = IncrementalIngest.run(conn, List.of(a, b), fixed(new AtomicReference<>(), List.of(Batch.of("w1", null, rows))), opts);

        assertThat(db.rows("SELECT id, v FROM dup_a ORDER BY id")).containsExactly(List.of("1", "last"), List.of("2", "x"));
        assertThat(db.rows("SELECT id, v FROM dup_b ORDER BY id")).containsExactly(List.of("1", "b1 last"), List.of("2", "b2"), List.of("3", "b3"));
        assertThat(r.total(a.ref()).rowsRead()).isEqualTo(4);
        assertThat(r.total(a.ref()).inserted()).isEqualTo(2);

        // Later upserts still work, and a duplicate is also resolved against the stored row.
        IncrementalIngest.run(conn, List.of(a, b), fixed(new AtomicReference<>(), List.of(
                Batch.of("w2", null, List.of(TableRow.of(a, 2, "y"), TableRow.of(a, 2, "z"))))), opts);
        assertThat(db.rows("SELECT id, v FROM dup_a ORDER BY id")).containsExactly(List.of("1", "last"), List.of("2", "z"));
        assertThat(storedWatermark(db, a.sql()).asText()).isEqualTo("w2");
    }

    @Test
    void withoutUpsertAKeyConflictFailsTheBatchNamingTableAndKey(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "no_upsert").notNull("id", "int").column("v", "text").primaryKey("id").build();
        IngestOptions off = IngestOptions.builder().upsert(Upsert.OFF).build();
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(1, null, List.of(TableRow.of(spec, 1, "a"))))), off);

        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(2, null, List.of(TableRow.of(spec, 2, "b"), TableRow.of(spec, 1, "changed"))))), off))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("\"public\".\"no_upsert\"").hasMessageContaining("Key (id)=(1) already exists")
                .hasMessageContaining("Upsert.IF_PRIMARY_KEY");
        assertThat(db.rows("SELECT id, v FROM no_upsert")).containsExactly(List.of("1", "a"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(1);
    }

    @Test
    void quotesDotsSpacesAndEmojiInEveryName(TestDatabase db, Connection conn) throws Exception {
        String schema = "s \"q\" .dot 🚀";
        String table = "t.a \"b\" 'c' 🙂";
        TableSpec spec = TableSpec.builder(schema, table).notNull("id \"x\"", "int").notNull("k'ey.🔑", "text")
                .column("va l.ue 🎉", "text").primaryKey("id \"x\"", "k'ey.🔑").build();
        IngestResult first = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(Map.of("🙂", 1), "m", List.of(TableRow.of(spec, 1, "a", "one"), TableRow.of(spec, 2, "b", "two"))))),
                IngestOptions.defaults());
        assertThat(first.createdTables()).containsExactly(new TableRef(schema, table));
        String sql = spec.sql();
        long oid = db.queryLong("SELECT '" + sql.replace("'", "''") + "'::regclass::oid");

        AtomicReference<JsonNode> started = new AtomicReference<>();
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of(
                Batch.of(Map.of("🙂", 2), "m", List.of(TableRow.of(spec, 1, "a", "ONE"), TableRow.of(spec, 3, "c", "three"))))),
                IngestOptions.defaults());

        assertThat(started.get().get("🙂").asInt()).isEqualTo(1);
        assertThat(db.rows("SELECT \"id \"\"x\"\"\", \"k'ey.🔑\", \"va l.ue 🎉\" FROM " + sql + " ORDER BY 1")).containsExactly(
                List.of("1", "a", "ONE"), List.of("2", "b", "two"), List.of("3", "c", "three"));
        assertThat(db.queryLong("SELECT '" + sql.replace("'", "''") + "'::regclass::oid")).isEqualTo(oid);
        assertThat(storedWatermark(db, sql).get("🙂").asInt()).isEqualTo(2);
    }

    @Test
    void earliestExplicitAndLatestStartingWatermarks(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("wm_options");
        AtomicReference<JsonNode> started = new AtomicReference<>();
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of(Batch.of(List.of("2024-01-01", 5), null,
                List.of(TableRow.of(spec, 1, "a", 1))))), IngestOptions.defaults());
        assertThat(started.get()).isEqualTo(NullNode.getInstance());

        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of()), IngestOptions.builder().highWatermark(HighWatermark.LATEST).build());
        assertThat(started.get()).isEqualTo(JSON.readTree("[\"2024-01-01\", 5]"));

        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of()), IngestOptions.builder().highWatermark(HighWatermark.EARLIEST).build());
        assertThat(started.get().isNull()).isTrue();

        JsonNode explicit = JSON.readTree("{\"since\": \"2023-06-30\"}");
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of()), IngestOptions.builder().highWatermark(HighWatermark.explicit(explicit)).build());
        assertThat(started.get()).isEqualTo(explicit);
        assertThat(storedWatermark(db, spec.sql())).as("choosing a start moves nothing").isEqualTo(JSON.readTree("[\"2024-01-01\", 5]"));

        // A deferred watermark is evaluated after its rows were read.
        AtomicInteger seen = new AtomicInteger();
        Iterator<TableRow> rows = List.of(TableRow.of(spec, 7, "g", 7), TableRow.of(spec, 9, "i", 9)).stream()
                .peek(r -> seen.accumulateAndGet(((Number) r.values()[0]).intValue(), Math::max)).iterator();
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of(new Batch(Watermark.deferred(seen::get), null, rows))),
                IngestOptions.builder().highWatermark(HighWatermark.fromWire("__EARLIEST__")).build());
        assertThat(started.get().isNull()).isTrue();
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(9);

        assertThat(HighWatermark.fromWire("__LATEST__")).isSameAs(HighWatermark.LATEST);
        assertThat(HighWatermark.fromWire("{\"a\": 1}")).isEqualTo(HighWatermark.explicit(JSON.readTree("{\"a\":1}")));
        assertThat(Upsert.fromWire("__IF_PRIMARY_KEY__")).isEqualTo(Upsert.IF_PRIMARY_KEY);
        assertThat(Delete.fromWire("__BEFORE_FIRST_BATCH__")).isEqualTo(Delete.BEFORE_FIRST_BATCH);
        assertThat(Visibility.fromWire("__AFTER_EACH_BATCH__").wire()).isEqualTo("__AFTER_EACH_BATCH__");
        assertThat(Upsert.OFF.wire()).isEqualTo(Delete.OFF.wire());
    }

    @Test
    void deleteBeforeFirstBatchReplacesRowsAtTheFirstCommitAndKeepsThemWithoutBatches(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("replaced");
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, List.of(
                TableRow.of(spec, 1, "a", 1), TableRow.of(spec, 2, "b", 2), TableRow.of(spec, 3, "c", 3))))), IngestOptions.defaults());
        IngestOptions delete = IngestOptions.builder().delete(Delete.BEFORE_FIRST_BATCH).build();

        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of()), delete);
        assertThat(db.count("replaced")).as("no batch, nothing deleted").isEqualTo(3);

        List<Long> seenOutside = new ArrayList<>();
        IngestOptions watching = delete.toBuilder().onBeforeVisible((c, t, m) -> seenOutside.add(db.count("replaced"))).build();
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(2, null, List.of(TableRow.of(spec, 2, "B", 20), TableRow.of(spec, 9, "z", 90))),
                Batch.of(3, null, List.of(TableRow.of(spec, 10, "y", 100))))), watching);

        assertThat(seenOutside).as("others see the old rows until batch 1 commits").containsExactly(3L, 2L);
        assertThat(db.rows("SELECT id, name FROM replaced ORDER BY id")).containsExactly(List.of("2", "B"), List.of("9", "z"), List.of("10", "y"));
        assertThat(r.total(spec.ref()).deleted()).isEqualTo(3);
        assertThat(r.batches().get(1).tables().get(0).deleted()).as("only before the first batch").isZero();
    }

    @Test
    void withTheFailPolicyAnExistingTableThatDiffersFromItsSpecFailsBeforeTheFirstBatch(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE drifted (id integer PRIMARY KEY, name text NOT NULL, legacy text)");
        long oid = db.queryLong("SELECT 'drifted'::regclass::oid");
        TableSpec spec = TableSpec.builder("public", "drifted").notNull("id", "bigint").column("name", "text")
                .column("added", "varchar(5)").primaryKey("id").build();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), start -> {
            calls.incrementAndGet();
            return List.of(Batch.of(1, null, List.of(TableRow.of(spec, 1, "n", "a")))).iterator();
        }, IngestOptions.builder().migration(Migration.FAIL).build()))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("the migration policy is FAIL")
                .hasMessageContaining("\"id\" is integer in the table, bigint in the spec")
                .hasMessageContaining("\"name\" is NOT NULL in the table, nullable in the spec")
                .hasMessageContaining("\"added\" is missing from the table (the spec has character varying(5))")
                .hasMessageContaining("\"legacy\" (text) is in the table, not in the spec");
        assertThat(calls.get()).as("the source is not asked for batches").isZero();
        assertThat(db.queryLong("SELECT 'drifted'::regclass::oid")).isEqualTo(oid);
        assertThat(db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'drifted'::regclass"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")).as("the table is untouched")
                .containsExactly(List.of("integer"), List.of("text"), List.of("text"));
        assertThat(storedWatermark(db, "\"public\".\"drifted\"")).isNull();

        // Spellings PostgreSQL normalises are the same type: int4 = integer, varchar = character varying.
        TableSpec same = TableSpec.builder("public", "drifted").notNull("id", "int4").notNull("name", "varchar")
                .column("legacy", "text").primaryKey("id").build();
        db.execute("ALTER TABLE drifted ALTER name TYPE varchar");
        IncrementalIngest.run(conn, List.of(same), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(same, 1, "n", null))))), IngestOptions.defaults());
        assertThat(db.count("drifted")).isEqualTo(1);
    }

    @Test
    void aRowForATableOutsideTheRunFailsTheBatch(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("known_table");
        TableSpec other = orders("unknown_table");
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(spec, 1, "a", 1), TableRow.of(other, 1, "a", 1))))), IngestOptions.defaults()))
                .isInstanceOf(IngestException.class).hasMessageContaining("\"public\".\"unknown_table\", which is not one of the tables");
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname IN ('known_table', 'unknown_table')"))
                .as("the table created for batch 1 goes with it").isZero();
    }

    @Test
    void valuesRoundTripThroughCopy(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "typed").notNull("id", "int").column("t", "text").column("ints", "int[]")
                .column("grid", "text[][]").column("doc", "jsonb").column("raw", "bytea").column("d", "date")
                .column("ts", "timestamptz").column("ok", "boolean").column("u", "uuid").column("f", "float8").primaryKey("id").build();
        java.util.UUID uuid = java.util.UUID.fromString("6f1c2a7e-0000-4000-8000-000000000001");
        List<TableRow> rows = List.of(
                TableRow.of(spec, 1, "tab\tnew\nline\\back", List.of(1, 2), List.of(List.of("a\"b", "c\\d"), java.util.Arrays.asList(null, "e,f")),
                        Map.of("k", List.of(1, "x")), new byte[]{0, (byte) 0x80, 'A'}, java.time.LocalDate.of(2024, 2, 29),
                        java.time.OffsetDateTime.parse("2024-01-01T10:00:00+02:00"), true, uuid, Double.NaN),
                TableRow.of(spec, 2, null, null, null, NullNode.getInstance(), null, null, null, false, null, -1.5));
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, rows))), IngestOptions.defaults());

        assertThat(db.rows("SELECT t, ints::text, grid::text, doc::text, encode(raw, 'hex'), d::text,"
                + " ts AT TIME ZONE 'UTC', ok::text, u::text, f::text FROM typed WHERE id = 1").get(0)).containsExactly(
                "tab\tnew\nline\\back", "{1,2}", "{{\"a\\\"b\",\"c\\\\d\"},{NULL,\"e,f\"}}", "{\"k\": [1, \"x\"]}", "008041",
                "2024-02-29", "2024-01-01 08:00:00", "true", uuid.toString(), "NaN");
        assertThat(db.rows("SELECT t, doc::text, doc IS NULL, ok::text, f::text FROM typed WHERE id = 2").get(0))
                .as("JSON null is stored as JSON null, Java null as SQL NULL")
                .containsExactly(null, "null", "f", "false", "-1.5");
    }

    @Test
    void columnsWithoutEqualityAreComparedAsTextAndOnBeforeVisibleSeesTheBatchInsideItsTransaction(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "no_equality").notNull("id", "int").column("doc", "json")
                .column("at", "point").column("tags", "json[]").primaryKey("id").build();
        List<Long> inside = new ArrayList<>(), outside = new ArrayList<>();
        IngestOptions opts = IngestOptions.builder().onBeforeVisible((c, t, m) -> {
            assertThat(t).isEqualTo(spec.ref());
            assertThat(m).isEqualTo("meta");
            inside.add(count(c, "SELECT count(*) FROM no_equality"));
            outside.add(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'no_equality'"));
        }).build();
        List<TableRow> rows = List.of(TableRow.of(spec, 1, "{\"a\": 1}", "(1,2)", List.of("{}")), TableRow.of(spec, 2, "[]", "(0,0)", null));
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, "meta", rows))), opts);
        assertThat(inside).containsExactly(2L);
        assertThat(outside).as("a table the run creates is invisible until its first batch commits").containsExactly(0L);

        IngestResult same = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(2, "meta", rows))), opts);
        assertThat(same.total(spec.ref()).unchanged()).isEqualTo(2);
        IngestResult changed = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(3, "meta",
                List.of(TableRow.of(spec, 1, "{\"a\": 2}", "(1,2)", List.of("{}")), TableRow.of(spec, 2, "[]", "(0,1)", null))))), opts);
        assertThat(changed.total(spec.ref()).updated()).isEqualTo(2);
        assertThat(db.rows("SELECT doc::text, at::text FROM no_equality ORDER BY id"))
                .containsExactly(List.of("{\"a\": 2}", "(1,2)"), List.of("[]", "(0,1)"));
    }

    @Test
    void keyConflictsCanBeRejectedIntoTheRejectTableAtomicallyWithTheBatch(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "reject me").notNull("id", "int").notNull("part", "text")
                .column("v", "text").primaryKey("id", "part").build();
        IngestOptions reject = IngestOptions.builder().upsert(Upsert.OFF).onKeyConflict(KeyConflict.REJECT_ROW).build();
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(1, null, List.of(TableRow.of(spec, 1, "a", "kept"))))), reject);

        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(2, null, List.of(
                TableRow.of(spec, 2, "a", "new"), TableRow.of(spec, 1, "a", "exists"), TableRow.of(spec, 3, "a", "new too"),
                TableRow.of(spec, 2, "a", "again"), TableRow.of(spec, null, "a", "no key"))))), reject);

        IngestResult.TableCounts c = r.total(spec.ref());
        assertThat(c.inserted()).isEqualTo(2);
        assertThat(c.rejected()).isEqualTo(3);
        assertThat(db.rows("SELECT id, v FROM \"reject me\" ORDER BY id")).containsExactly(
                List.of("1", "kept"), List.of("2", "new"), List.of("3", "new too"));
        // batch_no counts the batches of the run that rejected the row
        assertThat(db.rows("SELECT batch_no, row_no, sqlstate, detail, row_data->>'v' FROM drover.ingest_reject"
                + " WHERE target_table = '\"public\".\"reject me\"' ORDER BY row_no")).containsExactly(
                List.of("1", "2", "23505", "Key (\"id\", \"part\")=(1, a)", "exists"),
                List.of("1", "4", "23505", "Key (\"id\", \"part\")=(2, a)", "again"),
                List.of("1", "5", "23502", "Key (\"id\", \"part\")=(null, a)", "no key"));

        // A batch that fails after rejecting rows (here: its onBeforeVisible check) leaves no reject behind.
        List<Long> rejectsInside = new ArrayList<>();
        IngestOptions vetoed = reject.toBuilder().onBeforeVisible((cn, t, m) -> {
            rejectsInside.add(count(cn, "SELECT count(*) FROM drover.ingest_reject WHERE target_table = '\"public\".\"reject me\"'"));
            throw new IllegalStateException("too many rejects");
        }).build();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(),
                List.of(Batch.of(3, null, List.of(TableRow.of(spec, 1, "a", "conflict"))))), vetoed))
                .isInstanceOf(IngestException.class).hasMessageContaining("too many rejects");
        assertThat(rejectsInside).containsExactly(4L);
        assertThat(db.queryLong("SELECT count(*) FROM drover.ingest_reject WHERE target_table = '\"public\".\"reject me\"'"))
                .isEqualTo(3);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(2);
    }

    @Test
    void twoInterleavedTablesLargerThanTheBufferLoadCompletely(TestDatabase db, Connection conn) throws Exception {
        TableSpec a = TableSpec.builder("public", "many_a").notNull("id", "int").column("v", "text").primaryKey("id").build();
        TableSpec b = TableSpec.builder("public", "many_b").notNull("id", "int").column("v", "text").build();
        int n = 2_000;
        Iterator<TableRow> rows = java.util.stream.IntStream.range(0, 2 * n)
                .mapToObj(i -> TableRow.of(i % 2 == 0 ? a : b, i / 2, "x".repeat(100))).iterator();
        IngestResult r = IncrementalIngest.run(conn, List.of(a, b), fixed(new AtomicReference<>(), List.of(new Batch(Watermark.of(1), null, rows))),
                IngestOptions.builder().maxRowsPerTableBuffer(n / 10).build());
        assertThat(db.count("many_a")).isEqualTo(n);
        assertThat(db.count("many_b")).isEqualTo(n);
        assertThat(r.total(a.ref()).inserted()).isEqualTo(n);
        assertThat(r.total(b.ref()).inserted()).isEqualTo(n);
    }

    @Test
    void aPgBulkIngestWatermarkInTheTableCommentIsTakenOver(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE from_python (id bigint PRIMARY KEY, name text)",
                "COMMENT ON TABLE from_python IS '{\"pg-bulk-ingest\": {\"high-watermark\": \"2024-05-01\"}, \"other\": 1}'");
        TableSpec spec = TableSpec.builder("public", "from_python").notNull("id", "bigint").column("name", "text").primaryKey("id").build();
        AtomicReference<JsonNode> started = new AtomicReference<>();
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of(Batch.of("2024-06-01", null, List.of(TableRow.of(spec, 1, "a"))))),
                IngestOptions.defaults());
        assertThat(started.get().asText()).isEqualTo("2024-05-01");
        assertThat(storedWatermark(db, spec.sql()).asText()).isEqualTo("2024-06-01");
        assertThat(db.rows("SELECT obj_description('from_python'::regclass, 'pg_class')").get(0).get(0))
                .as("the comment is left as it was").contains("2024-05-01");
    }

    @Test
    void aWatermarkMovedByAnotherSessionDuringABatchFailsTheBatch(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = orders("cas_guard");
        IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null, List.of(TableRow.of(spec, 1, "a", 1))))),
                IngestOptions.defaults());
        IngestOptions meddling = IngestOptions.builder().onBeforeVisible((c, t, m) -> db.execute(
                "UPDATE drover.ingest_state SET high_watermark = '99', run_id = gen_random_uuid() WHERE stream_id = '\"public\".\"cas_guard\"'")).build();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(2, null, List.of(TableRow.of(spec, 2, "b", 2))))), meddling))
                .isInstanceOf(IngestException.class).hasMessageContaining("was changed by another run");
        assertThat(db.count("cas_guard")).isEqualTo(1);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(99);
    }

    static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aTableDroppedSinceItsLastRunStartsFromTheBeginningNotFromItsStoredWatermark(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = TableSpec.builder("public", "dropped_since").notNull("id", "bigint").column("v", "text").primaryKey("id").build();
        AtomicReference<JsonNode> started = new AtomicReference<>();
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of(Batch.of(2, null, List.of(TableRow.of(spec, 1, "a"), TableRow.of(spec, 2, "b"))))),
                IngestOptions.defaults());
        db.execute("DROP TABLE dropped_since");
        IncrementalIngest.run(conn, List.of(spec), fixed(started, List.of()), IngestOptions.defaults());
        assertThat(started.get().isNull()).as("the source is asked for everything, not for rows after 2").isTrue();
    }
}
