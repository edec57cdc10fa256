package dev.drover.engine.source.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    /** Every key in [min, max] (and any key outside it) falls in exactly one slice. */
    private static void coversOnce(List<KeyRange> slices, long... keys) {
        for (long k : keys) {
            long hits = slices.stream().filter(r -> (r.from() == null || k >= r.from()) && (r.to() == null || k < r.to())).count();
            assertThat(hits).as("key %d in %s", k, slices).isEqualTo(1);
        }
    }

    @Test
    void slicesCoverEveryKeyExactlyOnceWithOpenEnds() {
        List<KeyRange> s = KeyRange.split("id", 1, 100, 4);
        assertThat(s).hasSize(4);
        assertThat(s.get(0).from()).isNull();
        assertThat(s.get(3).to()).isNull();
        assertThat(s.get(0).condition(c -> "\"" + c + "\"")).isEqualTo("\"id\" < 26");
        assertThat(s.get(1).condition(c -> c)).isEqualTo("id >= 26 AND id < 51");
        coversOnce(s, Long.MIN_VALUE, 0, 1, 25, 26, 50, 51, 99, 100, 101, Long.MAX_VALUE);
        // keys from one end of long to the other: no overflow
        coversOnce(KeyRange.split("id", Long.MIN_VALUE, Long.MAX_VALUE, 3), Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE);
        // fewer keys than slices: no empty or repeated slice
        List<KeyRange> few = KeyRange.split("id", 5, 6, 8);
        coversOnce(few, 4, 5, 6, 7);
        assertThat(few).hasSizeLessThanOrEqualTo(2);
        assertThat(KeyRange.split("id", 7, 7, 3)).containsExactly(KeyRange.slice("id", null, null));
    }

    @Test
    void aSliceKeepsTheCursorsOrderAndABoundedReadHasItsOwn() {
        assertThat(KeyRange.slice("id", 10L, 20L).after(c -> c, KeyRange.Limit.LIMIT, " ORDER BY id"))
                .isEqualTo(" WHERE id >= 10 AND id < 20 ORDER BY id");
        assertThat(KeyRange.slice("id", null, null).after(c -> c, KeyRange.Limit.LIMIT, "")).isEmpty();
        assertThat(KeyRange.last(List.of("a", "b"), 3).after(c -> c, KeyRange.Limit.LIMIT, " ORDER BY x"))
                .isEqualTo(" ORDER BY a DESC, b DESC LIMIT 3");
        assertThatThrownBy(() -> new KeyRange(List.of("a", "b"), 1L, null, 0, false)).hasMessageContaining("one-column");
        assertThatThrownBy(() -> KeyRange.first(List.of("a"), 0)).hasMessageContaining("at least one row");
    }
}
