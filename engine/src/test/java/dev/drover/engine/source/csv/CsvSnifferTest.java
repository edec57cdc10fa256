package dev.drover.engine.source.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CsvSnifferTest {
    @TempDir
    Path dir;

    Path write(String text, Charset cs) throws IOException {
        Path p = dir.resolve("f.csv");
        Files.write(p, text.getBytes(cs));
        return p;
    }

    @Test
    void commaSeparatedUtf8WithHeader() throws IOException {
        CsvGuess g = CsvSniffer.guess(write("""
                id,name,born,city
                1,"Dupont, Jean",1970-03-01,Paris
                2,Anna,1985-12-24,"Zürich"
                3,"Say \"\"hi\"\"",2001-01-01,Oslo
                """, StandardCharsets.UTF_8));
        assertThat(g.encoding()).isEqualTo("UTF-8");
        assertThat(g.delimiter()).isEqualTo(',');
        assertThat(g.quote()).isEqualTo('"');
        assertThat(g.escape()).isEqualTo('"');
        assertThat(g.header()).isTrue();
        assertThat(g.preview()).hasSize(4);
        assertThat(g.preview().get(1)).containsExactly("1", "Dupont, Jean", "1970-03-01", "Paris");
        assertThat(g.preview().get(3).get(1)).isEqualTo("Say \"hi\"");
        assertThat(g.notes()).isNotEmpty();
    }

    @Test
    void europeanSemicolonFileInCp1252() throws IOException {
        CsvGuess g = CsvSniffer.guess(write("""
                Produit;Prix;Quantité
                Café;3,50 €;2
                Thé vert;4,20 €;1
                Crème;1,10 €;12
                """, Charset.forName("windows-1252")));
        assertThat(g.encoding()).isEqualTo("windows-1252");
        assertThat(g.delimiter()).isEqualTo(';');
        assertThat(g.header()).isTrue();
        assertThat(g.preview().get(1)).containsExactly("Café", "3,50 €", "2");
    }

    @Test
    void latin1WithoutCp1252Characters() throws IOException {
        CsvGuess g = CsvSniffer.guess(write("a|b\nné|çà\nx|y\n", StandardCharsets.ISO_8859_1));
        assertThat(g.encoding()).isEqualTo("ISO-8859-1");
        assertThat(g.delimiter()).isEqualTo('|');
    }

    @Test
    void tabSeparatedWithoutHeader() throws IOException {
        CsvGuess g = CsvSniffer.guess(write("1\t2.5\tfoo, bar\n2\t3.5\tbaz; qux\n3\t4\tquux\n", StandardCharsets.UTF_8));
        assertThat(g.delimiter()).isEqualTo('\t');
        assertThat(g.header()).isFalse();
    }

    @Test
    void singleQuotesAndEmbeddedNewlines() throws IOException {
        CsvGuess g = CsvSniffer.guess(write("1,'a, b',x\n2,'multi\nline, text',y\n3,'c',z\n4,'d, e',w\n", StandardCharsets.UTF_8));
        assertThat(g.delimiter()).isEqualTo(',');
        assertThat(g.quote()).isEqualTo('\'');
        assertThat(g.preview()).hasSize(4);
        assertThat(g.preview().get(1).get(1)).isEqualTo("multi\nline, text");
    }

    @Test
    void backslashEscapedQuotes() throws IOException {
        CsvGuess g = CsvSniffer.guess(write("1,\"say \\\"hi\\\", ok\",x\n2,\"b\",y\n3,\"c\",z\n", StandardCharsets.UTF_8));
        assertThat(g.quote()).isEqualTo('"');
        assertThat(g.escape()).isEqualTo('\\');
    }

    @Test
    void utf16WithBom() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        b.write("name;age\nAnn;31\nBob;42\n".getBytes(StandardCharsets.UTF_16LE));
        Path p = dir.resolve("u16.csv");
        Files.write(p, b.toByteArray());
        CsvGuess g = CsvSniffer.guess(p);
        assertThat(g.encoding()).isEqualTo("UTF-16LE");
        assertThat(g.delimiter()).isEqualTo(';');
        assertThat(g.header()).isTrue();
    }

    @Test
    void guessedOptionsReadTheFile() throws IOException {
        Path p = write("code;label\nA1;\"x;y\"\nB2;z\n", StandardCharsets.UTF_8);
        CsvGuess g = CsvSniffer.guess(p);
        var o = new dev.drover.engine.plan.CsvSource(java.util.List.of(p.toString()), g.encoding(), g.delimiter(),
                g.quote(), g.escape(), g.header(), 0, java.util.List.of(""), true,
                dev.drover.engine.plan.CsvSource.FieldCountPolicy.REJECT, dev.drover.engine.plan.CsvSource.FieldCountPolicy.REJECT);
        try (CsvReader r = CsvReader.open(o, SourceFile.of(p))) {
            assertThat(r.header()).containsExactly("code", "label");
            assertThat(r.next()).isTrue();
            assertThat(r.get(1)).isEqualTo("x;y");
        }
    }
}
