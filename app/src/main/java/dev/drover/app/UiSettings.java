package dev.drover.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the wizard remembers between starts, in {@code ~/.drover/ui.properties}: the window's size and place, and
 * the recently opened plans. A missing or damaged file gives the defaults; saving never throws (the wizard works
 * without it).
 */
public final class UiSettings {
    /** Plans kept in the recent list. */
    public static final int MAX_RECENT = 8;
    public static final double DEFAULT_WIDTH = 1100;
    public static final double DEFAULT_HEIGHT = 720;
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 560;

    private final Path file;
    private final Properties props = new Properties();

    private UiSettings(Path file) {
        this.file = file;
    }

    /** Reads {@code file}, or starts empty when it is missing or unreadable. */
    public static UiSettings load(Path file) {
        UiSettings s = new UiSettings(file);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                s.props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("drover: ignoring unreadable " + file + ": " + e.getMessage());
            }
        }
        return s;
    }

    /** Writes the settings; a failure is reported on standard error only. */
    public void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(w, "Drover wizard");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("drover: could not save " + file + ": " + e.getMessage());
        }
    }

    public double width() {
        return Math.max(MIN_WIDTH, number("window.width", DEFAULT_WIDTH));
    }

    public double height() {
        return Math.max(MIN_HEIGHT, number("window.height", DEFAULT_HEIGHT));
    }

    /** The window's last position, or NaN when unknown. */
    public double x() {
        return number("window.x", Double.NaN);
    }

    public double y() {
        return number("window.y", Double.NaN);
    }

    public boolean maximized() {
        return Boolean.parseBoolean(props.getProperty("window.maximized", "false"));
    }

    public void setWindow(double x, double y, double width, double height, boolean maximized) {
        props.setProperty("window.maximized", Boolean.toString(maximized));
        if (maximized) return; // keep the size to restore to
        props.setProperty("window.x", Long.toString(Math.round(x)));
        props.setProperty("window.y", Long.toString(Math.round(y)));
        props.setProperty("window.width", Long.toString(Math.round(width)));
        props.setProperty("window.height", Long.toString(Math.round(height)));
    }

    /** The recent plans, newest first. */
    public List<Path> recentPlans() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String p = props.getProperty("recent." + i);
            if (p != null && !p.isBlank()) out.add(Path.of(p));
        }
        return out;
    }

    /** Puts {@code plan} first in the recent list (once), dropping the oldest past {@value #MAX_RECENT}. */
    public void addRecentPlan(Path plan) {
        Path abs = plan.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(recentPlans());
        list.remove(abs);
        list.add(0, abs);
        setRecent(list);
    }

    public void removeRecentPlan(Path plan) {
        List<Path> list = new ArrayList<>(recentPlans());
        list.remove(plan.toAbsolutePath().normalize());
        setRecent(list);
    }

    private void setRecent(List<Path> list) {
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < list.size()) props.setProperty("recent." + i, list.get(i).toString());
            else props.remove("recent." + i);
        }
    }

    private double number(String key, double fallback) {
        try {
            String v = props.getProperty(key);
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
