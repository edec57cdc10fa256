package dev.drover.engine.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which type changes {@code ALTER TABLE ... ALTER COLUMN c TYPE t} makes without rewriting the table or scanning it
 * (reference §7.3): {@code varchar(n)} widened or unbounded, {@code varchar} ↔ {@code text}, {@code numeric(p,s)} to a
 * larger precision or unbounded, {@code timestamp(p)} / {@code time(p)} raised, {@code bit varying(n)} widened, and
 * whatever else PostgreSQL treats as binary coercible with a looser type modifier.
 *
 * <p>Rather than a table of type names that would drift from the server's own rule, PostgreSQL decides: on an empty
 * temporary probe column of the live type (and collation), the change is made in a savepoint and the probe's
 * {@code pg_relation_filenode} compared before and after; a rewrite gives the probe new storage. A change the server
 * refuses without {@code USING} ({@code text} → {@code jsonb}) or that changes the collation is not in place either.
 *
 * <p>The column must also have nothing that the change would re-check or refuse under its ACCESS EXCLUSIVE lock:
 * only plain indexes (kept as they are when the operator class stays), its primary key or unique constraints, its own
 * default and extended statistics may depend on it. A view, rule, policy, trigger, CHECK or foreign key constraint,
 * generated column, partition key, expression or partial index, or an inherited column leaves it to the rebuild.
 */
final class RewriteFreeTypes {
    private RewriteFreeTypes() {}

    /** The columns of {@code retyped} (name → live type) that can take their spec type in place. */
    static Set<String> of(Connection conn, TableSpec t, long oid, Map<String, String> retyped) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        for (TableSpec.Column c : t.columns()) {
            if (retyped.containsKey(c.name()) && inPlace(conn, oid, c)) out.add(c.name());
        }
        return out;
    }

    private static boolean inPlace(Connection conn, long oid, TableSpec.Column c) throws SQLException {
        String liveType, collation;
        long collationOid;
        try (PreparedStatement ps = conn.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod), a.attcollation,"
                + " CASE WHEN a.attcollation <> 0 THEN format('%I.%I', n.nspname, co.collname) END,"
                + " a.attinhcount = 0 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass"
                + "   AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum"
                + "   AND NOT (d.classid = 'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_index i"
                + "     WHERE i.indexrelid = d.objid AND i.indexprs IS NULL AND i.indpred IS NULL))"
                + "   AND NOT (d.classid = 'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM pg_constraint k"
                + "     WHERE k.oid = d.objid AND k.contype IN ('p', 'u')))"
                + "   AND NOT (d.classid = 'pg_attrdef'::regclass AND EXISTS (SELECT 1 FROM pg_attrdef ad"
                + "     WHERE ad.oid = d.objid AND ad.adrelid = a.attrelid AND ad.adnum = a.attnum))"
                + "   AND d.classid <> 'pg_statistic_ext'::regclass)"
                + " FROM pg_attribute a LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                + " LEFT JOIN pg_namespace n ON n.oid = co.collnamespace"
                + " WHERE a.attrelid = ? AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setLong(1, oid);
            ps.setString(2, c.name());
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next() || !r.getBoolean(4)) return false;
                liveType = r.getString(1);
                collationOid = r.getLong(2);
                collation = r.getString(3);
            }
        }
        try (Statement s = conn.createStatement()) {
            s.execute("SAVEPOINT drover_rewrite_probe");
            try {
                s.execute("CREATE TEMP TABLE drover_rewrite_probe (c " + liveType + (collation == null ? "" : " COLLATE " + collation) + ")");
                long before = filenode(s);
                try {
                    s.execute("ALTER TABLE pg_temp.drover_rewrite_probe ALTER COLUMN c TYPE " + c.type());
                } catch (SQLException refused) {
                    return false; // no assignment cast, or not a valid type: the rebuild casts explicitly
                }
                long after = filenode(s);
                try (ResultSet r = s.executeQuery("SELECT attcollation FROM pg_attribute"
                        + " WHERE attrelid = 'pg_temp.drover_rewrite_probe'::regclass AND attname = 'c'")) {
                    r.next();
                    return before == after && r.getLong(1) == collationOid;
                }
            } finally {
                s.execute("ROLLBACK TO SAVEPOINT drover_rewrite_probe");
                s.execute("RELEASE SAVEPOINT drover_rewrite_probe");
            }
        }
    }

    private static long filenode(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT pg_relation_filenode('pg_temp.drover_rewrite_probe')")) {
            r.next();
            return r.getLong(1);
        }
    }
}
