package dev.drover.engine.plan;

import java.util.List;

/**
 * What to move and how: the contract between the wizard, the command line and the engine.
 * Read from and written to YAML by {@link PlanYaml}; {@code version} is the plan format version.
 * A plan moves either file tables ({@code tables}) or a whole source database ({@code database}).
 */
public record Plan(int version, TargetSpec target, LoadOptions options, List<TableLoad> tables, DatabaseSpec database) {
    public static final int CURRENT_VERSION = 1;

    public Plan {
        tables = List.copyOf(tables);
        if (database == null && options != null && !options.afterSchemaSql().isEmpty()) {
            throw new IllegalArgumentException("after_schema_sql runs between creating a database migration's tables and"
                    + " loading them; a plan of files has no such step: use before_sql");
        }
    }

    /** A plan of file tables. */
    public Plan(int version, TargetSpec target, LoadOptions options, List<TableLoad> tables) {
        this(version, target, options, tables, null);
    }
}
