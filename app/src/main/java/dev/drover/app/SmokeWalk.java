package dev.drover.app;

import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;

/**
 * {@code Drover --smoke-migrate}: the installed wizard clicked through by the FX {@link Robot}, with real OS mouse and
 * keyboard events, as a newcomer would: New migration, the sample shop, the embedded PostgreSQL, Next through every
 * page ("Drop existing tables" ticked, confirmed by typing "drop" on Review), optionally "Save plan…", "Run
 * migration", to Results. Proves the packaged app works page by page, not only its
 * models. Each step prints {@code smoke: ...}, so a failure in CI shows how far it got; a failure names the step and
 * what the page showed.
 *
 * <p>The walk runs on its own thread and only waits by polling the FX thread, never by sleeping for a guessed time.
 */
final class SmokeWalk {
    /** Printed once the sample shop is migrated. */
    static final String MIGRATED_MARKER = "DROVER-SAMPLE-MIGRATED";
    /** Under the launcher's 300 s watchdog, so a hang ends with this walk's message naming the step. */
    private static final long DEADLINE_MS = 270_000;
    private static final long POLL_MS = 100;

    private final WizardWindow window;
    private final WizardContext context;
    private final Path savePlan;
    private final long deadline = System.currentTimeMillis() + DEADLINE_MS;
    private Robot robot;
    private String step = "the window";

    private SmokeWalk(WizardWindow window, WizardContext context, Path savePlan) {
        this.window = window;
        this.context = context;
        this.savePlan = savePlan;
    }

    /** Starts the walk beside the FX thread; its verdict: 0 migrated, 1 not (said on standard error). */
    static CompletableFuture<Integer> start(WizardWindow window, WizardContext context, Optional<Path> savePlan) {
        SmokeWalk walk = new SmokeWalk(window, context, savePlan.map(p -> p.toAbsolutePath().normalize()).orElse(null));
        CompletableFuture<Integer> verdict = new CompletableFuture<>();
        Thread t = new Thread(() -> verdict.complete(walk.run()), "smoke-walk");
        t.setDaemon(true);
        t.start();
        return verdict;
    }

    private int run() {
        try {
            robot = fx(Robot::new);
            walk();
            return 0;
        } catch (Exception e) {
            String why = e instanceof WalkFailure ? e.getMessage() : e.toString();
            System.err.println("drover wizard: --smoke-migrate failed at " + step + ": " + why + "\n  on screen: " + onScreen());
            return 1;
        } finally {
            System.out.flush();
        }
    }

    private void walk() throws Exception {
        page("Start");
        click("new-migration");

        page("Source");
        click("source-kind-sqlite");
        click("use-sample");
        waitUntil("the sample shop written and chosen", () -> window.sourceModel().sqliteFile().isPresent());
        click("next");

        page("Target");
        click("target-embedded");
        // the first start unpacks PostgreSQL and creates its data; a failure shows under the card
        waitUntil("the embedded PostgreSQL started and checked", () -> {
            if (text("embedded-status").startsWith("✖")) throw new WalkFailure(text("embedded-status"));
            return !text("target-version").isEmpty();
        });
        String url = fx(() -> text("embedded-url"));
        progress("embedded PostgreSQL at " + url + ", " + fx(() -> text("target-version")));
        click("next");

        page("Tables");
        waitUntil("the sample's 4 tables listed", () -> ((TableView<?>) node("tables")).getItems().size() == 4);
        click("next");

        page("Cast rules");
        waitUntil("the cast grid filled", () -> !((TableView<?>) node("cast-grid")).getItems().isEmpty());
        click("next");

        page("Options");
        // the server keeps its data between starts: a second walk finds last walk's tables, which stop a run
        if (!fx(() -> ((CheckBox) node("option-include-drop")).isSelected())) click("option-include-drop");
        waitUntil("\"Drop existing tables\" ticked", () -> ((CheckBox) node("option-include-drop")).isSelected());
        click("next");

        page("Review");
        waitUntil("the plan reviewed", () -> window.reviewPage().model().isPresent());
        if (savePlan != null) savePlan();
        if (!fx(() -> window.reviewPage().confirmed())) {
            progress("confirming the drops");
            click("review-confirm");
            type("drop");
            waitUntil("\"drop\" typed", () -> window.reviewPage().confirmed());
        }
        clickText("Run migration");

        page("Run");
        waitUntil("the run ended", () -> node("run-outcome").isVisible());
        progress(fx(() -> text("run-outcome")));
        clickText("Results");

        page("Results");
        waitUntil("the results headline", () -> !text("results-headline").isEmpty());
        report(url);
    }

    private void savePlan() throws Exception {
        step = "Review, Save plan…";
        // what the FileChooser would answer: the hook the tests use, then the real button
        fx(() -> {
            window.reviewPage().chooseFileWith(owner -> savePlan.toFile());
            return null;
        });
        click("review-save");
        waitUntil("the plan saved to " + savePlan, () -> window.reviewPage().savedTo().filter(savePlan::equals).isPresent());
        progress("plan saved to " + savePlan);
    }

    /** The summary line and the marker; a run that loaded nothing, or failed, is no success. */
    private void report(String url) throws Exception {
        RunReport r = fx(() -> context.run().get().report().orElseThrow(() -> new WalkFailure("the run has no report")));
        long loaded = r.tables().stream().mapToLong(TableReport::loaded).sum();
        long rejected = r.tables().stream().mapToLong(TableReport::rejected).sum();
        System.out.println("sample shop into " + url + ": " + r.outcome() + ", " + r.tables().size() + " tables, "
                + loaded + " rows loaded, " + rejected + " rejected");
        // the sample plants rows PostgreSQL refuses: completed with rejects is the expected end
        if (r.outcome() != Outcome.SUCCESS && r.outcome() != Outcome.COMPLETED_WITH_REJECTS || loaded == 0) {
            throw new WalkFailure("the run ended " + r.outcome() + " with " + loaded + " rows loaded");
        }
        System.out.println(MIGRATED_MARKER);
    }

    // ---- the robot's helpers

    /** Waits for the page with this title, and says so. */
    private void page(String title) throws Exception {
        step = "page " + title;
        waitUntil("the " + title + " page", () -> title.equals(text("page-title")));
        progress("page " + title);
    }

    private static void progress(String line) {
        System.out.println("smoke: " + line);
        System.out.flush();
    }

    private void click(String id) throws Exception {
        click("#" + id, () -> node(id));
    }

    /** Clicks the button showing this text (its mnemonic's underscore aside), as the user reads it. */
    private void clickText(String text) throws Exception {
        click("\"" + text + "\"", () -> button(text));
    }

    /** Waits until the node shows, enabled and scrolled into view, then moves the mouse to its centre and clicks. */
    private void click(String what, Supplier<Node> find) throws Exception {
        Point2D[] centre = new Point2D[1];
        String[] state = {"not found"};
        waitUntil(what + " visible, enabled and on screen", () -> {
            Node n = find.get();
            state[0] = n == null ? "not found" : !shown(n) ? "hidden" : n.isDisabled() ? "disabled" : "off screen";
            if (n == null || !shown(n) || n.isDisabled()) return false;
            centre[0] = reachable(n);
            if (centre[0] == null) state[0] = "off screen at " + n.localToScreen(n.getBoundsInLocal());
            return centre[0] != null;
        }, () -> state[0]);
        fx(() -> {
            robot.mouseMove(centre[0]);
            robot.mouseClick(MouseButton.PRIMARY);
            return null;
        });
    }

    /** Types letters into the focused field with the keyboard. */
    private void type(String letters) throws Exception {
        for (char c : letters.toCharArray()) {
            KeyCode key = KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c)));
            fx(() -> {
                robot.keyType(key);
                return null;
            });
        }
    }

    /** The node with this id in the window's scene, or null. */
    private Node node(String id) {
        return window.scene().lookup("#" + id);
    }

    private String text(String id) {
        Node n = node(id);
        String s = n instanceof Labeled l ? l.getText() : n instanceof TextInputControl t ? t.getText() : null;
        return s == null ? "" : s;
    }

    /** The showing button with this text, or null. */
    private Labeled button(String text) {
        List<Labeled> found = new ArrayList<>();
        collect(window.scene().getRoot(), n -> n instanceof ButtonBase b && text.equals(shownText(b)) && shown(b), found);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String shownText(Labeled l) {
        String s = l.getText();
        return s == null ? "" : l.isMnemonicParsing() ? s.replaceFirst("_", "") : s;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Node> void collect(Node n, Predicate<Node> keep, List<T> into) {
        if (keep.test(n)) into.add((T) n);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, keep, into);
    }

    /** Visible with every ancestor, in a showing window. */
    private static boolean shown(Node n) {
        if (n.getScene() == null || n.getScene().getWindow() == null || !n.getScene().getWindow().isShowing()) return false;
        for (Node a = n; a != null; a = a.getParent()) if (!a.isVisible()) return false;
        return true;
    }

    /**
     * The node's centre on the screen once the page's scroll pane shows it, else null after scrolling it towards the
     * node (a user would use the wheel; the tests scroll the same way). The next poll sees the new layout.
     */
    private static Point2D reachable(Node n) {
        Bounds b = n.localToScreen(n.getBoundsInLocal());
        if (b == null) return null;
        Point2D centre = new Point2D(b.getCenterX(), b.getCenterY());
        for (Parent a = n.getParent(); a != null; a = a.getParent()) {
            if (!(a instanceof ScrollPane scroll)) continue;
            Bounds view = scroll.localToScreen(scroll.getLayoutBounds());
            if (view == null) return null;
            if (!view.contains(centre)) {
                scrollTo(scroll, n);
                return null;
            }
        }
        Bounds window = n.getScene().getRoot().localToScreen(n.getScene().getRoot().getLayoutBounds());
        return window.contains(centre) ? centre : null;
    }

    private static void scrollTo(ScrollPane scroll, Node n) {
        Node content = scroll.getContent();
        Bounds b = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
        double view = scroll.getViewportBounds().getHeight();
        double room = content.getLayoutBounds().getHeight() - view;
        if (room <= 0) return;
        // the node's centre in the middle of the viewport
        scroll.setVvalue(Math.min(1, Math.max(0, (b.getCenterY() - view / 2) / room)));
    }

    /** Polls a condition on the FX thread until it holds; past the deadline, fails naming it. */
    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        waitUntil(what, condition, () -> "");
    }

    /** The same, saying why the last poll failed. */
    private void waitUntil(String what, Callable<Boolean> condition, Supplier<String> state) throws Exception {
        while (!fx(condition)) {
            if (System.currentTimeMillis() > deadline) {
                String why = state.get();
                throw new WalkFailure("gave up waiting for " + what + (why.isEmpty() ? "" : " (" + why + ")"));
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Runs on the FX thread and returns its result; an exception there is thrown here. */
    private <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new WalkFailure("the FX thread did not answer (busy or hung)");
        }
    }

    /** The page's title and the texts it shows, for the failure message. */
    private String onScreen() {
        try {
            CompletableFuture<String> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                List<Labeled> shown = new ArrayList<>();
                collect(window.scene().getRoot(), n -> n instanceof Labeled l && shown(l) && !shownText(l).isBlank(), shown);
                f.complete(String.join(" | ", shown.stream().map(SmokeWalk::shownText).toList()));
            });
            String s = f.get(5, TimeUnit.SECONDS);
            return s.length() > 1500 ? s.substring(0, 1500) + "…" : s;
        } catch (Exception e) {
            return "(the FX thread did not answer)";
        }
    }

    /** A step that did not happen, with what was awaited. */
    private static final class WalkFailure extends Exception {
        WalkFailure(String message) {
            super(message);
        }
    }
}
