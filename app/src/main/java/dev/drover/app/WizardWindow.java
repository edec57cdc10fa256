package dev.drover.app;

import atlantafx.base.theme.PrimerLight;
import dev.drover.app.model.SourceModel;
import dev.drover.app.model.TargetModel;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import dev.drover.app.page.CastRulesPage;
import dev.drover.app.page.OptionsPage;
import dev.drover.app.page.ReviewPage;
import dev.drover.app.page.RunPage;
import dev.drover.app.page.ResultsPage;
import dev.drover.app.model.RunModel;
import dev.drover.app.model.RunProgress;
import dev.drover.app.page.SourcePage;
import dev.drover.app.page.StartPage;
import dev.drover.app.page.TablesPage;
import dev.drover.app.page.TargetPage;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The wizard's window: the steps on the left, the current page in the middle, Back and Next at the bottom. Next is
 * always enabled; on a page with problems it shows them under the fields and focuses the first. Keyboard: Tab moves
 * between fields, Enter is Next, Alt+→ / Alt+← are Next / Back, the step list takes the arrow keys, and every
 * labelled field has an Alt mnemonic. The window's size and place are remembered.
 */
public final class WizardWindow {
    private static final Pattern EMBEDDED_URL = Pattern.compile("postgresql://postgres@localhost:\\d+/drover");

    private final WizardContext context;
    private final SourceModel source;
    private final TargetModel target;
    private final List<Page> pages;
    private final ListView<Page> steps = new ListView<>();
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final ScrollPane content = new ScrollPane();
    private final Button back = new Button("_Back");
    private final Button next = new Button("_Next");
    private final BorderPane root = new BorderPane();
    private Plan openedPlan;
    /** The source URL (without password) being opened in the background, and the one open now. */
    private String openingUrl;
    private String openedUrl;
    private int current = -1;
    private int reached;
    private boolean selecting;
    private Stage stage;

    private final OptionsPage options;
    private final ReviewPage review;
    private final ResultsPage results;
    private final RunPage runPage;
    private java.util.function.Consumer<Path> folderOpener = p -> { };

    /** How "Open reject folder" opens a folder: the application's host services (tests record the call). */
    public void openFoldersWith(java.util.function.Consumer<Path> opener) {
        folderOpener = opener;
    }

    /** The Results page, for tests that export without a file dialog. */
    ResultsPage resultsPage() {
        return results;
    }

    /** The Review page, for tests that save the plan without a file dialog. */
    ReviewPage reviewPage() {
        return review;
    }

    public WizardWindow(WizardContext context) {
        this.context = context;
        this.source = new SourceModel(context.home(), context.env());
        this.target = new TargetModel(context.env());
        StartPage start = new StartPage(context.settings(), () -> goTo(1), this::openPlan);
        options = new OptionsPage(context.draft());
        runPage = new RunPage(context.run(), this::newRun);
        results = new ResultsPage(context.run(), context.draft(), context.openedSource(), context.background(), p -> folderOpener.accept(p));
        review = new ReviewPage(context.draft(), () -> java.util.Optional.ofNullable(context.openedSource().get()));
        review.showWatermarks(context.background(), target::runPassword);
        review.namesEmbedded(target::embeddedUrlInUse);
        pages = List.of(
                start,
                new SourcePage(source, context.background()),
                new TargetPage(target, context.embedded(), context.background()),
                new TablesPage(context.draft(), context.openedSource(), context.openProblem(), context.background()),
                new CastRulesPage(context.draft(), context.openedSource(), context.openProblem(), context.background()),
                options,
                review,
                runPage,
                results);
        for (Page p : pages) {
            p.onAdvance(this::forward);
            p.onBusy(this::busy);
        }
        build();
        goTo(0);
    }

    /** AtlantaFX's PrimerLight, for the whole application. */
    public static void applyTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    private void build() {
        Label brand = new Label("Drover");
        brand.getStyleClass().add("brand");
        steps.setId("steps");
        steps.getItems().setAll(pages);
        steps.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Page p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    return;
                }
                int i = pages.indexOf(p);
                String mark = i == current ? "›" : i < reached || i < current ? "✓" : " ";
                setText(mark + "  " + (i + 1) + ". " + p.title());
                setDisable(i > reached);
                setId("step-" + p.id());
            }
        });
        steps.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            if (selecting || now.intValue() < 0 || now.intValue() == current) return;
            int target = now.intValue();
            // runLater: changing the selection again from inside its own listener confuses the list
            javafx.application.Platform.runLater(() -> jump(target));
        });
        javafx.scene.control.Hyperlink about = new javafx.scene.control.Hyperlink("About Drover");
        about.setId("about-link");
        about.setOnAction(e -> AboutBox.show(root.getScene().getWindow()));
        VBox side = new VBox(12, brand, steps, about);
        VBox.setVgrow(steps, Priority.ALWAYS);
        side.getStyleClass().add("wizard-steps");
        side.setPrefWidth(220);

        title.setId("page-title");
        title.getStyleClass().add("page-title");
        subtitle.setId("page-subtitle");
        subtitle.getStyleClass().add("page-subtitle");
        content.setFitToWidth(true);
        content.getStyleClass().add("page-scroll");
        VBox center = new VBox(6, title, subtitle, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        center.getStyleClass().add("wizard-center");

        back.setId("back");
        back.setOnAction(e -> back());
        next.setId("next");
        next.setDefaultButton(true);
        next.getStyleClass().add("accent");
        next.setOnAction(e -> next());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(10, spacer, back, next);
        buttons.getStyleClass().add("wizard-buttons");

        root.setLeft(side);
        root.setCenter(center);
        root.setBottom(buttons);
        root.getStyleClass().add("wizard");
    }

    /** Builds the scene at the remembered size and shows the window. */
    public void show(Stage stage) {
        this.stage = stage;
        UiSettings s = context.settings();
        Scene scene = new Scene(root, s.width(), s.height());
        scene.getStylesheets().add(Objects.requireNonNull(WizardWindow.class.getResource("wizard.css")).toExternalForm());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), this::next);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), this::back);
        stage.setTitle("Drover — migrate into PostgreSQL");
        stage.getIcons().setAll(AboutBox.icon());
        stage.setScene(scene);
        stage.setMinWidth(UiSettings.MIN_WIDTH);
        stage.setMinHeight(UiSettings.MIN_HEIGHT);
        placeOnScreen(stage, s);
        stage.setOnCloseRequest(e -> {
            // a run going: ask on the Run page, stop it cleanly, then close (no dialog)
            if (!runPage.running()) return;
            e.consume();
            if (pages.get(current) != runPage) show(pages.indexOf(runPage));
            runPage.askClose(stage::close);
        });
        stage.setOnHidden(e -> {
            remember();
            options.close();
            review.close();
        });
        stage.show();
        pages.get(current).view().requestFocus();
    }

    private static void placeOnScreen(Stage stage, UiSettings s) {
        double x = s.x();
        double y = s.y();
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            boolean visible = Screen.getScreensForRectangle(new Rectangle2D(x, y, Math.min(s.width(), 200), 50)).size() > 0;
            if (visible) {
                stage.setX(x);
                stage.setY(y);
            }
        }
        stage.setMaximized(s.maximized());
    }

    /** Keeps the window's size and place for the next start. */
    private void remember() {
        if (stage == null) return;
        context.settings().setWindow(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
        context.settings().save();
    }

    /** Sets the window's size (the screenshots use 1280×800). */
    public void resize(double width, double height) {
        stage.setMaximized(false);
        stage.setWidth(width);
        stage.setHeight(height);
        root.resize(width, height);
    }

    public Scene scene() {
        return root.getScene();
    }

    /** Validates the page and goes on; on problems stays, with the first invalid field focused. */
    public void next() {
        if (pages.get(current).last()) return;
        if (pages.get(current).leave()) forward();
    }

    /** Goes back without validating; nothing typed is lost. */
    public void back() {
        if (current > 0 && !busy) show(current - 1);
    }

    /** Goes to a step from the list: back freely, forward through each page's validation. */
    private void jump(int target) {
        if (target < current) {
            show(target);
            return;
        }
        while (current < target) {
            if (!pages.get(current).leave()) {
                select(current);
                return;
            }
            forward();
        }
    }

    private void forward() {
        commit(pages.get(current));
        show(current + 1);
    }

    /** A page was left forward: what it decided goes into the draft (the later pages read it from there). */
    private void commit(Page p) {
        Observable<Draft> draft = context.draft();
        if ("source".equals(p.id())) {
            if (source.kind().orElse(null) == dev.drover.app.model.SourceKind.FILES) {
                draft.set(draft.get().withFile(source.csvSource().orElse(null)));
                openSource(null, null);
                return;
            }
            String url = source.sourceUrl().orElse(null);
            draft.set(draft.get().withFiles(null).withSource(url));
            openSource(url, source.connectLocator().orElse(null));
        } else if ("target".equals(p.id())) {
            draft.set(draft.get().withTarget(target.targetUrl().orElse(null), target.passwordEnv().orElse(null))
                    .withTargetSchema(target.schema()));
        }
    }

    /**
     * Opens the chosen source in the background (once per URL): the Tables and Cast rules pages read its catalog. A
     * different source closes the one before.
     */
    private void openSource(String url, String locator) {
        OpenedSource now = context.openedSource().get();
        if (url == null) {
            openingUrl = null;
            openedUrl = null;
            context.setOpenedSource(null);
            return;
        }
        if (now != null && url.equals(openedUrl) || url.equals(openingUrl)) return;
        openedUrl = null;
        context.setOpenedSource(null);
        context.openProblem().set(null);
        openingUrl = url;
        context.background().run(() -> OpenedSource.open(locator), opened -> {
            if (!url.equals(openingUrl)) {
                WizardContext.closeQuietly(opened); // another source was chosen meanwhile
                return;
            }
            openingUrl = null;
            openedUrl = url;
            context.setOpenedSource(opened);
        }, e -> {
            if (!url.equals(openingUrl)) return;
            openingUrl = null;
            context.openProblem().set("Could not open the source: " + (e.getMessage() == null ? e : e.getMessage()));
        });
    }

    /** A run of the draft as it stands, with the target's password (memory only); the Run page starts it. */
    private RunModel newRun() {
        if (!review.confirmed()) throw new IllegalStateException("the destructive actions on the Review page are not confirmed");
        return new RunModel(context.draft().get().toPlan(), target.runPassword(), context.home(), new RunProgress());
    }

    private boolean busy;

    private void busy(boolean b) {
        busy = b;
        back.setDisable(b || current == 0);
        steps.setDisable(b);
    }

    private void goTo(int index) {
        show(index);
    }

    private void show(int index) {
        if (current >= 0 && current != index) pages.get(current).exit();
        current = index;
        reached = Math.max(reached, index);
        Page p = pages.get(index);
        title.setText(p.title());
        subtitle.setText(p.subtitle());
        content.setContent(p.view());
        content.setVvalue(0); // a page opens at its top, whatever the page before was scrolled to
        p.enter();
        back.setDisable(index == 0 || busy);
        next.setVisible(!p.last());
        next.setText(p.nextLabel());
        select(index);
        steps.refresh();
    }

    private void select(int index) {
        selecting = true;
        try {
            steps.getSelectionModel().select(index);
        } finally {
            selecting = false;
        }
    }

    /** Reads a saved plan into the pages and shows the Source page. */
    private void openPlan(Path file) {
        Plan plan = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".load") ? importCommandFile(file)
                : PlanYaml.read(file);
        if (plan.database() != null) source.load(plan.database().source());
        else if (!plan.tables().isEmpty()) source.load(plan.tables().get(0).source());
        if (plan.target() != null) {
            // plans before "embedded" named the server by its address
            if (EmbeddedPostgres.isPlanUrl(plan.target().url()) || EMBEDDED_URL.matcher(plan.target().url()).matches()) {
                target.setMode(TargetModel.Mode.EMBEDDED);
            } else {
                target.load(plan.target());
            }
        }
        openedPlan = plan;
        try {
            context.draft().set(Draft.fromPlan(plan));
        } catch (IllegalArgumentException e) {
            context.draft().set(Draft.empty()); // a plan of files: the Source page shows them, the draft starts afresh
        }
        goTo(1);
    }

    /**
     * A pgloader command file as a plan the pages edit: its one command translated as {@code drover convert} does
     * (passwords left out, inline data written beside the file).
     *
     * @throws IllegalArgumentException with {@code file:line:col} when it cannot be translated, or has several commands
     */
    static Plan importCommandFile(Path file) {
        try {
            var parsed = dev.drover.engine.pgloader.CommandFile.read(file, System.getenv());
            Path dir = file.toAbsolutePath().getParent();
            var t = dev.drover.engine.pgloader.Commands.translate(parsed, dir, dir, false);
            if (t.savable().size() != 1) {
                throw new IllegalArgumentException(file.getFileName() + " holds " + t.savable().size() + " commands; the wizard opens"
                        + " one at a time: run the file with 'drover run " + file.getFileName() + "', or split it");
            }
            return t.savable().get(0);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- for the other pages and the tests ----

    public SourceModel sourceModel() { return source; }
    public TargetModel targetModel() { return target; }
    public Page currentPage() { return pages.get(current); }
    public List<Page> pages() { return pages; }
    /** The plan the user opened on the Start page, if any. */
    public Optional<Plan> openedPlan() { return Optional.ofNullable(openedPlan); }
}
