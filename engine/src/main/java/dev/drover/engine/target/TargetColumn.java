package dev.drover.engine.target;

/**
 * A column of an existing PostgreSQL table, as the catalog describes it.
 *
 * @param name        column name, exactly as stored (unquoted)
 * @param typeOid     {@code atttypid}; for a domain, see {@code baseTypeOid}
 * @param baseTypeOid the type whose binary format the column uses (domain base type, or {@code typeOid})
 * @param typeName    {@code format_type(atttypid, atttypmod)}, e.g. {@code character varying(20)}
 * @param typmod      {@code atttypmod} (-1 when none)
 * @param category    {@code typcategory} of the base type ('E' enum, 'A' array, ...)
 * @param notNull     {@code attnotnull}
 * @param hasDefault  {@code atthasdef}
 * @param generated   a stored generated column: never in a COPY column list
 */
public record TargetColumn(String name, int typeOid, int baseTypeOid, String typeName, int typmod, char category,
                           boolean notNull, boolean hasDefault, boolean generated) {
}
