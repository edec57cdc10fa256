package dev.drover.app.model;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.target.SchemaWriter;
import dev.drover.engine.target.TableRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine would do with a draft, computed by the engine's own code ({@link DatabaseMigration#casts}): the
 * selected tables, their target names and column casts, the enum types. When the engine refuses the draft (a name
 * collision, a rule naming an unknown transform, no table selected), {@code mapping} is null and {@code problem} is the
 * engine's sentence, which the pages show as it is.
 */
record Preview(SourceCatalog catalog, DatabaseMigration.Options options, DatabaseMigration.Mapping mapping, String problem) {

    static Preview of(OpenedSource source, Draft draft) {
        DatabaseMigration.Options o;
        String problem = null;
        try {
            o = draft.migrationOptions();
        } catch (IllegalArgumentException e) {
            o = draft.migrationOptionsWithoutCasts();
            problem = e.getMessage();
        }
        SourceCatalog catalog;
        try {
            catalog = source.catalog(o);
        } catch (SQLException | IllegalArgumentException e) {
            catalog = source.catalog();
            if (problem == null) problem = "cannot read the views to materialize: " + e.getMessage();
        }
        DatabaseMigration.Mapping mapping = null;
        if (problem == null) {
            try {
                mapping = DatabaseMigration.casts(catalog, source.source(), o);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        return new Preview(catalog, o, mapping, problem);
    }

    /** Where a table goes: the engine's answer for a selected table, else where it would go if selected. */
    TableRef target(SourceTable t) {
        if (mapping != null) {
            TableRef r = mapping.targets().get(t);
            if (r != null) return r;
        }
        return options.target(t);
    }

    /** The selected tables and their casts, in catalog order; empty when the engine refused the draft. */
    Map<SourceTable, List<ColumnCast>> tables() {
        return mapping == null ? Map.of() : mapping.tables();
    }

    /** Enum types and CREATE TABLE statements: what runs before any row moves. */
    String tablesDdl(List<String> typeDefinitions) {
        if (mapping == null) return problem == null ? "" : "-- " + problem.replace("\n", "\n-- ") + "\n";
        StringBuilder s = new StringBuilder();
        for (String t : typeDefinitions) s.append(t).append(";\n\n");
        for (String t : mapping.createTypes()) s.append(t).append(";\n\n");
        for (var e : mapping.sequences().entrySet()) s.append(SchemaWriter.createSequence(e.getValue(), e.getKey())).append(";\n\n");
        for (var e : mapping.tables().entrySet()) {
            s.append(SchemaWriter.createTable(mapping.targets().get(e.getKey()), e.getValue())).append(";\n\n");
        }
        return s.toString();
    }

    /** {@link #tablesDdl}, then what runs after the data: keys and indexes, foreign keys and checks, comments. */
    String fullDdl(List<String> typeDefinitions) {
        StringBuilder s = new StringBuilder(tablesDdl(typeDefinitions));
        if (mapping == null) return s.toString();
        Map<String, TableRef> targets = new LinkedHashMap<>();
        Map<String, List<ColumnCast>> castsByKey = new LinkedHashMap<>();
        for (var e : mapping.tables().entrySet()) {
            targets.put(e.getKey().key(), mapping.targets().get(e.getKey()));
            castsByKey.put(e.getKey().key(), e.getValue());
        }
        List<SchemaWriter.Step> keys = new ArrayList<>(), constraints = new ArrayList<>(), comments = new ArrayList<>();
        for (var e : mapping.tables().entrySet()) {
            TableRef ref = mapping.targets().get(e.getKey());
            keys.addAll(SchemaWriter.keysAndIndexes(ref, e.getKey(), e.getValue()));
            constraints.addAll(SchemaWriter.constraints(ref, e.getKey(), e.getValue(), targets, castsByKey));
            comments.addAll(SchemaWriter.comments(ref, e.getKey(), e.getValue()));
        }
        steps(s, "after the data: primary keys, unique constraints and indexes", keys);
        steps(s, "then foreign keys and checks", constraints);
        steps(s, "comments", comments);
        return s.toString();
    }

    private static void steps(StringBuilder s, String heading, List<SchemaWriter.Step> steps) {
        if (steps.isEmpty()) return;
        s.append("-- ").append(heading).append('\n');
        for (SchemaWriter.Step st : steps) {
            // a step without SQL is something that cannot be built; the run reports it the same way
            if (st.sql().isEmpty()) s.append("-- not created: ").append(st.what()).append('\n');
            for (String sql : st.sql()) s.append(sql).append(";\n");
        }
        s.append('\n');
    }
}
