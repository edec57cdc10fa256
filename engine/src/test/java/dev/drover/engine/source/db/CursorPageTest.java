package dev.drover.engine.source.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorPageTest {
    private static String q(String c) {
        return "\"" + c + "\"";
    }

    @Test
    void firstPageHasNoCondition() {
        CursorPage.Sql s = new CursorPage(List.of("updated_at", "id"), null, 100).sql(CursorPageTest::q, v -> "?", true, KeyRange.Limit.LIMIT);
        assertThat(s.text()).isEqualTo(" ORDER BY \"updated_at\", \"id\" LIMIT 100");
        assertThat(s.params()).isEmpty();
    }

    @Test
    void rowValueComparison() {
        CursorPage.Sql s = new CursorPage(List.of("updated_at", "id"), List.of("2024-01-02", 7L), 10)
                .sql(CursorPageTest::q, v -> "?", true, KeyRange.Limit.LIMIT);
        assertThat(s.text()).isEqualTo(" WHERE (\"updated_at\", \"id\") > (?, ?) ORDER BY \"updated_at\", \"id\" LIMIT 10");
        assertThat(s.params()).containsExactly("2024-01-02", 7L);
    }

    @Test
    void expandedFormForSourcesWithoutRowValues() {
        CursorPage.Sql s = new CursorPage(List.of("a", "b", "c"), List.of(1L, 2L, 3L), 5)
                .sql(CursorPageTest::q, v -> "?", false, KeyRange.Limit.FETCH);
        assertThat(s.text()).isEqualTo(" WHERE (\"a\" > ?) OR (\"a\" = ? AND \"b\" > ?) OR (\"a\" = ? AND \"b\" = ? AND \"c\" > ?)"
                + " ORDER BY \"a\", \"b\", \"c\" OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY");
        assertThat(s.params()).containsExactly(1L, 1L, 2L, 1L, 2L, 3L);
    }

    @Test
    void literalsInsteadOfParameters() {
        CursorPage.Sql s = new CursorPage(List.of("id"), List.of(41L), 2).sql(CursorPageTest::q, v -> "'" + v + "'", true, KeyRange.Limit.LIMIT);
        assertThat(s.text()).isEqualTo(" WHERE (\"id\" > '41') ORDER BY \"id\" LIMIT 2");
    }

    @Test
    void refusesNullsAndWrongWidths() {
        assertThatThrownBy(() -> new CursorPage(List.of("a", "b"), List.of(1L), 1)).hasMessageContaining("has 2 columns");
        assertThatThrownBy(() -> new CursorPage(List.of("a"), Arrays.asList((Object) null), 1)).hasMessageContaining("cannot hold NULL");
        assertThatThrownBy(() -> new CursorPage(List.of("a"), null, 0)).hasMessageContaining("at least one row");
    }

    @Test
    void aLookbackPageStartsAtAValueOfTheFirstColumnIncluded() {
        CursorPage.Sql s = CursorPage.from(List.of("updated_at", "id"), "2024-01-08 08:50:00", 10).sql(CursorPageTest::q, v -> "?", true, KeyRange.Limit.LIMIT);
        assertThat(s.text()).isEqualTo(" WHERE \"updated_at\" >= ? ORDER BY \"updated_at\", \"id\" LIMIT 10");
        assertThat(s.params()).containsExactly("2024-01-08 08:50:00");
    }
}
