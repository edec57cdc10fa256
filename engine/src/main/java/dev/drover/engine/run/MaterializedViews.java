package dev.drover.engine.run;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.plan.DatabaseSpec.Materialize;
import dev.drover.engine.source.db.DatabaseSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a plan's {@code materialize} entries into tables of the catalog, after its tables: each view or query is
 * described by the source as a table, so cast rules, include, exclude and rename treat it as one. A name that is
 * not a view, a view that include or exclude leaves out though it is named, or a query that does not run is a plan
 * error that names what is wrong before anything is created.
 */
final class MaterializedViews {
    private MaterializedViews() {}

    static SourceCatalog add(SourceCatalog catalog, DatabaseSource source, DatabaseMigration.Options o) throws SQLException {
        if (o.materialize().isEmpty()) return catalog;
        List<SourceTable> tables = new ArrayList<>(catalog.tables());
        Set<String> done = new HashSet<>();
        for (Materialize m : o.materialize()) {
            if (m.allViews()) {
                // like tables, the views that include and exclude leave out are simply not migrated
                for (String v : new LinkedHashSet<>(catalog.views())) {
                    if (o.selects(v) && done.add(v)) tables.add(describe(source, m, v, null));
                }
                continue;
            }
            String name = m.isQuery() ? m.name() : view(catalog, m.name());
            if (!o.selects(name.substring(name.lastIndexOf('.') + 1))) {
                throw new IllegalArgumentException("materialize " + m.name() + ": it is left out by"
                        + (o.include().isEmpty() ? "" : " include " + o.include()) + (o.exclude().isEmpty() ? "" : " exclude " + o.exclude())
                        + "; widen the filters or drop the entry");
            }
            if (m.isQuery() || done.add(name)) tables.add(describe(source, m, name, m.sql()));
        }
        return new SourceCatalog(catalog.kind(), catalog.database(), tables, catalog.views(), catalog.sequences());
    }

    /** The view as the catalog writes it (a bare name may differ in case), keeping a schema the entry gives. */
    private static String view(SourceCatalog catalog, String entry) {
        int dot = entry.lastIndexOf('.');
        String bare = entry.substring(dot + 1), prefix = entry.substring(0, dot + 1);
        if (catalog.views().contains(bare)) return entry;
        List<String> close = catalog.views().stream().filter(v -> v.equalsIgnoreCase(bare)).distinct().toList();
        if (close.size() == 1) return prefix + close.get(0);
        String why = catalog.views().isEmpty() ? catalog.database() + " has no views"
                : "its views are " + String.join(", ", new LinkedHashSet<>(catalog.views()));
        if (catalog.tables().stream().anyMatch(t -> t.name().equalsIgnoreCase(bare))) {
            why += "; " + bare + " is a table, migrated as one without materialize";
        }
        throw new IllegalArgumentException("materialize: no view " + entry + " in " + catalog.database() + " (" + why + ")");
    }

    private static SourceTable describe(DatabaseSource source, Materialize m, String name, String sql) throws SQLException {
        SourceTable t;
        try {
            t = source.materialize(name, sql);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) throw e; // the connection, not the plan
            throw new IllegalArgumentException("materialize " + m.name() + ": " + e.getMessage(), e);
        }
        Set<String> names = new HashSet<>();
        for (SourceColumn c : t.columns()) {
            if (c.name() == null || c.name().isBlank()) {
                throw new IllegalArgumentException("materialize " + name + ": column " + c.position() + " has no name; give it one"
                        + " in the query (... AS a_name)");
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("materialize " + name + ": two columns are named " + c.name()
                        + "; give them distinct names in the query (... AS other_name)");
            }
        }
        return t;
    }
}
