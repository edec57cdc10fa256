package dev.drover.app.page;

import dev.drover.app.Page;
import dev.drover.app.UiSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Start: a new migration, a saved plan to open, or one of the recent plans. */
public final class StartPage extends Page {
    private final UiSettings settings;
    private final Runnable newMigration;
    private final Consumer<Path> openPlan;
    private final ListView<Path> recent = new ListView<>();
    private final Label message = new Label();

    /**
     * @param newMigration goes on to the Source page with what the pages hold
     * @param openPlan     reads a plan into the pages; throws with a message for the user when it cannot
     */
    public StartPage(UiSettings settings, Runnable newMigration, Consumer<Path> openPlan) {
        this.settings = settings;
        this.newMigration = newMigration;
        this.openPlan = openPlan;
    }

    @Override public String id() { return "start"; }
    @Override public String title() { return "Start"; }
    @Override public String subtitle() { return "Move a database or CSV files into PostgreSQL, checking every row."; }

    @Override
    protected Node build() {
        Button create = new Button("_New migration");
        create.setId("new-migration");
        create.getStyleClass().addAll("accent", "start-button");
        create.setOnAction(e -> newMigration.run());
        Button open = new Button("_Open a saved plan…");
        open.setId("open-plan");
        open.getStyleClass().add("start-button");
        open.setOnAction(e -> choosePlan());
        Label newText = new Label("Pick a source and a target, then the tables, casts and options. Every choice ends up"
                + " in a plan file that `drover run` replays without the wizard.");
        newText.setWrapText(true);
        newText.getStyleClass().add("hint");

        message.setId("start-message");
        message.setWrapText(true);
        message.getStyleClass().add("field-message");
        message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), true);
        SourcePage.showNode(message, false);

        Label recentTitle = new Label("Recent plans");
        recentTitle.getStyleClass().add("section-title");
        recent.setId("recent-plans");
        recent.setPrefHeight(220);
        recent.setPlaceholder(new Label("Plans you open or save appear here."));
        recent.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Path p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    return;
                }
                setText(p.getFileName() + "   —   " + p.getParent() + (Files.exists(p) ? "" : "   (missing)"));
            }
        });
        recent.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) openSelected();
        });
        recent.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected();
                e.consume();
            }
        });
        refresh();

        VBox box = new VBox(16, new HBox(12, create, open), newText, message, recentTitle, recent);
        box.getStyleClass().add("page-body");
        return box;
    }

    private void choosePlan() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a saved plan, or import a pgloader command file");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Drover plans and pgloader files", "*.yaml", "*.yml", "*.load"),
                new FileChooser.ExtensionFilter("All files", "*"));
        settings.recentPlans().stream().findFirst().map(Path::getParent).filter(Files::isDirectory)
                .ifPresent(d -> fc.setInitialDirectory(d.toFile()));
        File f = fc.showOpenDialog(recent.getScene().getWindow());
        if (f != null) open(f.toPath());
    }

    private void openSelected() {
        Path p = recent.getSelectionModel().getSelectedItem();
        if (p != null) open(p);
    }

    /** Opens a plan; a plan that cannot be read says why here, under the buttons, and stays in the list. */
    public void open(Path plan) {
        try {
            openPlan.accept(plan);
            SourcePage.showNode(message, false);
            settings.addRecentPlan(plan);
            settings.save();
            refresh();
        } catch (RuntimeException e) {
            message.setText("✖ Cannot open " + plan.getFileName() + ": " + e.getMessage());
            SourcePage.showNode(message, true);
        }
    }

    private void refresh() {
        recent.getItems().setAll(settings.recentPlans());
    }

    @Override
    public void enter() {
        refresh();
    }

    @Override
    public boolean leave() {
        return true;
    }
}
