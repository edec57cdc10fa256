package dev.drover.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.app.model.TablesModel;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the wizard tests share: the tests' PostgreSQL presented as the wizard's embedded one, and the robot's helpers. */
final class TestWizards {
    private TestWizards() {}

    /** The size the wizard tests (and the screenshots) show the window at. */
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    /** A test class's own Drover home, under {@code -Ddrover.home} (else {@code target/drover-home}). */
    static Path home(String name) {
        return Path.of(System.getProperty("drover.home", "target/drover-home")).resolve(name);
    }

    /** The wizard's context over {@code home}, with the tests' PostgreSQL as its embedded server. */
    static WizardContext context(Path home, TestDatabase db) {
        return new WizardContext(home, Map.of(), embedded(db));
    }

    /** The whole wizard over {@code context}, themed and shown at {@link #WIDTH}×{@link #HEIGHT}. */
    static WizardWindow show(Stage stage, WizardContext context) {
        WizardWindow.applyTheme();
        WizardWindow window = new WizardWindow(context);
        window.show(stage);
        window.resize(WIDTH, HEIGHT);
        return window;
    }

    static EmbeddedPostgres embedded(TestDatabase db) {
        return EmbeddedPostgres.existing(new EmbeddedPostgres.Server(db.server().host(), db.server().port(), db.server().user(),
                db.name(), db.server().password()));
    }

    /** The text of a label or a text field. */
    static String text(FxRobot robot, String query) {
        Node n = robot.lookup(query).query();
        return n instanceof Label l ? l.getText() : ((TextInputControl) n).getText();
    }

    /** The same, checking the node is visible first. */
    static String visibleText(FxRobot robot, String query) {
        Node n = robot.lookup(query).query();
        assertThat(n.isVisible()).as(query + " visible").isTrue();
        return text(robot, query);
    }

    static String pageTitle(FxRobot robot) {
        return text(robot, "#page-title");
    }

    /** Waits for a condition evaluated on the FX thread. */
    static void waitFor(int seconds, Supplier<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition::get).get());
    }

    /**
     * A new migration of the sample shop into the embedded PostgreSQL, up to the Tables page with its four tables and
     * their rows drawn.
     */
    static TableView<TablesModel.Row> sampleToTablesPage(FxRobot robot, WizardWindow window) throws Exception {
        robot.clickOn("#new-migration");
        robot.clickOn("#source-kind-sqlite");
        robot.clickOn("#use-sample");
        waitFor(60, () -> window.sourceModel().sqliteFile().isPresent());
        robot.clickOn("#next");
        waitFor(10, () -> "Target".equals(pageTitle(robot)));
        robot.clickOn("#target-embedded");
        waitFor(30, () -> !text(robot, "#target-version").isEmpty());
        robot.clickOn("#next");
        waitFor(30, () -> "Tables".equals(pageTitle(robot)));
        TableView<TablesModel.Row> tables = robot.lookup("#tables").queryTableView();
        waitFor(60, () -> tables.getItems().size() == 4);
        // the rows' cells are drawn on the next pulse
        waitFor(10, () -> robot.lookup("#table-check-order_lines").tryQuery().isPresent()
                && robot.lookup("#table-mode-products").tryQuery().isPresent());
        return tables;
    }
}
