package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** pgloader file commands translated into plans and run against a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class FileCommandPlansTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        return write(name, text, StandardCharsets.UTF_8);
    }

    private Path write(String name, String text, Charset cs) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, cs);
        return p;
    }

    private FileCommands.Translation translate(String load) throws IOException {
        Path f = write("t.load", load);
        return FileCommands.toPlans(CommandFile.read(f, Map.of()), dir, dir.resolve("inline"));
    }

    /** Runs the plans in order, stopping at the first that does not succeed, as a runner should. */
    private List<RunReport> run(FileCommands.Translation t) {
        List<RunReport> out = new ArrayList<>();
        for (int i = 0; i < t.plans().size(); i++) {
            Plan p = t.plans().get(i);
            Plan local = new Plan(p.version(), p.target(), p.options().withRejectDir(dir.resolve("rejects")), p.tables());
            RunReport r = Engine.run(local, t.passwords().get(i), e -> { }, new Cancellation(), dir);
            out.add(r);
            if (r.outcome() != Outcome.SUCCESS) break;
        }
        return out;
    }

    private RunReport runOne(TestDatabase db, String load) throws IOException {
        List<RunReport> r = run(translate(load));
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private static String into(TestDatabase db, String table) {
        return db.url() + "?" + table;
    }

    private String error(String load) throws IOException {
        Throwable[] caught = new Throwable[1];
        Path f = write("bad.load", load);
        assertThatThrownBy(() -> FileCommands.toPlans(CommandFile.read(f, Map.of()), dir, dir.resolve("inline")))
                .isInstanceOfSatisfying(CommandFileException.class, e -> caught[0] = e);
        return caught[0].getMessage();
    }

    private static List<String> row(String... v) {
        return Arrays.asList(v);
    }

    @Test
    void skipsTheHeaderAndReadsSeparatorQuoteAndBackslashEscape(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE sep1 (id int, name text, note text)");
        write("data/sep.csv", """
                id;name;note
                1;'Ann; Lee';'say \\'hi\\''
                2;Bob;plain
                """);
        RunReport r = runOne(db, """
                LOAD CSV FROM 'data/sep.csv' (id, name, note)
                INTO %s
                WITH skip header = 1, fields terminated by ';', fields optionally enclosed by '''',
                     fields escaped by '\\';
                """.formatted(into(db, "sep1")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, name, note FROM sep1 ORDER BY id")).containsExactly(
                row("1", "Ann; Lee", "say 'hi'"), row("2", "Bob", "plain"));
    }

    @Test
    void followsTheNullBlankAndTrimTableOfTheReference(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE blanks_trim (k int, x text)", "CREATE TABLE blanks_keep (k int, x text)");
        String data = "1,\n2,   \n3,\"\"\n4,\"  \"\n5, x \n";
        write("blanks.csv", data);
        // two commands in one file, run in order: the default (trim unquoted blanks), then keep unquoted blanks
        List<RunReport> r = run(translate("""
                LOAD CSV FROM 'blanks.csv' (k, x) INTO %s WITH fields terminated by ',';
                LOAD CSV FROM 'blanks.csv' (k, x) INTO %s WITH fields terminated by ',', keep unquoted blanks;
                """.formatted(into(db, "blanks_trim"), into(db, "blanks_keep"))));
        assertThat(r).extracting(RunReport::outcome).containsExactly(Outcome.SUCCESS, Outcome.SUCCESS);
        assertThat(db.rows("SELECT k, x IS NULL, x = '', x FROM blanks_trim ORDER BY k")).containsExactly(
                row("1", "t", null, null), row("2", "t", null, null), row("3", "f", "t", ""), row("4", "f", "f", "  "),
                row("5", "f", "f", "x"));
        assertThat(db.rows("SELECT k, x IS NULL, x = '', x FROM blanks_keep ORDER BY k")).containsExactly(
                row("1", "t", null, null), row("2", "f", "f", "   "), row("3", "f", "t", ""), row("4", "f", "f", "  "),
                row("5", "f", "f", " x "));
    }

    @Test
    void nullIfOfAFieldAndOfTheCommandMatchQuotedValuesToo(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE nulls1 (a text, b text, c text)");
        write("nulls.csv", """
                N/A,NULL,N/A
                "N/A","NULL",NULL
                x,y,z
                """);
        RunReport r = runOne(db, """
                LOAD CSV FROM 'nulls.csv' (a [null if 'N/A'], b, c)
                INTO %s
                WITH fields terminated by ',', null if 'NULL';
                """.formatted(into(db, "nulls1")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT a, b, c FROM nulls1 ORDER BY a NULLS FIRST, c")).containsExactly(
                row(null, null, "N/A"), row(null, null, null), row("x", "y", "z"));
    }

    @Test
    void nullIfBlanksAndTrimOfACsvFieldApplyToQuotedValuesAndSurviveThePlanFile(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE blanks2 (k int, e text, t text, g text)");
        write("b2.csv", "1,\"   \",\"  a  \",x\n2,\"\",  b  ,\"  \"\n");
        FileCommands.Translation t = translate("""
                LOAD CSV FROM 'b2.csv' (k, e [null if blanks], t [trim both whitespace], g)
                INTO %s
                WITH fields terminated by ',', null if blanks;
                """.formatted(into(db, "blanks2")));
        Plan p = t.plans().get(0);
        assertThat(PlanYaml.read(PlanYaml.write(p), "p.yaml").tables()).isEqualTo(p.tables());
        assertThat(run(t).get(0).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT k, e, t, g FROM blanks2 ORDER BY k")).containsExactly(
                row("1", null, "a", "x"), row("2", null, "b", null));
    }

    @Test
    void readsDatesOfACsvFieldWithItsFormatAndRejectsTheRowsItCannotRead(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE signups (id int, signup date, seen timestamp)");
        write("dates.csv", "1;01/03/2024;2024-03-01T10:11\n2;00/00/0000;\n3;xx/yy/zzzz;2024-03-02T00:00\n");
        RunReport r = runOne(db, """
                LOAD CSV FROM 'dates.csv' (id, signup [date format 'DD/MM/YYYY'], seen [date format 'YYYY-MM-DDTHH24:MI'])
                INTO %s
                WITH fields terminated by ';';
                """.formatted(into(db, "signups")));
        assertThat(r.read()).isEqualTo(3);
        assertThat(r.loaded()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(db.rows("SELECT id, signup, seen FROM signups ORDER BY id")).containsExactly(
                row("1", "2024-03-01", "2024-03-01 10:11:00"), row("2", null, null));
    }

    @Test
    void targetColumnsRenameFieldsAndSetConstants(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE crm_customer (id bigint, full_name text, country text, source text, batch int, extra text)");
        write("exports/customers.csv", "1,Ann,FR,ignored\n2,Bob,,ignored\n");
        RunReport r = runOne(db, """
                LOAD CSV FROM 'exports/customers.csv'
                     HAVING FIELDS (id, name, country, junk)
                INTO %s
                TARGET TABLE Crm_Customer
                TARGET COLUMNS (id, full_name text using "name", country, source text using "import-2024", batch int using 7)
                WITH fields terminated by ',';
                """.formatted(db.url()));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, full_name, country, source, batch, extra FROM crm_customer ORDER BY id")).containsExactly(
                row("1", "Ann", "FR", "import-2024", "7", null), row("2", "Bob", null, "import-2024", "7", null));
    }

    @Test
    void computesColumnsWithUsingExpressionsFromCleanedFieldsAndRejectsWhatLispWouldSignal(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE places (id int, loc point, ip inet, range text, label text, first_word text, signup date, kind text)");
        write("places.csv", String.join("\n",
                "1;48.85;2.35;16909060;16909061;  paris ;Ville Lumière;01/03/2024;",
                "2;51.5;-0.12;0;255;london;;02/03/2024;x",
                "3;1;2;12ab;1;nowhere;a b;03/03/2024;",
                "") );
        FileCommands.Translation t = translate("""
                LOAD CSV FROM 'places.csv'
                     HAVING FIELDS (id, lat, lon, ip_num, ip_end, city [trim both whitespace], words [null if blanks],
                                    signup [date format 'DD/MM/YYYY'], k)
                INTO %s
                TARGET COLUMNS (id,
                     loc   point using (format nil "(~a,~a)" lat lon),
                     ip    inet  using (int-to-ip (parse-integer ip_num)),
                     range text  using (ip-range ip_num ip_end),
                     label text  using (if (null words) (string-upcase city) (concatenate 'string city "/" words)),
                     first_word text using (first (split-sequence #\\Space words)),
                     signup,
                     kind  text  using (cond ((string= k "") "none") (t k)))
                WITH fields terminated by ';';
                """.formatted(into(db, "places")));
        Plan plan = t.plans().get(0);
        assertThat(plan.tables().get(0).columns()).extracting(ColumnSpec::using)
                .contains("(format nil \"(~a,~a)\" lat lon)", "(int-to-ip (parse-integer ip_num))");
        assertThat(plan.tables().get(0).fields()).extracting(ColumnSpec::column)
                .containsExactly("lat", "lon", "ip_num", "ip_end", "words", "city", "k");
        // the plan file says the same and runs the same
        Plan reread = PlanYaml.read(PlanYaml.write(plan), dir.resolve("p.yaml").toString());
        assertThat(reread.tables()).isEqualTo(plan.tables());
        RunReport r = run(new FileCommands.Translation(List.of(reread), t.passwords(), t.warnings())).get(0);
        assertThat(r.read()).isEqualTo(3);
        assertThat(r.loaded()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(1);
        // an empty unquoted field is NULL (§4.3), and (string= nil "") compares "NIL": the cond falls through to k
        assertThat(db.rows("SELECT id, loc::text, host(ip), range, label, first_word, signup, kind FROM places ORDER BY id")).containsExactly(
                row("1", "(48.85,2.35)", "1.2.3.4", "1.2.3.4-1.2.3.5", "paris/Ville Lumière", "Ville", "2024-03-01", null),
                row("2", "(51.5,-0.12)", "0.0.0.0", "0.0.0.0-0.0.0.255", "LONDON", null, "2024-03-02", "x"));
        String rejects;
        try (var logs = Files.walk(dir.resolve("rejects"))) {
            rejects = Files.readString(logs.filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow());
        }
        assertThat(rejects).contains("column ip: (int-to-ip (parse-integer ip_num)): parse-integer: \"12ab\" is not an integer");
    }

    @Test
    void csvHeaderNamesTheFieldsAndMissingOrExtraFieldsAreNullOrDropped(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE hdr (id int, name text, city text)");
        write("hdr.csv", "ID,Name,City\n1,Ann\n2,Bob,Paris,extra\n");
        RunReport r = runOne(db, """
                LOAD CSV FROM 'hdr.csv' INTO %s WITH csv header, fields terminated by ',';
                """.formatted(into(db, "hdr")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, name, city FROM hdr ORDER BY id")).containsExactly(
                row("1", "Ann", null), row("2", "Bob", "Paris"));
    }

    @Test
    void truncatesFirstAndGuessesTheSeparatorWithAWarning(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE trunc1 (a int, b text)", "INSERT INTO trunc1 VALUES (99, 'old')");
        write("t.csv", "1;one\n2;two\n");
        FileCommands.Translation t = translate("LOAD CSV FROM 't.csv' (a, b) INTO " + into(db, "trunc1") + " WITH truncate;");
        assertThat(t.plans().get(0).tables().get(0).source().delimiter()).isEqualTo(';');
        assertThat(t.warnings()).anySatisfy(w -> assertThat(w.message()).contains("separator ';' was guessed"));
        assertThat(run(t).get(0).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT a, b FROM trunc1 ORDER BY a")).containsExactly(row("1", "one"), row("2", "two"));
    }

    @Test
    void loadsInlineDataExactly(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE inl (id int, word text)");
        RunReport r = runOne(db, """
                LOAD CSV FROM inline (id, word)
                INTO %s
                WITH fields terminated by '|';

                1|été
                2|"a|b"
                3|
                """.formatted(into(db, "inl")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, word FROM inl ORDER BY id")).containsExactly(
                row("1", "été"), row("2", "a|b"), row("3", null));
    }

    @Test
    void readsAllOrTheFirstFileMatchingInADirectory(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE allf (n int)", "CREATE TABLE firstf (n int)");
        write("in/2024/b.csv", "2\n");
        write("in/a.csv", "1\n");
        write("in/readme.txt", "not data\n");
        List<RunReport> r = run(translate("""
                LOAD CSV FROM ALL FILENAMES MATCHING ~/[.]csv$/ IN DIRECTORY 'in' (n) INTO %s WITH fields terminated by ',';
                LOAD CSV FROM FILENAME MATCHING ~<csv> IN DIRECTORY 'in' (n) INTO %s WITH fields terminated by ',';
                """.formatted(into(db, "allf"), into(db, "firstf"))));
        assertThat(r).extracting(RunReport::outcome).containsExactly(Outcome.SUCCESS, Outcome.SUCCESS);
        assertThat(db.rows("SELECT n FROM allf ORDER BY n")).containsExactly(row("1"), row("2"));
        // sorted: "2024/b.csv" comes before "a.csv"
        assertThat(db.rows("SELECT n FROM firstf")).containsExactly(row("2"));
    }

    @Test
    void decodesLatin1(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE lat (name text)");
        write("latin.csv", "Zoë\nGarçon\n", StandardCharsets.ISO_8859_1);
        RunReport r = runOne(db, "LOAD CSV FROM 'latin.csv' WITH ENCODING latin1 (name) INTO " + into(db, "lat")
                + " WITH fields terminated by ',';");
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT name FROM lat ORDER BY name")).containsExactly(row("Garçon"), row("Zoë"));
    }

    @Test
    void loadsFixedWidthWithPositionsAndFieldOptions(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ledger (account text, posted date, amount numeric, memo text)");
        write("legacy/ledger.txt", """
                ACCOUNT   POSTED  AMOUNT      MEMO
                A-1       20240301      12.50 rent
                B-2       20240315       -3.00                                         \s
                """);
        RunReport r = runOne(db, """
                LOAD FIXED
                     FROM 'legacy/ledger.txt'
                     (
                        account   from  0 for 10 [trim right whitespace],
                        posted    from 10 for  8 [date format 'YYYYMMDD'],
                        amount    from 18 for 12 [trim left whitespace],
                        memo      from 30 for 40 [null if blanks, trim right whitespace]
                     )
                     INTO %s
                     TARGET TABLE public.ledger
                WITH truncate, skip header = 1;
                """.formatted(db.url()));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT account, posted, amount, memo FROM ledger ORDER BY account")).containsExactly(
                row("A-1", "2024-03-01", "12.50", "rent"), row("B-2", "2024-03-15", "-3.00", null));
    }

    @Test
    void loadsCopyTextDecodingItsEscapesAsTheServerWould(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (event_id int, happened_at timestamp, payload text)");
        write("dumps/events.copy", "1\t2024-01-02 03:04:05\thello\n2\t\\N\t\n"
                + "3\t2024-01-02 03:04:05\tline\\nbreak\\ttab \\\\ \\x41\\102\n4\t\\N\t\\N\n");
        RunReport r = runOne(db, """
                LOAD COPY
                     FROM copy://dumps/events.copy
                     (event_id, happened_at, payload)
                     INTO %s
                WITH delimiter '\\t', null '\\N', truncate;
                """.formatted(into(db, "public.events")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT event_id, happened_at, payload IS NULL, payload = '', payload FROM events ORDER BY event_id"))
                .containsExactly(row("1", "2024-01-02 03:04:05", "f", "f", "hello"), row("2", null, "f", "t", ""),
                        row("3", "2024-01-02 03:04:05", "f", "f", "line\nbreak\ttab \\ AB"), row("4", null, "t", null, null));

        // another null string: a literal \N is the text \N (reference 6.2)
        db.execute("CREATE TABLE events2 (event_id int, payload text)");
        write("dumps/dashes.copy", "1|--\n2|\\N\n3|a\\|b\n");
        Plan p = translate("LOAD COPY FROM 'dumps/dashes.copy' (event_id, payload) INTO " + into(db, "events2")
                + " WITH delimiter '|', null '--';").plans().get(0);
        assertThat(p.tables().get(0).source().isCopyText()).isTrue();
        assertThat(PlanYaml.write(p)).contains("format: copy-text");
        assertThat(runOne(db, "LOAD COPY FROM 'dumps/dashes.copy' (event_id, payload) INTO " + into(db, "events2")
                + " WITH delimiter '|', null '--';").outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT event_id, payload FROM events2 ORDER BY event_id"))
                .containsExactly(row("1", null), row("2", "\\N"), row("3", "a|b"));
    }

    @Test
    void fixedHeaderReadsTheLayoutFromTheHeaderLineReportsItAndLoadsTheRest(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ledger2 (account text, amount numeric, memo text)",
                "CREATE TABLE ledger3 (account text, memo text)");
        String data = "ACCOUNT   AMOUNT  MEMO      \n"
                + "A-1       12.5    Zoë café  \n"
                + "B-2       -3              \n"
                + "C-3\n";
        write("data/ledger.txt", data);
        write("data/titled.txt", "Ledger of March\n" + data);
        FileCommands.Translation t = translate("""
                LOAD FIXED FROM 'data/ledger.txt' INTO %s WITH fixed header, truncate;
                LOAD FIXED FROM 'data/titled.txt' INTO %s TARGET COLUMNS (memo, account)
                WITH skip header = 1, fixed header;
                """.formatted(into(db, "ledger2"), into(db, "ledger3")));
        String layout = "(ACCOUNT from 0 for 10 [null if blanks, trim right whitespace], AMOUNT from 10 for 8 [null if blanks,"
                + " trim right whitespace], MEMO from 18 for 10 [null if blanks, trim right whitespace])";
        assertThat(t.warnings()).extracting(Warning::message).satisfiesExactly(
                w -> assertThat(w).startsWith("fixed header: the layout read from line 1 of " + dir.resolve("data/ledger.txt")
                        + " is " + layout + "; paste it").doesNotContain("pgloader would read the header from line 1"),
                w -> assertThat(w).startsWith("fixed header: the layout read from line 2 of ").contains(layout)
                        .contains("pgloader would read the header from line 1"));
        // drover convert writes the guessed layout as the plan's fixed: list
        String yaml = PlanYaml.write(t.plans().get(0));
        assertThat(yaml).contains("fixed:").contains("name: ACCOUNT").contains("name: MEMO").contains("from: 18").contains("for: 10");
        assertThat(t.plans().get(0).tables().get(0).source().skipLines()).isEqualTo(1);
        assertThat(t.plans().get(1).tables().get(0).source().skipLines()).isEqualTo(2);

        assertThat(run(t)).extracting(RunReport::outcome).containsExactly(Outcome.SUCCESS, Outcome.SUCCESS);
        assertThat(db.rows("SELECT account, amount, memo FROM ledger2 ORDER BY account")).containsExactly(
                row("A-1", "12.5", "Zoë café"), row("B-2", "-3", null), row("C-3", null, null));
        assertThat(db.rows("SELECT account, memo FROM ledger3 ORDER BY account")).containsExactly(
                row("A-1", "Zoë café"), row("B-2", null), row("C-3", null));
    }

    @Test
    void fixedHeaderWarnsOfLinesLongerThanTheHeaderAndRefusesWhatItCannotRead(TestDatabase db) throws Exception {
        write("data/short.txt", "ID NAME\n1  Ann\n2  Bartholomew\n");
        FileCommands.Translation t = translate("LOAD FIXED FROM 'data/short.txt' INTO " + into(db, "x") + " WITH fixed header;");
        assertThat(t.plans().get(0).tables().get(0).source().fixed()).extracting(f -> f.name() + ":" + f.from() + ":" + f.length())
                .containsExactly("ID:0:3", "NAME:3:4");
        assertThat(t.warnings()).singleElement().extracting(Warning::message).asString()
                .contains("line 3 is longer than the header line").contains("widen NAME");
        assertThat(error("LOAD FIXED FROM stdin INTO postgresql:///db?t WITH fixed header;"))
                .contains("fixed header: Drover cannot look at standard input");
        write("data/dup.txt", "A  B  a\n");
        assertThat(error("LOAD FIXED FROM 'data/dup.txt' INTO postgresql:///db?t WITH fixed header;"))
                .contains("two fixed-width fields are named a");
        write("data/empty.txt", "   \n1\n");
        assertThat(error("LOAD FIXED FROM 'data/empty.txt' INTO postgresql:///db?t WITH fixed header;"))
                .contains("the header line has no field name");
    }

    @Test
    void runsSetParametersAndBeforeAndAfterLoadInOrder(TestDatabase db) throws Exception {
        write("sql/after.sql", "INSERT INTO load_log VALUES ('after file');\nINSERT INTO load_log VALUES ('after file 2');\n");
        write("setp.csv", "1,Zoë\n");
        FileCommands.Translation t = translate("""
                LOAD CSV FROM 'setp.csv' (id, name)
                INTO %s
                WITH fields terminated by ','
                SET work_mem to '7MB', client_encoding to 'latin1', search_path to 'public'
                BEFORE LOAD DO
                  $$ create table load_log (what text); $$,
                  $$ create table setp (id int, name text, mem text default current_setting('work_mem')); $$
                AFTER LOAD DO $$ insert into load_log values ('after'); $$
                  EXECUTE 'sql/after.sql';
                """.formatted(into(db, "setp")));
        // pgloader talks UTF-8 whatever the SET says (reference 2.1), and says so
        assertThat(t.plans().get(0).options().settings()).containsOnlyKeys("work_mem", "search_path");
        assertThat(t.warnings()).extracting(Warning::message).anyMatch(m -> m.startsWith("SET client_encoding to 'latin1' is ignored"));
        RunReport r = run(t).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id, name, mem FROM setp")).containsExactly(row("1", "Zoë", "7MB"));
        assertThat(db.rows("SELECT what FROM load_log")).containsExactly(row("after"), row("after file"), row("after file 2"));
    }

    @Test
    void keepsThePasswordOutOfThePlan(TestDatabase db) throws Exception {
        write("p.csv", "1\n");
        FileCommands.Translation t = translate("""
                LOAD CSV FROM 'p.csv' (id) INTO postgresql://loader:s3cr@@t@db.internal:5433/shop?sslmode=require&public.t
                WITH fields terminated by ',';
                """);
        assertThat(t.passwords()).containsExactly("s3cr@t");
        Plan p = t.plans().get(0);
        assertThat(p.target().url()).isEqualTo("postgresql://loader@db.internal:5433/shop?sslmode=require");
        assertThat(p.tables().get(0).table()).isEqualTo("public.t");
        assertThat(p.tables().get(0).columns()).containsExactly(ColumnSpec.byPosition("id", 1));
        assertThat(PlanYaml.write(p)).doesNotContain("s3cr");
    }

    @Test
    void readsStandardInputAndAppliesTheIdentifierCaseToTheTable() throws Exception {
        FileCommands.Translation t = translate("""
                LOAD CSV FROM stdin (id) INTO postgresql:///shop TARGET TABLE Sales.DailyTotals
                WITH fields terminated by ',', quote identifiers, workers = 2, concurrency = 1, batch rows = 500, prefetch rows = 10;
                LOAD CSV FROM - (id) INTO postgresql:///shop?Sales.playerID WITH fields terminated by ',', snake_case identifiers;
                LOAD CSV FROM - (id) INTO postgresql:///shop?"Sales".Daily$Totals WITH fields terminated by ',';
                """);
        assertThat(t.plans()).extracting(p -> p.tables().get(0).table())
                .containsExactly("\"Sales\".\"DailyTotals\"", "sales.player_id", "\"Sales\".daily_totals");
        Plan first = t.plans().get(0);
        assertThat(first.tables().get(0).source().files()).containsExactly("-");
        assertThat(first.target().url()).isEqualTo("postgresql:///shop");
        assertThat(first.options().workers()).isEqualTo(2);
        assertThat(first.options().concurrency()).isEqualTo(1);
        assertThat(first.options().batchRows()).isEqualTo(500);
        assertThat(t.passwords()).containsExactly(null, null, null);
        assertThat(t.warnings()).anySatisfy(w -> assertThat(w.message()).startsWith("prefetch rows is ignored"));
        // COPY text from standard input is read as it comes: nothing needs checking first
        Plan stdin = translate("LOAD COPY FROM stdin (id) INTO postgresql:///shop?t;").plans().get(0);
        assertThat(stdin.tables().get(0).source().files()).containsExactly("-");
        assertThat(stdin.tables().get(0).source().isCopyText()).isTrue();
    }

    @Test
    void withoutFieldOrColumnListTheRunGuessesTheSeparator(TestDatabase db) throws Exception {
        write("g.csv", "1;Ann, Lee;Oslo\n2;Bob;Rome, Italy\n");
        String url = into(db, "t");
        // §4.1: the count to fit is the table's, known at run time; tab is pgloader's fallback
        CsvSource atRun = translate("LOAD CSV FROM 'g.csv' INTO " + url + ";").plans().get(0).tables().get(0).source();
        assertThat(atRun.guessDelimiter()).isTrue();
        assertThat(atRun.delimiter()).isEqualTo('\t');
        // with a field list its count decides at once
        CsvSource now = translate("LOAD CSV FROM 'g.csv' (id, name, city) INTO " + url + ";").plans().get(0).tables().get(0).source();
        assertThat(now.guessDelimiter()).isFalse();
        assertThat(now.delimiter()).isEqualTo(';');
    }

    @Test
    void withDateFormatIsLeftToTheRun(TestDatabase db) throws Exception {
        write("x.csv", "1\n");
        String url = into(db, "t");
        // §3.4: which fields it reads depends on the column types, so the plan carries it for the run
        Plan p = translate("LOAD CSV FROM 'x.csv' (id, born) INTO " + url + " WITH fields terminated by ',',"
                + " date format 'YYYYMMDD';").plans().get(0);
        assertThat(p.tables().get(0).dateFormat()).isEqualTo("YYYYMMDD");
        assertThat(error("LOAD CSV FROM 'x.csv' (id, born) INTO " + url + " TARGET COLUMNS (id, b using \"born\")"
                + " WITH fields terminated by ',', date format 'YYYYMMDD';"))
                .contains("column b takes field born").contains("its own [date format 'YYYYMMDD']");
        assertThat(error("LOAD CSV FROM 'x.csv' (id, born) INTO " + url + " WITH fields terminated by ',', date format 'YYYYQ';"))
                .contains("date format 'YYYYQ': ");
        assertThat(error("LOAD FIXED FROM 'x.csv' (id from 0 for 1) INTO " + url + " WITH date format 'YYYYMMDD';"))
                .contains("WITH date format on LOAD FIXED");
    }

    @Test
    void escapeModeAndLineTerminator(TestDatabase db) throws Exception {
        write("x.csv", "1\n");
        String url = into(db, "t");
        // §4.2: the escape escapes only the quote unless csv escape mode following; §4.7: one terminator character
        CsvSource plain = translate("LOAD CSV FROM 'x.csv' (id) INTO " + url + " WITH fields terminated by ',',"
                + " fields escaped by backslash-quote;").plans().get(0).tables().get(0).source();
        assertThat(plain.escapeMode()).isEqualTo(CsvSource.EscapeMode.QUOTE);
        assertThat(plain.lineTerminator()).isNull();
        CsvSource following = translate("LOAD CSV FROM 'x.csv' (id) INTO " + url + " WITH fields terminated by ',',"
                + " fields escaped by backslash-quote, csv escape mode following, lines terminated by '0xB6';")
                .plans().get(0).tables().get(0).source();
        assertThat(following.escapeMode()).isEqualTo(CsvSource.EscapeMode.FOLLOWING);
        assertThat(following.lineTerminator()).isEqualTo('¶');
        CsvSource lf = translate("LOAD CSV FROM 'x.csv' (id) INTO " + url + " WITH fields terminated by ',',"
                + " lines terminated by '0x0A';").plans().get(0).tables().get(0).source();
        assertThat(lf.lineTerminator()).isNull();
    }

    @Test
    void refusesWhatDroverCannotRunWithItsPosition(TestDatabase db) throws Exception {
        write("x.csv", "1\n");
        String url = into(db, "t");
        assertThat(error("""
                LOAD CSV FROM 'x.csv' (id, ip_num)
                INTO %s
                TARGET COLUMNS (id, ip text using (int-to-ip (parse-integer ip_number)))
                WITH fields terminated by ',';
                """.formatted(url))).endsWith("bad.load:3:21: column ip: its using expression reads ip_number, which is"
                + " not a field of the command (id, ip_num)");
        assertThat(error("LOAD CSV FROM 'x.csv' (id, born [date format 'DD/MM/YYYY Q']) INTO " + url + " WITH fields terminated by ',';"))
                .contains("bad.load:1:34: date format 'DD/MM/YYYY Q': ");
        assertThat(error("LOAD CSV FROM 'x.csv' INTO " + url + " WITH fields terminated by ',', null if 'N/A';"))
                .contains("bad.load:1:").contains("the command must name its fields");
        assertThat(error("LOAD CSV FROM 'x.csv' (id) INTO " + url + " TARGET COLUMNS (id, serial_id) WITH fields terminated by ',';"))
                .contains(":1:").contains("column serial_id has no field of that name");
        assertThat(error("LOAD CSV FROM 'exports/customers-*.csv' (id) INTO " + url + ";"))
                .contains("bad.load:1:15: ").contains("FILENAMES MATCHING");
        assertThat(error("LOAD CSV FROM ALL FILENAMES MATCHING ~/nothing/ (id) INTO " + url + ";"))
                .contains("No file matching ~/nothing/");
        assertThat(error("LOAD CSV FROM https://example.com/x.csv (id) INTO " + url + ";"))
                .contains("cannot download");
        assertThat(error("LOAD DATABASE FROM sqlite:///tmp/x.db INTO " + db.url() + ";"))
                .contains("bad.load:1:1: LOAD DATABASE is not a file command");
    }
}
