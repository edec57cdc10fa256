package dev.drover.engine.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as written in plans and options: {@code 65536}, {@code 64kB}, {@code 20 MB}, {@code 1GB} (binary multiples). */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|kB|KB|MB|GB|TB)?");

    private ByteSize() {}

    /** @throws IllegalArgumentException for anything else */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size (write 65536, 64kB, 20MB or 1GB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        int shift = switch (unit) {
            case "kB", "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) throw new IllegalArgumentException("'" + text + "' is too large");
        return n << shift;
    }

    /** The shortest exact form: {@code 20MB}, {@code 64kB}, or plain bytes. */
    public static String format(long bytes) {
        String[] units = {"TB", "GB", "MB", "kB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) return (bytes / unit) + units[i];
        }
        return Long.toString(bytes);
    }

    /** Human display with one decimal: {@code 97.1 MB}; empty for 0. */
    public static String human(long bytes) {
        if (bytes <= 0) return "";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes / 1024.0;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
