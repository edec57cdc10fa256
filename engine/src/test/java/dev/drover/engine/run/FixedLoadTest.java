package dev.drover.engine.run;

import static dev.drover.engine.run.Loads.options;
import static dev.drover.engine.run.Loads.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.CreateTable;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.CsvSourceBuilder;
import dev.drover.engine.plan.FixedField;
import dev.drover.engine.plan.FixedField.Trim;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Fixed-width files through the file pipeline: positions in characters, short lines, NULLs, rejects with their bytes. */
@ExtendWith(PostgresExtension.class)
class FixedLoadTest {
    @TempDir Path dir;

    static final List<FixedField> LAYOUT = List.of(
            new FixedField("id", 0, 5, false, List.of(), Trim.LEFT, null),
            new FixedField("name", 5, 10, false, List.of(), Trim.RIGHT, null),
            new FixedField("city", 15, 8, true, List.of(), Trim.RIGHT, null),
            new FixedField("born", 23, 8, false, List.of(), Trim.NONE, "YYYYMMDD"),
            FixedField.of("note", 31, 4));

    private Path rejects() {
        return dir.resolve("rejects");
    }

    private Path rejectFile(TestDatabase db, String table, String ext) {
        return rejects().resolve(db.name()).resolve("public." + table + ext);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private CsvSource fixed(Path file, String encoding, int skip) {
        CsvSourceBuilder b = CsvSourceBuilder.defaults(List.of(file.toString()));
        b.encoding = encoding;
        b.skipLines = skip;
        b.fixed = LAYOUT;
        return b.build();
    }

    @Test
    void loadsByCharacterPositionsAndRejectsBadLinesWithTheirBytes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE fx_people (id bigint, name text, city text, born date, note text)");
        byte[] badUtf8 = concat(utf8("    4Caf"), new byte[] {(byte) 0xE9}, utf8("      Lyon    19800101\n"));
        byte[] nul = concat(utf8("    5Nul       Ro"), new byte[] {0}, utf8("me   19800101\n"));
        byte[] badDate = utf8("    8Date      Nice    2024AB01\n");
        byte[] file = concat(
                utf8("ID   NAME      CITY    BORN    NOTE\n"),           // line 1, skipped
                utf8("    1Zoë       Genève  19700101ab  \n"),           // 2: padding of note kept
                utf8("    2漢字テスト             19991231\n"),           // 3: multi-byte name, blank city, line ends at note
                utf8("    3Bob\n"),                                      // 4: short line
                badUtf8,                                                 // 5: invalid UTF-8
                nul,                                                     // 6: NUL byte
                utf8("    6Crlf      Oslo    20010203x\r\n"),            // 7: CRLF
                utf8("\n"),                                              // 8: empty line, skipped
                badDate,                                                 // 9: not a YYYYMMDD date
                utf8("    9Ann       Paris   20240229xyz"));             // 10: no final line end
        Path f = dir.resolve("people.txt");
        Files.write(f, file);
        RunReport r = run(db, "fx_people", fixed(f, "utf-8", 1), options(rejects()));
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(8);
        assertThat(t.loaded()).isEqualTo(5);
        assertThat(t.rejected()).isEqualTo(3);
        assertThat(t.reconciled()).isTrue();
        assertThat(db.rows("SELECT id, name, city, born, note, note IS NULL FROM fx_people ORDER BY id")).containsExactly(
                List.of("1", "Zoë", "Genève", "1970-01-01", "ab  ", "f"),
                Arrays.asList("2", "漢字テスト", null, "1999-12-31", "", "f"),
                Arrays.asList("3", "Bob", null, null, null, "t"),
                List.of("6", "Crlf", "Oslo", "2001-02-03", "x", "f"),
                List.of("9", "Ann", "Paris", "2024-02-29", "xyz", "f"));
        assertThat(Files.readAllBytes(rejectFile(db, "fx_people", ".rejected.csv"))).isEqualTo(concat(badUtf8, nul, badDate));
        String log = Files.readString(rejectFile(db, "fx_people", ".log"));
        assertThat(log).contains("line 5").contains("invalid byte 0xE9").contains("field name")
                .contains("line 6").contains("NUL byte").contains("field city")
                .contains("line 9").contains("2024AB01").contains("YYYYMMDD");
    }

    @Test
    void readsLatin1ByCharactersAndRereadsServerRejectsWithTheLayout(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE fx_latin (id bigint CHECK (id < 100), name text, city text, born date, note text)");
        byte[] refused = "  500Zoé       Orléans 20000101\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = concat("    1Zoé       Orléans 20000101\n".getBytes(StandardCharsets.ISO_8859_1), refused,
                "    2Ætøñ      Åre     20000102\n".getBytes(StandardCharsets.ISO_8859_1));
        Path f = dir.resolve("latin.txt");
        Files.write(f, file);
        RunReport r = run(db, "fx_latin", fixed(f, "latin1", 0), options(rejects()));
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(3);
        assertThat(t.loaded()).isEqualTo(2);
        assertThat(t.rejected()).isEqualTo(1);
        assertThat(db.rows("SELECT id, name, city, born FROM fx_latin ORDER BY id")).containsExactly(
                List.of("1", "Zoé", "Orléans", "2000-01-01"), List.of("2", "Ætøñ", "Åre", "2000-01-02"));
        assertThat(Files.readAllBytes(rejectFile(db, "fx_latin", ".rejected.csv"))).isEqualTo(refused);
        // the server's reject is parsed again with the layout for the .dat file
        assertThat(Files.readString(rejectFile(db, "fx_latin", ".dat"))).isEqualTo("500\tZoé\tOrléans\t2000-01-01 00:00:00\t\n");
    }

    @Test
    void createsATableNamedByTheFieldsWithInferredTypes(TestDatabase db) throws Exception {
        Path f = dir.resolve("made.txt");
        Files.writeString(f, "    1Zoë       Genève  19700101ab  \n   22Max       Bern    19800505\n");
        RunReport r = run(db, "fx_made", fixed(f, "utf-8", 0), options(rejects()).withCreateTable(CreateTable.INFER));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'fx_made' ORDER BY ordinal_position"))
                .extracting(row -> row.get(0)).containsExactly("id", "name", "city", "born", "note");
        assertThat(db.rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'fx_made' AND column_name = 'id'"))
                .containsExactly(List.of("bigint"));
        assertThat(db.rows("SELECT id, name, note FROM fx_made ORDER BY id")).containsExactly(
                List.of("1", "Zoë", "ab  "), Arrays.asList("22", "Max", ""));
    }
}
