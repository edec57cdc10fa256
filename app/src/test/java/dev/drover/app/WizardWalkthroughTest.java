package dev.drover.app;

import static dev.drover.app.TestWizards.pageTitle;
import static dev.drover.app.TestWizards.text;
import static dev.drover.app.TestWizards.visibleText;
import static dev.drover.app.TestWizards.waitFor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drover.app.model.CastRulesModel;
import dev.drover.app.model.TablesModel;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real wizard, headless (Monocle), driven as a newcomer would: New migration → SQLite → "Use the sample shop
 * database" → Next → "Embedded PostgreSQL (for trying)" → Next → Tables (untick and tick a table) → Cast rules (add a rule), to Options. The embedded target is the
 * tests' PostgreSQL rather than a second server. Each page visited is written to
 * {@code target/screenshots/NN-step.png} at 1280×800.
 */
@ExtendWith({PostgresExtension.class, ApplicationExtension.class})
class WizardWalkthroughTest {
    private final TestDatabase db;
    private final Path home = TestWizards.home("walkthrough");
    private WizardContext context;
    private WizardWindow window;
    private int shots;

    WizardWalkthroughTest(TestDatabase db) {
        this.db = db;
    }

    @Start
    void start(Stage stage) throws Exception {
        // The click must write the sample, not find last run's.
        Files.deleteIfExists(home.resolve("sample/shop.db"));
        context = TestWizards.context(home, db);
        window = TestWizards.show(stage, context);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        context.close();
    }

    @Test
    void newMigrationFromTheSampleIntoEmbeddedPostgresSavesAPlanThatRunsHeadless(FxRobot robot) throws Exception {
        assertThat(pageTitle(robot)).isEqualTo("Start");
        shot("start");

        robot.clickOn("#new-migration");
        assertThat(pageTitle(robot)).isEqualTo("Source");
        // Next with nothing chosen: the message under the cards, no dialog, still on Source.
        robot.clickOn("#next");
        assertThat(visibleText(robot, "#source-kind-message")).contains("Choose what to migrate from.");
        assertThat(pageTitle(robot)).isEqualTo("Source");

        robot.clickOn("#source-kind-sqlite");
        robot.clickOn("#next");
        assertThat(visibleText(robot, "#sqlite-file-message")).contains("Choose a SQLite database file");
        assertThat(robot.lookup("#sqlite-file").query().isFocused()).as("the invalid field has the focus").isTrue();

        robot.clickOn("#use-sample");
        Path sample = home.resolve("sample/shop.db");
        waitFor(60, () -> window.sourceModel().sqliteFile().isPresent());
        assertThat(sample).isRegularFile();
        assertThat(window.sourceModel().sqliteFile()).contains(sample.toAbsolutePath().normalize());
        assertThat(robot.lookup("#sqlite-file-message").query().isVisible()).isFalse();
        robot.clickOn("#source-test");
        waitFor(30, () -> !text(robot, "#source-test-result").isEmpty() && !text(robot, "#source-test-result").startsWith("Connecting"));
        assertThat(text(robot, "#source-test-result")).startsWith("✔ Opened shop.db: 4 tables");
        shot("source");

        robot.clickOn("#next");
        assertThat(pageTitle(robot)).isEqualTo("Target");
        robot.clickOn("#target-embedded");
        waitFor(30, () -> !text(robot, "#target-version").isEmpty());
        long major = db.queryLong("SELECT current_setting('server_version_num')::int") / 10000;
        assertThat(text(robot, "#target-version")).startsWith("PostgreSQL " + major + ".");
        assertThat(text(robot, "#target-privilege")).startsWith("✔ User " + db.server().user() + " may create tables");
        assertThat(text(robot, "#target-connections")).contains("The load needs up to 5 connections");
        assertThat(text(robot, "#embedded-url")).isEqualTo(window.targetModel().targetUrl().orElseThrow());
        shot("target");

        robot.clickOn("#next");
        waitFor(30, () -> "Tables".equals(pageTitle(robot)));
        assertThat(window.sourceModel().sourceUrl()).contains("sqlite://" + sample.toAbsolutePath().normalize());
        // the draft follows the pages left
        assertThat(context.draft().get().sourceUrl()).isEqualTo("sqlite://" + sample.toAbsolutePath().normalize());
        assertThat(context.draft().get().targetUrl()).isEqualTo(window.targetModel().targetUrl().orElseThrow());

        // Tables: the sample's four tables, every one ticked
        TableView<TablesModel.Row> tables = robot.lookup("#tables").queryTableView();
        waitFor(30, () -> tables.getItems().size() == 4);
        assertThat(tables.getItems()).extracting(TablesModel.Row::table)
                .containsExactlyInAnyOrder("customers", "products", "orders", "order_lines");
        assertThat(tables.getItems()).allMatch(TablesModel.Row::selected);
        assertThat(text(robot, "#tables-summary")).startsWith("4 of 4 tables selected").contains("(estimate)");
        robot.clickOn("#table-check-products");
        waitFor(10, () -> !row(tables, "products").selected());
        assertThat(context.draft().get().selects("products")).isFalse();
        assertThat(text(robot, "#tables-summary")).startsWith("3 of 4 tables selected");
        robot.clickOn("#table-check-products");
        waitFor(10, () -> row(tables, "products").selected());
        assertThat(context.draft().get().selects("products")).isTrue();
        // keyboard: space toggles the focused table
        robot.clickOn(org.testfx.matcher.control.LabeledMatchers.hasText("customers"));
        robot.type(KeyCode.SPACE);
        waitFor(10, () -> !row(tables, "customers").selected());
        robot.type(KeyCode.SPACE);
        waitFor(10, () -> row(tables, "customers").selected());
        // the target name is editable; a name that collides is refused with the engine's reason under the table
        renameTo(robot, tables, "products", "orders");
        assertThat(visibleText(robot, "#tables-message")).isNotBlank();
        assertThat(context.draft().get().rename()).isEmpty();
        assertThat(row(tables, "products").targetName()).isEqualTo("products");
        renameTo(robot, tables, "products", "goods");
        waitFor(10, () -> "goods".equals(row(tables, "products").targetName()));
        assertThat(context.draft().get().rename()).containsEntry("products", "goods");
        assertThat(robot.lookup("#tables-message").query().isVisible()).isFalse();
        // an invalid regular expression: a message under the filter, the rows stay
        robot.clickOn("#tables-regex").clickOn("#tables-filter").write("ord(");
        assertThat(visibleText(robot, "#tables-filter-message")).contains("not a regular expression");
        robot.eraseText(1);
        waitFor(10, () -> tables.getItems().size() == 2);
        assertThat(robot.lookup("#tables-filter-message").query().isVisible()).isFalse();
        robot.eraseText(3).clickOn("#tables-regex");
        waitFor(10, () -> tables.getItems().size() == 4);
        shot("tables");

        // Cast rules
        robot.clickOn("#next");
        waitFor(10, () -> "Cast rules".equals(pageTitle(robot)));
        TableView<CastRulesModel.GridRow> grid = robot.lookup("#cast-grid").queryTableView();
        waitFor(30, () -> !grid.getItems().isEmpty());
        CodeArea ddl = robot.lookup("#ddl").query();
        // check the data before any row moves: the sample's planted values that would be rejected
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(0.75));
        robot.clickOn("#check-data");
        waitFor(60, () -> text(robot, "#check-status").startsWith("✖ 3 kinds of rows would be rejected"));
        TableView<dev.drover.engine.preflight.Preflight.Problem> found = robot.lookup("#check-problems").queryTableView();
        assertThat(found.getItems()).filteredOn(p -> p.severity() == dev.drover.engine.preflight.Preflight.Severity.ERROR)
                .extracting(dev.drover.engine.preflight.Preflight.Problem::table, dev.drover.engine.preflight.Preflight.Problem::column)
                .containsExactlyInAnyOrder(tuple("public.customers", "birth_date"), tuple("public.goods", "stock"),
                        tuple("public.orders", "ordered_on"));
        assertThat(found.getItems()).allSatisfy(p -> assertThat(p.count()).isEqualTo(1));
        shot("casts-check");
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(0));
        // an invalid rule: a message under the field, nothing added
        robot.clickOn("#cast-rule-text").write("column orders.total to");
        robot.clickOn("#cast-rule-add");
        assertThat(visibleText(robot, "#cast-rule-text-message")).isNotBlank();
        assertThat(context.draft().get().casts()).isEmpty();
        assertThat(robot.lookup("#cast-rules").queryListView().getItems()).isEmpty();
        robot.clickOn("#cast-rule-text").eraseText("column orders.total to".length())
                .write("column orders.total to numeric(12,2)");
        robot.clickOn("#cast-rule-add");
        waitFor(10, () -> "numeric(12,2)".equals(gridRow(grid, "orders", "total").targetType()));
        assertThat(context.draft().get().casts()).containsExactly("column orders.total to numeric(12,2)");
        assertThat(robot.lookup("#cast-rules").queryListView().getItems()).hasSize(1);
        assertThat(robot.lookup("#cast-rule-text-message").query().isVisible()).isFalse();
        assertThat(gridRow(grid, "orders", "total").rule()).isEqualTo("user rule 1");
        assertThat(WaitForAsyncUtils.asyncFx(() -> (String) ddl.getText()).get()).contains("numeric(12,2)")
                .contains("CREATE TABLE \"public\".\"goods\"");
        shot("casts");
        // undo and redo the rule
        robot.clickOn("#cast-undo");
        waitFor(10, () -> context.draft().get().casts().isEmpty());
        assertThat(gridRow(grid, "orders", "total").targetType()).isNotEqualTo("numeric(12,2)");
        robot.clickOn("#cast-redo");
        waitFor(10, () -> "numeric(12,2)".equals(gridRow(grid, "orders", "total").targetType()));
        // the DDL preview further down the page
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(1.0));
        shot("casts-ddl");

        robot.clickOn("#next");
        waitFor(10, () -> "Options".equals(pageTitle(robot)));
        shot("options");

        // Review: the DDL follows the rule, and the plan saved here is the one `drover run` replays
        robot.clickOn("#next");
        waitFor(10, () -> "Review".equals(pageTitle(robot)));
        waitFor(20, () -> robot.lookup("#review-ddl").queryAs(CodeArea.class).getText().contains("numeric(12,2)"));
        shot("review");
        Path plan = home.resolve("shop-plan.yaml");
        java.nio.file.Files.deleteIfExists(plan);
        window.reviewPage().chooseFileWith(owner -> plan.toFile());
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(1.0));
        robot.clickOn("#review-save");
        waitFor(10, () -> java.nio.file.Files.exists(plan));
        waitFor(10, () -> window.reviewPage().savedTo().filter(plan::equals).isPresent());
        // the embedded server by name, not by its port of the day: drover run starts it (or uses the wizard's)
        assertThat(dev.drover.engine.plan.PlanYaml.read(plan).target().url()).isEqualTo("embedded");

        // Run: the wizard runs the plan itself, with live progress, to the end
        if (!window.reviewPage().confirmed()) {
            robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(0));
            robot.clickOn("#review-confirm").write("drop");
        }
        robot.clickOn("#next");
        waitFor(10, () -> "Run".equals(pageTitle(robot)));
        dev.drover.app.model.RunModel run = context.run().get();
        assertThat(run).isNotNull();
        assertThat(robot.lookup("#back").query().isDisabled() || !run.running()).as("Back is off while the run goes").isTrue();
        assertThat(run.await(120, TimeUnit.SECONDS)).isTrue();
        waitFor(10, () -> robot.lookup("#run-outcome").query().isVisible());
        javafx.scene.control.ProgressBar overall = robot.lookup("#run-overall").query();
        assertThat(overall.getProgress()).isEqualTo(1.0);
        dev.drover.engine.report.RunReport report = run.report().orElseThrow();
        assertThat(report.outcome()).isEqualTo(dev.drover.engine.report.Outcome.COMPLETED_WITH_REJECTS);
        assertThat(text(robot, "#run-outcome")).startsWith("⚠ Completed with rejected rows");
        TableView<dev.drover.app.model.RunProgress.TableLine> bars = robot.lookup("#run-tables").queryTableView();
        assertThat(bars.getItems()).hasSize(4).allSatisfy(l -> {
            assertThat(l.stage()).isEqualTo(dev.drover.app.model.RunProgress.Stage.DONE);
            assertThat(l.fraction()).isEqualTo(1.0);
        });
        assertThat(robot.lookup("#run-log").queryListView().getItems()).anyMatch(l -> l.toString().contains("rejected"));
        for (dev.drover.engine.report.TableReport t : report.tables()) {
            assertThat(t.reconciled()).as(t.table()).isTrue();
            assertThat(db.count(t.table())).as(t.table()).isEqualTo(t.loaded());
            assertThat(bars.getItems()).anyMatch(l -> l.table().equals(t.table()) && l.loaded() == t.loaded()
                    && l.rejected() == t.rejected());
        }
        // the sample's planted rows (its over-long name loads: SQLite's varchar(80) becomes text, as in pgloader);
        // orders and lines also lose the rows that point at the rejected ones
        assertThat(rejected(report, "public.customers")).isEqualTo(1);
        assertThat(rejected(report, "public.goods")).isEqualTo(1);
        assertThat(rejected(report, "public.orders")).isGreaterThanOrEqualTo(1);
        assertThat(rejected(report, "public.order_lines")).isGreaterThanOrEqualTo(1);
        shot("run");

        // Results: the outcome, every table, and the rejected rows with their reasons
        java.util.List<Path> opened = new java.util.ArrayList<>();
        window.openFoldersWith(opened::add);
        robot.clickOn("#next");
        waitFor(10, () -> "Results".equals(pageTitle(robot)));
        assertThat(text(robot, "#results-headline")).startsWith("⚠ Completed with rejects: " + String.format(java.util.Locale.ROOT,
                "%,d rows read, %,d loaded, %,d rejected", report.read(), report.loaded(), report.rejected()));
        TableView<dev.drover.app.model.ResultsModel.TableSummary> summary = robot.lookup("#results-tables").queryTableView();
        assertThat(summary.getItems()).hasSize(4).allMatch(dev.drover.app.model.ResultsModel.TableSummary::reconciled);
        TableView<dev.drover.engine.rejects.StoredReject> rejects = robot.lookup("#rejects").queryTableView();
        javafx.scene.control.ComboBox<String> tablePicker = robot.lookup("#rejects-table").queryComboBox();
        assertThat(tablePicker.getItems()).containsExactlyInAnyOrder("public.customers", "public.goods", "public.orders",
                "public.order_lines");
        // each planted row, with its reason and the column at fault
        showRejects(robot, tablePicker, rejects, "public.goods");
        assertThat(rejects.getItems()).singleElement().satisfies(r -> {
            assertThat(r.column()).isEqualTo("stock");
            assertThat(r.values().get(r.failingColumnIndex())).isEqualTo("n/a");
            assertThat(r.message()).contains("n/a");
        });
        showRejects(robot, tablePicker, rejects, "public.orders");
        assertThat(rejects.getItems()).anySatisfy(r -> {
            assertThat(r.column()).isEqualTo("ordered_on");
            assertThat(r.values().get(r.columns().indexOf("id"))).isEqualTo(String.valueOf(dev.drover.engine.sample.ShopSample.ZERO_DATE_ORDER_ID));
        });
        showRejects(robot, tablePicker, rejects, "public.order_lines");
        assertThat(rejects.getItems()).anySatisfy(r -> {
            assertThat(r.sqlState()).isEqualTo("23503");
            assertThat(r.values().get(r.columns().indexOf("order_id"))).isEqualTo(String.valueOf(dev.drover.engine.sample.ShopSample.ORPHAN_ORDER_ID));
        });
        // group by error: the orphans of the rejected order and the planted orphan share one group
        javafx.scene.control.ComboBox<String> groups = robot.lookup("#rejects-group").queryComboBox();
        assertThat(groups.getItems()).first().isEqualTo("All errors");
        assertThat(groups.getItems()).anyMatch(g -> g.startsWith("23503 order_id: "));
        showRejects(robot, tablePicker, rejects, "public.customers");
        dev.drover.engine.rejects.StoredReject bad = rejects.getItems().get(0);
        assertThat(rejects.getItems()).hasSize(1);
        assertThat(bad.column()).isEqualTo("birth_date");
        assertThat(bad.sqlState()).isEqualTo("22P02");
        assertThat(bad.message()).contains("1987-02-30");
        assertThat(text(robot, "#reject-detail")).contains("22P02").contains("1987-02-30").contains("line " + bad.line());
        assertThat(text(robot, "#rejects-page")).isEqualTo("rows 1–1 of 1");
        // a filter that matches nothing, then nothing again
        robot.clickOn("#rejects-filter").write("no such text");
        waitFor(10, () -> rejects.getItems().isEmpty());
        assertThat(text(robot, "#rejects-page")).isEqualTo("no rejected rows match");
        robot.eraseText("no such text".length());
        waitFor(10, () -> rejects.getItems().size() == 1);
        // export what is shown
        Path csv = home.resolve("customers-rejects.csv");
        Files.deleteIfExists(csv);
        window.resultsPage().chooseExportWith(owner -> csv.toFile());
        robot.clickOn("#rejects-export");
        waitFor(10, () -> text(robot, "#rejects-exported").startsWith("✔ 1 rows written"));
        assertThat(Files.readAllLines(csv)).hasSize(2).first().asString().startsWith("\"id\",\"email\"").contains("\"_message\"");
        reveal(robot, "#rejects-open-folder");
        robot.clickOn("#rejects-open-folder");
        assertThat(opened).containsExactly(Path.of(report.rejectDir()));
        // the run's report and log were written beside the rejects, and open from here
        robot.clickOn("#results-open-report");
        robot.clickOn("#results-open-log");
        assertThat(opened).hasSize(3);
        assertThat(Files.readString(opened.get(1))).contains("\"outcome\" : \"completed_with_rejects\"");
        assertThat(Files.readAllLines(opened.get(2))).isEqualTo(run.progress().log()).anyMatch(l -> l.startsWith("⚠ Completed"));
        robot.interact(() -> robot.lookup(".page-scroll").queryAs(ScrollPane.class).setVvalue(0));
        shot("results");

        // fix the date and retry: the row loads, and the page says so
        long customers = db.count("customers");
        reveal(robot, "#reject-retry");
        robot.clickOn("#reject-value-birth_date").push(KeyCode.CONTROL, KeyCode.A).write("1987-02-28");
        robot.clickOn("#reject-retry");
        waitFor(20, () -> text(robot, "#reject-retry-result").startsWith("✔ Loaded"));
        assertThat(db.count("customers")).isEqualTo(customers + 1);
        assertThat(db.rows("SELECT birth_date::text FROM customers WHERE id = " + dev.drover.engine.sample.ShopSample.INVALID_DATE_CUSTOMER_ID))
                .containsExactly(java.util.List.of("1987-02-28"));
        waitFor(10, () -> rejects.getItems().get(0).loadedOnRetry());
        waitFor(10, () -> summary.getItems().stream().anyMatch(t -> t.table().equals("public.customers") && t.fixed() == 1));
        assertThat(text(robot, "#results-headline")).contains("(1 of them loaded since by a retry)");
        // retrying it again inserts nothing
        reveal(robot, "#rejects-retry-selected");
        robot.clickOn("#rejects-retry-selected");
        waitFor(20, () -> text(robot, "#reject-retry-result").contains("already loaded"));
        assertThat(db.count("customers")).isEqualTo(customers + 1);
        // a still-bad edit on a goods row is refused with PostgreSQL's reason, and nothing is inserted
        showRejects(robot, tablePicker, rejects, "public.goods");
        long goods = db.count("goods");
        reveal(robot, "#reject-retry");
        robot.clickOn("#reject-value-stock").push(KeyCode.CONTROL, KeyCode.A).write("several");
        robot.clickOn("#reject-retry");
        waitFor(20, () -> text(robot, "#reject-retry-result").startsWith("✗ Still refused: 22P02"));
        assertThat(db.count("goods")).isEqualTo(goods);
        shot("results-retry");

        // change a cast rule instead: stock becomes text, the table is altered, and the row loads as the source had it
        reveal(robot, "#recast-apply");
        robot.clickOn("#recast-rule").write("column products.stock to text");
        robot.clickOn("#recast-check");
        waitFor(20, () -> text(robot, "#recast-plan").contains("stock: bigint → text"));
        assertThat(text(robot, "#recast-plan")).contains("ALTER TABLE \"public\".\"goods\" ALTER COLUMN \"stock\" TYPE text");
        robot.clickOn("#recast-apply");
        waitFor(30, () -> text(robot, "#recast-result").startsWith("✔ 1 rows loaded"));
        assertThat(db.count("goods")).isEqualTo(goods + 1);
        assertThat(db.rows("SELECT stock FROM goods WHERE id = " + dev.drover.engine.sample.ShopSample.NON_NUMERIC_STOCK_PRODUCT_ID))
                .containsExactly(java.util.List.of("n/a"));
        assertThat(context.draft().get().casts()).containsExactly("column orders.total to numeric(12,2)", "column products.stock to text");
        reveal(robot, "#recast-result");
        shot("results-recast");

        // the plan saved on Review, replayed headless on an empty target, gives the same tables and counts
        db.execute("DROP TABLE customers, goods, orders, order_lines CASCADE");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.Map<String, String> env = new java.util.HashMap<>();
        if (db.server().password() != null) env.put("PGPASSWORD", db.server().password());
        Path replayJson = home.resolve("replay.json");
        Files.deleteIfExists(replayJson);
        int code = dev.drover.engine.cli.DroverCli.execute(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), env, context.embedded(),
                "run", plan.toString(), "--summary", replayJson.toString(), "--root-dir", home.resolve("replay-rejects").toString());
        assertThat(code).as(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(3); // completed with rejects
        com.fasterxml.jackson.databind.JsonNode replay = new com.fasterxml.jackson.databind.ObjectMapper().readTree(replayJson.toFile());
        assertThat(replay.path("tables")).hasSize(4);
        for (com.fasterxml.jackson.databind.JsonNode t : replay.path("tables")) {
            String name = t.path("table").asText();
            assertThat(t.path("reconciled").asBoolean()).as(name).isTrue();
            assertThat(db.count(name)).as(name).isEqualTo(t.path("loaded").asLong());
            dev.drover.engine.report.TableReport wizard = report.tables().stream().filter(w -> w.table().equals(name))
                    .findFirst().orElseThrow();
            assertThat(t.path("loaded").asLong()).as(name).isEqualTo(wizard.loaded());
            assertThat(t.path("rejected").asLong()).as(name).isEqualTo(wizard.rejected());
        }
        assertThat(db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'total'")).containsExactly(java.util.List.of("numeric(12,2)"));
        assertThat(db.count("goods")).isPositive(); // the rename made on the Tables page
    }

    /** Scrolls the page as a user would, so that the node is on screen. */
    private static void reveal(FxRobot robot, String query) {
        robot.interact(() -> {
            ScrollPane scroll = robot.lookup(".page-scroll").queryAs(ScrollPane.class);
            Node content = scroll.getContent();
            Node n = robot.lookup(query).query();
            double y = content.sceneToLocal(n.localToScene(n.getBoundsInLocal())).getMaxY();
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            if (room > 0) scroll.setVvalue(Math.min(1, Math.max(0, (y - scroll.getViewportBounds().getHeight() + 20) / room)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Picks a table in the rejected-row browser, as a user does, and waits for its rows. */
    private static void showRejects(FxRobot robot, javafx.scene.control.ComboBox<String> picker,
                                    TableView<dev.drover.engine.rejects.StoredReject> rejects, String table) throws Exception {
        reveal(robot, "#rejects-table");
        robot.clickOn("#rejects-table");
        robot.clickOn(org.testfx.matcher.control.LabeledMatchers.hasText(table));
        waitFor(10, () -> table.equals(picker.getValue()) && !rejects.getItems().isEmpty()
                && rejects.getItems().get(0).columns().equals(rejects.getItems().get(0).columns())
                && robot.lookup("#rejects-page").queryAs(Label.class).getText().startsWith("rows 1–"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static long rejected(dev.drover.engine.report.RunReport r, String table) {
        return r.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow().rejected();
    }

    /** Edits a table's target name as a user does: the cell's editor, the new name, Enter. */
    private static void renameTo(FxRobot robot, TableView<TablesModel.Row> tables, String table, String name) {
        robot.interact(() -> {
            int i = tables.getItems().indexOf(row(tables, table));
            tables.edit(i, tables.getColumns().stream().filter(c -> c.getText().equals("Target name")).findFirst().orElseThrow());
        });
        robot.clickOn(robot.lookup("#tables .text-field").queryAs(javafx.scene.control.TextField.class));
        robot.push(KeyCode.CONTROL, KeyCode.A).write(name).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static TablesModel.Row row(TableView<TablesModel.Row> t, String name) {
        return t.getItems().stream().filter(r -> r.table().equals(name)).findFirst().orElseThrow();
    }

    private static CastRulesModel.GridRow gridRow(TableView<CastRulesModel.GridRow> t, String table, String column) {
        return t.getItems().stream().filter(r -> r.key().table().equals(table) && r.key().column().equals(column))
                .findFirst().orElseThrow();
    }

    private void shot(String step) throws Exception {
        int[] size = Screenshots.write(window.scene(), String.format("%02d-%s", ++shots, step));
        assertThat(size).containsExactly(TestWizards.WIDTH, TestWizards.HEIGHT);
    }
}
