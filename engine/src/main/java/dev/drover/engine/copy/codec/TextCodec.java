package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.copy.ValueRejected;

/**
 * Text-like types whose binary form is the UTF-8 text: text, varchar, bpchar, name, enum, json,
 * and jsonb (after a version byte). The server validates JSON and enum labels itself. A
 * {@link Utf8Slice} is already that UTF-8 and is copied as it is; other text is encoded here.
 */
final class TextCodec implements FieldCodec {
    static final TextCodec UNBOUNDED = new TextCodec(-1, null, -1, false);
    static final TextCodec JSONB = new TextCodec(-1, null, -1, true);
    /** name's binary receive raises "identifier too long" at 64 bytes where text input truncates. */
    static final TextCodec NAME = new TextCodec(-1, null, 63, false);

    private final int maxChars;
    private final String typeName;
    private final int maxBytes;
    private final boolean jsonbVersion;

    private TextCodec(int maxChars, String typeName, int maxBytes, boolean jsonbVersion) {
        this.maxChars = maxChars;
        this.typeName = typeName;
        this.maxBytes = maxBytes;
        this.jsonbVersion = jsonbVersion;
    }

    /** varchar(n) / char(n): n counts characters (code points), not bytes. */
    static TextCodec bounded(int maxChars, String typeName) {
        return new TextCodec(maxChars, typeName, -1, false);
    }

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        return value instanceof Utf8Slice slice ? writeSlice(slice, out) : writeChars(value, out);
    }

    /** The reader has checked that the bytes are UTF-8 without NUL, so they go out as they are. */
    private boolean writeSlice(Utf8Slice value, CopyBuffer out) throws ValueRejected {
        int len = value.length();
        // n code points take at least n bytes, so only a longer slice can be too long.
        if (maxChars >= 0 && len > maxChars) len = cutAfterMaxChars(value);
        if (maxBytes >= 0 && len > maxBytes) return false;
        int version = jsonbVersion ? 1 : 0;
        out.ensure(4 + version + len);
        out.putInt(version + len);
        if (jsonbVersion) out.putByte(1);
        System.arraycopy(value.bytes(), value.offset(), out.buf, out.pos, len);
        out.pos += len;
        return true;
    }

    private boolean writeChars(CharSequence value, CopyBuffer out) throws ValueRejected {
        int to = value.length();
        // A string of at most n chars has at most n code points; longer ones are counted.
        if (maxChars >= 0 && to > maxChars) to = cutAfterMaxChars(value);
        out.ensure(5 + 3 * to);
        int start = out.pos;
        out.pos += 4;
        if (jsonbVersion) out.putByte(1);
        Utf8.write(value, 0, to, out);
        int len = out.pos - start - 4;
        if (maxBytes >= 0 && len > maxBytes) {
            out.pos = start;
            return false;
        }
        out.putIntAt(start, len);
        return true;
    }

    /**
     * Where the first n code points end, in bytes. The server accepts a longer value when all the
     * excess is spaces, and drops them; anything else beyond n is certain 22001.
     */
    private int cutAfterMaxChars(Utf8Slice value) throws ValueRejected {
        int cut = value.byteIndexAfter(maxChars);
        byte[] b = value.bytes();
        for (int j = value.offset() + cut, end = value.offset() + value.length(); j < end; j++) {
            if (b[j] != ' ') throw tooLong();
        }
        return cut;
    }

    /** As {@link #cutAfterMaxChars(Utf8Slice)}, in chars; a NUL or lone surrogate in the excess is reported as such. */
    private int cutAfterMaxChars(CharSequence value) throws ValueRejected {
        int len = value.length();
        int i = 0;
        for (int cps = 0; cps < maxChars && i < len; cps++) {
            i += Character.isHighSurrogate(value.charAt(i)) && i + 1 < len && Character.isLowSurrogate(value.charAt(i + 1)) ? 2 : 1;
        }
        for (int j = i; j < len; j++) {
            char c = value.charAt(j);
            if (c != ' ') {
                if (c == 0) throw Utf8.nul();
                if (Character.isSurrogate(c)) {
                    boolean paired = Character.isHighSurrogate(c) ? j + 1 < len && Character.isLowSurrogate(value.charAt(j + 1))
                            : j > 0 && Character.isHighSurrogate(value.charAt(j - 1));
                    if (!paired) throw Utf8.loneSurrogate(c);
                }
                throw tooLong();
            }
        }
        return i;
    }

    private ValueRejected tooLong() {
        return new ValueRejected("22001", "value too long for type " + typeName + "(" + maxChars + ")");
    }
}
