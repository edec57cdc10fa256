package dev.drover.app;

import static dev.drover.app.TestWizards.text;
import static dev.drover.app.TestWizards.waitFor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.model.Draft;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import dev.drover.app.page.ReviewPage;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.sample.ShopSample;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Review page on its own, headless, over the sample shop and the tests' PostgreSQL. */
@ExtendWith({PostgresExtension.class, ApplicationExtension.class})
class ReviewPageTest {
    @TempDir Path dir;
    private final TestDatabase db;
    private Observable<Draft> draft;
    private OpenedSource source;
    private String sourceUrl;
    private ReviewPage page;
    private Scene scene;

    ReviewPageTest(TestDatabase db) {
        this.db = db;
    }

    @Start
    void start(Stage stage) throws Exception {
        Path shop = ShopSample.generate(dir.resolve("shop.db"), 1, ShopSample.DEFAULT_SEED);
        sourceUrl = "sqlite://" + shop.toAbsolutePath();
        var s = db.server();
        String target = "postgresql://" + s.user() + "@" + s.host() + ":" + s.port() + "/" + db.name();
        draft = new Observable<>(Draft.empty().withSource(sourceUrl).withTarget(target, "SHOP_PASSWORD"));
        source = OpenedSource.open(sourceUrl);
        page = new ReviewPage(draft, source);
        scene = PageScenes.show(stage, page);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        source.close();
    }

    @Test
    void saysWhichTablesTheTargetHasAlreadyBeforeTheRunWouldStopOnThem(FxRobot robot) throws Exception {
        db.execute("CREATE TABLE public.customers (id int)");
        try (Background background = new Background()) {
            robot.interact(() -> {
                page.showWatermarks(background, () -> db.server().password());
                page.enter();
            });
            waitFor(30, () -> robot.lookup("#review-existing").query().isVisible());
            assertThat(text(robot, "#review-existing")).contains("already: public.customers.")
                    .contains("Drop existing tables").doesNotContain("public.orders");
            // dropping existing tables is the way out: the warning goes
            robot.interact(() -> draft.set(draft.get().withIncludeDrop(true)));
            waitFor(30, () -> !robot.lookup("#review-existing").query().isVisible());
            robot.interact(() -> draft.set(draft.get().withIncludeDrop(false)));
            waitFor(30, () -> robot.lookup("#review-existing").query().isVisible());
        }
    }

    @Test
    void showsTheDdlSavesAPlanThatReadsBackAndGivesTheCommandWithoutThePassword(FxRobot robot) throws Exception {
        assertThat(text(robot, "#review-summary")).startsWith("4 tables").contains("into postgresql://");
        assertThat(robot.lookup("#review-problems").query().isVisible()).isFalse();
        assertThat(robot.lookup("#review-destructive-box").query().isVisible()).as("nothing destructive").isFalse();
        CodeArea ddl = robot.lookup("#review-ddl").queryAs(CodeArea.class);
        assertThat(ddl.isEditable()).isFalse();
        assertThat(ddl.getText()).contains("CREATE TABLE").contains("order_lines").contains("FOREIGN KEY");
        assertThat(text(robot, "#review-yaml")).contains("password_env: SHOP_PASSWORD");
        assertThat(text(robot, "#review-command")).as("nothing to run before it is saved").isEmpty();
        Screenshots.write(scene, "07-review");

        Path file = dir.resolve("plans/shop.yaml");
        page.chooseFileWith(owner -> file.toFile());
        fire(robot, "#review-save");
        assertThat(text(robot, "#review-saved")).isEqualTo("✔ Saved to " + file.toAbsolutePath());
        Plan plan = PlanYaml.read(file);
        assertThat(plan.database().source()).isEqualTo(sourceUrl);
        String yaml = Files.readString(file);
        assertThat(yaml).isEqualTo(text(robot, "#review-yaml")).doesNotContain("password:");

        String command = text(robot, "#review-command");
        // exactly this, so no password rides along (the test server may run without one: checked too when it has one)
        assertThat(command).isEqualTo("drover run " + file.toAbsolutePath());
        String password = db.server().password();
        if (password != null && !password.isEmpty()) assertThat(yaml + command).doesNotContain(password);
        fire(robot, "#review-copy");
        assertThat(WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get(10, TimeUnit.SECONDS))
                .isEqualTo(command);
        assertThat(text(robot, "#review-password-note")).contains("SHOP_PASSWORD");
    }

    @Test
    void destructiveActionsAreListedAndNeedTypedConfirmation(FxRobot robot) throws Exception {
        robot.interact(() -> draft.set(draft.get().withIncludeDrop(true)));
        assertThat(robot.lookup("#review-destructive-box").query().isVisible()).isTrue();
        assertThat(robot.lookup("#review-destructive").queryAs(javafx.scene.layout.VBox.class).getChildren())
                .singleElement().extracting(n -> ((Label) n).getText()).asString().contains("drops these tables")
                .contains("public.customers");
        assertThat(leave()).isFalse();
        assertThat(robot.lookup("#review-confirm").query().isFocused()).isTrue();
        assertThat(text(robot, "#review-confirm-message")).contains("type public or drop");

        robot.write("publi");
        assertThat(leave()).isFalse();
        robot.write("c");
        assertThat(robot.lookup("#review-confirm-message").query().isVisible()).as("confirmed as typed").isFalse();
        assertThat(leave()).isTrue();
    }

    @Test
    void aDraftThatCannotRunSaysWhyAndDoesNotLeave(FxRobot robot) throws Exception {
        robot.interact(() -> draft.set(draft.get().withTarget(null, null)));
        assertThat(robot.lookup("#review-problems").query().isVisible()).isTrue();
        assertThat(text(robot, "#review-problems")).contains("choose a PostgreSQL target");
        assertThat(text(robot, "#review-yaml")).startsWith("# not a plan yet");
        assertThat(leave()).isFalse();
        Path file = dir.resolve("never.yaml");
        page.chooseFileWith(owner -> file.toFile());
        fire(robot, "#review-save");
        assertThat(text(robot, "#review-saved")).startsWith("✖ Not saved");
        assertThat(file).doesNotExist();
    }

    @Test
    void followsTheSourceOpenedWhenItIsShown(FxRobot robot) {
        java.util.concurrent.atomic.AtomicReference<OpenedSource> now = new java.util.concurrent.atomic.AtomicReference<>();
        ReviewPage other = new ReviewPage(draft, () -> java.util.Optional.ofNullable(now.get()));
        robot.interact(other::view);
        assertThat(other.model()).as("no source opened yet").isEmpty();
        assertThat(other.leave()).isFalse();
        now.set(source);
        robot.interact(other::enter);
        assertThat(other.model()).get().extracting(m -> m.summary().get().tables()).isEqualTo(4);
        int listeners = draft.listenerCount();
        robot.interact(other::close);
        assertThat(draft.listenerCount()).as("closing detaches the page and its model").isLessThan(listeners);
    }

    @Test
    void watermarksThatCannotBeReadSaySoAndTheReviewStillLeaves(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#review-watermarks").query().isVisible()).as("no incremental table").isFalse();
        try (Background background = new Background()) {
            page.showWatermarks(background, () -> null);
            // nothing listens on port 1: the read fails in the background, and says so where the watermarks would be
            robot.interact(() -> draft.set(draft.get().withTarget("postgresql://nobody@127.0.0.1:1/none", null)
                    .withIncremental("products", new dev.drover.engine.plan.DatabaseSpec.Incremental(java.util.List.of("id"), null, null),
                            java.util.List.of("customers", "products", "orders", "order_lines"))));
            assertThat(robot.lookup("#review-watermarks").query().isVisible()).isTrue();
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                    () -> text(robot, "#review-watermarks-status").startsWith("✖ Cannot read the watermarks from the target: ")).get());
            assertThat(robot.lookup("#watermark-products").tryQuery()).isEmpty();
            assertThat(leave()).as("the run reads them itself").isTrue();
        }
    }

    private boolean leave() throws Exception {
        return WaitForAsyncUtils.asyncFx(page::leave).get(10, TimeUnit.SECONDS);
    }

    /** Buttons below the fold of the 800-pixel window: fired as a click would. */
    private static void fire(FxRobot robot, String query) {
        ButtonBase b = robot.lookup(query).queryAs(ButtonBase.class);
        robot.interact(b::fire);
    }
}
