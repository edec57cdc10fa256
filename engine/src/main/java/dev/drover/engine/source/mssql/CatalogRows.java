package dev.drover.engine.source.mssql;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.CheckConstraint;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.PrimaryKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import dev.drover.engine.catalog.SourceSequence;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SQL Server's catalog rows (sys.tables, sys.columns with sys.types, sys.indexes with sys.index_columns,
 * sys.foreign_keys, sys.check_constraints), as plain values, turned into Drover's catalog. Kept apart from the
 * queries so the mapping is tested with rows shaped like the server's, without a server.
 */
final class CatalogRows {
    private CatalogRows() {}

    /** @param rowEstimate the sum of sys.partitions.rows of the heap or clustered index, or null */
    record TableRow(String schema, String name, Long rowEstimate, String comment) {}

    /**
     * One sys.columns row joined to its type.
     *
     * @param typeName     sys.types.name of the column's user type ({@code int}, {@code sysname}, a user alias type)
     * @param baseTypeName for an alias type (not a CLR type), the name of its system type; null otherwise
     * @param maxLength    sys.columns.max_length in bytes; -1 for (max)
     * @param computed     sys.computed_columns.definition, or null
     * @param defaultDefinition sys.default_constraints.definition, or null
     */
    record ColumnRow(String schema, String table, String name, String typeName, String baseTypeName, int maxLength,
                     int precision, int scale, boolean nullable, boolean identity, String computed,
                     String defaultDefinition, String comment) {}

    /**
     * One sys.index_columns row of an index.
     *
     * @param kind   sys.indexes.type_desc: CLUSTERED, NONCLUSTERED, XML, SPATIAL, CLUSTERED COLUMNSTORE, ...
     * @param filter sys.indexes.filter_definition, or null
     */
    record IndexRow(String schema, String table, String index, String kind, boolean primaryKey, boolean unique,
                    boolean uniqueConstraint, String filter, String column, boolean included, boolean descending) {}

    /** One sys.foreign_key_columns row; actions as sys.foreign_keys writes them ({@code NO_ACTION}, {@code SET_NULL}). */
    record ForeignKeyRow(String schema, String table, String name, String column, String refSchema, String refTable,
                         String refColumn, String onUpdate, String onDelete) {}

    record CheckRow(String schema, String table, String name, String definition, boolean disabled) {}

    /**
     * One sys.sequences row, numbers as exact integers.
     *
     * @param typeName  TYPE_NAME(system_type_id): {@code bigint}, {@code int}, {@code smallint}, {@code tinyint},
     *                  {@code decimal}, {@code numeric}
     * @param lastUsed  last_used_value (SQL Server 2017+), null when the sequence never gave a value
     * @param lastUsedKnown whether the server has last_used_value; without it, current_value is taken as given out
     */
    record SequenceRow(String schema, String name, String typeName, BigInteger start, BigInteger increment, BigInteger minimum,
                       BigInteger maximum, boolean cycling, BigInteger current, BigInteger lastUsed, boolean lastUsedKnown) {}

    /** The catalog and what of the source it does not carry (for the report). */
    record Catalog(SourceCatalog catalog, List<String> notes) {}

    static Catalog catalog(String database, List<TableRow> tableRows, List<ColumnRow> columnRows, List<IndexRow> indexRows,
                           List<ForeignKeyRow> fkRows, List<CheckRow> checkRows, List<String> views) {
        return catalog(database, tableRows, columnRows, indexRows, fkRows, checkRows, views, List.of());
    }

    static Catalog catalog(String database, List<TableRow> tableRows, List<ColumnRow> columnRows, List<IndexRow> indexRows,
                           List<ForeignKeyRow> fkRows, List<CheckRow> checkRows, List<String> views, List<SequenceRow> sequenceRows) {
        Map<String, TableParts> tables = new LinkedHashMap<>();
        for (TableRow t : tableRows) tables.put(key(t.schema(), t.name()), new TableParts(t));
        List<String> notes = new ArrayList<>();
        for (ColumnRow c : columnRows) {
            TableParts t = tables.get(key(c.schema(), c.table()));
            if (t != null) t.columns.add(column(c, t.columns.size() + 1));
        }
        indexes(tables, indexRows, notes);
        Map<String, Map<String, FkParts>> fks = new LinkedHashMap<>();
        for (ForeignKeyRow r : fkRows) {
            if (!tables.containsKey(key(r.schema(), r.table()))) continue;
            FkParts fk = fks.computeIfAbsent(key(r.schema(), r.table()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.name(), k -> new FkParts(r));
            fk.columns.add(r.column());
            fk.refColumns.add(r.refColumn());
        }
        fks.forEach((table, byName) -> byName.forEach((name, fk) -> tables.get(table).foreignKeys.add(new ForeignKey(name,
                fk.columns, fk.first.refSchema(), fk.first.refTable(), fk.refColumns, action(fk.first.onUpdate()),
                action(fk.first.onDelete())))));
        for (CheckRow r : checkRows) {
            TableParts t = tables.get(key(r.schema(), r.table()));
            if (t == null) continue;
            if (r.disabled()) {
                notes.add(t.display() + ": CHECK " + r.name() + " is disabled in SQL Server and not recreated");
                continue;
            }
            t.checks.add(new CheckConstraint(r.name(), TsqlText.toPostgres(TsqlText.unwrap(r.definition()))));
        }
        List<SourceTable> out = new ArrayList<>();
        for (TableParts t : tables.values()) {
            out.add(new SourceTable(t.row.schema(), t.row.name(), t.columns, t.primaryKey, t.indexes, t.foreignKeys, t.checks,
                    t.row.rowEstimate() == null ? -1 : t.row.rowEstimate(), t.row.comment()));
        }
        List<SourceSequence> sequences = sequenceRows.stream().map(CatalogRows::sequence).toList();
        return new Catalog(new SourceCatalog("mssql", database, out, views, sequences), List.copyOf(notes));
    }

    /**
     * A sequence in source terms. Before SQL Server 2017 there is no last_used_value, and current_value of a sequence
     * that never gave a value is its START: it is then taken as given out, which at worst skips that one value.
     */
    static SourceSequence sequence(SequenceRow r) {
        BigInteger last = r.lastUsedKnown() ? r.lastUsed() : r.current();
        return new SourceSequence(r.schema(), r.name(), r.typeName().toLowerCase(Locale.ROOT), r.start(), r.increment(),
                r.minimum(), r.maximum(), r.cycling(), last);
    }

    /**
     * A column in source terms: the base type of an alias type, lengths in characters ({@code nvarchar} counts two
     * bytes a character), no length for (max), the fractional-seconds digits of {@code time}, {@code datetime2} and
     * {@code datetimeoffset} as the typemod, the default normalised.
     */
    static SourceColumn column(ColumnRow r, int position) {
        String type = (r.baseTypeName() != null ? r.baseTypeName() : r.typeName()).toLowerCase(Locale.ROOT);
        Integer precision = null;
        Integer scale = null;
        String full = type;
        switch (type) {
            case "decimal", "numeric" -> {
                precision = r.precision();
                scale = r.scale();
                full = type + "(" + precision + "," + scale + ")";
            }
            case "char", "varchar", "binary", "varbinary", "nchar", "nvarchar" -> {
                if (r.maxLength() == -1) {
                    full = type + "(max)";
                } else {
                    precision = type.startsWith("n") ? r.maxLength() / 2 : r.maxLength();
                    full = type + "(" + precision + ")";
                }
            }
            case "time", "datetime2", "datetimeoffset" -> {
                precision = r.scale();
                full = type + "(" + precision + ")";
            }
            case "float" -> {
                precision = r.precision();
                full = type + "(" + precision + ")";
            }
            default -> { }
        }
        String generated = r.computed();
        String dflt = generated != null ? null : MssqlDefaults.normalize(r.defaultDefinition(), type);
        return new SourceColumn(r.name(), position, type, full, precision, scale, false, r.nullable(), dflt, r.identity(),
                false, generated, r.comment(), List.of());
    }

    private static void indexes(Map<String, TableParts> tables, List<IndexRow> rows, List<String> notes) {
        Map<String, Map<String, List<IndexRow>>> byTable = new LinkedHashMap<>();
        for (IndexRow r : rows) {
            if (!tables.containsKey(key(r.schema(), r.table()))) continue;
            byTable.computeIfAbsent(key(r.schema(), r.table()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.index(), k -> new ArrayList<>()).add(r);
        }
        byTable.forEach((table, indexes) -> {
            TableParts t = tables.get(table);
            indexes.forEach((name, parts) -> {
                IndexRow first = parts.get(0);
                String kind = first.kind() == null ? "" : first.kind().toUpperCase(Locale.ROOT);
                if (!kind.equals("CLUSTERED") && !kind.equals("NONCLUSTERED")) {
                    notes.add(t.display() + ": " + kind.toLowerCase(Locale.ROOT) + " index " + name
                            + " has no PostgreSQL equivalent and is not recreated");
                    return;
                }
                List<String> columns = new ArrayList<>();
                List<String> orders = new ArrayList<>();
                // included columns are payload, not key: PostgreSQL's INCLUDE, so a unique index stays as strict
                List<String> included = new ArrayList<>();
                boolean descending = false;
                for (IndexRow p : parts) {
                    if (p.included()) {
                        included.add(p.column());
                    } else {
                        columns.add(p.column());
                        orders.add(p.descending() ? "DESC" : "");
                        descending |= p.descending();
                    }
                }
                if (first.primaryKey()) {
                    if (descending) notes.add(t.display() + ": primary key " + name + " has descending columns; recreated ascending");
                    t.primaryKey = new PrimaryKey(name, columns);
                } else {
                    String where = first.filter() == null ? null : TsqlText.toPostgres(TsqlText.unwrap(first.filter()));
                    t.indexes.add(new SourceIndex(name, first.unique(), columns, null, null, where, first.uniqueConstraint(),
                            null, orders, null, null, included));
                }
            });
        });
    }

    /** {@code NO_ACTION} → {@code NO ACTION}, as the catalog record writes actions. */
    static String action(String desc) {
        return desc == null ? "NO ACTION" : desc.replace('_', ' ').toUpperCase(Locale.ROOT);
    }

    private static String key(String schema, String table) {
        return schema + "\u0000" + table;
    }

    private static final class TableParts {
        final TableRow row;
        final List<SourceColumn> columns = new ArrayList<>();
        final List<SourceIndex> indexes = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        PrimaryKey primaryKey;

        TableParts(TableRow row) {
            this.row = row;
        }

        String display() {
            return row.schema() + "." + row.name();
        }
    }

    private static final class FkParts {
        final ForeignKeyRow first;
        final List<String> columns = new ArrayList<>();
        final List<String> refColumns = new ArrayList<>();

        FkParts(ForeignKeyRow first) {
            this.first = first;
        }
    }
}
