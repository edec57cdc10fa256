package dev.drover.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextPlanYamlTest {
    private static final String HEAD = "version: 1\ntarget:\n  url: postgresql://me@localhost/db\ntables:\n  - table: events\n"
            + "    source:\n      csv:\n        files: [events.copy]\n";

    @Test
    void aCopyTextSourceRoundTripsWithItsFormatKey() {
        CsvSourceBuilder b = new CsvSourceBuilder(CsvSource.copyTextDefaults(List.of("events.copy")));
        b.nullMarkers = List.of("--");
        b.delimiter = '|';
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://me@localhost/db", null), LoadOptions.defaults(),
                List.of(new TableLoad("events", b.build(), List.of())));
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("format: copy-text");
        Plan back = PlanYaml.read(yaml, "plan.yaml");
        assertThat(back).isEqualTo(plan);
        assertThat(PlanYaml.write(back)).isEqualTo(yaml);
    }

    @Test
    void aPlanWithoutFormatReadsCsvAsBeforeAndWritesNoFormatKey() {
        Plan p = PlanYaml.read(HEAD, "p.yaml");
        CsvSource s = p.tables().get(0).source();
        assertThat(s.format()).isEqualTo(CsvSource.Format.CSV);
        assertThat(s).isEqualTo(CsvSource.defaults(List.of("events.copy")));
        assertThat(PlanYaml.write(p)).doesNotContain("format");
        assertThat(PlanYaml.read(HEAD + "        format: csv\n", "p.yaml").tables().get(0).source().isCopyText()).isFalse();
    }

    @Test
    void copyTextTakesOneNullStringAndNoFixedFields() {
        assertThat(PlanYaml.read(HEAD + "        format: copy-text\n        delimiter: \"\\t\"\n        null: ['\\N']\n", "p.yaml")
                .tables().get(0).source().nullMarkers()).containsExactly("\\N");
        assertThatThrownBy(() -> PlanYaml.read(HEAD + "        format: copy-text\n        null: ['a', 'b']\n", "p.yaml"))
                .isInstanceOf(PlanException.class).hasMessageContaining("exactly one null string");
        assertThatThrownBy(() -> PlanYaml.read(HEAD + "        format: copy\n", "p.yaml"))
                .isInstanceOf(PlanException.class).hasMessageContaining("format must be one of");
    }
}
