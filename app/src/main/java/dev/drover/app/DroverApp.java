package dev.drover.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The wizard's window. For now it only says what Drover is at this version; the wizard pages
 * come in a later release. Start it through {@link Launcher}.
 */
public final class DroverApp extends Application {
    /** Printed on standard output once the window is showing, in {@code --smoke} mode. */
    static final String READY_MARKER = "DROVER-WIZARD-READY";

    @Override
    public void start(Stage stage) {
        Label title = new Label("Drover " + engineVersion());
        title.setStyle("-fx-font-size: 20px; -fx-font-weight: bold;");
        Label text = new Label("The wizard arrives in a later release; today the command line, drover, "
                + "loads CSV files into PostgreSQL.");
        text.setWrapText(true);
        VBox root = new VBox(12, title, text);
        root.setPadding(new Insets(24));
        stage.setTitle("Drover");
        stage.setScene(new Scene(root, 520, 160));
        stage.show();

        if (getParameters().getRaw().contains(Launcher.SMOKE)) {
            // Let the first pulse lay out and render the window before declaring it ready.
            Platform.runLater(() -> {
                System.out.println("Drover wizard placeholder, engine " + engineVersion()
                        + ", Java " + System.getProperty("java.version"));
                System.out.println(READY_MARKER);
                System.out.flush();
                Platform.exit();
            });
        }
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
