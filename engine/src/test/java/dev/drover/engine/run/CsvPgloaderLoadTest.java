package dev.drover.engine.run;

import static dev.drover.engine.run.Loads.csv;
import static dev.drover.engine.run.Loads.options;
import static dev.drover.engine.run.Loads.run;
import static dev.drover.engine.run.Loads.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** pgloader's CSV behaviours the run decides once it knows the target table and each file's header. */
@ExtendWith(PostgresExtension.class)
class CsvPgloaderLoadTest {
    @TempDir Path dir;

    private static CsvSource files(CsvSource s, Path... more) {
        List<String> all = new java.util.ArrayList<>(s.files());
        for (Path p : more) all.add(p.toString());
        return new CsvSource(all, s.encoding(), s.delimiter(), s.quote(), s.escape(), s.header(), s.skipLines(),
                s.nullMarkers(), s.trimBlanks(), s.extraFields(), s.missingFields());
    }

    @Test
    void eachFileHeaderMapsItsFieldsByName(TestDatabase db) throws Exception {
        // reference §4.4: with several files each header is read separately; a refused row of the first file is
        // written with the first file's mapping even when the writer refuses it after the second header was read
        db.execute("CREATE TABLE hdr (id int CHECK (id > 0), name text, note text)");
        Path a = write(dir, "a.csv", "id,name\n1,a\n-1,bad\n");
        Path b = write(dir, "b.csv", "name,id\nb,2\nbad2,-2\n");
        RunReport r = run(db, "hdr", files(csv(a, true), b), options(dir.resolve("rejects")));
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(db.rows("SELECT id, name, note FROM hdr ORDER BY id")).containsExactly(
                java.util.Arrays.asList("1", "a", null), java.util.Arrays.asList("2", "b", null));
        String rejects = Files.readString(dir.resolve("rejects").resolve(db.name()).resolve("public.hdr.rejects.jsonl"),
                StandardCharsets.UTF_8);
        assertThat(rejects).contains("\"values\":[\"-1\",\"bad\"]").contains("\"values\":[\"-2\",\"bad2\"]");
    }

    @Test
    void aFileWhoseHeaderFeedsOtherColumnsIsNamed(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE hdr2 (id int, name text, note text)");
        Path a = write(dir, "a.csv", "id,name\n1,a\n");
        Path b = write(dir, "b.csv", "id,note\n2,n\n");
        RunReport r = run(db, "hdr2", files(csv(a, true), b), options(dir.resolve("rejects")));
        assertThat(r.outcome()).isNotIn(Outcome.SUCCESS, Outcome.COMPLETED_WITH_REJECTS);
        assertThat(r.tables().get(0).failure()).contains("b.csv does not feed the columns the header of ").contains("a.csv does")
                .contains("no field for [name]").contains("also feeds [note]");
    }

    private static CsvSource guessing(Path f, char fallback, boolean header) {
        CsvSource d = csv(f, header);
        return new CsvSource(d.files(), d.encoding(), fallback, d.quote(), d.escape(), d.header(), d.skipLines(),
                d.nullMarkers(), d.trimBlanks(), d.extraFields(), d.missingFields(), d.fixed(), d.format(),
                CsvSource.EscapeMode.QUOTE, null, true);
    }

    @Test
    void theDelimiterIsGuessedFromTheTableColumnCount(TestDatabase db) throws Exception {
        // reference §4.1: ',' splits the lines into 3 or 4 values, ';' into the table's 3 columns
        db.execute("CREATE TABLE guessed (id int, name text, city text)");
        Path f = write(dir, "g.csv", "id;name;city\n1;Ann, Lee;Oslo\n2;Bob;Rome, Italy\n");
        List<dev.drover.engine.run.RunEvent> events = new java.util.ArrayList<>();
        RunReport r = Loads.run(db, List.of(new dev.drover.engine.plan.TableLoad("guessed", guessing(f, '\t', true), List.of())),
                options(dir.resolve("rejects")), new Cancellation(), events);
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, name, city FROM guessed ORDER BY id")).containsExactly(
                List.of("1", "Ann, Lee", "Oslo"), List.of("2", "Bob", "Rome, Italy"));
        assertThat(events.toString()).contains("the delimiter ';' splits every sample line of");
    }

    @Test
    void whenNoCandidateFitsThePlanDelimiterIsKept(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE unguessed (a text, b text)");
        Path f = write(dir, "u.csv", "x:y\nz:w\n");
        RunReport r = run(db, "unguessed", guessing(f, ':', false), options(dir.resolve("rejects")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT a, b FROM unguessed ORDER BY a")).containsExactly(List.of("x", "y"), List.of("z", "w"));
    }

    @Test
    void withDateFormatReadsTheFieldsNamedLikeDateOrTimeColumns(TestDatabase db) throws Exception {
        // reference §3.4: header fields named like date/time columns (any case) are read with the format; a text column
        // of the same shape is left alone; a field's own format wins; a using expression's field is read too
        db.execute("CREATE TABLE dated (id int, born date, at timestamptz, code text, seen date, shown text)");
        Path f = write(dir, "d.csv", "id,BORN,at,code,seen\n1,20240301,20240302,20240303,03/04/2024\n");
        CsvSource src = csv(f, true);
        List<dev.drover.engine.plan.ColumnSpec> cols = List.of(
                dev.drover.engine.plan.ColumnSpec.byField("id", "id"), dev.drover.engine.plan.ColumnSpec.byField("born", "BORN"),
                dev.drover.engine.plan.ColumnSpec.byField("at", "at"), dev.drover.engine.plan.ColumnSpec.byField("code", "code"),
                dev.drover.engine.plan.ColumnSpec.byField("seen", "seen").withFieldOptions(false,
                        dev.drover.engine.plan.FixedField.Trim.NONE, "DD/MM/YYYY"),
                dev.drover.engine.plan.ColumnSpec.using("shown", "(format nil \"<~a>\" born)"));
        RunReport r = Loads.run(db, List.of(new dev.drover.engine.plan.TableLoad("dated", src, cols, List.of(), "YYYYMMDD")),
                options(dir.resolve("rejects")), new Cancellation(), new java.util.ArrayList<>());
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, born, at AT TIME ZONE 'UTC', code, seen, shown FROM dated")).containsExactly(
                List.of("1", "2024-03-01", "2024-03-02 00:00:00", "20240303", "2024-04-03", "<2024-03-01 00:00:00>"));
    }

    @Test
    void withDateFormatWithoutMappingReadsTheHeaderFields(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE dated2 (id int, d date, t text)");
        Path f = write(dir, "d2.csv", "id,D,t\n1,31122023,31122023\n2,,x\n");
        RunReport r = Loads.run(db, List.of(new dev.drover.engine.plan.TableLoad("dated2", csv(f, true), List.of(), List.of(), "DDMMYYYY")),
                options(dir.resolve("rejects")), new Cancellation(), new java.util.ArrayList<>());
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, d, t FROM dated2 ORDER BY id")).containsExactly(
                List.of("1", "2023-12-31", "31122023"), java.util.Arrays.asList("2", null, "x"));
    }
}
