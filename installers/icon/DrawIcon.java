import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws Drover's application icon: rows (three bars) driven by an arrow into a database cylinder, on a rounded
 * blue square, 256 px. Regenerate the committed files with
 * <pre>
 * java -Djava.awt.headless=true installers/icon/DrawIcon.java app/src/main/resources/dev/drover/app/drover.png
 * java -Djava.awt.headless=true installers/icon/DrawIcon.java installers/icon/drover.ico     (Windows)
 * java -Djava.awt.headless=true installers/icon/DrawIcon.java installers/icon/drover.icns    (macOS)
 * </pre>
 * The .ico and .icns hold the same PNG (both formats accept an embedded PNG: ICO since Windows Vista, ICNS as
 * type {@code ic08}, 256x256).
 */
public class DrawIcon {
    public static void main(String[] args) throws Exception {
        int size = 256;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);

        // background: rounded square, PostgreSQL-like blue, lighter at the top
        g.setPaint(new GradientPaint(0, 0, new Color(0x4A86C5), 0, size, new Color(0x23517F)));
        g.fill(new RoundRectangle2D.Double(8, 8, size - 16, size - 16, 56, 56));

        // rows on the left: three bars, the source data
        g.setColor(new Color(255, 255, 255, 230));
        for (int i = 0; i < 3; i++) {
            g.fill(new RoundRectangle2D.Double(30, 78 + i * 36, 62, 20, 10, 10));
        }

        // the arrow that drives them
        g.setColor(new Color(0xFFC857));
        Path2D arrow = new Path2D.Double();
        arrow.moveTo(100, 114);
        arrow.lineTo(126, 114);
        arrow.lineTo(126, 96);
        arrow.lineTo(152, 124);
        arrow.lineTo(126, 152);
        arrow.lineTo(126, 134);
        arrow.lineTo(100, 134);
        arrow.closePath();
        g.fill(arrow);

        // the database: a cylinder on the right
        double x = 158, w = 72, top = 66, h = 120, eh = 24;
        Color body = new Color(0xF4F7FB);
        Color edge = new Color(0x1B3D60);
        g.setColor(body);
        g.fill(new Rectangle2D.Double(x, top + eh / 2, w, h));
        g.fill(new Ellipse2D.Double(x, top + h, w, eh));
        g.setColor(new Color(0xDCE6F2));
        g.fill(new Ellipse2D.Double(x, top, w, eh));
        g.setStroke(new BasicStroke(4f));
        g.setColor(edge);
        g.draw(new Ellipse2D.Double(x, top, w, eh));
        g.draw(new java.awt.geom.Arc2D.Double(x, top + h / 3, w, eh, 180, 180, java.awt.geom.Arc2D.OPEN));
        g.draw(new java.awt.geom.Arc2D.Double(x, top + 2 * h / 3, w, eh, 180, 180, java.awt.geom.Arc2D.OPEN));
        g.draw(new java.awt.geom.Arc2D.Double(x, top + h, w, eh, 180, 180, java.awt.geom.Arc2D.OPEN));
        g.draw(new java.awt.geom.Line2D.Double(x, top + eh / 2, x, top + h + eh / 2));
        g.draw(new java.awt.geom.Line2D.Double(x + w, top + eh / 2, x + w, top + h + eh / 2));
        g.dispose();

        File out = new File(args.length > 0 ? args[0] : "drover.png");
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        byte[] p = png.toByteArray();
        java.nio.ByteBuffer b;
        if (out.getName().endsWith(".ico")) {
            // ICONDIR (reserved, type 1 = icon, 1 image), one ICONDIRENTRY (0 = 256 px), then the PNG
            b = java.nio.ByteBuffer.allocate(22 + p.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 0).putShort((short) 1).putShort((short) 1);
            b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            b.putInt(p.length).putInt(22).put(p);
        } else if (out.getName().endsWith(".icns")) {
            // "icns", total length, then one element: type ic08 (256x256 PNG), its length with the header
            b = java.nio.ByteBuffer.allocate(16 + p.length).order(java.nio.ByteOrder.BIG_ENDIAN);
            b.put("icns".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16 + p.length);
            b.put("ic08".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(8 + p.length).put(p);
        } else {
            b = java.nio.ByteBuffer.wrap(p);
        }
        java.nio.file.Files.write(out.toPath(), b.array());
        System.out.println("wrote " + out);
    }
}
