package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides each source column's PostgreSQL definition from cast rules: the user's rules first, then the source's
 * defaults; the first rule that matches and has a target decides (reference §9.2, §9.3). A matching rule without a
 * target lends its transform (the first such one only) to the rule that decides, unless that rule has its own.
 * Every decision says which rule made it, why, and what the cast may lose.
 */
public final class CastRules {
    static final String NO_RULE = "no rule: type kept";

    private final List<Candidate> candidates;
    private final SourceDialect dialect;
    /** The run's zero-date policy, for the columns whose transform leaves it to the run. */
    private final ZeroDates zeroDates;

    /** @throws IllegalArgumentException when a rule names an unknown transform or has an invalid typemod guard */
    public CastRules(List<CastRule> userRules, List<CastRule> defaultRules) {
        this(userRules, defaultRules, SourceDialect.GENERIC);
    }

    CastRules(List<CastRule> userRules, List<CastRule> defaultRules, SourceDialect dialect) {
        List<Candidate> all = new ArrayList<>();
        for (CastRule r : userRules) all.add(Candidate.of(r, true));
        for (CastRule r : defaultRules) all.add(Candidate.of(r, false));
        this.candidates = List.copyOf(all);
        this.dialect = Objects.requireNonNull(dialect);
        this.zeroDates = ZeroDates.NULL;
    }

    private CastRules(List<Candidate> candidates, SourceDialect dialect, ZeroDates zeroDates) {
        this.candidates = candidates;
        this.dialect = dialect;
        this.zeroDates = Objects.requireNonNull(zeroDates);
    }

    /** The same rules with the run's zero-date policy (NULL unless set); a column's own rule may still choose another. */
    public CastRules withZeroDates(ZeroDates policy) {
        return new CastRules(candidates, dialect, policy);
    }

    /** The casts of all columns of {@code table}, in column order. */
    public List<ColumnCast> resolve(SourceTable table) {
        return table.columns().stream().map(c -> resolve(table, c)).toList();
    }

    public ColumnCast resolve(SourceTable table, SourceColumn column) {
        CastRule lender = null;
        for (Candidate c : candidates) {
            if (!c.matches(table, column)) continue;
            if (c.rule.targetType() == null) {
                if (lender == null && c.rule.transform() != null) lender = c.rule;
                continue;
            }
            return decide(table, column, c, lender);
        }
        return keep(table, column, lender);
    }

    private ColumnCast decide(SourceTable table, SourceColumn column, Candidate winner, CastRule lender) {
        CastRule r = winner.rule;
        List<String> warnings = new ArrayList<>();
        boolean keep = r.typemod() == null ? winner.user : r.typemod() == CastRule.Typemod.KEEP;
        String type = TargetTypes.build(r.targetType(), column, keep, r.typemod() == CastRule.Typemod.KEEP, warnings);
        // A rule to a serial pseudo-type (pgloader's own defaults use them, §9.4 rules 1-8) asks for an integer drawing
        // from a sequence: an identity of that integer type, which the run writes as the serial (or an identity) and
        // whose sequence it moves past the loaded values (§7.4 step 9); PostgreSQL's serial would be left at 1.
        String serialBase = serialBase(type);
        boolean identity = r.identity() || serialBase != null;
        if (serialBase != null) type = serialBase;
        String transform = r.transform() != null ? r.transform() : lender == null ? null : lender.transform();
        if (transform == null) transform = dialect.valueReader(column, type);
        ZeroDates zero = zeroDatesOf(transform, lender);
        CastRule.NotNull nn = r.notNull() == null ? CastRule.NotNull.KEEP : r.notNull();
        // The defaults drop NOT NULL on date columns only because zero dates become NULL: a column whose zero dates
        // are rejected or replaced keeps it.
        if (nn == CastRule.NotNull.DROP && !winner.user && zero != null && zero.action() != ZeroDates.Action.NULL) {
            nn = CastRule.NotNull.KEEP;
        }
        // PostgreSQL identity columns are always NOT NULL and cannot also have a default.
        boolean notNull = identity || switch (nn) {
            case SET -> true;
            case DROP -> false;
            case KEEP -> !column.nullable();
        };
        String defaultSql = null;
        boolean zeroDefault = zero != null && column.defaultValue() != null && ZeroDates.isZeroDate(ZeroDates.unquote(column.defaultValue()));
        if (zeroDefault && zero.action() == ZeroDates.Action.REPLACE && !(winner.user && r.defaultAction() == CastRule.DefaultAction.DROP)) {
            // a zero default means "no date yet" as much as the zero dates in the rows do
            defaultSql = "'" + zero.replacementFor(type) + "'";
        } else if (zeroDefault) {
            defaultSql = null; // PostgreSQL has no zero date, so the default cannot be kept
        } else if (r.defaultAction() != CastRule.DefaultAction.DROP && column.defaultValue() != null) {
            if (identity) {
                warnings.add("default " + column.defaultValue() + " dropped: identity columns take their values from a sequence");
            } else {
                defaultSql = defaultFor(column, type, warnings);
            }
        }
        boolean reader = transform == null && dialect.readerFor(type) != null;
        if (reader) transform = dialect.readerFor(type);
        warnings.addAll(Narrowing.warnings(sourceType(column), dialect.capacity(column), type, Capacity.ofTarget(type)));
        if (zero != null) warnings.addAll(zero.notes(column, notNull, defaultSql));
        warnings.addAll(dialect.notes(column, r, type));
        String why = RuleDescription.why(table, column, r, type, transform, r.transform() == null ? lender : null)
                + (reader ? " (reads source values for " + type + ")" : "")
                + (zero != null && ZeroDates.statedBy(transform) == null && lender != null && ZeroDates.statedBy(lender.transform()) != null
                        ? "; zero dates " + zero.outcome() + " (from " + lender.origin() + ")" : "");
        return new ColumnCast(column, targetName(column), type, identity, notNull, defaultSql, transform,
                r.origin(), why, warnings, zero, identity && dialect.identityAlways(column),
                identity ? null : dialect.generation(column, type));
    }

    /** {@code smallint}, {@code integer} or {@code bigint} for a serial pseudo-type, else null. */
    private static String serialBase(String type) {
        return switch (TargetTypes.baseName(type)) {
            case "smallserial", "serial2" -> "smallint";
            case "serial", "serial4" -> "integer";
            case "bigserial", "serial8" -> "bigint";
            default -> null;
        };
    }

    /**
     * What the column's zero dates become: what its transform states ({@code zero-dates-to-null},
     * {@code zero-dates-reject}); for a source transform that leaves them to the run, what a lent rule states, else
     * the run's policy; null when the transform does not look for zero dates.
     */
    private ZeroDates zeroDatesOf(String transform, CastRule lender) {
        ZeroDates stated = ZeroDates.statedBy(transform);
        if (stated != null) return stated;
        if (!ZeroDates.followsRun(transform)) return null;
        ZeroDates lent = lender == null ? null : ZeroDates.statedBy(lender.transform());
        return lent != null ? lent : zeroDates;
    }

    /** As pgloader: no rule with a target, the source's full type goes to PostgreSQL verbatim. */
    private ColumnCast keep(SourceTable table, SourceColumn column, CastRule lender) {
        List<String> warnings = new ArrayList<>();
        String type = sourceType(column);
        warnings.add("no cast rule matched: type " + type + " kept as declared; check PostgreSQL accepts it");
        String defaultSql = defaultFor(column, type, warnings);
        String transform = lender == null ? null : lender.transform();
        String why = "no rule matched " + type + ": type kept as declared"
                + (lender == null ? "" : "; transform " + transform + " from " + lender.origin());
        ZeroDates zero = zeroDatesOf(transform, null);
        if (zero != null) warnings.addAll(zero.notes(column, !column.nullable(), defaultSql));
        return new ColumnCast(column, targetName(column), type, false, !column.nullable(), defaultSql, transform,
                NO_RULE, why, warnings, zero, false, dialect.generation(column, type));
    }

    private static String defaultFor(SourceColumn column, String type, List<String> warnings) {
        if (Defaults.isExpression(column.defaultValue())) {
            warnings.add("default " + column.defaultValue() + " written as is: check it is valid in PostgreSQL");
        }
        return Defaults.toSql(column.defaultValue(), type);
    }

    /** The column's type as the source declares it ({@code varchar(80)}), as explanations and the wizard show it. */
    public static String sourceType(SourceColumn c) {
        if (c.fullType() != null && !c.fullType().isBlank()) return c.fullType();
        return c.hasTypemod() ? c.dataType() + TargetTypes.modifier(c) : c.dataType();
    }

    // The identifier policy (downcase unless quoting is needed) is applied later, by the target schema.
    private static String targetName(SourceColumn c) {
        return c.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A rule with its guard compiled and whether it came from the user (user rules keep the modifier). */
    private record Candidate(CastRule rule, boolean user, TypemodGuard guard) {

        static Candidate of(CastRule r, boolean user) {
            if (r.transform() != null && Transforms.byName(r.transform()).isEmpty()) {
                throw new IllegalArgumentException(r.origin() + ": unknown transform '" + r.transform() + "'");
            }
            if (!r.isColumnRule() && r.type() == null) {
                throw new IllegalArgumentException(r.origin() + ": a rule needs a type or a table and column to match");
            }
            TypemodGuard guard = null;
            if (r.typemodGuard() != null) {
                try {
                    guard = TypemodGuard.parse(r.typemodGuard());
                } catch (TypemodGuard.GuardException e) {
                    throw new IllegalArgumentException(r.origin() + ": typemod guard " + r.typemodGuard() + ": " + e.getMessage(), e);
                }
            }
            return new Candidate(r, user, guard);
        }

        boolean matches(SourceTable table, SourceColumn c) {
            if (rule.isColumnRule()) {
                // Guards on a column rule are ignored, as in pgloader: the column is named exactly.
                return (rule.table().equalsIgnoreCase(table.name()) || rule.table().equalsIgnoreCase(table.display()))
                        && rule.column().equalsIgnoreCase(c.name());
            }
            if (!rule.type().equals("*") && !rule.type().equalsIgnoreCase(c.dataType())) return false;
            if (guard != null && !guard.test(c.precision(), c.scale())) return false;
            if (rule.unsigned() != null && rule.unsigned() != c.unsigned()) return false;
            if (rule.whenDefault() != null && !sameDefault(rule.whenDefault(), c.defaultValue())) return false;
            if (rule.whenNotNull() && c.nullable()) return false;
            if (rule.autoIncrement() != null && rule.autoIncrement() != c.autoIncrement()) return false;
            return rule.onUpdate() == null || rule.onUpdate() == c.onUpdateCurrentTimestamp();
        }

        /** Catalogs differ in quoting defaults (MySQL: 0000-00-00, SQLite: '0000-00-00'); both forms match. */
        private static boolean sameDefault(String wanted, String actual) {
            if (actual == null) return false;
            String a = actual.trim();
            if (a.equalsIgnoreCase(wanted)) return true;
            return a.length() >= 2 && a.startsWith("'") && a.endsWith("'")
                    && a.substring(1, a.length() - 1).replace("''", "'").equalsIgnoreCase(wanted);
        }
    }
}
