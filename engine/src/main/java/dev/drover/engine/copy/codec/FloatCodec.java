package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;

/**
 * float4/float8. The syntax is checked here because Java's parser accepts spellings the server
 * does not ({@code 1d}, {@code 0x1p3}) and the reverse ({@code inf}); the number itself is parsed
 * by the JDK, which rounds correctly like the C library's strtod/strtof the server uses.
 */
final class FloatCodec implements FieldCodec {
    static final FloatCodec FLOAT4 = new FloatCodec(true);
    static final FloatCodec FLOAT8 = new FloatCodec(false);

    private final boolean single;

    private FloatCodec(boolean single) {
        this.single = single;
    }

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        int end = value.length();
        int start = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, start, end);
        if (start == end) return false;
        int i = start;
        char c = value.charAt(i);
        boolean negative = c == '-';
        if (c == '-' || c == '+') i++;
        double d;
        if (Ascii.is(value, i, end, "infinity") || Ascii.is(value, i, end, "inf")) {
            d = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else if (i == start && Ascii.is(value, i, end, "nan")) {
            d = Double.NaN;
        } else {
            boolean nonZero = false;
            int digits = 0;
            for (; i < end && Ascii.isDigit(c = value.charAt(i)); i++, digits++) nonZero |= c != '0';
            if (i < end && value.charAt(i) == '.') {
                for (i++; i < end && Ascii.isDigit(c = value.charAt(i)); i++, digits++) nonZero |= c != '0';
            }
            if (digits == 0) return false;
            if (i < end && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
                i++;
                if (i < end && (value.charAt(i) == '-' || value.charAt(i) == '+')) i++;
                int expDigits = 0;
                for (; i < end && Ascii.isDigit(value.charAt(i)); i++) expDigits++;
                if (expDigits == 0) return false;
            }
            if (i != end) return false;
            // The JDK parses only Strings and allocates while parsing anyway, so a slice becomes
            // one here. parseDouble trims the same whitespace (all chars <= ' ') skipped above.
            String text = value.toString();
            d = single ? Float.parseFloat(text) : Double.parseDouble(text);
            // strtod reports ERANGE for results that overflow or underflow to zero; the server
            // rejects those, but keeps subnormal results.
            if (Double.isInfinite(d) || (d == 0 && nonZero)) {
                throw new ValueRejected("22003", "\"" + text + "\" is out of range for type "
                        + (single ? "real" : "double precision"));
            }
        }
        if (single) {
            out.ensure(8);
            out.putInt(4);
            out.putInt(Float.floatToRawIntBits((float) d));
        } else {
            out.ensure(12);
            out.putInt(8);
            out.putLong(Double.doubleToRawLongBits(d));
        }
        return true;
    }

    /**
     * A binary float a database returned, bit for bit; for real, the double rounded once to the nearest float (not
     * twice through its decimal text), and refused where the server's float4 input would overflow or underflow.
     */
    @Override
    public boolean writeTyped(Object value, CopyBuffer out) throws ValueRejected {
        double d;
        if (value instanceof Double x) d = x;
        else if (value instanceof Float x) d = x;
        else return false;
        if (single) {
            float f = (float) d;
            if (Float.isInfinite(f) && !Double.isInfinite(d) || f == 0 && d != 0) {
                throw new ValueRejected("22003", "\"" + d + "\" is out of range for type real");
            }
            out.ensure(8);
            out.putInt(4);
            out.putInt(Float.floatToRawIntBits(f));
        } else {
            out.ensure(12);
            out.putInt(8);
            out.putLong(Double.doubleToRawLongBits(d));
        }
        return true;
    }
}
