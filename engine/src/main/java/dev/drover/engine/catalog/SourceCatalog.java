package dev.drover.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * What a source database holds, read once before anything moves: the input of cast rules and of the
 * target schema.
 *
 * @param kind     source kind: {@code sqlite}, {@code mysql}, {@code mssql}, {@code postgresql}
 * @param database the source database (file name for SQLite)
 * @param tables   base tables, then the views and queries materialized as tables ({@link SourceTable#isMaterialized()})
 * @param views    view names (listed; loaded only when asked to materialize them)
 * @param sequences sequences no column owns (SQL Server's, PostgreSQL's without OWNED BY), whichever schema they are
 *                  in: defaults may draw from any
 */
public record SourceCatalog(String kind, String database, List<SourceTable> tables, List<String> views,
                            List<SourceSequence> sequences) {
    public SourceCatalog {
        tables = List.copyOf(tables);
        views = views == null ? List.of() : List.copyOf(views);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
    }

    /** A catalog without sequences. */
    public SourceCatalog(String kind, String database, List<SourceTable> tables, List<String> views) {
        this(kind, database, tables, views, List.of());
    }

    public Optional<SourceTable> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
