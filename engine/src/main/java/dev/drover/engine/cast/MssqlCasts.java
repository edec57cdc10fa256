package dev.drover.engine.cast;

import dev.drover.engine.cast.CastRule.Typemod;
import dev.drover.engine.cast.Transform.TransformException;
import dev.drover.engine.catalog.SourceColumn;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drover's default casts for SQL Server: pgloader's table (reference §9.6) with the fixes of §9.10 #7 and #8.
 * Precision, scale and lengths are kept ({@code decimal(p,s)}, {@code varchar(n)}, {@code money} as
 * {@code numeric(19,4)}); {@code datetime}, {@code datetime2} and {@code smalldatetime} hold no zone and become
 * {@code timestamp}, {@code datetimeoffset} becomes {@code timestamptz}; identity columns become identities of the
 * same width. Types PostgreSQL has no equivalent for ({@code hierarchyid}, {@code geography}, {@code geometry},
 * {@code sql_variant}) load as bytes or text, with a warning on the column.
 *
 * <p>The transforms read the values the SQL Server source produces (see {@code MssqlRowCursor}): bit as Boolean,
 * exact numbers as BigDecimal, uniqueidentifier and temporal values as the server's text (style 121, all seven
 * fraction digits).
 */
public final class MssqlCasts {
    private MssqlCasts() {}

    static final String BIT = "mssql-bit";
    static final String UUID = "mssql-uuid";
    static final String EXACT = "mssql-exact";
    static final String DATETIME = "mssql-datetime";
    static final String DATETIMEOFFSET = "mssql-datetimeoffset";
    static final String TIME = "mssql-time";

    private static final List<String> SPATIAL = List.of("hierarchyid", "geography", "geometry");

    private static final List<CastRule> DEFAULTS = buildDefaults();

    private static final class Table {
        final List<CastRule> rules = new ArrayList<>();

        void add(String type, String guard, Boolean identity, String target, Typemod typemod, String transform) {
            rules.add(new CastRule(type, null, null, guard, null, null, false, identity, null, target, typemod, null, null,
                    Boolean.TRUE.equals(identity), transform, "mssql default " + (rules.size() + 1)));
        }

        void simple(String type, String target, Typemod typemod, String transform) {
            add(type, null, null, target, typemod, transform);
        }
    }

    private static List<CastRule> buildDefaults() {
        Table t = new Table();
        // Identities keep their width; tinyint is 0..255, which only smallint holds.
        t.add("bigint", null, true, "bigint", null, null);
        t.add("int", null, true, "integer", null, null);
        t.add("smallint", null, true, "smallint", null, null);
        t.add("tinyint", null, true, "smallint", null, null);
        // decimal(p,0) IDENTITY exists in SQL Server; a PostgreSQL identity must be an integer type.
        t.add("decimal", null, true, "bigint", null, null);
        t.add("numeric", null, true, "bigint", null, null);
        t.simple("bigint", "bigint", null, null);
        t.simple("int", "integer", null, null);
        t.simple("smallint", "smallint", null, null);
        t.simple("tinyint", "smallint", null, null);
        t.simple("bit", "boolean", null, BIT);
        // Exact numbers stay exact, with their precision and scale (§9.10 #8).
        t.simple("decimal", "numeric", Typemod.KEEP, EXACT);
        t.simple("numeric", "numeric", Typemod.KEEP, EXACT);
        t.simple("money", "numeric(19,4)", null, EXACT);
        t.simple("smallmoney", "numeric(10,4)", null, EXACT);
        t.simple("float", "double precision", null, null);
        t.simple("real", "real", null, null);
        // Lengths are kept; (max) has no length in the catalog, so it falls through to text.
        for (String c : List.of("char", "nchar")) t.add(c, "(>= precision 1)", null, "char", Typemod.KEEP, null);
        for (String c : List.of("varchar", "nvarchar")) t.add(c, "(>= precision 1)", null, "varchar", Typemod.KEEP, null);
        for (String c : List.of("char", "nchar", "varchar", "nvarchar", "text", "ntext", "sysname")) t.simple(c, "text", null, null);
        t.simple("xml", "xml", null, null);
        t.simple("uniqueidentifier", "uuid", null, UUID);
        // rowversion is called timestamp in the catalog: a row version counter, not a time.
        for (String b : List.of("binary", "varbinary", "image", "timestamp", "rowversion")) t.simple(b, "bytea", null, null);
        for (String b : SPATIAL) t.simple(b, "bytea", null, null);
        t.simple("sql_variant", "text", null, null);
        t.simple("date", "date", null, null);
        t.simple("time", "time", Typemod.KEEP, TIME);
        // Zone-less types stay zone-less (§9.10 #7): the target session's zone cannot shift them.
        t.simple("datetime", "timestamp", null, DATETIME);
        t.simple("smalldatetime", "timestamp", null, DATETIME);
        t.simple("datetime2", "timestamp", Typemod.KEEP, DATETIME);
        t.simple("datetimeoffset", "timestamptz", Typemod.KEEP, DATETIMEOFFSET);
        return List.copyOf(t.rules);
    }

    /** The default rules, in the order they are tried; origins {@code mssql default 1..n}. */
    public static List<CastRule> defaults() {
        return DEFAULTS;
    }

    /** The matcher for a SQL Server source: {@code userRules} first, then {@link #defaults()}. */
    public static CastRules castRules(List<CastRule> userRules) {
        return new CastRules(userRules, DEFAULTS, DIALECT);
    }

    private static final SourceDialect DIALECT = new SourceDialect() {
        @Override
        public Capacity capacity(SourceColumn c) {
            return switch (c.dataType().toLowerCase(Locale.ROOT)) {
                case "tinyint" -> Capacity.integer(9); // unsigned 0..255
                case "sysname" -> Capacity.text(128);
                default -> SourceDialect.GENERIC.capacity(c);
            };
        }

        @Override
        public List<String> notes(SourceColumn c, CastRule winner, String targetType) {
            List<String> notes = new ArrayList<>();
            String type = c.dataType().toLowerCase(Locale.ROOT);
            String target = TargetTypes.baseName(targetType);
            boolean temporal = List.of("time", "datetime2", "datetimeoffset").contains(type);
            if (temporal && c.precision() != null && c.precision() > 6 && target.startsWith("time")) {
                notes.add(c.fullType() + " keeps 100 ns, PostgreSQL keeps microseconds: the seventh fraction digit is"
                        + " rounded away, as PostgreSQL rounds");
            }
            if (SPATIAL.contains(type) && target.equals("bytea")) {
                notes.add(type + " loaded as SQL Server's own binary serialization: PostgreSQL and PostGIS cannot read"
                        + " it as " + type + " (a cast rule to text with a conversion in a view keeps it readable)");
            }
            if (type.equals("sql_variant") && target.equals("text")) {
                notes.add("sql_variant loaded as text: the base type of each value is lost");
            }
            if ((type.equals("decimal") || type.equals("numeric")) && winner.identity()) {
                notes.add(c.fullType() + " identity becomes a bigint identity: values above 9223372036854775807 are rejected");
            }
            if (c.generated() != null) {
                notes.add("computed column AS " + c.generated() + ": values copied, the expression is not recreated");
            }
            return notes;
        }
    };

    // ---- transforms

    static Map<String, Transform> transforms() {
        Map<String, Transform> m = new LinkedHashMap<>();
        m.put(BIT, MssqlCasts::bit);
        m.put(UUID, MssqlCasts::uuid);
        m.put(EXACT, MssqlCasts::exact);
        m.put(DATETIME, v -> timestamp(v, false));
        m.put(DATETIMEOFFSET, v -> timestamp(v, true));
        m.put(TIME, MssqlCasts::time);
        return m;
    }

    /** Only 0 and 1: pgloader's sql-server-bit-to-boolean turns anything else into NULL. */
    static Object bit(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof Boolean b) return b ? "t" : "f";
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "0", "false" -> "f";
            case "1", "true" -> "t";
            default -> throw Values.error(v, "is not a bit (0 or 1)");
        };
    }

    private static final Pattern UUID_TEXT = Pattern.compile("\\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})}?");

    /** Lower case, as PostgreSQL prints uuids; the 16 raw bytes are SQL Server's, whose first three groups are little-endian. */
    static Object uuid(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof byte[] b) {
            if (b.length != 16) throw Values.error(v, "is not a 16-byte uniqueidentifier");
            byte[] u = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
            return PgloaderTransforms.uuid(u);
        }
        Matcher m = UUID_TEXT.matcher(v.toString().trim());
        if (!m.matches()) throw Values.error(v, "is not a uniqueidentifier");
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    /** Exact decimals as plain digits, never through a binary floating point (§9.10 #8). */
    static Object exact(Object v) throws TransformException {
        if (v == null) return null;
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof java.math.BigInteger) return v.toString();
        if (v instanceof Double || v instanceof Float) {
            throw Values.error(v, "is a floating-point number where an exact decimal was expected: read the column as decimal");
        }
        try {
            return new BigDecimal(v.toString().trim()).toPlainString();
        } catch (NumberFormatException e) {
            throw Values.error(v, "is not a decimal number");
        }
    }

    private static final Pattern TIMESTAMP = Pattern.compile(
            "(-?\\d{4,})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d*))?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern TIME_TEXT = Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d*))?)?");

    /**
     * A datetime, datetime2, smalldatetime or datetimeoffset as PostgreSQL input, fraction rounded to microseconds
     * exactly as PostgreSQL rounds one it is given with more digits: {@code rint(strtod(".fffffff") * 1e6)}, whose
     * carry may reach the next second (or day). The offset, when wanted, is kept as written.
     */
    static Object timestamp(Object v, boolean withOffset) throws TransformException {
        if (v == null) return null;
        String s = temporalText(v);
        Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) throw Values.error(v, "is not a " + (withOffset ? "datetimeoffset" : "datetime"));
        String offset = m.group(8);
        if (offset != null && !withOffset) throw Values.error(v, "has a time zone offset where none was expected");
        if (offset == null && withOffset) throw Values.error(v, "has no time zone offset");
        long micros = micros(m.group(7));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        LocalDateTime t;
        try {
            t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), second);
        } catch (java.time.DateTimeException e) {
            throw Values.error(v, "is not a valid date and time: " + e.getMessage());
        }
        if (micros == 1_000_000) {
            t = t.plusSeconds(1);
            micros = 0;
        }
        StringBuilder b = new StringBuilder(32);
        b.append(String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        fraction(b, micros);
        if (offset != null) b.append(offset.equals("Z") ? "+00:00" : offset);
        return b.toString();
    }

    /** A time(n), rounded to microseconds as PostgreSQL rounds; 23:59:59.9999995 becomes 24:00:00, which time accepts. */
    static Object time(Object v) throws TransformException {
        if (v == null) return null;
        Matcher m = TIME_TEXT.matcher(temporalText(v));
        if (!m.matches()) throw Values.error(v, "is not a time");
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (h > 23 || min > 59 || sec > 59) throw Values.error(v, "is not a valid time of day");
        long micros = micros(m.group(4));
        if (micros == 1_000_000) {
            micros = 0;
            int total = h * 3600 + min * 60 + sec + 1;
            h = total / 3600;
            min = total / 60 % 60;
            sec = total % 60;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%02d:%02d:%02d", h, min, sec));
        fraction(b, micros);
        return b.toString();
    }

    /** The driver's java.time values print with a {@code T}; everything else is read as text. */
    private static String temporalText(Object v) {
        if (v instanceof java.sql.Timestamp ts) return ts.toLocalDateTime().toString();
        if (v instanceof java.sql.Time tm) return tm.toLocalTime().toString();
        if (v instanceof TemporalAccessor) return v.toString();
        return v.toString().trim();
    }

    /**
     * Microseconds of a fraction's digits, as PostgreSQL's ParseFractionalSecond computes them: the digits read as a
     * double and scaled with round-half-even; 1,000,000 means the value rounds up to the next second.
     */
    static long micros(String digits) {
        if (digits == null || digits.isEmpty()) return 0;
        if (digits.length() <= 6) return Long.parseLong((digits + "000000").substring(0, 6));
        return (long) Math.rint(Double.parseDouble("0." + digits) * 1_000_000);
    }

    private static void fraction(StringBuilder b, long micros) {
        if (micros == 0) return;
        String f = String.format(Locale.ROOT, "%06d", micros);
        int end = f.length();
        while (f.charAt(end - 1) == '0') end--;
        b.append('.').append(f, 0, end);
    }
}
