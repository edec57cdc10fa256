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
        if (i == end) throw invalidSyntax(value);
        boolean negative = false;
        char c = value.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            if (++i == end) throw invalidSyntax(value);
        }
        // Accumulate negatively so that Long.MIN_VALUE needs no special case.
        long acc = 0;
        boolean overflow = false;
        for (; i < end; i++) {
            c = value.charAt(i);
            if (c < '0' || c > '9') return otherSpelling(value);
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

    /**
     * Not plain decimal: false (the server decides) when the server's grammar could accept it, else the
     * server's own 22P02. Without this, every "12a" in a file would cost a round trip to the server.
     */
    private boolean otherSpelling(CharSequence value) throws ValueRejected {
        if (mayBeInteger(value)) return false;
        throw invalidSyntax(value);
    }

    /**
     * A superset of what the server's integer input accepts (PostgreSQL 16 added 0x, 0o and 0b prefixes
     * and underscores between digits): spaces, a sign, an optional prefix, digits of that base with
     * single underscores between them, spaces. A value outside it is certainly refused.
     */
    static boolean mayBeInteger(CharSequence v) {
        int end = v.length();
        int i = Ascii.skipSpaces(v, 0, end);
        end = Ascii.trimEnd(v, i, end);
        if (i < end && (v.charAt(i) == '+' || v.charAt(i) == '-')) i++;
        int radix = 10;
        if (end - i > 2 && v.charAt(i) == '0') {
            char p = Ascii.lower(v.charAt(i + 1));
            radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
            if (radix != 10) i += 2;
        }
        if (i == end) return false;
        boolean digitBefore = radix != 10; // the server lets an underscore follow the prefix
        for (; i < end; i++) {
            char c = v.charAt(i);
            if (c == '_') {
                if (!digitBefore) return false;
                digitBefore = false;
                continue;
            }
            int d = Ascii.hex(c);
            if (d < 0 || d >= radix) return false;
            digitBefore = true;
        }
        return digitBefore;
    }

    private ValueRejected invalidSyntax(CharSequence value) {
        return new ValueRejected("22P02", "invalid input syntax for type " + typeName + ": \"" + value.toString() + "\"");
    }

    /** A whole number a database returned: only its range is checked, as the server's int2/int4 input would. */
    @Override
    public boolean writeTyped(Object value, CopyBuffer out) throws ValueRejected {
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) return false;
        long v = ((Number) value).longValue();
        if (v < min || v > max) throw new ValueRejected("22003", "value \"" + v + "\" is out of range for type " + typeName);
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
