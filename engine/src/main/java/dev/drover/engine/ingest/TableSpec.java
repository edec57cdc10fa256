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
 * the primary key, and the secondary indexes. Names are used exactly as given (never folded), so quotes, dots,
 * spaces and emoji are fine. Primary key columns are NOT NULL whatever {@link Column#nullable} says, as in PostgreSQL.
 *
 * <p>Indexes are compared with the table's by definition, never by name (reference §5.5: a renamed or truncated
 * index name is no difference). {@link IndexPolicy} says what a difference does.
 */
public record TableSpec(String schema, String name, List<Column> columns, List<String> primaryKey, List<Index> indexes,
                        IndexPolicy indexPolicy, Set<String> keptColumns) {

    public record Column(String name, String type, boolean nullable) {
        public Column {
            requireName(name, "column name");
            requireName(type, "type of column " + name);
        }

        public static Column of(String name, String type) { return new Column(name, type, true); }

        public static Column notNull(String name, String type) { return new Column(name, type, false); }
    }

    /**
     * A secondary index. {@code definition} is what follows {@code CREATE INDEX name ON table}: a column list
     * {@code ("a", lower("b"))}, optionally with {@code USING method}, {@code INCLUDE}, {@code WHERE}. {@code name}
     * null lets PostgreSQL choose one.
     */
    public record Index(String name, boolean unique, String definition) {
        public Index {
            requireName(definition, "definition of index " + name);
            if (name != null && name.isEmpty()) throw new IllegalArgumentException("an index name is empty: give null to let PostgreSQL choose");
        }

        /** A b-tree on these columns, quoted as given. */
        public static Index on(String name, String... columns) {
            return new Index(name, false, "(" + TargetTables.columnList(List.of(columns)) + ")");
        }

        /** A unique b-tree on these columns, quoted as given. */
        public static Index uniqueOn(String name, String... columns) {
            return new Index(name, true, "(" + TargetTables.columnList(List.of(columns)) + ")");
        }

        /** {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [name] ON table definition}. */
        String create(TableRef table, String as, boolean concurrently) {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + (concurrently ? "CONCURRENTLY " : "")
                    + (as == null ? "" : TableRef.quote(as) + " ") + "ON " + table.sql() + " " + definition;
        }
    }

    /** What the run does when the table's secondary indexes differ from {@link #indexes()}. */
    public enum IndexPolicy {
        /** The table's indexes are not looked at (a spec that lists none, unless told otherwise). */
        IGNORE,
        /** Missing indexes are created; indexes the spec does not list are kept (someone else's). */
        ADD_MISSING,
        /** The table ends with exactly the spec's indexes: missing ones created, others dropped. */
        EXACT
    }

    /** A spec that leaves the table's indexes alone. */
    public TableSpec(String schema, String name, List<Column> columns, List<String> primaryKey) {
        this(schema, name, columns, primaryKey, List.of(), IndexPolicy.IGNORE, Set.of());
    }

    public TableSpec {
        requireName(schema, "schema");
        requireName(name, "table name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        indexPolicy = indexPolicy == null ? (indexes.isEmpty() ? IndexPolicy.IGNORE : IndexPolicy.EXACT) : indexPolicy;
        keptColumns = keptColumns == null ? Set.of() : Set.copyOf(keptColumns);
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
        private final List<Index> indexes = new ArrayList<>();
        private IndexPolicy indexPolicy;
        private final Set<String> kept = new HashSet<>();

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

        /** A secondary index; a spec with indexes has {@link IndexPolicy#EXACT} unless {@link #indexPolicy} says otherwise. */
        public Builder index(Index index) {
            indexes.add(index);
            return this;
        }

        public Builder indexPolicy(IndexPolicy policy) {
            indexPolicy = policy;
            return this;
        }

        /**
         * Columns of the table that the rows do not fill and a migration must not drop (generated columns, say): not
         * a difference when the table has them.
         */
        public Builder keep(String... columns) {
            kept.addAll(List.of(columns));
            return this;
        }

        public TableSpec build() {
            return new TableSpec(schema, name, columns, key, indexes, indexPolicy, kept);
        }
    }
}
