package dev.drover.engine.ingest.swap;

import dev.drover.engine.target.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog reads and statements behind {@link TableSwap}. {@link #plan} reads everything the live table and
 * its dependents have while the tables are locked and turns it into statements that name objects by the names
 * they will have after the rename; the {@link Plan} methods run them in order.
 */
final class SwapCatalog {
    private SwapCatalog() { }

    /** Recursion limit for view dependencies; only cyclic views (built with placeholders) come near it. */
    private static final int MAX_VIEW_DEPTH = 2000;

    private static final String DEPENDENT_VIEWS = """
            WITH RECURSIVE deps(oid, depth) AS (
              SELECT DISTINCT r.ev_class, 1
              FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
              WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = ?::oid AND r.ev_class <> d.refobjid
              UNION
              SELECT r.ev_class, deps.depth + 1
              FROM deps JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = deps.oid
              JOIN pg_rewrite r ON r.oid = d.objid
              WHERE r.ev_class <> deps.oid AND deps.depth < %d
            )
            SELECT c.oid, max(deps.depth), format('%%I.%%I', n.nspname, c.relname), c.relkind,
                   pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', '), c.relowner::regrole::text,
                   c.relacl IS NULL, c.relispopulated,
                   (SELECT string_agg(format('NULL::%%s AS %%I', format_type(a.atttypid, a.atttypmod), a.attname), ', ' ORDER BY a.attnum)
                      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            FROM deps JOIN pg_class c ON c.oid = deps.oid JOIN pg_namespace n ON n.oid = c.relnamespace
            GROUP BY c.oid, n.nspname
            ORDER BY 2, 3
            """.formatted(MAX_VIEW_DEPTH);

    private static final String INCOMING_FOREIGN_KEYS = """
            SELECT format('%I.%I', n.nspname, c.relname), k.conname, pg_get_constraintdef(k.oid), k.convalidated, c.oid
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE k.contype = 'f' AND k.confrelid = ?::oid AND k.conrelid <> k.confrelid AND k.conparentid = 0
            ORDER BY 1, 2
            """;

    /** Privileges as (grantee, privilege, grantable); PUBLIC is grantee 0 in aclexplode. */
    private static final String TABLE_ACL = """
            SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE x.grantee::regrole::text END, x.privilege_type, x.is_grantable
            FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) x
            WHERE c.oid = ?::oid ORDER BY 1, 2
            """;

    private static final String COLUMN_ACL = """
            SELECT a.attname, CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE x.grantee::regrole::text END, x.privilege_type, x.is_grantable
            FROM pg_attribute a, aclexplode(a.attacl) x
            WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum, 2, 3
            """;

    /** Name, default, identity, generated, comment, integer type, NOT NULL, type. */
    private static final String COLUMNS = """
            SELECT a.attname, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, col_description(a.attrelid, a.attnum),
                   a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype), a.attnotnull, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """;

    private static final String TRIGGERS = """
            SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
            FROM pg_trigger t WHERE t.tgrelid = ?::oid AND NOT t.tgisinternal ORDER BY t.tgname
            """;

    /** Index identity without names: method, uniqueness, key columns or expressions, predicate. */
    private static final String INDEXES = """
            SELECT ic.relname, am.amname || '|' || i.indisunique || '|' || i.indisprimary || '|' || i.indnkeyatts || '|'
                   || coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ',' ORDER BY k)
                                FROM generate_series(1, i.indnatts) k), '')
                   || '|' || coalesce(pg_get_expr(i.indpred, i.indrelid, true), '')
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
            WHERE i.indrelid = ?::oid ORDER BY ic.relname
            """;

    /** Sequences owned by a column: serial ('a') or identity ('i'). */
    private static final String OWNED_SEQUENCES = """
            SELECT a.attname, s.relname, n.nspname
            FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = ?::oid AND d.deptype IN ('a', 'i')
            """;

    /**
     * Sequences that the shadow's column defaults use and a column of the live table owns (serial columns), with
     * the shadow's column and the live owning column. Dropping the live table would drop them (or fail, as the
     * shadow depends on them), so the swap re-owns them to the shadow first.
     */
    private static final String SEQUENCES_TO_REOWN = """
            SELECT a.attname, format('%I.%I', n.nspname, s.relname), oa.attname
            FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid AND dep.refclassid = 'pg_class'::regclass
            JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'
            JOIN pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_depend own ON own.classid = 'pg_class'::regclass AND own.objid = s.oid AND own.refclassid = 'pg_class'::regclass
              AND own.refobjid = ?::oid AND own.deptype = 'a'
            JOIN pg_attribute oa ON oa.attrelid = own.refobjid AND oa.attnum = own.refobjsubid
            WHERE d.adrelid = ?::oid ORDER BY a.attnum, 2
            """;

    /** An identity column's sequence: options, type and name. */
    private static final String IDENTITY_SEQUENCE = """
            SELECT s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, s.seqtypid::regtype::text,
                   format('%I.%I', n.nspname, c.relname), c.relname
            FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE s.seqrelid = pg_get_serial_sequence(?, ?)::regclass
            """;

    /**
     * CHECK, foreign-key, unique, exclusion and primary-key constraints (self-references left out: they name the
     * table), with the columns they use that the other table lacks.
     */
    private static final String CONSTRAINTS = """
            SELECT k.conname, pg_get_constraintdef(k.oid), k.contype::text, k.convalidated,
                   (SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) FROM pg_attribute a
                    WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) AND NOT EXISTS (SELECT 1 FROM pg_attribute o
                      WHERE o.attrelid = ?::oid AND o.attname = a.attname AND o.attnum > 0 AND NOT o.attisdropped))
            FROM pg_constraint k WHERE k.conrelid = ?::oid AND k.contype IN ('c', 'f', 'u', 'x', 'p')
              AND NOT (k.contype = 'f' AND k.confrelid = k.conrelid) ORDER BY k.conname
            """;

    private static final String POLICIES = """
            SELECT p.polname, format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', p.polname, ?::text,
                     CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                     CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                     CASE WHEN 0 = ANY (p.polroles) THEN 'PUBLIC'
                          ELSE (SELECT string_agg(quote_ident(r.rolname), ', ') FROM pg_roles r WHERE r.oid = ANY (p.polroles)) END,
                     coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', ''),
                     coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''))
            FROM pg_policy p WHERE p.polrelid = ?::oid ORDER BY p.polname
            """;

    private static final String BLOCKERS = """
            SELECT DISTINCT ON (a.pid) a.pid, a.application_name, a.state, a.query_start, l.mode, l.relation::regclass::text,
                   left(a.query, 200)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.relation = ANY (?::oid[])
            ORDER BY a.pid, l.mode
            """;

    // ---- small JDBC helpers -------------------------------------------------------------------------------

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<Object[]> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet r = ps.executeQuery()) {
                int n = r.getMetaData().getColumnCount();
                List<Object[]> out = new ArrayList<>();
                while (r.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) row[i] = r.getObject(i + 1);
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** Runs one statement; the swap's own runner sets its lock timeout first. */
    @FunctionalInterface
    interface Sql {
        void exec(String sql) throws SQLException;
    }

    /** The server's {@code deadlock_timeout} in milliseconds. */
    static long deadlockTimeoutMillis(Connection c) throws SQLException {
        return Long.parseLong(string(c, "SELECT setting FROM pg_settings WHERE name = 'deadlock_timeout'"));
    }

    static String string(Connection c, String sql, Object... params) throws SQLException {
        List<Object[]> r = rows(c, sql, params);
        return r.isEmpty() || r.get(0)[0] == null ? null : r.get(0)[0].toString();
    }

    /** The table with its schema spelled out, as the search path resolves it; fails if it does not exist. */
    static TableRef qualify(Connection c, TableRef t) throws SQLException {
        List<Object[]> r = rows(c, "SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = to_regclass(?)", t.sql());
        if (r.isEmpty()) throw new IllegalArgumentException("no table " + t.display());
        String kind = r.get(0)[2].toString();
        if (!kind.equals("r") && !kind.equals("p")) throw new IllegalArgumentException(t.display() + " is not a table");
        return new TableRef((String) r.get(0)[0], (String) r.get(0)[1]);
    }

    static long oid(Connection c, TableRef t) throws SQLException {
        String s = string(c, "SELECT to_regclass(?)::oid", t.sql());
        if (s == null) throw new SQLException("table " + t.display() + " disappeared during the swap", "42P01");
        return Long.parseLong(s);
    }

    /**
     * Tables the live table's foreign keys reference (re-adding a key locks them) and sequences its columns own
     * (re-owning one locks it, as does a session calling nextval()).
     */
    private static final String LOCKED_TOO = """
            SELECT confrelid FROM pg_constraint WHERE conrelid = ?::oid AND contype = 'f' AND confrelid <> conrelid
            UNION
            SELECT d.objid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = ?::oid AND d.deptype = 'a'
            """;

    /**
     * Sessions holding a lock on the tables, their views, the tables referencing them or referenced by them, or
     * their serial sequences, read without locking.
     */
    static List<TableSwap.Blocker> blockers(Connection c, TableRef live, TableRef shadow) throws SQLException {
        List<Long> oids = new ArrayList<>();
        String liveOid = string(c, "SELECT to_regclass(?)::oid", live.sql());
        String shadowOid = string(c, "SELECT to_regclass(?)::oid", shadow.sql());
        if (shadowOid != null) oids.add(Long.parseLong(shadowOid));
        if (liveOid != null) {
            long l = Long.parseLong(liveOid);
            oids.add(l);
            for (Object[] v : rows(c, DEPENDENT_VIEWS, l)) oids.add(((Number) v[0]).longValue());
            for (Object[] k : rows(c, INCOMING_FOREIGN_KEYS, l)) oids.add(((Number) k[4]).longValue());
            for (Object[] k : rows(c, LOCKED_TOO, l, l)) oids.add(((Number) k[0]).longValue());
        }
        String array = oids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("{}");
        List<TableSwap.Blocker> out = new ArrayList<>();
        for (Object[] r : rows(c, BLOCKERS, array)) {
            out.add(new TableSwap.Blocker(((Number) r[0]).intValue(), (String) r[1], (String) r[2],
                    r[3] == null ? null : ((java.sql.Timestamp) r[3]).toInstant().atOffset(java.time.ZoneOffset.UTC),
                    (String) r[4], (String) r[5], (String) r[6]));
        }
        return out;
    }

    /**
     * Ends a blocking session. Runs under its own savepoint: without {@code pg_signal_backend} (or against a
     * superuser's session) PostgreSQL raises an error, which must not abort the caller's transaction; such a
     * blocker simply stays, and the budget decides.
     */
    static boolean terminate(Connection c, int pid) throws SQLException {
        exec(c, "SAVEPOINT drover_terminate");
        try {
            boolean done = "true".equals(string(c, "SELECT pg_terminate_backend(?)::text", pid));
            exec(c, "RELEASE SAVEPOINT drover_terminate");
            return done;
        } catch (SQLException e) {
            exec(c, "ROLLBACK TO SAVEPOINT drover_terminate");
            exec(c, "RELEASE SAVEPOINT drover_terminate");
            return false;
        }
    }

    // ---- reading the live table ---------------------------------------------------------------------------

    record Grant(String grantee, String privilege, boolean grantable) { }

    record View(String name, boolean materialized, String definition, String options, String owner, boolean defaultAcl,
                List<Grant> acl, boolean populated, String placeholder, List<String> comments, List<String> indexes,
                List<String> triggers) {
        String kind() {
            return materialized ? "MATERIALIZED VIEW" : "VIEW";
        }
    }

    record ForeignKey(String table, String name, String definition, boolean validated) { }

    /**
     * What {@link #prepare} did to the shadow before the swap's locks: re-created defaults and CHECK constraints
     * (in {@code carried}) and what did not fit (in {@code lost}); the live columns and CHECK constraints it dealt with.
     */
    record Prepared(List<String> carried, List<String> lost, Set<String> columns, Set<String> checks) { }

    /** A live identity column to restore on the new table: options for ADD GENERATED, then RESTART WITH {@code next}. */
    record Identity(String column, boolean always, String sequenceName, String options, String next) { }

    /** A CHECK or outgoing foreign key of the live table that the shadow lacks. */
    record Constraint(String name, String definition, boolean foreignKey, boolean validated) { }

    /** Dependent views and materialized views, shallowest first, read without locking them. */
    static List<View> views(Connection c, long liveOid) throws SQLException {
        List<View> out = new ArrayList<>();
        for (Object[] v : rows(c, DEPENDENT_VIEWS, liveOid)) out.add(view(c, v));
        return out;
    }

    /**
     * Deepest first; consecutive views of one kind in one statement, so views reading each other drop together.
     * Each DROP locks only its view, unlike LOCK TABLE on a view, which also locks every table the view reads.
     */
    static void dropViews(List<View> views, Sql exec) throws SQLException {
        List<View> reversed = new ArrayList<>(views);
        java.util.Collections.reverse(reversed);
        int i = 0;
        while (i < reversed.size()) {
            boolean mat = reversed.get(i).materialized();
            List<String> names = new ArrayList<>();
            while (i < reversed.size() && reversed.get(i).materialized() == mat) names.add(reversed.get(i++).name());
            exec.exec("DROP " + (mat ? "MATERIALIZED VIEW " : "VIEW ") + String.join(", ", names));
        }
    }

    static Plan plan(Connection c, TableRef live, TableRef shadow, List<View> views, Prepared prepared) throws SQLException {
        long liveOid = oid(c, live);
        long shadowOid = oid(c, shadow);
        Plan p = new Plan(live);
        p.carried.addAll(prepared.carried());
        p.lost.addAll(prepared.lost());
        p.liveOwner = string(c, "SELECT relowner::regrole::text FROM pg_class WHERE oid = ?::oid", liveOid);
        p.liveDefaultAcl = "t".equals(string(c, "SELECT (relacl IS NULL)::text::char FROM pg_class WHERE oid = ?::oid", liveOid));
        p.liveAcl = grants(c, TABLE_ACL, liveOid);

        Map<String, Object[]> shadowColumns = new LinkedHashMap<>();
        for (Object[] r : rows(c, COLUMNS, shadowOid)) shadowColumns.put((String) r[0], r);
        String liveComment = string(c, "SELECT obj_description(?::oid, 'pg_class')", liveOid);
        String shadowComment = string(c, "SELECT obj_description(?::oid, 'pg_class')", shadowOid);
        if (liveComment != null && shadowComment == null) {
            p.comments.add("COMMENT ON TABLE " + live.sql() + " IS " + literal(c, liveComment));
        }
        for (Object[] r : rows(c, COLUMNS, liveOid)) {
            String col = (String) r[0];
            Object[] s = shadowColumns.get(col);
            String comment = (String) r[4];
            if (s == null) {
                if (comment != null) p.lost.add("comment on column " + col + " (not in the shadow): " + comment);
                continue;
            }
            if (comment != null && s[4] == null) {
                p.comments.add("COMMENT ON COLUMN " + live.sql() + "." + TableRef.quote(col) + " IS " + literal(c, comment));
            }
            boolean liveHasDefault = r[1] != null || !blank(r[2]) || !blank(r[3]);
            boolean shadowHasDefault = s[1] != null || !blank(s[2]) || !blank(s[3]);
            if (!liveHasDefault || shadowHasDefault) continue;
            if (!blank(r[2])) {
                boolean always = "a".equals(r[2].toString());
                String what = "identity (" + (always ? "ALWAYS" : "BY DEFAULT") + ") of column " + col;
                if (!Boolean.TRUE.equals(s[5])) p.lost.add(what + ": the new column is " + s[7] + ", not an integer type");
                else if (!Boolean.TRUE.equals(s[6])) p.lost.add(what + ": the new column is nullable, and identity needs NOT NULL");
                else {
                    Identity id = identity(c, live, col, always);
                    if (id == null) p.lost.add(what + ": its sequence was not found");
                    else p.identities.add(id);
                }
            } else if (!blank(r[3])) {
                p.lost.add("generated expression " + r[1] + " of column " + col + ": the shadow's DDL does not define it");
            } else if (!prepared.columns().contains(col)) {
                p.lost.add("default " + r[1] + " of column " + col + ": set on the live table while the swap started");
            }
        }
        for (Object[] q : rows(c, SEQUENCES_TO_REOWN, liveOid, shadowOid)) {
            // the owning column keeps the sequence when the shadow has it, otherwise the column whose default uses it
            p.reown.putIfAbsent((String) q[1], shadowColumns.containsKey((String) q[2]) ? (String) q[2] : (String) q[0]);
        }
        for (Object[] r : rows(c, COLUMN_ACL, liveOid)) {
            String col = (String) r[0];
            String g = "GRANT " + r[2] + " (" + TableRef.quote(col) + ") ON TABLE " + live.sql() + " TO " + r[1]
                    + (Boolean.TRUE.equals(r[3]) ? " WITH GRANT OPTION" : "");
            if (shadowColumns.containsKey(col)) p.columnGrants.add(g);
            else p.lost.add("column privilege " + r[2] + " on " + col + " for " + r[1] + " (column not in the shadow)");
        }

        p.shadowOwner = string(c, "SELECT relowner::regrole::text FROM pg_class WHERE oid = ?::oid", shadowOid);
        constraints(c, liveOid, shadowOid, p, prepared.checks());
        lostTableProperties(c, liveOid, shadowOid, p.lost);

        List<Object[]> rls = rows(c, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = ?::oid", liveOid);
        if (Boolean.TRUE.equals(rls.get(0)[0])) p.rowSecurity.add("ALTER TABLE " + live.sql() + " ENABLE ROW LEVEL SECURITY");
        if (Boolean.TRUE.equals(rls.get(0)[1])) p.rowSecurity.add("ALTER TABLE " + live.sql() + " FORCE ROW LEVEL SECURITY");
        Set<String> shadowPolicies = new HashSet<>();
        for (Object[] r : rows(c, "SELECT polname FROM pg_policy WHERE polrelid = ?::oid", shadowOid)) shadowPolicies.add((String) r[0]);
        for (Object[] r : rows(c, POLICIES, live.sql(), liveOid)) {
            if (!shadowPolicies.contains((String) r[0])) p.policyStatements.add((String) r[1]);
        }

        Set<String> shadowTriggers = new HashSet<>();
        for (Object[] r : rows(c, TRIGGERS, shadowOid)) shadowTriggers.add((String) r[0]);
        for (Object[] r : rows(c, TRIGGERS, liveOid)) {
            if (!shadowTriggers.contains((String) r[0])) p.triggerStatements.addAll(trigger(live.sql(), "TABLE", r));
        }

        p.liveConstraints = namedConstraints(c, liveOid);
        p.shadowConstraints = namedConstraints(c, shadowOid);
        p.liveIndexes = indexes(c, liveOid);
        p.shadowIndexes = indexes(c, shadowOid);
        for (Object[] r : rows(c, OWNED_SEQUENCES, liveOid)) p.liveSequences.put((String) r[0], (String) r[1]);
        for (Object[] r : rows(c, OWNED_SEQUENCES, shadowOid)) p.shadowSequences.put((String) r[0], new String[]{(String) r[2], (String) r[1]});

        p.dependentViews.addAll(views);
        for (Object[] k : rows(c, INCOMING_FOREIGN_KEYS, liveOid)) {
            p.incoming.add(new ForeignKey((String) k[0], (String) k[1], (String) k[2], Boolean.TRUE.equals(k[3])));
        }
        return p;
    }

    /**
     * The live table's constraints that the shadow lacks, compared by definition ({@code NOT VALID} aside;
     * self-references are left out because they name the table). CHECK and foreign keys whose columns the shadow
     * has are carried over; the rest, and unique, exclusion and primary-key constraints (the shadow's indexes are
     * the caller's), are reported.
     */
    private static void constraints(Connection c, long liveOid, long shadowOid, Plan p, Set<String> prepared) throws SQLException {
        Set<String> shadowDefs = new HashSet<>();
        for (Object[] r : rows(c, CONSTRAINTS, liveOid, shadowOid)) shadowDefs.add(withoutNotValid((String) r[1]));
        for (Object[] r : rows(c, CONSTRAINTS, shadowOid, liveOid)) {
            String name = (String) r[0];
            String def = (String) r[1];
            String kind = r[2].toString();
            if (shadowDefs.contains(withoutNotValid(def)) || kind.equals("c") && prepared.contains(name)) continue;
            if (!kind.equals("c") && !kind.equals("f")) {
                p.lost.add("constraint " + name + " (" + def + "): the shadow's DDL does not define it");
            } else if (r[4] != null) {
                p.lost.add("constraint " + name + " (" + def + "): the shadow has no column " + r[4]);
            } else {
                p.constraints.add(new Constraint(name, def, kind.equals("f"), Boolean.TRUE.equals(r[3])));
            }
        }
    }

    /**
     * Before the swap takes any lock: sets the live columns' defaults on the shadow's columns that have none, and
     * adds the live table's CHECK constraints that the shadow lacks (whose columns it has), {@code NOT VALID} and
     * then validated. The shadow is the caller's, created in this transaction, so nobody else can be holding it, and
     * the validating scans run before readers of the live table queue behind the swap. Constraint names are per
     * table, so the shadow takes the live names. Each is tried on its own; what does not fit the new types is
     * reported.
     */
    static Prepared prepare(Connection c, TableRef live, TableRef shadow) throws SQLException {
        long liveOid = oid(c, live);
        long shadowOid = oid(c, shadow);
        List<String> carried = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        Set<String> checks = new HashSet<>();
        Map<String, Object[]> shadowColumns = new LinkedHashMap<>();
        for (Object[] r : rows(c, COLUMNS, shadowOid)) shadowColumns.put((String) r[0], r);
        for (Object[] r : rows(c, COLUMNS, liveOid)) {
            String col = (String) r[0];
            Object[] s = shadowColumns.get(col);
            if (s == null || r[1] == null || !blank(r[2]) || !blank(r[3]) || s[1] != null || !blank(s[2]) || !blank(s[3])) continue;
            columns.add(col);
            SQLException failure = tryAlone(c, () -> exec(c, "ALTER TABLE " + shadow.sql() + " ALTER COLUMN " + TableRef.quote(col)
                    + " SET DEFAULT " + r[1]));
            if (failure == null) carried.add("default " + r[1] + " of column " + col);
            else lost.add("default " + r[1] + " of column " + col + ": does not fit the new column (" + s[7] + "): " + reason(failure));
        }
        Set<String> shadowDefs = new HashSet<>();
        for (Object[] r : rows(c, CONSTRAINTS, liveOid, shadowOid)) shadowDefs.add(withoutNotValid((String) r[1]));
        Set<String> taken = new HashSet<>();
        for (Object[] r : rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = ?::oid", shadowOid)) taken.add((String) r[0]);
        for (Object[] r : rows(c, CONSTRAINTS, shadowOid, liveOid)) {
            if (!"c".equals(r[2].toString()) || r[4] != null || shadowDefs.contains(withoutNotValid((String) r[1]))) continue;
            checks.add((String) r[0]);
            addConstraint(c, shadow, new Constraint((String) r[0], (String) r[1], false, Boolean.TRUE.equals(r[3])), sql -> exec(c, sql),
                    taken, carried, lost);
        }
        return new Prepared(carried, lost, columns, checks);
    }

    /**
     * Adds a constraint {@code NOT VALID} under its name, or the name with a suffix when the table has one by that
     * name, then validates it (unless it was not valid on the live table). A constraint that existing rows break
     * stays {@code NOT VALID}: new rows are checked and the migration goes on; it is reported in {@code lost}.
     */
    private static void addConstraint(Connection c, TableRef table, Constraint k, Sql run, Set<String> taken, List<String> carried,
                                      List<String> lost) throws SQLException {
        String name = k.name();
        for (int i = 1; taken.contains(name); i++) name = k.name() + "_" + i;
        String quoted = TableRef.quote(name);
        String def = k.definition().endsWith(" NOT VALID") ? k.definition() : k.definition() + " NOT VALID";
        String add = "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + quoted + " ";
        SQLException failure = tryAlone(c, () -> run.exec(add + def));
        boolean validated = false;
        if (failure != null && "0A000".equals(failure.getSQLState()) && k.validated()) {
            // NOT VALID is not supported here (a foreign key on a partitioned table before PostgreSQL 18): add it checked
            failure = tryAlone(c, () -> run.exec(add + k.definition()));
            validated = failure == null;
        }
        String what = "constraint " + k.name() + " (" + k.definition() + ")";
        if (failure != null) {
            lost.add(what + ": does not apply to the new table: " + reason(failure));
            return;
        }
        taken.add(name);
        String as = name.equals(k.name()) ? "" : " as " + name;
        SQLException invalid = validated || !k.validated() ? null
                : tryAlone(c, () -> exec(c, "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + quoted));
        if (invalid == null) carried.add(what + as);
        else lost.add(what + ": kept NOT VALID" + as + " (checked for new rows only), existing rows break it: " + reason(invalid));
    }

    private static String withoutNotValid(String definition) {
        return definition.endsWith(" NOT VALID") ? definition.substring(0, definition.length() - " NOT VALID".length()) : definition;
    }

    /**
     * The identity column's sequence options, with MINVALUE and MAXVALUE left out when they are the defaults of
     * the sequence's type (so a column widened to bigint gets bigint's range), and the value it hands out next;
     * null if the column has no sequence.
     */
    private static Identity identity(Connection c, TableRef live, String column, boolean always) throws SQLException {
        List<Object[]> found = rows(c, IDENTITY_SEQUENCE, live.sql(), column);
        if (found.isEmpty()) return null;
        Object[] q = found.get(0);
        long start = ((Number) q[0]).longValue();
        long increment = ((Number) q[1]).longValue();
        long min = ((Number) q[2]).longValue();
        long max = ((Number) q[3]).longValue();
        long cache = ((Number) q[4]).longValue();
        boolean cycle = Boolean.TRUE.equals(q[5]);
        long typeMax = switch ((String) q[6]) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        long typeMin = -typeMax - 1;
        Object[] state = rows(c, "SELECT last_value, is_called FROM " + q[7]).get(0);
        long last = ((Number) state[0]).longValue();
        String next;
        if (!Boolean.TRUE.equals(state[1])) {
            next = String.valueOf(last);
        } else {
            java.math.BigInteger n = java.math.BigInteger.valueOf(last).add(java.math.BigInteger.valueOf(increment));
            boolean past = increment > 0 ? n.compareTo(java.math.BigInteger.valueOf(max)) > 0 : n.compareTo(java.math.BigInteger.valueOf(min)) < 0;
            next = past && cycle ? String.valueOf(increment > 0 ? min : max) : n.toString();
        }
        StringBuilder o = new StringBuilder("START WITH " + start + " INCREMENT BY " + increment);
        if (min != (increment > 0 ? 1 : typeMin)) o.append(" MINVALUE ").append(min);
        if (max != (increment > 0 ? typeMax : -1)) o.append(" MAXVALUE ").append(max);
        o.append(" CACHE ").append(cache).append(cycle ? " CYCLE" : " NO CYCLE");
        return new Identity(column, always, (String) q[8], o.toString(), next);
    }

    /**
     * Properties that belong to the shadow's DDL but that the live table has and the shadow lacks: storage
     * parameters, replica identity, publication membership. Reported, never copied: the shadow's DDL is the caller's.
     */
    private static void lostTableProperties(Connection c, long liveOid, long shadowOid, List<String> lost) throws SQLException {
        String props = "SELECT array_to_string(reloptions, ', '), relreplident::text FROM pg_class WHERE oid = ?::oid";
        Object[] l = rows(c, props, liveOid).get(0);
        Object[] sh = rows(c, props, shadowOid).get(0);
        if (l[0] != null && !l[0].equals(sh[0])) lost.add("storage parameters (" + l[0] + "): the shadow has " + (sh[0] == null ? "none" : sh[0]));
        if (!l[1].equals(sh[1])) lost.add("replica identity " + l[1] + ": the shadow has " + sh[1]);
        for (Object[] r : rows(c, "SELECT p.pubname FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " WHERE pr.prrelid = ?::oid AND NOT EXISTS (SELECT 1 FROM pg_publication_rel x WHERE x.prrelid = ?::oid"
                + " AND x.prpubid = pr.prpubid) ORDER BY 1", liveOid, shadowOid)) {
            lost.add("membership of publication " + r[0]);
        }
    }

    private static View view(Connection c, Object[] v) throws SQLException {
        long oid = ((Number) v[0]).longValue();
        String name = (String) v[2];
        boolean materialized = "m".equals(v[3].toString());
        String def = ((String) v[4]).strip();
        if (def.endsWith(";")) def = def.substring(0, def.length() - 1);
        String kind = materialized ? "MATERIALIZED VIEW" : "VIEW";
        List<String> comments = new ArrayList<>();
        String comment = string(c, "SELECT obj_description(?::oid, 'pg_class')", oid);
        if (comment != null) comments.add("COMMENT ON " + kind + " " + name + " IS " + literal(c, comment));
        for (Object[] r : rows(c, COLUMNS, oid)) {
            if (r[4] != null) comments.add("COMMENT ON COLUMN " + name + "." + TableRef.quote((String) r[0]) + " IS " + literal(c, (String) r[4]));
        }
        List<String> indexes = new ArrayList<>();
        for (Object[] r : rows(c, "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ?::oid ORDER BY indexrelid", oid)) {
            indexes.add((String) r[0]);
        }
        List<String> triggers = new ArrayList<>();
        for (Object[] r : rows(c, TRIGGERS, oid)) triggers.addAll(trigger(name, kind, r));
        return new View(name, materialized, def, (String) v[5], (String) v[6], Boolean.TRUE.equals(v[7]), grants(c, TABLE_ACL, oid),
                Boolean.TRUE.equals(v[8]), (String) v[9], comments, indexes, triggers);
    }

    private static List<String> trigger(String relation, String kind, Object[] r) {
        List<String> out = new ArrayList<>();
        out.add((String) r[1]);
        String state = switch (r[2].toString()) {
            case "D" -> "DISABLE";
            case "R" -> "ENABLE REPLICA";
            case "A" -> "ENABLE ALWAYS";
            default -> null;
        };
        // ALTER TABLE ... TRIGGER works on any relation kind that has triggers.
        if (state != null) out.add("ALTER TABLE " + relation + " " + state + " TRIGGER " + TableRef.quote((String) r[0]));
        return out;
    }

    private static List<Grant> grants(Connection c, String sql, long oid) throws SQLException {
        List<Grant> out = new ArrayList<>();
        for (Object[] r : rows(c, sql, oid)) out.add(new Grant((String) r[0], (String) r[1], Boolean.TRUE.equals(r[2])));
        return out;
    }

    /** CHECK and outgoing foreign keys (not index-backed, so index renames do not reach them), by definition. */
    private static Map<String, List<String>> namedConstraints(Connection c, long oid) throws SQLException {
        Map<String, List<String>> byDef = new LinkedHashMap<>();
        for (Object[] r : rows(c, "SELECT conname, contype::text || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::oid"
                + " AND contype IN ('c', 'f') AND conrelid <> confrelid ORDER BY conname", oid)) {
            byDef.computeIfAbsent((String) r[1], k -> new ArrayList<>()).add((String) r[0]);
        }
        return byDef;
    }

    private static Map<String, List<String>> indexes(Connection c, long oid) throws SQLException {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (Object[] r : rows(c, INDEXES, oid)) byKey.computeIfAbsent((String) r[1], k -> new ArrayList<>()).add((String) r[0]);
        return byKey;
    }

    /** One piece of work that may fail on its own. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} under its own savepoint. Returns null when it went through; otherwise undoes it and returns
     * the error. A lock timeout, deadlock or catalog change is thrown instead, so the attempt is retried.
     */
    static SQLException tryAlone(Connection c, Work work) throws SQLException {
        exec(c, "SAVEPOINT drover_carry");
        try {
            work.run();
            exec(c, "RELEASE SAVEPOINT drover_carry");
            return null;
        } catch (SQLException e) {
            if (ShortLocks.RETRYABLE.contains(e.getSQLState())) throw e;
            exec(c, "ROLLBACK TO SAVEPOINT drover_carry");
            exec(c, "RELEASE SAVEPOINT drover_carry");
            return e;
        }
    }

    /** The server's message, first line, without the severity. */
    static String reason(SQLException e) {
        String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        return m.startsWith("ERROR: ") ? m.substring("ERROR: ".length()) : m;
    }

    private static String literal(Connection c, String text) throws SQLException {
        return string(c, "SELECT quote_literal(?::text)", text);
    }

    private static boolean blank(Object o) {
        return o == null || o.toString().isBlank();
    }

    // ---- the statements, in the order the swap runs them --------------------------------------------------

    static final class Plan {
        final TableRef live;
        String liveOwner;
        boolean liveDefaultAcl;
        List<Grant> liveAcl = List.of();
        final List<String> comments = new ArrayList<>();
        final List<String> columnGrants = new ArrayList<>();
        final List<String> rowSecurity = new ArrayList<>();
        final List<String> policyStatements = new ArrayList<>();
        final List<String> triggerStatements = new ArrayList<>();
        Map<String, List<String>> liveConstraints = Map.of();
        Map<String, List<String>> shadowConstraints = Map.of();
        Map<String, List<String>> liveIndexes = Map.of();
        Map<String, List<String>> shadowIndexes = Map.of();
        final Map<String, String> liveSequences = new HashMap<>();
        final Map<String, String[]> shadowSequences = new HashMap<>();
        final List<View> dependentViews = new ArrayList<>();
        final List<ForeignKey> incoming = new ArrayList<>();
        String shadowOwner;
        final Map<String, String> reown = new LinkedHashMap<>();
        final List<Identity> identities = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();

        // results
        final List<String> views = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
        final List<String> grants = new ArrayList<>();
        final List<String> policies = new ArrayList<>();
        final List<String> foreignKeys = new ArrayList<>();
        final List<String> renamed = new ArrayList<>();
        final List<String> carried = new ArrayList<>();
        final List<String> lost = new ArrayList<>();

        Plan(TableRef live) {
            this.live = live;
        }

        void dropForeignKeys(Sql exec) throws SQLException {
            for (ForeignKey k : incoming) exec.exec("ALTER TABLE " + k.table() + " DROP CONSTRAINT " + TableRef.quote(k.name()));
        }

        /**
         * Re-owns the sequences of serial columns that the shadow's defaults use to the shadow's columns before the
         * live table is dropped, so they survive with their current value. A sequence must have its table's owner,
         * so the shadow gets the live table's owner first (the swap would give it that owner later anyway).
         */
        void reownSequences(Connection c, TableRef shadow, Sql lock) throws SQLException {
            if (reown.isEmpty()) return;
            if (!liveOwner.equals(shadowOwner)) exec(c, "ALTER TABLE " + shadow.sql() + " OWNER TO " + liveOwner);
            for (Map.Entry<String, String> e : reown.entrySet()) {
                // ALTER SEQUENCE locks the sequence, which a session calling nextval() holds: a later lock of the attempt
                lock.exec("ALTER SEQUENCE " + e.getKey() + " OWNED BY " + shadow.sql() + "." + TableRef.quote(e.getValue()));
                carried.add("sequence " + e.getKey() + ", now owned by column " + e.getValue());
            }
        }

        /**
         * Restores identity columns (continuing from the live sequence's next value) and re-adds the outgoing foreign
         * keys the shadow lacked (and CHECK constraints the live table gained after {@link #prepare}), under the live
         * table's names when free, as {@link #addConstraint} does. Adding a foreign key locks the referenced table
         * too, so it goes through the swap's lock runner.
         */
        void carryIdentityAndConstraints(Connection c, Sql lock) throws SQLException {
            String schema = TableRef.quote(live.schema());
            for (Identity id : identities) {
                String col = TableRef.quote(id.column());
                String kind = id.always() ? "ALWAYS" : "BY DEFAULT";
                String name = string(c, "SELECT to_regclass(?)", schema + "." + TableRef.quote(id.sequenceName())) == null
                        ? "SEQUENCE NAME " + schema + "." + TableRef.quote(id.sequenceName()) + " " : "";
                SQLException failure = tryAlone(c, () -> {
                    exec(c, "ALTER TABLE " + live.sql() + " ALTER COLUMN " + col + " ADD GENERATED " + kind + " AS IDENTITY ("
                            + name + id.options() + ")");
                    exec(c, "ALTER TABLE " + live.sql() + " ALTER COLUMN " + col + " RESTART WITH " + id.next());
                });
                if (failure == null) carried.add("identity (" + kind + ") of column " + id.column() + ", next value " + id.next());
                else lost.add("identity (" + kind + ") of column " + id.column() + ": " + reason(failure));
            }
            Set<String> taken = new HashSet<>();
            for (Object[] r : rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(?)", live.sql())) taken.add((String) r[0]);
            for (Constraint k : constraints) addConstraint(c, live, k, k.foreignKey() ? lock : sql -> exec(c, sql), taken, carried, lost);
        }

        /** Gives the shadow's indexes, CHECK and foreign-key constraints and owned sequences the names the live table freed. */
        void renameIndexesAndSequences(Connection c) throws SQLException {
            String schema = TableRef.quote(live.schema());
            for (Map.Entry<String, List<String>> e : shadowIndexes.entrySet()) {
                List<String> freed = new ArrayList<>(liveIndexes.getOrDefault(e.getKey(), List.of()));
                for (String current : e.getValue()) {
                    if (freed.isEmpty()) break;
                    String target = freed.remove(0);
                    if (target.equals(current)) continue;
                    if (string(c, "SELECT to_regclass(?)", schema + "." + TableRef.quote(target)) != null) continue;
                    exec(c, "ALTER INDEX " + schema + "." + TableRef.quote(current) + " RENAME TO " + TableRef.quote(target));
                    renamed.add("index " + current + " -> " + target);
                }
            }
            Set<String> taken = new HashSet<>();
            for (Object[] r : rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(?)", live.sql())) taken.add((String) r[0]);
            for (Map.Entry<String, List<String>> e : shadowConstraints.entrySet()) {
                List<String> freed = new ArrayList<>(liveConstraints.getOrDefault(e.getKey(), List.of()));
                for (String current : e.getValue()) {
                    if (freed.isEmpty()) break;
                    String target = freed.remove(0);
                    if (target.equals(current) || taken.contains(target)) continue;
                    exec(c, "ALTER TABLE " + live.sql() + " RENAME CONSTRAINT " + TableRef.quote(current) + " TO " + TableRef.quote(target));
                    taken.remove(current);
                    taken.add(target);
                    renamed.add("constraint " + current + " -> " + target);
                }
            }
            for (Map.Entry<String, String[]> e : shadowSequences.entrySet()) {
                String target = liveSequences.get(e.getKey());
                String nsp = TableRef.quote(e.getValue()[0]);
                String current = e.getValue()[1];
                if (target == null || target.equals(current)) continue;
                if (string(c, "SELECT to_regclass(?)", nsp + "." + TableRef.quote(target)) != null) continue;
                exec(c, "ALTER SEQUENCE " + nsp + "." + TableRef.quote(current) + " RENAME TO " + TableRef.quote(target));
                renamed.add("sequence " + current + " -> " + target);
            }
        }

        void restoreTable(Connection c) throws SQLException {
            String owner = string(c, "SELECT relowner::regrole::text FROM pg_class WHERE oid = to_regclass(?)", live.sql());
            if (!owner.equals(liveOwner)) exec(c, "ALTER TABLE " + live.sql() + " OWNER TO " + liveOwner);
            copyAcl(c, "TABLE", live.sql(), liveDefaultAcl, liveAcl);
            for (String g : columnGrants) {
                exec(c, g);
                grants.add(g);
            }
            for (String s : comments) exec(c, s);
            for (String s : rowSecurity) exec(c, s);
            for (String s : policyStatements) {
                exec(c, s);
                policies.add(s);
            }
            for (String s : triggerStatements) {
                exec(c, s);
                if (s.startsWith("CREATE")) triggers.add(s);
            }
        }

        /**
         * Makes the object's privileges equal the recorded ones. A default (NULL) ACL on both sides needs nothing;
         * otherwise everything is revoked from whoever holds it now and the recorded privileges are granted.
         */
        private void copyAcl(Connection c, String kind, String name, boolean wasDefault, List<Grant> acl) throws SQLException {
            boolean isDefault = "t".equals(string(c, "SELECT (relacl IS NULL)::text::char FROM pg_class WHERE oid = to_regclass(?)", name));
            if (wasDefault && isDefault) return;
            List<Object[]> now = rows(c, "SELECT DISTINCT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE x.grantee::regrole::text END"
                    + " FROM pg_class k, aclexplode(coalesce(k.relacl, acldefault('r', k.relowner))) x WHERE k.oid = to_regclass(?)", name);
            for (Object[] r : now) exec(c, "REVOKE ALL ON " + kind + " " + name + " FROM " + r[0]);
            Map<String, List<String>> byGrantee = new LinkedHashMap<>();
            for (Grant g : acl) {
                byGrantee.computeIfAbsent(g.grantee() + (g.grantable() ? "\u0000g" : ""), k -> new ArrayList<>()).add(g.privilege());
            }
            for (Map.Entry<String, List<String>> e : byGrantee.entrySet()) {
                boolean grantable = e.getKey().endsWith("\u0000g");
                String grantee = grantable ? e.getKey().substring(0, e.getKey().length() - 2) : e.getKey();
                String g = "GRANT " + String.join(", ", e.getValue()) + " ON " + kind + " " + name + " TO " + grantee
                        + (grantable ? " WITH GRANT OPTION" : "");
                exec(c, g);
                grants.add(g);
            }
        }

        /**
         * Placeholders first for plain views (right column names and types, no rows, no dependencies), so any
         * order and cycles work; then definitions in depth order. A placeholder whose real definition changed
         * column types (the shadow changed a type) is dropped and created afresh: nothing depends on it yet.
         */
        void recreateViews(Connection c) throws SQLException {
            for (View v : dependentViews) {
                if (!v.materialized()) exec(c, "CREATE VIEW " + v.name() + " AS SELECT " + v.placeholder() + " LIMIT 0");
            }
            for (View v : dependentViews) {
                String with = v.options() == null || v.options().isBlank() ? "" : " WITH (" + v.options() + ")";
                if (v.materialized()) {
                    exec(c, "CREATE MATERIALIZED VIEW " + v.name() + with + " AS " + v.definition()
                            + (v.populated() ? " WITH DATA" : " WITH NO DATA"));
                } else {
                    exec(c, "SAVEPOINT drover_view");
                    try {
                        exec(c, "CREATE OR REPLACE VIEW " + v.name() + with + " AS " + v.definition());
                    } catch (SQLException e) {
                        if (!"42P16".equals(e.getSQLState())) throw e;
                        exec(c, "ROLLBACK TO SAVEPOINT drover_view");
                        exec(c, "DROP VIEW " + v.name());
                        exec(c, "CREATE VIEW " + v.name() + with + " AS " + v.definition());
                    }
                    exec(c, "RELEASE SAVEPOINT drover_view");
                }
                String owner = string(c, "SELECT relowner::regrole::text FROM pg_class WHERE oid = to_regclass(?)", v.name());
                if (!owner.equals(v.owner())) exec(c, "ALTER " + v.kind() + " " + v.name() + " OWNER TO " + v.owner());
                copyAcl(c, "TABLE", v.name(), v.defaultAcl(), v.acl());
                for (String s : v.comments()) exec(c, s);
                for (String s : v.indexes()) exec(c, s);
                for (String s : v.triggers()) {
                    exec(c, s);
                    if (s.startsWith("CREATE")) triggers.add(s);
                }
                views.add(v.name());
            }
        }

        void addForeignKeys(Connection c, Sql lock) throws SQLException {
            for (ForeignKey k : incoming) {
                String add = "ALTER TABLE " + k.table() + " ADD CONSTRAINT " + TableRef.quote(k.name()) + " " + k.definition();
                lock.exec(k.definition().endsWith("NOT VALID") ? add : add + " NOT VALID");
                if (k.validated()) {
                    try {
                        exec(c, "ALTER TABLE " + k.table() + " VALIDATE CONSTRAINT " + TableRef.quote(k.name()));
                    } catch (SQLException e) {
                        throw new SQLException("foreign key " + k.name() + " of " + k.table() + " does not hold against the new "
                                + live.display() + " (" + e.getMessage() + "); load the missing keys into the shadow or fix "
                                + k.table() + " first", e.getSQLState(), e);
                    }
                }
                foreignKeys.add(k.table() + "." + k.name());
            }
        }
    }
}
