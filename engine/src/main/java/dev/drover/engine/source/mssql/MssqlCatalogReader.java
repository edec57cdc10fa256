package dev.drover.engine.source.mssql;

import dev.drover.engine.source.mssql.CatalogRows.CheckRow;
import dev.drover.engine.source.mssql.CatalogRows.ColumnRow;
import dev.drover.engine.source.mssql.CatalogRows.ForeignKeyRow;
import dev.drover.engine.source.mssql.CatalogRows.IndexRow;
import dev.drover.engine.source.mssql.CatalogRows.TableRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the user tables of one SQL Server database from the sys views into {@link CatalogRows}, which does the
 * mapping. System schemas (sys, INFORMATION_SCHEMA) hold no user tables ({@code is_ms_shipped = 0} excludes the
 * rest of what ships with the server).
 */
final class MssqlCatalogReader {
    private static final String USER_TABLES = " FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id";
    private static final String DESCRIPTION = "CAST(ep.value AS nvarchar(4000))";

    private final Connection conn;
    private final List<String> schemas;

    /** @param schemas the schemas to read, or empty for every user schema */
    MssqlCatalogReader(Connection conn, List<String> schemas) {
        this.conn = conn;
        this.schemas = List.copyOf(schemas);
    }

    CatalogRows.Catalog read(String database) throws SQLException {
        List<TableRow> tables = new ArrayList<>();
        query("SELECT s.name, t.name, (SELECT SUM(p.rows) FROM sys.partitions p WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)), "
                + DESCRIPTION + USER_TABLES + " LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = t.object_id"
                + " AND ep.minor_id = 0 AND ep.name = 'MS_Description'" + where() + " ORDER BY s.name, t.name", rs -> {
            long rows = rs.getLong(3);
            tables.add(new TableRow(rs.getString(1), rs.getString(2), rs.wasNull() ? null : rows, rs.getString(4)));
        });
        List<ColumnRow> columns = new ArrayList<>();
        query("SELECT s.name, t.name, c.name, ty.name, bt.name, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity,"
                + " cc.definition, dc.definition, " + DESCRIPTION + USER_TABLES
                + " JOIN sys.columns c ON c.object_id = t.object_id JOIN sys.types ty ON ty.user_type_id = c.user_type_id"
                // an alias type (sysname, CREATE TYPE phone FROM nvarchar(20)) is read as its system type; CLR types by name
                + " LEFT JOIN sys.types bt ON ty.is_user_defined = 1 AND ty.is_assembly_type = 0 AND bt.user_type_id = c.system_type_id"
                + " LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id"
                + " LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id"
                + " LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id"
                + " AND ep.name = 'MS_Description'" + where() + " ORDER BY s.name, t.name, c.column_id", rs -> columns.add(new ColumnRow(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7),
                rs.getInt(8), rs.getBoolean(9), rs.getBoolean(10), rs.getString(11), rs.getString(12), rs.getString(13))));
        List<IndexRow> indexes = new ArrayList<>();
        query("SELECT s.name, t.name, i.name, i.type_desc, i.is_primary_key, i.is_unique, i.is_unique_constraint,"
                + " i.filter_definition, c.name, ic.is_included_column, ic.is_descending_key" + USER_TABLES
                + " JOIN sys.indexes i ON i.object_id = t.object_id"
                + " JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
                + " JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
                + where() + (where().isEmpty() ? " WHERE" : " AND") + " i.is_hypothetical = 0 AND i.is_disabled = 0"
                + " ORDER BY s.name, t.name, i.name, ic.is_included_column, ic.key_ordinal, ic.index_column_id", rs -> indexes.add(
                new IndexRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6),
                        rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11))));
        List<ForeignKeyRow> fks = new ArrayList<>();
        query("SELECT s.name, t.name, fk.name, pc.name, rs.name, rt.name, rc.name, fk.update_referential_action_desc,"
                + " fk.delete_referential_action_desc" + USER_TABLES
                + " JOIN sys.foreign_keys fk ON fk.parent_object_id = t.object_id"
                + " JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id"
                + " JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id"
                + " JOIN sys.tables rt ON rt.object_id = fkc.referenced_object_id JOIN sys.schemas rs ON rs.schema_id = rt.schema_id"
                + " JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id"
                + where() + " ORDER BY s.name, t.name, fk.name, fkc.constraint_column_id", r -> fks.add(new ForeignKeyRow(
                r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                r.getString(8), r.getString(9))));
        List<CheckRow> checks = new ArrayList<>();
        query("SELECT s.name, t.name, ck.name, ck.definition, ck.is_disabled" + USER_TABLES
                + " JOIN sys.check_constraints ck ON ck.parent_object_id = t.object_id" + where() + " ORDER BY s.name, t.name, ck.name",
                rs -> checks.add(new CheckRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5))));
        List<String> views = new ArrayList<>();
        query("SELECT v.name FROM sys.views v JOIN sys.schemas s ON s.schema_id = v.schema_id WHERE v.is_ms_shipped = 0"
                + schemaFilter() + " ORDER BY s.name, v.name", rs -> views.add(rs.getString(1)));
        // every schema's sequences: a default may draw from one in a schema that is not read
        List<CatalogRows.SequenceRow> sequences = new ArrayList<>();
        boolean lastUsed;
        try (PreparedStatement ps = conn.prepareStatement("SELECT COL_LENGTH('sys.sequences', 'last_used_value')");
             ResultSet rs = ps.executeQuery()) {
            lastUsed = rs.next() && rs.getObject(1) != null;
        }
        String number = "CAST(%s AS decimal(38,0))";
        try (PreparedStatement ps = conn.prepareStatement("SELECT s.name, q.name, TYPE_NAME(q.system_type_id), "
                + String.join(", ", List.of(number.formatted("q.start_value"), number.formatted("q.increment"),
                number.formatted("q.minimum_value"), number.formatted("q.maximum_value"))) + ", q.is_cycling, "
                + number.formatted("q.current_value") + ", " + (lastUsed ? number.formatted("q.last_used_value") : "NULL")
                + " FROM sys.sequences q JOIN sys.schemas s ON s.schema_id = q.schema_id ORDER BY s.name, q.name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sequences.add(new CatalogRows.SequenceRow(rs.getString(1), rs.getString(2), rs.getString(3), integer(rs, 4),
                        integer(rs, 5), integer(rs, 6), integer(rs, 7), rs.getBoolean(8), integer(rs, 9), integer(rs, 10), lastUsed));
            }
        }
        return CatalogRows.catalog(database, tables, columns, indexes, fks, checks, views, sequences);
    }

    private static java.math.BigInteger integer(ResultSet rs, int i) throws SQLException {
        java.math.BigDecimal d = rs.getBigDecimal(i);
        return d == null ? null : d.toBigIntegerExact();
    }

    /**
     * A view of the schemas read ({@code view} or {@code schema.view}; a bare name must be in one schema only), or a
     * query when {@code sql} is given, as a table to materialize. Both are described by the server without running
     * them (sys.dm_exec_describe_first_result_set), into the rows a table's columns come from.
     */
    SourceTable materialize(String name, String sql) throws SQLException {
        if (sql != null) return SourceTable.materialized(null, name, describe(sql, name), sql);
        int dot = name.lastIndexOf('.');
        String in = dot < 0 ? null : name.substring(0, dot), view = name.substring(dot + 1);
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT s.name FROM sys.views v JOIN sys.schemas s ON s.schema_id = v.schema_id"
                + " WHERE v.is_ms_shipped = 0" + schemaFilter() + " AND v.name = ? AND (? IS NULL OR s.name = ?) ORDER BY s.name")) {
            int i = 0;
            for (String schema : schemas) ps.setString(++i, schema);
            ps.setString(++i, view);
            ps.setString(++i, in);
            ps.setString(++i, in);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(rs.getString(1));
            }
        }
        if (found.isEmpty()) throw new SQLException("no view " + name + " in the schemas read", "42S02");
        if (found.size() > 1) throw new SQLException("view " + view + " is in schemas " + String.join(", ", found) + ": write schema." + view, "42000");
        String select = "SELECT * FROM " + MssqlRowCursor.quote(found.get(0)) + "." + MssqlRowCursor.quote(view);
        return SourceTable.materialized(found.get(0), view, describe(select, name), select);
    }

    private List<SourceColumn> describe(String sql, String name) throws SQLException {
        List<SourceColumn> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT name, system_type_name, user_type_name, assembly_qualified_type_name,"
                + " max_length, precision, scale, is_nullable, error_message FROM sys.dm_exec_describe_first_result_set(?, NULL, 0)"
                + " WHERE is_hidden = 0 OR error_message IS NOT NULL ORDER BY column_ordinal")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(9) != null) throw new SQLException("the query of " + name + " does not run: " + rs.getString(9), "42000");
                    String system = rs.getString(2);
                    String base = system.contains("(") ? system.substring(0, system.indexOf('(')) : system;
                    String user = rs.getString(3);
                    // an alias type is read as its system type, a CLR type (hierarchyid, geometry) by its own name, as for tables
                    ColumnRow row = new ColumnRow(null, name, rs.getString(1), user != null ? user : base,
                            user != null && rs.getString(4) == null ? base : null, rs.getInt(5), rs.getInt(6), rs.getInt(7),
                            rs.getBoolean(8), false, null, null, null);
                    out.add(CatalogRows.column(row, out.size() + 1));
                }
            }
        }
        if (out.isEmpty()) throw new SQLException("the query of " + name + " returns no result set", "42000");
        return out;
    }

    private String where() {
        return " WHERE t.is_ms_shipped = 0" + schemaFilter();
    }

    private String schemaFilter() {
        if (schemas.isEmpty()) return " AND s.name NOT IN ('sys', 'INFORMATION_SCHEMA')";
        return " AND s.name IN (" + String.join(", ", schemas.stream().map(x -> "?").toList()) + ")";
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < schemas.size(); i++) ps.setString(i + 1, schemas.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) handler.row(rs);
            }
        }
    }
}
