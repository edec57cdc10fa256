package dev.drover.app.model;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URL parts, as the engine's locators decode them. */
final class Urls {
    private Urls() {}

    /** Everything but unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) percent-encoded as UTF-8. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Percent-decoding ({@code +} stays a plus). */
    static String decode(String s) {
        if (s == null || s.indexOf('%') < 0) return s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            int hi = i + 2 < b.length ? Character.digit(b[i + 1], 16) : -1;
            int lo = i + 2 < b.length ? Character.digit(b[i + 2], 16) : -1;
            if (b[i] == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
