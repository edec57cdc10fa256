package dev.drover.engine.source.csv;

import dev.drover.engine.plan.CsvSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {
    @TempDir
    Path dir;

    /** One record as read: its line, its fields (null = NULL), its problem and its original bytes. */
    record Rec(long line, List<String> fields, CsvProblem problem, byte[] original) {
        @Override
        public String toString() {
            return line + ":" + (problem != null ? problem : fields);
        }
    }

    static CsvSource opts() {
        return CsvSource.defaults(List.of("x.csv"));
    }

    static CsvSource with(String encoding, char delimiter, Character quote, Character escape, boolean header,
                          int skip, List<String> nulls, boolean trim) {
        return new CsvSource(List.of("x.csv"), encoding, delimiter, quote, escape, header, skip, nulls, trim,
                CsvSource.FieldCountPolicy.REJECT, CsvSource.FieldCountPolicy.REJECT);
    }

    Path write(byte[] bytes) throws IOException {
        Path p = dir.resolve("data.csv");
        Files.write(p, bytes);
        return p;
    }

    Path write(String text, Charset cs) throws IOException {
        return write(text.getBytes(cs));
    }

    List<Rec> read(CsvSource o, Path p) throws IOException {
        try (CsvReader r = CsvReader.open(o, new SourceFile(p, p.getFileName().toString()))) {
            return drain(r);
        }
    }

    static List<Rec> drain(CsvReader r) throws IOException {
        List<Rec> out = new ArrayList<>();
        while (r.next()) {
            List<String> f = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) f.add(r.get(i));
            out.add(new Rec(r.line(), f, r.problem(), r.original()));
        }
        return out;
    }

    List<Rec> read(CsvSource o, String text) throws IOException {
        return read(o, write(text, StandardCharsets.UTF_8));
    }

    static List<String> l(String... v) {
        return Arrays.asList(v);
    }

    // ------------------------------------------------------------ delimiters and quoting

    @Test
    void commaSeparatedWithDoubledQuotes() throws IOException {
        List<Rec> recs = read(opts(), "1,\"a,b\",\"say \"\"hi\"\"\"\n2,plain,x\n");
        assertThat(recs).extracting(Rec::fields).containsExactly(l("1", "a,b", "say \"hi\""), l("2", "plain", "x"));
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 2L);
        assertThat(recs).allMatch(r -> r.problem() == null);
    }

    @Test
    void semicolonTabAndPipeDelimiters() throws IOException {
        assertThat(read(with("utf8", ';', '"', '"', false, 0, l(""), true), "a;\"b;c\";d\n").get(0).fields())
                .containsExactly("a", "b;c", "d");
        assertThat(read(with("utf8", '\t', '"', '"', false, 0, l(""), true), "a\tb b\t\tc\n").get(0).fields())
                .containsExactly("a", "b b", null, "c");
        assertThat(read(with("utf8", '|', '"', '"', false, 0, l(""), true), "a|b|\"c|d\"\n").get(0).fields())
                .containsExactly("a", "b", "c|d");
    }

    @Test
    void multiByteDelimiterInUtf8AndLatin1() throws IOException {
        CsvSource o = with("utf-8", '¦', '"', '"', false, 0, l(""), true);
        assertThat(read(o, "é¦\"x¦y\"¦z\nb¦c¦d\n")).extracting(Rec::fields)
                .containsExactly(l("é", "x¦y", "z"), l("b", "c", "d"));
        CsvSource latin = with("latin1", '¦', '"', '"', false, 0, l(""), true);
        assertThat(read(latin, write("é¦x\n", StandardCharsets.ISO_8859_1)).get(0).fields()).containsExactly("é", "x");
    }

    @Test
    void withoutQuoteCharacterQuotesAreData() throws IOException {
        List<Rec> recs = read(with("utf8", ',', null, null, false, 0, l(""), true), "\"a,b\",c\n");
        assertThat(recs.get(0).fields()).containsExactly("\"a", "b\"", "c");
    }

    @Test
    void backslashEscapeInsideQuotes() throws IOException {
        List<Rec> recs = read(with("utf8", ',', '"', '\\', false, 0, l(""), true), "\"a\\\"b\",\"c\\\\d\",e\\f\n2,x,y\n");
        assertThat(recs).extracting(Rec::fields).containsExactly(l("a\"b", "c\\d", "e\\f"), l("2", "x", "y"));
    }

    static CsvSource withMode(CsvSource s, CsvSource.EscapeMode mode, Character terminator) {
        return new CsvSource(s.files(), s.encoding(), s.delimiter(), s.quote(), s.escape(), s.header(), s.skipLines(),
                s.nullMarkers(), s.trimBlanks(), s.extraFields(), s.missingFields(), s.fixed(), s.format(), mode,
                terminator, false);
    }

    @Test
    void escapeModeQuoteEscapesOnlyTheQuote() throws IOException {
        // pgloader's default csv escape mode (reference §4.2): \ stays two backslashes, \x stays \x, \" is "
        CsvSource o = withMode(with("utf8", ',', '"', '\\', false, 0, l(""), true), CsvSource.EscapeMode.QUOTE, null);
        String text = "1,\"a\\\\b\"\n2,\"q\\\"q\"\n3,\"\\x\\y\"\n";
        List<List<String>> want = List.of(l("1", "a\\\\b"), l("2", "q\"q"), l("3", "\\x\\y"));
        assertThat(read(o, text)).extracting(Rec::fields).containsExactlyElementsOf(want);
        // the char path (not UTF-8) reads the same
        assertThat(read(withMode(with("latin1", ',', '"', '\\', false, 0, l(""), true), CsvSource.EscapeMode.QUOTE, null),
                write(text, StandardCharsets.ISO_8859_1))).extracting(Rec::fields).containsExactlyElementsOf(want);
    }

    @Test
    void escapeModeFollowingEscapesWhateverFollows() throws IOException {
        CsvSource o = withMode(with("utf8", ',', '"', '\\', false, 0, l(""), true), CsvSource.EscapeMode.FOLLOWING, null);
        String text = "1,\"a\\\\b\"\n2,\"q\\\"q\"\n3,\"\\x\\y\"\n";
        List<List<String>> want = List.of(l("1", "a\\b"), l("2", "q\"q"), l("3", "xy"));
        assertThat(read(o, text)).extracting(Rec::fields).containsExactlyElementsOf(want);
        assertThat(read(withMode(with("utf-16le", ',', '"', '\\', false, 0, l(""), true), CsvSource.EscapeMode.FOLLOWING, null),
                write(text, StandardCharsets.UTF_16LE))).extracting(Rec::fields).containsExactlyElementsOf(want);
    }

    @Test
    void lineTerminatorOfItsOwn() throws IOException {
        // lines terminated by '¶' (reference §4.7): LF is data, a quoted ¶ is data, two ¶ make an empty record
        CsvSource o = withMode(with("utf8", ',', '"', '"', false, 1, l(""), true), CsvSource.EscapeMode.QUOTE, '¶');
        String text = "id,name¶1,one¶2,\"t¶o\"¶¶3,th\nree\r\n¶4,four";
        List<Rec> recs = read(o, text);
        assertThat(recs).extracting(Rec::fields)
                .containsExactly(l("1", "one"), l("2", "t¶o"), l("3", "th\nree\r\n"), l("4", "four"));
        assertThat(recs).extracting(Rec::line).containsExactly(2L, 3L, 5L, 6L);
        assertThat(new String(recs.get(0).original(), StandardCharsets.UTF_8)).isEqualTo("1,one¶");
        for (String cs : List.of("latin1", "utf-16be")) {
            Charset charset = Charset.forName(cs);
            CsvSource other = withMode(with(cs, ',', '"', '"', false, 1, l(""), true), CsvSource.EscapeMode.QUOTE, '¶');
            assertThat(read(other, write(text, charset))).as(cs).extracting(Rec::fields)
                    .containsExactly(l("1", "one"), l("2", "t¶o"), l("3", "th\nree\r\n"), l("4", "four"));
        }
    }

    @Test
    void lineTerminatorAcrossBufferRefills() throws IOException {
        // records long enough that the two bytes of ¶ fall across reads of the stream
        CsvSource o = withMode(with("utf8", ',', '"', '"', false, 0, l(""), true), CsvSource.EscapeMode.QUOTE, '¶');
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.append(i).append(",v").append(i).append(i % 7 == 0 ? "\n" : "").append('¶');
        InputStream in = new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 4093));
            }
        };
        try (CsvReader r = CsvReader.open(o, in, "s")) {
            List<Rec> recs = drain(r);
            assertThat(recs).hasSize(20_000);
            assertThat(recs.get(19_998).fields()).containsExactly("19998", "v19998");
            assertThat(recs.get(7).fields()).containsExactly("7", "v7\n");
            assertThat(recs).allMatch(x -> x.problem() == null);
        }
    }

    @Test
    void customEscapeCharacter() throws IOException {
        List<Rec> recs = read(with("utf8", ',', '"', '~', false, 0, l(""), true), "\"a~\"b\",c\n");
        assertThat(recs.get(0).fields()).containsExactly("a\"b", "c");
    }

    @Test
    void quoteInTheMiddleOfAnUnquotedFieldIsData() throws IOException {
        assertThat(read(opts(), "ab\"c,d\n").get(0).fields()).containsExactly("ab\"c", "d");
    }

    // ------------------------------------------------------------ NULL, blanks, trim

    @Test
    void nullBlankTrimDecisionTableWithTrim() throws IOException {
        List<Rec> recs = read(opts(), "a,,   ,\"\",\"  \", x ,\n");
        assertThat(recs.get(0).fields()).containsExactly("a", null, null, "", "  ", "x", null);
    }

    @Test
    void nullBlankTrimDecisionTableKeepingBlanks() throws IOException {
        List<Rec> recs = read(with("utf8", ',', '"', '"', false, 0, l(""), false), "a,,   ,\"\",\"  \", x \n");
        assertThat(recs.get(0).fields()).containsExactly("a", null, "   ", "", "  ", " x ");
    }

    @Test
    void severalNullMarkersApplyToUnquotedValuesOnly() throws IOException {
        CsvSource o = with("utf8", ',', '"', '"', false, 0, l("", "\\N", "NULL"), true);
        List<Rec> recs = read(o, "\\N, NULL ,\"NULL\",\"\\N\",,null\n");
        assertThat(recs.get(0).fields()).containsExactly(null, null, "NULL", "\\N", null, "null");
    }

    @Test
    void withoutEmptyMarkerUnquotedEmptyIsEmptyString() throws IOException {
        CsvSource o = with("utf8", ',', '"', '"', false, 0, l("\\N"), true);
        assertThat(read(o, "a,,\\N\n").get(0).fields()).containsExactly("a", "", null);
    }

    // ------------------------------------------------------------ lines, header, skip

    @Test
    void embeddedNewlinesKeepLineNumbersRight() throws IOException {
        String text = "1,\"two\nlines\"\r\n2,\"three\r\nlines\r\nhere\"\n3,\"cr\ronly\"\r4,x\n";
        List<Rec> recs = read(opts(), text);
        assertThat(recs).extracting(Rec::fields).containsExactly(
                l("1", "two\nlines"), l("2", "three\r\nlines\r\nhere"), l("3", "cr\ronly"), l("4", "x"));
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 3L, 6L, 8L);
    }

    @Test
    void crlfAndLoneCrLineEnds() throws IOException {
        List<Rec> recs = read(opts(), "a,b\r\nc,d\re,f\ng,h");
        assertThat(recs).extracting(Rec::fields).containsExactly(l("a", "b"), l("c", "d"), l("e", "f"), l("g", "h"));
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(recs).extracting(r -> new String(r.original(), StandardCharsets.UTF_8))
                .containsExactly("a,b\r\n", "c,d\r", "e,f\n", "g,h");
    }

    @Test
    void lastLineWithoutTerminator() throws IOException {
        List<Rec> recs = read(opts(), "a,b\nc,\"d\"");
        assertThat(recs.get(1).fields()).containsExactly("c", "d");
        assertThat(new String(recs.get(1).original(), StandardCharsets.UTF_8)).isEqualTo("c,\"d\"");
    }

    @Test
    void emptyLinesAreSkippedButCounted() throws IOException {
        List<Rec> recs = read(opts(), "a\n\n\r\nb\n");
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 4L);
    }

    @Test
    void skipLinesThenHeader() throws IOException {
        CsvSource o = with("utf8", ',', '"', '"', true, 2, l(""), true);
        Path p = write("junk \"unbalanced\r\nmore junk\nid,\"Name\"\n1,Ann\n2,Bob\n", StandardCharsets.UTF_8);
        try (CsvReader r = CsvReader.open(o, SourceFile.of(p))) {
            assertThat(r.header()).containsExactly("id", "Name");
            List<Rec> recs = drain(r);
            assertThat(recs).extracting(Rec::fields).containsExactly(l("1", "Ann"), l("2", "Bob"));
            assertThat(recs).extracting(Rec::line).containsExactly(4L, 5L);
        }
    }

    @Test
    void unreadableHeaderIsReportedNotThrown() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("id,caf".getBytes(StandardCharsets.UTF_8));
        b.write(0xE9);
        b.write("\n1,x\n".getBytes(StandardCharsets.UTF_8));
        try (CsvReader r = CsvReader.open(with("utf8", ',', '"', '"', true, 0, l(""), true), SourceFile.of(write(b.toByteArray())))) {
            assertThat(r.header()).isEmpty();
            assertThat(r.headerProblem().stage()).isEqualTo("encoding");
            assertThat(r.headerProblem().message()).contains("line 1, field 2");
            assertThat(drain(r)).extracting(Rec::fields).containsExactly(l("1", "x"));
        }
    }

    @Test
    void noHeaderGivesEmptyHeaderList() throws IOException {
        try (CsvReader r = CsvReader.open(opts(), SourceFile.of(write("a,b\n", StandardCharsets.UTF_8)))) {
            assertThat(r.header()).isEmpty();
            assertThat(r.next()).isTrue();
            assertThat(r.get(0)).isEqualTo("a");
        }
    }

    @Test
    void bytesReadReachesFileSize() throws IOException {
        Path p = write("a,b\nc,d\n", StandardCharsets.UTF_8);
        try (CsvReader r = CsvReader.open(opts(), SourceFile.of(p))) {
            assertThat(r.sizeBytes()).isEqualTo(8);
            r.next();
            assertThat(r.bytesRead()).isEqualTo(4);
            r.next();
            assertThat(r.next()).isFalse();
            assertThat(r.bytesRead()).isEqualTo(8);
        }
    }

    // ------------------------------------------------------------ encodings

    @Test
    void utf8WithAndWithoutBom() throws IOException {
        byte[] body = "é,ü\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        withBom.write(body);
        assertThat(read(opts(), write(body)).get(0).fields()).containsExactly("é", "ü");
        List<Rec> recs = read(with("latin1", ',', '"', '"', false, 0, l(""), true), write(withBom.toByteArray()));
        assertThat(recs.get(0).fields()).as("the BOM wins over latin1").containsExactly("é", "ü");
        assertThat(recs.get(0).original()).isEqualTo(body);
    }

    @Test
    void latin1AndItsAliases() throws IOException {
        Path p = write("café,Ø\n", StandardCharsets.ISO_8859_1);
        for (String name : List.of("latin1", "LATIN-1", "iso-8859-1", "ISO_8859_1")) {
            assertThat(read(with(name, ',', '"', '"', false, 0, l(""), true), p).get(0).fields())
                    .as(name).containsExactly("café", "Ø");
        }
    }

    @Test
    void cp1252EuroSign() throws IOException {
        Path p = write("prix,5 €\n", Charset.forName("windows-1252"));
        assertThat(Files.readAllBytes(p)).contains((byte) 0x80);
        assertThat(read(with("cp1252", ',', '"', '"', false, 0, l(""), true), p).get(0).fields()).containsExactly("prix", "5 €");
        assertThat(read(with("Windows-1252", ',', '"', '"', false, 0, l(""), true), p).get(0).fields()).containsExactly("prix", "5 €");
    }

    @Test
    void latin9AndAscii() throws IOException {
        Path p = write("€,a\n", Charset.forName("ISO-8859-15"));
        assertThat(read(with("latin9", ',', '"', '"', false, 0, l(""), true), p).get(0).fields()).containsExactly("€", "a");
        List<Rec> ascii = read(with("ascii", ',', '"', '"', false, 0, l(""), true), "a,b\né,c\nd,e\n");
        assertThat(ascii.get(0).problem()).isNull();
        assertThat(ascii.get(1).problem().stage()).isEqualTo("encoding");
        assertThat(ascii.get(2).fields()).containsExactly("d", "e");
    }

    @Test
    void utf16LittleEndianWithBom() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        b.write("id;\"nom\nlong\"\r\n1;€\n".getBytes(StandardCharsets.UTF_16LE));
        CsvSource o = with("utf-8", ';', '"', '"', false, 0, l(""), true);
        List<Rec> recs = read(o, write(b.toByteArray()));
        assertThat(recs).extracting(Rec::fields).containsExactly(l("id", "nom\nlong"), l("1", "€"));
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 3L);
        assertThat(recs.get(1).original()).isEqualTo("1;€\n".getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void utf16BigEndianDeclaredWithoutBom() throws IOException {
        Path p = write("a,b\nc,d\n".getBytes(StandardCharsets.UTF_16BE));
        assertThat(read(with("UTF-16", ',', '"', '"', false, 0, l(""), true), p)).extracting(Rec::fields)
                .containsExactly(l("a", "b"), l("c", "d"));
        assertThat(read(with("utf-16be", ',', '"', '"', false, 0, l(""), true), p)).hasSize(2);
    }

    @Test
    void unknownEncodingListsCloseNames() {
        assertThatThrownBy(() -> read(with("latn1", ',', '"', '"', false, 0, l(""), true), "a\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latn1").hasMessageContaining("latin1");
    }

    @Test
    void invalidUtf8ByteRejectsOnlyItsRecord() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("1,ok,x\n2,\"multi\nline\",y\n".getBytes(StandardCharsets.UTF_8));
        byte[] bad = "3,caf\u00e9,z\n".getBytes(StandardCharsets.ISO_8859_1);
        b.write(bad);
        b.write("4,après,w\n".getBytes(StandardCharsets.UTF_8));
        List<Rec> recs = read(opts(), write(b.toByteArray()));
        assertThat(recs).hasSize(4);
        assertThat(recs.get(0).problem()).isNull();
        assertThat(recs.get(1).problem()).isNull();
        Rec r = recs.get(2);
        assertThat(r.line()).isEqualTo(4);
        assertThat(r.problem().stage()).isEqualTo("encoding");
        assertThat(r.problem().sqlState()).isEqualTo("22021");
        assertThat(r.problem().field()).isEqualTo(2);
        assertThat(r.problem().message()).isEqualTo("invalid byte 0xE9 for encoding UTF-8 at line 4, field 2 (file data.csv)");
        assertThat(r.problem().hint()).contains("--encoding cp1252");
        assertThat(r.original()).isEqualTo(bad);
        assertThat(r.fields()).isEmpty();
        assertThat(recs.get(3).fields()).containsExactly("4", "après", "w");
        assertThat(recs.get(3).line()).isEqualTo(5);
    }

    @Test
    void invalidByteInsideMultilineFieldReportsItsOwnLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("a,b,\"x\ny".getBytes(StandardCharsets.UTF_8));
        b.write(0xFF);
        b.write("\"\nc,d,e\n".getBytes(StandardCharsets.UTF_8));
        List<Rec> recs = read(opts(), write(b.toByteArray()));
        assertThat(recs.get(0).problem().message()).contains("at line 2, field 3");
        assertThat(recs.get(1).fields()).containsExactly("c", "d", "e");
        assertThat(recs.get(1).line()).isEqualTo(3);
    }

    @Test
    void nulByteRejectsItsRecord() throws IOException {
        List<Rec> recs = read(opts(), "a,b\nc,d\0e\nf,g\n");
        assertThat(recs.get(1).problem().stage()).isEqualTo("nul");
        assertThat(recs.get(1).problem().sqlState()).isEqualTo("22021");
        assertThat(recs.get(1).problem().field()).isEqualTo(2);
        assertThat(recs.get(1).problem().message()).contains("line 2").contains("data.csv");
        assertThat(recs.get(1).original()).isEqualTo("c,d\0e\n".getBytes(StandardCharsets.UTF_8));
        assertThat(recs.get(2).fields()).containsExactly("f", "g");
    }

    // ------------------------------------------------------------ malformed quoting

    @Test
    void unterminatedQuoteAtEndOfFile() throws IOException {
        List<Rec> recs = read(opts(), "a,b\nc,\"d\ne,f\n");
        assertThat(recs).hasSize(2);
        CsvProblem p = recs.get(1).problem();
        assertThat(p.stage()).isEqualTo("parse");
        assertThat(p.sqlState()).isEqualTo("22P04");
        assertThat(p.message()).startsWith("unterminated quoted field starting at line 2");
        assertThat(p.field()).isEqualTo(2);
        assertThat(recs.get(1).original()).isEqualTo("c,\"d\ne,f\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedQuoteInTheMiddleIsFollowedByGoodRecords() throws IOException {
        List<Rec> recs = read(opts(), "1,x\n2,\"ab\"c,d\n3,y\n4,\"z\"\n");
        assertThat(recs).hasSize(4);
        assertThat(recs.get(1).problem().stage()).isEqualTo("parse");
        assertThat(recs.get(1).problem().field()).isEqualTo(2);
        assertThat(recs.get(1).problem().message()).contains("'c'").contains("line 2");
        assertThat(recs.get(1).original()).isEqualTo("2,\"ab\"c,d\n".getBytes(StandardCharsets.UTF_8));
        assertThat(recs.get(2).fields()).containsExactly("3", "y");
        assertThat(recs.get(3).fields()).containsExactly("4", "z");
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void runawayQuoteIsCutAtItsFirstLineInsteadOfSwallowingTheFile() throws IOException {
        StringBuilder text = new StringBuilder("1,\"never closed\n");
        for (int i = 2; i <= 40; i++) text.append(i).append(",x\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        try (CsvReader r = CsvReader.open(opts(), trickle, "big.csv")) {
            r.maxRecordBytes = 100;
            List<Rec> recs = drain(r);
            assertThat(recs.get(0).problem().stage()).isEqualTo("parse");
            assertThat(recs.get(0).problem().message()).contains("line 1").contains("longer than 100 bytes")
                    .contains("never closed");
            assertThat(recs.get(0).original()).isEqualTo("1,\"never closed\n".getBytes(StandardCharsets.UTF_8));
            assertThat(recs.get(1).fields()).containsExactly("2", "x");
            assertThat(recs.get(1).line()).isEqualTo(2);
            assertThat(recs).hasSize(40);
            assertThat(recs.subList(1, 40)).allMatch(rec -> rec.problem() == null);
        }
    }

    // ------------------------------------------------------------ stdin, buffers, commons-csv agreement

    @Test
    void readsStandardInput() throws IOException {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a,b\nc,d\n".getBytes(StandardCharsets.UTF_8)));
            try (CsvReader r = CsvReader.open(opts(), SourceFile.STDIN)) {
                assertThat(r.sizeBytes()).isEqualTo(-1);
                assertThat(drain(r)).extracting(Rec::fields).containsExactly(l("a", "b"), l("c", "d"));
            }
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void recordsLargerThanTheBufferAndSplitAcrossReads() throws IOException {
        String big = "x".repeat(300_000);
        String text = "1,\"" + big + "\r\n" + big + "\"\r\n2,b\r\n";
        // a stream that returns a few bytes at a time, to cut CRLF and quotes at buffer ends
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        try (CsvReader r = CsvReader.open(opts(), trickle, "trickle")) {
            List<Rec> recs = drain(r);
            assertThat(recs).hasSize(2);
            assertThat(recs.get(0).fields().get(1)).hasSize(600_002);
            assertThat(recs.get(1).line()).isEqualTo(3);
            assertThat(recs.get(1).fields()).containsExactly("2", "b");
        }
    }

    @Test
    void agreesWithCommonsCsvOnRandomWellFormedFiles() throws IOException {
        Random rnd = new Random(42);
        String alphabet = "ab ,\"\n\r\t;é€";
        for (int round = 0; round < 50; round++) {
            List<List<String>> rows = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                List<String> row = new ArrayList<>();
                int f = 1 + rnd.nextInt(5);
                for (int j = 0; j < f; j++) {
                    StringBuilder v = new StringBuilder();
                    int len = 1 + rnd.nextInt(6);
                    for (int k = 0; k < len; k++) v.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                    row.add(v.toString());
                    if (j > 0) sb.append(',');
                    sb.append('"').append(v.toString().replace("\"", "\"\"")).append('"');
                }
                rows.add(row);
                sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
            }
            List<List<String>> expected = new ArrayList<>();
            try (CSVParser p = CSVParser.parse(new StringReader(sb.toString()), CSVFormat.DEFAULT)) {
                for (CSVRecord r : p) expected.add(r.toList());
            }
            assertThat(expected).isEqualTo(rows);
            List<Rec> recs = read(opts(), sb.toString());
            assertThat(recs).extracting(Rec::fields).isEqualTo(expected);
            StringBuilder originals = new StringBuilder();
            for (Rec r : recs) originals.append(new String(r.original(), StandardCharsets.UTF_8));
            assertThat(originals.toString()).isEqualTo(sb.toString());
        }
    }

    @Test
    void smallReadsGiveTheSameRecordsAsOneBigRead() throws IOException {
        String text = "1¦\"a¦b\"\"c\"\r\n2¦\"multi\rline\"¦\r\n\n3¦x\0y\n4¦\"bad\"z¦w\r5¦\"€\"\r\n6¦\"open";
        for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            CsvSource o = with(cs.name(), '¦', '"', '"', false, 0, l(""), true);
            byte[] bytes = text.getBytes(cs);
            List<String> expected = null;
            for (int chunk : new int[] {1, 2, 3, 5, 7, 1 << 20}) {
                InputStream trickle = new ByteArrayInputStream(bytes) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, chunk));
                    }
                };
                List<String> got = new ArrayList<>();
                ByteArrayOutputStream originals = new ByteArrayOutputStream();
                try (CsvReader r = CsvReader.open(o, trickle, "t")) {
                    for (Rec rec : drain(r)) {
                        got.add(rec.toString());
                        originals.write(rec.original());
                    }
                }
                assertThat(got).as(cs + " chunk " + chunk).hasSize(6);
                if (expected == null) expected = got;
                assertThat(got).as(cs + " chunk " + chunk).isEqualTo(expected);
                assertThat(new String(originals.toByteArray(), cs)).isEqualTo(text.replace("\r\n\n3", "\r\n3"));
            }
            assertThat(expected.get(0)).isEqualTo("1:[1, a¦b\"c]");
            assertThat(expected.get(1)).isEqualTo("2:[2, multi\rline, null]");
            assertThat(expected.get(2)).startsWith("5:CsvProblem[stage=nul");
            assertThat(expected.get(3)).startsWith("6:CsvProblem[stage=parse");
            assertThat(expected.get(4)).isEqualTo("7:[5, €]");
            assertThat(expected.get(5)).startsWith("8:CsvProblem[stage=parse").contains("unterminated");
        }
    }

    @Test
    void invalidUtf16LoneSurrogateRejectsOnlyItsRecord() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("a,b\n".getBytes(StandardCharsets.UTF_16LE));
        byte[] bad = new byte[] {'c', 0, ',', 0, 0x00, (byte) 0xD8, '\n', 0};
        b.write(bad);
        b.write("e,f\n".getBytes(StandardCharsets.UTF_16LE));
        List<Rec> recs = read(with("utf-16le", ',', '"', '"', false, 0, l(""), true), write(b.toByteArray()));
        assertThat(recs).hasSize(3);
        assertThat(recs.get(1).problem().stage()).isEqualTo("encoding");
        assertThat(recs.get(1).problem().field()).isEqualTo(2);
        assertThat(recs.get(1).original()).isEqualTo(bad);
        assertThat(recs.get(2).fields()).containsExactly("e", "f");
    }

    // ------------------------------------------------------------ the UTF-8 byte path

    /**
     * UTF-8 files are split as bytes; every other charset goes through chars. The same text read both ways (as
     * UTF-8, and as UTF-16LE, which takes the char path) must give the same records, whatever the options.
     */
    @Test
    void utf8BytePathAgreesWithTheCharPathOnRandomFiles() throws IOException {
        Random rnd = new Random(7);
        String alphabet = "ab \\,;\"\n\r\tNé€李🎉";
        String[][] nullSets = {{""}, {"", "NA"}, {"\\N"}, {}};
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(200);
            for (int k = 0; k < len; k++) {
                int at = rnd.nextInt(alphabet.length());
                // keep the emoji's surrogate pair together
                if (Character.isLowSurrogate(alphabet.charAt(at))) at--;
                sb.append(alphabet.charAt(at));
                if (Character.isHighSurrogate(alphabet.charAt(at))) sb.append(alphabet.charAt(at + 1));
            }
            char delim = rnd.nextBoolean() ? ',' : ';';
            Character quote = rnd.nextInt(5) == 0 ? null : '"';
            Character escape = quote == null ? null : rnd.nextBoolean() ? '"' : '\\';
            List<String> nulls = List.of(nullSets[rnd.nextInt(nullSets.length)]);
            boolean trim = rnd.nextBoolean();
            String text = sb.toString();
            List<String> viaBytes = recordsOf(with("utf-8", delim, quote, escape, false, 0, nulls, trim), text, StandardCharsets.UTF_8);
            List<String> viaChars = recordsOf(with("utf-16le", delim, quote, escape, false, 0, nulls, trim), text, StandardCharsets.UTF_16LE);
            assertThat(viaBytes).as("round %d: %s", round, text).isEqualTo(viaChars);
        }
    }

    private List<String> recordsOf(CsvSource o, String text, Charset cs) throws IOException {
        List<String> out = new ArrayList<>();
        for (Rec r : read(o, write(text, cs))) {
            out.add(r.line() + ":" + (r.problem() != null ? r.problem().stage() + "@" + r.problem().field() : r.fields()));
        }
        return out;
    }

    /** The byte path's UTF-8 check must refuse exactly what Java's strict decoder refuses. */
    @Test
    void utf8CheckMatchesTheJdkDecoder() throws IOException {
        int[][] sequences = {
                {0xC3, 0xA9}, {0xE2, 0x82, 0xAC}, {0xF0, 0x9F, 0x8E, 0x89}, {0xF4, 0x8F, 0xBF, 0xBF}, {0xEF, 0xBF, 0xBF},
                {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF},
                {0xF0, 0x80, 0x80, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0x80}, {0xBF},
                {0xC3}, {0xE2, 0x82}, {0xF0, 0x9F, 0x8E}, {0xC3, 0x41}, {0xE2, 0x41, 0x80}, {0xE2, 0x82, 0x41},
                {0xF0, 0x9F, 0x41, 0x80}, {0xF0, 0x9F, 0x8E, 0x41}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80}};
        for (int[] seq : sequences) {
            for (String[] around : new String[][] {{"x", "y"}, {"\"x", "y\""}, {"", ""}, {"\"", "\""}}) {
                ByteArrayOutputStream field = new ByteArrayOutputStream();
                field.write(around[0].getBytes(StandardCharsets.UTF_8));
                for (int v : seq) field.write(v);
                field.write(around[1].getBytes(StandardCharsets.UTF_8));
                byte[] f = field.toByteArray();
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                file.write("a,".getBytes(StandardCharsets.UTF_8));
                file.write(f);
                file.write(",b\nc,d,e\n".getBytes(StandardCharsets.UTF_8));
                boolean jdkAccepts;
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(f));
                    jdkAccepts = true;
                } catch (java.nio.charset.CharacterCodingException e) {
                    jdkAccepts = false;
                }
                List<Rec> recs = read(opts(), write(file.toByteArray()));
                String what = Arrays.toString(seq) + " in " + Arrays.toString(around);
                assertThat(recs).as(what).hasSize(2);
                if (jdkAccepts) {
                    assertThat(recs.get(0).problem()).as(what).isNull();
                    String expected = new String(f, StandardCharsets.UTF_8);
                    if (around[0].startsWith("\"")) expected = expected.substring(1, expected.length() - 1);
                    assertThat(recs.get(0).fields()).as(what).containsExactly("a", expected, "b");
                } else {
                    assertThat(recs.get(0).problem()).as(what).isNotNull();
                    assertThat(recs.get(0).problem().stage()).as(what).isEqualTo("encoding");
                    assertThat(recs.get(0).problem().field()).as(what).isEqualTo(2);
                    assertThat(recs.get(0).problem().message()).as(what).startsWith("invalid byte").contains("at line 1, field 2");
                }
                assertThat(recs.get(1).fields()).as(what).containsExactly("c", "d", "e");
            }
        }
    }

    @Test
    void copyValuesAppendsUtf8WindowsWithNullsAsMinusOne() throws IOException {
        Path p = write("1,\"a\"\"b\",,\"\",é🎉\n", StandardCharsets.UTF_8);
        try (CsvReader r = CsvReader.open(opts(), new SourceFile(p, "x"))) {
            assertThat(r.next()).isTrue();
            dev.drover.engine.copy.CopyBuffer out = new dev.drover.engine.copy.CopyBuffer(4);
            out.putBytes(new byte[] {9, 9, 9}, 0, 3); // values land after what is there
            int[] starts = new int[8];
            int[] lengths = new int[8];
            r.copyValues(out, starts, lengths, 2);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                got.add(lengths[2 + i] < 0 ? null : new String(out.buf, starts[2 + i], lengths[2 + i], StandardCharsets.UTF_8));
                assertThat(starts[2 + i]).isGreaterThanOrEqualTo(3);
            }
            assertThat(got).containsExactly("1", "a\"b", null, "", "é🎉");
        }
    }

    @Test
    void valuesIntoASinkCollectValuesOfSeveralRecordsWithoutCopies() throws IOException {
        Path p = write("a,\"b\"\"c\"\n\nd,caf\u00e9\n", StandardCharsets.UTF_8);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        try (CsvReader r = CsvReader.open(opts(), new SourceFile(p, "x"))) {
            dev.drover.engine.copy.CopyBuffer sink = new dev.drover.engine.copy.CopyBuffer(2);
            r.valuesInto(sink);
            int[] starts = new int[4];
            int[] lengths = new int[4];
            assertThat(r.next()).isTrue();
            r.copyValues(sink, starts, lengths, 0);
            int afterFirst = sink.pos;
            assertThat(r.next()).isTrue();
            r.copyValues(sink, starts, lengths, 2);
            assertThat(sink.pos).as("values appended once, not copied again").isEqualTo(afterFirst + "dcafé".getBytes(StandardCharsets.UTF_8).length);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) got.add(new String(sink.buf, starts[i], lengths[i], StandardCharsets.UTF_8));
            assertThat(got).containsExactly("a", "b\"c", "d", "café");
            assertThat(r.get(1)).isEqualTo("café");
        }
        // a record with an encoding problem leaves nothing behind in the sink
        bad.write("x,y\nz,\"caf".getBytes(StandardCharsets.UTF_8));
        bad.write(0xE9);
        bad.write("\"\nw,v\n".getBytes(StandardCharsets.UTF_8));
        try (CsvReader r = CsvReader.open(opts(), new SourceFile(write(bad.toByteArray()), "x"))) {
            dev.drover.engine.copy.CopyBuffer sink = new dev.drover.engine.copy.CopyBuffer(2);
            r.valuesInto(sink);
            assertThat(r.next()).isTrue();
            int afterFirst = sink.pos;
            assertThat(r.next()).isTrue();
            assertThat(r.problem().stage()).isEqualTo("encoding");
            assertThat(sink.pos).isEqualTo(afterFirst);
            assertThat(r.next()).isTrue();
            assertThat(r.get(0)).isEqualTo("w");
            assertThat(new String(sink.buf, 0, sink.pos, StandardCharsets.UTF_8)).isEqualTo("xywv");
        }
    }

    // ------------------------------------------------------------ option helpers

    @Test
    void parseCharSpecAcceptsCommonSpellings() {
        assertThat(CsvReader.parseCharSpec("\\t")).isEqualTo('\t');
        assertThat(CsvReader.parseCharSpec("tab")).isEqualTo('\t');
        assertThat(CsvReader.parseCharSpec("0x09")).isEqualTo('\t');
        assertThat(CsvReader.parseCharSpec("'|'")).isEqualTo('|');
        assertThat(CsvReader.parseCharSpec(";")).isEqualTo(';');
        assertThat(CsvReader.parseCharSpec("0x02")).isEqualTo('\u0002');
        assertThatThrownBy(() -> CsvReader.parseCharSpec("ab")).isInstanceOf(IllegalArgumentException.class);
    }
}
