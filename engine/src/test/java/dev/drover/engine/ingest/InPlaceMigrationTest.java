package dev.drover.engine.ingest;

import dev.drover.engine.ingest.swap.SwapOptions;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.drover.engine.ingest.IncrementalIngestTest.fixed;
import static dev.drover.engine.ingest.IncrementalIngestTest.storedWatermark;
import static dev.drover.engine.ingest.TableMigrationTest.columnTypes;
import static dev.drover.engine.ingest.TableMigrationTest.oid;
import static dev.drover.engine.ingest.TableMigrationTest.shadows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Migration#AUTO} without a rewrite (reference §7.3): types PostgreSQL changes without touching the rows, and
 * NOT NULL set or dropped, keep the table's OID and its storage ({@code pg_relation_filenode}).
 */
@ExtendWith(PostgresExtension.class)
class InPlaceMigrationTest {

    static long filenode(TestDatabase db, String relation) throws SQLException {
        return db.queryLong("SELECT pg_relation_filenode('" + relation + "')");
    }

    static List<List<String>> notNulls(TestDatabase db, String table) throws SQLException {
        return db.rows("SELECT attname, attnotnull::text FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
    }

    static IngestResult load(Connection conn, TableSpec spec, int watermark, TableRow... rows) throws Exception {
        return IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(Batch.of(watermark, null,
                List.of(rows)))), IngestOptions.defaults());
    }

    @Test
    void typesWidenedWithoutARewriteKeepTheOidTheStorageTheIndexAndTheRows(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE wide (id integer PRIMARY KEY, name varchar(10), code varchar(5), note varchar(20), memo text,"
                        + " amount numeric(6,2), ratio numeric(5,2), at timestamp(0), flags bit varying(4))",
                "CREATE INDEX wide_name ON wide (name)",
                "INSERT INTO wide VALUES (1, 'ten chars!', 'abcde', 'twenty', 'memo', 1234.56, 1.25, '2024-01-02 03:04:05', B'1010'),"
                        + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        long oid = oid(db, "wide"), storage = filenode(db, "wide"), index = filenode(db, "wide_name");
        TableSpec spec = TableSpec.builder("public", "wide").notNull("id", "integer").column("name", "varchar(40)")
                .column("code", "varchar").column("note", "text").column("memo", "varchar").column("amount", "numeric(12,2)")
                .column("ratio", "numeric").column("at", "timestamp(3)").column("flags", "bit varying(16)").primaryKey("id").build();

        IngestResult r = load(conn, spec, 7, TableRow.of(spec, 3, "a name longer than ten", "longer code", "n", "m",
                "9876543210.12", "3.14159", "2024-05-06 07:08:09.123", "1010101010101"));

        assertThat(oid(db, "wide")).as("same table").isEqualTo(oid);
        assertThat(filenode(db, "wide")).as("not rewritten").isEqualTo(storage);
        assertThat(filenode(db, "wide_name")).as("index kept as it is").isEqualTo(index);
        assertThat(shadows(db)).isZero();
        assertThat(columnTypes(db, "wide")).containsExactly(List.of("id", "integer"), List.of("name", "character varying(40)"),
                List.of("code", "character varying"), List.of("note", "text"), List.of("memo", "character varying"),
                List.of("amount", "numeric(12,2)"), List.of("ratio", "numeric"), List.of("at", "timestamp(3) without time zone"),
                List.of("flags", "bit varying(16)"));
        assertThat(db.rows("SELECT id, name, code, note, memo, amount, ratio, at, flags FROM wide ORDER BY id")).containsExactly(
                List.of("1", "ten chars!", "abcde", "twenty", "memo", "1234.56", "1.25", "2024-01-02 03:04:05", "1010"),
                java.util.Arrays.asList("2", null, null, null, null, null, null, null, null),
                List.of("3", "a name longer than ten", "longer code", "n", "m", "9876543210.12", "3.14159",
                        "2024-05-06 07:08:09.123", "1010101010101"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(7);

        assertThat(r.migrations()).hasSize(1);
        IngestResult.TableMigration m = r.migrations().get(0);
        assertThat(m.swapped()).isFalse();
        assertThat(m.differences()).contains("column \"name\" is character varying(10) in the table, character varying(40) in the spec",
                "column \"amount\" is numeric(6,2) in the table, numeric(12,2) in the spec");
        String alter = "ALTER TABLE \"public\".\"wide\" ALTER COLUMN ";
        assertThat(m.ddl()).containsExactly(alter + "\"name\" TYPE varchar(40)", alter + "\"code\" TYPE varchar",
                alter + "\"note\" TYPE text", alter + "\"memo\" TYPE varchar", alter + "\"amount\" TYPE numeric(12,2)",
                alter + "\"ratio\" TYPE numeric", alter + "\"at\" TYPE timestamp(3)", alter + "\"flags\" TYPE bit varying(16)");

        assertThat(load(conn, spec, 8, TableRow.of(spec, 4, null, null, null, null, null, null, null, null)).migrations())
                .as("now the table matches").isEmpty();
    }

    @Test
    void notNullSetAndDroppedInPlaceWhenTheRowsAllowIt(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, nick text NOT NULL)",
                "INSERT INTO people VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b')");
        long oid = oid(db, "people"), storage = filenode(db, "people");
        TableSpec spec = TableSpec.builder("public", "people").notNull("id", "bigint").notNull("email", "text")
                .column("nick", "text").primaryKey("id").build();

        IngestResult r = load(conn, spec, 1, TableRow.of(spec, 3, "c@x", null), TableRow.of(spec, 1, "a@y", "A"));

        assertThat(oid(db, "people")).isEqualTo(oid);
        assertThat(filenode(db, "people")).isEqualTo(storage);
        assertThat(notNulls(db, "people")).containsExactly(List.of("id", "true"), List.of("email", "true"), List.of("nick", "false"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'people'::regclass AND contype = 'c'"))
                .as("no constraint left behind").isZero();
        assertThat(db.rows("SELECT id, email, coalesce(nick, '<null>') FROM people ORDER BY id")).containsExactly(
                List.of("1", "a@y", "A"), List.of("2", "b@x", "b"), List.of("3", "c@x", "<null>"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(1);
        IngestResult.TableMigration m = r.migrations().get(0);
        assertThat(m.swapped()).isFalse();
        assertThat(m.differences()).containsExactly("column \"email\" is nullable in the table, NOT NULL in the spec",
                "column \"nick\" is NOT NULL in the table, nullable in the spec");
        assertThat(m.ddl()).containsExactly("ALTER TABLE \"public\".\"people\" ALTER COLUMN \"nick\" DROP NOT NULL",
                "ALTER TABLE \"public\".\"people\" ALTER COLUMN \"email\" SET NOT NULL");
    }

    @Test
    void notNullWithNullsInTheTableFailsTheBatchNamingTheColumnAndTheCountAndChangesNothing(TestDatabase db, Connection conn)
            throws Exception {
        db.execute("CREATE TABLE gaps (id bigint PRIMARY KEY, email text, phone text)",
                "INSERT INTO gaps VALUES (1, NULL, '1'), (2, NULL, '2'), (3, 'c@x', NULL)");
        long oid = oid(db, "gaps"), storage = filenode(db, "gaps");
        TableSpec spec = TableSpec.builder("public", "gaps").notNull("id", "bigint").notNull("email", "text").notNull("phone", "text")
                .column("extra", "text").primaryKey("id").build();
        assertThatThrownBy(() -> load(conn, spec, 1, TableRow.of(spec, 4, "d@x", "4", "e")))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("batch 1, migrating table \"public\".\"gaps\" in place")
                .hasMessageContaining("column \"email\" has 2 NULLs, column \"phone\" has 1 NULL")
                .hasMessageContaining("the table and the watermark are unchanged")
                .satisfies(e -> assertThat(((IngestException) e).sqlState()).isEqualTo("23502"));
        assertThat(oid(db, "gaps")).isEqualTo(oid);
        assertThat(filenode(db, "gaps")).isEqualTo(storage);
        assertThat(notNulls(db, "gaps")).as("nothing altered, not even the added column")
                .containsExactly(List.of("id", "true"), List.of("email", "false"), List.of("phone", "false"));
        assertThat(db.count("gaps")).isEqualTo(3);
        assertThat(storedWatermark(db, spec.sql())).isNull();

        // The live rows are fine now, but the batch brings a NULL: it fails at insert, and nothing changes either.
        db.execute("UPDATE gaps SET email = 'x', phone = 'y' WHERE email IS NULL OR phone IS NULL");
        assertThatThrownBy(() -> load(conn, spec, 1, TableRow.of(spec, 4, null, "4", "e")))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("email");
        assertThat(notNulls(db, "gaps")).containsExactly(List.of("id", "true"), List.of("email", "false"), List.of("phone", "false"));
        assertThat(storedWatermark(db, spec.sql())).isNull();

        // With good rows on both sides, the same spec goes through in place.
        IngestResult r = load(conn, spec, 2, TableRow.of(spec, 4, "d@x", "4", "e"));
        assertThat(r.migrations().get(0).swapped()).isFalse();
        assertThat(oid(db, "gaps")).isEqualTo(oid);
        assertThat(filenode(db, "gaps")).isEqualTo(storage);
        assertThat(notNulls(db, "gaps")).containsExactly(List.of("id", "true"), List.of("email", "true"), List.of("phone", "true"),
                List.of("extra", "false"));
        assertThat(db.count("gaps")).isEqualTo(4);
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(2);
    }

    @Test
    void aMixOfCheapChangesRunsInPlaceInOneBatch(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE mixed (id integer PRIMARY KEY, name varchar(8), price numeric(5,2), gone text, tag text NOT NULL)",
                "INSERT INTO mixed VALUES (1, 'one', 1.50, 'x', 't1'), (2, 'two', 2.50, 'y', 't2')");
        long oid = oid(db, "mixed"), storage = filenode(db, "mixed");
        TableSpec spec = TableSpec.builder("public", "mixed").notNull("id", "integer").notNull("name", "varchar(64)")
                .column("price", "numeric(9,2)").column("tag", "text").column("added", "text").primaryKey("id").build();

        IngestResult r = load(conn, spec, 5, TableRow.of(spec, 3, "three, longer", "1234567.89", null, "new"));

        assertThat(oid(db, "mixed")).isEqualTo(oid);
        assertThat(filenode(db, "mixed")).isEqualTo(storage);
        assertThat(columnTypes(db, "mixed")).containsExactly(List.of("id", "integer"), List.of("name", "character varying(64)"),
                List.of("price", "numeric(9,2)"), List.of("tag", "text"), List.of("added", "text"));
        assertThat(notNulls(db, "mixed")).containsExactly(List.of("id", "true"), List.of("name", "true"), List.of("price", "false"),
                List.of("tag", "false"), List.of("added", "false"));
        assertThat(db.rows("SELECT id, name, price, coalesce(tag, '<null>'), coalesce(added, '<null>') FROM mixed ORDER BY id"))
                .containsExactly(List.of("1", "one", "1.50", "t1", "<null>"), List.of("2", "two", "2.50", "t2", "<null>"),
                        List.of("3", "three, longer", "1234567.89", "<null>", "new"));
        assertThat(storedWatermark(db, spec.sql()).asInt()).isEqualTo(5);
        IngestResult.TableMigration m = r.migrations().get(0);
        assertThat(m.swapped()).isFalse();
        String alter = "ALTER TABLE \"public\".\"mixed\" ";
        assertThat(m.ddl()).containsExactly(alter + "ADD COLUMN \"added\" text", alter + "DROP COLUMN \"gone\"",
                alter + "ALTER COLUMN \"name\" TYPE varchar(64)", alter + "ALTER COLUMN \"price\" TYPE numeric(9,2)",
                alter + "ALTER COLUMN \"tag\" DROP NOT NULL", alter + "ALTER COLUMN \"name\" SET NOT NULL");
    }

    @Test
    void changesThatConvertTheRowsOrThatAViewUsesStillRebuild(TestDatabase db, Connection conn) throws Exception {
        db.execute("CREATE TABLE counted (id integer PRIMARY KEY, n integer, label varchar(10))",
                "INSERT INTO counted VALUES (1, 10, 'a')");
        long oid = oid(db, "counted");
        TableSpec wider = TableSpec.builder("public", "counted").notNull("id", "integer").column("n", "bigint")
                .column("label", "varchar(20)").primaryKey("id").build();
        IngestResult r = load(conn, wider, 1, TableRow.of(wider, 2, 20, "b"));
        assertThat(r.migrations().get(0).swapped()).as("int → bigint rewrites the rows").isTrue();
        assertThat(oid(db, "counted")).isNotEqualTo(oid);
        assertThat(columnTypes(db, "counted")).containsExactly(List.of("id", "integer"), List.of("n", "bigint"),
                List.of("label", "character varying(20)"));
        assertThat(db.count("counted")).isEqualTo(2);

        long rebuilt = oid(db, "counted");
        TableSpec narrower = TableSpec.builder("public", "counted").notNull("id", "integer").column("n", "bigint")
                .column("label", "varchar(5)").primaryKey("id").build();
        assertThat(load(conn, narrower, 2, TableRow.of(narrower, 3, 30, "c")).migrations().get(0).swapped())
                .as("a shorter varchar checks every value").isTrue();
        assertThat(oid(db, "counted")).isNotEqualTo(rebuilt);

        // varchar widened, which alone is in place, but a view uses the column: ALTER TYPE would refuse, the swap keeps the view
        db.execute("CREATE VIEW counted_labels AS SELECT label FROM counted");
        long viewed = oid(db, "counted");
        TableSpec widerAgain = TableSpec.builder("public", "counted").notNull("id", "integer").column("n", "bigint")
                .column("label", "varchar(50)").primaryKey("id").build();
        assertThat(load(conn, widerAgain, 3, TableRow.of(widerAgain, 4, 40, "d")).migrations().get(0).swapped()).isTrue();
        assertThat(oid(db, "counted")).isNotEqualTo(viewed);
        assertThat(db.count("counted_labels")).isEqualTo(4);
        assertThat(storedWatermark(db, widerAgain.sql()).asInt()).isEqualTo(3);

        // a CHECK on the column would be validated again, with a scan under the ALTER's lock: rebuilt instead
        db.execute("CREATE TABLE checked (id integer PRIMARY KEY, code varchar(5) CHECK (code <> ''))",
                "INSERT INTO checked VALUES (1, 'a')");
        long checked = oid(db, "checked");
        TableSpec longerCode = TableSpec.builder("public", "checked").notNull("id", "integer").column("code", "varchar(10)")
                .primaryKey("id").build();
        assertThat(load(conn, longerCode, 1, TableRow.of(longerCode, 2, "longer")).migrations().get(0).swapped()).isTrue();
        assertThat(oid(db, "checked")).isNotEqualTo(checked);
        assertThat(db.count("checked")).isEqualTo(2);
    }

    @Test
    void aReaderIsNotBlockedLongerThanTheLockTimeoutWhileAnInPlaceTypeChangeWaitsForItsLock(TestDatabase db, Connection conn)
            throws Exception {
        db.execute("CREATE TABLE watched (id bigint PRIMARY KEY, name varchar(10))", "INSERT INTO watched VALUES (1, 'a')");
        long oid = oid(db, "watched"), storage = filenode(db, "watched");
        TableSpec spec = TableSpec.builder("public", "watched").notNull("id", "bigint").column("name", "varchar(100)")
                .primaryKey("id").build();
        IngestOptions options = IngestOptions.builder().lockWaits(SwapOptions.DEFAULTS
                .withLockTimeout(Duration.ofMillis(100)).withRetryBudget(Duration.ofMillis(1500))
                .withBackoff(Duration.ofMillis(40), Duration.ofMillis(80))).build();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeQuery("SELECT count(*) FROM watched").close(); // ACCESS SHARE until the transaction ends
            }
            Thread reader = new Thread(() -> {
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        s.executeQuery("SELECT count(*) FROM watched").close();
                        waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                        Thread.sleep(5);
                    }
                } catch (Throwable t) {
                    readerError.set(t);
                }
            }, "reader");
            reader.start();
            long t0 = System.nanoTime();
            try {
                assertThatThrownBy(() -> IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                        Batch.of(1, null, List.of(TableRow.of(spec, 2, "bb"))))), options))
                        .isInstanceOf(IngestException.class)
                        .hasMessageContaining("batch 1, migrating table \"public\".\"watched\" in place")
                        .hasMessageContaining("lock_timeout 100 ms hit on each of");
            } finally {
                stop.set(true);
                reader.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("the retries ran while the reader polled")
                    .isGreaterThan(1000);
            blocker.rollback();
        }
        assertThat(readerError.get()).isNull();
        List<Long> seen;
        synchronized (waits) {
            seen = List.copyOf(waits);
        }
        assertThat(seen).as("the reader polled through the retries").hasSizeGreaterThan(10);
        assertThat(Collections.max(seen)).as("queued behind the waiting ALTER at times").isGreaterThanOrEqualTo(30)
                .as("but for at most about one lock_timeout").isLessThan(700);
        assertThat(columnTypes(db, "watched")).containsExactly(List.of("id", "bigint"), List.of("name", "character varying(10)"));
        assertThat(storedWatermark(db, spec.sql())).isNull();

        IngestResult r = IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), List.of(
                Batch.of(1, null, List.of(TableRow.of(spec, 2, "bb"))))), options);
        assertThat(r.migrations().get(0).swapped()).isFalse();
        assertThat(oid(db, "watched")).isEqualTo(oid);
        assertThat(filenode(db, "watched")).isEqualTo(storage);
        assertThat(db.count("watched")).isEqualTo(2);
    }
}
