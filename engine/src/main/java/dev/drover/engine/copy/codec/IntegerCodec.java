package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;

/**
 * int2/int4/int8 from plain decimal text. Hex, octal, binary and underscore spellings (PG 16+)
 * go to the server; an out-of-range plain decimal is rejected here, as nothing could store it.
 */
final class IntegerCodec implements FieldCodec {
    static final IntegerCodec INT2 = new IntegerCodec(2, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
    static final IntegerCodec INT4 = new IntegerCodec(4, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
    static final IntegerCodec INT8 = new IntegerCodec(8, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");

    private final int width;
    private final long min, max;
    private final String typeName;

    private IntegerCodec(int width, long min, long max, String typeName) {
        this.width = width;
        this.min = min;
        this.max = max;
        this.typeName = typeName;
    }

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        int end = value.length();
        int i = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, i, end);
        if (i == end) return false;
        boolean negative = false;
        char c = value.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            if (++i == end) return false;
        }
        // Accumulate negatively so that Long.MIN_VALUE needs no special case.
        long acc = 0;
        boolean overflow = false;
        for (; i < end; i++) {
            c = value.charAt(i);
            if (c < '0' || c > '9') return false;
            int d = c - '0';
            if (overflow || acc < (Long.MIN_VALUE + d) / 10) overflow = true;
            else acc = acc * 10 - d;
        }
        long v;
        if (overflow || (!negative && acc == Long.MIN_VALUE)) v = 0;
        else v = negative ? acc : -acc;
        if (overflow || (!negative && acc == Long.MIN_VALUE) || v < min || v > max) {
            throw new ValueRejected("22003", "value \"" + value.toString() + "\" is out of range for type " + typeName);
        }
        out.ensure(4 + width);
        out.putInt(width);
        switch (width) {
            case 2 -> out.putShort((int) v);
            case 4 -> out.putInt((int) v);
            default -> out.putLong(v);
        }
        return true;
    }
}
