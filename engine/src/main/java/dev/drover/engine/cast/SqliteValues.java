package dev.drover.engine.cast;

import dev.drover.engine.cast.Transform.TransformException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Transforms for SQLite values. SQLite stores any value in any column whatever its declared type, so each
 * transform accepts the storage classes that can faithfully become its target and rejects the rest with a message
 * naming the value, instead of letting PostgreSQL fail on an unexplained COPY line.
 */
final class SqliteValues {
    private SqliteValues() {}

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SPECIAL_FLOAT = Pattern.compile("[+-]?(inf|infinity)|nan", Pattern.CASE_INSENSITIVE);
    private static final Pattern UUID = Pattern.compile("\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}}?");

    static Map<String, Transform> all() {
        Map<String, Transform> m = new LinkedHashMap<>();
        m.put("sqlite-integer", SqliteValues::integer);
        m.put("sqlite-real", SqliteValues::real);
        m.put("sqlite-numeric", SqliteValues::numeric);
        m.put("sqlite-boolean", SqliteValues::bool);
        m.put("sqlite-date", SqliteTimes::date);
        m.put("sqlite-timestamp", SqliteTimes::timestamp);
        m.put("sqlite-timestamptz", SqliteTimes::timestamptz);
        m.put("sqlite-time", SqliteTimes::time);
        m.put("sqlite-uuid", SqliteValues::uuid);
        m.put("sqlite-bytea", SqliteValues::bytea);
        m.put("sqlite-text", SqliteValues::text);
        return m;
    }

    static Object integer(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Long || v instanceof BigInteger) return v; // typed: the encoder writes it as it is
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        BigDecimal d = exactNumber(v);
        if (d != null) {
            try {
                return d.toBigIntegerExact().toString();
            } catch (ArithmeticException e) {
                // a fraction: reported below
            }
        }
        throw Values.error(v, "in an integer column is not an integer");
    }

    static Object real(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Double) return v;
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof Number) return v instanceof BigDecimal b ? b.toString() : v.toString();
        if (v instanceof CharSequence s) {
            String t = s.toString().trim();
            if (DECIMAL.matcher(t).matches() || SPECIAL_FLOAT.matcher(t).matches()) return t;
        }
        throw Values.error(v, "in a floating-point column is not a number");
    }

    /**
     * Exact: integers and decimal text as they are; a double as its shortest decimal form, which is what SQLite
     * itself prints for it (SQLite keeps REAL values as 8-byte floats, so more digits were never stored).
     */
    static Object numeric(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) return "NaN";
            if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
            BigDecimal b = BigDecimal.valueOf(d);
            return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
        }
        if (v instanceof BigDecimal || v instanceof Long) return v;
        if (v instanceof Number) return v.toString();
        if (v instanceof CharSequence s && DECIMAL.matcher(s.toString().trim()).matches()) return s.toString().trim();
        throw Values.error(v, "in a numeric column is not a number");
    }

    static Object bool(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Boolean) return v;
        if (v instanceof Long || v instanceof Integer || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            if (d == 0) return Boolean.FALSE;
            if (d == 1) return Boolean.TRUE;
        } else if (v instanceof CharSequence s) {
            switch (s.toString().trim().toLowerCase(Locale.ROOT)) {
                case "0", "f", "false", "no" -> { return Boolean.FALSE; }
                case "1", "t", "true", "yes" -> { return Boolean.TRUE; }
                default -> { }
            }
        }
        throw Values.error(v, "in a boolean column is not a boolean (accepted: 0/1, t/f, true/false, yes/no)");
    }

    static Object uuid(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof byte[] b) {
            if (b.length == 16) return PgloaderTransforms.uuid(b);
            throw Values.error(v, "in a uuid column is not 16 bytes");
        }
        if (v instanceof CharSequence s && UUID.matcher(s.toString().trim()).matches()) return s.toString().trim();
        throw Values.error(v, "in a uuid column is not a UUID");
    }

    static Object bytea(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof byte[] b) return b;
        if (v instanceof CharSequence s) return s.toString().getBytes(StandardCharsets.UTF_8);
        throw Values.error(v, "in a binary column is neither bytes nor text");
    }

    static Object text(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof dev.drover.engine.copy.Utf8Slice) return v; // checked by the cursor: UTF-8, no NUL
        String s;
        if (v instanceof byte[] b) {
            try {
                s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw Values.error(v, "in a text column is not valid UTF-8; cast the column to bytea");
            }
        } else if (v instanceof Double d) {
            s = Values.plain(d);
        } else if (v instanceof BigDecimal d) {
            s = d.toPlainString();
        } else {
            s = v.toString();
        }
        // PostgreSQL text cannot hold U+0000; saying so here beats a COPY error on an invisible character.
        if (s.indexOf('\u0000') >= 0) throw Values.error(v, "contains a NUL character; add 'using remove-null-characters'");
        return s;
    }

    /** A number whose value is exact: Double, BigDecimal or decimal text; null when {@code v} is none. */
    private static BigDecimal exactNumber(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        if (v instanceof BigDecimal b) return b;
        if (v instanceof CharSequence s) {
            String t = s.toString().trim();
            if (DECIMAL.matcher(t).matches()) return new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
        }
        return null;
    }
}
