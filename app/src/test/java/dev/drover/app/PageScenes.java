package dev.drover.app;

import java.util.Objects;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** One page on its own in a 1280×800 window, styled as the wizard shows it: for pages not wired into the window yet. */
final class PageScenes {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private PageScenes() {}

    static Scene show(Stage stage, Page page) {
        WizardWindow.applyTheme();
        Label title = new Label(page.title());
        title.setId("page-title");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label(page.subtitle());
        subtitle.getStyleClass().add("page-subtitle");
        ScrollPane scroll = new ScrollPane(page.view());
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll");
        VBox root = new VBox(8, title, subtitle, scroll);
        root.getStyleClass().add("wizard-center");
        root.setStyle("-fx-padding: 24 28 16 28;");
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(WizardWindow.class.getResource("wizard.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
        page.enter();
        return scene;
    }
}
