package dev.drover.app.page;

import dev.drover.app.Page;
import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OptionsModel;
import dev.drover.app.model.Problem;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.target.IdentifierPolicy;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * Options: one row per setting of {@link OptionsModel}, each with its one-line explanation and its message under the
 * field (shown when the field loses focus with a problem, then following the typing until it is fixed), and the
 * connections the run will hold at its peak, updated as values are committed. Text fields commit on blur and on
 * Enter, so a value the model reformats ({@code 65536} → {@code 64kB}) is never rewritten under the caret.
 */
public final class OptionsPage extends Page {
    private final OptionsModel model;
    private final Map<OptionsModel.Option<?>, FieldRow> rows = new LinkedHashMap<>();
    private final Label connections = new Label();
    private Function<Window, File> folderChooser = OptionsPage::chooseFolder;

    /** The page over its own model of {@code draft}. */
    public OptionsPage(Observable<Draft> draft) {
        this(new OptionsModel(draft));
    }

    public OptionsPage(OptionsModel model) {
        this.model = model;
    }

    public OptionsModel model() {
        return model;
    }

    /** What "Browse…" of the reject folder asks (a {@link DirectoryChooser}); tests answer without a dialog. */
    public void chooseFolderWith(Function<Window, File> chooser) {
        this.folderChooser = chooser;
    }

    @Override public String id() { return "options"; }
    @Override public String title() { return "Options"; }
    @Override public String subtitle() { return "How the load runs: parallelism, batches, errors, and what is built besides the tables."; }

    @Override
    protected Node build() {
        VBox load = section("Parallelism and batches", model.workers, model.concurrency, model.batchRows, model.batchSize,
                model.indexJobs);
        connections.setId("options-connections");
        connections.setWrapText(true);
        connections.getStyleClass().add("options-connections");
        model.connectionsExplained().observe(s -> connections.setText("Planned connections: " + s + "."));
        load.getChildren().add(connections);
        VBox errors = section("Errors", model.onError, model.maxErrors, model.rejectDir);
        VBox schema = section("What is built", model.mode, model.includeDrop, model.truncate, model.createIndexes,
                model.foreignKeys, model.resetSequences, model.identity, model.enums, model.identifiers);
        VBox page = new VBox(16, load, errors, schema);
        page.getStyleClass().add("page-body");
        return page;
    }

    private VBox section(String title, OptionsModel.Option<?>... options) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        VBox box = new VBox(12, t);
        for (OptionsModel.Option<?> o : options) box.getChildren().add(row(o));
        return box;
    }

    @SuppressWarnings("unchecked")
    private Node row(OptionsModel.Option<?> o) {
        String id = "option-" + idOf(o);
        Object initial = o.value().get();
        FieldRow row;
        if (initial instanceof String) {
            row = textRow((OptionsModel.Option<String>) o, id);
        } else if (initial instanceof Boolean) {
            row = checkRow((OptionsModel.Option<Boolean>) o, id);
        } else {
            row = choiceRow((OptionsModel.Option<Object>) o, id);
        }
        row.checkedBy(() -> problem(o));
        // a problem the model finds by itself (drop with data only) shows at once; one that goes away clears its line
        o.problem().subscribe(p -> {
            if (p == null || !(row.input() instanceof TextField)) row.validate();
        });
        Label explanation = new Label(o.explanation());
        explanation.setId(id + "-explanation");
        explanation.getStyleClass().add("hint");
        explanation.setWrapText(true);
        // between the field and its message, so the message stays right under what it is about
        row.getChildren().add(2, explanation);
        rows.put(o, row);
        return row;
    }

    private FieldRow textRow(OptionsModel.Option<String> o, String id) {
        TextField field = new TextField(o.value().get());
        field.setPrefColumnCount(o == model.rejectDir ? 36 : 12);
        field.setMaxWidth(o == model.rejectDir ? 520 : 200);
        Node layout = field;
        if (o == model.rejectDir) {
            Button browse = new Button("Browse…");
            browse.setId(id + "-browse");
            browse.setOnAction(e -> {
                File f = folderChooser.apply(field.getScene() == null ? null : field.getScene().getWindow());
                if (f == null) return;
                field.setText(f.getPath());
                o.set(f.getPath());
                rows.get(o).validate();
            });
            HBox box = new HBox(8, field, browse);
            HBox.setHgrow(field, Priority.ALWAYS);
            layout = box;
        }
        FieldRow row = new FieldRow(o.label(), field, layout, id);
        field.setOnAction(e -> {
            o.set(field.getText());
            row.validate();
        });
        // once a message has shown, the typing is committed and checked as it goes, until the field loses focus
        boolean[] following = {false};
        field.textProperty().addListener((obs, was, now) -> {
            if (row.showing()) following[0] = true;
            if (following[0]) {
                o.set(now);
                row.validate();
            }
        });
        // committed on blur (FieldRow's own blur check ran first, on the old value: checked again here) and on Enter
        field.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                following[0] = false;
                o.set(field.getText());
                row.validate();
                if (o.problem().get() == null) field.setText(o.value().get());
            }
        });
        o.value().subscribe(v -> {
            if (!field.isFocused() && !field.getText().equals(v)) field.setText(v);
        });
        return row;
    }

    private FieldRow checkRow(OptionsModel.Option<Boolean> o, String id) {
        CheckBox box = new CheckBox(o.label());
        box.setSelected(o.value().get());
        box.selectedProperty().addListener((obs, was, now) -> o.set(now));
        o.value().subscribe(box::setSelected);
        FieldRow row = new FieldRow("", box, id);
        // the check box carries its own text: the row's label stays empty and takes no room
        row.getChildren().get(0).setManaged(false);
        row.getChildren().get(0).setVisible(false);
        return row;
    }

    private FieldRow choiceRow(OptionsModel.Option<Object> o, String id) {
        ComboBox<Object> box = new ComboBox<>();
        box.getItems().setAll(o.value().get().getClass().getEnumConstants());
        // pgloader's exact naming rules come with plans translated from .load files: offered only to a plan that has one
        box.getItems().removeIf(v -> (v == IdentifierPolicy.PGLOADER_DOWNCASE || v == IdentifierPolicy.PGLOADER_SNAKE_CASE)
                && v != o.value().get());
        box.setConverter(new StringConverter<>() {
            @Override public String toString(Object v) { return v == null ? "" : choiceText(v); }
            @Override public Object fromString(String s) { return null; }
        });
        box.setValue(o.value().get());
        box.valueProperty().addListener((obs, was, now) -> {
            if (now != null) o.set(now);
        });
        o.value().subscribe(box::setValue);
        return new FieldRow(o.label(), box, id);
    }

    /** How a choice reads in its list. */
    static String choiceText(Object v) {
        if (v instanceof DatabaseSpec.Mode m) {
            return switch (m) {
                case ALL -> "Schema and data";
                case SCHEMA_ONLY -> "Schema only";
                case DATA_ONLY -> "Data only (into existing tables)";
            };
        }
        if (v instanceof OnError e) return e == OnError.RESUME ? "Resume (reject bad rows)" : "Stop at the first bad row";
        if (v instanceof IdentifierPolicy p) {
            return switch (p) {
                case DOWNCASE -> "Downcase (OrderLines → orderlines)";
                case QUOTE -> "Quote (keep OrderLines)";
                case SNAKE_CASE -> "snake_case (OrderLines → order_lines)";
                case PGLOADER_DOWNCASE -> "pgloader's downcase (Total$ → total_)";
                case PGLOADER_SNAKE_CASE -> "pgloader's snake_case (HTTPServer → httpserver)";
            };
        }
        if (v instanceof DatabaseSpec.Identity i) return i == DatabaseSpec.Identity.IDENTITY ? "Identity columns" : "serial / bigserial";
        if (v instanceof DatabaseSpec.Enums e) return e == DatabaseSpec.Enums.TYPE ? "Enum types" : "Text with a CHECK";
        return v.toString();
    }

    /** {@code option-workers}, {@code option-batch-rows}, ...: the model's field name, in the page's id style. */
    private String idOf(OptionsModel.Option<?> o) {
        for (var f : OptionsModel.class.getFields()) {
            try {
                if (f.get(model) == o) return f.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return o.label().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static Optional<Problem> problem(OptionsModel.Option<?> o) {
        String p = o.problem().get();
        return p == null ? Optional.empty() : Optional.of(Problem.error(null, p));
    }

    private static File chooseFolder(Window owner) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Reject folder");
        return c.showDialog(owner);
    }

    /** Detaches the page's model from the draft: when the window closes. */
    public void close() {
        model.close();
    }

    /** The control showing {@code o}, for focus and tests. */
    public Control control(OptionsModel.Option<?> o) {
        view();
        return rows.get(o).input();
    }

    @Override
    public boolean leave() {
        // what is typed but not yet committed (the focus still in a field) counts too
        for (var e : rows.entrySet()) {
            if (e.getValue().input() instanceof TextField t && t.isFocused()) setText(e.getKey(), t.getText());
        }
        rows.values().forEach(FieldRow::validate);
        Optional<OptionsModel.Option<?>> first = model.firstInvalid();
        if (first.isEmpty()) return true;
        rows.get(first.get()).input().requestFocus();
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void setText(OptionsModel.Option<?> o, String text) {
        ((OptionsModel.Option<String>) o).set(text);
    }
}
