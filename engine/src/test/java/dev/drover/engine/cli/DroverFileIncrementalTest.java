package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover run} of a file table with {@code mode: incremental}, run again and again, and {@code drover state}. */
@ExtendWith(PostgresExtension.class)
class DroverFileIncrementalTest {
    @TempDir Path dir;

    private Path plan(TestDatabase db, String name, String table, Path csv, String incremental) throws Exception {
        Path plan = dir.resolve(name + ".yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {reject_dir: "%s"}
                tables:
                  - table: %s
                    source: {csv: {files: ["%s"], header: true, delimiter: ","}}
                %s
                """.formatted(db.url(), dir.resolve("rejects"), table, csv.toAbsolutePath(), incremental.indent(4).stripTrailing()));
        return plan;
    }

    private static String all(Cli.Result r) {
        return r.out() + r.err();
    }

    private static void append(Path file, String lines) throws Exception {
        Files.writeString(file, lines, StandardOpenOption.APPEND);
    }

    @Test
    void loadsOnlyRowsPastTheWatermarkAndLeavesTheOthersAlone(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi1", "CREATE TABLE fi1.orders (id int PRIMARY KEY, item text NOT NULL, updated_at timestamp NOT NULL)");
        Path csv = dir.resolve("orders.csv");
        Files.writeString(csv, """
                id,item,updated_at
                1,pen,2024-01-01 10:00:00
                3,pad,2024-01-03 08:00:00
                2,ink,2024-01-02 09:00:00
                """);
        Path plan = plan(db, "orders", "fi1.orders", csv, "mode: incremental\ncursor: [updated_at, id]\n");

        Cli.Result state = Cli.drover(db, "state", plan.toString());
        assertThat(state.code()).as(all(state)).isZero();
        assertThat(state.out()).contains("fi1.orders → fi1.orders  cursor [updated_at, id]").contains("no watermark");

        Cli.Result first = Cli.drover(db, "run", plan.toString());
        assertThat(first.code()).as(all(first)).isZero();
        assertThat(all(first)).contains("fi1.orders: 3 inserted, 0 updated, 0 unchanged; watermark [\"2024-01-03T08:00:00\",3]")
                .doesNotContain("MISMATCH");
        List<List<String>> before = db.rows("SELECT id::text, xmin::text FROM fi1.orders WHERE id IN (2, 3) ORDER BY id");

        // a new row, and row 1 changed with a later cursor; row 1's old line stays in the file
        append(csv, "4,cap,2024-01-04 00:00:00\n1,quill,2024-01-05 00:00:00\n");
        Cli.Result second = Cli.drover(db, "run", plan.toString());
        assertThat(second.code()).as(all(second)).isZero();
        assertThat(all(second)).contains("fi1.orders: 1 inserted, 1 updated, 0 unchanged, 3 skipped (not past the watermark);"
                + " watermark [\"2024-01-05T00:00:00\",1]").doesNotContain("MISMATCH");
        assertThat(db.rows("SELECT id::text, xmin::text FROM fi1.orders WHERE id IN (2, 3) ORDER BY id")).isEqualTo(before);
        assertThat(db.rows("SELECT id::text, item FROM fi1.orders ORDER BY id")).containsExactly(
                List.of("1", "quill"), List.of("2", "ink"), List.of("3", "pad"), List.of("4", "cap"));
        assertThat(db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = '\"fi1\".\"orders\"'"))
                .containsExactly(List.of("[\"2024-01-05T00:00:00\", 1]"));

        // nothing new: nothing written, the watermark stays
        List<List<String>> all = db.rows("SELECT id::text, xmin::text FROM fi1.orders ORDER BY id");
        Cli.Result third = Cli.drover(db, "run", plan.toString());
        assertThat(third.code()).as(all(third)).isZero();
        assertThat(all(third)).contains("fi1.orders: 0 inserted, 0 updated, 0 unchanged, 5 skipped (not past the watermark);"
                + " watermark [\"2024-01-05T00:00:00\",1]").doesNotContain("MISMATCH");
        assertThat(db.rows("SELECT id::text, xmin::text FROM fi1.orders ORDER BY id")).isEqualTo(all);

        state = Cli.drover(db, "state", plan.toString());
        assertThat(state.out()).contains("fi1.orders → fi1.orders").contains("watermark [\"2024-01-05T00:00:00\", 1]");
        // back to before row 4: rows 4 and 1 are read again, and are unchanged
        Cli.Result set = Cli.drover(db, "state", plan.toString(), "--set", "fi1.orders=[\"2024-01-03 08:00:00\", 3]");
        assertThat(set.code()).as(all(set)).isZero();
        Cli.Result again = Cli.drover(db, "run", plan.toString());
        assertThat(all(again)).contains("fi1.orders: 0 inserted, 0 updated, 2 unchanged, 3 skipped");
        Cli.Result reset = Cli.drover(db, "state", plan.toString(), "--reset", "fi1.orders");
        assertThat(reset.out()).contains("watermark removed");
        assertThat(Cli.drover(db, "state", plan.toString()).out()).contains("no watermark");
    }

    @Test
    void comparesMultiColumnCursorsAsTuplesAndDeletesBeforeTheFirstBatch(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi2", "CREATE TABLE fi2.events (day date, seq int, what text, PRIMARY KEY (day, seq))");
        Path csv = dir.resolve("events.csv");
        Files.writeString(csv, """
                day,seq,what
                2024-01-02,2,b
                2024-01-01,1,a
                2024-01-02,1,c
                """);
        Path plan = plan(db, "events", "fi2.events", csv, "mode: incremental\ncursor: [day, seq]\ndelete: before-first-batch\n");
        Cli.Result first = Cli.drover(db, "run", plan.toString());
        assertThat(first.code()).as(all(first)).isZero();
        assertThat(all(first)).contains("fi2.events: 3 inserted, 0 updated, 0 unchanged; watermark [\"2024-01-02\",2]");

        // (2024-01-01, 9) is before the watermark though its seq is larger; (2024-01-02, 3) is after it
        append(csv, "2024-01-01,9,old\n2024-01-02,3,d\n2024-01-10,0,e\n");
        Cli.Result second = Cli.drover(db, "run", plan.toString());
        assertThat(second.code()).as(all(second)).isZero();
        assertThat(all(second)).contains("fi2.events: 2 inserted, 0 updated, 0 unchanged, 4 skipped (not past the watermark);"
                + " watermark [\"2024-01-10\",0]");
        // the rows of earlier runs went when the batch committed
        assertThat(db.rows("SELECT day::text, seq::text, what FROM fi2.events ORDER BY day, seq")).containsExactly(
                List.of("2024-01-02", "3", "d"), List.of("2024-01-10", "0", "e"));

        // no new rows: no batch, so nothing is deleted
        Cli.Result third = Cli.drover(db, "run", plan.toString());
        assertThat(third.code()).as(all(third)).isZero();
        assertThat(db.count("fi2.events")).isEqualTo(2);
    }

    @Test
    void rejectsRowsWithoutAReadableCursorAndLoadsTheRest(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi3", "CREATE TABLE fi3.orders (id int PRIMARY KEY, item text, updated_at timestamptz)");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, """
                id,item,updated_at
                1,pen,2024-01-01 10:00:00+02
                2,ink,
                3,pad,yesterday
                4,cap,2024-01-01T09:00:00Z
                """);
        Path plan = plan(db, "bad", "fi3.orders", csv, "mode: incremental\ncursor: [updated_at]\n");
        Cli.Result r = Cli.drover(db, "run", plan.toString());
        assertThat(r.code()).as(all(r)).isEqualTo(3); // completed with rejects
        // 10:00+02 is 08:00 UTC, before 09:00Z: timestamptz cursors compare as instants
        assertThat(all(r)).contains("fi3.orders: 2 inserted, 0 updated, 0 unchanged; watermark [\"2024-01-01T09:00:00Z\"]")
                .doesNotContain("MISMATCH");
        assertThat(db.rows("SELECT id::text FROM fi3.orders ORDER BY id")).containsExactly(List.of("1"), List.of("4"));
        Path log;
        try (Stream<Path> files = Files.walk(dir.resolve("rejects"))) {
            log = files.filter(p -> p.getFileName().toString().equals("fi3.orders.log")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(log)).contains("cursor column updated_at is empty")
                .contains("cursor column updated_at: 'yesterday' is not a timestamp");
    }

    @Test
    void valuesTheServerRefusesAreRejectedAndTheRunExitsWithTheRejectsCode(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi7", "CREATE TABLE fi7.items (id int PRIMARY KEY, qty int, code varchar(3), seq int NOT NULL)");
        Path csv = dir.resolve("refused.csv");
        Files.writeString(csv, "id,qty,code,seq\n1,1,a,1\n2,abc,b,2\n3,3,toolong,3\n");
        Path plan = plan(db, "refused", "fi7.items", csv, "mode: incremental\ncursor: [seq]\n");
        Cli.Result r = Cli.drover(db, "run", plan.toString());
        assertThat(r.code()).as(all(r)).isEqualTo(3); // completed with rejects
        assertThat(all(r)).contains("fi7.items: 1 inserted, 0 updated, 0 unchanged; watermark [3]").contains("; 2 rows rejected")
                .doesNotContain("MISMATCH");
        assertThat(db.rows("SELECT id::text FROM fi7.items")).containsExactly(List.of("1"));
        Path log;
        try (Stream<Path> files = Files.walk(dir.resolve("rejects"))) {
            log = files.filter(p -> p.getFileName().toString().equals("fi7.items.log")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(log)).contains("refused.csv").contains("invalid input syntax for type integer")
                .contains("value too long for type character varying(3)");
    }

    @Test
    void upsertWithoutAPrimaryKeyFailsAndLoadsNothing(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi4", "CREATE TABLE fi4.orders (id int, item text)");
        Path csv = dir.resolve("nokey.csv");
        Files.writeString(csv, "id,item\n1,pen\n");
        Path plan = plan(db, "nokey", "fi4.orders", csv, "mode: incremental\ncursor: [id]\n");
        Cli.Result r = Cli.drover(db, "run", plan.toString());
        assertThat(r.code()).as(all(r)).isNotZero();
        assertThat(all(r)).contains("upsert: primary-key needs a primary key on fi4.orders");
        assertThat(db.count("fi4.orders")).isZero();

        Path append = plan(db, "append", "fi4.orders", csv, "mode: incremental\ncursor: [id]\nupsert: \"off\"\n");
        Cli.Result ok = Cli.drover(db, "run", append.toString());
        assertThat(ok.code()).as(all(ok)).isZero();
        assertThat(all(ok)).contains("fi4.orders: 1 inserted");
        assertThat(db.count("fi4.orders")).isEqualTo(1);

        // without a column list, the header decides the columns: a cursor naming none of them is found at run time
        Path noColumn = plan(db, "nocolumn", "fi4.orders", csv, "mode: incremental\ncursor: [stamp]\nupsert: \"off\"\n");
        Cli.Result bad = Cli.drover(db, "run", noColumn.toString());
        assertThat(bad.code()).as(all(bad)).isEqualTo(4);
        assertThat(all(bad)).contains("the cursor of fi4.orders names column stamp, which the load does not fill (it fills [id, item])");
        assertThat(db.count("fi4.orders")).isEqualTo(1);
    }

    @Test
    void filesOutOfCursorOrderLoadInOneBatchSoNoRowIsPassedOver(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi5", "CREATE TABLE fi5.items (id bigint PRIMARY KEY, name text)");
        Path a = dir.resolve("items-a.csv");
        Path b = dir.resolve("items-b.csv");
        Files.writeString(a, "id,name\n10,ten\n20,twenty\n");
        Files.writeString(b, "name,id\nfive,5\nfifteen,15\n"); // other field order: matched by header
        Path plan = dir.resolve("items.yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {reject_dir: "%s"}
                tables:
                  - table: fi5.items
                    source: {csv: {files: ["%s", "%s"], header: true, delimiter: ","}}
                    mode: incremental
                    cursor: id
                """.formatted(db.url(), dir.resolve("rejects"), a.toAbsolutePath(), b.toAbsolutePath()));
        Cli.Result first = Cli.drover(db, "run", plan.toString());
        assertThat(first.code()).as(all(first)).isZero();
        // the second file's ids are below the first file's largest: all four load, the watermark is the largest
        assertThat(all(first)).contains("fi5.items: 4 inserted, 0 updated, 0 unchanged; watermark [20]");
        assertThat(db.rows("SELECT id::text, name FROM fi5.items ORDER BY items.id")).containsExactly(
                List.of("5", "five"), List.of("10", "ten"), List.of("15", "fifteen"), List.of("20", "twenty"));

        // a value the server refuses fails the run and commits nothing, the watermark included
        db.execute("ALTER TABLE fi5.items ADD CONSTRAINT short CHECK (length(name) < 10)");
        Files.writeString(a, "id,name\n10,ten\n25,twenty-five-and-more\n");
        Cli.Result failed = Cli.drover(db, "run", plan.toString());
        assertThat(failed.code()).as(all(failed)).isNotZero();
        assertThat(all(failed)).contains("violates check constraint \"short\"").contains("none was committed");
        assertThat(db.count("fi5.items")).isEqualTo(4);
        assertThat(db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = '\"fi5\".\"items\"'"))
                .containsExactly(List.of("[20]"));
    }

    @Test
    void createsAMissingTableAndAppendsOnlyNewRowsAfterwards(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA fi6");
        Path csv = dir.resolve("log.csv");
        Files.writeString(csv, "seq,message\n2,b\n10,c\n1,a\n");
        Path plan = dir.resolve("log.yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {reject_dir: "%s", create_table: infer}
                tables:
                  - table: fi6.log
                    source: {csv: {files: ["%s"], header: true, delimiter: ","}}
                    mode: incremental
                    cursor: [seq]
                    upsert: "off"
                """.formatted(db.url(), dir.resolve("rejects"), csv.toAbsolutePath()));
        Cli.Result first = Cli.drover(db, "run", plan.toString());
        assertThat(first.code()).as(all(first)).isZero();
        // seq is inferred as a number, so 10 is past 2 (as text it would not be)
        assertThat(all(first)).contains("created fi6.log").contains("fi6.log: 3 inserted, 0 updated, 0 unchanged; watermark [10]");

        append(csv, "9,old\n11,d\n");
        Cli.Result second = Cli.drover(db, "run", plan.toString());
        assertThat(second.code()).as(all(second)).isZero();
        assertThat(all(second)).contains("fi6.log: 1 inserted, 0 updated, 0 unchanged, 4 skipped (not past the watermark); watermark [11]");
        assertThat(db.rows("SELECT message FROM fi6.log ORDER BY seq")).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
    }
}
