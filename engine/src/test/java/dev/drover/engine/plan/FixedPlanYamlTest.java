package dev.drover.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FixedPlanYamlTest {
    private static final String HEAD = "version: 1\ntarget:\n  url: postgresql://me@localhost/db\ntables:\n  - table: people\n"
            + "    source:\n      csv:\n        files: [people.txt]\n        fixed:\n";

    @Test
    void aFixedWidthSourceRoundTripsExactly() {
        CsvSource src = CsvSource.defaults(List.of("people.txt", "more/*.txt")).withFixed(List.of(
                FixedField.of("id", 0, 5),
                new FixedField("name", 5, 20, true, List.of("N/A", "blanks"), FixedField.Trim.BOTH, null),
                new FixedField("born", 25, 8, false, List.of(), FixedField.Trim.RIGHT, "YYYYMMDD")));
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://me@localhost/db", null), LoadOptions.defaults(),
                List.of(new TableLoad("people", src, List.of())));
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("fixed:").contains("name: born").contains("date_format: YYYYMMDD").contains("text: blanks");
        Plan back = PlanYaml.read(yaml, "plan.yaml");
        assertThat(back).isEqualTo(plan);
        assertThat(PlanYaml.write(back)).isEqualTo(yaml);
    }

    @Test
    void readsTheShortForms() {
        Plan p = PlanYaml.read(HEAD + "          - {name: id, from: 0, for: 5}\n"
                + "          - {name: name, from: 5, for: 20, trim: both, null_if: blanks}\n", "p.yaml");
        CsvSource s = p.tables().get(0).source();
        assertThat(s.isFixed()).isTrue();
        assertThat(s.fixed()).containsExactly(FixedField.of("id", 0, 5),
                new FixedField("name", 5, 20, true, List.of(), FixedField.Trim.BOTH, null));
    }

    @Test
    void overlappingFieldsAreRefusedWithLineColumnAndAFix() {
        assertThatThrownBy(() -> PlanYaml.read(HEAD + "          - {name: id, from: 0, for: 5}\n"
                + "          - {name: name, from: 3, for: 20}\n", "p.yaml"))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("p.yaml:11:")
                .hasMessageContaining("overlaps field id")
                .hasMessageContaining("from: 5");
    }

    @Test
    void negativePositionsMissingNamesAndBadFormatsAreRefused() {
        assertThatThrownBy(() -> PlanYaml.read(HEAD + "          - {name: id, from: -1, for: 5}\n"
                + "          - {from: 5, for: 3}\n"
                + "          - {name: d, from: 8, for: 0}\n"
                + "          - {name: e, from: 9, for: 8, date_format: 'YYYYQQ'}\n"
                + "          - {name: f, from: 20, for: 2, trim: middle}\n", "p.yaml"))
                .isInstanceOf(PlanException.class)
                .satisfies(e -> {
                    String m = e.getMessage() + ((PlanException) e).problems();
                    assertThat(m).contains("p.yaml:10:").contains("from cannot be negative")
                            .contains("p.yaml:11:").contains("missing 'name'")
                            .contains("for must be at least 1")
                            .contains("'Q'")
                            .contains("trim must be one of");
                });
    }
}
