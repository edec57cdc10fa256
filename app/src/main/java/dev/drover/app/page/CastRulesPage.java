package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.model.CastRulesModel;
import dev.drover.app.model.CastRulesModel.GridRow;
import dev.drover.app.model.CastRulesModel.RuleProblem;
import dev.drover.app.model.CastRulesModel.RuleRow;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Cast rules: (a) the user's rules, tried first and in order, edited through an inline form (Add, Edit, Delete, Up,
 * Down, Undo, Redo) that the model validates, with the message under the field; the source's defaults listed
 * read-only below; (b) the column grid, every column of every selected table with the rule that decided its type,
 * the target type editable (a column rule), the transform, default, nullability and a flag ("⚠ lossy") for narrowing
 * casts; a bulk "Set target type for selected"; (c) the DDL as it will run, updated on every change.
 */
public final class CastRulesPage extends OpenedSourcePage<CastRulesModel> {
    private static final String[] KEYWORDS = {"CREATE", "TABLE", "TYPE", "AS", "ENUM", "SEQUENCE", "NOT", "NULL", "DEFAULT",
            "PRIMARY", "KEY", "UNIQUE", "REFERENCES", "FOREIGN", "CONSTRAINT", "CHECK", "GENERATED", "ALWAYS", "BY",
            "IDENTITY", "STORED", "ALTER", "ADD", "INDEX", "ON", "USING", "COMMENT", "IS", "IF", "EXISTS", "OWNED",
            "START", "WITH", "INCREMENT", "SCHEMA", "COLLATE"};
    private static final Pattern HIGHLIGHT = Pattern.compile("(?<COMMENT>--[^\n]*)|(?<STRING>'([^']|'')*')|(?<KEYWORD>\\b("
            + String.join("|", KEYWORDS) + ")\\b)");

    // (a) rules
    private final ListView<RuleRow> rules = new ListView<>();
    private final ListView<RuleRow> defaults = new ListView<>();
    private final TextField ruleText = new TextField();
    private final Label ruleMessage = new Label();
    private final Button add = new Button("_Add");
    private final Button edit = new Button("_Edit");
    private final Button delete = new Button("_Delete");
    private final Button up = new Button("Up");
    private final Button down = new Button("Down");
    private final Button undo = new Button("_Undo");
    private final Button redo = new Button("_Redo");
    private final Button cancelEdit = new Button("Cancel");
    private int editing = -1;
    // (b) grid
    private final TableView<GridRow> grid = new TableView<>();
    private final TextField bulkType = new TextField();
    private final Label gridMessage = new Label();
    // (c) DDL
    private final CodeArea ddl = new CodeArea();
    private final Label problem = new Label();

    public CastRulesPage(Observable<Draft> draft, Observable<OpenedSource> opened, Observable<String> openProblem,
                         Background background) {
        super(draft, opened, openProblem, background);
    }

    /** The model reads the source's type definitions: off the FX thread. */
    @Override
    protected CastRulesModel create(OpenedSource source, Observable<Draft> draft) {
        return new CastRulesModel(source, draft);
    }

    @Override
    protected String reading() {
        return "columns";
    }

    @Override
    protected void ready(CastRulesModel m) {
        defaults.getItems().setAll(m.defaultRules());
    }

    @Override public String id() { return "casts"; }
    @Override public String title() { return "Cast rules"; }
    @Override public String subtitle() { return "How source types become PostgreSQL types: your rules first, then the source's defaults."; }

    @Override
    protected Node buildDatabaseView() {
        status.setId("casts-status");
        status.setWrapText(true);
        problem.setId("casts-problem");
        message(problem, null);
        VBox page = new VBox(12, status, problem, buildRules(), buildGrid(), buildDataCheck(), buildDdl());
        page.getStyleClass().add("page-body");
        return page;
    }

    private Node buildRules() {
        Label title = section("Your rules (tried first, top to bottom)");
        rules.setId("cast-rules");
        rules.setPrefHeight(90);
        rules.setPlaceholder(new Label("No rules of your own yet: the source's defaults decide every column."));
        rules.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RuleRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.position() + ".  " + r.text());
            }
        });
        rules.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> buttons());

        ruleText.setId("cast-rule-text");
        ruleText.setPromptText("e.g. column orders.total to numeric(12,2)   or   type int to bigint");
        ruleText.setOnAction(e -> submit());
        ruleText.textProperty().addListener((o, was, now) -> {
            if (ruleMessage.isVisible()) check();
        });
        Label ruleLabel = new Label("_Rule");
        ruleLabel.setMnemonicParsing(true);
        ruleLabel.setLabelFor(ruleText);
        ruleLabel.getStyleClass().add("field-label");
        ruleMessage.setId("cast-rule-text-message");
        message(ruleMessage, null);
        add.setId("cast-rule-add");
        add.setOnAction(e -> submit());
        cancelEdit.setId("cast-rule-cancel");
        cancelEdit.setOnAction(e -> stopEditing());
        SourcePage.showNode(cancelEdit, false);
        edit.setId("cast-rule-edit");
        edit.setOnAction(e -> startEditing());
        delete.setId("cast-rule-delete");
        delete.setOnAction(e -> {
            int i = rules.getSelectionModel().getSelectedIndex();
            if (model != null && i >= 0) model.delete(i);
            stopEditing();
        });
        up.setId("cast-rule-up");
        up.setOnAction(e -> move(-1));
        down.setId("cast-rule-down");
        down.setOnAction(e -> move(1));
        undo.setId("cast-undo");
        undo.setOnAction(e -> { if (model != null) model.undo(); });
        redo.setId("cast-redo");
        redo.setOnAction(e -> { if (model != null) model.redo(); });
        HBox.setHgrow(ruleText, Priority.ALWAYS);
        HBox form = new HBox(8, ruleText, add, cancelEdit);
        HBox listButtons = new HBox(8, edit, delete, up, down, new Label("  "), undo, redo);
        listButtons.setAlignment(Pos.CENTER_LEFT);

        defaults.setId("cast-defaults");
        defaults.setPrefHeight(140);
        defaults.setFocusTraversable(true);
        defaults.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RuleRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.position() + ".  " + r.text() + "    (" + r.origin() + ")");
            }
        });
        TitledPane defaultsPane = new TitledPane("The source's default rules (read-only, tried after yours)", defaults);
        defaultsPane.setId("cast-defaults-pane");
        defaultsPane.setExpanded(false);
        buttons();
        return new VBox(6, title, rules, listButtons, ruleLabel, form, ruleMessage, defaultsPane);
    }

    private Node buildGrid() {
        Label title = section("Columns");
        grid.setId("cast-grid");
        grid.setEditable(true);
        grid.setPrefHeight(300);
        grid.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        grid.setPlaceholder(new Label("No table selected."));
        TableColumn<GridRow, Boolean> tick = new TableColumn<>("");
        tick.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().selected()));
        tick.setCellFactory(c -> new TableCell<>() {
            private final CheckBox box = new CheckBox();
            {
                box.setFocusTraversable(false);
                box.setOnAction(e -> {
                    GridRow r = getTableRow() == null ? null : getTableRow().getItem();
                    if (r != null && model != null) model.select(r.key(), box.isSelected());
                });
            }

            @Override
            protected void updateItem(Boolean v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null) {
                    setGraphic(null);
                    return;
                }
                box.setSelected(v);
                setGraphic(box);
            }
        });
        tick.setPrefWidth(34);
        tick.setSortable(false);
        TableColumn<GridRow, String> type = text("Target type", GridRow::targetType, 150);
        type.setCellFactory(TextFieldTableCell.forTableColumn());
        type.setEditable(true);
        type.setOnEditCommit(e -> {
            if (model == null) return;
            Optional<RuleProblem> p = model.setTargetType(e.getRowValue().key(), e.getNewValue());
            message(gridMessage, p.map(x -> e.getRowValue().key() + ": " + x.message()).orElse(null));
            if (p.isPresent()) grid.refresh();
        });
        TableColumn<GridRow, String> flag = text("Flag", r -> r.flagged() ? "⚠ lossy" : "", 80);
        flag.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                GridRow r = getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : v);
                setTooltip(empty || r == null || !r.flagged() ? null : new Tooltip(String.join("\n", r.warnings())));
            }
        });
        TableColumn<GridRow, String> rule = text("Rule", GridRow::rule, 130);
        rule.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                GridRow r = getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : v);
                setTooltip(empty || r == null ? null : new Tooltip((r.ruleText() == null ? "" : r.ruleText() + "\n") + r.why()));
            }
        });
        grid.getColumns().setAll(List.of(tick, text("Table", r -> r.key().table(), 110), text("Column", r -> r.key().column(), 120),
                text("Source type", GridRow::sourceType, 120), rule, type,
                text("Transform", r -> r.transform() == null ? "" : r.transform(), 110),
                text("Default", r -> r.defaultSql() == null ? "" : r.defaultSql(), 90),
                text("Nullable", r -> r.nullable() ? "yes" : "no", 70), flag));

        CheckBox all = new CheckBox("All columns");
        all.setId("cast-select-all");
        all.setOnAction(e -> { if (model != null) model.selectAll(all.isSelected()); });
        bulkType.setId("cast-bulk-type");
        bulkType.setPromptText("a PostgreSQL type, e.g. text");
        bulkType.setPrefColumnCount(16);
        Button bulk = new Button("Set target type for selected");
        bulk.setId("cast-bulk-set");
        bulk.setOnAction(e -> {
            if (model == null) return;
            Optional<RuleProblem> p = model.setTargetTypeForSelected(bulkType.getText());
            message(gridMessage, p.map(RuleProblem::message).orElse(null));
        });
        bulkType.setOnAction(e -> bulk.fire());
        HBox bulkRow = new HBox(10, all, bulkType, bulk);
        bulkRow.setAlignment(Pos.CENTER_LEFT);
        gridMessage.setId("cast-grid-message");
        message(gridMessage, null);
        Label hint = new Label("Double-click a target type to change it: that adds a column rule. ⚠ lossy marks a cast that"
                + " narrows or may lose data (hover for why).");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        return new VBox(6, title, hint, grid, bulkRow, gridMessage);
    }

    private Node buildDdl() {
        Label title = section("DDL preview");
        ddl.setId("ddl");
        ddl.setEditable(false);
        ddl.setWrapText(false);
        ddl.setPrefHeight(260);
        ddl.setParagraphGraphicFactory(LineNumberFactory.get(ddl));
        ddl.getStyleClass().add("ddl");
        ddl.textProperty().addListener((o, was, now) -> ddl.setStyleSpans(0, highlight(now)));
        return new VBox(6, title, ddl);
    }

    /** Simple SQL highlighting: keywords, string literals, comments. */
    static StyleSpans<Collection<String>> highlight(String text) {
        Matcher m = HIGHLIGHT.matcher(text);
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int last = 0;
        while (m.find()) {
            String style = m.group("COMMENT") != null ? "sql-comment" : m.group("STRING") != null ? "sql-string" : "sql-keyword";
            b.add(Collections.emptyList(), m.start() - last);
            b.add(Collections.singleton(style), m.end() - m.start());
            last = m.end();
        }
        b.add(Collections.emptyList(), text.length() - last);
        return b.create();
    }

    private static Label section(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static TableColumn<GridRow, String> text(String title, Function<GridRow, String> f, double width) {
        TableColumn<GridRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyStringWrapper(f.apply(r.getValue())));
        c.setEditable(false);
        c.setPrefWidth(width);
        return c;
    }

    private void submit() {
        if (model == null) return;
        Optional<RuleProblem> p = editing >= 0 ? model.edit(editing, ruleText.getText()) : model.add(ruleText.getText());
        showRuleProblem(p);
        if (p.isEmpty()) {
            int at = editing >= 0 ? editing : model.userRules().get().size() - 1;
            stopEditing();
            rules.getSelectionModel().select(at);
        } else {
            ruleText.requestFocus();
        }
    }

    private void check() {
        if (model == null) return;
        int position = editing >= 0 ? editing + 1 : model.userRules().get().size() + 1;
        showRuleProblem(ruleText.getText().isBlank() ? Optional.empty() : model.validate(ruleText.getText(), position));
    }

    private void showRuleProblem(Optional<RuleProblem> p) {
        message(ruleMessage, p.map(x -> x.message() + (x.column() > 0 ? " (at character " + x.column() + ")" : "")).orElse(null));
        ruleText.pseudoClassStateChanged(DANGER, p.isPresent());
    }

    private void startEditing() {
        int i = rules.getSelectionModel().getSelectedIndex();
        if (i < 0) return;
        editing = i;
        ruleText.setText(rules.getItems().get(i).text());
        add.setText("_Save");
        SourcePage.showNode(cancelEdit, true);
        ruleText.requestFocus();
    }

    private void stopEditing() {
        editing = -1;
        ruleText.clear();
        add.setText("_Add");
        SourcePage.showNode(cancelEdit, false);
        showRuleProblem(Optional.empty());
    }

    private void move(int by) {
        int i = rules.getSelectionModel().getSelectedIndex();
        if (model == null || i < 0) return;
        boolean moved = by < 0 ? model.moveUp(i) : model.moveDown(i);
        if (moved) rules.getSelectionModel().select(i + by);
    }

    private void buttons() {
        int i = rules.getSelectionModel().getSelectedIndex();
        int n = rules.getItems().size();
        edit.setDisable(i < 0);
        delete.setDisable(i < 0);
        up.setDisable(i <= 0);
        down.setDisable(i < 0 || i >= n - 1);
        undo.setDisable(model == null || !model.canUndo().get());
        redo.setDisable(model == null || !model.canRedo().get());
    }

    @Override
    protected void attach() {
        status.setText("Every column of the selected tables, with the rule that decides its PostgreSQL type.");
        subscriptions.add(model.userRules().observe(r -> {
            int i = rules.getSelectionModel().getSelectedIndex();
            rules.getItems().setAll(r);
            if (i >= 0 && i < r.size()) rules.getSelectionModel().select(i);
            buttons();
        }));
        subscriptions.add(model.grid().observe(r -> grid.getItems().setAll(r)));
        subscriptions.add(model.ddl().observe(this::showDdl));
        subscriptions.add(model.problem().observe(p -> message(problem, p)));
        subscriptions.add(model.canUndo().observe(b -> buttons()));
        subscriptions.add(model.canRedo().observe(b -> buttons()));
    }

    /** New DDL, shown from the top (replacing the text would leave the caret, and the view, at its end). */
    private void showDdl(String text) {
        ddl.replaceText(text == null ? "" : text);
        ddl.moveTo(0);
        ddl.showParagraphAtTop(0);
    }

    // ---- the data check: the engine's pre-flight scan of a sample ----

    private final TextField checkSample = new TextField("10000");
    private final Button checkButton = new Button("Check the _data");
    private final Button checkStop = new Button("Stop");
    private final Label checkStatus = new Label();
    private final Label checkNotes = new Label();
    private final TableView<dev.drover.engine.preflight.Preflight.Problem> checkTable = new TableView<>();
    private final Button checkFix = new Button("Add the fix as a _rule");
    private dev.drover.engine.run.Cancellation checkCancel;

    private Node buildDataCheck() {
        Label title = new Label("Problems in the data");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Reads a sample of each table through these casts and the checks the load makes, before any"
                + " row moves: values that would be rejected (too long, out of range, not a date, NULL in a NOT NULL column,"
                + " duplicate keys) and values that would change (rounded, zero dates).");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        checkSample.setId("check-sample");
        checkSample.setPrefColumnCount(8);
        Label rowsLabel = new Label("Rows per table (0: all)");
        rowsLabel.setLabelFor(checkSample);
        checkButton.setId("check-data");
        checkButton.setOnAction(e -> checkData());
        checkStop.setId("check-stop");
        checkStop.setDisable(true);
        checkStop.setOnAction(e -> {
            if (checkCancel != null) checkCancel.cancel();
        });
        checkStatus.setId("check-status");
        checkStatus.setWrapText(true);
        checkNotes.setId("check-notes");
        checkNotes.setWrapText(true);
        checkNotes.getStyleClass().add("hint");
        SourcePage.showNode(checkNotes, false);
        checkTable.setId("check-problems");
        checkTable.setPrefHeight(200);
        checkTable.setPlaceholder(new Label("Nothing checked yet."));
        checkTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("", 80, p -> p.severity() == dev.drover.engine.preflight.Preflight.Severity.ERROR
                ? "✖ error" : "⚠ warning"));
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("Table", 130, dev.drover.engine.preflight.Preflight.Problem::table));
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("Column", 100, p -> p.column() == null ? "" : p.column()));
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("Problem", 200, dev.drover.engine.preflight.Preflight.Problem::kind));
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("Rows", 60, p -> String.format(java.util.Locale.ROOT, "%,d", p.count())));
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("Examples", 220, dev.drover.app.model.DataCheck::examples));
        checkTable.getColumns().add(Columns.<dev.drover.engine.preflight.Preflight.Problem>text("Fix", 220, p -> p.fix() == null ? "" : p.fix()));
        checkFix.setId("check-fix");
        checkFix.setDisable(true);
        checkFix.setOnAction(e -> addFix());
        checkTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                checkFix.setDisable(now == null || dev.drover.app.model.DataCheck.ruleFix(now) == null));
        HBox row = new HBox(10, rowsLabel, checkSample, checkButton, checkStop);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return new VBox(6, title, hint, row, checkStatus, checkTable, checkFix, checkNotes);
    }

    private void checkData() {
        if (!modelReady()) return;
        int sample;
        try {
            sample = Integer.parseInt(checkSample.getText().strip().replace(",", "").replace("_", ""));
            if (sample < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            checkStatus.setText("✖ '" + checkSample.getText() + "' is not a number of rows: write e.g. 10000, or 0 for every row.");
            checkSample.requestFocus();
            return;
        }
        Draft d = draft.get();
        java.util.concurrent.Callable<dev.drover.engine.preflight.Preflight.Report> scan;
        dev.drover.engine.run.Cancellation cancel = new dev.drover.engine.run.Cancellation();
        try {
            scan = dev.drover.app.model.DataCheck.of(modelSource, d, sample, cancel);
        } catch (IllegalArgumentException e) {
            checkStatus.setText("✖ " + e.getMessage());
            return;
        }
        checkCancel = cancel;
        checkButton.setDisable(true);
        checkStop.setDisable(false);
        checkStatus.setText("Reading " + (sample == 0 ? "every row" : "up to " + String.format(java.util.Locale.ROOT, "%,d", sample)
                + " rows") + " of each table…");
        background.run(scan, r -> {
            checkButton.setDisable(false);
            checkStop.setDisable(true);
            checkStatus.setText(dev.drover.app.model.DataCheck.summary(r));
            checkTable.getItems().setAll(r.problems());
            var notes = dev.drover.app.model.DataCheck.notes(r);
            checkNotes.setText(notes.isEmpty() ? "" : "Not checked before the load: " + String.join("; ", notes));
            SourcePage.showNode(checkNotes, !notes.isEmpty());
        }, e -> {
            checkButton.setDisable(false);
            checkStop.setDisable(true);
            checkStatus.setText("✖ Could not check the data: " + (e.getMessage() == null ? e : e.getMessage()));
        });
    }

    /** Adds the selected problem's fix to the rules; the grid and DDL follow, and the check says it is out of date. */
    private void addFix() {
        var p = checkTable.getSelectionModel().getSelectedItem();
        String rule = p == null ? null : dev.drover.app.model.DataCheck.ruleFix(p);
        if (rule == null || model == null) return;
        var refused = model.add(rule);
        if (refused.isPresent()) {
            checkStatus.setText("✖ The fix '" + rule + "' was refused: " + refused.get().message());
            return;
        }
        checkStatus.setText("Rule added: " + rule + ". Check the data again to see what is left.");
    }

    @Override
    protected Node buildFilesView() {
        Label what = new Label("Cast rules are for database sources, whose columns have types to map. A file's columns get"
                + " their types on the Tables page: inferred from a sample of the file when the table is created, all text, or"
                + " those of the existing table. A value that does not fit its column is rejected with its line and reason,"
                + " and the Results page lets you fix and retry it.");
        what.setWrapText(true);
        what.setId("casts-files");
        VBox box = new VBox(10, what);
        box.getStyleClass().add("page-body");
        return box;
    }

    @Override
    protected boolean leaveDatabase() {
        if (!modelReady()) return false;
        if (model.problem().get() != null) {
            message(problem, model.problem().get());
            rules.requestFocus();
            return false;
        }
        return true;
    }
}
