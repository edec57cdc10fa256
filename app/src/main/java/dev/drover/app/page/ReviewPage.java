package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.Page;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import dev.drover.app.model.Problem;
import dev.drover.app.model.ReviewModel;
import dev.drover.app.model.WatermarksModel;
import dev.drover.engine.run.IncrementalMigration;
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
import javafx.scene.input.KeyCode;
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
    /** Tables the run would create that the target has already: read in the background when the page shows. */
    private final Label existing = new Label();
    private String existingShown;
    private int existingGeneration;
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
    private final VBox watermarks = new VBox(8);
    private Background background;
    private Supplier<String> targetPassword = () -> null;
    private Supplier<Optional<String>> embeddedUrl = Optional::empty;
    private String watermarksShown;
    private int watermarksGeneration;

    /** The review of {@code draft} over the source opened now, whichever it is when the page is shown. */
    public ReviewPage(Observable<Draft> draft, Supplier<Optional<OpenedSource>> source) {
        this.draft = draft;
        this.source = source;
    }

    /** The review of {@code draft} over one opened source. */
    public ReviewPage(Observable<Draft> draft, OpenedSource source) {
        this(draft, () -> Optional.of(source));
    }

    /** The embedded server's live URL while it is the target, which the saved plan names {@code embedded}. */
    public void namesEmbedded(Supplier<Optional<String>> embeddedUrl) {
        this.embeddedUrl = embeddedUrl;
    }

    /** What "Save plan…" asks (a {@link FileChooser}); tests answer without a dialog. */
    public void chooseFileWith(Function<Window, File> chooser) {
        this.saveChooser = chooser;
    }

    /**
     * Shows the stored watermark and last runs of each incremental table, read from the target in the background with
     * {@code password}, and offers to reset or set them. Without this the page only lists the incremental tables.
     */
    public void showWatermarks(Background background, Supplier<String> password) {
        this.background = background;
        this.targetPassword = password;
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
        watermarks.setId("review-watermarks");
        SourcePage.showNode(watermarks, false);
        problems.setId("review-problems");
        problems.setWrapText(true);
        existing.setId("review-existing");
        existing.setWrapText(true);
        existing.getStyleClass().add("field-message");
        existing.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("warning"), true);
        SourcePage.showNode(existing, false);
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
                section("Summary"), summary, problems, existing, targets, incremental, watermarks,
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
        refreshWatermarks();
        existingShown = null;
        refreshExisting();
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
        model = new ReviewModel(now, draft, embeddedUrl);
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
        String shown = s.incremental() + " " + d.targetUrl();
        if (!shown.equals(watermarksShown) && watermarks.getScene() != null) refreshWatermarks();
        if (existing.getScene() != null) refreshExisting();
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

    /**
     * Asks the target, in the background, which of the tables the run creates it has already: the run would stop on them
     * before changing anything, so the page says it now, with the ways out. A newer read wins over an older one.
     */
    private void refreshExisting() {
        Draft d = draft.get();
        List<dev.drover.engine.target.TableRef> tables = model == null || background == null || d.targetUrl() == null
                || !model.summary().get().ready() ? List.of() : model.mustNotExist();
        String key = tables + " " + d.targetUrl();
        if (key.equals(existingShown)) return;
        existingShown = key;
        int generation = ++existingGeneration;
        SourcePage.showNode(existing, false);
        if (tables.isEmpty()) return;
        String url = d.targetUrl();
        String password = targetPassword.get();
        background.run(() -> ReviewModel.existingIn(url, password, tables), found -> {
            if (generation != existingGeneration) return;
            existing.setText(found.isEmpty() ? "" : "⚠ The target has " + (found.size() == 1 ? "this table" : "these tables")
                    + " already: " + String.join(", ", found) + ". The run would stop before changing anything. Tick"
                    + " \"Drop existing tables\" on Options (they are dropped and made anew), load into them with table mode"
                    + " \"load into existing\" on Tables, or choose another target schema.");
            SourcePage.showNode(existing, !found.isEmpty());
        }, e -> {
            // the Target page checked the connection; a failure here leaves the run's own check to speak
        });
    }

    /** Reads the incremental tables' watermarks from the target in the background; a newer read wins over an older one. */
    private void refreshWatermarks() {
        refreshWatermarks(null);
    }

    /** As {@link #refreshWatermarks()}, then focuses the control {@code focusId} names again (cards are rebuilt). */
    private void refreshWatermarks(String focusId) {
        Draft d = draft.get();
        watermarksShown = (model == null ? List.of() : model.summary().get().incremental()) + " " + d.targetUrl();
        int generation = ++watermarksGeneration;
        List<IncrementalMigration.Stream> streams = background == null || model == null || d.targetUrl() == null
                || !model.summary().get().ready() ? List.of() : WatermarksModel.streams(d, modelSource);
        watermarks.getChildren().clear();
        SourcePage.showNode(watermarks, !streams.isEmpty());
        if (streams.isEmpty()) return;
        Label status = new Label("Reading the watermarks from the target…");
        status.setId("review-watermarks-status");
        status.getStyleClass().add("hint");
        watermarks.getChildren().addAll(section("Watermarks in the target"), status);
        WatermarksModel m = new WatermarksModel(d.targetUrl(), targetPassword.get());
        background.run(() -> m.load(streams), states -> {
            if (generation != watermarksGeneration) return;
            watermarks.getChildren().remove(status);
            for (WatermarksModel.TableState t : states) watermarks.getChildren().add(watermarkCard(m, t));
            if (focusId != null) {
                Node again = watermarks.lookup("#" + focusId);
                if (again != null && !again.isDisabled()) again.requestFocus();
                else if (watermarks.lookup("#" + focusId.replace("reset", "set")) instanceof Button b) b.requestFocus();
            }
        }, e -> {
            if (generation != watermarksGeneration) return;
            status.setText("✖ Cannot read the watermarks from the target: " + firstLine(e)
                    + ". The run still starts after each stored watermark; check the target on the Target page.");
            status.setWrapText(true);
            status.getStyleClass().setAll("label", "field-message");
            status.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), true);
        });
    }

    /** One table: its watermark, last runs, and "Load from the beginning…" / "Set watermark…" with their inline steps. */
    private Node watermarkCard(WatermarksModel m, WatermarksModel.TableState t) {
        String id = t.table();
        IncrementalMigration.Stream stream = t.stream();
        Label title = new Label(stream.target().display() + "  cursor (" + String.join(", ", stream.cursor()) + ")");
        title.setStyle("-fx-font-weight: bold;");
        Label mark = new Label(t.watermarkText());
        mark.setId("watermark-" + id);
        mark.setWrapText(true);
        Label runs = new Label(t.runs().isEmpty() ? "no runs recorded"
                : "last runs, newest first:\n" + String.join("\n", t.runLines()));
        runs.setId("watermark-runs-" + id);
        runs.getStyleClass().add("hint");
        runs.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        runs.setWrapText(true);
        Label message = new Label();
        message.setId("watermark-message-" + id);
        message.setWrapText(true);
        message.getStyleClass().add("field-message");
        SourcePage.showNode(message, false);

        Button reset = new Button("Load from the beginning…");
        reset.setId("watermark-reset-" + id);
        reset.setDisable(t.stored().isEmpty());
        Button set = new Button("Set watermark…");
        set.setId("watermark-set-" + id);
        HBox actions = new HBox(8, reset, set);

        Label risk = new Label("The next run of " + stream.target().display() + " reads every row of " + stream.table().display()
                + " again" + (stream.settings().upsert() == dev.drover.engine.plan.DatabaseSpec.Incremental.Upsert.PRIMARY_KEY
                ? " and upserts them." : ", and appends them: rows already loaded are loaded twice."));
        risk.setWrapText(true);
        Button resetYes = new Button("Forget the watermark of " + stream.target().display());
        resetYes.setId("watermark-reset-confirm-" + id);
        Button resetNo = new Button("Cancel");
        resetNo.setId("watermark-reset-cancel-" + id);
        VBox resetBox = new VBox(6, risk, new HBox(8, resetYes, resetNo));
        SourcePage.showNode(resetBox, false);

        TextField json = new TextField(t.stored().map(s -> s.watermark()).filter(w -> !"null".equals(w)).orElse(""));
        json.setId("watermark-json-" + id);
        json.setPromptText("JSON array, one value per cursor column: " + (stream.cursor().size() == 1 ? "[1000]" : "[\"2024-01-08 09:00:00\", 2]"));
        json.setStyle("-fx-font-family: monospace;");
        json.setPrefColumnCount(30);
        Button apply = new Button("Set");
        apply.setId("watermark-set-apply-" + id);
        Button cancelSet = new Button("Cancel");
        cancelSet.setId("watermark-set-cancel-" + id);
        Label setHint = new Label("The next run of " + stream.target().display() + " starts after this row.");
        setHint.getStyleClass().add("hint");
        HBox setRow = new HBox(8, json, apply, cancelSet);
        setRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox setBox = new VBox(6, setHint, setRow);
        SourcePage.showNode(setBox, false);

        reset.setOnAction(e -> {
            SourcePage.showNode(setBox, false);
            SourcePage.showNode(resetBox, true);
            resetNo.requestFocus();
        });
        resetNo.setOnAction(e -> {
            SourcePage.showNode(resetBox, false);
            reset.requestFocus();
        });
        resetYes.setOnAction(e -> change(message, resetYes, reset.getId(), () -> {
            m.reset(stream);
            return null;
        }));
        set.setOnAction(e -> {
            SourcePage.showNode(resetBox, false);
            SourcePage.showNode(setBox, true);
            json.requestFocus();
        });
        Runnable cancel = () -> {
            SourcePage.showNode(setBox, false);
            SourcePage.showNode(message, false);
            set.requestFocus();
        };
        cancelSet.setOnAction(e -> cancel.run());
        Runnable applySet = () -> {
            Optional<String> problem = WatermarksModel.problem(stream, json.getText());
            if (problem.isPresent()) {
                showMessage(message, "✖ " + problem.get());
                json.requestFocus();
                return;
            }
            change(message, apply, set.getId(), () -> {
                m.set(stream, json.getText());
                return null;
            });
        };
        apply.setOnAction(e -> applySet.run());
        json.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                applySet.run();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                cancel.run();
                e.consume();
            }
        });

        VBox card = new VBox(4, title, mark, runs, actions, resetBox, setBox, message);
        card.setId("watermark-card-" + id);
        card.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 4; -fx-padding: 8;");
        return card;
    }

    /** Changes a watermark in the background, then reads them all again; a failure stays under the table. */
    private void change(Label message, Button button, String focusAfter, java.util.concurrent.Callable<Void> work) {
        button.setDisable(true);
        background.run(work, v -> refreshWatermarks(focusAfter), e -> {
            button.setDisable(false);
            showMessage(message, "✖ Not changed: " + firstLine(e));
        });
    }

    private static void showMessage(Label message, String text) {
        message.setText(text);
        message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), true);
        SourcePage.showNode(message, true);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
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
