package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.Page;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;

/**
 * A page whose view-model is built from the opened source (Tables, Cast rules): the model is made off the FX thread
 * when the page first shows with a source, kept while that source stays open, closed when another one replaces it, and
 * bound to the view only while the page shows.
 */
abstract class OpenedSourcePage<M extends AutoCloseable> extends Page {
    static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    protected final Observable<Draft> draft;
    private final Observable<OpenedSource> opened;
    private final Observable<String> openProblem;
    protected final Background background;
    /** What {@link #attach} binds, undone when the page stops showing. */
    protected final List<Observable.Subscription> subscriptions = new ArrayList<>();
    protected final Label status = new Label();
    protected M model;
    protected OpenedSource modelSource;

    OpenedSourcePage(Observable<Draft> draft, Observable<OpenedSource> opened, Observable<String> openProblem,
                     Background background) {
        this.draft = draft;
        this.opened = opened;
        this.openProblem = openProblem;
        this.background = background;
        // another source (or none): the model of the one before is done with, even while this page is not showing
        opened.subscribe(s -> {
            if (model != null && s != modelSource) {
                closeQuietly(model);
                model = null;
                modelSource = null;
            }
        });
    }

    /** The model for a source: it may read the database, so it runs off the FX thread. */
    protected abstract M create(OpenedSource source, Observable<Draft> draft) throws Exception;

    /** What the page reads from the source, for the status line: "tables", "columns". */
    protected abstract String reading();

    /** Binds the view to {@link #model} while the page shows (into {@link #subscriptions}). */
    protected abstract void attach();

    /** A model just made, before {@link #attach}: for what is set once per model. */
    protected void ready(M m) { }

    /** The page for a database source. */
    protected abstract javafx.scene.Node buildDatabaseView();

    /** The page for a file load (the draft's {@code files}): what the page means there. */
    protected abstract javafx.scene.Node buildFilesView();

    /** Validates and commits the page for a database source. */
    protected abstract boolean leaveDatabase();

    /** Validates and commits the page for a file load. */
    protected boolean leaveFiles() {
        return true;
    }

    /** The file view is shown: fill it from the draft. */
    protected void enterFiles() { }

    private final javafx.scene.layout.StackPane root = new javafx.scene.layout.StackPane();
    private javafx.scene.Node databaseView;
    private javafx.scene.Node filesView;

    @Override
    protected final javafx.scene.Node build() {
        databaseView = buildDatabaseView();
        filesView = buildFilesView();
        root.getChildren().setAll(databaseView, filesView);
        javafx.scene.layout.StackPane.setAlignment(databaseView, javafx.geometry.Pos.TOP_LEFT);
        javafx.scene.layout.StackPane.setAlignment(filesView, javafx.geometry.Pos.TOP_LEFT);
        return root;
    }

    @Override
    public final boolean leave() {
        return draft.get().isFiles() ? leaveFiles() : leaveDatabase();
    }

    /** The page's view-model, once the source is open (for the tests). */
    public Optional<M> model() {
        return Optional.ofNullable(model);
    }

    @Override
    public void enter() {
        boolean files = draft.get().isFiles();
        SourcePage.showNode(databaseView, !files);
        SourcePage.showNode(filesView, files);
        if (files) {
            enterFiles();
            return;
        }
        subscriptions.add(opened.observe(this::useSource));
        subscriptions.add(openProblem.observe(p -> {
            if (p != null) status.setText("✖ " + p + " Go back to Source to choose it again.");
        }));
    }

    private void useSource(OpenedSource s) {
        if (s == null) {
            if (openProblem.get() == null) status.setText("Reading the source's " + reading() + "…");
            return;
        }
        if (s == modelSource && model != null) {
            attach();
            return;
        }
        status.setText("Reading the source's " + reading() + "…");
        background.run(() -> create(s, draft), m -> {
            if (opened.get() != s) {
                closeQuietly(m);
                return;
            }
            if (model != null) closeQuietly(model);
            model = m;
            modelSource = s;
            ready(m);
            attach();
        }, e -> status.setText("✖ Could not read the " + reading() + ": " + e.getMessage()));
    }

    /** False, saying why on the status line, while the model is not there for the source now open. */
    protected final boolean modelReady() {
        if (model != null && opened.get() == modelSource) return true;
        status.setText(openProblem.get() != null ? "✖ " + openProblem.get() + " Go back to Source to choose it again."
                : "Still reading the source's " + reading() + "; Next works once they are listed.");
        return false;
    }

    @Override
    public void exit() {
        subscriptions.forEach(Observable.Subscription::close);
        subscriptions.clear();
    }

    /** A message under a field: ✖ and the text, shown only when there is one. */
    static void message(Label l, String text) {
        if (!l.getStyleClass().contains("field-message")) l.getStyleClass().add("field-message");
        l.setWrapText(true);
        l.pseudoClassStateChanged(DANGER, text != null);
        l.setText(text == null ? "" : "✖ " + text);
        SourcePage.showNode(l, text != null);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // a model's close releases listeners; nothing the user could act on
        }
    }
}
