package dev.drover.engine.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CopyTextRowTest {
    static CopyTextRow parse(int width, String line) throws SQLException {
        CopyTextRow row = new CopyTextRow(width);
        row.parse(line.getBytes(StandardCharsets.UTF_8), "t");
        return row;
    }

    @Test
    void splitsAtTabsAndReadsNullsAndEmptyStrings() throws SQLException {
        CopyTextRow row = parse(4, "1\t\\N\t\tlast\n");
        assertThat(row.field(0)).hasToString("1");
        assertThat(row.field(1)).isNull();
        assertThat(row.field(2)).isEmpty();
        assertThat(row.field(3)).hasToString("last");
    }

    @Test
    void unescapesBackslashSequencesIncludingOctalBytesOfOneCharacter() throws SQLException {
        CopyTextRow row = parse(3, "a\\tb\\nc\\\\d\\r\t\\\\x00ff\t\\303\\251\\x41\\N\n");
        assertThat(row.field(0)).hasToString("a\tb\nc\\d\r");
        assertThat(row.field(1)).hasToString("\\x00ff");
        assertThat(row.field(2)).hasToString("éAN");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsAnError() {
        assertThatThrownBy(() -> parse(2, "1\t2\t3\n")).isInstanceOf(SQLException.class).hasMessageContaining("2 expected");
        assertThatThrownBy(() -> parse(3, "1\t2\n")).isInstanceOf(SQLException.class);
    }

    @Test
    void defaultsKeepTheirMeaningThroughTheGenericNormaliser() {
        assertThat(PostgresCatalogReader.portableDefault("'abc'::character varying", "character varying", "character varying(9)")).isEqualTo("'abc'");
        assertThat(PostgresCatalogReader.portableDefault("'FR'::bpchar", "character", "character(2)")).isEqualTo("'FR'");
        assertThat(PostgresCatalogReader.portableDefault("'{}'::integer[]", "integer[]", "integer[]")).isEqualTo("'{}'");
        assertThat(PostgresCatalogReader.portableDefault("'-1'::integer", "integer", "integer")).isEqualTo("'-1'");
        assertThat(PostgresCatalogReader.portableDefault("42", "integer", "integer")).isEqualTo("42");
        assertThat(PostgresCatalogReader.portableDefault("gen_random_uuid()", "uuid", "uuid")).isEqualTo("gen_random_uuid()");
        assertThat(PostgresCatalogReader.portableDefault("CURRENT_USER", "name", "name")).isEqualTo("CAST(CURRENT_USER AS name)");
        assertThat(PostgresCatalogReader.portableDefault("'2020-01-01'::date", "timestamp without time zone", "timestamp without time zone"))
                .isEqualTo("CAST('2020-01-01'::date AS timestamp without time zone)");
        assertThat(PostgresCatalogReader.portableDefault("lower('A'::text) || 'b'::text", "text", "text"))
                .isEqualTo("CAST(lower('A'::text) || 'b'::text AS text)");
    }
}
