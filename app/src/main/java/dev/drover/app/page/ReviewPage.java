package dev.drover.app.page;

import dev.drover.app.Page;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import dev.drover.app.model.Problem;
import dev.drover.app.model.ReviewModel;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

/**
 * Review: what the run will do (tables, rows, where they go, what stops it), the destructive actions spelled out with
 * a typed confirmation, the full DDL, the plan as {@code drover run} reads it, "Save plan…", and the exact command
 * that runs the saved plan without the wizard. The password appears nowhere: the plan names where it is read from.
 *
 * <p>The page reads the source the Source page opened; it follows when another source is opened ({@link #enter()}).
 */
public final class ReviewPage extends Page {
    private final Observable<Draft> draft;
    private final Supplier<Optional<OpenedSource>> source;
    private Function<Window, File> saveChooser = ReviewPage::chooseFile;

    private ReviewModel model;
    private OpenedSource modelSource;
    private final List<Observable.Subscription> subscriptions = new ArrayList<>();

    private final Label noSource = new Label("Open a source on the Source page first: the review reads its tables.");
    private final Label summary = new Label();
    private final Label targets = new Label();
    private final Label problems = new Label();
    private final VBox destructiveBox = new VBox(8);
    private final Label incremental = new Label();
    private final VBox destructiveList = new VBox(4);
    private final TextField confirm = new TextField();
    private FieldRow confirmRow;
    private final CodeArea ddl = new CodeArea();
    private final TextArea yaml = new TextArea();
    private final Button save = new Button("_Save plan…");
    private final Label saved = new Label();
    private final TextField command = new TextField();
    private final Button copy = new Button("Copy");
    private final Label passwordNote = new Label();
    private Path savedTo;

    /** The review of {@code draft} over the source opened now, whichever it is when the page is shown. */
    public ReviewPage(Observable<Draft> draft, Supplier<Optional<OpenedSource>> source) {
        this.draft = draft;
        this.source = source;
    }

    /** The review of {@code draft} over one opened source. */
    public ReviewPage(Observable<Draft> draft, OpenedSource source) {
        this(draft, () -> Optional.of(source));
    }

    /** What "Save plan…" asks (a {@link FileChooser}); tests answer without a dialog. */
    public void chooseFileWith(Function<Window, File> chooser) {
        this.saveChooser = chooser;
    }

    /** The model behind the page, once a source is open. */
    public Optional<ReviewModel> model() {
        return Optional.ofNullable(model);
    }

    /** Where the plan was last saved. */
    public Optional<Path> savedTo() {
        return Optional.ofNullable(savedTo);
    }

    @Override public String id() { return "review"; }
    @Override public String title() { return "Review"; }
    @Override public String subtitle() { return "What the run will do, the plan to save, and the command that runs it."; }

    @Override
    protected Node build() {
        noSource.setId("review-no-source");
        noSource.setWrapText(true);
        summary.setId("review-summary");
        summary.setWrapText(true);
        targets.setId("review-targets");
        targets.setWrapText(true);
        targets.getStyleClass().add("hint");
        incremental.setId("review-incremental");
        incremental.setWrapText(true);
        SourcePage.showNode(incremental, false);
        problems.setId("review-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add("field-message");
        problems.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), true);

        destructiveList.setId("review-destructive");
        confirm.setMaxWidth(320);
        confirmRow = new FieldRow("Type the schema name or \"drop\" to confirm", confirm, "review-confirm")
                .checkedBy(this::confirmProblem).commits(confirm, v -> { });
        Label warnTitle = section("What this run removes");
        destructiveBox.setId("review-destructive-box");
        destructiveBox.getChildren().addAll(warnTitle, destructiveList, confirmRow);

        ddl.setId("review-ddl");
        ddl.setEditable(false);
        ddl.setWrapText(false);
        ddl.setStyle("-fx-font-family: monospace; -fx-font-size: 12px;");
        VirtualizedScrollPane<CodeArea> ddlScroll = new VirtualizedScrollPane<>(ddl);
        ddlScroll.setPrefHeight(300);
        ddlScroll.setMinHeight(200);
        javafx.scene.layout.StackPane ddlFrame = new javafx.scene.layout.StackPane(ddlScroll);
        ddlFrame.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 4; -fx-padding: 4 0 4 8;");

        yaml.setId("review-yaml");
        yaml.setEditable(false);
        yaml.setPrefRowCount(14);
        yaml.setStyle("-fx-font-family: monospace; -fx-font-size: 12px;");

        save.setId("review-save");
        save.setOnAction(e -> save());
        saved.setId("review-saved");
        saved.setWrapText(true);
        HBox saveBox = new HBox(12, save, saved);
        saveBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        command.setId("review-command");
        command.setEditable(false);
        command.setPromptText("save the plan first: the command runs the saved file");
        command.setStyle("-fx-font-family: monospace;");
        copy.setId("review-copy");
        copy.setDisable(true);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(command.getText());
            Clipboard.getSystemClipboard().setContent(c);
            saved.setText("Copied: " + command.getText());
        });
        HBox commandBox = new HBox(8, command, copy);
        HBox.setHgrow(command, Priority.ALWAYS);
        passwordNote.setId("review-password-note");
        passwordNote.setWrapText(true);
        passwordNote.getStyleClass().add("hint");

        VBox page = new VBox(12,
                noSource,
                section("Summary"), summary, problems, targets, incremental,
                destructiveBox,
                section("Schema (DDL)"), ddlFrame,
                section("Plan"), yaml, saveBox,
                section("Run it without the wizard"), commandBox, passwordNote);
        page.getStyleClass().add("page-body");
        attach();
        return page;
    }

    private static Label section(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("section-title");
        return l;
    }

    @Override
    public void enter() {
        attach();
    }

    /** Binds the page to the source open now (a new model when it changed). */
    private void attach() {
        OpenedSource now = source.get().orElse(null);
        if (model != null && now == modelSource) return;
        detach();
        modelSource = now;
        boolean files = draft.get().isFiles();
        SourcePage.showNode(noSource, now == null && !files);
        if (now == null && !files) {
            summary.setText("");
            targets.setText("");
            SourcePage.showNode(problems, false);
            SourcePage.showNode(destructiveBox, false);
            ddl.replaceText("");
            yaml.setText("");
            save.setDisable(true);
            return;
        }
        save.setDisable(false);
        model = new ReviewModel(now, draft);
        subscriptions.add(model.summary().observe(this::showSummary));
        subscriptions.add(model.ddl().observe(text -> {
            ddl.replaceText(text);
            ddl.moveTo(0);
            ddl.requestFollowCaret();
        }));
        subscriptions.add(model.planYaml().observe(yaml::setText));
        subscriptions.add(draft.observe(d -> passwordNote.setText("Password: " + model.passwordNote() + ".")));
    }

    /** Detaches the page from the draft and its source: when the window closes. */
    public void close() {
        detach();
    }

    private void detach() {
        subscriptions.forEach(Observable.Subscription::close);
        subscriptions.clear();
        if (model != null) model.close();
        model = null;
    }

    private void showSummary(ReviewModel.Summary s) {
        Draft d = draft.get();
        StringBuilder b = new StringBuilder();
        b.append(s.tables()).append(s.tables() == 1 ? " table" : " tables");
        b.append(String.format(Locale.ROOT, ", about %,d rows by the source's estimates", s.rowsEstimated()));
        if (s.rowsUnknown() > 0) b.append(" (").append(s.rowsUnknown()).append(" without an estimate)");
        b.append(", ").append(switch (d.mode()) {
            case ALL -> "schema and data";
            case SCHEMA_ONLY -> "schema only";
            case DATA_ONLY -> d.options().truncate() ? "data only, into emptied existing tables" : "data only, into existing tables";
        });
        if (d.targetUrl() != null) b.append(", into ").append(d.targetUrl());
        b.append('.');
        summary.setText(b.toString());
        targets.setText(String.join("\n", s.targets()));
        incremental.setText(s.incremental().isEmpty() ? "" : "Incremental tables (re-running the saved plan loads only the rows"
                + " past each one's watermark, kept in the target's drover.ingest_state; the other tables are loaded only"
                + " when they do not exist yet):\n" + String.join("\n", s.incremental().stream().map(x -> "↻ " + x).toList()));
        SourcePage.showNode(incremental, !s.incremental().isEmpty());
        problems.setText(s.problems().isEmpty() ? "" : "✖ Before it can run: " + String.join("; ", s.problems()) + ".");
        SourcePage.showNode(problems, !s.ready());
        destructiveList.getChildren().clear();
        for (String sentence : s.destructive()) {
            Label l = new Label("⚠ This run " + sentence + ".");
            l.setWrapText(true);
            l.getStyleClass().add("field-message");
            l.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("warning"), true);
            destructiveList.getChildren().add(l);
        }
        SourcePage.showNode(destructiveBox, !s.destructive().isEmpty());
        if (confirmRow.showing()) confirmRow.validate();
    }

    /** The schema name the confirmation takes besides "drop". */
    private String schemaName() {
        String s = draft.get().targetSchema();
        return s == null ? "public" : s;
    }

    /** Whether the destructive actions are confirmed, or there are none. */
    public boolean confirmed() {
        if (model == null || model.summary().get().destructive().isEmpty()) return true;
        String typed = confirm.getText() == null ? "" : confirm.getText().strip();
        return typed.equalsIgnoreCase("drop") || typed.equals(schemaName());
    }

    private Optional<Problem> confirmProblem() {
        if (confirmed()) return Optional.empty();
        return Optional.of(Problem.error(null, "type " + schemaName() + " or drop: this run changes what is already in the target"));
    }

    private void save() {
        if (model == null) return;
        File f = saveChooser.apply(save.getScene() == null ? null : save.getScene().getWindow());
        if (f == null) return;
        Path file = f.toPath().toAbsolutePath();
        Optional<String> failure = model.save(file);
        if (failure.isPresent()) {
            saved.setText("✖ Not saved: " + failure.get());
            return;
        }
        savedTo = file;
        saved.setText("✔ Saved to " + file);
        command.setText(model.headlessCommand(file));
        copy.setDisable(false);
    }

    private static File chooseFile(Window owner) {
        FileChooser c = new FileChooser();
        c.setTitle("Save plan");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Drover plan (*.yaml)", "*.yaml", "*.yml"));
        c.setInitialFileName("drover-plan.yaml");
        return c.showSaveDialog(owner);
    }

    @Override
    public String nextLabel() {
        return "_Run migration";
    }

    @Override
    public boolean leave() {
        if (model == null) return false;
        ReviewModel.Summary s = model.summary().get();
        if (!s.ready()) {
            SourcePage.showNode(problems, true);
            save.requestFocus();
            return false;
        }
        confirmRow.validate();
        if (!confirmed()) {
            confirm.requestFocus();
            return false;
        }
        return true;
    }
}
