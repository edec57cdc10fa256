package dev.drover.app.model;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.MssqlCasts;
import dev.drover.engine.cast.MysqlCasts;
import dev.drover.engine.cast.PostgresCasts;
import dev.drover.engine.cast.SqliteCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The source database the Tables, Cast rules and Review pages read: its connection, kept open while the wizard shows
 * it, and its catalog, read once (again only when the views to materialize change). The Source page opens it once the
 * connection test passes and closes it when another source is chosen.
 */
public final class OpenedSource implements AutoCloseable {
    private final String url;
    private final DatabaseSource source;
    private final SourceCatalog tables;
    private SourceCatalog withViews;
    private List<DatabaseSpec.Materialize> viewsRead = List.of();
    private Draft lastDraft;
    private Preview lastPreview;

    private OpenedSource(String url, DatabaseSource source) throws SQLException {
        this.url = url;
        this.source = source;
        this.tables = source.catalog();
    }

    /** Opens {@code url} ({@code sqlite:///path/shop.db}, {@code mysql://user@host/db}, ...) and reads its catalog. */
    public static OpenedSource open(String url) throws SQLException {
        DatabaseSource s = DatabaseSources.open(url);
        try {
            return new OpenedSource(url, s);
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public String url() {
        return url;
    }

    /** {@code sqlite}, {@code mysql}, {@code mssql}, {@code postgresql}. */
    public String kind() {
        return source.kind();
    }

    public DatabaseSource source() {
        return source;
    }

    /** The source's tables, without materialized views. */
    public SourceCatalog catalog() {
        return tables;
    }

    /**
     * The source's cast table, in the order the rules are tried after the user's (a PostgreSQL source adds one rule
     * per user-defined type of its catalog, not listed here).
     */
    public List<CastRule> defaultRules() {
        return switch (source.kind()) {
            case "sqlite" -> SqliteCasts.defaults();
            case "mysql" -> MysqlCasts.defaults();
            case "mssql" -> MssqlCasts.defaults();
            case "postgresql" -> PostgresCasts.defaults();
            default -> List.of();
        };
    }

    /** The catalog a run of these options works on: the tables, then the views and queries to materialize. */
    SourceCatalog catalog(DatabaseMigration.Options o) throws SQLException {
        if (o.materialize().isEmpty()) return tables;
        if (withViews == null || !viewsRead.equals(o.materialize())) {
            withViews = DatabaseMigration.catalog(source, o);
            viewsRead = o.materialize();
        }
        return withViews;
    }

    /** What the engine would do with this draft; the last answer is kept, since every page asks after each change. */
    Preview preview(Draft draft) {
        if (lastPreview == null || !Objects.equals(lastDraft, draft)) {
            lastPreview = Preview.of(this, draft);
            lastDraft = draft;
        }
        return lastPreview;
    }

    @Override
    public void close() throws SQLException {
        source.close();
    }
}
