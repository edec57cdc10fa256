package dev.drover.engine.cast;

import dev.drover.engine.cast.Capacity.Kind;
import dev.drover.engine.catalog.SourceColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drover's default casts for SQLite. SQLite ignores most of a declared type: it derives a column affinity from it
 * (https://www.sqlite.org/datatype3.html §3.1) and stores 64-bit integers, 8-byte floats, text or blobs in any
 * column. The table follows the declared name where it says more than the affinity ({@code boolean}, {@code date},
 * {@code json}) and the affinity otherwise, where pgloader sends every unlisted type to text (reference §9.5).
 */
public final class SqliteCasts {
    private SqliteCasts() {}

    /** A declared type as the cast rules see it. */
    public record Declared(String dataType, Integer precision, Integer scale) {}

    private static final Set<String> NOISE = Set.of("unsigned", "signed", "short", "varying", "native", "nocase", "auto_increment");

    /** One line per target: the declared names that go there and the transform that reads their values. */
    private record Group(String target, String transform, CastRule.Typemod typemod, String... names) {}

    private static final List<Group> GROUPS = List.of(
            new Group("boolean", "sqlite-boolean", null, "boolean", "bool"),
            new Group("smallint", "sqlite-integer", null, "tinyint", "smallint", "int2"),
            new Group("integer", "sqlite-integer", null, "int4", "mediumint"),
            // SQLite integers are 64-bit whatever the declared width.
            new Group("bigint", "sqlite-integer", null, "integer", "int", "bigint", "int8", "long"),
            new Group("real", "sqlite-real", null, "real", "float4"),
            new Group("double precision", "sqlite-real", null, "double", "double precision", "float", "float8"),
            new Group("numeric", "sqlite-numeric", CastRule.Typemod.KEEP, "numeric", "decimal"),
            new Group("date", "sqlite-date", null, "date"),
            // Zone-less by default (reference §9.10 #7): SQLite's datetime text carries no zone.
            new Group("timestamp", "sqlite-timestamp", null, "datetime", "timestamp"),
            new Group("timestamptz", "sqlite-timestamptz", null, "timestamptz"),
            new Group("time", "sqlite-time", null, "time"),
            new Group("jsonb", "sqlite-text", null, "json", "jsonb"),
            new Group("uuid", "sqlite-uuid", null, "uuid"),
            new Group("bytea", "sqlite-bytea", null, "blob", "bytea", "byte", "byte[]", "binary", "varbinary"),
            new Group("text", "sqlite-text", null, "text", "character", "varchar", "nvarchar", "char", "nchar", "clob"),
            new Group("text", "sqlite-text", null, ""));

    private static final Set<String> KNOWN = GROUPS.stream().flatMap(g -> Arrays.stream(g.names())).collect(Collectors.toUnmodifiableSet());

    private static final List<CastRule> DEFAULTS = buildDefaults();

    private static List<CastRule> buildDefaults() {
        List<CastRule> rules = new ArrayList<>();
        // AUTOINCREMENT is only allowed on INTEGER PRIMARY KEY; a plain rowid alias stays a plain bigint.
        rules.add(new CastRule("integer", null, null, null, null, null, false, true, null, "bigint", null, null, null,
                true, "sqlite-integer", origin(1)));
        for (Group g : GROUPS) {
            for (String name : g.names()) {
                rules.add(new CastRule(name, null, null, null, null, null, false, null, null, g.target(), g.typemod(),
                        null, null, false, g.transform(), origin(rules.size() + 1)));
            }
        }
        rules.add(new CastRule("*", null, null, null, null, null, false, null, null, "text", null, null, null, false,
                "sqlite-text", origin(rules.size() + 1)));
        return List.copyOf(rules);
    }

    private static String origin(int n) {
        return "sqlite default " + n;
    }

    /** The default rules, in the order they are tried; origins {@code sqlite default 1..n}. */
    public static List<CastRule> defaults() {
        return DEFAULTS;
    }

    /** The matcher for a SQLite source: {@code userRules} first, then {@link #defaults()}. */
    public static CastRules castRules(List<CastRule> userRules) {
        return new CastRules(userRules, DEFAULTS, DIALECT);
    }

    /**
     * Reads a declared column type the way the default rules expect it, for the SQLite catalog reader to fill
     * {@link SourceColumn#dataType()}, precision and scale: lower case, noise words dropped, {@code (p)} or
     * {@code (p,s)} parsed. Names the table knows are kept ({@code varchar}, {@code double precision}); other names
     * become the name of their SQLite affinity ({@code unsigned big int} → {@code integer}, {@code longtext} →
     * {@code text}, {@code mediumblob} → {@code blob}, {@code floating} → {@code double}), except NUMERIC-affinity
     * names, which stay as written and fall to the catch-all rule. No declared type is {@code ""}.
     */
    public static Declared normalize(String declaredType) {
        if (declaredType == null) return new Declared("", null, null);
        String s = declaredType.trim().toLowerCase(Locale.ROOT);
        Integer precision = null;
        Integer scale = null;
        int open = s.indexOf('(');
        if (open >= 0) {
            int close = s.indexOf(')', open);
            String inner = s.substring(open + 1, close < 0 ? s.length() : close);
            String[] parts = inner.split(",");
            try {
                if (parts.length <= 2) {
                    precision = Integer.valueOf(parts[0].trim());
                    scale = parts.length == 2 ? Integer.valueOf(parts[1].trim()) : null;
                }
            } catch (NumberFormatException e) {
                precision = null; // varchar(max) and the like: SQLite ignores them, and so do we
                scale = null;
            }
            s = s.substring(0, open) + " " + (close < 0 ? "" : s.substring(close + 1));
        }
        s = s.replaceAll("\\s+\\[\\]", "[]");
        String name = Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty() && !NOISE.contains(w))
                .collect(Collectors.joining(" "));
        if (KNOWN.contains(name)) return new Declared(name, precision, scale);
        String byAffinity = switch (affinity(name)) {
            case INTEGER -> "integer";
            case TEXT -> "text";
            case BLOB -> "blob";
            case REAL -> "double";
            case NUMERIC -> name;
        };
        return new Declared(byAffinity, precision, scale);
    }

    enum Affinity { INTEGER, TEXT, BLOB, REAL, NUMERIC }

    /** SQLite's five rules, in SQLite's order (so {@code floating point} is an integer, as in SQLite). */
    static Affinity affinity(String declared) {
        String t = declared.toLowerCase(Locale.ROOT);
        if (t.contains("int")) return Affinity.INTEGER;
        if (t.contains("char") || t.contains("clob") || t.contains("text")) return Affinity.TEXT;
        if (t.contains("blob") || t.isBlank()) return Affinity.BLOB;
        if (t.contains("real") || t.contains("floa") || t.contains("doub")) return Affinity.REAL;
        return Affinity.NUMERIC;
    }

    private static final SourceDialect DIALECT = new SourceDialect() {
        @Override
        public Capacity capacity(SourceColumn c) {
            String type = c.dataType() == null ? "" : c.dataType();
            return switch (affinity(type)) {
                case INTEGER -> Capacity.integer(64);
                case TEXT -> Capacity.text(null); // lengths are not enforced
                case REAL -> Capacity.floating(53);
                case BLOB -> type.isBlank() ? Capacity.OTHER : Capacity.of(Kind.BINARY);
                case NUMERIC -> type.equals("numeric") || type.equals("decimal")
                        ? Capacity.exact(null, null) // SQLite keeps these as integers or 8-byte floats, unbounded
                        : SourceDialect.GENERIC.capacity(c);
            };
        }

        @Override
        public String readerFor(String targetType) {
            String base = TargetTypes.baseName(targetType);
            return switch (Capacity.ofTarget(targetType).kind()) {
                case INTEGER -> "sqlite-integer";
                case FLOAT -> "sqlite-real";
                case EXACT -> "sqlite-numeric";
                case BOOLEAN -> "sqlite-boolean";
                case DATE -> "sqlite-date";
                case TIME -> "sqlite-time";
                case TIMESTAMP -> base.equals("timestamptz") || base.equals("timestamp with time zone")
                        ? "sqlite-timestamptz" : "sqlite-timestamp";
                case BINARY -> "sqlite-bytea";
                default -> base.equals("uuid") ? "sqlite-uuid" : "sqlite-text";
            };
        }

        @Override
        public List<String> notes(SourceColumn c, CastRule winner, String targetType) {
            List<String> notes = new ArrayList<>();
            String declared = CastRules.sourceType(c);
            Capacity target = Capacity.ofTarget(targetType);
            if (!winner.isColumnRule() && winner.type().equals("*")) {
                notes.add("declared type " + declared + " is not one Drover knows: values loaded as text");
            } else if (!winner.isColumnRule() && winner.type().isEmpty()) {
                notes.add("no declared type: SQLite may hold any value here; loaded as text");
            }
            if (c.hasTypemod() && target.kind() == Kind.TEXT && target.precision() == null) {
                notes.add("SQLite does not enforce the length of " + declared + ": loaded as unbounded text");
            }
            Capacity source = capacity(c);
            if (source.kind() == Kind.EXACT && target.kind() == Kind.EXACT) {
                notes.add("SQLite keeps " + declared + " values as integers or 8-byte floats: at most 15-17 significant "
                        + "digits were stored");
            }
            return notes;
        }
    };
}
