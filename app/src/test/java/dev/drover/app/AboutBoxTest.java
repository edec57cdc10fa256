package dev.drover.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The About box, opened from the wizard's window, headless. */
@ExtendWith(ApplicationExtension.class)
class AboutBoxTest {
    @TempDir
    static Path home;

    private WizardContext context;

    @Start
    void start(Stage stage) {
        context = new WizardContext(home, Map.of(), EmbeddedPostgres.inHome(home));
        WizardWindow.applyTheme();
        new WizardWindow(context).show(stage);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        context.close();
    }

    @Test
    void aboutShowsTheVersionTheCommandLinePrintsAndTheJavaRuntime(FxRobot robot) throws Exception {
        assertThat(DroverApp.engineVersion()).as("the build's version, filtered into the engine jar").matches("\\d+\\.\\d+\\.\\d+.*");

        robot.clickOn("#about-link");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#about-version").queryAs(Label.class).getText()).isEqualTo("Version " + DroverApp.engineVersion());
        assertThat(robot.lookup("#about-runtime").queryAs(Label.class).getText())
                .startsWith("Java " + System.getProperty("java.version"))
                .contains("JavaFX 21");
        assertThat(robot.window("About Drover").isShowing()).isTrue();
        Screenshots.write(robot.window("About Drover").getScene(), "about");
    }
}
