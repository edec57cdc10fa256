package dev.drover.engine.source.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a text file's bytes are read, decided once from its first bytes and its declared encoding: a byte order mark
 * wins over the declaration, UTF-16 without one is big-endian, and only encodings in which a LF or CR byte is always
 * a line end (never part of a character) are taken. The one rule for the delimited and the fixed-width readers.
 *
 * @param charset         what the file is decoded with
 * @param bom             bytes of byte order mark to skip at the start
 * @param width           bytes per code unit: 2 for UTF-16, else 1
 * @param bigEndian       for UTF-16, the byte order
 * @param asciiCompatible one byte per ASCII character, with its ASCII value (so ASCII bytes can be read directly)
 */
public record TextEncoding(Charset charset, int bom, int width, boolean bigEndian, boolean asciiCompatible) {

    /**
     * @param head   the file's first bytes (at least 4 when the file has them)
     * @param length how many of them were read
     * @param reader the reader's name for the refusal ({@code CSV}, {@code fixed-width})
     * @throws IllegalArgumentException for a multi-byte encoding whose bytes could hide a line end
     */
    public static TextEncoding detect(byte[] head, int length, Charset declared, String reader) {
        Charset cs = declared;
        int bom = 0;
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            cs = StandardCharsets.UTF_8;
            bom = 3;
        } else if (length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (cs.equals(StandardCharsets.UTF_16)) {
            cs = StandardCharsets.UTF_16BE; // Java's (and the standard's) default without a BOM
        }
        if (cs.equals(StandardCharsets.UTF_16BE) || cs.equals(StandardCharsets.UTF_16LE)) {
            return new TextEncoding(cs, bom, 2, cs.equals(StandardCharsets.UTF_16BE), false);
        }
        String n = cs.name().toUpperCase(Locale.ROOT);
        boolean singleByte = cs.newEncoder().maxBytesPerChar() <= 1.0f;
        if (!singleByte && !n.equals("UTF-8") && !n.startsWith("EUC")) {
            throw new IllegalArgumentException("encoding " + cs.name() + " is not supported by the " + reader + " reader"
                    + " (supported: UTF-8, UTF-16, single-byte encodings such as latin1, cp1252, and EUC-*)");
        }
        return new TextEncoding(cs, bom, 1, true, asciiCompatible(cs));
    }

    private static boolean asciiCompatible(Charset cs) {
        byte[] b = new byte[128];
        for (int i = 0; i < 128; i++) b[i] = (byte) i;
        String s = new String(b, cs);
        if (s.length() != 128) return false;
        for (int i = 0; i < 128; i++) if (s.charAt(i) != i) return false;
        return true;
    }
}
