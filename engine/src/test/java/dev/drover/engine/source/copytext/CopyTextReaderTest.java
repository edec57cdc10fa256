package dev.drover.engine.source.copytext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.CsvSourceBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The COPY text reader on its own: records, line numbers, header and encodings. */
class CopyTextReaderTest {

    private static CsvSource source(String encoding, boolean header, int skip) {
        CsvSourceBuilder b = new CsvSourceBuilder(CsvSource.copyTextDefaults(List.of("x.copy")));
        b.encoding = encoding;
        b.header = header;
        b.skipLines = skip;
        return b.build();
    }

    /** Each record as its line number followed by its fields. */
    private static List<List<String>> read(CsvSource s, byte[] data) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (CopyTextReader r = CopyTextReader.open(s, new ByteArrayInputStream(data), "x.copy")) {
            if (!r.header().isEmpty()) out.add(new ArrayList<>(r.header()));
            while (r.next()) {
                List<String> rec = new ArrayList<>();
                rec.add(Long.toString(r.line()));
                if (r.problem() != null) rec.add("problem: " + r.problem().message());
                for (int i = 0; i < r.size(); i++) rec.add(r.get(i));
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void countsLinesAcrossEscapedNewlinesSkipsLinesAndReadsAHeader() throws Exception {
        byte[] data = "title line\nid\tnote\n1\tone\\\ntwo\n\n2\t\\N\n3\tend\\".getBytes(StandardCharsets.UTF_8);
        assertThat(read(source("utf-8", true, 1), data)).containsExactly(
                List.of("id", "note"),
                List.of("3", "1", "one\ntwo"),       // starts at line 3, spans line 4
                Arrays.asList("6", "2", null),       // line 5 is empty: skipped, still counted
                List.of("7", "3", "end"));           // a backslash at the very end is dropped; no final line end
    }

    @Test
    void readsUtf16WithItsByteOrderMark() throws Exception {
        Charset le = StandardCharsets.UTF_16LE;
        byte[] bom = {(byte) 0xFF, (byte) 0xFE};
        byte[] body = "1\tZoë\\t漢\r\n2\t\\x41\n".getBytes(le);
        byte[] data = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, data, bom.length, body.length);
        assertThat(read(source("utf-16", false, 0), data)).containsExactly(
                List.of("1", "1", "Zoë\t漢"), List.of("2", "2", "A"));
    }

    @Test
    void aRaggedRecordKeepsItsFieldCountForThePolicyToJudge() throws Exception {
        assertThat(read(source("utf-8", false, 0), "1\n1\t2\t3\n".getBytes(StandardCharsets.UTF_8)))
                .extracting(List::size).containsExactly(2, 4);
    }
}
