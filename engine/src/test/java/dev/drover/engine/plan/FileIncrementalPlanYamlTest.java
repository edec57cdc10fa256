package dev.drover.engine.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A file table's {@code mode: incremental} with its cursor, upsert and delete: reading, checking, writing. */
class FileIncrementalPlanYamlTest {

    @Test
    void readsAndRoundTripsAnIncrementalFileTable() {
        Plan plan = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: public.orders
                    source: {csv: {files: [orders.csv]}}
                    mode: incremental
                    cursor: [updated_at, id]
                    delete: before-first-batch
                  - table: public.items
                    source: {csv: {files: [items.csv]}}
                """, "p.yaml");
        assertThat(plan.tables().get(0).incremental()).isEqualTo(new DatabaseSpec.Incremental(List.of("updated_at", "id"),
                DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH));
        assertThat(plan.tables().get(1).incremental()).isNull();
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("mode: incremental").contains("before-first-batch").contains("primary-key");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        assertThat(PlanYaml.write(PlanYaml.read(yaml, "p.yaml"))).isEqualTo(yaml);
    }

    @Test
    void upsertOffAndDeleteOffRoundTrip() {
        Plan plan = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: events
                    source: {csv: {files: [e.csv]}}
                    mode: incremental
                    cursor: seq
                    upsert: "off"
                """, "p.yaml");
        DatabaseSpec.Incremental inc = plan.tables().get(0).incremental();
        assertThat(inc.upsert()).isEqualTo(DatabaseSpec.Incremental.Upsert.OFF);
        assertThat(inc.delete()).isEqualTo(DatabaseSpec.Incremental.Delete.OFF);
        assertThat(PlanYaml.read(PlanYaml.write(plan), "p.yaml")).isEqualTo(plan);
    }

    @Test
    void badModeCursorAndKeysHaveLineAndColumn() {
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: a
                    source: {csv: {files: [a.csv]}}
                    mode: incremantal
                  - table: b
                    source: {csv: {files: [b.csv]}}
                    mode: incremental
                  - table: c
                    source: {csv: {files: [c.csv]}}
                    mode: incremental
                    cursor: []
                  - table: d
                    source: {csv: {files: [d.csv]}}
                    cursor: [id]
                  - table: e
                    source: {csv: {files: [e.csv]}}
                    mode: incremental
                    cursor: [stamp]
                    columns: [{column: id, field: id}]
                  - table: f
                    source: {csv: {files: [f.csv]}}
                    mode: incremental
                    cursor: [id]
                    delete: always
                """, "p.yaml"));
        assertThat(e.problems()).extracting(Throwable::getMessage).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("p.yaml:6:").contains("mode must be full or incremental, not 'incremantal'"),
                m -> assertThat(m).startsWith("p.yaml:9:").contains("has no cursor"),
                m -> assertThat(m).startsWith("p.yaml:13:").contains("the cursor is empty"),
                m -> assertThat(m).startsWith("p.yaml:16:").contains("cursor applies to mode: incremental only"),
                m -> assertThat(m).startsWith("p.yaml:20:").contains("the cursor names column stamp"),
                m -> assertThat(m).startsWith("p.yaml:26:").contains("delete must be one of off, before_first_batch"));
    }
}
