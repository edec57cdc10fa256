package dev.drover.engine.ingest;

import dev.drover.engine.target.TableRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A target table of an incremental run: schema, name, ordered columns with their PostgreSQL types as
 * {@code CREATE TABLE} takes them ({@code bigint}, {@code varchar(20)}, {@code timestamptz}, {@code jsonb}...),
 * and the primary key. Names are used exactly as given (never folded), so quotes, dots, spaces and emoji
 * are fine. Primary key columns are NOT NULL whatever {@link Column#nullable} says, as in PostgreSQL.
 */
public record TableSpec(String schema, String name, List<Column> columns, List<String> primaryKey) {

    public record Column(String name, String type, boolean nullable) {
        public Column {
            requireName(name, "column name");
            requireName(type, "type of column " + name);
        }

        public static Column of(String name, String type) { return new Column(name, type, true); }

        public static Column notNull(String name, String type) { return new Column(name, type, false); }
    }

    public TableSpec {
        requireName(schema, "schema");
        requireName(name, "table name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        if (columns.isEmpty()) throw new IllegalArgumentException("table " + schema + "." + name + " has no columns");
        Set<String> seen = new HashSet<>();
        for (Column c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("table " + schema + "." + name + " names column " + c.name() + " twice");
            }
        }
        Set<String> keySeen = new HashSet<>();
        for (String k : primaryKey) {
            if (!seen.contains(k)) {
                throw new IllegalArgumentException("primary key column " + k + " is not a column of " + schema + "." + name);
            }
            if (!keySeen.add(k)) throw new IllegalArgumentException("primary key of " + schema + "." + name + " names " + k + " twice");
        }
    }

    public static Builder builder(String schema, String name) {
        return new Builder(schema, name);
    }

    public TableRef ref() { return new TableRef(schema, name); }

    /** {@code "schema"."name"} */
    public String sql() { return ref().sql(); }

    public boolean hasPrimaryKey() { return !primaryKey.isEmpty(); }

    /** Whether PostgreSQL lets the column hold NULL: declared nullable and not part of the primary key. */
    public boolean nullable(Column c) { return c.nullable() && !primaryKey.contains(c.name()); }

    /** Same schema and name: how rows find their table. */
    boolean sameTable(TableSpec other) {
        return schema.equals(other.schema) && name.equals(other.name);
    }

    private static void requireName(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) throw new IllegalArgumentException(what + " is empty");
    }

    public static final class Builder {
        private final String schema, name;
        private final List<Column> columns = new ArrayList<>();
        private final List<String> key = new ArrayList<>();

        private Builder(String schema, String name) {
            this.schema = schema;
            this.name = name;
        }

        /** A nullable column. */
        public Builder column(String column, String type) {
            columns.add(Column.of(column, type));
            return this;
        }

        public Builder notNull(String column, String type) {
            columns.add(Column.notNull(column, type));
            return this;
        }

        public Builder primaryKey(String... keyColumns) {
            key.clear();
            key.addAll(List.of(keyColumns));
            return this;
        }

        public TableSpec build() {
            return new TableSpec(schema, name, columns, key);
        }
    }
}
