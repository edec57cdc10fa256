package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import java.util.List;

/**
 * What the matcher needs to know about a source beyond its rules: what its type names hold (SQLite's
 * {@code tinyint} holds 64-bit integers) and which remarks its columns deserve.
 */
interface SourceDialect {

    Capacity capacity(SourceColumn column);

    /** Source-specific warnings for the decided cast, after the generic narrowing ones. */
    List<String> notes(SourceColumn column, CastRule winner, String targetType);

    /**
     * The transform for a column whose rule names none, or null to pass driver values on unchanged. Sources whose
     * driver values need reading for any target (SQLite: any value in any column) name one per target type.
     */
    default String readerFor(String targetType) {
        return null;
    }

    /**
     * The transform a column needs whatever rule decided its type, when that rule names none: how the source's values
     * of that column must be read for the target type (MySQL: zero dates in a date column cast by a user rule), or
     * null.
     */
    default String valueReader(SourceColumn column, String targetType) {
        return null;
    }

    /** Whether an identity column of the source stays {@code GENERATED ALWAYS} in the target (else {@code BY DEFAULT}). */
    default boolean identityAlways(SourceColumn column) {
        return false;
    }

    /**
     * The generation expression, in PostgreSQL syntax, of a generated source column the target can compute itself,
     * or null to load the column with the source's values (the source's expression is in another dialect, or cannot
     * be carried: {@link #notes} says why).
     */
    default String generation(SourceColumn column, String targetType) {
        return null;
    }

    /** Type names read as MySQL, SQL Server and PostgreSQL use them. */
    SourceDialect GENERIC = new SourceDialect() {
        @Override
        public Capacity capacity(SourceColumn c) {
            return Capacity.of(TargetTypes.baseName(c.dataType()), c.precision(), c.scale(), c.unsigned());
        }

        @Override
        public List<String> notes(SourceColumn column, CastRule winner, String targetType) {
            return List.of();
        }
    };
}
