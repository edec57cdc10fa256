package dev.drover.engine.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code incremental:} section of a plan's {@code database:}: reading, checking, writing. */
class IncrementalPlanYamlTest {

    @Test
    void readsAndRoundTrips() {
        Plan plan = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  incremental:
                    orders: {cursor: [updated_at, id], upsert: primary-key, delete: "off"}
                    events: {cursor: seq, upsert: "off", delete: before-first-batch}
                """, "p.yaml");
        Map<String, DatabaseSpec.Incremental> inc = plan.database().incremental();
        assertThat(inc).containsExactly(
                Map.entry("orders", new DatabaseSpec.Incremental(List.of("updated_at", "id"), DatabaseSpec.Incremental.Upsert.PRIMARY_KEY,
                        DatabaseSpec.Incremental.Delete.OFF)),
                Map.entry("events", new DatabaseSpec.Incremental(List.of("seq"), DatabaseSpec.Incremental.Upsert.OFF,
                        DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH)));
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("incremental:").contains("primary-key").contains("before-first-batch");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        assertThat(PlanYaml.write(PlanYaml.read(yaml, "p.yaml"))).isEqualTo(yaml);
    }

    @Test
    void defaultsAreUpsertByPrimaryKeyAndNoDelete() {
        Plan plan = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  incremental: {orders: {cursor: id}}
                """, "p.yaml");
        DatabaseSpec.Incremental o = plan.database().incremental().get("orders");
        assertThat(o.upsert()).isEqualTo(DatabaseSpec.Incremental.Upsert.PRIMARY_KEY);
        assertThat(o.delete()).isEqualTo(DatabaseSpec.Incremental.Delete.OFF);
    }

    @Test
    void plansWithoutIncrementalWriteNoSection() {
        DatabaseSpec d = new DatabaseSpec("sqlite:///x.db", null, false, List.of());
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(), d);
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).doesNotContain("incremental");
        assertThat(PlanYaml.read(yaml, "p.yaml").database().incremental()).isEmpty();
    }

    @Test
    void problemsHaveLineAndColumn() {
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  incremental:
                    orders: {upsert: primary-key}
                    items: {cursor: id, upsert: primary-kye}
                    lines: {cursor: [a, a]}
                    notes: {cursor: id, merge: yes}
                """, "p.yaml"));
        assertThat(e.problems()).extracting(Throwable::getMessage).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("p.yaml:6:").contains("incremental orders has no cursor"),
                m -> assertThat(m).startsWith("p.yaml:7:").contains("incremental items upsert must be one of primary_key, off"),
                m -> assertThat(m).startsWith("p.yaml:8:").contains("names a column twice"),
                m -> assertThat(m).startsWith("p.yaml:9:").contains("unknown key 'merge'"));
    }

    @Test
    void refusesIncludeDropSchemaOnlyDataOnlyAndATableModeForTheSameTable() {
        PlanException drop = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  include_drop: true
                  incremental: {orders: {cursor: id}}
                """, "p.yaml"));
        assertThat(drop.getMessage()).contains("p.yaml:6:").contains("include drop would drop");
        PlanException both = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  table_modes: {Orders: existing}
                  incremental: {orders: {cursor: id}}
                """, "p.yaml"));
        assertThat(both.getMessage()).contains("both a table mode and incremental settings");
        PlanException schemaOnly = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  mode: schema_only
                  incremental: {orders: {cursor: id}}
                """, "p.yaml"));
        assertThat(schemaOnly.getMessage()).contains("schema only loads none");
        PlanException dataOnly = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  mode: data_only
                  incremental: {orders: {cursor: id}}
                """, "p.yaml"));
        assertThat(dataOnly.getMessage()).contains("remove mode data_only");
    }

    @Test
    void aLookbackWindowIsReadCheckedAndWrittenBack() {
        Plan plan = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  incremental:
                    orders: {cursor: [updated_at, id], lookback: 10 minutes}
                    events: {cursor: seq, lookback: 500}
                """, "p.yaml");
        assertThat(plan.database().incremental().get("orders").lookback()).isEqualTo("10 minutes");
        assertThat(plan.database().incremental().get("events").lookback()).isEqualTo("500");
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("lookback: 10 minutes");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);

        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///shop.db"
                  incremental:
                    orders: {cursor: [updated_at, id], lookback: ten minutes}
                    events: {cursor: seq, lookback: -5}
                """, "p.yaml"));
        assertThat(e.problems()).extracting(Throwable::getMessage).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("p.yaml:6:").contains("lookback 'ten minutes' is neither a duration"),
                m -> assertThat(m).startsWith("p.yaml:7:").contains("lookback '-5'"));

        PlanException files = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: orders
                    source: {csv: {files: [o.csv], header: true}}
                    mode: incremental
                    cursor: [id]
                    lookback: 10
                """, "p.yaml"));
        assertThat(files.problems()).extracting(Throwable::getMessage).singleElement()
                .satisfies(m -> assertThat(m).startsWith("p.yaml:8:").contains("lookback applies to the incremental tables of a database plan"));
    }

    @Test
    void lookbackMovesTheFirstCursorValueBackInItsOwnForm() {
        assertThat(Lookback.before("2024-01-08 09:00:00", Lookback.parse("10 minutes"), "t")).isEqualTo("2024-01-08 08:50:00");
        assertThat(Lookback.before("2024-01-08T00:05:00.250", Lookback.parse("PT10M"), "t")).isEqualTo("2024-01-07T23:55:00.250");
        assertThat(Lookback.before("2024-01-01 10:00:00+00", Lookback.parse("1h"), "t")).isEqualTo("2024-01-01 09:00:00+00");
        assertThat(Lookback.before("2024-03-01", Lookback.parse("1 day"), "t")).isEqualTo("2024-02-29");
        assertThat(Lookback.before(1000L, Lookback.parse("250"), "n")).isEqualTo(750L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Lookback.before(1000L, Lookback.parse("5 minutes"), "n"))
                .hasMessageContaining("holds numbers");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Lookback.before("c3", Lookback.parse("5 minutes"), "code"))
                .hasMessageContaining("needs a date or date-time value");
    }
}
