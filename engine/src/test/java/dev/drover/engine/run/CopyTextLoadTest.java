package dev.drover.engine.run;

import static dev.drover.engine.run.Loads.options;
import static dev.drover.engine.run.Loads.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.CsvSourceBuilder;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/** PostgreSQL COPY text files through the file pipeline: escapes decoded as the server decodes them, rejects with their bytes. */
@ExtendWith(PostgresExtension.class)
class CopyTextLoadTest {
    @TempDir Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private CsvSource copyText(Path file, String nullString) {
        CsvSourceBuilder b = new CsvSourceBuilder(CsvSource.copyTextDefaults(List.of(file.toString())));
        b.nullMarkers = List.of(nullString);
        return b.build();
    }

    private Path rejectFile(TestDatabase db, String table, String ext) {
        return dir.resolve("rejects").resolve(db.name()).resolve("public." + table + ext);
    }

    /** The rows as id, is-null and the value's UTF-8 bytes in hex: byte-exact, NULL apart from the empty string. */
    private static List<List<String>> hexRows(TestDatabase db, String table) throws Exception {
        return db.rows("SELECT id, v IS NULL, encode(convert_to(v, 'UTF8'), 'hex') FROM " + table + " ORDER BY id");
    }

    /** Every kind of escape, in one record each; the server's own COPY FROM reads the same bytes. */
    static final String EVERY_ESCAPE = String.join("\n",
            "1\tplain",
            "2\ta\\tb\\nc\\\\d",                 // \t \n \\
            "3\t\\b\\f\\r\\v",                    // the other control characters
            "4\t\\x41\\x4a\\x7|\\x1a",            // two hex digits, one hex digit
            "5\t\\101\\60\\1|\\0101",             // octal: 3, 2 and 1 digits, and a fourth digit that is data
            "6\t\\N",                             // NULL
            "7\t",                                // the empty string
            "8\t\\q\\xg\\-\\N",                   // any other character stands for itself (\x without hex is x)
            "9\tcaf\\303\\251 \\xc3\\xa9 é 漢",     // escaped UTF-8 bytes and literal multi-byte characters
            "10\ttab\\\tinside",                  // an escaped delimiter is data
            "11\tline\\\nbreak",                  // backslash-newline is a newline in the value (the record spans two lines)
            "12\t\\\\N",                          // a backslash and an N, not NULL
            "13\t\\x7e\\176~");                   // the same character three ways

    @Test
    void decodesEveryEscapeExactlyAsThePostgresServerDoes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ct_drover (id int, v text)", "CREATE TABLE ct_server (id int, v text)");
        // Drover reads it with a CRLF line and the end-of-data marker after the rows, as pg_dump writes it
        Path f = dir.resolve("every.copy");
        Files.write(f, concat(utf8(EVERY_ESCAPE + "\n"), utf8("14\tcrlf\r\n"), utf8("\\.\n"), utf8("15\tafter the end\n")));
        RunReport r = run(db, "ct_drover", copyText(f, "\\N"), options(dir.resolve("rejects")));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(14);
        assertThat(t.loaded()).isEqualTo(14);

        try (Connection c = db.connect()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ct_server FROM STDIN",
                    new ByteArrayInputStream(utf8(EVERY_ESCAPE + "\n14\tcrlf\n")));
        }
        assertThat(hexRows(db, "ct_drover")).isEqualTo(hexRows(db, "ct_server")).hasSize(14);
        assertThat(db.rows("SELECT id, v FROM ct_drover WHERE id IN (2, 3, 4, 5, 8, 9, 10, 11, 12, 13) ORDER BY id")).containsExactly(
                List.of("2", "a\tb\nc\\d"), List.of("3", "\b\f\r\u000B"), List.of("4", "AJ\u0007|\u001A"),
                List.of("5", "A0\u0001|\b1"), List.of("8", "qxg-N"), List.of("9", "café é é 漢"),
                List.of("10", "tab\tinside"), List.of("11", "line\nbreak"), List.of("12", "\\N"), List.of("13", "~~~"));
        assertThat(db.rows("SELECT id, v IS NULL, v = '' FROM ct_drover WHERE id IN (6, 7) ORDER BY id")).containsExactly(
                Arrays.asList("6", "t", null), List.of("7", "f", "t"));
    }

    @Test
    void aCustomNullStringIsMatchedRawAndALiteralBackslashNStaysText(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ct_nulls (id int, v text)");
        Path f = dir.resolve("nulls.copy");
        Files.writeString(f, "1|--\n2|\\N\n3|\n4|---\n5|\\-\\-\n", StandardCharsets.UTF_8);
        CsvSourceBuilder b = new CsvSourceBuilder(copyText(f, "--"));
        b.delimiter = '|';
        RunReport r = run(db, "ct_nulls", b.build(), options(dir.resolve("rejects")));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        // pgloader (reference 6.2) re-escapes a literal \N when the null string is another: it stays the two characters
        assertThat(db.rows("SELECT id, v IS NULL, v FROM ct_nulls ORDER BY id")).containsExactly(
                Arrays.asList("1", "t", null), List.of("2", "f", "\\N"), List.of("3", "f", ""), List.of("4", "f", "---"),
                List.of("5", "f", "--"));
    }

    @Test
    void rejectsBadEscapesAndBadBytesWithTheirLineAndRereadsServerRejectsAsCopyText(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ct_bad (id int CHECK (id <> 8), v text)");
        byte[] badHex = utf8("2\tbad \\xff\n");
        byte[] nul = utf8("3\tnul \\000 here\n");
        byte[] cr = utf8("5\tcr\rinside\n");
        byte[] latin = concat(utf8("6\tcaf"), new byte[] {(byte) 0xE9}, utf8("\n"));
        byte[] refused = utf8("8\tx\\ty\n");
        byte[] marker = utf8("9\tend\\.marker\n");
        byte[] file = concat(utf8("1\tok\n"), badHex, nul, utf8("4\t\\xc3\\xa9 fine\n"), cr, latin, utf8("7\tlast\n"), refused, marker);
        Path f = dir.resolve("bad.copy");
        Files.write(f, file);
        RunReport r = run(db, "ct_bad", copyText(f, "\\N"), options(dir.resolve("rejects")));
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        TableReport t = r.tables().get(0);
        assertThat(t.read()).isEqualTo(9);
        assertThat(t.loaded()).isEqualTo(3);
        assertThat(t.rejected()).isEqualTo(6);
        assertThat(t.reconciled()).isTrue();
        assertThat(db.rows("SELECT id, v FROM ct_bad ORDER BY id")).containsExactly(
                List.of("1", "ok"), List.of("4", "é fine"), List.of("7", "last"));
        assertThat(Files.readAllBytes(rejectFile(db, "ct_bad", ".rejected.csv"))).isEqualTo(concat(badHex, nul, cr, latin, marker, refused));
        String log = Files.readString(rejectFile(db, "ct_bad", ".log"));
        assertThat(log).contains("line 2").contains("invalid byte sequence for encoding UTF8: 0xff")
                .contains("line 3").contains("0x00")
                .contains("line 5").contains("literal carriage return")
                .contains("line 6").contains("invalid byte 0xE9")
                .contains("line 8")
                .contains("line 9").contains("end-of-copy marker corrupt");
        // the server's reject is read again as COPY text for the .dat file, and written escaped again
        assertThat(Files.readString(rejectFile(db, "ct_bad", ".dat"))).isEqualTo("8\tx\\ty\n");
    }

    @Test
    void aLatin1FileIsDecodedAsLatin1AndItsEscapedBytesAreUtf8AsUnderPgloader(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ct_latin (id int, v text)");
        byte[] escapedLatin1 = "3\tcaf\\xe9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("latin.copy");
        Files.write(f, concat("1\tcafé\tcrème\n".replace("\tcrème", " cr\\xc3\\xa8me").getBytes(StandardCharsets.ISO_8859_1),
                "2\tÆtøñ \\t Åre\n".getBytes(StandardCharsets.ISO_8859_1), escapedLatin1));
        CsvSourceBuilder b = new CsvSourceBuilder(copyText(f, "\\N"));
        b.encoding = "latin1";
        RunReport r = run(db, "ct_latin", b.build(), options(dir.resolve("rejects")));
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(db.rows("SELECT id, v FROM ct_latin ORDER BY id")).containsExactly(
                List.of("1", "café crème"), List.of("2", "Ætøñ \t Åre"));
        // \xe9 is é in latin1, but the escape's byte is read as UTF-8, where it is not a character: refused, as the server does
        assertThat(Files.readAllBytes(rejectFile(db, "ct_latin", ".rejected.csv"))).isEqualTo(escapedLatin1);
        assertThat(Files.readString(rejectFile(db, "ct_latin", ".log"))).contains("line 3").contains("0xe9");
    }
}
