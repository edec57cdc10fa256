package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import dev.drover.app.model.TableMode;
import dev.drover.app.model.TablesModel;
import dev.drover.app.model.TablesModel.Row;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Tables: every source table with its estimated rows, a check box, where it goes (the target name is editable) and
 * how (create, existing, truncate, skip). A filter (substring or regular expression) with "Select all matching" and
 * "Clear". Keyboard: the arrows move, space ticks or unticks the focused table. Every change goes into the draft at
 * once through {@link TablesModel}; Next stops while the engine refuses the selection (no table, names colliding).
 */
public final class TablesPage extends OpenedSourcePage<TablesModel> {

    private final TableView<Row> table = new TableView<>();
    private final TextField filter = new TextField();
    private final CheckBox regex = new CheckBox("Regular e_xpression");
    private final Label filterMessage = new Label();
    private final Label summary = new Label();
    private final Label message = new Label();
    private final Label notice = new Label();

    public TablesPage(Observable<Draft> draft, Observable<OpenedSource> opened, Observable<String> openProblem,
                      Background background) {
        super(draft, opened, openProblem, background);
    }

    @Override
    protected TablesModel create(OpenedSource source, Observable<Draft> draft) {
        return new TablesModel(source, draft);
    }

    @Override
    protected String reading() {
        return "tables";
    }

    @Override public String id() { return "tables"; }
    @Override public String title() { return "Tables"; }
    @Override public String subtitle() { return "What moves, where it goes and how."; }

    @Override
    protected Node buildDatabaseView() {
        status.setId("tables-status");
        status.setWrapText(true);
        filter.setId("tables-filter");
        filter.setPromptText("part of a name, or a regular expression");
        filter.textProperty().addListener((o, was, now) -> applyFilter());
        regex.setId("tables-regex");
        regex.selectedProperty().addListener((o, was, now) -> applyFilter());
        Label filterLabel = new Label("_Filter");
        filterLabel.setMnemonicParsing(true);
        filterLabel.setLabelFor(filter);
        filterLabel.getStyleClass().add("field-label");
        filterMessage.setId("tables-filter-message");
        message(filterMessage, null);
        Button all = new Button("_Select all matching");
        all.setId("tables-select-all");
        all.setOnAction(e -> { if (model != null) model.selectAllMatching(true); });
        Button clear = new Button("C_lear");
        clear.setId("tables-clear");
        clear.setOnAction(e -> { if (model != null) model.selectAllMatching(false); });
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox filterRow = new HBox(10, filter, regex, all, clear);
        filterRow.setAlignment(Pos.CENTER_LEFT);

        buildTable();
        summary.setId("tables-summary");
        message.setId("tables-message");
        message(message, null);
        notice.setId("tables-notice");
        notice.getStyleClass().add("hint");
        notice.setWrapText(true);
        SourcePage.showNode(notice, false);

        Node editor = buildIncrementalEditor();
        VBox page = new VBox(10, status, new VBox(4, filterLabel, filterRow, filterMessage), table, summary, message, notice, editor);
        page.getStyleClass().add("page-body");
        return page;
    }

    private void buildTable() {
        table.setId("tables");
        table.setEditable(true);
        table.setPrefHeight(380);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No table matches the filter."));

        TableColumn<Row, Boolean> on = new TableColumn<>("Move");
        on.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().selected()));
        on.setCellFactory(c -> new TableCell<>() {
            private final CheckBox box = new CheckBox();
            {
                box.setFocusTraversable(false);
                box.setOnAction(e -> {
                    Row r = getTableRow() == null ? null : getTableRow().getItem();
                    if (r != null && model != null) model.select(r.table(), box.isSelected());
                });
            }

            @Override
            protected void updateItem(Boolean v, boolean empty) {
                super.updateItem(v, empty);
                Row r = getTableRow() == null ? null : getTableRow().getItem();
                if (empty || v == null || r == null) {
                    setGraphic(null);
                    return;
                }
                box.setSelected(v);
                box.setId("table-check-" + r.table());
                setGraphic(box);
            }
        });
        on.setPrefWidth(60);
        on.setSortable(false);

        TableColumn<Row, String> schema = text("Schema", Row::schema);
        TableColumn<Row, String> name = text("Table", Row::table);
        TableColumn<Row, String> rows = text("Rows (estimate)", r -> r.rowEstimate() < 0 ? "unknown"
                : String.format(Locale.ROOT, "≈ %,d", r.rowEstimate()));
        rows.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<Row, String> size = text("Size", r -> r.sizeBytes() == null ? "" : bytes(r.sizeBytes()));
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<Row, String> targetSchema = text("Target schema", Row::targetSchema);
        targetSchema.setCellFactory(TextFieldTableCell.forTableColumn());
        targetSchema.setEditable(true);
        targetSchema.setOnEditCommit(e -> {
            if (model == null) return;
            Row r = e.getRowValue();
            Optional<String> refused = model.setTableSchema(r.display(), e.getNewValue());
            message(message, refused.map(m -> "Target schema of " + r.display() + ": " + m).orElse(null));
            if (refused.isPresent()) table.refresh();
        });
        TableColumn<Row, String> targetName = text("Target name", r -> r.targetName() + (r.renamed() ? "  (renamed)" : ""));
        targetName.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().targetName()));
        targetName.setCellFactory(TextFieldTableCell.forTableColumn());
        targetName.setEditable(true);
        targetName.setOnEditCommit(e -> rename(e.getRowValue(), e.getNewValue()));

        TableColumn<Row, TableMode> mode = new TableColumn<>("Mode");
        mode.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().mode()));
        mode.setCellFactory(c -> new TableCell<>() {
            private final ComboBox<TableMode> box = new ComboBox<>();
            private boolean updating;
            {
                box.getItems().setAll(TableMode.values());
                box.setFocusTraversable(false);
                box.setConverter(new javafx.util.StringConverter<>() {
                    @Override public String toString(TableMode m) { return m == null ? "" : modeLabel(m); }
                    @Override public TableMode fromString(String s) { return null; }
                });
                box.valueProperty().addListener((o, was, now) -> {
                    Row r = getTableRow() == null ? null : getTableRow().getItem();
                    if (updating || now == null || r == null || model == null || now == r.mode()) return;
                    javafx.application.Platform.runLater(() -> {
                        if (now == TableMode.INCREMENTAL) {
                            table.getSelectionModel().select(r);
                            makeIncremental(r);
                        } else {
                            model.setMode(r.table(), now);
                        }
                    });
                });
            }

            @Override
            protected void updateItem(TableMode v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null) {
                    setGraphic(null);
                    return;
                }
                Row r = getTableRow() == null ? null : getTableRow().getItem();
                box.setId(r == null ? null : "table-mode-" + r.table());
                updating = true;
                try {
                    box.setValue(v);
                } finally {
                    updating = false;
                }
                setGraphic(box);
            }
        });
        mode.setPrefWidth(190);
        mode.setSortable(false);

        table.getColumns().setAll(List.of(on, schema, name, rows, size, targetSchema, targetName, mode));
        // space ticks or unticks the focused table (while no cell is being edited)
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.SPACE || table.getEditingCell() != null || model == null) return;
            Row r = table.getFocusModel().getFocusedItem();
            if (r == null) return;
            model.select(r.table(), !r.selected());
            e.consume();
        });
    }

    // ---- incremental settings of one table ----

    private final VBox incEditor = new VBox(6);
    private final Label incTitle = new Label();
    private final TextField incCursor = new TextField();
    private final ComboBox<String> incAddColumn = new ComboBox<>();
    private final CheckBox incUpsert = new CheckBox("_Upsert by primary key (rows whose key is there already are updated)");
    private final Label incUpsertNote = new Label();
    private final CheckBox incDelete = new CheckBox("_Delete the table's rows when the first batch of each run commits");
    private final Label incMessage = new Label();
    /** The table whose settings the editor shows, or null while it is hidden. */
    private String editing;
    /** Whether the editor shows a table that is not incremental yet (no cursor could be suggested). */
    private boolean pending;

    private Node buildIncrementalEditor() {
        incEditor.setId("incremental-editor");
        incEditor.getStyleClass().add("incremental-editor");
        incTitle.setId("incremental-title");
        incTitle.getStyleClass().add("section-title");
        Label cursorLabel = new Label("Cursor _columns, in order");
        cursorLabel.setMnemonicParsing(true);
        cursorLabel.setLabelFor(incCursor);
        cursorLabel.getStyleClass().add("field-label");
        incCursor.setId("incremental-cursor");
        incCursor.setPromptText("updated_at, id");
        incCursor.setOnAction(e -> applyIncremental());
        // validated when it loses focus, as every field of the wizard
        incCursor.focusedProperty().addListener((o, was, now) -> {
            if (!now && editing != null && !cursorText(draft.get().incremental(editing)).equals(incCursor.getText().strip())) {
                applyIncremental();
            }
        });
        incAddColumn.setId("incremental-add-column");
        incAddColumn.setPromptText("add a column…");
        incAddColumn.valueProperty().addListener((o, was, now) -> {
            if (now == null) return;
            String t = incCursor.getText() == null ? "" : incCursor.getText().strip();
            incCursor.setText(t.isEmpty() ? now : t + ", " + now);
            javafx.application.Platform.runLater(() -> incAddColumn.setValue(null));
        });
        HBox.setHgrow(incCursor, Priority.ALWAYS);
        HBox cursorRow = new HBox(10, incCursor, incAddColumn);
        cursorRow.setAlignment(Pos.CENTER_LEFT);
        Label cursorHint = new Label("Each run of the saved plan loads only the rows whose cursor is past the watermark the last"
                + " run stored in the target (drover.ingest_state). End the cursor with a unique column, e.g. updated_at, id.");
        cursorHint.getStyleClass().add("hint");
        cursorHint.setWrapText(true);
        incUpsert.setId("incremental-upsert");
        incUpsert.setMnemonicParsing(true);
        incUpsertNote.setId("incremental-upsert-note");
        incUpsertNote.getStyleClass().add("hint");
        incUpsertNote.setWrapText(true);
        incDelete.setId("incremental-delete");
        incDelete.setMnemonicParsing(true);
        incUpsert.setOnAction(e -> applyIncremental());
        incDelete.setOnAction(e -> applyIncremental());
        Button apply = new Button("_Apply");
        apply.setId("incremental-apply");
        apply.setOnAction(e -> applyIncremental());
        Button off = new Button("Not incremental");
        off.setId("incremental-off");
        off.setOnAction(e -> {
            if (model == null || editing == null) return;
            String t = editing;
            pending = false;
            showEditor(null);
            model.setMode(t, TableMode.CREATE);
        });
        HBox buttons = new HBox(10, apply, off);
        incMessage.setId("incremental-message");
        incMessage.setWrapText(true);
        message(incMessage, null);
        incEditor.getChildren().setAll(incTitle, cursorLabel, cursorRow, cursorHint, incUpsert, incUpsertNote, incDelete, buttons, incMessage);
        SourcePage.showNode(incEditor, false);
        // the editor follows the table's selection: an incremental table shows its settings
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now.mode() == TableMode.INCREMENTAL) {
                if (!now.table().equals(editing)) showEditor(now.table());
            } else if (now != null && !now.table().equals(editing)) {
                showEditor(null);
            }
        });
        // keyboard: I on a table opens its incremental settings
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.I || table.getEditingCell() != null || model == null || e.isShortcutDown()) return;
            Row r = table.getFocusModel().getFocusedItem();
            if (r == null) return;
            makeIncremental(r);
            e.consume();
        });
        return incEditor;
    }

    /** Makes the table incremental with the suggested cursor, or opens the editor to choose one. */
    private void makeIncremental(Row r) {
        if (model == null) return;
        if (r.mode() != TableMode.INCREMENTAL) {
            model.setMode(r.table(), TableMode.INCREMENTAL);
            pending = draft.get().incremental(r.table()) == null;
        }
        showEditor(r.table());
        if (pending) table.refresh();
        incCursor.requestFocus();
    }

    /** Shows the settings of {@code t} (null hides the editor). */
    private void showEditor(String t) {
        editing = t;
        if (t == null || model == null) {
            pending = false;
            SourcePage.showNode(incEditor, false);
            return;
        }
        pending = draft.get().incremental(t) == null;
        incTitle.setText("Incremental loading of " + t);
        dev.drover.engine.plan.DatabaseSpec.Incremental s = model.suggestedIncremental(t);
        List<String> key = model.primaryKey(t);
        incCursor.setText(cursorText(s));
        incAddColumn.getItems().setAll(model.columns(t));
        incUpsert.setDisable(key.isEmpty());
        incUpsert.setSelected(!key.isEmpty() && (s == null || s.upsert() == dev.drover.engine.plan.DatabaseSpec.Incremental.Upsert.PRIMARY_KEY));
        incUpsertNote.setText(key.isEmpty() ? t + " has no primary key: its new rows are appended, and a row loaded again fails its batch."
                : "Primary key: " + String.join(", ", key) + ". Unchanged rows are left as they are.");
        incDelete.setSelected(s != null && s.delete() == dev.drover.engine.plan.DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH);
        message(incMessage, pending ? "Choose the cursor columns of " + t + ", then Apply." : null);
        boolean was = incEditor.isVisible();
        SourcePage.showNode(incEditor, true);
        if (!was) javafx.application.Platform.runLater(this::revealEditor);
    }

    /** Scrolls the page so that the editor, below the table, is on screen. */
    private void revealEditor() {
        javafx.scene.Parent p = incEditor.getParent();
        while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) p = p.getParent();
        if (!(p instanceof javafx.scene.control.ScrollPane scroll) || scroll.getContent() == null) return;
        scroll.layout();
        Node content = scroll.getContent();
        double bottom = content.sceneToLocal(incEditor.localToScene(incEditor.getBoundsInLocal())).getMaxY();
        double view = scroll.getViewportBounds().getHeight();
        double room = content.getBoundsInLocal().getHeight() - view;
        if (room > 0 && bottom > view) scroll.setVvalue(Math.min(1, (bottom - view + 20) / room));
    }

    private static String cursorText(dev.drover.engine.plan.DatabaseSpec.Incremental s) {
        return s == null ? "" : String.join(", ", s.cursor());
    }

    private void applyIncremental() {
        if (model == null || editing == null) return;
        List<String> cursor = java.util.Arrays.stream((incCursor.getText() == null ? "" : incCursor.getText()).split("[,\\s]+"))
                .filter(c -> !c.isBlank()).toList();
        String t = editing;
        Optional<String> refused = model.setIncremental(t, cursor, incUpsert.isSelected() && !incUpsert.isDisabled(), incDelete.isSelected());
        if (refused.isPresent()) {
            message(incMessage, refused.get());
            incCursor.requestFocus();
            return;
        }
        pending = false;
        showEditor(t);
        message(incMessage, null);
    }

    // ---- a file load: one table ----

    private final TextField fileTable = new TextField();
    private final Label fileTableMessage = new Label();
    private final Label fileSummary = new Label();
    private final javafx.scene.control.ToggleGroup fileMode = new javafx.scene.control.ToggleGroup();
    private final Label fileModeNote = new Label();

    @Override
    protected Node buildFilesView() {
        fileSummary.setId("file-summary");
        fileSummary.setWrapText(true);
        Label tableLabel = new Label("_Target table (schema.name)");
        tableLabel.setMnemonicParsing(true);
        tableLabel.setLabelFor(fileTable);
        tableLabel.getStyleClass().add("field-label");
        fileTable.setId("file-table");
        fileTable.setPrefColumnCount(30);
        fileTable.setMaxWidth(420);
        fileTableMessage.setId("file-table-message");
        message(fileTableMessage, null);
        fileTable.focusedProperty().addListener((o, was, now) -> {
            if (!now) commitFileTable();
        });
        fileTable.setOnAction(e -> commitFileTable());
        Label modeLabel = new Label("What happens to the table");
        modeLabel.getStyleClass().add("field-label");
        VBox modes = new VBox(6);
        for (String[] m : new String[][] {
                {"infer", "Create it when missing, with column types inferred from a sample of the file"},
                {"text", "Create it when missing, every column text (nothing can be rejected for its type)"},
                {"existing", "Load into the existing table, keeping its rows (it must exist)"},
                {"truncate", "Empty the existing table, then load"}}) {
            javafx.scene.control.RadioButton r = new javafx.scene.control.RadioButton(m[1]);
            r.setId("file-mode-" + m[0]);
            r.setUserData(m[0]);
            r.setToggleGroup(fileMode);
            modes.getChildren().add(r);
        }
        fileMode.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) setFileMode((String) now.getUserData());
        });
        fileModeNote.setId("file-mode-note");
        fileModeNote.setWrapText(true);
        fileModeNote.getStyleClass().add("hint");
        VBox box = new VBox(10, fileSummary, tableLabel, fileTable, fileTableMessage, modeLabel, modes, fileModeNote);
        box.getStyleClass().add("page-body");
        box.setId("tables-files");
        return box;
    }

    @Override
    protected void enterFiles() {
        Draft d = draft.get();
        dev.drover.engine.plan.TableLoad t = d.files();
        var src = t.source();
        fileSummary.setText("One file, one table: " + String.join(", ", src.files()) + " (" + src.encoding() + ", delimiter "
                + (src.delimiter() == '\t' ? "tab" : "'" + src.delimiter() + "'") + (src.header() ? ", header line" : ", no header") + ").");
        fileTable.setText(t.table());
        message(fileTableMessage, null);
        String mode = d.options().truncate() ? "truncate" : switch (d.options().createTable()) {
            case INFER -> "infer";
            case TEXT -> "text";
            case NO -> "existing";
        };
        for (javafx.scene.control.Toggle r : fileMode.getToggles()) if (mode.equals(r.getUserData())) fileMode.selectToggle(r);
    }

    private void setFileMode(String mode) {
        Draft d = draft.get();
        if (!d.isFiles()) return;
        dev.drover.engine.plan.LoadOptions o = d.options();
        o = switch (mode) {
            case "infer" -> o.withCreateTable(dev.drover.engine.plan.CreateTable.INFER).withFlags(false, o.dropIndexes(), o.disableTriggers());
            case "text" -> o.withCreateTable(dev.drover.engine.plan.CreateTable.TEXT).withFlags(false, o.dropIndexes(), o.disableTriggers());
            case "existing" -> o.withCreateTable(dev.drover.engine.plan.CreateTable.NO).withFlags(false, o.dropIndexes(), o.disableTriggers());
            default -> o.withCreateTable(dev.drover.engine.plan.CreateTable.NO).withFlags(true, o.dropIndexes(), o.disableTriggers());
        };
        fileModeNote.setText(switch (mode) {
            case "infer", "text" -> "An existing table of that name is loaded as it is (its rows stay); the file's fields go to"
                    + " its columns by header name.";
            case "existing" -> "The file's fields go to the table's columns by header name (by position without a header).";
            default -> "The rows already in the table are removed (TRUNCATE) before the file's rows go in: Review asks you to confirm.";
        });
        draft.set(d.withOptions(o));
    }

    private Optional<String> fileTableProblem(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) return Optional.of("Name the table the file goes to, e.g. public.sales.");
        try {
            dev.drover.engine.target.TableRef r = dev.drover.engine.target.TableRef.parse(t);
            if (r.schema() == null) return Optional.of("Write the schema too: public." + t + ".");
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private void commitFileTable() {
        Draft d = draft.get();
        if (!d.isFiles()) return;
        Optional<String> p = fileTableProblem(fileTable.getText());
        message(fileTableMessage, p.orElse(null));
        if (p.isPresent()) return;
        var t = d.files();
        draft.set(d.withFiles(new dev.drover.engine.plan.TableLoad(fileTable.getText().strip(), t.source(), t.columns())));
    }

    @Override
    protected boolean leaveFiles() {
        commitFileTable();
        if (fileTableProblem(fileTable.getText()).isPresent()) {
            fileTable.requestFocus();
            return false;
        }
        return true;
    }

    /** {@code 812 kB}, {@code 1.4 MB}, {@code 2.1 GB}: sizes as the catalog states them. */
    static String bytes(long b) {
        if (b < 1000) return b + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    private static String modeLabel(TableMode m) {
        return switch (m) {
            case CREATE -> "create";
            case EXISTING -> "load into existing";
            case TRUNCATE -> "truncate, then load";
            case INCREMENTAL -> "incremental";
            case SKIP -> "skip";
        };
    }

    private static TableColumn<Row, String> text(String title, java.util.function.Function<Row, String> f) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyStringWrapper(f.apply(r.getValue())));
        c.setEditable(false);
        return c;
    }

    private void rename(Row r, String newName) {
        if (model == null) return;
        Optional<String> refused = model.rename(r.table(), newName);
        message(message, refused.map(m -> "Target name of " + r.display() + ": " + m).orElse(null));
        if (refused.isPresent()) table.refresh();
    }

    private void applyFilter() {
        if (model != null) model.setFilter(filter.getText(), regex.isSelected());
    }

    /** Binds the view to the model while the page shows. */
    @Override
    protected void attach() {
        status.setText("The tables of " + modelSource.url().replaceFirst("//[^@/]*:[^@/]*@", "//") + ". Row counts are"
                + " the catalog's estimates.");
        applyFilter();
        subscriptions.add(model.visibleRows().observe(this::showRows));
        showEditor(null);
        subscriptions.add(model.filterProblem().observe(p -> message(filterMessage, p)));
        subscriptions.add(model.problem().observe(p -> message(message, p)));
        subscriptions.add(model.notice().observe(n -> {
            notice.setText(n == null ? "" : "ⓘ " + n);
            SourcePage.showNode(notice, n != null);
        }));
    }

    private void showRows(List<Row> rows) {
        if (editing != null && draft.get().incremental(editing) == null && !pending) showEditor(null);
        int focused = table.getFocusModel().getFocusedIndex();
        table.getItems().setAll(rows);
        if (focused >= 0 && focused < rows.size()) {
            table.getSelectionModel().select(focused);
            table.getFocusModel().focus(focused);
        }
        if (model != null) {
            summary.setText(String.format(Locale.ROOT, "%d of %d tables selected, about %,d rows (estimate).",
                    model.selectedCount(), model.rows().get().size(), model.selectedRowEstimate()));
        }
    }

    @Override
    protected boolean leaveDatabase() {
        if (!modelReady()) return false;
        if (editing != null && draft.get().incremental(editing) == null) {
            message(incMessage, "Choose the cursor of " + editing + " and Apply, or give the table another mode.");
            incCursor.requestFocus();
            return false;
        }
        String p = model.problem().get();
        if (p != null) {
            message(message, p);
            table.requestFocus();
            return false;
        }
        return true;
    }
}
