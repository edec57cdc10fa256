package dev.drover.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A table of the source database with everything a migration recreates.
 *
 * @param schema      the source schema (the database name for MySQL, {@code main} for SQLite)
 * @param name        the table name, exactly as the source writes it
 * @param columns     in ordinal order
 * @param primaryKey  or null
 * @param indexes     every index, unique ones included (the primary key's own index is not listed)
 * @param foreignKeys outgoing foreign keys
 * @param checks      CHECK constraints
 * @param rowEstimate the catalog's row estimate, or -1 when unknown
 * @param comment     or null
 * @param query       for a materialized view or query, the SELECT in the source's SQL whose rows the table holds
 *                    (sources read {@code SELECT columns FROM (query) q}); null for a table, read by its name
 */
public record SourceTable(String schema, String name, List<SourceColumn> columns, PrimaryKey primaryKey,
                          List<SourceIndex> indexes, List<ForeignKey> foreignKeys, List<CheckConstraint> checks,
                          long rowEstimate, String comment, String query) {
    public SourceTable {
        columns = List.copyOf(columns);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A table of the source, read by its name. */
    public SourceTable(String schema, String name, List<SourceColumn> columns, PrimaryKey primaryKey, List<SourceIndex> indexes,
                       List<ForeignKey> foreignKeys, List<CheckConstraint> checks, long rowEstimate, String comment) {
        this(schema, name, columns, primaryKey, indexes, foreignKeys, checks, rowEstimate, comment, null);
    }

    /**
     * A view or a query loaded as a table. Only the columns' types and nullability carry over: a view's defaults,
     * identities and generated expressions belong to the tables under it, and its rows have no key to order or
     * index by. The row count is unknown until the query runs.
     *
     * @param query the SELECT in the source's SQL ({@code SELECT * FROM the_view} for a view)
     */
    public static SourceTable materialized(String schema, String name, List<SourceColumn> columns, String query) {
        List<SourceColumn> plain = columns.stream().map(c -> new SourceColumn(c.name(), c.position(), c.dataType(), c.fullType(),
                c.precision(), c.scale(), c.unsigned(), c.nullable(), null, false, false, null, null, c.labels())).toList();
        return new SourceTable(schema, name, plain, null, List.of(), List.of(), List.of(), -1, null, query);
    }

    /** Whether the rows come from a view or a query rather than a table. */
    public boolean isMaterialized() {
        return query != null;
    }

    public Optional<SourceColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * What names this table among the catalog's tables, schema included (two schemas may each have an
     * {@code orders}); a foreign key names its table the same way ({@link ForeignKey#refKey}).
     */
    public String key() {
        return key(schema, name);
    }

    public static String key(String schema, String name) {
        return (schema == null ? "" : schema) + "\u0000" + name;
    }

    /** {@code schema.name}, for messages. */
    public String display() {
        return schema == null || schema.isEmpty() ? name : schema + "." + name;
    }

    /** @param columns the key's columns in key order */
    public record PrimaryKey(String name, List<String> columns) {
        public PrimaryKey {
            columns = List.copyOf(columns);
        }
    }

    /**
     * @param columns     column names, or for an expression part, the expression text
     * @param expressions per part: true when it is an expression rather than a column
     * @param prefixLengths per part: MySQL prefix length, or 0
     * @param where       partial index predicate in source syntax, or null
     * @param constraint  true for a UNIQUE constraint (rather than a bare unique index)
     * @param method      the source's access method or index kind, lower case ({@code gin}, {@code gist}, {@code hash},
     *                    {@code brin}, {@code fulltext}, {@code spatial}), or null for the ordinary (b-tree) index
     * @param orders      per part: {@code ""}, {@code DESC}, or either followed by {@code NULLS FIRST}/{@code NULLS LAST}
     *                    where it differs from the default (SQL standard words)
     * @param opclasses   per part: the operator class when not the type's default, as {@code name} for a built-in one
     *                    and {@code schema.name} otherwise, or {@code ""}
     * @param collations  per part: the collation when it differs from the column's ({@code "C"}, quoted as SQL), or {@code ""}
     * @param include     non-key columns stored in the index ({@code INCLUDE}), in order
     */
    public record SourceIndex(String name, boolean unique, List<String> columns, List<Boolean> expressions,
                              List<Integer> prefixLengths, String where, boolean constraint, String method,
                              List<String> orders, List<String> opclasses, List<String> collations, List<String> include) {
        public SourceIndex {
            columns = List.copyOf(columns);
            expressions = expressions == null ? columns.stream().map(c -> false).toList() : List.copyOf(expressions);
            prefixLengths = prefixLengths == null ? columns.stream().map(c -> 0).toList() : List.copyOf(prefixLengths);
            orders = orders == null ? columns.stream().map(c -> "").toList() : List.copyOf(orders);
            opclasses = opclasses == null ? columns.stream().map(c -> "").toList() : List.copyOf(opclasses);
            collations = collations == null ? columns.stream().map(c -> "").toList() : List.copyOf(collations);
            include = include == null ? List.of() : List.copyOf(include);
            method = method == null || method.isEmpty() || method.equals("btree") ? null : method;
        }

        /** An ordinary ascending b-tree index. */
        public SourceIndex(String name, boolean unique, List<String> columns, List<Boolean> expressions,
                           List<Integer> prefixLengths, String where, boolean constraint) {
            this(name, unique, columns, expressions, prefixLengths, where, constraint, null, null, null, null, null);
        }
    }

    /** Actions are upper-case SQL: {@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT}, {@code RESTRICT}, {@code NO ACTION}. */
    public record ForeignKey(String name, List<String> columns, String refSchema, String refTable, List<String> refColumns,
                             String onUpdate, String onDelete) {
        public ForeignKey {
            columns = List.copyOf(columns);
            refColumns = List.copyOf(refColumns);
        }

        /** The {@link SourceTable#key()} of the referenced table; a key without a schema references the child's. */
        public String refKey(SourceTable child) {
            return key(refSchema == null || refSchema.isEmpty() ? child.schema() : refSchema, refTable);
        }
    }

    public record CheckConstraint(String name, String expression) {}
}
