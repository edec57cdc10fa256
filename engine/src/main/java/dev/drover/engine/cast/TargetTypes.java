package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a target type with the source's modifier when the PostgreSQL type accepts one. pgloader appends the
 * source modifier to any type, so {@code int(11)} cast to {@code bigint} gives {@code bigint(11)} and CREATE TABLE
 * fails (reference §9.10 #4); here a modifier only goes where PostgreSQL takes it, in the number it takes.
 */
final class TargetTypes {
    private TargetTypes() {}

    /** Types whose modifier is one number: a length or a fractional-seconds precision. */
    private static final Set<String> ONE_NUMBER = Set.of("varchar", "character varying", "char", "character", "bpchar",
            "bit", "varbit", "bit varying", "time", "timetz", "time with time zone", "time without time zone",
            "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "interval");

    private static final Set<String> TWO_NUMBERS = Set.of("numeric", "decimal");

    /** Fractional seconds above 6 digits are an error in PostgreSQL. */
    private static final Set<String> SECONDS_PRECISION = Set.of("time", "timetz", "time with time zone",
            "time without time zone", "timestamp", "timestamptz", "timestamp with time zone",
            "timestamp without time zone", "interval");

    /**
     * @param target       the rule's target type; when it carries its own modifier ({@code varchar(10)}) that one wins
     * @param keep         the rule keeps the source modifier
     * @param explicitKeep the rule said {@code keep typemod} (a dropped modifier is then worth a warning)
     */
    static String build(String target, SourceColumn column, boolean keep, boolean explicitKeep, List<String> warnings) {
        String t = target.trim().toLowerCase(Locale.ROOT);
        if (t.indexOf('(') >= 0 || !keep || !column.hasTypemod()) return t;
        String array = t.endsWith("[]") ? "[]" : "";
        String base = t.substring(0, t.length() - array.length()).trim();
        String mod;
        if (TWO_NUMBERS.contains(base)) {
            mod = column.scale() == null ? "(" + column.precision() + ")" : "(" + column.precision() + "," + column.scale() + ")";
        } else if (ONE_NUMBER.contains(base)) {
            int p = column.precision();
            if (column.scale() != null && column.scale() != 0) {
                warnings.add("modifier " + modifier(column) + " does not fit " + base + ": only (" + p + ") is kept");
            }
            if (SECONDS_PRECISION.contains(base) && p > 6) {
                warnings.add(base + " keeps at most 6 fractional digits: precision " + p + " becomes 6");
                p = 6;
            }
            mod = "(" + p + ")";
        } else {
            if (explicitKeep) warnings.add("modifier " + modifier(column) + " not carried: " + base + " takes none");
            return t;
        }
        // PostgreSQL writes the modifier before "with time zone": timestamp(3) with time zone.
        int with = base.indexOf(" with");
        String typed = with > 0 ? base.substring(0, with) + mod + base.substring(with) : base + mod;
        return typed + array;
    }

    static String modifier(SourceColumn c) {
        return c.scale() == null ? "(" + c.precision() + ")" : "(" + c.precision() + "," + c.scale() + ")";
    }

    /** The type name without modifier or array brackets: {@code numeric(10,2)} → {@code numeric}. */
    static String baseName(String type) {
        String t = type.trim().toLowerCase(Locale.ROOT);
        int open = t.indexOf('(');
        if (open >= 0) {
            int close = t.indexOf(')', open);
            t = (t.substring(0, open) + (close >= 0 ? t.substring(close + 1) : "")).trim();
        }
        if (t.endsWith("[]")) t = t.substring(0, t.length() - 2).trim();
        return t.replaceAll("\\s+", " ");
    }

    /** The numbers of the first modifier of a type string: {@code numeric(10,2)} → [10, 2]; none → empty. */
    static int[] modifierNumbers(String type) {
        int open = type.indexOf('(');
        int close = open < 0 ? -1 : type.indexOf(')', open);
        if (close < 0) return new int[0];
        String[] parts = type.substring(open + 1, close).split(",");
        int[] n = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) n[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            return new int[0];
        }
        return n;
    }
}
