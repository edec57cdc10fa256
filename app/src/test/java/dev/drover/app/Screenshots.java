package dev.drover.app;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes what the window shows as a PNG, headless: {@code Scene.snapshot} on the FX thread, its pixels into an AWT
 * image, {@code ImageIO} to the file (no javafx-swing, no screen capture, which Monocle cannot do).
 */
final class Screenshots {
    /** {@code app/target/screenshots}: every test run writes here, so a plain {@code mvn test} leaves the tree clean. */
    static final Path DIR = Path.of("target", "screenshots");
    /**
     * The committed copies the README shows, written only when asked:
     * {@code mvn -pl app -am verify -Ddrover.screenshots=update}.
     */
    static final Path COMMITTED = Path.of("..", "screenshots");

    private Screenshots() {}

    /** Writes {@code DIR/name.png} and returns the image's width and height. */
    static int[] write(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        Path file = DIR.resolve(name + ".png");
        Files.createDirectories(DIR);
        ImageIO.write(out, "png", file.toFile());
        if ("update".equals(System.getProperty("drover.screenshots"))) {
            Files.createDirectories(COMMITTED);
            Files.copy(file, COMMITTED.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new int[] {w, h};
    }
}
