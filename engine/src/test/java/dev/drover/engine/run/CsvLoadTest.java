package dev.drover.engine.run;

import static dev.drover.engine.run.Loads.csv;
import static dev.drover.engine.run.Loads.options;
import static dev.drover.engine.run.Loads.run;
import static dev.drover.engine.run.Loads.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CreateTable;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class CsvLoadTest {
    @TempDir Path dir;

    private Path rejects() {
        return dir.resolve("rejects");
    }

    private Path rejectFile(TestDatabase db, String table, String ext) {
        return rejects().resolve(db.name()).resolve("public." + table + ext);
    }

    @Test
    void loadsEveryTypeAndReconciles(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE typed (id bigint, name text, amount numeric(12,2), created timestamptz, active boolean, note varchar(40))");
        Path f = write(dir, "typed.csv", """
                id,name,amount,created,active,note
                1,alpha,12.50,2024-01-05 10:00:00+00,true,"comma, inside"
                2,,-3.25,2024-02-29T23:59:59Z,f,"quote "" inside"
                3,"",0,2024-03-01 00:00:00+02,yes,漢字 😀
                """);
        RunReport r = run(db, "typed", csv(f, true), options(rejects()));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(3);
        assertThat(t.loaded()).isEqualTo(3);
        assertThat(t.reconciled()).isTrue();
        assertThat(db.rows("SELECT id, name, amount, created AT TIME ZONE 'UTC', active, note FROM typed ORDER BY id")).containsExactly(
                List.of("1", "alpha", "12.50", "2024-01-05 10:00:00", "t", "comma, inside"),
                java.util.Arrays.asList("2", null, "-3.25", "2024-02-29 23:59:59", "f", "quote \" inside"),
                List.of("3", "", "0.00", "2024-02-29 22:00:00", "t", "漢字 😀"));
    }

    @Test
    void rejectsEachBadRowWithItsLineAndLoadsTheRest(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE mixed (id bigint NOT NULL, amount numeric(5,2), d date)");
        Path f = write(dir, "mixed.csv", """
                id,amount,d
                1,1.00,2024-01-01
                x2,2.00,2024-01-02
                3,99999.00,2024-01-03
                4,4.00,2024-02-30
                ,5.00,2024-01-05
                6,6.00
                7,7.00,2024-01-07,extra
                8,8.00,2024-01-08
                """);
        RunReport r = run(db, "mixed", csv(f, true), options(rejects()));
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(8);
        assertThat(t.loaded()).isEqualTo(2);
        assertThat(t.rejected()).isEqualTo(6);
        assertThat(t.reconciled()).isTrue();
        assertThat(db.rows("SELECT id FROM mixed ORDER BY id")).containsExactly(List.of("1"), List.of("8"));
        String originals = Files.readString(rejectFile(db, "mixed", ".rejected.csv"));
        assertThat(originals.lines()).containsExactly("x2,2.00,2024-01-02", "3,99999.00,2024-01-03", "4,4.00,2024-02-30",
                ",5.00,2024-01-05", "6,6.00", "7,7.00,2024-01-07,extra");
        String log = Files.readString(rejectFile(db, "mixed", ".log"));
        assertThat(log).contains("line 3, column id").contains("22P02")
                .contains("line 4, column amount").contains("22003")
                .contains("line 5, column d").contains("22008")
                .contains("line 6, column id").contains("23502")
                .contains("line 7").contains("missing data")
                .contains("line 8").contains("extra data");
        assertThat(Files.readString(rejectFile(db, "mixed", ".dat")).lines()).contains("x2\t2.00\t2024-01-02", "\\N\t5.00\t2024-01-05");
    }

    /**
     * Dates in a spelling only the server reads would cost one round trip per value in binary COPY; after
     * enough of them the load goes on in text format, still checking values client-side and still isolating
     * the rows the server refuses.
     */
    @Test
    void manyValuesOnlyTheServerReadsSwitchTheLoadToTextFormat(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE us_dates (id int, d date, n numeric(6,2))");
        int rows = 5 * TableJob.TEXT_SWITCH_VALUES;
        StringBuilder s = new StringBuilder("id,d,n\n");
        List<Integer> bad = new java.util.ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            String d = String.format("%02d/%02d/2024", 1 + i % 12, 1 + i % 28);
            String n = "1.5";
            if (i % 997 == 0) { d = "13/45/2024"; bad.add(i); }          // refused by the server (text COPY)
            else if (i % 1009 == 0) { n = "12345.67"; bad.add(i); }      // refused by the codec (overflow)
            else if (i % 1013 == 0) { n = "1.5x"; bad.add(i); }          // refused by the server (syntax)
            s.append(i).append(',').append(d).append(',').append(n).append('\n');
        }
        Path f = write(dir, "us.csv", s.toString());
        List<RunEvent> events = new java.util.ArrayList<>();
        RunReport r = Loads.run(db, List.of(new dev.drover.engine.plan.TableLoad("us_dates", csv(f, true), List.of())),
                options(rejects()), new Cancellation(), events);
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(rows);
        assertThat(t.rejected()).isEqualTo(bad.size());
        assertThat(t.loaded()).isEqualTo(rows - bad.size());
        assertThat(t.reconciled()).isTrue();
        assertThat(events).anyMatch(e -> e instanceof RunEvent.Notice n && n.message().contains("in text format")
                && n.message().contains("d = \"02/02/2024\""));
        // every loaded date is the month/day the file meant
        assertThat(db.rows("SELECT count(*) FROM us_dates WHERE extract(month FROM d) <> 1 + id % 12 OR extract(day FROM d) <> 1 + id % 28"))
                .containsExactly(List.of("0"));
        String log = Files.readString(rejectFile(db, "us_dates", ".log"));
        for (int line : bad) assertThat(log).containsPattern("line " + (line + 1) + "[ ,]");
        assertThat(log).contains("22008").contains("22003").contains("22P02");
    }

    @Test
    void uniqueViolationsAreIsolatedByTheServerLineNumber(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE uniq (id int PRIMARY KEY, v text)");
        db.execute("INSERT INTO uniq VALUES (5, 'already there')");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 1000; i++) s.append(i).append(",v").append(i).append('\n');
        s.append("17,duplicate in file\n");
        Path f = write(dir, "uniq.csv", s.toString());
        // one writer, so the first occurrence in the file is the one that stays
        RunReport r = run(db, "uniq", csv(f, false), options(rejects()).withBatch(300, 1 << 20).withParallelism(4, 1));
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(1001);
        assertThat(t.rejected()).isEqualTo(2);
        assertThat(t.loaded()).isEqualTo(999);
        assertThat(db.count("uniq")).isEqualTo(1000);
        assertThat(db.rows("SELECT v FROM uniq WHERE id IN (5, 17) ORDER BY id"))
                .containsExactly(List.of("already there"), List.of("v17"));
        String log = Files.readString(rejectFile(db, "uniq", ".log"));
        assertThat(log).contains("23505").contains("line 5 ").contains("line 1001 ").contains("Key (id)=(5) already exists");
    }

    @Test
    void foreignKeyViolationsWithoutLineNumbersAreFoundByBisection(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE parent (id int PRIMARY KEY)", "INSERT INTO parent SELECT generate_series(1, 100)",
                "CREATE TABLE child (id int, parent_id int REFERENCES parent)");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 500; i++) s.append(i).append(',').append(i % 97 == 0 ? 1000 + i : 1 + i % 100).append('\n');
        Path f = write(dir, "child.csv", s.toString());
        RunReport r = run(db, "child", csv(f, false), options(rejects()));
        TableReport t = r.tables().get(0);
        assertThat(t.rejected()).isEqualTo(5);
        assertThat(t.loaded()).isEqualTo(495);
        assertThat(db.queryLong("SELECT count(*) FROM child WHERE id % 97 = 0")).isZero();
        assertThat(Files.readString(rejectFile(db, "child", ".rejected.csv")).lines())
                .containsExactly("97,1097", "194,1194", "291,1291", "388,1388", "485,1485");
        assertThat(Files.readString(rejectFile(db, "child", ".log"))).contains("23503").contains("line 97 ").contains("Key (parent_id)=(1097) is not present");
    }

    @Test
    void invalidEncodingAndNulBytesRejectOnlyTheirRecords(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE enc (id int, s text)");
        byte[] data = concat("1,ok\n2,caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9},
                "\n3,nul\0here\n4,après\n".getBytes(StandardCharsets.UTF_8));
        Path f = dir.resolve("enc.csv");
        Files.write(f, data);
        RunReport r = run(db, "enc", csv(f, false), options(rejects()));
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(4);
        assertThat(t.loaded()).isEqualTo(2);
        assertThat(t.rejected()).isEqualTo(2);
        assertThat(db.rows("SELECT s FROM enc ORDER BY id")).containsExactly(List.of("ok"), List.of("après"));
        byte[] originals = Files.readAllBytes(rejectFile(db, "enc", ".rejected.csv"));
        assertThat(originals).isEqualTo(concat("2,caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9},
                "\n3,nul\0here\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(rejectFile(db, "enc", ".log"))).contains("line 2").contains("line 3").contains("22021");
    }

    @Test
    void onErrorStopRollsBackTheWholeTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE strict (id int)", "INSERT INTO strict VALUES (-1)");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 5000; i++) s.append(i == 4321 ? "oops" : Integer.toString(i)).append('\n');
        Path f = write(dir, "strict.csv", s.toString());
        RunReport r = run(db, "strict", csv(f, false), options(rejects()).withOnError(OnError.STOP).withBatch(1000, 1 << 20)
                .withFlags(true, false, false));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.outcome().exitCode()).isEqualTo(6);
        assertThat(r.failure()).contains("line 4321").contains("rolled back");
        assertThat(db.rows("SELECT id FROM strict")).containsExactly(List.of("-1"));
    }

    @Test
    void maxErrorsAbortsAHopelessLoad(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE hopeless (id int)");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 3000; i++) s.append(i % 2 == 0 ? "bad" : Integer.toString(i)).append('\n');
        Path f = write(dir, "hopeless.csv", s.toString());
        RunReport r = run(db, "hopeless", csv(f, false), options(rejects()).withMaxErrors(ErrorLimit.parse("10")));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.tables().get(0).state()).isEqualTo(TableState.FAILED);
        assertThat(r.failure()).contains("max errors (10) exceeded");
        assertThat(r.tables().get(0).rejected()).isEqualTo(11);
    }

    @Test
    void createsATextTableOrInfersTypes(TestDatabase db) throws Exception {
        Path f = write(dir, "people.csv", "Id,Full Name,Born,Score,Member\n1,Ann,1990-01-02,1.5,true\n2,Bob,1985-12-31,2,false\n");
        RunReport text = run(db, "people_text", csv(f, true), options(rejects()).withCreateTable(CreateTable.TEXT));
        assertThat(text.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'people_text' ORDER BY ordinal_position"))
                .containsExactly(List.of("id", "text"), List.of("full_name", "text"), List.of("born", "text"), List.of("score", "text"), List.of("member", "text"));
        RunReport inferred = run(db, "people", csv(f, true), options(rejects()).withCreateTable(CreateTable.INFER));
        assertThat(inferred.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'people' ORDER BY ordinal_position"))
                .containsExactly(List.of("id", "bigint"), List.of("full_name", "text"), List.of("born", "date"), List.of("score", "numeric"), List.of("member", "boolean"));
        assertThat(db.rows("SELECT full_name, born, score FROM people ORDER BY id")).containsExactly(
                List.of("Ann", "1990-01-02", "1.5"), List.of("Bob", "1985-12-31", "2"));
    }

    @Test
    void aMissingTableIsAPlanProblemWithTheFix(TestDatabase db) throws Exception {
        Path f = write(dir, "x.csv", "1\n");
        RunReport r = run(db, "does_not_exist", csv(f, false), options(rejects()));
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID_PLAN);
        assertThat(r.failure()).contains("does_not_exist does not exist").contains("--create-table");
    }

    @Test
    void mapsByHeaderNameByPositionAndConstants(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE mapped (a text, b text, c text, src text)");
        Path f = write(dir, "m.csv", "B,ignored,A\nbee,x,ay\n");
        RunReport byName = run(db, "mapped", csv(f, true), options(rejects()));
        assertThat(byName.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT a, b, c FROM mapped")).containsExactly(java.util.Arrays.asList("ay", "bee", null));
        db.execute("TRUNCATE mapped");
        RunReport explicit = run(db, "mapped", csv(f, true), options(rejects()),
                ColumnSpec.byPosition("c", 2), ColumnSpec.byField("a", "A"), ColumnSpec.constant("src", "import-1"));
        assertThat(explicit.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT a, b, c, src FROM mapped")).containsExactly(java.util.Arrays.asList("ay", null, "x", "import-1"));
    }

    @Test
    void dropsAndRebuildsIndexesAndKeepsTriggersOff(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE indexed (id int CONSTRAINT indexed_pk PRIMARY KEY, v text UNIQUE, w text)",
                "CREATE INDEX indexed_w ON indexed (w)",
                "CREATE TABLE audit (n int)",
                "CREATE FUNCTION audit_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (1); RETURN NEW; END $$",
                "CREATE TRIGGER indexed_audit BEFORE INSERT ON indexed FOR EACH ROW EXECUTE FUNCTION audit_fn()");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 2000; i++) s.append(i).append(",v").append(i).append(",w").append(i % 10).append('\n');
        s.append("77,dup-id,w\n2001,v5,w\n"); // lines 2001 and 2002 repeat a key
        Path f = write(dir, "indexed.csv", s.toString());
        List<RunEvent> events = new java.util.ArrayList<>();
        RunReport r = Loads.run(db, List.of(new dev.drover.engine.plan.TableLoad("indexed", csv(f, false), List.of())),
                options(rejects()).withFlags(false, true, true), new Cancellation(), events);
        // the unique constraints stayed during the load: each duplicate is rejected with its line, none slipped in
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(r.tables().get(0).rejected()).isEqualTo(2);
        String log = Files.readString(rejectFile(db, "indexed", ".log"));
        assertThat(log).contains("23505").contains("line 2001").contains("line 2002");
        assertThat(events).anyMatch(e -> e instanceof RunEvent.Notice n && n.message().contains("dropped 1 index"));
        assertThat(db.count("indexed")).isEqualTo(2000);
        assertThat(db.count("audit")).isZero();
        assertThat(db.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'indexed' ORDER BY 1"))
                .containsExactly(List.of("indexed_pk"), List.of("indexed_v_key"), List.of("indexed_w"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'indexed'::regclass AND contype IN ('p','u')")).isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'indexed'::regclass AND NOT tgisinternal AND tgenabled = 'O'")).isEqualTo(1);
    }

    @Test
    void severalFilesByGlobGoIntoOneTableInOrder(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE parts (id int, f text)");
        write(dir, "part-2.csv", "id,f\n3,b\n4,b\n");
        write(dir, "part-1.csv", "id,f\n1,a\n2,a\n");
        CsvSource src = csv(dir.resolve("part-*.csv"), true);
        RunReport r = run(db, "parts", src, options(rejects()));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.tables().get(0).loaded()).isEqualTo(4);
        assertThat(db.rows("SELECT id, f FROM parts ORDER BY id")).containsExactly(
                List.of("1", "a"), List.of("2", "a"), List.of("3", "b"), List.of("4", "b"));
    }

    @Test
    void rejectFilesFromAnEarlierRunAreRotatedNotOverwritten(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE rot (id int)");
        Path first = write(dir, "rot1.csv", "1\nfirst-bad\n");
        run(db, "rot", csv(first, false), options(rejects()));
        Path second = write(dir, "rot2.csv", "2\nsecond-bad\n");
        run(db, "rot", csv(second, false), options(rejects()));
        assertThat(Files.readString(rejectFile(db, "rot", ".rejected.csv"))).isEqualTo("second-bad\n");
        assertThat(Files.readString(rejectFile(db, "rot", ".rejected.csv.1"))).isEqualTo("first-bad\n");
        assertThat(Files.readString(rejectFile(db, "rot", ".log.1"))).contains("first-bad");
    }

    @Test
    void cancellationKeepsCommittedBatchesAndReportsWhatWasLoaded(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE cancelled (id int, pad text)");
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 300_000; i++) s.append(i).append(",padding-padding-padding-").append(i).append('\n');
        Path f = write(dir, "big.csv", s.toString());
        Cancellation cancel = new Cancellation();
        RunReport r = Loads.run(db, List.of(new dev.drover.engine.plan.TableLoad("cancelled", csv(f, false), List.of())),
                options(rejects()).withBatch(1000, 1 << 20), cancel, Loads.reacting(e -> {
                    // cancel as soon as the first batches are committed
                    if (e instanceof RunEvent.TableProgress p && p.loaded() > 0) cancel.cancel();
                }));
        TableReport t = r.tables().get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(t.state()).isEqualTo(TableState.CANCELLED);
        assertThat(t.loaded()).isPositive().isLessThan(300_000);
        assertThat(db.count("cancelled")).isEqualTo(t.loaded());
        assertThat(db.queryLong("SELECT count(*) FROM cancelled WHERE pad <> 'padding-padding-padding-' || id")).isZero();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
