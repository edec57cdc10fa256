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
        m.put("varbinary-to-string", varbinaryToString(StandardCharsets.UTF_8));
        m.put("sqlite-timestamp-to-timestamp", PgloaderTransforms::sqliteTimestampToTimestamp);
        // DBF (db3) values arrive as the text of the record's field
        m.put("logical-to-boolean", v -> v == null ? null : text(v).equals("?") || text(v).equals(" ") ? null : text(v));
        m.put("db3-trim-string", v -> v == null ? null : rightTrim(text(v)));
        m.put("db3-numeric-to-pgsql-numeric", PgloaderTransforms::db3NumericToNumeric);
        m.put("db3-numeric-to-pgsql-integer", PgloaderTransforms::db3NumericToInteger);
        m.put("db3-date-to-pgsql-date", PgloaderTransforms::db3DateToDate);
        // pgloader v4's additions: the reference gives only their names; see each method for the meaning chosen
        m.put("numeric-to-integer", PgloaderTransforms::numericToInteger);
        m.put("int-to-uuid", PgloaderTransforms::intToUuid);
        m.put("tinyint-to-integer", PgloaderTransforms::tinyintToInteger);
        m.put("year-to-integer", PgloaderTransforms::yearToInteger);
        m.put("trim-whitespace", PgloaderTransforms::trimWhitespace);
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

    /**
     * {@code varbinary-to-string}: bytes decoded as text in {@code charset} (pgloader uses the MySQL table's encoding,
     * or the {@code DECODING} override; the registered transform decodes UTF-8, the encoding Drover's MySQL reader
     * asks for); text passes through. Bytes that are not valid in the charset reject the value rather than turning
     * into replacement characters.
     */
    static Transform varbinaryToString(java.nio.charset.Charset charset) {
        return v -> {
            if (v == null) return null;
            if (!(v instanceof byte[] b)) return text(v);
            try {
                return charset.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw Values.error(v, "is not valid " + charset.name() + " text (varbinary-to-string); load it as bytea instead");
            }
        };
    }

    /**
     * {@code sqlite-timestamp-to-timestamp}: 0 (an integer or the text {@code 0}) is NULL; any other integer N, or
     * integer text, is read as a <em>year</em> and gives {@code N-01-01}, as pgloader does (so a Unix epoch becomes a
     * date PostgreSQL refuses, and the row is rejected); other values pass through as text.
     */
    private static Object sqliteTimestampToTimestamp(Object v) throws TransformException {
        if (v == null) return null;
        BigInteger n = null;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) n = BigInteger.valueOf(((Number) v).longValue());
        else if (v instanceof BigInteger b) n = b;
        else if (v instanceof CharSequence cs && cs.toString().matches("[+-]?[0-9]+")) n = new BigInteger(cs.toString().replace("+", ""));
        if (n == null) return text(v);
        return n.signum() == 0 ? null : n + "-01-01";
    }

    /** {@code db3-numeric-to-pgsql-numeric}: the value without its leading and trailing spaces; only spaces is NULL. */
    private static Object db3NumericToNumeric(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        int a = 0;
        int e = s.length();
        while (a < e && s.charAt(a) == ' ') a++;
        while (e > a && s.charAt(e - 1) == ' ') e--;
        return a == e ? null : s.substring(a, e);
    }

    /**
     * {@code db3-numeric-to-pgsql-integer}: Lisp's {@code (parse-integer v :junk-allowed t)}: leading whitespace, an
     * optional sign, then the digits, whatever follows; no digit is NULL. The integer is printed back in decimal
     * ({@code " 007.50"} gives {@code 7}).
     */
    private static Object db3NumericToInteger(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        int i = 0;
        while (i < s.length() && lispWhitespace(s.charAt(i))) i++;
        int signAt = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == digits) return null;
        BigInteger n = new BigInteger(s.substring(digits, i));
        return (s.charAt(signAt) == '-' ? n.negate() : n).toString();
    }

    private static boolean lispWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    /** {@code db3-date-to-pgsql-date}: {@code YYYYMMDD} (8 digits) as {@code YYYY-MM-DD}; anything else is NULL. */
    private static Object db3DateToDate(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        if (s.length() != 8) return null;
        for (int i = 0; i < 8; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return null;
        return s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6, 8);
    }

    /**
     * {@code numeric-to-integer} (pgloader v4): a number with no fractional part as integer text ({@code 12.00},
     * {@code 12.0} and {@code 1.2e1} give {@code 12}). A value with a fraction is rejected rather than rounded or
     * truncated, so no digit is lost silently; text that is not a number is rejected.
     */
    private static Object numericToInteger(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) return v.toString();
        java.math.BigDecimal d;
        try {
            if (v instanceof java.math.BigDecimal b) d = b;
            else if (v instanceof Double || v instanceof Float) {
                double x = ((Number) v).doubleValue();
                if (Double.isNaN(x) || Double.isInfinite(x)) throw Values.error(v, "is not a finite number (numeric-to-integer)");
                d = new java.math.BigDecimal(x);
            } else d = new java.math.BigDecimal(text(v).trim());
        } catch (NumberFormatException e) {
            throw Values.error(v, "is not a number (numeric-to-integer)");
        }
        try {
            return d.toBigIntegerExact().toString();
        } catch (ArithmeticException e) {
            throw Values.error(v, "has a fractional part (numeric-to-integer keeps whole numbers only; cast to numeric to keep it)");
        }
    }

    private static final BigInteger UUID_LIMIT = BigInteger.ONE.shiftLeft(128);

    /**
     * {@code int-to-uuid} (pgloader v4): a non-negative integer below 2^128 as the UUID whose 128 bits are that
     * number, big-endian, in PostgreSQL's lower-case form ({@code 1} gives
     * {@code 00000000-0000-0000-0000-000000000001}); negative or larger integers and non-integers are rejected.
     */
    private static Object intToUuid(Object v) throws TransformException {
        if (v == null) return null;
        BigInteger n;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) n = BigInteger.valueOf(((Number) v).longValue());
        else if (v instanceof BigInteger b) n = b;
        else {
            try {
                n = new BigInteger(text(v).trim());
            } catch (NumberFormatException e) {
                throw Values.error(v, "is not an integer (int-to-uuid)");
            }
        }
        if (n.signum() < 0 || n.compareTo(UUID_LIMIT) >= 0) throw Values.error(v, "is outside 0..2^128-1, not a UUID (int-to-uuid)");
        String h = n.toString(16);
        return uuid(hexBytes("0".repeat(32 - h.length()) + h));
    }

    private static byte[] hexBytes(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    /**
     * {@code tinyint-to-integer} (pgloader v4): a MySQL {@code tinyint} as integer text, also when the driver hands
     * {@code tinyint(1)} over as a boolean (true is {@code 1}, false {@code 0}); integer text is printed back
     * ({@code 007} gives {@code 7}); anything else is rejected.
     */
    private static Object tinyintToInteger(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Boolean b) return b ? "1" : "0";
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) return v.toString();
        try {
            return new BigInteger(text(v).trim().replaceFirst("^\\+", "")).toString();
        } catch (NumberFormatException e) {
            throw Values.error(v, "is not an integer (tinyint-to-integer)");
        }
    }

    /**
     * {@code year-to-integer} (pgloader v4): a MySQL {@code YEAR} as integer text. The value may arrive as a number,
     * as year text ({@code 2024}, {@code 0000} gives {@code 0}), or as a date (the JDBC driver's default for
     * {@code YEAR}: {@code 2024-01-01}, as text or a date value), of which the year is taken; anything else is
     * rejected.
     */
    private static Object yearToInteger(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) return v.toString();
        if (v instanceof java.time.LocalDate d) return Integer.toString(d.getYear());
        if (v instanceof LocalDateTime d) return Integer.toString(d.getYear());
        if (v instanceof java.sql.Date d) return Integer.toString(d.toLocalDate().getYear());
        String s = text(v).trim();
        if (s.matches("[0-9]{1,4}")) return Integer.toString(Integer.parseInt(s));
        if (s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.*")) return Integer.toString(Integer.parseInt(s.substring(0, 4)));
        throw Values.error(v, "is not a year (year-to-integer reads 2024, or a date 2024-01-01)");
    }

    /**
     * {@code trim-whitespace} (pgloader v4): the text without leading and trailing whitespace, taken as space, tab,
     * LF, CR, form feed and vertical tab (the field option {@code trim both whitespace} of a file command removes
     * spaces only; this transform, meant for database values, removes the ASCII whitespace a DBA would expect).
     */
    private static Object trimWhitespace(Object v) throws TransformException {
        if (v == null) return null;
        String s = text(v);
        int a = 0;
        int e = s.length();
        while (a < e && asciiWhitespace(s.charAt(a))) a++;
        while (e > a && asciiWhitespace(s.charAt(e - 1))) e--;
        return s.substring(a, e);
    }

    private static boolean asciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
