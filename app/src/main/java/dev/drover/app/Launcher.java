package dev.drover.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.application.Application;

/**
 * Main class of the wizard. It does not extend {@link Application}, so the JavaFX jars can sit on
 * the plain class path. {@code --smoke} builds the window, prints {@code DROVER-WIZARD-READY} and
 * exits 0; CI runs it under {@code xvfb-run}.
 */
public final class Launcher {
    static final String SMOKE = "--smoke";
    /**
     * Clicks through the wizard with the FX robot, the sample shop into the embedded PostgreSQL, then exits (installer
     * smoke test; see {@link SmokeWalk}).
     */
    static final String SMOKE_MIGRATE = "--smoke-migrate";
    /** With {@code --smoke-migrate}: the file the Review page's "Save plan…" writes. */
    static final String SAVE_PLAN = "--save-plan";
    private static volatile int exitCode;
    /** A smoke run that has not finished by then has hung; fail it instead of waiting for ever. */
    private static final long SMOKE_TIMEOUT_MS = 300_000;

    private Launcher() {}

    public static void main(String[] args) {
        // Maven passes an empty argument when no extra arguments are given.
        String[] rest = Arrays.stream(args).filter(a -> !a.isBlank()).toArray(String[]::new);
        boolean smoke = Arrays.asList(rest).contains(SMOKE) || Arrays.asList(rest).contains(SMOKE_MIGRATE);

        if (Arrays.asList(rest).contains(SAVE_PLAN) && savePlan(Arrays.asList(rest)).isEmpty()) {
            fail(SAVE_PLAN + " needs a file name");
        }
        if (isLinux() && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            fail("no graphical display: DISPLAY is not set. Start the wizard from a desktop session, "
                    + "or under a virtual display (xvfb-run -a ...). The command line needs no display: "
                    + "drover --help (installed), or java -jar engine/target/drover.jar --help (from a build)");
        }
        if (smoke) {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(SMOKE_TIMEOUT_MS);
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("drover wizard: the smoke test did not finish in " + SMOKE_TIMEOUT_MS / 1000 + " s");
                Runtime.getRuntime().halt(2);
            }, "smoke-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        try {
            Application.launch(DroverApp.class, rest);
        } catch (RuntimeException | Error e) {
            String msg = String.valueOf(e.getMessage());
            String hint = msg.contains("GTK") ? " Install GTK 3 (Debian: apt-get install libgtk-3-0)." : "";
            fail("could not start JavaFX: " + e + hint);
        }
        System.exit(exitCode);
    }

    /** The file after {@code --save-plan}, if given. */
    static Optional<Path> savePlan(List<String> args) {
        int i = args.indexOf(SAVE_PLAN);
        return i < 0 || i + 1 >= args.size() || args.get(i + 1).startsWith("--") ? Optional.empty() : Optional.of(Path.of(args.get(i + 1)));
    }

    /** The exit code once JavaFX has ended ({@code --smoke-migrate}'s verdict). */
    static void exitAfterFx(int code) {
        exitCode = code;
    }

    private static void fail(String message) {
        System.err.println("drover wizard: " + message);
        System.exit(1);
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
