package dev.drover.app.page;

import dev.drover.app.Background;
import dev.drover.app.Page;
import dev.drover.app.model.ConnectionCheck;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.app.model.Field;
import dev.drover.app.model.Problem;
import dev.drover.app.model.TargetCheck;
import dev.drover.app.model.TargetModel;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Target: a PostgreSQL server's connection form, or the embedded PostgreSQL Drover starts itself; then "Check",
 * which shows the server version, whether the user may create the tables, and the connections the load needs
 * against those free. Leaving the page runs the check when it has not run for the current values.
 */
public final class TargetPage extends Page {
    private final TargetModel model;
    private final EmbeddedPostgres embedded;
    private final Background background;
    private KindCards<TargetModel.Mode> cards;
    private final Label kindMessage = new Label();
    private ConnectionFormView form;
    private final VBox detail = new VBox(16);
    private final VBox embeddedBox = new VBox(8);
    private final ProgressIndicator embeddedSpinner = new ProgressIndicator();
    private final Label embeddedStatus = new Label();
    private final TextField embeddedUrl = new TextField();
    private final Label embeddedPsql = new Label();
    private final Label embeddedData = new Label();
    private final TextField schema = new TextField();
    private FieldRow schemaRow;
    private final Button checkButton = new Button("_Check");
    private final CheckResultView result = new CheckResultView("target-check");
    private final Label version = new Label();
    private final Label privilege = new Label();
    private final Label connections = new Label();
    private final Label notes = new Label();
    private GridPane facts;
    private boolean checking;
    private boolean advanceWhenChecked;
    private boolean starting;

    public TargetPage(TargetModel model, EmbeddedPostgres embedded, Background background) {
        this.model = model;
        this.embedded = embedded;
        this.background = background;
    }

    @Override public String id() { return "target"; }
    @Override public String title() { return "Target"; }
    @Override public String subtitle() { return "The PostgreSQL database the data goes to."; }

    @Override
    protected Node build() {
        cards = new KindCards<>(330, this::choose);
        cards.add(TargetModel.Mode.SERVER, "target-server", "PostgreSQL server",
                "A PostgreSQL server you connect to: host, database, user.");
        cards.add(TargetModel.Mode.EMBEDDED, "target-embedded", "Embedded PostgreSQL (for trying)",
                "A PostgreSQL 17 that Drover starts on this machine; nothing to install. Its data stays between runs.");
        kindMessage.setId("target-kind-message");
        kindMessage.getStyleClass().add("field-message");
        kindMessage.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), true);
        SourcePage.showNode(kindMessage, false);

        form = new ConnectionFormView("target", model.form(), this::changed);

        embeddedSpinner.setPrefSize(18, 18);
        embeddedSpinner.setMaxSize(18, 18);
        SourcePage.showNode(embeddedSpinner, false);
        embeddedStatus.setId("embedded-status");
        embeddedStatus.setWrapText(true);
        embeddedUrl.setId("embedded-url");
        embeddedUrl.setEditable(false);
        embeddedUrl.setPromptText("the connection string appears once it runs");
        embeddedPsql.setId("embedded-psql");
        embeddedPsql.getStyleClass().add("hint");
        embeddedPsql.setWrapText(true);
        embeddedData.getStyleClass().add("hint");
        embeddedData.setWrapText(true);
        Label urlLabel = new Label("Connection string (open it with psql, or any PostgreSQL client)");
        urlLabel.getStyleClass().add("field-label");
        embeddedBox.getChildren().addAll(new HBox(8, embeddedSpinner, embeddedStatus), urlLabel, embeddedUrl, embeddedPsql,
                embeddedData);

        schema.setPromptText("public");
        schemaRow = new FieldRow("Target _schema", schema, "target-schema").checkedBy(() -> model.problem(Field.SCHEMA))
                .commits(schema, v -> {
                    model.setSchema(v);
                    changed();
                });
        schema.setText(model.schema());
        schema.setMaxWidth(320);

        checkButton.setId("target-check");
        checkButton.setOnAction(e -> runCheck(false));
        version.setId("target-version");
        version.getStyleClass().add("target-version");
        privilege.setId("target-privilege");
        privilege.setWrapText(true);
        connections.setId("target-connections");
        connections.setWrapText(true);
        notes.setId("target-notes");
        notes.setWrapText(true);
        notes.getStyleClass().add("hint");
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(6);
        facts.addRow(0, label("Server"), version);
        facts.addRow(1, label("Privilege"), privilege);
        facts.addRow(2, label("Connections"), connections);
        facts.getStyleClass().add("check-facts");
        this.facts = facts;
        SourcePage.showNode(facts, false);
        VBox checkBox = new VBox(10, new HBox(12, checkButton), result, facts, notes);

        VBox page = new VBox(16, cards, kindMessage, detail, schemaRow, checkBox);
        page.getStyleClass().add("page-body");
        model.mode().ifPresent(m -> {
            cards.select(m);
            showMode(m);
        });
        return page;
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("field-label");
        return l;
    }

    private void choose(TargetModel.Mode m) {
        model.setMode(m);
        SourcePage.showNode(kindMessage, false);
        showMode(m);
        changed();
        if (m == TargetModel.Mode.EMBEDDED) startEmbedded();
    }

    private void showMode(TargetModel.Mode m) {
        detail.getChildren().setAll(m == TargetModel.Mode.SERVER ? form : embeddedBox);
    }

    /** Starts the embedded PostgreSQL in the background (once), then checks it. */
    private void startEmbedded() {
        Optional<EmbeddedPostgres.Server> running = embedded.running();
        if (running.isPresent()) {
            embeddedRunning(running.get());
            runCheck(false);
            return;
        }
        if (starting) return;
        starting = true;
        SourcePage.showNode(embeddedSpinner, true);
        embeddedStatus.setText("Starting the embedded PostgreSQL… (the first start unpacks it and creates its data: a few"
                + " seconds)");
        background.run(embedded::start, s -> {
            starting = false;
            SourcePage.showNode(embeddedSpinner, false);
            embeddedRunning(s);
            if (model.mode().orElse(null) == TargetModel.Mode.EMBEDDED) runCheck(false);
        }, e -> {
            starting = false;
            SourcePage.showNode(embeddedSpinner, false);
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            model.setEmbeddedProblem(msg);
            embeddedStatus.setText("✖ " + msg);
            advanceWhenChecked = false;
        });
    }

    private void embeddedRunning(EmbeddedPostgres.Server s) {
        model.setEmbedded(s);
        embeddedStatus.setText("✔ Running on port " + s.port() + (embedded.dataDirectory().isPresent()
                ? "; stopped when Drover closes." : "."));
        embeddedUrl.setText(s.url());
        embeddedPsql.setText("From a terminal: " + s.psqlCommand());
        embedded.dataDirectory().ifPresentOrElse(d -> embeddedData.setText("Data folder: " + d + " (kept between runs)."),
                () -> embeddedData.setText(""));
    }

    /** Values changed: an earlier check no longer applies. */
    private void changed() {
        if (model.currentCheck().isEmpty() && !checking) clearCheck();
    }

    private void clearCheck() {
        result.clear();
        version.setText("");
        privilege.setText("");
        connections.setText("");
        notes.setText("");
        if (facts != null) SourcePage.showNode(facts, false);
    }

    private void runCheck(boolean thenAdvance) {
        advanceWhenChecked |= thenAdvance;
        if (checking) return;
        checking = true;
        checkButton.setDisable(true);
        clearCheck();
        result.running("Checking the target…");
        String key = model.checkKey();
        background.run(model.check(), c -> done(c, key), e -> done(TargetCheck.failedWith(
                new ConnectionCheck(false, "The check itself failed: " + e, ""), model.plannedConnections()), key));
    }

    private void done(TargetCheck c, String key) {
        checking = false;
        checkButton.setDisable(false);
        model.accept(c, key);
        boolean current = key.equals(model.checkKey());
        show(c);
        boolean go = advanceWhenChecked;
        advanceWhenChecked = false;
        if (!current) return; // the user changed something meanwhile; the next Next checks again
        if (go && c.passes()) advance();
        else if (go) checkButton.requestFocus();
    }

    private void show(TargetCheck c) {
        result.show(c.connection());
        if (!c.connection().ok()) return;
        SourcePage.showNode(facts, true);
        version.setText(c.version());
        privilege.setText((c.canCreate() ? "✔ " : "✖ ") + c.privilege());
        connections.setText((c.connectionsFit() ? "✔ " : "⚠ ") + c.connections());
        notes.setText(String.join("\n", c.notes()));
    }

    @Override
    public void enter() {
        form.refresh();
        schema.setText(model.schema());
        model.mode().ifPresent(m -> {
            cards.select(m);
            showMode(m);
        });
        model.currentCheck().ifPresentOrElse(this::show, this::clearCheck);
        if (model.mode().orElse(null) == TargetModel.Mode.EMBEDDED && model.embedded().isEmpty()) startEmbedded();
    }

    @Override
    public boolean leave() {
        List<Problem> problems = model.problems();
        if (model.mode().isEmpty()) {
            kindMessage.setText("✖ " + problems.get(0).message());
            SourcePage.showNode(kindMessage, true);
            cards.first().requestFocus();
            return false;
        }
        if (model.mode().get() == TargetModel.Mode.SERVER) form.show(problems);
        schemaRow.show(problems.stream().filter(p -> p.field() == Field.SCHEMA).findFirst());
        Optional<Problem> blocking = model.firstBlocking();
        if (blocking.isPresent()) {
            Field f = blocking.get().field();
            if (f == Field.SCHEMA) schema.requestFocus();
            else if (f == Field.EMBEDDED) {
                if (starting) advanceWhenChecked = true; // go on once it runs and checks out
                else startEmbedded();
                cards.card(TargetModel.Mode.EMBEDDED).requestFocus();
            } else form.focus(f);
            return false;
        }
        Optional<TargetCheck> check = model.currentCheck();
        if (check.isPresent() && check.get().passes()) return true;
        // Not checked yet, or it failed: check (again: the server may be up, or the grant given, by now) and go on if fine.
        runCheck(true);
        return false;
    }
}
