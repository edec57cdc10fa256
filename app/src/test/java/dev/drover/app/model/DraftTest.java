package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.target.IdentifierPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DraftTest {
    static Draft everythingSet() {
        LoadOptionsBuilder b = new LoadOptionsBuilder();
        b.workers = 7;
        b.concurrency = 3;
        b.batchRows = 1234;
        b.batchBytes = 3L * 1024 * 1024;
        b.onError = OnError.STOP;
        b.maxErrors = ErrorLimit.parse("2.5%");
        b.rejectDir = Path.of("rejects/here");
        b.indexJobs = 5;
        b.settings = Map.of("work_mem", "64MB");
        return Draft.empty()
                .withSource("sqlite:///data/shop.db")
                .withTarget("postgresql://app@db.example:5433/shop?sslmode=require", "SHOP_PG_PASSWORD")
                .withTargetSchema("sales")
                .withSelection(List.of("customers", "orders", "Order Lines", "products"), List.of("customers", "Order Lines"))
                .withRename(Map.of("customers", "clients", "Order Lines", "archive.lines"))
                .withCasts(List.of("type datetime to timestamptz", "column orders.total to numeric(12,2) drop default"))
                .withIdentifiers(IdentifierPolicy.SNAKE_CASE)
                .withZeroDates(ZeroDates.REJECT)
                .withVerifySample(500)
                .withMaterialize(List.of(DatabaseSpec.Materialize.view("big_orders")))
                .withOptions(b.build())
                .withBuild(new DatabaseSpec.Build(true, false, false, DatabaseSpec.Identity.SERIAL, DatabaseSpec.Enums.TEXT_CHECK))
                .withTableMode(TableMode.TRUNCATE);
    }

    @Test
    void aSavedPlanReloadsUnchanged() {
        Draft d = everythingSet();
        String yaml = PlanYaml.write(d.toPlan());
        Plan read = PlanYaml.read(yaml, "plan.yaml");
        assertThat(Draft.fromPlan(read)).isEqualTo(d);
        assertThat(PlanYaml.write(Draft.fromPlan(read).toPlan())).isEqualTo(yaml);
        assertThat(yaml).contains("password_env: SHOP_PG_PASSWORD").doesNotContain("password:");

        Draft plain = Draft.empty().withSource("sqlite:///x.db").withTarget("postgresql://me@localhost/db", null);
        assertThat(Draft.fromPlan(PlanYaml.read(PlanYaml.write(plain.toPlan()), "p"))).isEqualTo(plain);
    }

    @Test
    void incrementalTablesBecomeThePlansIncrementalSectionAndComeBackUnchanged() {
        DatabaseSpec.Incremental orders = new DatabaseSpec.Incremental(List.of("updated_at", "id"),
                DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, DatabaseSpec.Incremental.Delete.OFF);
        DatabaseSpec.Incremental events = new DatabaseSpec.Incremental(List.of("seq"),
                DatabaseSpec.Incremental.Upsert.OFF, DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH);
        Draft d = Draft.empty().withSource("sqlite:///data/shop.db").withTarget("postgresql://app@db/shop", null)
                .withTableModes(Map.of("orders", DatabaseSpec.TableMode.EXISTING, "lines", DatabaseSpec.TableMode.TRUNCATE))
                .withIncremental("orders", orders, List.of("orders", "events", "lines"))
                .withIncremental("Events", events);
        assertThat(d.tableModes()).as("a table has one or the other").containsOnlyKeys("lines");
        assertThat(d.tableMode("orders")).isEqualTo(TableMode.INCREMENTAL);
        assertThat(d.incremental("EVENTS")).isEqualTo(events);
        assertThat(d.problems()).isEmpty();
        assertThat(d.spec().incremental()).containsExactly(Map.entry("orders", orders), Map.entry("Events", events));
        String yaml = PlanYaml.write(d.toPlan());
        assertThat(yaml).contains("incremental:").contains("updated_at").contains("before-first-batch");
        Draft read = Draft.fromPlan(PlanYaml.read(yaml, "plan.yaml"));
        assertThat(read).isEqualTo(d);
        assertThat(PlanYaml.write(read.toPlan())).isEqualTo(yaml);

        // include drop, schema only and data only exclude incremental tables: the engine's sentence, and no plan
        assertThat(d.withIncludeDrop(true).problems()).singleElement().asString().contains("include drop");
        assertThat(d.withMode(DatabaseSpec.Mode.SCHEMA_ONLY).problems()).anyMatch(p -> p.contains("schema only"));
        assertThatThrownBy(() -> d.withIncludeDrop(true).toPlan()).hasMessageContaining("include_drop");
        // none: back to a one-time migration
        assertThat(d.withIncremental("orders", null).withIncremental("events", null).spec().incremental()).isEmpty();
    }

    @Test
    void selectionIsWrittenAsTheShorterListOfLiteralNames() {
        List<String> all = List.of("a", "b", "c", "Order Lines");
        Draft d = Draft.empty();
        assertThat(d.withSelection(all, all).include()).isEmpty();
        assertThat(d.withSelection(all, all).exclude()).isEmpty();
        Draft one = d.withSelection(all, List.of("Order Lines"));
        assertThat(one.include()).containsExactly("\\QOrder Lines\\E");
        assertThat(one.selects("Order Lines")).isTrue();
        assertThat(one.selects("a")).isFalse();
        Draft threeOfFour = d.withSelection(all, List.of("a", "b", "Order Lines"));
        assertThat(threeOfFour.include()).isEmpty();
        assertThat(threeOfFour.exclude()).containsExactly("c");
        Draft none = d.withSelection(all, List.of());
        assertThat(all).noneMatch(none::selects);
    }

    @Test
    void tableModesBecomeTheEnginesModeAndTruncateForTheWholeRun() {
        Draft d = Draft.empty().withIncludeDrop(true);
        assertThat(d.tableMode()).isEqualTo(TableMode.CREATE);
        Draft existing = d.withTableMode(TableMode.EXISTING);
        assertThat(existing.mode()).isEqualTo(DatabaseSpec.Mode.DATA_ONLY);
        assertThat(existing.options().truncate()).isFalse();
        assertThat(existing.includeDrop()).as("drop and existing exclude each other").isFalse();
        Draft truncate = d.withTableMode(TableMode.TRUNCATE);
        assertThat(truncate.options().truncate()).isTrue();
        assertThat(truncate.tableMode()).isEqualTo(TableMode.TRUNCATE);
        assertThat(truncate.withTableMode(TableMode.CREATE).mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        assertThat(truncate.withTableMode(TableMode.CREATE).options().truncate()).isFalse();
        assertThat(d.withMode(DatabaseSpec.Mode.SCHEMA_ONLY).withTableMode(TableMode.CREATE).mode())
                .isEqualTo(DatabaseSpec.Mode.SCHEMA_ONLY);
        assertThatThrownBy(() -> d.withTableMode(TableMode.SKIP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIncompleteOrContradictoryDraftSaysWhatToDoAndIsNoPlan() {
        Draft d = Draft.empty().withCasts(List.of("type int too bigint")).withMode(DatabaseSpec.Mode.DATA_ONLY).withIncludeDrop(true)
                .withTarget("postgresql://me:secret@localhost/db", null);
        assertThat(d.problems()).hasSize(4)
                .anySatisfy(p -> assertThat(p).isEqualTo("choose a source database"))
                .anySatisfy(p -> assertThat(p).contains("holds a password"))
                .anySatisfy(p -> assertThat(p).contains("include drop"))
                .anySatisfy(p -> assertThat(p).startsWith("cast rule 1: ").contains("column"));
        assertThatThrownBy(d::toPlan).isInstanceOf(IllegalStateException.class).hasMessageContaining("choose a source database");
        assertThat(Draft.empty().problems()).containsExactly("choose a source database", "choose a PostgreSQL target");
    }

    @Test
    void aPlanOfSeveralFileLoadsIsNotOpened() {
        dev.drover.engine.plan.CsvSource csv = dev.drover.engine.plan.CsvSource.defaults(List.of("a.csv"));
        Plan files = new Plan(1, new dev.drover.engine.plan.TargetSpec("postgresql://me@h/db", null), LoadOptions.defaults(),
                List.of(new dev.drover.engine.plan.TableLoad("public.a", csv, List.of()), new dev.drover.engine.plan.TableLoad("public.b", csv, List.of())));
        assertThatThrownBy(() -> Draft.fromPlan(files)).hasMessageContaining("loads 2 tables from files");
    }

    @Test
    void aFileLoadBecomesAPlanOfOneTableAndComesBackUnchanged() {
        dev.drover.engine.plan.CsvSource csv = dev.drover.engine.plan.CsvSource.defaults(List.of("/data/Sales 2024.csv"));
        Draft d = Draft.empty().withTarget("postgresql://app@db/shop", "PGPW")
                .withOptions(LoadOptions.defaults().withCreateTable(dev.drover.engine.plan.CreateTable.INFER))
                .withFiles(new dev.drover.engine.plan.TableLoad("public.sales", csv, List.of()));
        assertThat(d.isFiles()).isTrue();
        assertThat(d.problems()).isEmpty();
        Plan plan = d.toPlan();
        assertThat(plan.database()).isNull();
        assertThat(plan.tables()).singleElement().satisfies(t -> assertThat(t.table()).isEqualTo("public.sales"));
        Plan read = PlanYaml.read(PlanYaml.write(plan), "plan.yaml");
        assertThat(Draft.fromPlan(read).toPlan()).isEqualTo(plan);
        // a table without its schema, and a database source after a file: the file goes
        assertThat(d.withFiles(new dev.drover.engine.plan.TableLoad("sales", csv, List.of())).problems())
                .containsExactly("name the target table with its schema (public.sales)");
        Draft db = d.withFiles(null).withSource("sqlite:///x.db");
        assertThat(db.isFiles()).isFalse();
        assertThat(db.toPlan().database().source()).isEqualTo("sqlite:///x.db");
    }
}
