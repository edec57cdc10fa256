package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.Page;
import dev.drover.app.model.ConnectionCheck;
import dev.drover.app.model.CsvPreview;
import dev.drover.app.model.Field;
import dev.drover.app.model.Problem;
import dev.drover.app.model.SourceKind;
import dev.drover.app.model.SourceModel;
import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * Source: a card per kind; for a server, its connection form and "Test connection"; for SQLite, a file or the sample
 * shop database; for CSV, a file and a preview of its first records with the sniffed settings, all editable.
 */
public final class SourcePage extends Page {
    private final SourceModel model;
    private final Background background;
    private final Map<SourceKind, ConnectionFormView> forms = new EnumMap<>(SourceKind.class);
    private final Label kindMessage = new Label();
    private final VBox detail = new VBox(16);
    private final CheckResultView test = new CheckResultView("source-test");
    private final Button testButton = new Button("_Test connection");
    private final Label url = new Label();
    private KindCards<SourceKind> cards;
    private VBox testBox;
    // SQLite
    private final TextField sqliteFile = new TextField();
    private FieldRow sqliteRow;
    private final Button useSample = new Button("Use the _sample shop database");
    private final ProgressIndicator sampleSpinner = new ProgressIndicator();
    private final Label sampleStatus = new Label();
    private VBox sqliteBox;
    // CSV
    private final TextField csvFile = new TextField();
    private FieldRow csvFileRow;
    private final ComboBox<String> csvEncoding = new ComboBox<>();
    private final ComboBox<String> csvDelimiter = new ComboBox<>();
    private final ComboBox<String> csvQuote = new ComboBox<>();
    private final CheckBox csvHeader = new CheckBox("First row is a _header");
    private final CheckBox csvFixed = new CheckBox("Fi_xed-width records (fields at character positions, no delimiter)");
    private final TextField csvFixedLayout = new TextField();
    private FieldRow fixedRow;
    private FieldRow encodingRow;
    private FieldRow delimiterRow;
    private FieldRow quoteRow;
    private final Label csvNotes = new Label();
    private final TableView<List<String>> csvPreview = new TableView<>();
    private VBox csvBox;
    private boolean loading;

    public SourcePage(SourceModel model, Background background) {
        this.model = model;
        this.background = background;
    }

    @Override public String id() { return "source"; }
    @Override public String title() { return "Source"; }
    @Override public String subtitle() { return "Where the data comes from."; }

    @Override
    protected Node build() {
        cards = new KindCards<>(this::choose);
        for (SourceKind k : SourceKind.values()) cards.add(k, "source-kind-" + k.id(), k.label(), k.description());
        kindMessage.setId("source-kind-message");
        kindMessage.getStyleClass().add("field-message");
        kindMessage.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), true);
        showNode(kindMessage, false);

        for (SourceKind k : SourceKind.values()) {
            if (k.isServer()) forms.put(k, new ConnectionFormView("source", model.form(k), this::formChanged));
        }
        url.setId("source-url");
        url.getStyleClass().add("url-preview");
        testButton.setId("source-test");
        testButton.setOnAction(e -> runTest());
        testBox = new VBox(8, new HBox(12, testButton), test);

        buildSqlite();
        buildCsv();

        VBox page = new VBox(16, cards, kindMessage, detail);
        page.getStyleClass().add("page-body");
        model.kind().ifPresent(k -> {
            cards.select(k);
            showKind(k);
        });
        return page;
    }

    private void buildSqlite() {
        sqliteFile.setPromptText("/path/to/database.db");
        Button browse = new Button("_Browse…");
        browse.setId("sqlite-browse");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("SQLite database");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("SQLite databases", "*.db", "*.sqlite",
                    "*.sqlite3", "*.db3"), new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(detail.getScene().getWindow());
            if (f != null) sqliteFile.setText(f.getAbsolutePath());
        });
        HBox.setHgrow(sqliteFile, Priority.ALWAYS);
        sqliteRow = new FieldRow("SQLite _file", sqliteFile, new HBox(8, sqliteFile, browse), "sqlite-file")
                .checkedBy(() -> model.problem(Field.SQLITE_FILE))
                .commits(sqliteFile, t -> {
                    if (!loading) model.setSqliteFile(t.isBlank() ? null : Path.of(t.strip()));
                    test.clear();
                });
        useSample.setId("use-sample");
        useSample.setOnAction(e -> useSample());
        sampleSpinner.setPrefSize(18, 18);
        sampleSpinner.setMaxSize(18, 18);
        showNode(sampleSpinner, false);
        sampleStatus.setId("sample-status");
        sampleStatus.setWrapText(true);
        Label or = new Label("No database at hand? The sample is a small shop (customers, products, orders, order lines:"
                + " about 100,000 rows) with a few rows PostgreSQL will reject, to see how Drover handles them.");
        or.setWrapText(true);
        or.getStyleClass().add("hint");
        HBox sampleRow = new HBox(10, useSample, sampleSpinner, sampleStatus);
        sampleRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        sqliteBox = new VBox(12, sqliteRow, or, sampleRow);
    }

    private void buildCsv() {
        csvFile.setPromptText("/path/to/file.csv");
        Button browse = new Button("_Browse…");
        browse.setId("csv-browse");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("CSV file");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Text files", "*.csv", "*.tsv", "*.txt"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(detail.getScene().getWindow());
            if (f != null) {
                csvFile.setText(f.getAbsolutePath());
                chooseCsv();
            }
        });
        HBox.setHgrow(csvFile, Priority.ALWAYS);
        csvFile.setOnAction(e -> chooseCsv());
        csvFileRow = new FieldRow("CSV _file", csvFile, new HBox(8, csvFile, browse), "csv-file")
                .checkedBy(() -> model.problem(Field.CSV_FILE));
        csvFile.focusedProperty().addListener((o, was, now) -> {
            if (!now && !csvFile.getText().isBlank()
                    && !model.csvFile().map(p -> p.equals(Path.of(csvFile.getText().strip()).toAbsolutePath().normalize())).orElse(false)) {
                chooseCsv();
            }
        });

        csvEncoding.getItems().setAll("UTF-8", "windows-1252", "ISO-8859-1", "ISO-8859-15", "UTF-16", "US-ASCII");
        csvDelimiter.getItems().setAll(",", ";", "tab", "|");
        csvQuote.getItems().setAll("\"", "'", "none");
        for (ComboBox<String> c : List.of(csvEncoding, csvDelimiter, csvQuote)) {
            c.setEditable(true);
            c.setMaxWidth(Double.MAX_VALUE);
        }
        encodingRow = new FieldRow("_Encoding", csvEncoding, "csv-encoding").checkedBy(() -> model.problem(Field.CSV_ENCODING))
                .commits(csvEncoding.getEditor(), v -> { if (!loading) model.setCsvEncoding(v); });
        delimiterRow = new FieldRow("_Delimiter", csvDelimiter, "csv-delimiter").checkedBy(() -> model.problem(Field.CSV_DELIMITER))
                .commits(csvDelimiter.getEditor(), v -> { if (!loading) model.setCsvDelimiter(v); });
        quoteRow = new FieldRow("_Quote", csvQuote, "csv-quote").checkedBy(() -> model.problem(Field.CSV_QUOTE))
                .commits(csvQuote.getEditor(), v -> { if (!loading) model.setCsvQuote(v); });
        for (ComboBox<String> c : List.of(csvEncoding, csvDelimiter, csvQuote)) {
            c.valueProperty().addListener((o, was, now) -> {
                if (now != null && !now.equals(c.getEditor().getText())) c.getEditor().setText(now);
                refreshPreview();
            });
            c.getEditor().focusedProperty().addListener((o, was, now) -> {
                if (!now) refreshPreview();
            });
        }
        csvHeader.setId("csv-header");
        csvHeader.selectedProperty().addListener((o, was, now) -> {
            if (!loading) {
                model.setCsvHeader(now);
                refreshPreview();
            }
        });
        HBox settings = new HBox(16, encodingRow, delimiterRow, quoteRow, new VBox(csvHeader));
        ((VBox) settings.getChildren().get(3)).setStyle("-fx-padding: 26 0 0 0;");
        csvNotes.setId("csv-notes");
        csvNotes.setWrapText(true);
        csvNotes.getStyleClass().add("hint");
        csvPreview.setId("csv-preview");
        csvPreview.setPrefHeight(260);
        csvPreview.setPlaceholder(new Label("Choose a file to see its first rows."));
        csvFixed.setId("csv-fixed");
        csvFixed.selectedProperty().addListener((o, was, now) -> {
            showNode(fixedRow, now);
            showNode(delimiterRow, !now);
            showNode(quoteRow, !now);
            csvHeader.setText(now ? "First row is a _header (skipped)" : "First row is a _header");
            if (!loading) {
                model.setCsvFixed(now);
                refreshPreview();
            }
        });
        csvFixedLayout.setPromptText("id:0:5, name:5:20[trim right whitespace], born:25:8[date format 'YYYYMMDD']");
        fixedRow = new FieldRow("Fixed-width _fields (NAME:FROM:FOR, FROM counting characters from 0)", csvFixedLayout,
                "csv-fixed-layout").checkedBy(() -> model.problem(Field.CSV_FIXED))
                .commits(csvFixedLayout, v -> {
                    if (!loading) {
                        model.setCsvFixedLayout(v);
                        refreshPreview();
                    }
                });
        showNode(fixedRow, false);
        csvBox = new VBox(12, csvFileRow, settings, csvFixed, fixedRow, csvNotes, csvPreview);
    }

    private void choose(SourceKind k) {
        model.setKind(k);
        showNode(kindMessage, false);
        showKind(k);
    }

    private void showKind(SourceKind k) {
        test.clear();
        if (k.isServer()) {
            detail.getChildren().setAll(forms.get(k), url, testBox);
            formChanged();
        } else if (k == SourceKind.SQLITE) {
            detail.getChildren().setAll(sqliteBox, testBox);
        } else {
            detail.getChildren().setAll(csvBox);
        }
    }

    private void formChanged() {
        model.sourceUrl().ifPresent(u -> url.setText("Source URL: " + u));
        test.clear();
    }

    private void runTest() {
        // An incomplete form gets its messages, not a driver error about a half-built URL.
        if (model.firstBlocking().isPresent()) {
            leave();
            test.clear();
            return;
        }
        test.running("Connecting…");
        testButton.setDisable(true);
        background.run(model.connectionTest(), c -> {
            testButton.setDisable(false);
            test.show(c);
        }, e -> {
            testButton.setDisable(false);
            test.show(new ConnectionCheck(false, "The test itself failed: " + e, ""));
        });
    }

    private void useSample() {
        useSample.setDisable(true);
        showNode(sampleSpinner, true);
        sampleStatus.setText("Writing the sample shop database (the first time only: a few seconds)…");
        background.run(model.sampleWriter(), path -> {
            useSample.setDisable(false);
            showNode(sampleSpinner, false);
            sqliteFile.setText(path.toString());
            model.setSqliteFile(path);
            sqliteRow.validate();
            sampleStatus.setText("Using the sample: " + path.getFileName() + " in " + path.getParent() + ".");
        }, e -> {
            useSample.setDisable(false);
            showNode(sampleSpinner, false);
            sampleStatus.setText("✖ Could not write the sample: " + e.getMessage());
        });
    }

    private void chooseCsv() {
        String t = csvFile.getText().strip();
        if (t.isEmpty()) return;
        model.chooseCsvFile(Path.of(t));
        loading = true;
        try {
            csvEncoding.setValue(model.csvEncoding());
            csvDelimiter.setValue(model.csvDelimiter());
            csvQuote.setValue(model.csvQuote());
            csvHeader.setSelected(model.csvHeader());
        } finally {
            loading = false;
        }
        csvFileRow.validate();
        refreshPreview();
    }

    private void refreshPreview() {
        if (loading || model.kind().orElse(null) != SourceKind.FILES) return;
        for (FieldRow r : List.of(encodingRow, delimiterRow, quoteRow, fixedRow)) {
            if (r.showing()) r.validate();
        }
        CsvPreview p = model.csvPreview();
        csvNotes.setText(String.join("\n", p.notes()));
        csvPreview.getColumns().clear();
        for (int i = 0; i < p.columns().size(); i++) {
            int col = i;
            TableColumn<List<String>, String> c = new TableColumn<>(p.columns().get(i));
            // NULL (a NULL marker, or a fixed-width field past the line's end) is shown as the word, not as empty text
            c.setCellValueFactory(r -> new ReadOnlyStringWrapper(col >= r.getValue().size() ? ""
                    : r.getValue().get(col) == null ? "NULL" : r.getValue().get(col)));
            c.setSortable(false);
            csvPreview.getColumns().add(c);
        }
        csvPreview.getItems().setAll(p.rows());
    }

    @Override
    public void enter() {
        model.kind().ifPresent(k -> {
            cards.select(k);
            forms.values().forEach(ConnectionFormView::refresh);
            if (k == SourceKind.SQLITE) sqliteFile.setText(model.sqliteFile().map(Path::toString).orElse(""));
            if (k == SourceKind.FILES && model.csvFile().isPresent()) {
                loading = true;
                try {
                    csvFile.setText(model.csvFile().get().toString());
                    csvEncoding.setValue(model.csvEncoding());
                    csvDelimiter.setValue(model.csvDelimiter());
                    csvQuote.setValue(model.csvQuote());
                    csvHeader.setSelected(model.csvHeader());
                    csvFixed.setSelected(model.csvFixed());
                    csvFixedLayout.setText(model.csvFixedLayout());
                } finally {
                    loading = false;
                }
                refreshPreview();
            }
        });
    }

    @Override
    public boolean leave() {
        List<Problem> problems = model.problems();
        Optional<SourceKind> k = model.kind();
        if (k.isEmpty()) {
            kindMessage.setText("✖ " + problems.get(0).message());
            showNode(kindMessage, true);
            cards.first().requestFocus();
            return false;
        }
        if (k.get().isServer()) forms.get(k.get()).show(problems);
        else if (k.get() == SourceKind.SQLITE) sqliteRow.show(first(problems, Field.SQLITE_FILE));
        else {
            csvFileRow.show(first(problems, Field.CSV_FILE));
            encodingRow.show(first(problems, Field.CSV_ENCODING));
            delimiterRow.show(first(problems, Field.CSV_DELIMITER));
            quoteRow.show(first(problems, Field.CSV_QUOTE));
            fixedRow.show(first(problems, Field.CSV_FIXED));
        }
        Optional<Problem> blocking = model.firstBlocking();
        if (blocking.isEmpty()) return true;
        Field f = blocking.get().field();
        if (k.get().isServer()) forms.get(k.get()).focus(f);
        else if (f == Field.SQLITE_FILE) sqliteFile.requestFocus();
        else if (f == Field.CSV_FILE) csvFile.requestFocus();
        else if (f == Field.CSV_ENCODING) csvEncoding.requestFocus();
        else if (f == Field.CSV_DELIMITER) csvDelimiter.requestFocus();
        else if (f == Field.CSV_QUOTE) csvQuote.requestFocus();
        else if (f == Field.CSV_FIXED) csvFixedLayout.requestFocus();
        return false;
    }

    private static Optional<Problem> first(List<Problem> problems, Field f) {
        return problems.stream().filter(p -> p.field() == f).findFirst();
    }

    static void showNode(Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }
}
