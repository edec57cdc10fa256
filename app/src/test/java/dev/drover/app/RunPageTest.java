package dev.drover.app;

import static dev.drover.app.TestWizards.text;
import static dev.drover.app.TestWizards.waitFor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.model.Observable;
import dev.drover.app.model.RunModel;
import dev.drover.app.model.RunProgress;
import dev.drover.app.page.RunPage;
import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Run page on a load that cannot go on: another session holds a lock on the target table. The page flags the
 * stalled table, Cancel asks on the page (Keep running keeps it), Stop it stops the run once the lock is gone, and
 * the page says it was cancelled with what stayed loaded.
 */
@ExtendWith({PostgresExtension.class, ApplicationExtension.class})
class RunPageTest {
    private static final int ROWS = 200_000;

    private final TestDatabase db;
    private final Path home = TestWizards.home("run-page");
    private final Observable<RunModel> runs = new Observable<>(null);
    private Connection locker;
    private RunPage page;

    RunPageTest(TestDatabase db) {
        this.db = db;
    }

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(home);
        Path csv = home.resolve("numbers.csv");
        StringBuilder b = new StringBuilder(ROWS * 12);
        for (int i = 1; i <= ROWS; i++) b.append(i).append(",row ").append(i).append('\n');
        Files.writeString(csv, b, StandardCharsets.UTF_8);
        db.execute("DROP TABLE IF EXISTS locked", "CREATE TABLE locked (n int, s text)");
        locker = db.connect();
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
            s.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
        }
        // small batches and a short queue: the reader is still reading when the writers block
        LoadOptions o = LoadOptions.defaults().withBatch(100, 1 << 20).withRejectDir(Path.of("rejects"));
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), o,
                List.of(new TableLoad("locked", CsvSource.defaults(List.of(csv.toString())),
                        List.of(ColumnSpec.byPosition("n", 1), ColumnSpec.byPosition("s", 2)))));
        Supplier<RunModel> newRun = () -> new RunModel(plan, db.server().password(), home,
                new RunProgress(Duration.ofSeconds(1), System::nanoTime));
        page = new RunPage(runs, newRun);
        PageScenes.show(stage, page);
    }

    @AfterEach
    void close() throws Exception {
        if (runs.get() != null) runs.get().cancel();
        locker.close();
        if (runs.get() != null) runs.get().await(30, TimeUnit.SECONDS);
        FxToolkit.cleanupStages();
    }

    @Test
    void aBlockedTableIsFlaggedAndCancelAsksThenStopsCleanly(FxRobot robot) throws Exception {
        RunModel run = runs.get();
        assertThat(run).as("the page starts the run when it is shown").isNotNull();
        assertThat(run.running()).isTrue();
        waitFor(30, () -> robot.lookup("#run-stalled").query().isVisible());
        assertThat(text(robot, "#run-stalled")).startsWith("⚠ locked has not moved for").contains("waiting on a lock");

        // Cancel asks on the page; "Keep running" keeps it running
        robot.clickOn("#run-cancel");
        assertThat(robot.lookup("#run-cancel-box").query().isVisible()).isTrue();
        robot.clickOn("#run-cancel-keep");
        assertThat(robot.lookup("#run-cancel-box").query().isVisible()).isFalse();
        assertThat(run.running()).isTrue();

        robot.clickOn("#run-cancel");
        robot.clickOn("#run-cancel-confirm");
        waitFor(10, () -> text(robot, "#run-phase").startsWith("Stopping: "));
        assertThat(robot.lookup("#run-cancel").query().isDisabled()).isTrue();
        locker.rollback(); // the lock goes: the batch in hand ends, nothing new starts
        assertThat(run.await(60, TimeUnit.SECONDS)).isTrue();
        RunReport r = run.report().orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        waitFor(10, () -> robot.lookup("#run-outcome").query().isVisible());
        assertThat(text(robot, "#run-outcome")).startsWith("■ Cancelled:").contains("Committed rows stay");
        assertThat(db.count("locked")).isEqualTo(r.loaded()).isLessThan(ROWS);
        assertThat(robot.lookup("#run-stalled").query().isVisible()).isFalse();
        assertThat(robot.lookup("#run-again").query().isVisible()).isTrue();
        assertThat(run.progress().log()).anyMatch(l -> l.contains("Cancel requested"));
    }

    @Test
    void closingTheWindowDuringARunAsksOnThePageThenStopsItAndCloses(FxRobot robot) throws Exception {
        RunModel run = runs.get();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        robot.interact(() -> page.askClose(() -> closed.set(true)));
        assertThat(robot.lookup("#run-cancel-box").query().isVisible()).isTrue();
        assertThat(text(robot, "#run-cancel-question")).startsWith("Close Drover? The migration is still running");
        // keep running: nothing closes
        robot.clickOn("#run-cancel-keep");
        assertThat(run.running()).isTrue();
        robot.interact(() -> page.askClose(() -> closed.set(true)));
        robot.clickOn("#run-cancel-confirm");
        assertThat(closed).as("not before the run has stopped").isFalse();
        locker.rollback();
        assertThat(run.await(60, TimeUnit.SECONDS)).isTrue();
        waitFor(10, closed::get);
        assertThat(run.report().orElseThrow().outcome()).isEqualTo(Outcome.CANCELLED);
    }
}
