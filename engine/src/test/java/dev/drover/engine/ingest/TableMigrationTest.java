package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.ingest.swap.SwapOptions;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static dev.drover.engine.ingest.IncrementalIngestTest.fixed;
import static dev.drover.engine.ingest.IncrementalIngestTest.storedWatermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Migration#AUTO}: existing tables that differ from their spec, migrated with the first batch. */
@ExtendWith(PostgresExtension.class)
class TableMigrationTest {

    static long oid(TestDatabase db, String table) throws SQLException {
        return db.queryLong("SELECT '" + table + "'::regclass::oid");
    }

    static List<List<String>> columnTypes(TestDatabase db, String table) throws SQLException {
        return db.rows("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
    }

    static long shadows(TestDatabase db) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'drover_shadow_%'");
    }

    @Test
    void aNullableColumnAddedOrAColumnDroppedIsAlteredInPlaceAndTheOidStays(TestDatabase db, Connection conn) throws Exception {
        TableSpec v1 = TableSpec.builder("public", "grows").notNull("id", "bigint").column("name", "text").primaryKey("id").build();
        IncrementalIngest.run(conn, List.of(v1), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(v1, 1, "a"), TableRow.of(v1, 2, "b"))))), IngestOptions.defaults());
        long oid = oid(db, "grows");

        TableSpec v2 = TableSpec.builder("public", "grows").notNull("id", "bigint").column("name", "text").column("note", "text")
                .primaryKey("id").build();
        // While the batch's rows stream in, the table is not locked yet: the ALTER waits until they are staged.
        List<String> readMidBatch = new ArrayList<>();
        Iterator<TableRow> rows = new Iterator<>() {
            final List<TableRow> todo = List.of(TableRow.of(v2, 3, "c", "new"), TableRow.of(v2, 2, "B", "changed"));
            int i;
            public boolean hasNext() {
                if (i == 1) {
                    try (Connection other = db.connect(); Statement s = other.createStatement()) {
                        s.execute("SET lock_timeout = '500ms'");
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM grows")) {
                            rs.next();
                            readMidBatch.add(rs.getString(1));
                        }
                    } catch (SQLException e) {
                        readMidBatch.add(e.getSQLState());
                    }
                }
                return i < todo.size();
            }
            public TableRow next() {
                return todo.get(i++);
            }
        };
        IngestResult r = IncrementalIngest.run(conn, List.of(v2), start -> List.of(new Batch(Watermark.of(2), null, rows)).iterator(),
                IngestOptions.defaults());
        assertThat(readMidBatch).as("a reader mid-batch is not blocked by the migration").containsExactly("2");

        assertThat(oid(db, "grows")).as("altered in place, not rebuilt").isEqualTo(oid);
        assertThat(db.rows("SELECT id, name, coalesce(note, '<null>') FROM grows ORDER BY id")).containsExactly(
                List.of("1", "a", "<null>"), List.of("2", "B", "changed"), List.of("3", "c", "new"));
        assertThat(r.migrations()).hasSize(1);
        IngestResult.TableMigration m = r.migrations().get(0);
        assertThat(m.swapped()).isFalse();
        assertThat(m.ddl()).containsExactly("ALTER TABLE \"public\".\"grows\" ADD COLUMN \"note\" text");
        assertThat(m.differences()).containsExactly("column \"note\" is missing from the table (the spec has text)");
        assertThat(storedWatermark(db, v1.sql()).asInt()).isEqualTo(2);

        // A column left out of the spec is dropped in place, too.
        TableSpec v3 = TableSpec.builder("public", "grows").notNull("id", "bigint").column("note", "text").primaryKey("id").build();
        IngestResult dropped = IncrementalIngest.run(conn, List.of(v3), fixed(new AtomicReference<>(), List.of(Batch.of(3, null,
                List.of(TableRow.of(v3, 4, "four"))))), IngestOptions.defaults());
        assertThat(oid(db, "grows")).isEqualTo(oid);
        assertThat(columnTypes(db, "grows")).containsExactly(List.of("id", "bigint"), List.of("note", "text"));
        assertThat(dropped.migrations().get(0).ddl()).containsExactly("ALTER TABLE \"public\".\"grows\" DROP COLUMN \"name\"");
        assertThat(db.count("grows")).isEqualTo(4);

        // Now the table matches: no migration, same OID.
        IngestResult again = IncrementalIngest.run(conn, List.of(v3), fixed(new AtomicReference<>(), List.of(Batch.of(4, null,
                List.of(TableRow.of(v3, 5, "five"))))), IngestOptions.defaults());
        assertThat(again.migrations()).isEmpty();
        assertThat(oid(db, "grows")).isEqualTo(oid);
    }

    @Test
    void aTypeChangeRebuildsAndSwapsKeepingRowsGrantsAndViewsAndMovesTheWatermarkOnlyWithTheCommit(TestDatabase db, Connection conn)
            throws Exception {
        String role = "migr_reader_" + db.name();
        db.execute("DROP ROLE IF EXISTS \"" + role + "\"", "CREATE ROLE \"" + role + "\" NOLOGIN");
        try {
            db.execute("CREATE TABLE stock (id integer PRIMARY KEY, qty text, gone text)",
                    "INSERT INTO stock VALUES (1, '10', 'x'), (2, ' 20 ', 'y'), (3, NULL, 'z')",
                    "CREATE VIEW stock_view AS SELECT id, qty FROM stock",
                    "GRANT SELECT ON stock, stock_view TO \"" + role + "\"",
                    "COMMENT ON TABLE stock IS 'items in store'");
            long oid = oid(db, "stock");
            TableSpec spec = TableSpec.builder("public", "stock").notNull("id", "bigint").column("qty", "integer")
                    .primaryKey("id").build();
            List<String> seenInside = new ArrayList<>();
            IngestOptions options = IngestOptions.builder().onBeforeVisible((c, table, meta) -> {
                // Another session, during the batch: the old table, old type, old rows, no watermark.
                try (Connection other = db.connect(); Statement s = other.createStatement();
                     ResultSet rs = s.executeQuery("SELECT 'stock'::regclass::oid, (SELECT format_type(atttypid, atttypmod)"
                             + " FROM pg_attribute WHERE attrelid = 'stock'::regclass AND attname = 'qty'), (SELECT count(*) FROM stock),"
                             + " (SELECT count(*) FROM drover.ingest_state)")) {
                    rs.next();
                    seenInside.add(table.name().startsWith("drover_shadow_") + " " + (rs.getLong(1) == oid) + " " + rs.getString(2)
                            + " " + rs.getLong(3) + " " + rs.getLong(4));
                }
            }).build();
            IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                    Batch.of(1, null, List.of(TableRow.of(spec, 4, 40), TableRow.of(spec, 1, 11))),
                    Batch.of(2, null, List.of(TableRow.of(spec, 5, 50))))), options);

            assertThat(seenInside).as("onBeforeVisible gets the shadow; others see the old table until the commit")
                    .containsExactly("true true text 3 0", "false false integer 4 1");
            assertThat(oid(db, "stock")).as("rebuilt").isNotEqualTo(oid);
            assertThat(columnTypes(db, "stock")).containsExactly(List.of("id", "bigint"), List.of("qty", "integer"));
            assertThat(db.rows("SELECT id, coalesce(qty::text, '<null>') FROM stock ORDER BY id")).containsExactly(
                    List.of("1", "11"), List.of("2", "20"), List.of("3", "<null>"), List.of("4", "40"), List.of("5", "50"));
            assertThat(db.rows("SELECT id, qty FROM stock_view WHERE id = 2")).as("the dependent view reads the new table")
                    .containsExactly(List.of("2", "20"));
            assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'stock_view'")).isEqualTo(1);
            assertThat(db.rows("SELECT has_table_privilege('" + role + "', 'stock', 'SELECT'),"
                    + " has_table_privilege('" + role + "', 'stock_view', 'SELECT'), obj_description('stock'::regclass, 'pg_class')"))
                    .containsExactly(List.of("t", "t", "items in store"));
            assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(2);
            assertThat(shadows(db)).isZero();

            assertThat(r.migrations()).hasSize(1);
            IngestResult.TableMigration m = r.migrations().get(0);
            assertThat(m.swapped()).isTrue();
            assertThat(m.differences()).contains("column \"qty\" is text in the table, integer in the spec",
                    "column \"gone\" (text) is in the table, not in the spec");
            assertThat(m.ddl()).anySatisfy(d -> assertThat(d).startsWith("CREATE TABLE \"public\".\"drover_shadow_"))
                    .anySatisfy(d -> assertThat(d).contains("SELECT \"id\"::bigint, \"qty\"::integer FROM \"public\".\"stock\""))
                    .anySatisfy(d -> assertThat(d).startsWith("swap "));
            assertThat(r.batches()).hasSize(2);
        } finally {
            db.execute("DROP OWNED BY \"" + role + "\" CASCADE", "DROP ROLE IF EXISTS \"" + role + "\"");
        }
    }

    @Test
    void aRebuildKeepsDefaultsSerialIdentityChecksAndForeignKeysAndReportsADefaultThatNoLongerFits(TestDatabase db, Connection conn)
            throws Exception {
        db.execute("CREATE TABLE shop (code text PRIMARY KEY)", "INSERT INTO shop VALUES ('north'), ('south')",
                "CREATE TABLE orders (id serial PRIMARY KEY, num integer GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5),"
                        + " status text NOT NULL DEFAULT 'new', created timestamp with time zone NOT NULL DEFAULT now(),"
                        + " qty text DEFAULT 'none', shop text CONSTRAINT orders_shop_fk REFERENCES shop,"
                        + " CONSTRAINT orders_status_check CHECK (status IN ('new', 'done')))",
                "INSERT INTO orders (qty, shop) VALUES ('1', 'north'), ('2', 'south'), ('3', NULL)");
        long oid = oid(db, "orders");
        long sequence = db.queryLong("SELECT pg_get_serial_sequence('orders', 'id')::regclass::oid");
        // qty: text -> integer forces a rebuild; the spec says nothing about defaults, identity or constraints
        TableSpec spec = TableSpec.builder("public", "orders").notNull("id", "integer").notNull("num", "integer")
                .notNull("status", "text").notNull("created", "timestamp with time zone").column("qty", "integer")
                .column("shop", "text").primaryKey("id").build();
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(spec, 2, 105, "done", "2026-01-02 03:04:05+00", 20, "south"))))), IngestOptions.defaults());

        assertThat(oid(db, "orders")).as("rebuilt").isNotEqualTo(oid);
        IngestResult.TableMigration m = r.migrations().get(0);
        assertThat(m.swapped()).isTrue();
        assertThat(m.lost()).singleElement().asString()
                .startsWith("default 'none'::text of column qty: does not fit the new column (integer): ")
                .contains("default expression is of type text");
        // an insert naming none of them gets the defaults, the serial's next value and the identity's next value
        assertThat(db.rows("INSERT INTO orders (qty) VALUES (7) RETURNING id, num, status, created > now() - interval '1 hour', qty"))
                .containsExactly(List.of("4", "115", "new", "t", "7"));
        assertThat(db.queryLong("SELECT pg_get_serial_sequence('orders', 'id')::regclass::oid")).as("the same sequence").isEqualTo(sequence);
        assertThat(db.rows("SELECT attname, attidentity::text FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attidentity <> ''"))
                .containsExactly(List.of("num", "a"));
        assertThat(db.rows("SELECT conname, convalidated::text FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype IN ('c', 'f')"
                + " ORDER BY 1")).containsExactly(List.of("orders_shop_fk", "true"), List.of("orders_status_check", "true"));
        assertThatThrownBy(() -> db.execute("INSERT INTO orders (status) VALUES ('lost')")).isInstanceOf(SQLException.class)
                .hasMessageContaining("orders_status_check");
        assertThatThrownBy(() -> db.execute("INSERT INTO orders (shop) VALUES ('west')")).isInstanceOf(SQLException.class)
                .hasMessageContaining("orders_shop_fk");
        assertThat(db.rows("SELECT id, num, status, qty, coalesce(shop, '<null>') FROM orders ORDER BY id")).containsExactly(
                List.of("1", "100", "new", "1", "north"), List.of("2", "105", "done", "20", "south"),
                List.of("3", "110", "new", "3", "<null>"), List.of("4", "115", "new", "7", "<null>"));
        assertThat(shadows(db)).isZero();
    }

    @Test
    void aValueThatDoesNotConvertFailsTheBatchNamingTheColumnAndChangesNothing(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE counts (id integer PRIMARY KEY, n text)", "INSERT INTO counts VALUES (1, '7'), (2, 'seven')");
        long oid = oid(db, "counts");
        TableSpec spec = TableSpec.builder("public", "counts").notNull("id", "integer").column("n", "integer").primaryKey("id").build();
        assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(spec, 3, 3))))), IngestOptions.defaults()))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("batch 1, migrating table \"public\".\"counts\"")
                .hasMessageContaining("column \"n\" (text in the table, integer in the spec) has values that do not convert")
                .hasMessageContaining("invalid input syntax for type integer: \"seven\"")
                .hasMessageContaining("the table and the watermark are unchanged");
        assertThat(oid(db, "counts")).isEqualTo(oid);
        assertThat(columnTypes(db, "counts")).containsExactly(List.of("id", "integer"), List.of("n", "text"));
        assertThat(db.rows("SELECT id, n FROM counts ORDER BY id")).containsExactly(List.of("1", "7"), List.of("2", "seven"));
        assertThat(storedWatermark(db, spec.sql())).isNull();
        assertThat(shadows(db)).isZero();
    }

    @Test
    void anInPlaceChangeBlockedByAReaderRetriesUnderLockTimeoutThenFailsLeavingEverythingAsItWas(TestDatabase db, Connection conn)
            throws Exception {
        db.execute("CREATE TABLE held (id bigint PRIMARY KEY)", "INSERT INTO held VALUES (1)");
        TableSpec spec = TableSpec.builder("public", "held").notNull("id", "bigint").column("extra", "text").primaryKey("id").build();
        List<Integer> attempts = new ArrayList<>();
        IngestOptions options = IngestOptions.builder().lockWaits(SwapOptions.DEFAULTS
                .withLockTimeout(Duration.ofMillis(100)).withRetryBudget(Duration.ofMillis(600))
                .withBackoff(Duration.ofMillis(40), Duration.ofMillis(80))).build();
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeQuery("SELECT count(*) FROM held").close(); // ACCESS SHARE until the transaction ends
            }
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                    List.of(TableRow.of(spec, 2, "two"))))), options))
                    .isInstanceOf(IngestException.class)
                    .hasMessageContaining("batch 1, migrating table \"public\".\"held\" in place")
                    .hasMessageContaining("lock_timeout 100 ms hit on each of")
                    .satisfies(e -> attempts.add(Integer.parseInt(e.getMessage().replaceAll("(?s).*hit on each of (\\d+) attempts.*", "$1"))));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("bounded by the retry budget").isLessThan(5_000);
            assertThat(attempts.get(0)).as("retried").isGreaterThan(1);
            blocker.rollback();
        }
        assertThat(columnTypes(db, "held")).containsExactly(List.of("id", "bigint"));
        assertThat(db.count("held")).isEqualTo(1);
        assertThat(storedWatermark(db, spec.sql())).isNull();

        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(spec, 2, "two"))))), options);
        assertThat(r.migrations()).hasSize(1);
        assertThat(db.rows("SELECT id, coalesce(extra, '<null>') FROM held ORDER BY id")).containsExactly(List.of("1", "<null>"), List.of("2", "two"));
    }

    @Test
    void aPrimaryKeyChangeRebuildsAndDeleteBeforeFirstBatchCopiesNoOldRows(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE keyed (id integer PRIMARY KEY, code text NOT NULL)", "INSERT INTO keyed VALUES (1, 'a'), (2, 'b')");
        TableSpec byCode = TableSpec.builder("public", "keyed").notNull("id", "integer").notNull("code", "text").primaryKey("code").build();
        IngestResult r = IncrementalIngest.run(conn, List.of(byCode), fixed(new AtomicReference<>(), List.of(Batch.of(1, null,
                List.of(TableRow.of(byCode, 20, "b"), TableRow.of(byCode, 3, "c"))))), IngestOptions.defaults());
        assertThat(r.migrations().get(0).swapped()).isTrue();
        assertThat(r.migrations().get(0).differences()).containsExactly("primary key is (\"id\") in the table, (\"code\") in the spec");
        assertThat(db.rows("SELECT code, id FROM keyed ORDER BY code")).as("upserted on the new key")
                .containsExactly(List.of("a", "1"), List.of("b", "20"), List.of("c", "3"));
        assertThat(db.rows("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = 'keyed'::regclass AND i.indisprimary")).containsExactly(List.of("code"));

        TableSpec wider = TableSpec.builder("public", "keyed").notNull("id", "bigint").notNull("code", "text").primaryKey("code").build();
        IngestResult replaced = IncrementalIngest.run(conn, List.of(wider), fixed(new AtomicReference<>(), List.of(Batch.of(2, null,
                List.of(TableRow.of(wider, 9, "z"))))), IngestOptions.builder().delete(Delete.BEFORE_FIRST_BATCH).build());
        assertThat(replaced.migrations().get(0).swapped()).isTrue();
        assertThat(replaced.total(wider.ref()).deleted()).isEqualTo(3);
        assertThat(db.rows("SELECT code, id FROM keyed")).containsExactly(List.of("z", "9"));
        assertThat(columnTypes(db, "keyed")).containsExactly(List.of("id", "bigint"), List.of("code", "text"));
    }

    @Test
    void aNeededMigrationWithoutBatchesChangesNothing(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE idle (id integer PRIMARY KEY)");
        long oid = oid(db, "idle");
        TableSpec spec = TableSpec.builder("public", "idle").notNull("id", "bigint").column("extra", "text").primaryKey("id").build();
        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of()), IngestOptions.defaults());
        assertThat(r.migrations()).isEmpty();
        assertThat(oid(db, "idle")).isEqualTo(oid);
        assertThat(columnTypes(db, "idle")).containsExactly(List.of("id", "integer"));
    }

    @Test
    void aConcurrentReaderDuringARebuildSeesTheOldOrTheNewTableNeverPartOfABatchAndNeverAnError(TestDatabase db, Connection conn)
            throws Exception {
        int existing = 50, perBatch = 30, batches = 3;
        db.execute("CREATE TABLE busy (id integer PRIMARY KEY, v integer)",
                "INSERT INTO busy SELECT g, g FROM generate_series(1, " + existing + ") g");
        TableSpec spec = TableSpec.builder("public", "busy").notNull("id", "bigint").column("v", "bigint").primaryKey("id").build();
        IngestConcurrencyTest.Polls polls = new IngestConcurrencyTest.Polls();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet r = s.executeQuery("SELECT count(*), pg_typeof(max(v))::text FROM busy")) {
                        r.next();
                        seen.add(r.getLong(1) + " " + r.getString(2));
                    }
                    polls.done();
                }
            } catch (Throwable t) {
                readerError.set(t);
                polls.done();
            }
        }, "reader");
        reader.start();
        BatchSource source = start -> IntStream.range(0, batches).mapToObj(b -> {
            Iterator<TableRow> rows = new Iterator<>() {
                int i;
                public boolean hasNext() {
                    if (i == perBatch / 2) {
                        try {
                            polls.awaitMore(3);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return i < perBatch;
                }
                public TableRow next() {
                    int id = existing + b * perBatch + ++i;
                    return TableRow.of(spec, id, id);
                }
            };
            return new Batch(Watermark.of(b), null, rows);
        }).iterator();
        IngestResult result;
        try {
            result = IncrementalIngest.run(conn, List.of(spec), source, IngestOptions.defaults());
            polls.awaitMore(2);
        } finally {
            stop.set(true);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(readerError.get()).isNull();
        assertThat(result.migrations()).hasSize(1);
        assertThat(result.migrations().get(0).swapped()).isTrue();
        List<String> states;
        synchronized (seen) {
            states = List.copyOf(seen);
        }
        assertThat(states).as("old table with its rows, or a committed batch on the new table")
                .allMatch(s -> s.equals(existing + " integer") || IntStream.rangeClosed(1, batches)
                        .anyMatch(b -> s.equals(existing + b * perBatch + " bigint")));
        assertThat(states).as("the reader polled during the first batch and after the last")
                .contains(existing + " integer", existing + batches * perBatch + " bigint");
        JsonNode last = storedWatermark(db, spec.sql());
        assertThat(last.asInt()).isEqualTo(batches - 1);
    }
}
