package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;

/** date from ISO {@code YYYY-MM-DD[ BC]} and ±infinity; other styles depend on DateStyle and go to the server. */
final class DateCodec implements FieldCodec {
    static final DateCodec INSTANCE = new DateCodec();

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        int end = value.length();
        int i = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, i, end);
        int days;
        if (Ascii.is(value, i, end, "infinity") || Ascii.is(value, i, end, "+infinity")) {
            days = Integer.MAX_VALUE;
        } else if (Ascii.is(value, i, end, "-infinity")) {
            days = Integer.MIN_VALUE;
        } else {
            long ymd = DateTimes.parseYmd(value, i, end);
            if (ymd == DateTimes.NOT_PARSED) return false;
            int p = DateTimes.ymdEnd(i, ymd);
            boolean bc = DateTimes.isBc(value, p, end);
            if (p != end && !bc) return false;
            long d = DateTimes.days(value, ymd, bc);
            if (!DateTimes.isValidDate(d)) {
                throw new ValueRejected("22008", "date out of range: \"" + value.toString() + "\"");
            }
            days = (int) d;
        }
        out.ensure(8);
        out.putInt(4);
        out.putInt(days);
        return true;
    }
}
