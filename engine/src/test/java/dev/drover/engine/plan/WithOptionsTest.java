package dev.drover.engine.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WithOptionsTest {
    static final CsvSource SRC = CsvSource.defaults(List.of("a.csv"));
    static final LoadOptions OPT = LoadOptions.defaults();

    static WithOptions.Result apply(String... withs) {
        return WithOptions.apply(List.of(withs), SRC, OPT);
    }

    @Test
    void csvOptions() {
        CsvSource s = apply("skip header = 1", "csv header", "fields terminated by ';'", "encoding 'latin1'",
                "keep unquoted blanks", "null if 'NA'").source();
        assertThat(s.skipLines()).isEqualTo(1);
        assertThat(s.header()).isTrue();
        assertThat(s.delimiter()).isEqualTo(';');
        assertThat(s.encoding()).isEqualTo("latin1");
        assertThat(s.trimBlanks()).isFalse();
        assertThat(s.nullMarkers()).containsExactly("", "NA");
        assertThat(apply("keep unquoted blanks", "trim unquoted blanks").source().trimBlanks()).isTrue();
        assertThat(apply("null if blanks").source().nullMarkers()).containsExactly("");
    }

    @Test
    void escapeModeAndLineTerminator() {
        CsvSource s = apply("fields escaped by backslash-quote", "csv escape mode quote", "lines terminated by '¶'").source();
        assertThat(s.escapeMode()).isEqualTo(CsvSource.EscapeMode.QUOTE);
        assertThat(s.lineTerminator()).isEqualTo('¶');
        assertThat(apply("csv escape mode following").source().escapeMode()).isEqualTo(CsvSource.EscapeMode.FOLLOWING);
        assertThat(apply("lines terminated by '0x0A'").source().lineTerminator()).isNull();
    }

    @Test
    void delimiterSpellings() {
        assertThat(apply("fields terminated by '\\t'").source().delimiter()).isEqualTo('\t');
        assertThat(apply("fields terminated by '0x09'").source().delimiter()).isEqualTo('\t');
        assertThat(apply("fields terminated by ','").source().delimiter()).isEqualTo(',');
        assertThat(apply("FIELDS TERMINATED BY '|'").source().delimiter()).isEqualTo('|');
    }

    @Test
    void quotingAndEscaping() {
        CsvSource s = apply("fields optionally enclosed by '\"'", "fields escaped by backslash-quote").source();
        assertThat(s.quote()).isEqualTo('"');
        assertThat(s.escape()).isEqualTo('\\');
        assertThat(apply("fields enclosed by ''''", "fields escaped by double-quote").source().escape()).isEqualTo('\'');
        CsvSource none = apply("fields not enclosed").source();
        assertThat(none.quote()).isNull();
        assertThat(none.escape()).isNull();
    }

    @Test
    void loadOptions() {
        LoadOptions o = apply("truncate", "drop indexes", "disable triggers", "batch rows = 10000", "batch size = 20 MB",
                "workers = 4", "concurrency = 2", "on error stop", "create table").options();
        assertThat(o.truncate()).isTrue();
        assertThat(o.dropIndexes()).isTrue();
        assertThat(o.disableTriggers()).isTrue();
        assertThat(o.batchRows()).isEqualTo(10_000);
        assertThat(o.batchBytes()).isEqualTo(20L << 20);
        assertThat(o.workers()).isEqualTo(4);
        assertThat(o.concurrency()).isEqualTo(2);
        assertThat(o.onError()).isEqualTo(OnError.STOP);
        assertThat(o.createTable()).isEqualTo(CreateTable.TEXT);
        assertThat(apply("on error stop", "on error resume next").options().onError()).isEqualTo(OnError.RESUME);
        assertThat(apply("batch size = 64kB").options().batchBytes()).isEqualTo(65536);
    }

    @Test
    void severalOptionsInOneString() {
        WithOptions.Result r = apply("csv header, fields terminated by ',', truncate");
        assertThat(r.source().header()).isTrue();
        assertThat(r.source().delimiter()).isEqualTo(',');
        assertThat(r.options().truncate()).isTrue();
    }

    @Test
    void unknownOptionsNameTheOptionAndListTheKnownOnes() {
        assertThatThrownBy(() -> apply("truncat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option 'truncat' (did you mean 'truncate'?); known options: skip header = N, csv header")
                .hasMessageContaining("on error resume next");
        assertThatThrownBy(() -> apply("prefetch rows = 10")).hasMessageStartingWith("unknown option 'prefetch rows = 10'");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> apply("workers = 0")).hasMessage("option 'workers = 0': workers must be at least 1");
        assertThatThrownBy(() -> apply("fields terminated by 'ab'")).hasMessageStartingWith("option 'fields terminated by 'ab'': 'ab' is not one character");
        assertThatThrownBy(() -> apply("encoding 'klingon'")).hasMessageContaining("unknown encoding 'klingon'");
        assertThatThrownBy(() -> apply("batch size = 1 kB")).hasMessageContaining("at least 64kB");
    }

    @Test
    void charSpecs() {
        assertThat(WithOptions.parseChar("tab")).isEqualTo('\t');
        assertThat(WithOptions.parseChar("\\t")).isEqualTo('\t');
        assertThat(WithOptions.parseChar("0x09")).isEqualTo('\t');
        assertThat(WithOptions.parseChar("\t")).isEqualTo('\t');
        assertThat(WithOptions.parseChar(";")).isEqualTo(';');
        assertThat(WithOptions.parseChar("¦")).isEqualTo('¦');
    }
}
