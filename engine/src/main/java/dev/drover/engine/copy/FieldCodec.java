package dev.drover.engine.copy;

/**
 * Turns a text value from a source into one field of a binary COPY tuple for a given target
 * column type: int32 length followed by the payload (see copy-performance.md §5).
 *
 * <p>The fast path understands the common spellings of each type. PostgreSQL accepts more
 * (for example {@code 0x1F} for integers, {@code 'Jan 5 2024'} for dates); for those the codec
 * writes nothing and returns {@code false}, and the caller asks the server to normalise the value.
 * A value the codec knows to be invalid (an integer out of range, a string with a NUL byte, a
 * varchar that is too long) raises {@link ValueRejected}.
 */
public interface FieldCodec {
    /**
     * Appends the field for a non-null value. Codecs read the value through {@code charAt} and
     * {@code length}, so a {@link Utf8Slice} is parsed without becoming a String; its multi-byte
     * characters read as {@link Utf8Slice#NON_ASCII}, which no value syntax accepts.
     *
     * @return true when the field was written; false (with {@code out.pos} unchanged) when the
     *         value has a form this codec does not parse
     */
    boolean writeBinary(CharSequence value, CopyBuffer out) throws ValueRejected;

    /**
     * Appends the field for a typed value a database source read (Long, Double, Boolean, BigDecimal, byte[]...),
     * without its text: the value is already what the column holds, only its range is checked.
     *
     * @return false (with {@code out.pos} unchanged) when this codec has no typed path for the value's class; the
     *         caller then writes the value's text through {@link #writeBinary}
     */
    default boolean writeTyped(Object value, CopyBuffer out) throws ValueRejected {
        return false;
    }
}
