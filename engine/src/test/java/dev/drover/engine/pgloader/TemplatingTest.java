package dev.drover.engine.pgloader;

import static dev.drover.engine.pgloader.Parsing.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatingTest {
    private static final String SHOP = """
            -- run with:  SRC_DB=/data/shop.db  drover run shop.load
            LOAD DATABASE
                 FROM sqlite://{{SRC_DB}}
                 INTO postgresql://loader@{{ PGHOST }}/shop
            WITH include drop, create tables, create indexes, reset sequences;
            """;

    @Test
    void rendersVariablesBeforeParsing() {
        CommandFile f = CommandFile.parse("shop.load", SHOP, Map.of("SRC_DB", "/data/shop.db", "PGHOST", "db.internal"));
        LoadDatabase db = (LoadDatabase) f.commands().get(0);
        assertThat(db.source().uri()).isEqualTo("sqlite:///data/shop.db");
        assertThat(db.target().url()).isEqualTo("postgresql://loader@db.internal/shop");
        assertThat(f.warnings()).isEmpty();
        // positions stay those of the file as written, after a substitution that changed the line's length
        assertThat(db.options().get(0).position()).isEqualTo(new Position(5, 6));
    }

    @Test
    void rendersAnUndefinedVariableEmptyWithAWarningAsPgloaderDoes() {
        CommandFile f = CommandFile.parse("shop.load", SHOP, Map.of("SRC_DB", "/data/shop.db"));
        assertThat(((LoadDatabase) f.commands().get(0)).target().url()).isEqualTo("postgresql://loader@/shop");
        assertThat(f.warnings()).extracting(Warning::toString).containsExactly(
                "4:31: template variable {{PGHOST}} is not defined; it renders as an empty string, as in pgloader");
    }

    @Test
    void refusesAnUndefinedVariableWhenAskedTo() {
        assertThatThrownBy(() -> CommandFile.parse("shop.load", SHOP, Map.of("SRC_DB", "x.db"), CommandFile.UndefinedVariables.ERROR))
                .isInstanceOf(CommandFileException.class)
                .hasMessage("shop.load:4:31: template variable {{PGHOST}} is not defined")
                .satisfies(e -> assertThat(((CommandFileException) e).line()).isEqualTo(4));
    }

    @Test
    void escapesDoubleBracesAndWarnsButNotTripleOrAmpersand() {
        String text = "LOAD CSV FROM '{{A}}' INTO postgresql://u:{{{P}}}@h/db?{{& T}};";
        CommandFile f = CommandFile.parse("t.load", text, Map.of("A", "a&b.csv", "P", "p<w>", "T", "t"));
        LoadCsv csv = (LoadCsv) f.commands().get(0);
        assertThat(((FileSource.Path) csv.source()).path()).isEqualTo("a&amp;b.csv");
        assertThat(csv.target().url()).isEqualTo("postgresql://u:p<w>@h/db?t");
        assertThat(f.warnings()).singleElement().asString().startsWith("1:16: {{A}} is HTML-escaped");
    }

    @Test
    void rendersSectionsInvertedSectionsAndComments() {
        String text = """
                {{! which file to load }}
                LOAD CSV FROM {{#FILE}}{{FILE}}{{/FILE}}{{^FILE}}default.csv{{/FILE}}
                INTO postgresql:///db?t {{#TRUNCATE}}WITH truncate{{/TRUNCATE}};
                """;
        LoadCsv a = (LoadCsv) CommandFile.parse("t.load", text, Map.of("TRUNCATE", "yes")).commands().get(0);
        assertThat(((FileSource.Path) a.source()).path()).isEqualTo("default.csv");
        assertThat(a.options()).extracting(Option::name).containsExactly("truncate");
        LoadCsv b = (LoadCsv) CommandFile.parse("t.load", text, Map.of("FILE", "x.csv")).commands().get(0);
        assertThat(((FileSource.Path) b.source()).path()).isEqualTo("x.csv");
        assertThat(b.options()).isEmpty();
    }

    @Test
    void reportsTemplateErrorsWhereTheTagIs() {
        assertThat(error("LOAD CSV\n FROM {{#A}}x.csv INTO postgresql:///db?t;")).isEqualTo(
                "t.load:2:7: template section {{#A}} is never closed with {{/A}}");
        assertThat(error("LOAD {{#A}}CSV{{/B}}")).isEqualTo("t.load:1:15: template section end {{/B}} does not match {{#A}} opened at 1:6");
        assertThat(error("LOAD {{> other}}")).isEqualTo("t.load:1:6: template partials ({{> other}}) are not supported: Drover renders one file");
        assertThat(error("LOAD {{A")).isEqualTo("t.load:1:6: template tag '{{A' is not closed with '}}'");
    }

    @Test
    void pointsParseErrorsAfterATemplateAtTheUsersText() {
        // the value of {{T}} is longer than the tag: the error after it must still be reported on the file's columns
        assertThat(error("LOAD CSV FROM {{T}} INTO postgresql:///db?t WITH trunacte;", Map.of("T", "a-very-long-file-name.csv")))
                .isEqualTo("t.load:1:50: unknown WITH option 'trunacte' for LOAD CSV (did you mean 'truncate'?)");
        // an error inside a value points at its tag
        assertThat(error("LOAD CSV FROM x.csv INTO {{URL}};", Map.of("URL", "mysql://h/db")))
                .isEqualTo("t.load:1:26: expected a PostgreSQL connection string (postgresql://...) after INTO in LOAD CSV, found 'mysql://h/db'");
    }
}
