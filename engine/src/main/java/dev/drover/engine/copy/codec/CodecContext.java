package dev.drover.engine.copy.codec;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Facts of the target session that change how a value is encoded.
 *
 * @param timeZone the session's {@code TimeZone}; a timestamptz value written without an offset
 *                 means local time there, exactly as the server would read it in text format
 */
public record CodecContext(ZoneId timeZone) {
    public CodecContext {
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
