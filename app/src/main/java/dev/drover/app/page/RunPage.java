package dev.drover.app.page;

import dev.drover.app.Page;
import dev.drover.app.model.Observable;
import dev.drover.app.model.RunModel;
import dev.drover.app.model.RunProgress;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Run: the migration, live. One bar for the whole load and one per table (rows, MB, rows/s, ETA, state), the keys
 * and indexes being built, a warning for a table that stopped moving, and the log, all refreshed four times a second
 * from the engine's {@link RunProgress} (never per event, so a fast load cannot flood the screen). Cancel asks first,
 * on the page, then stops cleanly. Back is off while the run goes.
 */
public final class RunPage extends Page {
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");
    private static final PseudoClass SUCCESS = PseudoClass.getPseudoClass("success");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

    private final Observable<RunModel> runs;
    private final Supplier<RunModel> newRun;
    private final Label phase = new Label();
    private final ProgressBar overall = new ProgressBar(0);
    private final Label totals = new Label();
    private final Label steps = new Label();
    private final ProgressBar stepsBar = new ProgressBar(0);
    private final Label stalled = new Label();
    private final Label outcome = new Label();
    private final Label message = new Label();
    private final TableView<RunProgress.TableLine> tables = new TableView<>();
    /** Incremental tables: what their rows did (inserted, updated, unchanged); shown once a table has it. */
    private final TableColumn<RunProgress.TableLine, String> changes = Columns.text("Incremental", 230,
            RunProgress.TableLine::changesText);
    private final ListView<String> log = new ListView<>();
    private final Button cancel = new Button("_Cancel run…");
    private final Button runAgain = new Button("Run _again");
    private final HBox confirmBox = new HBox(10);
    private final Timeline refresh = new Timeline(new KeyFrame(Duration.millis(250), e -> refresh()));
    private RunModel shown;
    private final Label ask = new Label();
    private final Button stop = new Button();
    private final Button keep = new Button();
    /** What to do once the run has stopped (closing the window), or null. */
    private Runnable afterStop;

    /**
     * @param runs   the wizard's current run (the Results page reads it)
     * @param newRun makes a run of the draft as it stands; throws {@link IllegalStateException} with the reason when
     *               the draft cannot run
     */
    public RunPage(Observable<RunModel> runs, Supplier<RunModel> newRun) {
        this.runs = runs;
        this.newRun = newRun;
        refresh.setCycleCount(Timeline.INDEFINITE);
    }

    @Override public String id() { return "run"; }
    @Override public String title() { return "Run"; }
    @Override public String subtitle() { return "The migration, live: every table's rows, speed and state."; }

    @Override
    protected Node build() {
        phase.setId("run-phase");
        phase.getStyleClass().add("section-title");
        overall.setId("run-overall");
        overall.setMaxWidth(Double.MAX_VALUE);
        overall.setPrefHeight(14);
        totals.setId("run-totals");
        stalled.setId("run-stalled");
        stalled.setWrapText(true);
        stalled.getStyleClass().add("field-message");
        stalled.pseudoClassStateChanged(WARNING, true);
        SourcePage.showNode(stalled, false);
        outcome.setId("run-outcome");
        outcome.getStyleClass().add("run-outcome");
        outcome.setWrapText(true);
        SourcePage.showNode(outcome, false);
        message.setId("run-message");
        message.getStyleClass().add("field-message");
        message.pseudoClassStateChanged(DANGER, true);
        message.setWrapText(true);
        SourcePage.showNode(message, false);

        tables.setId("run-tables");
        tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tables.setPrefHeight(230);
        tables.setPlaceholder(new Label("Preparing the target…"));
        tables.getColumns().add(Columns.text("Table", 190, l -> l.table()));
        tables.getColumns().add(Columns.text("State", 90, l -> l.stalled() ? "stalled" : l.stage().label()));
        TableColumn<RunProgress.TableLine, RunProgress.TableLine> bar = new TableColumn<>("Progress");
        bar.setPrefWidth(150);
        bar.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        bar.setCellFactory(c -> new BarCell());
        tables.getColumns().add(bar);
        tables.getColumns().add(Columns.text("Rows", 110, l -> String.format(Locale.ROOT, "%,d", l.loaded())));
        tables.getColumns().add(Columns.text("Rejected", 75, l -> String.format(Locale.ROOT, "%,d", l.rejected())));
        changes.setVisible(false);
        tables.getColumns().add(changes);
        tables.getColumns().add(Columns.text("MB", 65, l -> String.format(Locale.ROOT, "%.1f", l.megabytes())));
        tables.getColumns().add(Columns.text("Rows/s", 85, l -> l.rowsPerSecond() > 0 ? String.format(Locale.ROOT, "%,.0f", l.rowsPerSecond()) : ""));
        tables.getColumns().add(Columns.text("ETA", 60, l -> l.eta() == null ? "" : clock(l.eta())));
        tables.getColumns().add(Columns.text("Indexes", 70, l -> l.stepsTotal() == 0 ? "" : l.stepsDone() + " / " + l.stepsTotal()));

        steps.setId("run-steps");
        stepsBar.setId("run-steps-bar");
        stepsBar.setPrefWidth(180);
        HBox stepsRow = new HBox(10, steps, stepsBar);
        stepsRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        log.setId("run-log");
        log.setPrefHeight(170);
        log.getStyleClass().add("run-log");

        cancel.setId("run-cancel");
        cancel.setOnAction(e -> askCancel());
        runAgain.setId("run-again");
        runAgain.setOnAction(e -> start());
        SourcePage.showNode(runAgain, false);
        ask.setWrapText(true);
        ask.setId("run-cancel-question");
        stop.setText("_Stop it");
        stop.setId("run-cancel-confirm");
        stop.getStyleClass().add("danger");
        stop.setOnAction(e -> {
            SourcePage.showNode(confirmBox, false);
            if (shown != null) shown.cancel();
            refresh();
        });
        keep.setOnAction(e -> {
            afterStop = null;
            SourcePage.showNode(confirmBox, false);
            cancel.requestFocus();
        });
        keep.setText("_Keep running");
        keep.setId("run-cancel-keep");
        confirmBox.setId("run-cancel-box");
        confirmBox.getChildren().addAll(ask, stop, keep);
        confirmBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        confirmBox.getStyleClass().add("confirm-box");
        SourcePage.showNode(confirmBox, false);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(10, cancel, runAgain, spacer);

        Label tablesTitle = new Label("Tables");
        tablesTitle.getStyleClass().add("section-title");
        Label logTitle = new Label("Log");
        logTitle.getStyleClass().add("section-title");
        VBox box = new VBox(10, phase, overall, totals, outcome, message, stalled, buttons, confirmBox, tablesTitle, tables,
                stepsRow, logTitle, log);
        box.getStyleClass().add("page-body");
        return box;
    }

    /** A table's bar: its fraction, indeterminate while the size is unknown, red when it failed. */
    private static final class BarCell extends TableCell<RunProgress.TableLine, RunProgress.TableLine> {
        private final ProgressBar bar = new ProgressBar(0);

        BarCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
        }

        @Override
        protected void updateItem(RunProgress.TableLine l, boolean empty) {
            super.updateItem(l, empty);
            if (empty || l == null) {
                setGraphic(null);
                return;
            }
            boolean copying = l.stage() == RunProgress.Stage.COPYING;
            bar.setProgress(l.fraction() < 0 ? copying ? ProgressBar.INDETERMINATE_PROGRESS : 0 : l.fraction());
            bar.setAccessibleText(l.table() + ": " + (l.fraction() < 0 ? l.stage().label()
                    : String.format(Locale.ROOT, "%.0f %% copied, %s", l.fraction() * 100, l.stage().label())));
            bar.pseudoClassStateChanged(DANGER, l.stage() == RunProgress.Stage.FAILED);
            bar.pseudoClassStateChanged(SUCCESS, l.stage() == RunProgress.Stage.DONE);
            setGraphic(bar);
        }
    }

    @Override
    public void enter() {
        RunModel run = runs.get();
        if (run == null) start();
        else show(run);
    }

    @Override
    public void exit() {
        refresh.stop();
        // Leaving just as the run ends: the last tick may have seen it running, and no tick follows to free the wizard.
        busy(shown != null && shown.running());
    }

    /** Starts a run of the draft as it stands. */
    private void start() {
        if (shown != null && shown.running()) return;
        RunModel run;
        try {
            run = newRun.get();
        } catch (IllegalStateException | IllegalArgumentException e) {
            message.setText("Cannot start: " + e.getMessage() + ". Go back and fix it.");
            SourcePage.showNode(message, true);
            return;
        }
        SourcePage.showNode(message, false);
        log.getItems().clear();
        runs.set(run);
        run.start();
        show(run);
    }

    private void show(RunModel run) {
        shown = run;
        log.getItems().setAll(run.progress().log());
        refresh();
        if (run.running()) refresh.play();
    }

    private void askCancel() {
        if (shown == null || !shown.running()) return;
        afterStop = null;
        ask.setText("Stop the migration? Committed rows stay; unfinished tables stay partly loaded.");
        stop.setText("_Stop it");
        SourcePage.showNode(confirmBox, true);
        confirmBox.getChildren().get(1).requestFocus();
    }

    /** Whether a run is going. */
    public boolean running() {
        return shown != null && shown.running();
    }

    /**
     * The window is asked to close during a run: asks on the page, and once the user agrees, stops the run cleanly
     * and then runs {@code close}.
     */
    public void askClose(Runnable close) {
        if (!running()) {
            close.run();
            return;
        }
        afterStop = close;
        ask.setText("Close Drover? The migration is still running: it stops first (committed rows stay; unfinished tables"
                + " stay partly loaded), then the window closes.");
        stop.setText("_Stop and close");
        SourcePage.showNode(confirmBox, true);
        stop.requestFocus();
    }

    private void refresh() {
        if (shown == null) return;
        RunProgress.Snapshot s = shown.progress().snapshot();
        boolean running = s.running();
        busy(running);
        phase.setText(running ? (s.cancelling() ? "Stopping: " : "") + capitalise(s.phase()) + "…" : capitalise(s.phase()));
        overall.setProgress(s.fraction());
        overall.setAccessibleText(String.format(Locale.ROOT, "Migration: %.0f %%, %s", s.fraction() * 100, s.phase()));
        totals.setText(String.format(Locale.ROOT, "%.0f %%  ·  %,d rows loaded  ·  %,d rejected  ·  %.1f MB  ·  %s  ·  elapsed %s%s",
                s.fraction() * 100, s.loaded(), s.rejected(), s.bytes() / 1e6,
                running && s.rowsPerSecond() > 0 ? String.format(Locale.ROOT, "%,.0f rows/s", s.rowsPerSecond()) : "—",
                clock(s.elapsed()), s.eta() != null ? "  ·  about " + clock(s.eta()) + " left" : ""));
        tables.getItems().setAll(s.tables());
        changes.setVisible(s.tables().stream().anyMatch(l -> l.changes() != null));
        steps.setText(s.stepsTotal() == 0 ? "Keys and indexes: built after each table's rows"
                : String.format(Locale.ROOT, "Keys, indexes and constraints: %d of %d built", s.stepsDone(), s.stepsTotal()));
        stepsBar.setProgress(s.stepsTotal() == 0 ? 0 : (double) s.stepsDone() / s.stepsTotal());
        if (!s.log().isEmpty()) {
            log.getItems().addAll(s.log());
            int over = log.getItems().size() - RunProgress.LOG_LINES;
            if (over > 0) log.getItems().remove(0, over);
            log.scrollTo(log.getItems().size() - 1);
        }
        var stuck = s.stalled();
        if (!stuck.isEmpty()) {
            var first = stuck.get(0);
            stalled.setText("⚠ " + first.table() + " has not moved for " + clock(first.stalledFor())
                    + (stuck.size() > 1 ? " (and " + (stuck.size() - 1) + " more)" : "")
                    + ": the source or the target may be waiting on a lock or a slow query. The log may say more;"
                    + " Cancel stops cleanly.");
        }
        SourcePage.showNode(stalled, !stuck.isEmpty());
        cancel.setDisable(!running || s.cancelling());
        SourcePage.showNode(cancel, running);
        SourcePage.showNode(runAgain, !running);
        if (!running) {
            refresh.stop();
            SourcePage.showNode(confirmBox, false);
            showOutcome(s.finished());
            if (afterStop != null) {
                Runnable r = afterStop;
                afterStop = null;
                r.run();
            }
        } else {
            SourcePage.showNode(outcome, false);
        }
    }

    private void showOutcome(RunReport r) {
        Outcome o = r.outcome();
        String counts = String.format(Locale.ROOT, "%,d rows read, %,d loaded, %,d rejected in %s", r.read(), r.loaded(),
                r.rejected(), clock(r.total()));
        String text = switch (o) {
            case SUCCESS -> "✓ Migration complete: " + counts + ". Next shows the results.";
            case COMPLETED_WITH_REJECTS -> "⚠ Completed with rejected rows: " + counts
                    + ". Next shows each rejected row with its reason, to fix and retry.";
            case CANCELLED -> "■ Cancelled: " + counts + ". Committed rows stay in the target.";
            default -> "✗ " + RunProgress.describe(o) + ": " + (r.failure() == null ? counts : r.failure());
        };
        outcome.setText(text);
        outcome.pseudoClassStateChanged(SUCCESS, o == Outcome.SUCCESS);
        outcome.pseudoClassStateChanged(WARNING, o == Outcome.COMPLETED_WITH_REJECTS || o == Outcome.CANCELLED);
        outcome.pseudoClassStateChanged(DANGER, o != Outcome.SUCCESS && o != Outcome.COMPLETED_WITH_REJECTS && o != Outcome.CANCELLED);
        SourcePage.showNode(outcome, true);
    }

    @Override
    public String nextLabel() {
        return "_Results";
    }

    @Override
    public boolean leave() {
        if (shown != null && shown.running()) {
            message.setText("The migration is still running: wait for it to end, or Cancel it.");
            SourcePage.showNode(message, true);
            cancel.requestFocus();
            return false;
        }
        if (shown == null) {
            SourcePage.showNode(message, true);
            return false;
        }
        SourcePage.showNode(message, false);
        return true;
    }

    static String clock(java.time.Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : d.toMillis() < 10_000 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
