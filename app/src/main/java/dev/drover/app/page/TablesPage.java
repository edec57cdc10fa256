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
    protected Node build() {
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

        VBox page = new VBox(10, status, new VBox(4, filterLabel, filterRow, filterMessage), table, summary, message, notice);
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
                    javafx.application.Platform.runLater(() -> model.setMode(r.table(), now));
                });
            }

            @Override
            protected void updateItem(TableMode v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null) {
                    setGraphic(null);
                    return;
                }
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

        table.getColumns().setAll(List.of(on, schema, name, rows, targetSchema, targetName, mode));
        // space ticks or unticks the focused table (while no cell is being edited)
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.SPACE || table.getEditingCell() != null || model == null) return;
            Row r = table.getFocusModel().getFocusedItem();
            if (r == null) return;
            model.select(r.table(), !r.selected());
            e.consume();
        });
    }

    private static String modeLabel(TableMode m) {
        return switch (m) {
            case CREATE -> "create";
            case EXISTING -> "load into existing";
            case TRUNCATE -> "truncate, then load";
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
        subscriptions.add(model.filterProblem().observe(p -> message(filterMessage, p)));
        subscriptions.add(model.problem().observe(p -> message(message, p)));
        subscriptions.add(model.notice().observe(n -> {
            notice.setText(n == null ? "" : "ⓘ " + n);
            SourcePage.showNode(notice, n != null);
        }));
    }

    private void showRows(List<Row> rows) {
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
    public boolean leave() {
        if (!modelReady()) return false;
        String p = model.problem().get();
        if (p != null) {
            message(message, p);
            table.requestFocus();
            return false;
        }
        return true;
    }
}
