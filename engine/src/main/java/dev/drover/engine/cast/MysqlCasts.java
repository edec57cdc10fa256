package dev.drover.engine.cast;

import dev.drover.engine.cast.CastRule.DefaultAction;
import dev.drover.engine.cast.CastRule.NotNull;
import dev.drover.engine.cast.CastRule.Typemod;
import dev.drover.engine.catalog.SourceColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Drover's default casts for MySQL and MariaDB: pgloader's table (reference §9.4) with the fixes of §9.10. Integers
 * map by type and signedness, never by display width, so the same schema maps the same on MySQL 5.7, 8.x and
 * MariaDB, and both ends of a foreign key get the same type. {@code datetime} is zone-less and becomes
 * {@code timestamp}; {@code timestamp} is an instant and becomes {@code timestamptz}. Every date, datetime and
 * timestamp column looks for zero and partial zero dates, which follow the run's {@link ZeroDates} policy: with the
 * default, NULL, the column loses NOT NULL, except ON UPDATE CURRENT_TIMESTAMP columns, which keep their default and
 * NOT NULL (§9.10 #6) and so reject a zero date with its reason; with reject or a replacement date, NOT NULL stays.
 */
public final class MysqlCasts {
    private MysqlCasts() {}

    /** Zero-date defaults as MySQL and MariaDB write them, at every fractional-seconds precision. */
    private static final List<String> ZERO_DATETIMES = zeroDatetimes();

    private static final List<CastRule> DEFAULTS = buildDefaults();

    private static List<String> zeroDatetimes() {
        List<String> z = new ArrayList<>();
        z.add("0000-00-00 00:00:00");
        for (int fsp = 1; fsp <= 6; fsp++) z.add("0000-00-00 00:00:00." + "0".repeat(fsp));
        return List.copyOf(z);
    }

    /** Builds rules in order; {@code origin} numbers follow the order. */
    private static final class Table {
        final List<CastRule> rules = new ArrayList<>();

        void add(String type, String guard, Boolean unsigned, String whenDefault, Boolean autoIncrement, Boolean onUpdate,
                 String target, Typemod typemod, DefaultAction defaultAction, NotNull notNull, boolean identity, String transform) {
            rules.add(new CastRule(type, null, null, guard, unsigned, whenDefault, false, autoIncrement, onUpdate, target,
                    typemod, defaultAction, notNull, identity, transform, "mysql default " + (rules.size() + 1)));
        }

        void simple(String type, String target, Typemod typemod, String transform) {
            add(type, null, null, null, null, null, target, typemod, null, null, false, transform);
        }
    }

    private static List<CastRule> buildDefaults() {
        Table t = new Table();
        // tinyint(1) and bit(1) are MySQL's booleans; a value other than 0/1 is rejected, not made true (§9.10 #5).
        t.add("tinyint", "(= precision 1)", null, null, false, null, "boolean", null, null, null, false, "mysql-tinyint-to-boolean");
        t.add("bit", "(= precision 1)", null, null, null, null, "boolean", null, null, null, false, "mysql-bit-to-boolean");
        // bit(n) values arrive as n binary digits, which is PostgreSQL's input for bit(n); so does a b'..' default
        // (the catalog reader writes it '0101', §9.8: b'0101' becomes '0101').
        t.add("bit", null, null, null, null, null, "bit", Typemod.KEEP, null, null, false, null);
        // Integers by type and signedness (§9.10 #2, #3); auto_increment becomes an identity of the same type.
        String[][] integers = {
                {"tinyint", "false", "smallint"}, {"tinyint", "true", "smallint"},
                {"smallint", "false", "smallint"}, {"smallint", "true", "integer"},
                {"mediumint", "false", "integer"}, {"mediumint", "true", "integer"},
                {"int", "false", "integer"}, {"int", "true", "bigint"},
                {"integer", "false", "integer"}, {"integer", "true", "bigint"},
                {"bigint", "false", "bigint"}};
        for (String[] i : integers) {
            Boolean unsigned = Boolean.valueOf(i[1]);
            t.add(i[0], null, unsigned, null, true, null, i[2], null, null, null, true, null);
            t.add(i[0], null, unsigned, null, null, null, i[2], null, null, null, false, null);
        }
        // An identity cannot be numeric: an unsigned bigint auto_increment stays bigint and warns (see notes).
        t.add("bigint", null, true, null, true, null, "bigint", null, null, null, true, null);
        t.add("bigint", null, true, null, null, null, "numeric(20,0)", null, null, null, false, null);
        t.simple("decimal", "numeric", Typemod.KEEP, null);
        t.simple("numeric", "numeric", Typemod.KEEP, null);
        // float is pgloader's float, double precision (§9.4 rule 25): the value is MySQL's text of it (MysqlRowCursor),
        // so 0.1 stays 0.1 and not the single-precision 0.10000000149011612
        t.simple("float", "double precision", null, null);
        t.simple("double", "double precision", null, null);
        t.simple("real", "double precision", null, null);
        t.simple("char", "char", Typemod.KEEP, null);
        t.simple("varchar", "varchar", Typemod.KEEP, null);
        for (String text : List.of("tinytext", "text", "mediumtext", "longtext")) t.simple(text, "text", null, null);
        for (String bin : List.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob")) t.simple(bin, "bytea", null, null);
        // Dates: zero dates become NULL everywhere (§9.10 #1), so NOT NULL goes, and a zero default with it.
        t.add("date", null, null, "0000-00-00", null, null, "date", null, DefaultAction.DROP, NotNull.DROP, false, "mysql-zero-date");
        t.add("date", null, null, null, null, null, "date", null, null, NotNull.DROP, false, "mysql-zero-date");
        for (String[] dt : new String[][] {{"datetime", "timestamp", "mysql-zero-date"}, {"timestamp", "timestamptz", "mysql-timestamp-utc"}}) {
            t.add(dt[0], null, null, null, null, true, dt[1], Typemod.KEEP, null, null, false, dt[2]);
            for (String zero : ZERO_DATETIMES) {
                t.add(dt[0], null, null, zero, null, false, dt[1], Typemod.KEEP, DefaultAction.DROP, NotNull.DROP, false, dt[2]);
            }
            t.add(dt[0], null, null, null, null, false, dt[1], Typemod.KEEP, null, NotNull.DROP, false, dt[2]);
        }
        // time of day, its usual meaning; a duration value (negative, past 24h) is rejected with its reason (§9.10 #10)
        t.simple("time", "time", Typemod.KEEP, "mysql-time-of-day");
        t.simple("year", "integer", null, null); // §9.4 rule 52
        t.simple("json", "jsonb", null, null);
        // "enum" as a target: the migration creates a PostgreSQL enum type from the column's labels (EnumTypes)
        t.simple("enum", "enum", null, null);
        // a set's default comes from the catalog reader as an array literal ('{"x","z"}')
        t.add("set", null, null, null, null, null, "enum[]", null, null, null, false, "mysql-set-to-array");
        // WKT text; geometry when the target has PostGIS (SpatialTypes, decided by the run)
        for (String geo : SpatialTypes.MYSQL) t.simple(geo, "text", null, null);
        return List.copyOf(t.rules);
    }

    /** The default rules, in the order they are tried; origins {@code mysql default 1..n}. */
    public static List<CastRule> defaults() {
        return DEFAULTS;
    }

    /** The matcher for a MySQL or MariaDB source: {@code userRules} first, then {@link #defaults()}. */
    public static CastRules castRules(List<CastRule> userRules) {
        return new CastRules(userRules, DEFAULTS, DIALECT);
    }

    private static final SourceDialect DIALECT = new SourceDialect() {
        @Override
        public Capacity capacity(SourceColumn c) {
            return SourceDialect.GENERIC.capacity(c);
        }

        /**
         * A date, datetime or timestamp column a user rule sends to a date or timestamp type without a transform still
         * has its zero dates handled as the run says (README: zero dates in every date column), and a TIMESTAMP read
         * in UTC is still marked UTC for a timestamptz.
         */
        @Override
        public String valueReader(SourceColumn c, String targetType) {
            String source = c.dataType().toLowerCase(Locale.ROOT);
            if (!source.equals("date") && !source.equals("datetime") && !source.equals("timestamp")) return null;
            String target = TargetTypes.baseName(targetType);
            boolean zoned = target.equals("timestamptz") || target.equals("timestamp with time zone");
            if (source.equals("timestamp") && zoned) return "mysql-timestamp-utc";
            boolean dateLike = zoned || target.equals("date") || target.equals("timestamp") || target.equals("timestamp without time zone");
            return dateLike ? "mysql-zero-date" : null;
        }

        @Override
        public List<String> notes(SourceColumn c, CastRule winner, String targetType) {
            List<String> notes = new ArrayList<>();
            String type = c.dataType().toLowerCase(Locale.ROOT);
            String target = TargetTypes.baseName(targetType);
            // zero dates: what they become, and NOT NULL and a zero default with them, is said by ZeroDates
            if (c.onUpdateCurrentTimestamp()) {
                notes.add("ON UPDATE CURRENT_TIMESTAMP becomes a trigger that sets the column on every update that does not set it");
            }
            if (type.equals("time") && target.startsWith("time")) {
                notes.add("MySQL time holds -838:59:59 to 838:59:59: negative values and values past 24:00:00 are rejected as"
                        + " durations (a rule to interval keeps them: --cast 'type time to interval')");
            }
            if ((type.equals("enum") || type.equals("set")) && target.startsWith("enum")) {
                notes.add("a PostgreSQL enum type is created with the labels (" + String.join(", ", c.labels())
                        + "); columns with the same labels share it");
            }
            if (type.equals("tinyint") && target.equals("boolean")) {
                notes.add("tinyint(1) read as boolean: values other than 0 and 1 are rejected (a rule to smallint keeps them)");
            }
            if (type.equals("bigint") && c.unsigned() && winner.identity() && target.equals("bigint")) {
                notes.add("bigint unsigned auto_increment becomes a bigint identity: values above 9223372036854775807 are rejected");
            }
            if (c.generated() != null) {
                notes.add("generated column (" + c.generated() + "): values copied, the expression is not recreated");
            }
            if (SpatialTypes.MYSQL.contains(type) && target.equals("text")) notes.add(SpatialTypes.AS_TEXT);
            return notes;
        }
    };
}
