package dev.drover.engine.preflight;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.engine.copy.codec.CodecContext;
import dev.drover.engine.copy.codec.Codecs;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the COPY encoder of one target column would do with a converted value, without a server: the encoder chosen
 * from the column's type as written in the DDL ({@code varchar(80)}, {@code numeric(10,2)}), fed exactly as the load
 * feeds it (a typed value through {@link FieldCodec#writeTyped}, text through {@link Codecs#appendUtf8} and
 * {@link FieldCodec#writeBinary}), into a scratch buffer that is thrown away. A type the encoders do not know, or a
 * spelling only the server parses, is reported as not checked rather than guessed at.
 */
final class TargetCheck {
    /** OIDs of the types {@link Codecs#forType} knows. */
    private static final int BOOL = 16, BYTEA = 17, NAME = 19, INT8 = 20, INT2 = 21, INT4 = 23, TEXT = 25, JSON = 114,
            FLOAT4 = 700, FLOAT8 = 701, BPCHAR = 1042, VARCHAR = 1043, DATE = 1082, TIME = 1083, TIMESTAMP = 1114,
            TIMESTAMPTZ = 1184, NUMERIC = 1700, UUID = 2950, JSONB = 3802;
    private static final Pattern TYPE = Pattern.compile(
            "^([a-z][a-z0-9_ ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(-?\\d+)\\s*)?\\))?\\s*(with time zone|without time zone)?$");
    /** A time of day followed by an explicit offset: {@code 10:00:00+02}, {@code 10:00Z}. */
    private static final Pattern OFFSET = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*([zZ]|[+-]\\d{2}(:?\\d{2})?)$");
    private static final HexFormat HEX = HexFormat.of();

    /** What happened to one value. */
    enum Verdict { OK, REJECTED, UNCHECKED }

    final ColumnCast cast;
    /** The encoder, or null when the type has none: the server alone checks its values. */
    final FieldCodec codec;
    /** The type's OID, 0 when unknown. */
    final int oid;
    /** numeric(p,s): the precision and scale; -1 when unconstrained. */
    final int precision, scale;
    private final CopyBuffer scratch = new CopyBuffer(256);

    /** The refusal of the last {@link #check} that returned {@link Verdict#REJECTED}. */
    ValueRejected refusal;
    /** Whether the last accepted value changes on the way in (rounded to the scale, rounded to real). */
    String change;
    /** Whether the last accepted timestamptz value has no offset, so the session's time zone decides. */
    boolean zoneAssumed;

    TargetCheck(ColumnCast cast) {
        this.cast = cast;
        int o = 0, typmod = -1, p = -1, s = -1;
        Matcher m = TYPE.matcher(cast.targetType().trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
        if (m.matches()) {
            String base = m.group(1);
            Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
            boolean tz = "with time zone".equals(m.group(4));
            switch (base) {
                case "smallint", "int2" -> o = INT2;
                case "integer", "int", "int4" -> o = INT4;
                case "bigint", "int8" -> o = INT8;
                case "real", "float4" -> o = FLOAT4;
                case "double precision", "float8" -> o = FLOAT8;
                case "float" -> o = a != null && a <= 24 ? FLOAT4 : FLOAT8;
                case "numeric", "decimal" -> {
                    o = NUMERIC;
                    if (a != null) {
                        p = a;
                        s = b == null ? 0 : b;
                        typmod = ((p << 16) | (s & 0x7FF)) + 4;
                    }
                }
                case "text" -> o = TEXT;
                case "json" -> o = JSON;
                case "jsonb" -> o = JSONB;
                case "name" -> o = NAME;
                case "varchar", "character varying" -> {
                    o = VARCHAR;
                    typmod = a == null ? -1 : a + 4;
                }
                case "char", "character" -> {
                    o = BPCHAR;
                    typmod = (a == null ? 1 : a) + 4; // PostgreSQL: char alone is char(1)
                }
                case "bpchar" -> {
                    o = BPCHAR;
                    typmod = a == null ? -1 : a + 4;
                }
                case "uuid" -> o = UUID;
                case "bytea" -> o = BYTEA;
                case "boolean", "bool" -> o = BOOL;
                case "date" -> o = DATE;
                case "time" -> o = tz ? 0 : TIME;
                case "timestamp" -> o = tz ? TIMESTAMPTZ : TIMESTAMP;
                case "timestamptz" -> o = TIMESTAMPTZ;
                default -> o = 0;
            }
            if (m.group(4) != null && o != TIME && o != TIMESTAMP && o != TIMESTAMPTZ && o != 0) o = 0; // "int with time zone"
        }
        oid = o;
        precision = p;
        scale = s;
        codec = o == 0 ? null : Codecs.forType(o, typmod, 'X', new CodecContext(ZoneOffset.UTC));
    }

    /** Whether the encoders check this column's values at all. */
    boolean known() {
        return codec != null;
    }

    /** Whether the column holds JSON, whose syntax the encoders leave to the server. */
    boolean json() {
        return oid == JSON || oid == JSONB;
    }

    /** The type as people read it: {@code varchar(80)}, {@code numeric(10,2)}. */
    String type() {
        return cast.targetType().trim();
    }

    /**
     * Runs a converted non-null value through the encoder as the load would.
     *
     * @return {@link Verdict#REJECTED} ({@link #refusal} says why), {@link Verdict#UNCHECKED} (no encoder, or a
     * spelling the server alone reads), or {@link Verdict#OK} ({@link #change} and {@link #zoneAssumed} say more)
     */
    Verdict check(Object v) {
        refusal = null;
        change = null;
        zoneAssumed = false;
        scratch.pos = 0;
        try {
            if (typed(v)) {
                if (codec != null && codec.writeTyped(v, scratch)) {
                    noteChange(v, null);
                    return Verdict.OK;
                }
            }
            CharSequence text = text(v);
            if (!(text instanceof Utf8Slice)) {
                Codecs.appendUtf8(text, scratch); // NUL and half surrogate pairs: no PostgreSQL text holds them
                scratch.pos = 0;
            }
            if (codec == null) return Verdict.UNCHECKED;
            if (!codec.writeBinary(text, scratch)) return Verdict.UNCHECKED;
            noteChange(v, text);
            return Verdict.OK;
        } catch (ValueRejected e) {
            refusal = e;
            return Verdict.REJECTED;
        }
    }

    /** Rounding the encoder lets through and the server applies; a zone the session decides. */
    private void noteChange(Object v, CharSequence text) {
        if (oid == NUMERIC && scale >= 0) {
            BigDecimal d = decimal(v, text);
            if (d != null && d.stripTrailingZeros().scale() > scale) change = "rounded to scale " + scale;
        } else if (oid == FLOAT4) {
            double d;
            if (v instanceof Double x) d = x;
            else if (v instanceof Float) return;
            else {
                try {
                    d = Double.parseDouble(text.toString().trim());
                } catch (NumberFormatException e) {
                    return;
                }
            }
            if (Double.isFinite(d) && new BigDecimal(Float.toString((float) d)).compareTo(new BigDecimal(Double.toString(d))) != 0) {
                change = "rounded to real (about 6 significant digits)";
            }
        } else if (oid == TIMESTAMPTZ && text != null) {
            String t = text.toString().trim();
            zoneAssumed = !t.equalsIgnoreCase("infinity") && !t.equalsIgnoreCase("-infinity") && !OFFSET.matcher(t).find();
        }
    }

    private static BigDecimal decimal(Object v, CharSequence text) {
        if (v instanceof BigDecimal d) return d;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal((text != null ? text : text(v)).toString().trim());
        } catch (NumberFormatException e) {
            return null; // NaN, infinity
        }
    }

    /**
     * The value of a key column as the target compares it: integers and numerics by value (rounded to the column's
     * scale, as stored), {@code char(n)} without trailing spaces, anything else as the text sent.
     */
    String keyText(Object v) {
        if (v == null) return null;
        String t = text(v).toString();
        try {
            switch (oid) {
                case INT2, INT4, INT8 -> {
                    return new BigInteger(t.trim()).toString();
                }
                case NUMERIC -> {
                    BigDecimal d = new BigDecimal(t.trim());
                    if (scale >= 0) d = d.setScale(scale, RoundingMode.HALF_UP);
                    d = d.stripTrailingZeros();
                    return d.signum() == 0 ? "0" : d.toPlainString();
                }
                case BPCHAR -> {
                    return t.replaceAll(" +$", "");
                }
                default -> {
                    return t;
                }
            }
        } catch (NumberFormatException e) {
            return t;
        }
    }

    /** Values the encoders take as what they are (DbRecords' typed values). */
    static boolean typed(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof byte[]
                || v instanceof BigDecimal || v instanceof Short || v instanceof Byte || v instanceof Float
                || v instanceof BigInteger;
    }

    /** A converted value's text as the load sends it: bytes as {@code \x} hex, decimals without exponent. */
    static CharSequence text(Object v) {
        if (v instanceof CharSequence s) return s;
        if (v instanceof byte[] b) return "\\x" + HEX.formatHex(b);
        if (v instanceof BigDecimal d) return d.toPlainString();
        return v.toString();
    }
}
