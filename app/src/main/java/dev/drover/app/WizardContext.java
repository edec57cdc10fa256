package dev.drover.app;

import dev.drover.app.model.Draft;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.app.model.Observable;
import dev.drover.app.model.OpenedSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * What the wizard works with beyond its pages: Drover's home folder ({@code ~/.drover}, or the {@code drover.home}
 * system property), the environment passwords come from, the embedded PostgreSQL service, the remembered settings,
 * the background executor, the {@link Draft} every page edits and the source database the later pages read. Tests
 * build one with their own home and server.
 */
public final class WizardContext implements AutoCloseable {
    private final Path home;
    private final Map<String, String> env;
    private final EmbeddedPostgres embedded;
    private final UiSettings settings;
    private final Background background = new Background();
    private final Observable<Draft> draft = new Observable<>(Draft.empty());
    private final Observable<OpenedSource> opened = new Observable<>(null);
    private final Observable<String> openProblem = new Observable<>(null);
    private final Observable<dev.drover.app.model.RunModel> run = new Observable<>(null);

    public WizardContext(Path home, Map<String, String> env, EmbeddedPostgres embedded) {
        this.home = home.toAbsolutePath().normalize();
        this.env = env;
        this.embedded = embedded;
        this.settings = UiSettings.load(this.home.resolve("ui.properties"));
    }

    /** The user's context: {@code ~/.drover} (or {@code -Ddrover.home=...}, or {@code DROVER_HOME}), the process environment, the real embedded PostgreSQL. */
    public static WizardContext forUser() {
        Path home = defaultHome();
        return new WizardContext(home, System.getenv(), EmbeddedPostgres.inHome(home));
    }

    /** The same home as the {@code drover} command's, so that both use one embedded PostgreSQL. */
    public static Path defaultHome() {
        return EmbeddedPostgres.home(System.getenv());
    }

    public Path home() { return home; }
    public Map<String, String> env() { return env; }
    public EmbeddedPostgres embedded() { return embedded; }
    public UiSettings settings() { return settings; }
    public Background background() { return background; }

    /** The migration being built: {@link Draft#empty()} for a new one, the opened plan's otherwise. FX thread only. */
    public Observable<Draft> draft() { return draft; }

    /**
     * The source database chosen on the Source page, opened with its catalog read; null while none is chosen or while
     * it is being opened. FX thread only.
     */
    public Observable<OpenedSource> openedSource() { return opened; }

    /** Why the source could not be opened (shown by the pages that need it), or null. */
    public Observable<String> openProblem() { return openProblem; }

    /** The last run started on the Run page (the Results page shows it), or null. FX thread only. */
    public Observable<dev.drover.app.model.RunModel> run() { return run; }

    /** Replaces the opened source, closing the one before (a different source was chosen, or none). */
    public void setOpenedSource(OpenedSource s) {
        OpenedSource before = opened.get();
        if (before == s) return;
        opened.set(s);
        closeQuietly(before);
    }

    static void closeQuietly(OpenedSource s) {
        if (s == null) return;
        try {
            s.close();
        } catch (SQLException | RuntimeException e) {
            // closing a source we are done with: nothing to tell the user
        }
    }

    /** Saves the settings, stops background work, closes the source and stops the embedded PostgreSQL (its data stays). */
    @Override
    public void close() {
        settings.save();
        dev.drover.app.model.RunModel r = run.get();
        if (r != null && r.running()) {
            r.cancel(); // committed batches stay; the engine rolls back the ones in flight before its connections close
            try {
                r.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        background.close();
        closeQuietly(opened.get());
        embedded.close();
    }
}
