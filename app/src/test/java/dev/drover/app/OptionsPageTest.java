package dev.drover.app;

import static dev.drover.app.TestWizards.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.page.OptionsPage;
import dev.drover.engine.plan.DatabaseSpec;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Options page on its own, headless: messages on blur, fixed as typed, and the connection count following. */
@ExtendWith(ApplicationExtension.class)
class OptionsPageTest {
    private final Observable<Draft> draft = new Observable<>(Draft.empty());
    private OptionsPage page;
    private Scene scene;

    @Start
    void start(Stage stage) {
        page = new OptionsPage(draft);
        scene = PageScenes.show(stage, page);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void anInvalidValueShowsItsMessageOnBlurAndFixingItClearsItAndTheConnectionsFollow(FxRobot robot) throws Exception {
        assertThat(text(robot, "#option-workers-explanation")).isEqualTo(page.model().workers.explanation());
        assertThat(text(robot, "#options-connections")).startsWith("Planned connections: 5 connections");

        type(robot, "#option-workers", "many");
        assertThat(robot.lookup("#option-workers-message").query().isVisible()).as("no message while typing").isFalse();
        robot.type(KeyCode.TAB);
        assertThat(robot.lookup("#option-workers-message").query().isVisible()).isTrue();
        assertThat(text(robot, "#option-workers-message")).contains("'many' is not a whole number");
        Screenshots.write(scene, "06-options");

        type(robot, "#option-workers", "12");
        assertThat(robot.lookup("#option-workers-message").query().isVisible()).as("fixed as typed").isFalse();
        assertThat(draft.get().options().workers()).isEqualTo(12);
        // 12 workers / (1 + 2 writers) = 4 tables x (2 writers + setup) + 2 index builds
        assertThat(text(robot, "#options-connections")).startsWith("Planned connections: 14 connections");

        type(robot, "#option-index-jobs", "4");
        robot.type(KeyCode.TAB);
        assertThat(text(robot, "#options-connections")).startsWith("Planned connections: 16 connections");
    }

    @Test
    void nextFocusesTheFirstInvalidField(FxRobot robot) throws Exception {
        type(robot, "#option-concurrency", "0");
        robot.type(KeyCode.TAB);
        assertThat(text(robot, "#option-concurrency-message")).contains("between 1 and 64, not 0");
        boolean left = WaitForAsyncUtils.asyncFx(page::leave).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(left).isFalse();
        assertThat(robot.lookup("#option-concurrency").query().isFocused()).isTrue();

        type(robot, "#option-concurrency", "3");
        robot.type(KeyCode.TAB);
        assertThat(WaitForAsyncUtils.asyncFx(page::leave).get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(draft.get().options().concurrency()).isEqualTo(3);
    }

    @Test
    void aContradictionShowsAtOnceAndTheBuildChoicesReachTheDraft(FxRobot robot) {
        // below the fold of the 800-pixel window: fired as a click would
        fire(robot, "#option-create-indexes");
        assertThat(text(robot, "#option-foreign-keys-message")).contains("turn on keys and indexes");
        fire(robot, "#option-foreign-keys");
        assertThat(robot.lookup("#option-foreign-keys-message").query().isVisible()).isFalse();
        assertThat(draft.get().build().indexes()).isFalse();
        assertThat(draft.get().build().foreignKeys()).isFalse();
        assertThat(draft.get().build().identity()).isEqualTo(DatabaseSpec.Identity.IDENTITY);
    }

    @Test
    void theRejectFolderIsChosenWithTheFolderChooser(FxRobot robot) {
        java.io.File chosen = new java.io.File("/tmp/drover-rejects-chosen");
        page.chooseFolderWith(owner -> chosen);
        fire(robot, "#option-reject-dir-browse");
        assertThat(text(robot, "#option-reject-dir")).isEqualTo(chosen.getPath());
        assertThat(draft.get().options().rejectDir()).isEqualTo(chosen.toPath());
        page.chooseFolderWith(owner -> null);
        fire(robot, "#option-reject-dir-browse");
        assertThat(draft.get().options().rejectDir()).as("cancelled: unchanged").isEqualTo(chosen.toPath());
    }

    @Test
    void dropWithDataOnlyIsFlaggedAtOnce(FxRobot robot) {
        fire(robot, "#option-include-drop");
        assertThat(draft.get().includeDrop()).isTrue();
        robot.interact(() -> robot.lookup("#option-mode").queryComboBox().getSelectionModel().select(DatabaseSpec.Mode.DATA_ONLY));
        assertThat(text(robot, "#option-include-drop-message")).contains("cannot also be dropped");
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        fire(robot, "#option-include-drop");
        assertThat(robot.lookup("#option-include-drop-message").query().isVisible()).isFalse();
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.DATA_ONLY);
    }

    private static void type(FxRobot robot, String query, String value) {
        TextField f = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(f);
        robot.interact(f::selectAll);
        robot.write(value);
    }

    private static void fire(FxRobot robot, String query) {
        javafx.scene.control.ButtonBase b = robot.lookup(query).queryAs(javafx.scene.control.ButtonBase.class);
        robot.interact(b::fire);
    }
}
