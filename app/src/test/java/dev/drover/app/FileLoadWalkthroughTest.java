package dev.drover.app;

import static dev.drover.app.TestWizards.text;
import static dev.drover.app.TestWizards.waitFor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.rejects.StoredReject;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A CSV file through the real wizard: the file, the embedded target, its table (loaded into an existing one), no cast
 * rules, the plan on Review, the run, and a rejected line fixed and retried from Results.
 */
@ExtendWith({PostgresExtension.class, ApplicationExtension.class})
class FileLoadWalkthroughTest {
    private final TestDatabase db;
    private final Path home = TestWizards.home("file-walkthrough");
    private WizardContext context;
    private WizardWindow window;
    private Path csv;

    FileLoadWalkthroughTest(TestDatabase db) {
        this.db = db;
    }

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(home);
        csv = home.resolve("Sales 2024.csv");
        StringBuilder b = new StringBuilder("id,region,amount\n");
        for (int i = 1; i <= 40; i++) b.append(i).append(",r").append(i % 3).append(',').append(i == 7 ? "n/a" : i + ".50").append('\n');
        Files.writeString(csv, b, StandardCharsets.UTF_8);
        db.execute("DROP TABLE IF EXISTS public.sales", "CREATE TABLE public.sales (id int PRIMARY KEY, region text, amount numeric(10,2))");
        context = TestWizards.context(home, db);
        window = TestWizards.show(stage, context);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        context.close();
    }

    @Test
    void aCsvFileLoadsIntoAnExistingTableAndARejectedLineIsFixedFromResults(FxRobot robot) throws Exception {
        robot.clickOn("#new-migration");
        robot.clickOn("#source-kind-csv");
        robot.clickOn("#csv-file").write(csv.toString()).type(KeyCode.ENTER);
        waitFor(20, () -> !robot.lookup("#csv-preview").queryTableView().getItems().isEmpty());
        robot.clickOn("#next");
        waitFor(10, () -> "Target".equals(text(robot, "#page-title")));
        robot.clickOn("#target-embedded");
        waitFor(30, () -> !text(robot, "#target-version").isEmpty());
        robot.clickOn("#next");

        // Tables: one file, one table, named after the file; loaded into the existing table
        waitFor(30, () -> "Tables".equals(text(robot, "#page-title")));
        assertThat(robot.lookup("#file-table").queryAs(TextInputControl.class).getText()).isEqualTo("public.sales_2024");
        assertThat(text(robot, "#file-summary")).contains("Sales 2024.csv").contains("header line");
        robot.clickOn("#file-table").push(KeyCode.CONTROL, KeyCode.A).write("sales");
        robot.clickOn("#next");
        assertThat(text(robot, "#file-table-message")).contains("public.sales");
        assertThat(text(robot, "#page-title")).isEqualTo("Tables");
        robot.clickOn("#file-table").push(KeyCode.CONTROL, KeyCode.A).write("public.sales");
        robot.clickOn("#file-mode-existing");
        assertThat(context.draft().get().files().table()).isEqualTo("public.sales");
        robot.clickOn("#next");

        // Cast rules say what they are for; Options; Review shows the plan of a file load
        waitFor(10, () -> "Cast rules".equals(text(robot, "#page-title")));
        assertThat(robot.lookup("#casts-files").query().isVisible()).isTrue();
        robot.clickOn("#next");
        waitFor(10, () -> "Options".equals(text(robot, "#page-title")));
        robot.clickOn("#next");
        waitFor(10, () -> "Review".equals(text(robot, "#page-title")));
        assertThat(context.draft().get().toPlan().database()).isNull();
        assertThat(context.draft().get().toPlan().tables()).singleElement().satisfies(t -> assertThat(t.table()).isEqualTo("public.sales"));

        robot.clickOn("#next");
        waitFor(10, () -> "Run".equals(text(robot, "#page-title")));
        assertThat(context.run().get().await(60, TimeUnit.SECONDS)).isTrue();
        RunReport r = context.run().get().report().orElseThrow();
        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        assertThat(r.tables()).singleElement().satisfies(t -> {
            assertThat(t.read()).isEqualTo(40);
            assertThat(t.loaded()).isEqualTo(39);
            assertThat(t.rejected()).isEqualTo(1);
        });
        assertThat(db.count("sales")).isEqualTo(39);
        waitFor(10, () -> robot.lookup("#run-outcome").query().isVisible());

        robot.clickOn("#next");
        waitFor(10, () -> "Results".equals(text(robot, "#page-title")));
        TableView<StoredReject> rejects = robot.lookup("#rejects").queryTableView();
        waitFor(10, () -> rejects.getItems().size() == 1);
        StoredReject bad = rejects.getItems().get(0);
        assertThat(bad.column()).isEqualTo("amount");
        assertThat(bad.line()).isEqualTo(8); // the header is line 1
        assertThat(bad.values()).containsExactly("7", "r1", "n/a");
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(0.6));
        robot.clickOn("#reject-value-amount").push(KeyCode.CONTROL, KeyCode.A).write("7.50");
        robot.clickOn("#reject-retry");
        waitFor(20, () -> text(robot, "#reject-retry-result").startsWith("✔ Loaded"));
        assertThat(db.rows("SELECT amount::text FROM sales WHERE id = 7")).containsExactly(List.of("7.50"));
        assertThat(db.count("sales")).isEqualTo(40);
    }

    @Test
    void aFixedWidthFileIsCutByItsLayoutIntoANewTable(FxRobot robot) throws Exception {
        Path txt = home.resolve("people.txt");
        Files.writeString(txt, "ID   NAME      BORN\n00001Zoë       1987\n00002José\n00003Ann       2001\n", StandardCharsets.UTF_8);
        db.execute("DROP TABLE IF EXISTS public.people");
        robot.clickOn("#new-migration");
        robot.clickOn("#source-kind-csv");
        robot.clickOn("#csv-file").write(txt.toString()).type(KeyCode.ENTER);
        robot.clickOn("#csv-fixed");
        robot.clickOn("#csv-fixed-layout").write("id:0:5, name:5:10[trim right whitespace], born:15:4");
        robot.clickOn("#csv-header");
        if (!robot.lookup("#csv-header").queryAs(javafx.scene.control.CheckBox.class).isSelected()) robot.clickOn("#csv-header");
        TableView<List<String>> preview = robot.lookup("#csv-preview").queryTableView();
        waitFor(10, () -> preview.getItems().size() == 3 && preview.getColumns().size() == 3);
        assertThat(preview.getColumns()).extracting(c -> c.getText()).containsExactly("id", "name", "born");
        robot.clickOn("#next");
        waitFor(10, () -> "Target".equals(text(robot, "#page-title")));
        robot.clickOn("#target-embedded");
        waitFor(30, () -> !text(robot, "#target-version").isEmpty());
        robot.clickOn("#next");
        waitFor(30, () -> "Tables".equals(text(robot, "#page-title")));
        assertThat(robot.lookup("#file-table").queryAs(TextInputControl.class).getText()).isEqualTo("public.people");
        assertThat(robot.lookup("#file-mode-infer").queryAs(javafx.scene.control.RadioButton.class).isSelected()).isTrue();
        for (String page : List.of("Cast rules", "Options", "Review")) {
            robot.clickOn("#next");
            waitFor(10, () -> page.equals(text(robot, "#page-title")));
        }
        assertThat(context.draft().get().toPlan().tables().get(0).source().isFixed()).isTrue();
        robot.clickOn("#next");
        waitFor(10, () -> "Run".equals(text(robot, "#page-title")));
        assertThat(context.run().get().await(60, TimeUnit.SECONDS)).isTrue();
        RunReport r = context.run().get().report().orElseThrow();
        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(Outcome.SUCCESS);
        assertThat(db.rows("SELECT id::text, name, coalesce(born::text, 'NULL') FROM people ORDER BY id")).containsExactly(
                List.of("1", "Zoë", "1987"), List.of("2", "José", "NULL"), List.of("3", "Ann", "2001"));
    }
}
