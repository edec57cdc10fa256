package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.Page;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import dev.drover.app.model.Recast;
import dev.drover.app.model.ResultsModel;
import dev.drover.app.model.RunModel;
import dev.drover.engine.rejects.RejectRetry;
import dev.drover.engine.rejects.StoredReject;
import dev.drover.engine.report.Outcome;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Results: how the run ended with the counts, each table's line, and the rejected-row browser. Pick a table; each
 * rejected row shows its values per column with the failing one marked, the SQLSTATE and message, and where it came
 * from; filter by text or by error; export what is shown to CSV; edit a row and retry it, or retry the selected rows
 * as they are (after fixing the target, say). File and database work runs in the background.
 */
public final class ResultsPage extends Page {
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");
    private static final PseudoClass SUCCESS = PseudoClass.getPseudoClass("success");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass FAILING = PseudoClass.getPseudoClass("failing");
    private static final String ALL_ERRORS = "All errors";

    private final Observable<RunModel> runs;
    private final Observable<Draft> draft;
    private final Observable<OpenedSource> source;
    private final TextField recastRule = new TextField();
    private final Button recastCheck = new Button("C_heck rule");
    private final Button recastApply = new Button("Alter the table and retry _all");
    private final Label recastPlan = new Label();
    private final Label recastResult = new Label();
    private Recast.Proposal proposal;
    private final Background background;
    private final Consumer<Path> openFolder;
    private Function<Window, File> exportChooser = ResultsPage::chooseExport;
    private ResultsModel model;
    private RunModel shownRun;

    private final Label headline = new Label();
    private final TableView<ResultsModel.TableSummary> tables = new TableView<>();
    /** Incremental tables: what their rows did, and their watermark after the run; shown when the run had one. */
    private final TableColumn<ResultsModel.TableSummary, String> changes = Columns.text("Incremental", 230,
            ResultsModel.TableSummary::changesText);
    private final TableColumn<ResultsModel.TableSummary, String> watermark = Columns.text("Watermark", 160,
            ResultsModel.TableSummary::watermark);

    private void showIncremental() {
        boolean any = tables.getItems().stream().anyMatch(t -> t.changes() != null);
        changes.setVisible(any);
        watermark.setVisible(any);
    }
    private final ComboBox<String> tablePicker = new ComboBox<>();
    private final TextField filter = new TextField();
    private final ComboBox<String> groups = new ComboBox<>();
    private final TableView<StoredReject> rejects = new TableView<>();
    private final Label pageLabel = new Label();
    private final Button previous = new Button("‹ Previous");
    private final Button next = new Button("Next ›");
    private final Button export = new Button("_Export CSV…");
    private final Button openFolderButton = new Button("Open reject _folder");
    private final Button openReport = new Button("Open _report");
    private final Button openLog = new Button("Open _log");
    private final TextField folder = new TextField();
    private final Label exported = new Label();
    private final VBox browser = new VBox(10);
    private final Label noRejects = new Label();
    private final Label detail = new Label();
    private final GridPane editor = new GridPane();
    private final List<TextField> editValues = new ArrayList<>();
    private final List<CheckBox> editNulls = new ArrayList<>();
    private final Button retryEdited = new Button("Retry this row with these _values");
    private final Button retrySelected = new Button("Retry _selected rows as they are");
    private final Label retryResult = new Label();
    private final Map<String, String> groupKeys = new java.util.HashMap<>();
    private StoredReject editing;

    /**
     * @param openFolder opens a folder or a file with the desktop's application for it
     */
    public ResultsPage(Observable<RunModel> runs, Observable<Draft> draft, Observable<OpenedSource> source, Background background,
                       Consumer<Path> openFolder) {
        this.runs = runs;
        this.draft = draft;
        this.source = source;
        this.background = background;
        this.openFolder = openFolder;
    }

    @Override public String id() { return "results"; }
    @Override public String title() { return "Results"; }
    @Override public String subtitle() { return "What was loaded, what was rejected and why; fix and retry rejected rows."; }
    @Override public boolean last() { return true; }

    /** Replaces the export file dialog (tests). */
    public void chooseExportWith(Function<Window, File> chooser) {
        exportChooser = chooser;
    }

    public ResultsModel model() {
        return model;
    }

    @Override
    protected Node build() {
        headline.setId("results-headline");
        headline.getStyleClass().add("run-outcome");
        headline.setWrapText(true);

        tables.setId("results-tables");
        tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tables.setFixedCellSize(34);
        tables.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(tables.getItems()).multiply(34).add(46));
        tables.setMaxHeight(260);
        tables.getColumns().add(Columns.text("Table", 180, ResultsModel.TableSummary::table));
        tables.getColumns().add(Columns.text("State", 80, t -> t.state().name().toLowerCase(Locale.ROOT)));
        tables.getColumns().add(Columns.text("Read", 90, t -> n(t.read())));
        tables.getColumns().add(Columns.text("Loaded", 90, t -> n(t.loaded())));
        tables.getColumns().add(Columns.text("Rejected", 80, t -> n(t.rejected())));
        tables.getColumns().add(Columns.text("Fixed by retry", 100, t -> t.fixed() == 0 ? "" : n(t.fixed())));
        changes.setVisible(false);
        watermark.setVisible(false);
        tables.getColumns().add(changes);
        tables.getColumns().add(watermark);
        tables.getColumns().add(Columns.text("Time", 70, t -> RunPage.clock(t.time())));
        tables.getColumns().add(Columns.text("Verified", 150, ResultsModel.TableSummary::verification));
        tables.getColumns().add(Columns.text("Problem", 200, t -> t.failure() == null ? "" : t.failure()));
        tables.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now.rejected() > 0 && tablePicker.getItems().contains(now.table())) tablePicker.setValue(now.table());
        });

        tablePicker.setId("rejects-table");
        tablePicker.setPromptText("Table");
        tablePicker.valueProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(was)) selectTable(now);
        });
        filter.setId("rejects-filter");
        filter.setPromptText("Filter: text in the message or the values");
        filter.setPrefColumnCount(22);
        filter.textProperty().addListener((o, was, now) -> load(() -> model.filter(now)));
        groups.setId("rejects-group");
        groups.setPrefWidth(320);
        groups.valueProperty().addListener((o, was, now) -> {
            if (now == null || now.equals(was) || model == null || model.selected().isEmpty()) return;
            String key = ALL_ERRORS.equals(now) ? null : groupKeys.get(now);
            load(() -> model.group(key));
        });
        export.setId("rejects-export");
        export.setOnAction(e -> exportCsv());
        openFolderButton.setId("rejects-open-folder");
        openFolderButton.setOnAction(e -> {
            if (model != null && model.rejectDir() != null) openFolder.accept(model.rejectDir());
        });
        openReport.setId("results-open-report");
        openReport.setOnAction(e -> shownRun.reportFile().ifPresent(openFolder));
        openLog.setId("results-open-log");
        openLog.setOnAction(e -> shownRun.logFile().ifPresent(openFolder));
        folder.setId("rejects-folder");
        folder.setEditable(false);
        folder.setPrefColumnCount(36);
        Button copyFolder = new Button("Copy path");
        copyFolder.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(folder.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        exported.setId("rejects-exported");

        rejects.setId("rejects");
        rejects.setPrefHeight(260);
        rejects.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        rejects.setPlaceholder(new Label("No rejected rows match."));
        rejects.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showDetail(now));
        previous.setId("rejects-previous");
        previous.setOnAction(e -> load(model::previous));
        next.setId("rejects-next");
        next.setOnAction(e -> load(model::next));
        pageLabel.setId("rejects-page");

        detail.setId("reject-detail");
        detail.setWrapText(true);
        detail.getStyleClass().add("reject-detail");
        editor.setId("reject-editor");
        editor.setHgap(8);
        editor.setVgap(4);
        retryEdited.setId("reject-retry");
        retryEdited.getStyleClass().add("accent");
        retryEdited.setOnAction(e -> retryEdited());
        retrySelected.setId("rejects-retry-selected");
        retrySelected.setOnAction(e -> retrySelected());
        retryResult.setId("reject-retry-result");
        retryResult.setWrapText(true);
        retryResult.getStyleClass().add("field-message");

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox tools = new HBox(10, tablePicker, filter, groups, spacer, export);
        tools.setAlignment(Pos.CENTER_LEFT);
        HBox paging = new HBox(10, previous, pageLabel, next, new Region(), retrySelected);
        paging.setAlignment(Pos.CENTER_LEFT);
        for (Button b : List.of(copyFolder, openFolderButton, openReport, openLog, export, previous, next, retrySelected, retryEdited)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Label filesLabel = new Label("Reject files:");
        filesLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(folder, Priority.ALWAYS);
        HBox folderRow = new HBox(10, filesLabel, folder, copyFolder, openFolderButton, openReport, openLog);
        folderRow.setAlignment(Pos.CENTER_LEFT);
        Label editTitle = new Label("Fix and retry");
        editTitle.getStyleClass().add("section-title");
        HBox retryRow = new HBox(10, retryEdited, retryResult);
        retryRow.setAlignment(Pos.CENTER_LEFT);
        exported.setWrapText(true);
        Label recastTitle = new Label("Or change a cast rule and retry all of this table's rejects");
        recastTitle.getStyleClass().add("section-title");
        recastRule.setId("recast-rule");
        recastRule.setPromptText("e.g. column products.stock to text   (rules name the source's tables and columns)");
        recastRule.setPrefColumnCount(40);
        recastRule.textProperty().addListener((o, was, now) -> {
            proposal = null;
            recastApply.setDisable(true);
            recastPlan.setText("");
        });
        recastRule.setOnAction(e -> checkRule());
        recastCheck.setId("recast-check");
        recastCheck.setOnAction(e -> checkRule());
        recastApply.setId("recast-apply");
        recastApply.getStyleClass().add("danger");
        recastApply.setDisable(true);
        recastApply.setOnAction(e -> applyRule());
        recastPlan.setId("recast-plan");
        recastPlan.setWrapText(true);
        recastResult.setId("recast-result");
        recastResult.setWrapText(true);
        recastResult.getStyleClass().add("field-message");
        HBox recastRow = new HBox(10, recastRule, recastCheck, recastApply);
        recastRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(recastRule, Priority.ALWAYS);
        recastCheck.setMinWidth(Region.USE_PREF_SIZE);
        recastApply.setMinWidth(Region.USE_PREF_SIZE);
        browser.getChildren().addAll(tools, exported, rejects, paging, detail, editTitle, editor, retryRow, recastTitle, recastRow,
                recastPlan, recastResult);
        noRejects.setId("results-no-rejects");
        noRejects.setWrapText(true);

        Label tablesTitle = new Label("Tables");
        tablesTitle.getStyleClass().add("section-title");
        Label rejectsTitle = new Label("Rejected rows");
        rejectsTitle.getStyleClass().add("section-title");
        VBox box = new VBox(10, headline, folderRow, tablesTitle, tables, rejectsTitle, noRejects, browser);
        box.getStyleClass().add("page-body");
        return box;
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    @Override
    public void enter() {
        RunModel run = runs.get();
        if (run == null || run.report().isEmpty()) {
            headline.setText("No run yet: the Run page starts one.");
            SourcePage.showNode(browser, false);
            return;
        }
        if (run == shownRun) return; // coming back from Run without a new run: keep the browser where it was
        shownRun = run;
        model = new ResultsModel(run.report().get(), run.plan(), run.password());
        showHeadline();
        tables.getItems().setAll(model.tables());
        showIncremental();
        List<String> withRejects = model.tablesWithRejects();
        tablePicker.getItems().setAll(withRejects);
        folder.setText(model.rejectDir() == null ? "" : model.rejectDir().toString());
        openReport.setDisable(run.reportFile().isEmpty());
        openLog.setDisable(run.logFile().isEmpty());
        SourcePage.showNode(browser, !withRejects.isEmpty());
        noRejects.setText(withRejects.isEmpty()
                ? model.report().rejected() == 0 ? "No row was rejected." : "The reject files are not where the run wrote them: " + folder.getText()
                : "");
        SourcePage.showNode(noRejects, withRejects.isEmpty());
        if (!withRejects.isEmpty()) tablePicker.setValue(withRejects.get(0));
    }

    private void showHeadline() {
        Outcome o = model.report().outcome();
        headline.setText((o == Outcome.SUCCESS ? "✓ " : o == Outcome.COMPLETED_WITH_REJECTS || o == Outcome.CANCELLED ? "⚠ " : "✗ ")
                + model.headline());
        headline.pseudoClassStateChanged(SUCCESS, o == Outcome.SUCCESS);
        headline.pseudoClassStateChanged(WARNING, o == Outcome.COMPLETED_WITH_REJECTS || o == Outcome.CANCELLED);
        headline.pseudoClassStateChanged(DANGER, o != Outcome.SUCCESS && o != Outcome.COMPLETED_WITH_REJECTS && o != Outcome.CANCELLED);
    }

    private void selectTable(String table) {
        ResultsModel m = model;
        recastRule.clear();
        recastResult.setText("");
        background.run(() -> {
            ResultsModel.Page p = m.select(table);
            return new Object[] {p, m.groups(), m.columns()};
        }, r -> {
            if (m != model) return;
            @SuppressWarnings("unchecked") Map<String, Long> g = (Map<String, Long>) r[1];
            @SuppressWarnings("unchecked") List<String> cols = (List<String>) r[2];
            buildColumns(cols);
            groupKeys.clear();
            List<String> labels = new ArrayList<>();
            labels.add(ALL_ERRORS);
            for (Map.Entry<String, Long> e : g.entrySet()) {
                String label = e.getKey() + "  (" + n(e.getValue()) + ")";
                groupKeys.put(label, e.getKey());
                labels.add(label);
            }
            groups.getItems().setAll(labels);
            groups.setValue(ALL_ERRORS);
            filter.setText("");
            showPage((ResultsModel.Page) r[0]);
        }, this::failed);
    }

    /** One column per target column; the column at fault in each row is marked. */
    private void buildColumns(List<String> cols) {
        rejects.getColumns().clear();
        rejects.getColumns().add(Columns.text("Where", 110, r -> r.line() > 0 ? "line " + r.line() : "#" + (r.index() + 1)));
        rejects.getColumns().add(Columns.text("Error", 260, r -> (r.sqlState() == null ? "" : r.sqlState() + " ") + r.message()));
        for (int j = 0; j < cols.size(); j++) {
            int col = j;
            String name = cols.get(j);
            TableColumn<StoredReject, StoredReject> c = new TableColumn<>(name);
            c.setSortable(false);
            c.setPrefWidth(110);
            c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
            c.setCellFactory(x -> new TableCell<>() {
                @Override
                protected void updateItem(StoredReject r, boolean empty) {
                    super.updateItem(r, empty);
                    boolean failing = !empty && r != null && name.equals(r.column());
                    pseudoClassStateChanged(FAILING, failing);
                    if (empty || r == null) {
                        setText(null);
                        return;
                    }
                    int k = r.columns().indexOf(name);
                    String v = r.values() == null || k < 0 || k >= r.values().size() ? null : r.values().get(k);
                    setText(r.values() == null ? (col == 0 ? "(not split: see the original)" : "") : v == null ? "NULL" : v);
                    getStyleClass().removeAll("null-value");
                    if (v == null && r.values() != null) getStyleClass().add("null-value");
                }
            });
            rejects.getColumns().add(c);
        }
        rejects.getColumns().add(Columns.text("Retry", 120, r -> r.lastRetry() == null ? ""
                : r.lastRetry().loaded() ? "✔ loaded" : "✗ " + r.lastRetry().message()));
    }

    /** Reads a page in the background; only the answer to the latest request is shown (typing filters fast). */
    private void load(Callable<ResultsModel.Page> work) {
        if (model == null || model.selected().isEmpty()) return;
        ResultsModel m = model;
        long mine = ++requests;
        background.run(work, p -> {
            if (m == model && mine == requests) showPage(p);
        }, this::failed);
    }

    private long requests;

    private void showPage(ResultsModel.Page p) {
        if (p == null) return;
        long keep = editing == null ? -1 : editing.index();
        rejects.getItems().setAll(p.rows());
        pageLabel.setText(p.label());
        previous.setDisable(!p.hasPrevious());
        next.setDisable(!p.hasNext());
        StoredReject again = p.rows().stream().filter(r -> r.index() == keep).findFirst().orElse(p.rows().isEmpty() ? null : p.rows().get(0));
        if (again != null) rejects.getSelectionModel().clearAndSelect(p.rows().indexOf(again));
        else showDetail(null);
        tables.getItems().setAll(model.tables());
        showIncremental();
        showHeadline();
    }

    private void showDetail(StoredReject r) {
        editing = r;
        editor.getChildren().clear();
        editValues.clear();
        editNulls.clear();
        if (r == null) {
            detail.setText("");
            retryEdited.setDisable(true);
            return;
        }
        StringBuilder s = new StringBuilder();
        s.append(r.sqlState() == null ? "" : r.sqlState() + "  ").append(r.message());
        if (r.detail() != null) s.append("\nDetail: ").append(r.detail());
        if (r.hint() != null) s.append("\nHint: ").append(r.hint());
        s.append("\nFrom ").append(r.file()).append(r.line() > 0 ? ", line " + r.line() : "").append(" (").append(r.stage()).append(")");
        if (r.original() != null) s.append("\nOriginal: ").append(r.original().strip());
        if (r.lastRetry() != null) {
            s.append("\nLast retry: ").append(r.lastRetry().loaded() ? "loaded" : "refused: " + r.lastRetry().message());
        }
        detail.setText(s.toString());
        if (r.values() == null) {
            Label why = new Label("This row could not be split into the table's columns; fix it in the source, or from the"
                    + " exported CSV.");
            why.setWrapText(true);
            editor.add(why, 0, 0, 3, 1);
            retryEdited.setDisable(true);
            return;
        }
        List<String> shown = r.lastRetry() != null && !r.lastRetry().loaded() && r.lastRetry().values() != null
                && r.lastRetry().columns() != null && r.lastRetry().columns().equals(r.columns()) ? r.lastRetry().values() : r.values();
        String failing = r.lastRetry() != null && !r.lastRetry().loaded() && r.lastRetry().column() != null ? r.lastRetry().column() : r.column();
        for (int j = 0; j < r.columns().size(); j++) {
            String name = r.columns().get(j);
            Label label = new Label(name);
            TextField value = new TextField(shown.get(j) == null ? "" : shown.get(j));
            value.setId("reject-value-" + name);
            value.setPrefColumnCount(30);
            label.setLabelFor(value);
            CheckBox isNull = new CheckBox("NULL");
            isNull.setId("reject-null-" + name);
            isNull.setSelected(shown.get(j) == null);
            value.disableProperty().bind(isNull.selectedProperty());
            value.pseudoClassStateChanged(FAILING, name.equals(failing));
            label.pseudoClassStateChanged(FAILING, name.equals(failing));
            editor.addRow(j, label, value, isNull);
            editValues.add(value);
            editNulls.add(isNull);
        }
        retryEdited.setDisable(r.loadedOnRetry());
    }

    private void retryEdited() {
        StoredReject r = editing;
        if (r == null || r.values() == null) return;
        List<String> values = new ArrayList<>();
        for (int j = 0; j < editValues.size(); j++) values.add(editNulls.get(j).isSelected() ? null : editValues.get(j).getText());
        retry(List.of(new RejectRetry.Edit(r.index(), r.columns(), values)));
    }

    private void retrySelected() {
        List<RejectRetry.Edit> rows = new ArrayList<>();
        for (StoredReject r : rejects.getSelectionModel().getSelectedItems()) ResultsModel.unchanged(r).ifPresent(rows::add);
        if (rows.isEmpty()) {
            showRetry("Select rows that have values to retry.", false);
            return;
        }
        retry(rows);
    }

    private void retry(List<RejectRetry.Edit> rows) {
        ResultsModel m = model;
        retryEdited.setDisable(true);
        retrySelected.setDisable(true);
        showRetry("Retrying " + rows.size() + (rows.size() == 1 ? " row…" : " rows…"), true);
        background.run(() -> m.retry(rows), results -> {
            retrySelected.setDisable(false);
            long loaded = results.stream().filter(RejectRetry.Result::loaded).count();
            if (results.size() == 1) {
                RejectRetry.Result x = results.get(0);
                showRetry(x.loaded() ? (x.alreadyLoaded() ? "✔ " + x.message() : "✔ Loaded into " + m.selected().orElse("the table") + ".")
                        : "✗ Still refused: " + (x.sqlState() == null ? "" : x.sqlState() + " ") + x.message()
                        + (x.column() != null ? " (column " + x.column() + ")" : ""), x.loaded());
            } else {
                showRetry(String.format(Locale.ROOT, "%s %d of %d rows loaded; the others show why they were refused.",
                        loaded == results.size() ? "✔" : "⚠", loaded, results.size()), loaded == results.size());
            }
            if (m == model) showPage(m.page());
        }, e -> {
            retrySelected.setDisable(false);
            retryEdited.setDisable(false);
            showRetry("✗ Could not retry: " + e.getMessage(), false);
        });
    }

    private void showRetry(String text, boolean ok) {
        retryResult.setText(text);
        retryResult.pseudoClassStateChanged(SUCCESS, ok);
        retryResult.pseudoClassStateChanged(DANGER, !ok);
    }

    /** Works out what the rule changes in the selected table (the engine's casts, before and after), without running it. */
    private void checkRule() {
        String table = tablePicker.getValue();
        OpenedSource s = source.get();
        if (table == null) return;
        if (s == null) {
            recastPlan.setText("✗ The source is not open: rules need its catalog. Go back to Source, then return here.");
            return;
        }
        Draft d = draft.get();
        String rule = recastRule.getText();
        background.run(() -> Recast.propose(s, d, table, rule), p -> {
            if (!rule.equals(recastRule.getText())) return;
            proposal = p;
            recastPlan.setText(p.describe() + (p.changes().isEmpty() ? "" : " Then every rejected row of " + table
                    + " not loaded yet is retried with it."));
            recastApply.setDisable(p.changes().isEmpty());
        }, e -> recastPlan.setText("✗ " + e.getMessage()));
    }

    private void applyRule() {
        Recast.Proposal p = proposal;
        ResultsModel m = model;
        if (p == null || m == null) return;
        recastApply.setDisable(true);
        recastResult.setText("Applying the rule…");
        background.run(() -> m.recast(p), r -> {
            // the draft keeps the rule: a plan saved from Review now has it, and a new run applies it from the start
            draft.set(p.draft());
            proposal = null;
            retryResult.setText("");
            boolean ok = r.refused() == 0 && r.unconverted() == 0;
            recastResult.setText((ok ? "✔ " : "⚠ ") + String.format(Locale.ROOT, "%,d rows loaded", r.loaded())
                    + (r.refused() > 0 ? String.format(Locale.ROOT, ", %,d still refused", r.refused()) : "")
                    + (r.unconverted() > 0 ? String.format(Locale.ROOT, ", %,d refused by the rule's conversion", r.unconverted()) : "")
                    + (r.firstProblem() != null ? " (first: " + r.firstProblem() + ")" : "")
                    + ". The rule is now in the plan (Review shows it).");
            recastResult.pseudoClassStateChanged(SUCCESS, ok);
            recastResult.pseudoClassStateChanged(DANGER, !ok);
            if (m == model) showPage(m.page());
        }, e -> {
            recastResult.setText("✗ Nothing retried: " + e.getMessage());
            recastResult.pseudoClassStateChanged(DANGER, true);
        });
    }

    private void exportCsv() {
        if (model == null || model.selected().isEmpty()) return;
        File f = exportChooser.apply(export.getScene() == null ? null : export.getScene().getWindow());
        if (f == null) return;
        Path out = f.toPath().toAbsolutePath();
        ResultsModel m = model;
        background.run(() -> m.export(out), n -> exported.setText("✔ " + n(n) + " rows written to " + out),
                e -> exported.setText("✗ Not exported: " + e.getMessage()));
    }

    private static File chooseExport(Window owner) {
        FileChooser c = new FileChooser();
        c.setTitle("Export rejected rows");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV (*.csv)", "*.csv"));
        c.setInitialFileName("rejected-rows.csv");
        return c.showSaveDialog(owner);
    }

    private void failed(Throwable e) {
        showRetry("✗ " + (e.getMessage() == null ? e.toString() : e.getMessage()), false);
    }

    @Override
    public boolean leave() {
        return true;
    }
}
