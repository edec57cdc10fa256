package dev.drover.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The wizard application: the {@link WizardWindow} in AtlantaFX's PrimerLight theme, with the user's context
 * ({@code ~/.drover}). Start it through {@link Launcher}. Closing the window stops the embedded PostgreSQL, if it
 * was started (its data stays).
 */
public final class DroverApp extends Application {
    /** Printed on standard output once the window is showing, in {@code --smoke} mode. */
    static final String READY_MARKER = "DROVER-WIZARD-READY";

    private WizardContext context;

    @Override
    public void start(Stage stage) {
        WizardWindow.applyTheme();
        context = WizardContext.forUser();
        WizardWindow window = new WizardWindow(context);
        window.openFoldersWith(folder -> getHostServices().showDocument(folder.toUri().toString()));
        window.show(stage);

        java.util.List<String> args = getParameters().getRaw();
        if (args.contains(Launcher.SMOKE_MIGRATE)) {
            SmokeWalk.start(window, context, Launcher.savePlan(args)).thenAccept(code -> {
                Launcher.exitAfterFx(code);
                Platform.runLater(Platform::exit);
            });
        } else if (args.contains(Launcher.SMOKE)) {
            // Let the first pulse lay out and render the window before declaring it ready.
            Platform.runLater(() -> {
                System.out.println("Drover wizard, engine " + engineVersion() + ", Java " + System.getProperty("java.version")
                        + ", page " + window.currentPage().title());
                System.out.println(READY_MARKER);
                System.out.flush();
                Platform.exit();
            });
        }
    }

    @Override
    public void stop() {
        if (context != null) context.close();
    }

    /** The engine's version, from {@code /dev/drover/engine/version.properties} in the engine jar. */
    static String engineVersion() {
        try (InputStream in = DroverApp.class.getResourceAsStream("/dev/drover/engine/version.properties")) {
            if (in == null) return "(engine version unknown)";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(engine version unknown)");
        } catch (IOException e) {
            return "(engine version unknown)";
        }
    }
}
