package dev.drover.engine.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.TextFormat;
import dev.drover.engine.copy.ValueRejected;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Java values as COPY TEXT fields, relying on PostgreSQL's text input for the type. Unlike pg-bulk-ingest
 * (reference §6 item 18) nothing is truncated (a fraction for an integer column is refused by the server),
 * a JSON {@code null} is stored as JSON null (only Java null is SQL NULL), and arrays may be nested.
 */
final class CopyText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private CopyText() {}

    /** Appends one field (no separator) for {@code value} going to a column of {@code pgType}. */
    static void write(Object value, String pgType, CopyBuffer out) throws ValueRejected {
        write(value, isJson(pgType), out);
    }

    /** The same, the type already known to be json/jsonb or not (the hot path: decided once per column). */
    static void write(Object value, boolean json, CopyBuffer out) throws ValueRejected {
        if (value == null) {
            TextFormat.writeNull(out);
            return;
        }
        if (value instanceof BadValue b) throw new ValueRejected(b.sqlState() == null ? "22000" : b.sqlState(), b.message());
        TextFormat.writeField(text(value, json), out);
    }

    static boolean isJson(String pgType) {
        String t = pgType.trim().toLowerCase(Locale.ROOT);
        return t.equals("json") || t.equals("jsonb");
    }

    static String text(Object v, boolean json) throws ValueRejected {
        if (v instanceof CharSequence s) return s.toString();
        if (json) {
            if (v instanceof JsonNode n) return n.toString();
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                throw new ValueRejected("22P02", "cannot write " + v.getClass().getName() + " as JSON: " + e.getOriginalMessage());
            }
        }
        if (v instanceof Boolean b) return b ? "t" : "f";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double d) return floating(d);
        if (v instanceof Float f) return floating(f.doubleValue());
        if (v instanceof byte[] b) return "\\x" + HEX.formatHex(b);
        if (v instanceof Collection<?> || (v.getClass().isArray())) {
            StringBuilder sb = new StringBuilder();
            arrayLiteral(v, sb);
            return sb.toString();
        }
        return v.toString();
    }

    private static String floating(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Double.toString(d);
    }

    /** {@code {"a","b",NULL}}; nested collections or arrays give a multi-dimensional array. */
    private static void arrayLiteral(Object v, StringBuilder sb) throws ValueRejected {
        sb.append('{');
        boolean first = true;
        if (v instanceof Collection<?> c) {
            for (Object e : c) {
                if (!first) sb.append(',');
                first = false;
                element(e, sb);
            }
        } else {
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                if (!first) sb.append(',');
                first = false;
                element(Array.get(v, i), sb);
            }
        }
        sb.append('}');
    }

    private static void element(Object e, StringBuilder sb) throws ValueRejected {
        if (e == null) {
            sb.append("NULL");
        } else if ((e instanceof Collection<?> || e.getClass().isArray()) && !(e instanceof byte[])) {
            arrayLiteral(e, sb);
        } else {
            String s = text(e, false);
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') sb.append('\\');
                sb.append(c);
            }
            sb.append('"');
        }
    }
}
