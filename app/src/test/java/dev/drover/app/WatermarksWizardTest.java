package dev.drover.app;

import static dev.drover.app.TestWizards.text;
import static dev.drover.app.TestWizards.waitFor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.model.RunModel;
import dev.drover.app.model.TableMode;
import dev.drover.app.model.TablesModel;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
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

/**
 * The real wizard, headless: products made incremental, the Review page saying its first run loads every row, a run,
 * then back on Review the watermark that run committed and its {@code ok} run, and "Load from the beginning" (confirmed)
 * making the next run a first run again.
 */
@ExtendWith({PostgresExtension.class, ApplicationExtension.class})
class WatermarksWizardTest {
    private final TestDatabase db;
    private final Path home = TestWizards.home("watermarks");
    private WizardContext context;
    private WizardWindow window;

    WatermarksWizardTest(TestDatabase db) {
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
    void reviewShowsTheWatermarkAndLastRunAfterARunAndResetMakesTheNextAFirstRun(FxRobot robot) throws Exception {
        TableView<TablesModel.Row> tables = TestWizards.sampleToTablesPage(robot, window);
        robot.clickOn("#table-mode-products");
        robot.clickOn(LabeledMatchers.hasText("incremental"));
        waitFor(10, () -> tables.getItems().stream().anyMatch(r -> r.table().equals("products") && r.mode() == TableMode.INCREMENTAL));
        waitFor(10, () -> robot.lookup("#incremental-editor").query().isVisible());
        robot.clickOn("#incremental-apply");
        waitFor(10, () -> context.draft().get().incremental("products") != null);
        for (String page : new String[] {"Cast rules", "Options", "Review"}) {
            robot.clickOn("#next");
            waitFor(10, () -> page.equals(text(robot, "#page-title")));
        }

        // before any run: the target has no products table and no watermark
        waitFor(30, () -> robot.lookup("#watermark-products").tryQuery().isPresent());
        assertThat(text(robot, "#watermark-products")).isEqualTo("first run: loads every row (the target table does not exist yet)");
        assertThat(text(robot, "#watermark-runs-products")).isEqualTo("no runs recorded");
        assertThat(robot.lookup("#watermark-reset-products").query().isDisabled()).as("nothing to reset").isTrue();
        if (!window.reviewPage().confirmed()) robot.clickOn("#review-confirm").write("drop");

        robot.clickOn("#next");
        waitFor(10, () -> "Run".equals(text(robot, "#page-title")));
        RunModel run = context.run().get();
        assertThat(run.await(120, TimeUnit.SECONDS)).isTrue();
        long maxId = db.queryLong("SELECT max(id) FROM public.products");

        // back on Review: the watermark that run committed, and the run itself
        waitFor(30, () -> !robot.lookup("#back").query().isDisabled());
        robot.clickOn("#back");
        waitFor(10, () -> "Review".equals(text(robot, "#page-title")));
        try {
            waitFor(30, () -> robot.lookup("#watermark-products").tryQuery().map(n -> ((Label) n).getText().startsWith("watermark ["))
                    .orElse(false));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("watermarks: " + robot.lookup("#review-watermarks").tryQuery()
                    .map(n -> n.lookupAll(".label").stream().map(l -> ((Label) l).getText()).toList()).orElse(null), e);
        }
        assertThat(text(robot, "#watermark-products")).startsWith("watermark [" + maxId + "], committed ");
        assertThat(text(robot, "#watermark-runs-products")).contains("  ok  ").contains("(beginning) → [" + maxId + "]")
                .doesNotContain("error");
        assertThat(text(robot, "#watermark-runs-products").lines().filter(l -> l.contains("  ok  "))).hasSize(1);

        // Load from the beginning: asked first, naming the table; cancelling keeps the watermark
        robot.clickOn("#watermark-reset-products");
        waitFor(10, () -> shown(robot, "#watermark-reset-confirm-products"));
        assertThat(((javafx.scene.control.Labeled) robot.lookup("#watermark-reset-confirm-products").query()).getText())
                .contains("public.products");
        // from the keyboard: the question opens on Cancel, Space answers it, and focus goes back to the button
        waitFor(10, () -> robot.lookup("#watermark-reset-cancel-products").query().isFocused());
        robot.type(KeyCode.SPACE);
        waitFor(10, () -> !shown(robot, "#watermark-reset-confirm-products"));
        assertThat(stored()).isEqualTo(1);
        waitFor(10, () -> robot.lookup("#watermark-reset-products").query().isFocused());
        robot.type(KeyCode.SPACE);
        waitFor(10, () -> robot.lookup("#watermark-reset-cancel-products").query().isFocused());
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        waitFor(10, () -> robot.lookup("#watermark-reset-confirm-products").query().isFocused());
        robot.type(KeyCode.SPACE);
        waitFor(30, () -> robot.lookup("#watermark-products").tryQuery().map(n -> ((Label) n).getText()
                .equals("first run: loads every row")).orElse(false));
        assertThat(stored()).isZero();
        assertThat(text(robot, "#watermark-runs-products")).as("the history stays").contains("  ok  ");
        waitFor(10, () -> robot.lookup("#watermark-set-products").query().isFocused());

        // Set watermark…: checked as drover state --set checks it, the message under the field; Enter applies
        robot.type(KeyCode.SPACE);
        waitFor(10, () -> robot.lookup("#watermark-json-products").query().isFocused());
        robot.write("[1, 2]").type(KeyCode.ENTER);
        waitFor(10, () -> shown(robot, "#watermark-message-products"));
        assertThat(text(robot, "#watermark-message-products")).contains("JSON array of 1 values");
        assertThat(stored()).isZero();
        robot.push(KeyCode.CONTROL, KeyCode.A).write("[5]").type(KeyCode.ENTER);
        waitFor(30, () -> robot.lookup("#watermark-products").tryQuery().map(n -> ((Label) n).getText()
                .startsWith("watermark [5], committed ")).orElse(false));
        assertThat(text(robot, "#watermark-products")).endsWith("(set by hand)");
        assertThat(db.queryLong("SELECT count(*) FROM drover.ingest_state WHERE stream_id = '\"public\".\"products\"'"
                + " AND high_watermark = '[5]'::jsonb")).isEqualTo(1);
        Screenshots.write(window.scene(), "09-review-watermarks");
    }

    private long stored() throws java.sql.SQLException {
        return db.queryLong("SELECT count(*) FROM drover.ingest_state WHERE stream_id = '\"public\".\"products\"'");
    }

    /** Whether the node and every parent are visible: a hidden box leaves its children's own flag alone. */
    private static boolean shown(FxRobot robot, String query) {
        for (javafx.scene.Parent p = robot.lookup(query).query().getParent(); p != null; p = p.getParent()) {
            if (!p.isVisible()) return false;
        }
        return robot.lookup(query).query().isVisible();
    }
}
