package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.target.IdentifierPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsModelTest {
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    final OptionsModel options = new OptionsModel(draft);

    @Test
    void showsTheEnginesDefaultsEachWithAnExplanation() {
        assertThat(options.workers.value().get()).isEqualTo(Integer.toString(LoadOptions.DEFAULT_WORKERS));
        assertThat(options.batchSize.value().get()).isEqualTo("20MB");
        assertThat(options.maxErrors.value().get()).isEqualTo("none");
        assertThat(options.rejectDir.value().get()).isEqualTo("drover-rejects");
        assertThat(options.all()).hasSize(17).allSatisfy(o -> {
            assertThat(o.explanation()).isNotBlank().doesNotContain("\n");
            assertThat(o.problem().get()).isNull();
        });
        assertThat(options.problems()).isEmpty();
        assertThat(draft.get()).as("showing the defaults changes nothing").isEqualTo(Draft.empty());
    }

    @Test
    void validValuesGoIntoTheDraftAndInvalidOnesStayAsTypedWithAMessage() {
        options.workers.set("8");
        options.batchSize.set("64kB");
        options.maxErrors.set("2.5%");
        options.onError.set(OnError.STOP);
        options.identifiers.set(IdentifierPolicy.SNAKE_CASE);
        options.rejectDir.set("/tmp/rejects");
        LoadOptions o = draft.get().options();
        assertThat(o.workers()).isEqualTo(8);
        assertThat(o.batchBytes()).isEqualTo(64 * 1024);
        assertThat(o.maxErrors()).isEqualTo(ErrorLimit.parse("2.5%"));
        assertThat(o.onError()).isEqualTo(OnError.STOP);
        assertThat(o.rejectDir()).isEqualTo(Path.of("/tmp/rejects"));
        assertThat(draft.get().identifiers()).isEqualTo(IdentifierPolicy.SNAKE_CASE);

        options.workers.set("many");
        assertThat(options.workers.problem().get()).isEqualTo("'many' is not a whole number");
        options.concurrency.set("0");
        assertThat(options.concurrency.problem().get()).isEqualTo("between 1 and 64, not 0");
        options.batchSize.set("1kB");
        assertThat(options.batchSize.problem().get()).contains("64kB");
        options.maxErrors.set("150%");
        assertThat(options.maxErrors.problem().get()).contains("between 0 and 100");
        options.batchRows.set("5000");
        assertThat(draft.get().options().batchRows()).as("a valid field still counts beside invalid ones").isEqualTo(5000);
        assertThat(draft.get().options().workers()).as("the last valid value stays").isEqualTo(8);
        assertThat(options.problems()).hasSize(4);
        assertThat(options.firstInvalid()).containsSame(options.workers);

        draft.set(draft.get().withOptions(draft.get().options().withParallelism(2, 1)));
        assertThat(options.workers.value().get()).as("a field being corrected is not overwritten").isEqualTo("many");
        options.workers.set("3");
        assertThat(options.workers.problem().get()).isNull();
        assertThat(draft.get().options().workers()).isEqualTo(3);
    }

    @Test
    void dropAndTruncateMustFitWhatMoves() {
        options.includeDrop.set(true);
        assertThat(draft.get().includeDrop()).isTrue();
        options.mode.set(DatabaseSpec.Mode.DATA_ONLY);
        assertThat(options.includeDrop.problem().get()).contains("cannot also be dropped");
        assertThat(draft.get().mode()).as("the contradiction does not reach the draft").isEqualTo(DatabaseSpec.Mode.ALL);
        options.includeDrop.set(false);
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.DATA_ONLY);
        options.truncate.set(true);
        assertThat(draft.get().tableMode()).isEqualTo(TableMode.TRUNCATE);
        options.mode.set(DatabaseSpec.Mode.ALL);
        assertThat(options.truncate.problem().get()).contains("data only");
    }

    @Test
    void withIncrementalTablesDropAndAModeOtherThanSchemaAndDataAreRefusedUnderTheirFields() {
        draft.set(draft.get().withIncremental("orders", new DatabaseSpec.Incremental(java.util.List.of("id"), null, null)));
        options.includeDrop.set(true);
        assertThat(options.includeDrop.problem().get()).contains("incremental tables orders").contains("Tables page");
        assertThat(draft.get().includeDrop()).as("the contradiction does not reach the draft").isFalse();
        options.includeDrop.set(false);
        assertThat(options.includeDrop.problem().get()).isNull();
        options.mode.set(DatabaseSpec.Mode.SCHEMA_ONLY);
        assertThat(options.mode.problem().get()).startsWith("schema only loads no rows").contains("orders");
        options.mode.set(DatabaseSpec.Mode.DATA_ONLY);
        assertThat(options.mode.problem().get()).startsWith("data only creates no table");
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        assertThat(options.problems()).hasSize(1);
        options.mode.set(DatabaseSpec.Mode.ALL);
        assertThat(options.problems()).isEmpty();
    }

    @Test
    void countsTheConnectionsTheRunWillHoldAndChecksThemAgainstTheServer() {
        // defaults: 4 workers / (1 + 2) = 1 table at a time, 2 writers + setup, 2 index builds
        assertThat(options.plannedConnections().get()).isEqualTo(5);
        options.workers.set("12");
        options.concurrency.set("3");
        options.indexJobs.set("4");
        // 12 / 4 = 3 tables x (3 writers + 1) + 4
        assertThat(options.plannedConnections().get()).isEqualTo(16);
        assertThat(options.connectionsExplained().get()).startsWith("16 connections").contains("3 tables at a time");
        options.onError.set(OnError.STOP);
        assertThat(options.plannedConnections().get()).as("stop loads a table in one transaction, one writer").isEqualTo(10);
        assertThat(options.checkConnections(100, 20)).isEmpty();
        assertThat(options.checkConnections(20, 15)).get().asString().contains("needs 10 connections").contains("5 free");
    }

    @Test
    void theBuildChoicesGoIntoTheDraftAndRoundTripThroughThePlan() {
        assertThat(options.createIndexes.value().get()).isTrue();
        assertThat(options.foreignKeys.value().get()).isTrue();
        assertThat(options.resetSequences.value().get()).isTrue();
        assertThat(options.identity.value().get()).isEqualTo(DatabaseSpec.Identity.IDENTITY);
        assertThat(options.enums.value().get()).isEqualTo(DatabaseSpec.Enums.TYPE);

        options.resetSequences.set(false);
        options.identity.set(DatabaseSpec.Identity.SERIAL);
        options.enums.set(DatabaseSpec.Enums.TEXT_CHECK);
        options.foreignKeys.set(false);
        assertThat(draft.get().build()).isEqualTo(new DatabaseSpec.Build(true, false, false, DatabaseSpec.Identity.SERIAL,
                DatabaseSpec.Enums.TEXT_CHECK));

        Draft complete = draft.get().withSource("sqlite:///tmp/shop.db").withTarget("postgresql://me@localhost/shop", null);
        assertThat(Draft.fromPlan(dev.drover.engine.plan.PlanYaml.read(dev.drover.engine.plan.PlanYaml.write(complete.toPlan()), "t")))
                .isEqualTo(complete);
    }

    @Test
    void foreignKeysWithoutKeysAreAContradictionThatDoesNotReachTheDraft() {
        options.createIndexes.set(false);
        assertThat(options.foreignKeys.problem().get()).contains("turn on keys and indexes");
        assertThat(options.firstInvalid()).containsSame(options.foreignKeys);
        assertThat(draft.get().build()).as("the last consistent choice stays").isEqualTo(DatabaseSpec.Build.DEFAULT);
        options.foreignKeys.set(false);
        assertThat(options.foreignKeys.problem().get()).isNull();
        assertThat(draft.get().build().indexes()).isFalse();
        assertThat(draft.get().build().foreignKeys()).isFalse();

        draft.set(draft.get().withBuild(DatabaseSpec.Build.DEFAULT));
        assertThat(options.createIndexes.value().get()).as("a draft read from a plan shows its choices").isTrue();
        assertThat(options.foreignKeys.value().get()).isTrue();
    }
}
