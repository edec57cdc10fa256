package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.engine.run.IncrementalMigration;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class WatermarksModelTest {
    @TempDir Path dir;
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    OpenedSource source;

    @BeforeEach
    void open() throws Exception {
        source = Shop.open(dir, draft);
    }

    @AfterEach
    void close() throws Exception {
        source.close();
    }

    /** The sample shop into {@code schema} of {@code db} (one per test), products incremental on its integer key. */
    private IncrementalMigration.Stream products(TestDatabase db, String schema) {
        draft.set(draft.get().withTarget(ReviewModelTest.url(db), "DROVER_TEST_NO_SUCH_VARIABLE").withTargetSchema(schema)
                .withOptions(draft.get().options().withRejectDir(dir.resolve("rejects")))
                .withIncremental("products", new DatabaseSpec.Incremental(List.of("id"), null, null),
                        List.of("customers", "products", "orders", "order_lines")));
        List<IncrementalMigration.Stream> streams = WatermarksModel.streams(draft.get(), source);
        assertThat(streams).singleElement().satisfies(s -> {
            assertThat(s.planKey()).isEqualTo("products");
            assertThat(s.streamId()).isEqualTo("\"" + schema + "\".\"products\"");
        });
        return streams.get(0);
    }

    @Test
    void readsTheWatermarkAndRunsAfterARunAndResetMakesTheNextOneAFirstRun(TestDatabase db) throws Exception {
        IncrementalMigration.Stream products = products(db, "wm_run");
        WatermarksModel model = new WatermarksModel(ReviewModelTest.url(db), db.server().password());

        WatermarksModel.TableState before = model.load(List.of(products)).get(0);
        assertThat(before.targetExists()).isFalse();
        assertThat(before.stored()).isEmpty();
        assertThat(before.runs()).isEmpty();
        assertThat(before.watermarkText()).isEqualTo("first run: loads every row (the target table does not exist yet)");
        assertThat(model.reset(products)).as("nothing to reset before the first run").isFalse();

        RunReport report = Engine.run(draft.get().toPlan(), db.server().password(), e -> { }, new Cancellation());
        long rows = db.queryLong("SELECT count(*) FROM wm_run.products");
        assertThat(rows).as(String.valueOf(report)).isPositive();
        long maxId = db.queryLong("SELECT max(id) FROM wm_run.products");

        WatermarksModel.TableState after = model.load(List.of(products)).get(0);
        assertThat(after.targetExists()).isTrue();
        assertThat(after.stored()).isPresent();
        assertThat(after.watermarkText()).startsWith("watermark [" + maxId + "], committed ").doesNotContain("by hand");
        assertThat(after.runs()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.rowsInserted()).isEqualTo(rows);
        });
        assertThat(after.runLines()).singleElement().asString().contains("  ok  ")
                .contains(rows + " inserted").contains("(beginning) → [" + maxId + "]").doesNotContain("error");

        assertThat(model.reset(products)).isTrue();
        WatermarksModel.TableState reset = model.load(List.of(products)).get(0);
        assertThat(reset.stored()).isEmpty();
        assertThat(reset.watermarkText()).isEqualTo("first run: loads every row");
        assertThat(reset.runs()).as("a reset keeps the history").hasSize(1);
    }

    @Test
    void setTakesAJsonArrayOfOneValuePerCursorColumnAsTheCliDoes(TestDatabase db) throws Exception {
        IncrementalMigration.Stream products = products(db, "wm_set");
        WatermarksModel model = new WatermarksModel(ReviewModelTest.url(db), db.server().password());

        assertThat(WatermarksModel.problem(products, "")).get().asString().contains("one value per cursor column [id]");
        assertThat(WatermarksModel.problem(products, "[1")).get().asString().startsWith("not JSON");
        assertThat(WatermarksModel.problem(products, "[1, 2]")).get().asString().contains("JSON array of 1 values");
        assertThat(WatermarksModel.problem(products, "5")).get().asString().contains("JSON array of 1 values");
        assertThat(WatermarksModel.problem(products, "[true]")).get().asString().contains("numbers or strings");
        assertThat(WatermarksModel.problem(products, "[40]")).isEmpty();
        assertThatThrownBy(() -> model.set(products, "[1, 2]")).isInstanceOf(IllegalArgumentException.class);

        model.set(products, "[40]");
        WatermarksModel.TableState set = model.load(List.of(products)).get(0);
        assertThat(set.stored()).get().satisfies(s -> assertThat(s.watermark()).isEqualTo("[40]"));
        assertThat(set.watermarkText()).startsWith("watermark [40], committed ");
        assertThat(set.runs()).isEmpty();
        assertThat(set.watermarkText()).as("set before the table exists")
                .endsWith("(set by hand); the target table does not exist: Load from the beginning to load every row");
    }

    @Test
    void anUnreachableTargetIsAnErrorNotAnEmptyState() {
        WatermarksModel model = new WatermarksModel("postgresql://nobody@127.0.0.1:1/none", null);
        assertThatThrownBy(() -> model.load(List.of())).isInstanceOf(java.sql.SQLException.class);
    }
}
