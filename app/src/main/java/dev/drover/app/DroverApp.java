package dev.drover.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The wizard application: the {@link WizardWindow} in AtlantaFX's PrimerLight theme, with the user's context
 * ({@code ~/.drover}). Start it through {@link Launcher}. Closing the window stops the embedded PostgreSQL, if it
 * was started (its data stays).
 */
public final class DroverApp extends Application {
    /** Printed on standard output once the window is showing, in {@code --smoke} mode. */
    static final String READY_MARKER = "DROVER-WIZARD-READY";

    private WizardContext context;

    @Override
    public void start(Stage stage) {
        WizardWindow.applyTheme();
        context = WizardContext.forUser();
        WizardWindow window = new WizardWindow(context);
        window.openFoldersWith(folder -> getHostServices().showDocument(folder.toUri().toString()));
        window.show(stage);

        if (getParameters().getRaw().contains(Launcher.SMOKE_MIGRATE)) {
            // The newcomer's path without the clicks: the sample shop into the wizard's embedded PostgreSQL, run by the
            // wizard's own run model, then exit 0 (rows loaded, rejects allowed) or 1.
            Thread t = new Thread(() -> {
                Launcher.exitAfterFx(smokeMigrate(context));
                Platform.runLater(Platform::exit);
            }, "smoke-migrate");
            t.setDaemon(true);
            t.start();
        } else if (getParameters().getRaw().contains(Launcher.SMOKE)) {
            // Let the first pulse lay out and render the window before declaring it ready.
            Platform.runLater(() -> {
                System.out.println("Drover wizard, engine " + engineVersion() + ", Java " + System.getProperty("java.version")
                        + ", page " + window.currentPage().title());
                System.out.println(READY_MARKER);
                System.out.flush();
                Platform.exit();
            });
        }
    }

    /** Printed once the sample shop is migrated, in {@code --smoke-migrate} mode. */
    static final String MIGRATED_MARKER = "DROVER-SAMPLE-MIGRATED";

    private static int smokeMigrate(WizardContext context) {
        try {
            java.nio.file.Path sample = context.home().resolve(dev.drover.app.model.SourceModel.SAMPLE_PATH);
            if (!java.nio.file.Files.isRegularFile(sample)) {
                dev.drover.engine.sample.ShopSample.generate(sample, dev.drover.engine.sample.ShopSample.DEFAULT_SCALE,
                        dev.drover.engine.sample.ShopSample.DEFAULT_SEED);
            }
            dev.drover.engine.embedded.EmbeddedPostgres.Server server = context.embedded().start();
            dev.drover.engine.plan.Plan plan = new dev.drover.engine.plan.Plan(dev.drover.engine.plan.Plan.CURRENT_VERSION,
                    new dev.drover.engine.plan.TargetSpec(server.url(), null), dev.drover.engine.plan.LoadOptions.defaults(), java.util.List.of(),
                    new dev.drover.engine.plan.DatabaseSpec("sqlite://" + sample.toAbsolutePath(), "smoke_sample", true, java.util.List.of()));
            dev.drover.app.model.RunModel run = new dev.drover.app.model.RunModel(plan, server.password(), context.home(),
                    new dev.drover.app.model.RunProgress());
            run.start();
            if (!run.await(5, java.util.concurrent.TimeUnit.MINUTES)) {
                System.err.println("drover wizard: the sample migration did not finish in 5 minutes");
                return 1;
            }
            dev.drover.engine.report.RunReport r = run.report().orElseThrow();
            long loaded = r.tables().stream().mapToLong(dev.drover.engine.report.TableReport::loaded).sum();
            long rejected = r.tables().stream().mapToLong(dev.drover.engine.report.TableReport::rejected).sum();
            System.out.println("sample shop into " + server.url() + ": " + r.outcome() + ", " + r.tables().size() + " tables, "
                    + loaded + " rows loaded, " + rejected + " rejected");
            boolean ok = (r.outcome() == dev.drover.engine.report.Outcome.SUCCESS
                    || r.outcome() == dev.drover.engine.report.Outcome.COMPLETED_WITH_REJECTS) && loaded > 0;
            if (ok) System.out.println(MIGRATED_MARKER);
            System.out.flush();
            return ok ? 0 : 1;
        } catch (Exception e) {
            System.err.println("drover wizard: the sample migration failed: " + e);
            return 1;
        }
    }

    @Override
    public void stop() {
        if (context != null) context.close();
    }

    /** The engine's version, from {@code /dev/drover/engine/version.properties} in the engine jar. */
    static String engineVersion() {
        try (InputStream in = DroverApp.class.getResourceAsStream("/dev/drover/engine/version.properties")) {
            if (in == null) return "(engine version unknown)";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(engine version unknown)");
        } catch (IOException e) {
            return "(engine version unknown)";
        }
    }
}
