package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;
import java.math.BigDecimal;

/**
 * numeric. Plain decimal text goes digit by digit into base-10000 groups aligned on the decimal
 * point (§5.3), for any precision and without allocating; only the exponent form goes through a
 * String and BigDecimal. The server rounds to the column's scale itself in numeric_recv; this codec
 * only predicts the overflow that rounding leads to, so the row is rejected before it is sent.
 */
final class NumericCodec implements FieldCodec {
    private static final int NAN = 0xC000, PINF = 0xD000, NINF = 0xF000, NEG = 0x4000;
    /** The server's limits: NUMERIC_DSCALE_MAX, and 131072 digits before the point. */
    private static final int MAX_DSCALE = 0x3FFF, MAX_INT_DIGITS = 131072;
    /** numeric_in refuses exponents beyond this (NUMERIC_MAX_PRECISION). */
    private static final int MAX_EXPONENT = 1000;

    private final int precision, scale;
    private final boolean checked;

    NumericCodec(int typmod) {
        int p = typmod >= 4 ? (typmod - 4) >>> 16 & 0xFFFF : -1;
        // PG 15+ stores the scale as an 11-bit signed number.
        int s = typmod >= 4 ? (((typmod - 4) & 0x7FF) ^ 1024) - 1024 : 0;
        precision = p;
        scale = s;
        // Negative scales and scales above the precision (PG 15+) are rare; the server checks them.
        checked = p > 0 && s >= 0 && s <= p;
    }

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        int end = value.length();
        int i = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, i, end);
        if (i == end) return false;
        char c = value.charAt(i);
        boolean negative = c == '-';
        int unsigned = c == '-' || c == '+' ? i + 1 : i;
        if (Ascii.is(value, unsigned, end, "infinity") || Ascii.is(value, unsigned, end, "inf")) {
            if (precision > 0) {
                throw new ValueRejected("22003", "numeric field overflow",
                        "A field with precision " + precision + ", scale " + scale + " cannot hold an infinite value.");
            }
            return special(negative ? NINF : PINF, out);
        }
        if (unsigned == i && Ascii.is(value, i, end, "nan")) return special(NAN, out);
        int p = unsigned;
        while (p < end && value.charAt(p) == '0') p++;
        int intStart = p;
        while (p < end && Ascii.isDigit(value.charAt(p))) p++;
        int intEnd = p;
        boolean anyDigit = intEnd > unsigned;
        int fracStart = p, fracEnd = p;
        if (p < end && value.charAt(p) == '.') {
            fracStart = ++p;
            while (p < end && Ascii.isDigit(value.charAt(p))) p++;
            fracEnd = p;
            anyDigit |= fracEnd > fracStart;
        }
        if (!anyDigit) return false;
        if (p < end) {
            return (value.charAt(p) == 'e' || value.charAt(p) == 'E') && exponentForm(value, i, p + 1, end, out);
        }
        if (intEnd - intStart > MAX_INT_DIGITS || fracEnd - fracStart > MAX_DSCALE) return false;
        if (checked) checkOverflow(value, intStart, intEnd, fracStart, fracEnd);
        write(value, negative, intStart, intEnd, fracStart, fracEnd, out);
        return true;
    }

    private boolean exponentForm(CharSequence value, int start, int expStart, int end, CopyBuffer out) throws ValueRejected {
        int p = expStart;
        if (p < end && (value.charAt(p) == '-' || value.charAt(p) == '+')) p++;
        int digitsStart = p;
        while (p < end && Ascii.isDigit(value.charAt(p))) p++;
        if (p != end || p == digitsStart || p - digitsStart > 4) return false;
        if (Integer.parseInt(value, digitsStart, p, 10) > MAX_EXPONENT) return false;
        BigDecimal d;
        try {
            d = new BigDecimal(value.subSequence(start, end).toString());
        } catch (NumberFormatException e) {
            return false;
        }
        if (d.scale() < 0) d = d.setScale(0);
        return writeBinary(d.toPlainString(), out);
    }

    /** Predicts numeric_recv's apply_typmod: round half away from zero to the scale, then count integer digits. */
    private void checkOverflow(CharSequence value, int intStart, int intEnd, int fracStart, int fracEnd) throws ValueRejected {
        int intDigits = intEnd - intStart;
        int fracDigits = fracEnd - fracStart;
        if (fracDigits > scale && value.charAt(fracStart + scale) >= '5') {
            boolean carryIntoInt = true;
            for (int k = fracStart; k < fracStart + scale; k++) {
                if (value.charAt(k) != '9') { carryIntoInt = false; break; }
            }
            if (carryIntoInt) {
                boolean allNines = true;
                for (int k = intStart; k < intEnd; k++) {
                    if (value.charAt(k) != '9') { allNines = false; break; }
                }
                if (allNines) intDigits++;
            }
        }
        int maxIntDigits = precision - scale;
        if (intDigits > maxIntDigits) {
            throw new ValueRejected("22003", "numeric field overflow",
                    "A field with precision " + precision + ", scale " + scale + " must round to an absolute value less than "
                            + (maxIntDigits == 0 ? "1" : "10^" + maxIntDigits) + ".");
        }
    }

    /**
     * Groups of four decimal digits counted from the point: group g holds 10^(4g+3)..10^(4g).
     * Leading and trailing zero groups are left out; dscale keeps every written fraction digit.
     */
    private static void write(CharSequence v, boolean negative, int intStart, int intEnd, int fracStart, int fracEnd, CopyBuffer out) {
        int intDigits = intEnd - intStart, fracDigits = fracEnd - fracStart;
        int high = intDigits > 0 ? (intDigits - 1) / 4 : -1;
        int low = fracDigits > 0 ? -((fracDigits + 3) / 4) : 0;
        out.ensure(12 + 2 * (high - low + 1));
        int start = out.pos;
        out.pos += 12;
        int weight = 0;
        int lastNonZeroEnd = out.pos;
        for (int g = high; g >= low; g--) {
            int group = 0;
            for (int k = 4 * g + 3; k >= 4 * g; k--) {
                int at = k >= 0 ? intEnd - 1 - k : fracStart - k - 1;
                boolean present = k >= 0 ? at >= intStart : at < fracEnd;
                group = group * 10 + (present ? v.charAt(at) - '0' : 0);
            }
            if (out.pos == start + 12) {
                if (group == 0) continue;
                weight = g;
            }
            out.putShort(group);
            if (group != 0) lastNonZeroEnd = out.pos;
        }
        out.pos = lastNonZeroEnd;
        int ndigits = (out.pos - start - 12) / 2;
        int fieldEnd = out.pos;
        out.pos = start;
        out.putInt(8 + 2 * ndigits);
        out.putShort(ndigits);
        out.putShort(ndigits == 0 ? 0 : weight);
        out.putShort(negative && ndigits > 0 ? NEG : 0);
        out.putShort(fracDigits);
        out.pos = fieldEnd;
    }

    private static boolean special(int sign, CopyBuffer out) {
        out.ensure(12);
        out.putInt(8);
        out.putShort(0);
        out.putShort(0);
        out.putShort(sign);
        out.putShort(0);
        return true;
    }

    /** Integers and decimals a database returned, through their exact digits (never a double). */
    @Override
    public boolean writeTyped(Object value, CopyBuffer out) throws ValueRejected {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return writeBinary(value.toString(), out);
        }
        if (value instanceof java.math.BigInteger b) return writeBinary(b.toString(), out);
        if (value instanceof BigDecimal d) return writeBinary(d.toPlainString(), out);
        return false;
    }
}
