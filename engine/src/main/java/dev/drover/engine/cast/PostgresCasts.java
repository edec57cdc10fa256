package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drover's default casts for PostgreSQL → PostgreSQL: every type verbatim, modifier included
 * ({@code character varying(20)}, {@code numeric(12,3)}, {@code timestamp(3) with time zone}, arrays), where pgloader
 * turns {@code varchar(n)} into {@code text} and loses identity columns (reference §9.7, §9.10 #9). Identity columns
 * and serial columns (a {@code nextval()} default on a sequence the column owns) both become identity columns.
 * Values need no transform: the source prints them as PostgreSQL text, which the target reads back unchanged.
 */
public final class PostgresCasts {
    private PostgresCasts() {}

    /**
     * What the catalog knows beyond {@link SourceColumn}, for this source's rules and remarks.
     *
     * @param userTypes      user type names as format_type writes them (enums, domains, composites, ranges, extension
     *                       types), each also with {@code []}: kept by name, and they must exist in the target
     * @param alwaysIdentity columns that are {@code GENERATED ALWAYS AS IDENTITY} (by instance, as the catalog holds them)
     * @param collations     columns whose collation is not their type's default, with the collation
     * @param generationKept generated columns whose expression the target cannot take as it is, with the reason
     *                       ({@code VIRTUAL}, a function of the source's own): they are loaded with the source's values
     */
    public record CatalogFacts(Set<String> userTypes, Set<SourceColumn> alwaysIdentity, Map<SourceColumn, String> collations,
                               Map<SourceColumn, String> generationKept) {
        public static final CatalogFacts NONE = new CatalogFacts(Set.of(), Set.of(), Map.of(), Map.of());

        public CatalogFacts(Set<String> userTypes, Set<SourceColumn> alwaysIdentity, Map<SourceColumn, String> collations) {
            this(userTypes, alwaysIdentity, collations, Map.of());
        }
    }

    /** Built-in types by their format_type names; each is also listed as an array. */
    private static final List<String> BUILT_IN = List.of(
            "smallint", "integer", "bigint", "numeric", "real", "double precision", "money",
            "text", "character varying", "character", "\"char\"", "name", "citext", "bytea", "boolean",
            "date", "time without time zone", "time with time zone", "timestamp without time zone", "timestamp with time zone",
            "interval", "uuid", "json", "jsonb", "jsonpath", "xml", "inet", "cidr", "macaddr", "macaddr8", "bit", "bit varying",
            "point", "line", "lseg", "box", "path", "polygon", "circle", "tsvector", "tsquery", "oid", "pg_lsn",
            "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
            "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange");

    private static final List<CastRule> DEFAULTS = buildDefaults();

    private static List<CastRule> buildDefaults() {
        List<CastRule> rules = new ArrayList<>();
        for (String t : List.of("smallint", "integer", "bigint")) {
            // Identity and serial columns alike: PostgreSQL's own auto-increment is the identity column.
            rules.add(new CastRule(t, null, null, null, null, null, false, true, null, t, CastRule.Typemod.KEEP,
                    CastRule.DefaultAction.DROP, null, true, null, origin(rules.size() + 1)));
        }
        for (String t : BUILT_IN) {
            for (String name : List.of(t, t + "[]")) {
                rules.add(new CastRule(name, null, null, null, null, null, false, null, null, name, CastRule.Typemod.KEEP,
                        null, null, false, null, origin(rules.size() + 1)));
            }
        }
        return List.copyOf(rules);
    }

    private static String origin(int n) {
        return "postgresql default " + n;
    }

    /** The built-in rules, in the order they are tried; origins {@code postgresql default 1..n}. */
    public static List<CastRule> defaults() {
        return DEFAULTS;
    }

    /**
     * The matcher for a PostgreSQL source: {@code userRules} first, then {@link #defaults()}, then one rule per user
     * type of the catalog keeping it by name.
     */
    public static CastRules castRules(List<CastRule> userRules, CatalogFacts facts) {
        List<CastRule> rules = new ArrayList<>(DEFAULTS);
        for (String type : facts.userTypes()) {
            rules.add(new CastRule(type, null, null, null, null, null, false, null, null, type, CastRule.Typemod.KEEP,
                    null, null, false, null, origin(rules.size() + 1) + " (user type)"));
        }
        return new CastRules(userRules, rules, new Dialect(facts));
    }

    private record Dialect(CatalogFacts facts) implements SourceDialect {
        @Override
        public boolean identityAlways(SourceColumn c) {
            return facts.alwaysIdentity().contains(c);
        }

        @Override
        public String generation(SourceColumn c, String targetType) {
            return c.generated() == null || generationKept(c, targetType) != null ? null : c.generated();
        }

        /** Why the generation expression of {@code c} is not recreated, or null when it is. */
        private String generationKept(SourceColumn c, String targetType) {
            String why = facts.generationKept().get(c);
            if (why != null) return why;
            String type = c.fullType() == null ? c.dataType() : c.fullType();
            return targetType.equals(type) ? null : "the column is " + targetType + " in the target, not " + type
                    + ", which the expression computes";
        }

        @Override
        public Capacity capacity(SourceColumn column) {
            return SourceDialect.GENERIC.capacity(column);
        }

        @Override
        public List<String> notes(SourceColumn c, CastRule winner, String targetType) {
            List<String> notes = new ArrayList<>();
            String type = c.fullType() == null ? c.dataType() : c.fullType();
            if (!targetType.equals(type) && !winner.origin().startsWith("user")) {
                notes.add("type " + type + " is written " + targetType + " in the target");
            }
            String base = type.endsWith("[]") ? type.substring(0, type.length() - 2) : type;
            if (facts.userTypes().contains(base) && targetType.equals(type)) {
                notes.add("type " + base + " is the source's own" + (c.labels().isEmpty() ? "" : " enum")
                        + ": it must exist in the target before the table is created (PostgresSource.typeDefinitions()"
                        + " gives its CREATE statement for enums and domains)");
            }
            if (c.autoIncrement() && winner.identity()) {
                notes.add(c.defaultValue() != null
                        ? "serial column: its sequence default becomes GENERATED BY DEFAULT AS IDENTITY"
                        : facts.alwaysIdentity().contains(c)
                        ? "identity column kept as GENERATED ALWAYS AS IDENTITY (COPY writes the source's values)"
                        : "identity column kept as GENERATED BY DEFAULT AS IDENTITY");
            }
            if (c.generated() != null) {
                String kept = generationKept(c, targetType);
                notes.add(kept == null
                        ? "generated column recreated GENERATED ALWAYS AS (" + c.generated() + ") STORED: the target computes"
                          + " its values, none are copied"
                        : "generated column GENERATED ALWAYS AS (" + c.generated() + ") loaded as a plain column holding the"
                          + " source's values: " + kept);
            }
            String collation = facts.collations().get(c);
            if (collation != null) notes.add("collation " + collation + " of the source column is not carried over");
            return notes;
        }
    }
}
