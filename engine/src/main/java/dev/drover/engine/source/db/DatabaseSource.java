package dev.drover.engine.source.db;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import java.sql.SQLException;
import java.util.List;

/**
 * A source database: one implementation per kind (sqlite, mysql, mssql, postgresql), each in its own
 * package, all of this shape.
 */
public interface DatabaseSource extends AutoCloseable {
    /** {@code sqlite}, {@code mysql}, ... */
    String kind();

    /** Reads the whole catalog: tables, columns, keys, indexes, foreign keys, checks, views. */
    SourceCatalog catalog() throws SQLException;

    /** The matcher for this source: {@code userRules} first, then the source's default cast table. */
    CastRules castRules(List<CastRule> userRules);

    /**
     * Statements that create what the tables' types need in the target (schemas, enum types, domains), in order;
     * they run before the tables are created, and one whose object exists already is skipped.
     */
    default List<String> typeDefinitions() throws SQLException {
        return List.of();
    }

    /**
     * A view, or a query in the source's SQL, described as a table to load ({@link SourceTable#materialized}): its
     * columns typed in the source's terms, as a table's are, so the same cast rules apply; {@link #rows} and
     * {@link #count} then read the query.
     *
     * @param name a view of the catalog ({@code view}, or {@code schema.view} where the source has schemas) when
     *             {@code sql} is null, else the name of the query's table
     * @param sql  a SELECT, or null for the view
     * @throws SQLException when the view cannot be found or the query does not run, with the server's reason
     */
    SourceTable materialize(String name, String sql) throws SQLException;

    /** Counts the table's rows now, independently of any cursor: the proof that every row was read. */
    long count(SourceTable table) throws SQLException;

    /** Streams the rows of a table, values in the order of {@code columns}. */
    RowCursor rows(SourceTable table, List<String> columns) throws SQLException;

    /**
     * The integer key a big table can be read in slices by ({@link KeyRange}), or empty when it has none this source
     * can split on; with it, {@link #keyBounds} and {@link #rows(SourceTable, List, KeyRange)} work.
     */
    default java.util.Optional<String> rangeKey(SourceTable table) throws SQLException {
        return java.util.Optional.empty();
    }

    /** The smallest and largest value of the range key, or null when the table is empty. */
    default long[] keyBounds(SourceTable table, String column) throws SQLException {
        throw new IllegalStateException(kind() + " sources offer no range key, so they have no key bounds");
    }

    /**
     * Streams the rows of one part of a table ({@link KeyRange}: a slice of a big table, or a sample's bounded read),
     * values exactly as {@link #rows} gives them, so they go through the same conversions; all rows for null.
     */
    default RowCursor rows(SourceTable table, List<String> columns, KeyRange range) throws SQLException {
        if (range == null) return rows(table, columns);
        throw new java.sql.SQLFeatureNotSupportedException(kind() + " sources cannot read a part of a table", "0A000");
    }

    /** Whether {@link #rowsAfter} works: the source can be a plan's incremental tables' source. */
    default boolean readsCursorPages() {
        return false;
    }

    /**
     * Streams one page of a keyset read in cursor order ({@link CursorPage}), values exactly as {@link #rows} gives
     * them: what an incremental plan reads past its watermark. Sources that cannot say so fail with SQL state 0A000.
     */
    default RowCursor rowsAfter(SourceTable table, List<String> columns, CursorPage page) throws SQLException {
        if (!readsCursorPages()) throw new java.sql.SQLFeatureNotSupportedException(kind() + " sources cannot be read incrementally yet", "0A000");
        throw new java.sql.SQLFeatureNotSupportedException(kind() + " sources cannot be read incrementally yet", "0A000");
    }

    /**
     * Each table's size on disk in bytes (data and indexes), by {@link SourceTable#key()}, as the catalog states it
     * without reading the tables; empty when the source does not say (a size is a guide, like a row estimate).
     */
    default java.util.Map<String, Long> tableSizes() throws SQLException {
        return java.util.Map.of();
    }

    @Override
    void close() throws SQLException;
}
