package dev.drover.engine.target;

import java.util.List;
import java.util.Optional;

/**
 * An existing target table: its resolved name, columns in table order, and what the load may
 * drop and rebuild around itself.
 */
public record TargetTable(TableRef ref, long oid, List<TargetColumn> columns, List<IndexDef> indexes,
                          boolean hasUserTriggers) {
    public TargetTable {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
    }

    /** Exact match first, then the only case-insensitive match. */
    public Optional<TargetColumn> column(String name) {
        for (TargetColumn c : columns) if (c.name().equals(name)) return Optional.of(c);
        TargetColumn found = null;
        for (TargetColumn c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                if (found != null) return Optional.empty();
                found = c;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Columns a COPY may name: every column except stored generated ones. */
    public List<TargetColumn> copyableColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    /**
     * An index, with the constraint it backs when there is one.
     *
     * @param name           index name
     * @param definition     {@code pg_get_indexdef}
     * @param constraintName backing constraint (primary key, unique, exclusion) or null
     * @param constraintType 'p', 'u', 'x' or 0
     * @param constraintDef  {@code pg_get_constraintdef}, or null
     */
    public record IndexDef(String name, String definition, String constraintName, char constraintType,
                           String constraintDef) {
    }
}
