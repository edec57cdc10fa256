package dev.drover.app;

import dev.drover.app.model.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the wizard works with beyond its pages: Drover's home folder ({@code ~/.drover}, or the {@code drover.home}
 * system property), the environment passwords come from, the embedded PostgreSQL service, the remembered settings
 * and the background executor. Tests build one with their own home and server.
 */
public final class WizardContext implements AutoCloseable {
    private final Path home;
    private final Map<String, String> env;
    private final EmbeddedPostgres embedded;
    private final UiSettings settings;
    private final Background background = new Background();

    public WizardContext(Path home, Map<String, String> env, EmbeddedPostgres embedded) {
        this.home = home.toAbsolutePath().normalize();
        this.env = env;
        this.embedded = embedded;
        this.settings = UiSettings.load(this.home.resolve("ui.properties"));
    }

    /** The user's context: {@code ~/.drover} (or {@code -Ddrover.home=...}), the process environment, the real embedded PostgreSQL. */
    public static WizardContext forUser() {
        Path home = defaultHome();
        return new WizardContext(home, System.getenv(), EmbeddedPostgres.inHome(home));
    }

    public static Path defaultHome() {
        String h = System.getProperty("drover.home");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".drover");
    }

    public Path home() { return home; }
    public Map<String, String> env() { return env; }
    public EmbeddedPostgres embedded() { return embedded; }
    public UiSettings settings() { return settings; }
    public Background background() { return background; }

    /** Saves the settings, stops background work and the embedded PostgreSQL (its data stays). */
    @Override
    public void close() {
        settings.save();
        background.close();
        embedded.close();
    }
}
