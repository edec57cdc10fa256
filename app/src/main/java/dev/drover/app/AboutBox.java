package dev.drover.app;

import java.io.InputStream;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "About Drover": the name, the version (the same one {@code drover --version} prints), the Java and JavaFX runtime. */
final class AboutBox {
    /** The application icon, also the window's and the installers' ({@code installers/icon/DrawIcon.java} draws it). */
    static final String ICON = "drover.png";

    private AboutBox() {}

    /** The icon at its full size (256 px), for the window and the About box. */
    static Image icon() {
        InputStream in = Objects.requireNonNull(AboutBox.class.getResourceAsStream(ICON), ICON);
        return new Image(in);
    }

    /** Opens the box over {@code owner}; it does not block. */
    static Dialog<Void> show(Window owner) {
        Label name = new Label("Drover");
        name.setStyle("-fx-font-size: 1.6em; -fx-font-weight: bold;");
        Label version = new Label("Version " + DroverApp.engineVersion());
        version.setId("about-version");
        Label what = new Label("Moves data into PostgreSQL, fast, with nothing lost.");
        Label runtime = new Label("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + "), JavaFX " + System.getProperty("javafx.runtime.version", "?"));
        runtime.setId("about-runtime");
        Label cli = new Label("The command line, for servers and cron: drover --help");
        Label docs = new Label("Documentation: README.md of the Drover project");
        ImageView image = new ImageView(icon());
        image.setFitWidth(72);
        image.setFitHeight(72);
        image.setSmooth(true);
        VBox text = new VBox(4, name, version, what, runtime, cli, docs);
        HBox content = new HBox(18, image, text);
        content.setPadding(new Insets(8, 8, 0, 0));
        content.setId("about");

        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("About Drover");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.show();
        return dialog;
    }
}
