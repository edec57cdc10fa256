package dev.drover.engine.cast;

import java.math.BigDecimal;

/** Printing source values for PostgreSQL and for error messages, shared by the transforms. */
final class Values {
    private Values() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int SHOWN = 60;

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * A double as its shortest round-trip decimal, in plain notation when Java would use an exponent
     * ({@code 1.0E10} → {@code 10000000000}), so text columns receive what a person would write.
     */
    static String plain(double d) {
        String s = Double.toString(d);
        if (s.indexOf('E') < 0 || Double.isNaN(d) || Double.isInfinite(d)) return s;
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A value quoted for a message, cut to a readable length: {@code 'abc'}, {@code x'00ff'}, {@code 12}. */
    static String show(Object v) {
        if (v == null) return "NULL";
        if (v instanceof byte[] b) {
            String h = hex(b);
            return "x'" + (h.length() > SHOWN ? h.substring(0, SHOWN) + "…" : h) + "' (" + b.length + " bytes)";
        }
        String s = v instanceof Double d ? plain(d) : v.toString();
        if (s.length() > SHOWN) s = s.substring(0, SHOWN) + "…";
        return v instanceof CharSequence ? "'" + s + "'" : s;
    }

    static Transform.TransformException error(Object value, String problem) {
        return new Transform.TransformException("value " + show(value) + " " + problem);
    }
}
