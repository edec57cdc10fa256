package dev.drover.engine.cast;

import dev.drover.engine.cast.Transform.TransformException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pgloader's built-in transform functions under their pgloader names, with pgloader's output for every input
 * pgloader accepts (reference §10.2): load files that name them keep producing the same rows. Where pgloader would
 * crash or silently wrap (an IP number above 2^32), these reject the value with a message instead.
 */
final class PgloaderTransforms {
    private PgloaderTransforms() {}

    static Map<String, Transform> all() {
        Map<String, Transform> m = new LinkedHashMap<>();
        m.put("zero-dates-to-null", PgloaderTransforms::zeroDatesToNull);
        m.put("date-with-no-separator", PgloaderTransforms::dateWithNoSeparator);
        m.put("time-with-no-separator", PgloaderTransforms::timeWithNoSeparator);
        m.put("tinyint-to-boolean", v -> v == null ? null : text(v).equals("0") ? "f" : "t");
        m.put("bits-to-boolean", PgloaderTransforms::bitsToBoolean);
        m.put("bits-to-hex-bitstring", PgloaderTransforms::bitsToHexBitstring);
        m.put("int-to-ip", PgloaderTransforms::intToIp);
        m.put("ip-range", PgloaderTransforms::ipRange);
        m.put("convert-mysql-point", PgloaderTransforms::convertMysqlPoint);
        m.put("convert-mysql-linestring", PgloaderTransforms::convertMysqlLinestring);
        m.put("integer-to-string", PgloaderTransforms::integerToString);
        m.put("float-to-string", PgloaderTransforms::floatToString);
        m.put("hex-to-dec", PgloaderTransforms::hexToDec);
        m.put("hex-to-bytea", PgloaderTransforms::hexToBytea);
        m.put("set-to-enum-array", v -> v == null ? null : "{" + text(v) + "}");
        m.put("empty-string-to-null", v -> v == null ? null : text(v).isEmpty() ? null : text(v));
        m.put("right-trim", v -> v == null ? null : rightTrim(text(v)));
        m.put("remove-null-characters", v -> v == null ? null : text(v).replace("\u0000", ""));
        m.put("byte-vector-to-bytea", v -> hexOrNull(bytes(v, "byte-vector-to-bytea", true), "\\x"));
        m.put("byte-vector-to-hexstring", v -> hexOrNull(bytes(v, "byte-vector-to-hexstring", true), ""));
        m.put("binary-to-bytea", v -> hexOrNull(bytes(v, "binary-to-bytea", false), "\\x"));
        m.put("binary-to-uuid", v -> {
            byte[] b = bytes(v, "binary-to-uuid", false);
            return b != null && b.length == 16 ? uuid(b).toUpperCase(java.util.Locale.ROOT) : null;
        });
        m.put("varbinary-to-inet", PgloaderTransforms::varbinaryToInet);
        m.put("base64-decode", PgloaderTransforms::base64Decode);
        m.put("unix-timestamp-to-timestamptz", PgloaderTransforms::unixTimestampToTimestamptz);
        m.put("sql-server-uniqueidentifier-to-uuid", PgloaderTransforms::sqlServerUniqueidentifierToUuid);
        m.put("sql-server-bit-to-boolean", PgloaderTransforms::sqlServerBitToBoolean);
        return m;
    }

    /** pgloader transforms work on text; numbers arrive printed as the driver would print them. */
    private static String text(Object v) throws TransformException {
        if (v instanceof byte[]) throw Values.error(v, "is binary; this transform takes text");
        if (v instanceof Double d) return Values.plain(d);
        return v.toString();
    }

    static Object zeroDatesToNull(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        if (s.isEmpty()) return null;
        if (s.length() < 10) throw Values.error(v, "is too short for a date (zero-dates-to-null reads YYYY-MM-DD)");
        if (s.startsWith("0000") || s.startsWith("00", 5) || s.startsWith("00", 8)) return null;
        return s;
    }

    private static Object dateWithNoSeparator(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        if (s.length() != 14) return null;
        if (s.startsWith("0000") || s.startsWith("00", 4) || s.startsWith("00", 6)) return null;
        return s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6, 8) + " "
                + s.substring(8, 10) + ":" + s.substring(10, 12) + ":" + s.substring(12, 14);
    }

    private static Object timeWithNoSeparator(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        if (s.length() < 6) throw Values.error(v, "is too short for a time (time-with-no-separator reads hhmmss)");
        String t = s.substring(0, 2) + ":" + s.substring(2, 4) + ":" + s.substring(4, 6);
        return s.length() > 6 ? t + "." + s.substring(6) : t;
    }

    private static Object bitsToBoolean(Object v) throws TransformException {
        if (v == null) return null;
        if (!(v instanceof byte[] b)) throw Values.error(v, "is not a bit value (bits-to-boolean takes bytes)");
        if (b.length != 1) return null;
        return b[0] == 0 ? "f" : "t";
    }

    private static Object bitsToHexBitstring(Object v) {
        if (v == null) return null;
        if (v instanceof byte[] b) return "X" + Values.hex(b);
        // A MySQL default literal b'0101' arrives as text.
        String s = v.toString();
        int start = s.indexOf("b'");
        int end = s.lastIndexOf('\'');
        return start >= 0 && end > start + 1 ? s.substring(start + 2, end) : s;
    }

    private static Object intToIp(Object v) throws TransformException {
        if (v == null) return null;
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float) {
            throw Values.error(v, "is not an integer (int-to-ip takes an integer 0..4294967295)");
        }
        long ip = n.longValue();
        if (ip < 0 || ip > 0xFFFF_FFFFL) throw Values.error(v, "is outside 0..4294967295, not an IPv4 address");
        return ipv4(ip);
    }

    private static String ipv4(long ip) {
        return ((ip >> 24) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** Takes two values (the range's ends as integer text), as a {@code List} or an {@code Object[]}. */
    private static Object ipRange(Object v) throws TransformException {
        List<?> ends = v instanceof List<?> l ? l : v instanceof Object[] a ? Arrays.asList(a) : null;
        if (ends == null || ends.size() != 2) throw Values.error(v, "is not two values (ip-range takes the start and end integers)");
        if (ends.get(0) == null || ends.get(1) == null) return null;
        return ipv4(ipNumber(ends.get(0))) + "-" + ipv4(ipNumber(ends.get(1)));
    }

    private static long ipNumber(Object v) throws TransformException {
        try {
            long ip = Long.parseLong(text(v).trim());
            if (ip >= 0 && ip <= 0xFFFF_FFFFL) return ip;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Values.error(v, "is not an IPv4 number 0..4294967295");
    }

    private static Object convertMysqlPoint(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        if (!s.startsWith("POINT(") || !s.endsWith(")")) throw Values.error(v, "is not POINT(x y)");
        return s.substring(5).replaceFirst(" ", ",");
    }

    private static Object convertMysqlLinestring(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        if (!s.startsWith("LINESTRING(") || !s.endsWith(")")) throw Values.error(v, "is not LINESTRING(x y, ...)");
        StringBuilder path = new StringBuilder("[");
        for (String p : s.substring(11, s.length() - 1).split(",")) {
            if (path.length() > 1) path.append(',');
            path.append('(').append(p.trim().replaceFirst(" ", ",")).append(')');
        }
        return path.append(']').toString();
    }

    static Object integerToString(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v.toString();
        }
        if (!(v instanceof CharSequence)) throw Values.error(v, "is not an integer");
        String s = v.toString().replaceAll("^['\"]+|['\"]+$", "").trim();
        try {
            return new BigInteger(s.startsWith("+") ? s.substring(1) : s).toString();
        } catch (NumberFormatException e) {
            throw Values.error(v, "is not an integer");
        }
    }

    static Object floatToString(Object v) {
        if (v == null) return null;
        if (v instanceof CharSequence s) return s.toString();
        if (v instanceof Double || v instanceof Float) {
            // Lisp prints 1.0e-5 where Java prints 1.0E-5; the exponent thresholds (1e-3, 1e7) are the same.
            return Double.toString(((Number) v).doubleValue()).replace('E', 'e');
        }
        return v.toString();
    }

    private static Object hexToDec(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) return v.toString();
        try {
            return new BigInteger(text(v), 16).toString();
        } catch (NumberFormatException e) {
            throw Values.error(v, "is not a hexadecimal number");
        }
    }

    private static Object hexToBytea(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v).trim();
        if (s.startsWith("0x") || s.startsWith("\\x")) s = s.substring(2);
        return "\\x" + s;
    }

    private static Object base64Decode(Object v) throws TransformException {
        if (v == null) return null;
        try {
            return new String(Base64.getDecoder().decode(text(v).replaceAll("\\s+", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Values.error(v, "is not base64: " + e.getMessage());
        }
    }

    private static String rightTrim(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.substring(0, end);
    }

    /** pgloader's binary transforms take "" as NULL and reject other text; an empty vector is NULL unless kept. */
    private static byte[] bytes(Object v, String name, boolean emptyIsValue) throws TransformException {
        if (v == null) return null;
        if (v instanceof CharSequence s) {
            if (s.length() == 0) return null;
            throw Values.error(v, "is text, not bytes (" + name + " takes binary values)");
        }
        if (!(v instanceof byte[] b)) throw Values.error(v, "is not bytes (" + name + " takes binary values)");
        return b.length == 0 && !emptyIsValue ? null : b;
    }

    private static String hexOrNull(byte[] b, String prefix) {
        return b == null ? null : prefix + Values.hex(b);
    }

    private static Object varbinaryToInet(Object v) throws TransformException {
        byte[] b = bytes(v, "varbinary-to-inet", true);
        if (b == null || b.length == 0) return null;
        if (b.length == 4) return ipv4(((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
        if (b.length != 16) throw Values.error(v, "is neither 4 nor 16 bytes, not an IP address");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) s.append(':');
            s.append(Values.hex(new byte[] {b[i], b[i + 1]}));
        }
        return s.toString();
    }

    private static Object unixTimestampToTimestamptz(Object v) throws TransformException {
        if (v == null) return null;
        long seconds;
        try {
            seconds = v instanceof Long || v instanceof Integer ? ((Number) v).longValue() : Long.parseLong(text(v).trim());
        } catch (NumberFormatException e) {
            throw Values.error(v, "is not whole seconds since 1970");
        }
        LocalDateTime t;
        try {
            t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw Values.error(v, "is too far from 1970 to be a timestamp");
        }
        // pgloader prints the year without padding (~d) and the rest on two digits.
        return String.format("%d-%02d-%02d %02d:%02d:%02dZ", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
    }

    private static Object sqlServerUniqueidentifierToUuid(Object v) throws TransformException {
        if (v == null) return null;
        if (!(v instanceof byte[] b) || b.length != 16) throw Values.error(v, "is not a 16-byte uniqueidentifier");
        // SQL Server stores the first three groups little-endian.
        byte[] u = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
        return uuid(u).toUpperCase(java.util.Locale.ROOT);
    }

    static String uuid(byte[] b) {
        String h = Values.hex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    private static Object sqlServerBitToBoolean(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) return n.longValue() == 0 ? "f" : "t";
        if (v instanceof Boolean b) return b ? "t" : "f";
        return switch (text(v)) {
            case "0", "((0))" -> "f";
            case "1", "((1))" -> "t";
            default -> null;
        };
    }
}
