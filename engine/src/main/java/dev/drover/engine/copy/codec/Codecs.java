package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.FieldCodec;

/**
 * Chooses the binary COPY encoder for a target column from its catalog type, never from the
 * source's type: the payload must match the column's type exactly (copy-performance.md §5.1).
 */
public final class Codecs {
    static final int BOOL = 16, BYTEA = 17, NAME = 19, INT8 = 20, INT2 = 21, INT4 = 23, TEXT = 25, JSON = 114,
            FLOAT4 = 700, FLOAT8 = 701, BPCHAR = 1042, VARCHAR = 1043, DATE = 1082, TIME = 1083, TIMESTAMP = 1114,
            TIMESTAMPTZ = 1184, NUMERIC = 1700, UUID = 2950, JSONB = 3802;

    private Codecs() {}

    /** Appends text as UTF-8; refuses NUL and unpaired surrogates, which PostgreSQL text cannot hold. */
    public static void appendUtf8(CharSequence s, dev.drover.engine.copy.CopyBuffer out) throws dev.drover.engine.copy.ValueRejected {
        out.ensure(3 * s.length());
        Utf8.write(s, 0, s.length(), out);
    }

    /**
     * The codec for a column, or null when its type has no binary encoder (the caller then loads
     * the table in text format, §5.5).
     *
     * @param baseTypeOid the column's type, or for a domain its base type (the server checks the
     *                    domain's constraints itself)
     * @param typmod      {@code atttypmod} (for a domain, {@code typtypmod}); -1 when there is none
     * @param category    {@code pg_type.typcategory} of the base type; 'E' marks an enum
     */
    /** The codec for a catalog column (domains use their base type), or null when it has none. */
    public static FieldCodec forColumn(dev.drover.engine.target.TargetColumn col, CodecContext ctx) {
        return forType(col.baseTypeOid(), col.typmod(), col.category(), ctx);
    }

    public static FieldCodec forType(int baseTypeOid, int typmod, char category, CodecContext ctx) {
        return switch (baseTypeOid) {
            case BOOL -> BoolCodec.INSTANCE;
            case INT2 -> IntegerCodec.INT2;
            case INT4 -> IntegerCodec.INT4;
            case INT8 -> IntegerCodec.INT8;
            case FLOAT4 -> FloatCodec.FLOAT4;
            case FLOAT8 -> FloatCodec.FLOAT8;
            case NUMERIC -> new NumericCodec(typmod);
            case TEXT, JSON -> TextCodec.UNBOUNDED;
            case NAME -> TextCodec.NAME;
            case VARCHAR -> typmod < 4 ? TextCodec.UNBOUNDED : TextCodec.bounded(typmod - 4, "character varying");
            case BPCHAR -> typmod < 4 ? TextCodec.UNBOUNDED : TextCodec.bounded(typmod - 4, "character");
            case JSONB -> TextCodec.JSONB;
            case UUID -> UuidCodec.INSTANCE;
            case BYTEA -> ByteaCodec.INSTANCE;
            case DATE -> DateCodec.INSTANCE;
            case TIME -> TimeCodec.INSTANCE;
            case TIMESTAMP -> new TimestampCodec(null);
            case TIMESTAMPTZ -> new TimestampCodec(ctx.timeZone());
            default -> category == 'E' ? TextCodec.UNBOUNDED : null;
        };
    }
}
