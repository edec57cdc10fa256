package dev.drover.engine.rejects;

import static dev.drover.engine.rejects.Rejects.load;
import static dev.drover.engine.rejects.Rejects.plantedCsv;
import static dev.drover.engine.rejects.Rejects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class RejectLogTest {
    @TempDir Path dir;
    Path rejects;

    @BeforeEach
    void loadThePlantedFile(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS items", Rejects.TABLE);
        RunReport r = load(db, write(dir, plantedCsv()), dir.resolve("rej"));
        TableReport t = r.tables().get(0);
        assertThat(t.loaded()).isEqualTo(3);
        assertThat(t.rejected()).isEqualTo(6);
        rejects = dir.resolve("rej").resolve(db.name());
    }

    @Test
    void readsEveryRejectBackWithItsColumnValuesMessageAndOriginalBytes() throws Exception {
        assertThat(RejectLog.exists(rejects, "public.items")).isTrue();
        assertThat(RejectLog.exists(rejects, "public.other")).isFalse();
        RejectLog log = RejectLog.open(rejects, "public.items");
        assertThat(log.size()).isEqualTo(6);
        List<StoredReject> all = log.read(0, 100);
        List<String> cols = List.of("id", "name", "qty", "note");
        assertThat(all).allSatisfy(r -> {
            assertThat(r.columns()).isEqualTo(cols);
            assertThat(Path.of(r.file()).getFileName().toString()).isEqualTo("items.csv");
            assertThat(r.lastRetry()).isNull();
        });
        assertThat(all).extracting(StoredReject::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(all).extracting(StoredReject::line).containsExactly(3L, 4L, 5L, 6L, 9L, 11L);

        StoredReject tooLong = all.get(0);
        assertThat(tooLong.sqlState()).isEqualTo("22001");
        assertThat(tooLong.message()).isEqualTo("value too long for type character varying(5)");
        assertThat(tooLong.column()).isEqualTo("name");
        assertThat(tooLong.failingColumnIndex()).isEqualTo(1);
        assertThat(tooLong.values()).containsExactly("2", "toolongname", "3", "x");

        StoredReject notInt = all.get(1);
        assertThat(notInt.sqlState()).isEqualTo("22P02");
        assertThat(notInt.message()).isEqualTo("invalid input syntax for type integer: \"n/a\"");
        assertThat(notInt.failingColumnIndex()).isEqualTo(2);
        assertThat(notInt.values()).containsExactly("3", "ok", "n/a", "x");

        // the reader refuses these before the row is split into columns: no values, the original bytes instead
        StoredReject nul = all.get(2);
        assertThat(nul.sqlState()).isEqualTo("22021");
        assertThat(nul.message()).contains("NUL");
        assertThat(nul.values()).isNull();
        assertThat(nul.failingColumnIndex()).isEqualTo(-1);
        assertThat(nul.originalBytes()).isEqualTo(new byte[] {'5', ',', 'o', 'k', ',', '5', ',', 'a', 0, 'b', '\n'});

        StoredReject latin1 = all.get(3);
        assertThat(latin1.stage()).isEqualTo("encoding");
        assertThat(latin1.values()).isNull();
        assertThat(latin1.original()).isEqualTo("6,ok,6,caf\uFFFD\n");
        assertThat(latin1.originalBytes()).isEqualTo(new byte[] {'6', ',', 'o', 'k', ',', '6', ',', 'c', 'a', 'f', (byte) 0xe9, '\n'});
        assertThat(Files.readString(log.file())).contains("\"original_base64\"");

        // a quoted line break is part of the value, and of the original record
        StoredReject twoLines = all.get(4);
        assertThat(twoLines.column()).isEqualTo("qty");
        assertThat(twoLines.values()).containsExactly("10", "ok", "ten", "two\nlines");
        assertThat(twoLines.original()).isEqualTo("10,ok,ten,\"two\nlines\"\n");

        StoredReject unclosed = all.get(5);
        assertThat(unclosed.stage()).isEqualTo("parse");
        assertThat(unclosed.sqlState()).isEqualTo("22P04");
        assertThat(unclosed.message()).contains("unterminated quoted field");
        assertThat(unclosed.values()).isNull();
        assertThat(unclosed.original()).isEqualTo("11,\"oops,11,x\n");

        // the same bytes as the .rejected.csv file, reject by reject
        ByteArrayOutputStream originals = new ByteArrayOutputStream();
        for (StoredReject r : all) originals.writeBytes(r.originalBytes());
        assertThat(originals.toByteArray()).isEqualTo(Files.readAllBytes(rejects.resolve("public.items.rejected.csv")));
        // and the .log still reads as before
        assertThat(Files.readString(rejects.resolve("public.items.log"))).contains("ERROR 22001: value too long for type character varying(5)")
                .contains("line 3, column name (value)");
    }

    @Test
    void pagesReadTheSameRejectsAcrossPageBoundaries() throws Exception {
        RejectLog log = RejectLog.open(rejects, "public.items");
        List<StoredReject> all = log.read(0, 6);
        List<StoredReject> first = log.read(0, 4), second = log.read(4, 4), past = log.read(6, 4);
        assertThat(first).hasSize(4);
        assertThat(second).hasSize(2);
        assertThat(past).isEmpty();
        assertThat(log.read(2, 0)).isEmpty();
        assertThat(second.get(0).index()).isEqualTo(4);
        for (int i = 0; i < 6; i++) {
            StoredReject expected = all.get(i), got = i < 4 ? first.get(i) : second.get(i - 4);
            assertThat(got.line()).isEqualTo(expected.line());
            assertThat(got.message()).isEqualTo(expected.message());
            assertThat(got.originalBytes()).isEqualTo(expected.originalBytes());
        }
        assertThat(log.read(3, 2)).extracting(StoredReject::line).containsExactly(6L, 9L);
        assertThat(log.get(5).stage()).isEqualTo("parse");
        assertThatThrownBy(() -> log.get(6)).isInstanceOf(IndexOutOfBoundsException.class);

        // filtering pages the same way: the next page starts after the last index returned
        List<StoredReject> valueLess = log.matching(r -> r.values() == null, 0, 2);
        assertThat(valueLess).extracting(StoredReject::index).containsExactly(2L, 3L);
        assertThat(log.matching(r -> r.values() == null, 4, 2)).extracting(StoredReject::index).containsExactly(5L);
        assertThat(log.count(r -> "qty".equals(r.column()))).isEqualTo(2);
    }

    @Test
    void groupsRejectsByCauseWithoutTheirValues() throws Exception {
        Map<String, Long> groups = RejectLog.open(rejects, "public.items").groups();
        List<String> keys = List.copyOf(groups.keySet());
        assertThat(keys).hasSize(5);
        assertThat(keys.get(0)).isEqualTo("22001 name: value too long for type character varying(5)");
        assertThat(keys.get(1)).isEqualTo("22P02 qty: invalid input syntax for type integer: \"…\"");
        assertThat(groups.get(keys.get(1))).isEqualTo(2);
        assertThat(keys.get(2)).startsWith("22021: NUL byte (…) at line …, field …");
        assertThat(keys.get(3)).startsWith("22021: invalid byte … for encoding UTF-8 at line …");
        assertThat(keys.get(4)).startsWith("22P04: unterminated quoted field starting at line …");
        assertThat(groups.values()).containsExactly(1L, 2L, 1L, 1L, 1L);
    }

    @Test
    void exportsRejectsAsCsvWithTheColumnsThenWhereAndWhy() throws Exception {
        RejectLog log = RejectLog.open(rejects, "public.items");
        Path out = dir.resolve("export.csv");
        assertThat(log.exportCsv(out, r -> true)).isEqualTo(6);
        String text = Files.readString(out);
        try (Reader in = Files.newBufferedReader(out, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.parse(in, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(p.getHeaderNames()).containsExactly("id", "name", "qty", "note",
                    "_file", "_line", "_stage", "_sqlstate", "_column", "_message", "_original");
            List<CSVRecord> rows = p.getRecords();
            assertThat(rows).hasSize(6);
            assertThat(Arrays.asList(rows.get(0).get("id"), rows.get(0).get("name"), rows.get(0).get("qty"), rows.get(0).get("note")))
                    .containsExactly("2", "toolongname", "3", "x");
            assertThat(rows.get(0).get("_line")).isEqualTo("3");
            assertThat(rows.get(0).get("_sqlstate")).isEqualTo("22001");
            assertThat(rows.get(0).get("_column")).isEqualTo("name");
            assertThat(rows.get(0).get("_message")).isEqualTo("value too long for type character varying(5)");
            assertThat(rows.get(0).get("_original")).isEmpty();
            assertThat(rows.get(4).get("note")).isEqualTo("two\nlines");
            // a row without values carries its original record
            assertThat(rows.get(5).get("id")).isEmpty();
            assertThat(rows.get(5).get("_stage")).isEqualTo("parse");
            assertThat(rows.get(5).get("_original")).isEqualTo("11,\"oops,11,x");
        }
        // SQL NULL is an empty unquoted field, text is quoted: the empty _original of a row with values is NULL
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).startsWith("\"2\",\"toolongname\",\"3\",\"x\",").endsWith(",");

        Path onlyQty = dir.resolve("qty.csv");
        assertThat(log.exportCsv(onlyQty, r -> "qty".equals(r.column()))).isEqualTo(2);
        assertThat(Files.readAllLines(onlyQty)).hasSize(1 + 2 + 1); // the header, two rows, one with a line break inside
    }
}
