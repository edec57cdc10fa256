package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.ValueRejected;

/** time (without time zone) from {@code HH:MM[:SS[.ffffff]]}; {@code 24:00:00} is a valid time. */
final class TimeCodec implements FieldCodec {
    static final TimeCodec INSTANCE = new TimeCodec();

    @Override
    public boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected {
        int end = value.length();
        int i = Ascii.skipSpaces(value, 0, end);
        end = Ascii.trimEnd(value, i, end);
        long t = DateTimes.parseTime(value, i, end, true);
        if (t == DateTimes.NOT_PARSED || DateTimes.timeEnd(t) != end) return false;
        if (DateTimes.timeOutOfRange(t)) throw DateTimes.fieldOutOfRange(value);
        out.ensure(12);
        out.putInt(8);
        out.putLong(DateTimes.timeMicros(t));
        return true;
    }
}
