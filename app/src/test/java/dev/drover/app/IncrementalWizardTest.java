package dev.drover.app;

import static dev.drover.app.TestWizards.pageTitle;
import static dev.drover.app.TestWizards.text;
import static dev.drover.app.TestWizards.visibleText;
import static dev.drover.app.TestWizards.waitFor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.model.Draft;
import dev.drover.app.model.ResultsModel;
import dev.drover.app.model.RunModel;
import dev.drover.app.model.RunProgress;
import dev.drover.app.model.TableMode;
import dev.drover.app.model.TablesModel;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.report.TableReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real wizard, headless, with one incremental table: the sample shop into the tests' PostgreSQL, products made
 * incremental on the Tables page (its cursor typed in the editor), the review listing it, a run that inserts its rows,
 * and a second run that finds none past the watermark.
 */
@ExtendWith({PostgresExtension.class, ApplicationExtension.class})
class IncrementalWizardTest {
    private final TestDatabase db;
    private final Path home = TestWizards.home("incremental");
    private WizardContext context;
    private WizardWindow window;

    IncrementalWizardTest(TestDatabase db) {
        this.db = db;
    }

    @Start
    void start(Stage stage) throws Exception {
        Files.deleteIfExists(home.resolve("sample/shop.db"));
        context = TestWizards.context(home, db);
        window = TestWizards.show(stage, context);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        context.close();
    }

    @Test
    void anIncrementalTableLoadsItsRowsOnceAndASecondRunInsertsNone(FxRobot robot) throws Exception {
        TableView<TablesModel.Row> tables = TestWizards.sampleToTablesPage(robot, window);

        // products: Mode → incremental; the editor opens with the integer primary key as the suggested cursor
        robot.clickOn("#table-mode-products");
        robot.clickOn(LabeledMatchers.hasText("incremental"));
        waitFor(10, () -> row(tables, "products").mode() == TableMode.INCREMENTAL);
        waitFor(10, () -> robot.lookup("#incremental-editor").query().isVisible());
        assertThat(text(robot, "#incremental-title")).contains("products");
        Screenshots.write(window.scene(), "04-tables-incremental");
        assertThat(text(robot, "#incremental-cursor")).isEqualTo("id");
        CheckBoxState upsert = checkBox(robot, "#incremental-upsert");
        assertThat(upsert.selected && !upsert.disabled).as("products has a primary key to upsert on").isTrue();
        // no cursor: refused under the field, the settings stay
        robot.clickOn("#incremental-cursor").push(KeyCode.CONTROL, KeyCode.A).type(KeyCode.BACK_SPACE);
        robot.clickOn("#incremental-apply");
        assertThat(visibleText(robot, "#incremental-message")).contains("choose the cursor");
        assertThat(context.draft().get().incremental("products").cursor()).containsExactly("id");
        // a column the table does not have
        robot.clickOn("#incremental-cursor").write("changed_at");
        robot.clickOn("#incremental-apply");
        assertThat(visibleText(robot, "#incremental-message")).contains("changed_at is not a column of");
        // the cursor picked, applied with Enter
        robot.clickOn("#incremental-cursor").push(KeyCode.CONTROL, KeyCode.A).write("id").type(KeyCode.ENTER);
        waitFor(10, () -> !robot.lookup("#incremental-message").query().isVisible());
        DatabaseSpec.Incremental products = context.draft().get().incremental("products");
        assertThat(products).isEqualTo(new DatabaseSpec.Incremental(List.of("id"), DatabaseSpec.Incremental.Upsert.PRIMARY_KEY,
                DatabaseSpec.Incremental.Delete.OFF));
        assertThat(robot.lookup("#tables-message").query().isVisible()).isFalse();
        // keyboard: I makes the focused table incremental and opens its settings; "Not incremental" undoes it
        robot.clickOn(LabeledMatchers.hasText("customers"));
        robot.type(KeyCode.I);
        waitFor(10, () -> row(tables, "customers").mode() == TableMode.INCREMENTAL);
        waitFor(10, () -> text(robot, "#incremental-title").contains("customers"));
        assertThat(robot.lookup("#incremental-cursor").query().isFocused()).isTrue();
        robot.clickOn("#incremental-off");
        waitFor(10, () -> row(tables, "customers").mode() == TableMode.CREATE);
        assertThat(robot.lookup("#incremental-editor").query().isVisible()).isFalse();
        assertThat(context.draft().get().incremental()).containsOnlyKeys("products");

        // Cast rules as they are: the sample's planted 'n/a' stock is rejected on its own, the other rows load
        robot.clickOn("#next");
        waitFor(10, () -> "Cast rules".equals(pageTitle(robot)));
        robot.clickOn("#next");
        waitFor(10, () -> "Options".equals(pageTitle(robot)));

        // Review: the incremental table with its cursor, and the plan's incremental section
        robot.clickOn("#next");
        waitFor(10, () -> "Review".equals(pageTitle(robot)));
        waitFor(20, () -> robot.lookup("#review-incremental").query().isVisible());
        assertThat(text(robot, "#review-incremental")).contains("watermark")
                .contains("main.products → public.products: cursor (id), upsert by primary key, no delete");
        String yaml = WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.control.TextInputControl) robot.lookup("#review-yaml").query()).getText()).get();
        assertThat(yaml).contains("incremental:").contains("products:");
        Path plan = home.resolve("incremental-plan.yaml");
        Files.deleteIfExists(plan);
        window.reviewPage().chooseFileWith(owner -> plan.toFile());
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(1.0));
        robot.clickOn("#review-save");
        waitFor(10, () -> window.reviewPage().savedTo().filter(plan::equals).isPresent());
        // the saved plan reopens as the same draft, its target the embedded server by name
        assertThat(Draft.fromPlan(PlanYaml.read(Files.readString(plan), plan.toString())))
                .isEqualTo(context.draft().get().withTarget("embedded", null));
        if (!window.reviewPage().confirmed()) {
            robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(0));
            robot.clickOn("#review-confirm").write("drop");
        }

        // Run: products' rows are inserted, and the run board says so
        robot.clickOn("#next");
        waitFor(10, () -> "Run".equals(pageTitle(robot)));
        RunModel first = context.run().get();
        assertThat(first.await(120, TimeUnit.SECONDS)).isTrue();
        TableReport loaded = products(first);
        assertThat(loaded.state()).as(String.valueOf(loaded.failure())).isEqualTo(dev.drover.engine.report.TableState.DONE);
        assertThat(loaded.changes()).isNotNull();
        long rows = db.count("products");
        assertThat(rows).isPositive();
        assertThat(loaded.changes().inserted()).isEqualTo(rows);
        assertThat(loaded.rejected()).as("the planted 'n/a' stock").isEqualTo(1);
        assertThat(loaded.read()).isEqualTo(rows + 1);
        // order_lines, made in the same run, references products by a foreign key added once products had its rows
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'public.order_lines'::regclass"
                + " AND confrelid = 'public.products'::regclass")).isEqualTo(1);
        assertThat(loaded.changes().watermark()).isNotNull();
        TableView<RunProgress.TableLine> bars = robot.lookup("#run-tables").queryTableView();
        try {
            waitFor(10, () -> bars.getItems().stream().anyMatch(l -> l.table().equals("public.products")
                    && l.changesText().startsWith(String.format(java.util.Locale.ROOT, "%,d inserted, 0 updated", rows))));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("run board: " + bars.getItems() + "; log " + first.progress().log(), e);
        }

        // Results: inserted, updated, unchanged and the watermark for products
        robot.clickOn("#next");
        waitFor(10, () -> "Results".equals(pageTitle(robot)));
        TableView<ResultsModel.TableSummary> summary = robot.lookup("#results-tables").queryTableView();
        waitFor(10, () -> summary.getItems().stream().anyMatch(t -> t.table().equals("public.products")));
        ResultsModel.TableSummary once = summary.getItems().stream().filter(t -> t.table().equals("public.products")).findFirst().orElseThrow();
        assertThat(once.changesText()).isEqualTo(String.format(java.util.Locale.ROOT, "%,d inserted, 0 updated, 0 unchanged", rows));
        assertThat(once.watermark()).isEqualTo(loaded.changes().watermark());
        assertThat(summary.getColumns()).filteredOn(c -> c.getText().equals("Incremental") || c.getText().equals("Watermark"))
                .hasSize(2).allMatch(javafx.scene.control.TableColumn::isVisible);

        // again: nothing past the watermark, nothing inserted (Back waits while Results reads the rejected row)
        waitFor(30, () -> !robot.lookup("#back").query().isDisabled());
        robot.clickOn("#back");
        waitFor(10, () -> "Run".equals(pageTitle(robot)));
        waitFor(10, () -> robot.lookup("#run-again").query().isVisible());
        robot.clickOn("#run-again");
        waitFor(10, () -> context.run().get() != first);
        RunModel second = context.run().get();
        assertThat(second.await(120, TimeUnit.SECONDS)).isTrue();
        TableReport again = products(second);
        assertThat(again.state()).as(String.valueOf(again.failure())).isEqualTo(dev.drover.engine.report.TableState.DONE);
        assertThat(again.changes().inserted()).isZero();
        assertThat(again.changes().updated()).isZero();
        assertThat(db.count("products")).isEqualTo(rows);
        robot.clickOn("#next");
        waitFor(10, () -> "Results".equals(pageTitle(robot)));
        TableView<ResultsModel.TableSummary> after = robot.lookup("#results-tables").queryTableView();
        waitFor(10, () -> after.getItems().stream().anyMatch(t -> t.table().equals("public.products")
                && t.changesText().startsWith("0 inserted, 0 updated")));
    }

    private static TableReport products(RunModel run) {
        return run.report().orElseThrow().tables().stream().filter(t -> t.table().equals("public.products")).findFirst().orElseThrow();
    }

    private record CheckBoxState(boolean selected, boolean disabled) {}

    private static CheckBoxState checkBox(FxRobot robot, String query) throws Exception {
        javafx.scene.control.CheckBox b = robot.lookup(query).query();
        return WaitForAsyncUtils.asyncFx(() -> new CheckBoxState(b.isSelected(), b.isDisabled())).get();
    }

    private static TablesModel.Row row(TableView<TablesModel.Row> t, String name) {
        return t.getItems().stream().filter(r -> r.table().equals(name)).findFirst().orElseThrow();
    }
}
