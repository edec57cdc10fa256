package dev.drover.engine.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what the load needs to know about a target table from pg_catalog. */
public final class TargetCatalog {
    private TargetCatalog() {}

    /** The table, or empty when it does not exist (resolving an unqualified name through the search path). */
    public static Optional<TargetTable> read(Connection c, TableRef ref) throws SQLException {
        long oid;
        String schema;
        String name;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.oid = to_regclass(?) AND c.relkind IN ('r','p')")) {
            ps.setString(1, ref.sql());
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) return Optional.empty();
                oid = r.getLong(1);
                schema = r.getString(2);
                name = r.getString(3);
            }
        }
        List<TargetColumn> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT a.attname, a.atttypid, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, "
                        + "format_type(a.atttypid, a.atttypmod), "
                        + "CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, "
                        + "bt.typcategory, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), a.atthasdef, a.attgenerated <> '' "
                        + "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                        + "JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END "
                        + "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    cols.add(new TargetColumn(r.getString(1), r.getInt(2), r.getInt(3), r.getString(4), r.getInt(5),
                            r.getString(6).charAt(0), r.getBoolean(7), r.getBoolean(8), r.getBoolean(9)));
                }
            }
        }
        List<TargetTable.IndexDef> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ic.relname, pg_get_indexdef(i.indexrelid), con.conname, con.contype, pg_get_constraintdef(con.oid) "
                        + "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                        + "LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p','u','x') "
                        + "WHERE i.indrelid = ? ORDER BY ic.relname")) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    String ct = r.getString(4);
                    indexes.add(new TargetTable.IndexDef(r.getString(1), r.getString(2), r.getString(3),
                            ct == null ? 0 : ct.charAt(0), r.getString(5)));
                }
            }
        }
        boolean triggers;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = ? AND NOT tgisinternal)")) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                triggers = r.getBoolean(1);
            }
        }
        return Optional.of(new TargetTable(new TableRef(schema, name), oid, cols, indexes, triggers));
    }
}
