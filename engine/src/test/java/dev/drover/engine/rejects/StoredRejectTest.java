package dev.drover.engine.rejects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredRejectTest {
    private static StoredReject reject(String sqlState, String column, String message) {
        return new StoredReject(0, "f.csv", 1, "copy", sqlState, message, null, null, null, column,
                List.of("id", "qty"), Arrays.asList("1", null), "1,\n", new byte[] {'1', ',', '\n'}, null);
    }

    @Test
    void errorGroupsKeepTypesAndNamesButNotTheRowsValues() {
        assertThat(reject("22001", "name", "value too long for type character varying(80)").errorGroup())
                .isEqualTo("22001 name: value too long for type character varying(80)");
        assertThat(reject("22P02", "qty", "invalid input syntax for type integer: \"n/a\"").errorGroup())
                .isEqualTo(reject("22P02", "qty", "invalid input syntax for type integer: \"12x\"").errorGroup())
                .isEqualTo("22P02 qty: invalid input syntax for type integer: \"…\"");
        assertThat(reject("22003", "qty", "value \"99999999999\" is out of range for type integer").errorGroup())
                .isEqualTo("22003 qty: value \"…\" is out of range for type integer");
        assertThat(reject("23505", null, "duplicate key value violates unique constraint \"items_pkey\"").errorGroup())
                .isEqualTo("23505: duplicate key value violates unique constraint \"items_pkey\"");
        assertThat(reject("22021", null, "invalid byte sequence for encoding \"UTF8\": 0xe9 0x20").errorGroup())
                .isEqualTo("22021: invalid byte sequence for encoding \"UTF8\": …");
        assertThat(reject("22P04", null, "extra data after last expected field: 5 fields, expected 4").errorGroup())
                .isEqualTo("22P04: extra data after last expected field: … fields, expected …");
        assertThat(reject(null, null, "numeric field overflow for numeric(10,2) in float8").errorGroup())
                .isEqualTo("-----: numeric field overflow for numeric(10,2) in float8");
    }

    @Test
    void nullValuesStayNullAndTheBytesStayTheRecordsOwn() {
        StoredReject r = reject("23502", "qty", "null value in column \"qty\" of relation \"items\" violates not-null constraint");
        assertThat(r.values()).containsExactly("1", null);
        assertThat(r.failingColumnIndex()).isEqualTo(1);
        assertThat(reject("23502", "other", "x").failingColumnIndex()).isEqualTo(-1);
        r.originalBytes()[0] = 'X';
        assertThat(r.originalBytes()[0]).isEqualTo((byte) '1');
        assertThat(r.errorGroup()).isEqualTo("23502 qty: null value in column \"qty\" of relation \"items\" violates not-null constraint");
    }
}
