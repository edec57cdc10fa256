package dev.drover.engine.ingest.swap;

import static dev.drover.engine.ingest.swap.SwapFixtures.column;
import static dev.drover.engine.ingest.swap.SwapFixtures.exec;
import static dev.drover.engine.ingest.swap.SwapFixtures.inTransaction;
import static dev.drover.engine.ingest.swap.SwapFixtures.literal;
import static dev.drover.engine.ingest.swap.SwapFixtures.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.target.TableRef;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TableSwapTest {
    static String owner;
    static String reader;

    @BeforeAll
    static void roles(TestDatabase db) throws SQLException {
        owner = SwapFixtures.role(db, "owner");
        reader = SwapFixtures.role(db, "reader");
        SwapFixtures.createRole(db, owner);
        SwapFixtures.createRole(db, reader);
    }

    @AfterAll
    static void dropRoles(TestDatabase db) throws SQLException {
        SwapFixtures.dropRole(db, reader);
        SwapFixtures.dropRole(db, owner);
    }

    static String q(String identifier) {
        return TableRef.quote(identifier);
    }

    @Test
    void keepsOwnerGrantsCommentsPoliciesTriggersAndViewsOnOddlyNamedObjects(TestDatabase db) throws SQLException {
        String s = q("my \"sch.ema\" 🚀");
        TableRef live = new TableRef("my \"sch.ema\" 🚀", "t.a \"b\" 🐘");
        TableRef shadow = new TableRef("my \"sch.ema\" 🚀", "_tmp_0a1b2c");
        String t = live.sql();
        String v = q("v a\"l.🎉");
        String view1 = s + "." + q("v.1 \"x\" 👀");
        String view2 = s + "." + q("v.2 on v.1");
        String mv = s + "." + q("mv 📦");
        String ro = q(reader);
        String ow = q(owner);
        db.execute("CREATE SCHEMA " + s,
                "GRANT USAGE ON SCHEMA " + s + " TO " + ro + ", " + ow,
                "CREATE TABLE " + t + " (id serial PRIMARY KEY, " + v + " int NOT NULL, note text DEFAULT 'n/a', stamp text)",
                "CREATE INDEX " + q("idx 🐘 v") + " ON " + t + " (" + v + ")",
                "INSERT INTO " + t + " (" + v + ") VALUES (1), (2), (3)",
                "COMMENT ON TABLE " + t + " IS 'live table ''quoted'' 🐘'",
                "COMMENT ON COLUMN " + t + "." + v + " IS 'the value'",
                "CREATE FUNCTION " + s + ".stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.stamp := 'stamped'; RETURN NEW; END$$",
                "CREATE TRIGGER " + q("stamp it 🔔") + " BEFORE INSERT ON " + t + " FOR EACH ROW EXECUTE FUNCTION " + s + ".stamp()",
                "ALTER TABLE " + t + " OWNER TO " + ow,
                "GRANT SELECT ON " + t + " TO " + ro,
                "GRANT UPDATE (note) ON " + t + " TO " + ro,
                "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY " + q("big only 🔐") + " ON " + t + " FOR SELECT TO " + ro + " USING (" + v + " > 1)",
                "CREATE VIEW " + view1 + " AS SELECT id, " + v + " FROM " + t + " WHERE " + v + " > 0",
                "CREATE VIEW " + view2 + " AS SELECT count(*) AS n, sum(" + v + ") AS total FROM " + view1,
                "CREATE MATERIALIZED VIEW " + mv + " AS SELECT sum(" + v + ") AS total FROM " + t,
                "CREATE UNIQUE INDEX " + q("mv idx") + " ON " + mv + " (total)",
                "ALTER VIEW " + view1 + " OWNER TO " + ow,
                "ALTER VIEW " + view2 + " OWNER TO " + ow,
                "GRANT SELECT ON " + view1 + ", " + view2 + ", " + mv + " TO " + ro,
                "COMMENT ON VIEW " + view1 + " IS 'first view'");
        long oldOid = db.queryLong("SELECT " + literal(t) + "::regclass::oid");

        SwapResult result;
        try (Connection c = inTransaction(db)) {
            // The caller's shadow: a changed type (int -> bigint), a new column, no default on note, its own names.
            exec(c, "CREATE TABLE " + shadow.sql() + " (id serial PRIMARY KEY, " + v + " bigint NOT NULL, note text, stamp text, extra text)",
                    "CREATE INDEX " + q("_tmp_idx_0a1b2c") + " ON " + shadow.sql() + " (" + v + ")",
                    "INSERT INTO " + shadow.sql() + " (" + v + ", extra) SELECT g, 'new' FROM generate_series(1, 5) g");
            result = new TableSwap(SwapOptions.DEFAULTS).swap(c, live, shadow);
            c.commit();
        }

        assertThat(db.queryLong("SELECT " + literal(t) + "::regclass::oid")).isNotEqualTo(oldOid);
        assertThat(db.count(t)).isEqualTo(5);
        assertThat(db.rows("SELECT relowner::regrole::text FROM pg_class WHERE oid = " + literal(t) + "::regclass"))
                .containsExactly(List.of(owner));
        assertThat(db.rows("SELECT obj_description(" + literal(t) + "::regclass, 'pg_class'), col_description(" + literal(t)
                + "::regclass, 2)")).containsExactly(List.of("live table 'quoted' 🐘", "the value"));
        assertThat(db.rows("SELECT has_table_privilege(" + literal(reader) + ", " + literal(t) + ", 'SELECT')::text,"
                + " has_column_privilege(" + literal(reader) + ", " + literal(t) + ", 'note', 'UPDATE')::text,"
                + " has_table_privilege(" + literal(reader) + ", " + literal(t) + ", 'INSERT')::text"))
                .containsExactly(List.of("true", "true", "false"));
        // indexes and the serial sequence carry the live table's names again; no _tmp_ name leaks
        assertThat(db.rows("SELECT indexname FROM pg_indexes WHERE schemaname = " + literal(live.schema())
                + " AND tablename = " + literal(live.name()) + " ORDER BY 1"))
                .containsExactly(List.of("idx 🐘 v"), List.of("t.a \"b\" 🐘_pkey"));
        assertThat(db.rows("SELECT pg_get_serial_sequence(" + literal(t) + ", 'id')"))
                .containsExactly(List.of(s + "." + q("t.a \"b\" 🐘_id_seq")));
        assertThat(db.rows("SELECT conname FROM pg_constraint WHERE conrelid = " + literal(t) + "::regclass"))
                .containsExactly(List.of("t.a \"b\" 🐘_pkey"));

        // the trigger still fires
        // the trigger still fires, and note's default, which the shadow's DDL left out, is back
        db.execute("INSERT INTO " + t + " (" + v + ") VALUES (6)");
        assertThat(db.rows("SELECT stamp, note FROM " + t + " WHERE " + v + " = 6")).containsExactly(List.of("stamped", "n/a"));

        // views on views and the materialized view are back, with the new data, owners, grants and comments
        assertThat(db.rows("SELECT n, total FROM " + view2)).containsExactly(List.of("6", "21"));
        assertThat(db.rows("SELECT total FROM " + mv)).containsExactly(List.of("15"));
        assertThat(db.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'mv 📦'")).containsExactly(List.of("mv idx"));
        assertThat(db.rows("SELECT relowner::regrole::text FROM pg_class WHERE oid IN (" + literal(view1) + "::regclass, "
                + literal(view2) + "::regclass)")).containsExactly(List.of(owner), List.of(owner));
        assertThat(db.rows("SELECT obj_description(" + literal(view1) + "::regclass, 'pg_class')")).containsExactly(List.of("first view"));
        assertThat(result.views()).containsExactlyInAnyOrder(view1, mv, view2).last().isEqualTo(view2);
        assertThat(result.triggers()).singleElement().asString().contains("stamp it 🔔");
        assertThat(result.policies()).singleElement().asString().contains("big only 🔐");
        assertThat(result.lost()).isEmpty();
        assertThat(result.carried()).containsExactly("default 'n/a'::text of column note");
        assertThat(result.renamed()).hasSize(3);
        assertThat(result.retries()).isZero();

        // the second role reads the table (through its policy), the views and the materialized view
        try (Connection r = db.connect()) {
            exec(r, "SET ROLE " + ro);
            assertThat(one(r, "SELECT count(*) FROM " + t)).isEqualTo("5");
            assertThat(one(r, "SELECT count(*) FROM " + view1)).isEqualTo("6");
            assertThat(one(r, "SELECT total FROM " + view2)).isEqualTo("21");
            assertThat(one(r, "SELECT total FROM " + mv)).isEqualTo("15");
            assertThatThrownBy(() -> exec(r, "INSERT INTO " + t + " (" + v + ") VALUES (7)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void incomingForeignKeysArePointedAtTheNewTableAndValidated(TestDatabase db) throws SQLException {
        TableRef live = new TableRef("public", "parent.fk 🌳");
        TableRef shadow = new TableRef("public", "_tmp_parent");
        String child = q("child \"fk\"");
        db.execute("CREATE TABLE " + live.sql() + " (id int PRIMARY KEY)",
                "INSERT INTO " + live.sql() + " VALUES (1), (2)",
                "CREATE TABLE " + child + " (id int PRIMARY KEY, parent int CONSTRAINT " + q("to parent ✓") + " REFERENCES " + live.sql() + ")",
                "INSERT INTO " + child + " VALUES (10, 1), (20, 2)");
        try (Connection c = inTransaction(db)) {
            exec(c, "CREATE TABLE " + shadow.sql() + " (id int PRIMARY KEY)",
                    "INSERT INTO " + shadow.sql() + " VALUES (1), (2), (3)");
            SwapResult r = new TableSwap(SwapOptions.DEFAULTS).swap(c, live, shadow);
            c.commit();
            assertThat(r.foreignKeys()).containsExactly("public." + child + ".to parent ✓");
        }
        assertThat(db.rows("SELECT confrelid::regclass::text, convalidated::text FROM pg_constraint WHERE conname = 'to parent ✓'"))
                .containsExactly(List.of(live.sql().replace("\"public\".", ""), "true"));
        assertThatThrownBy(() -> db.execute("INSERT INTO " + child + " VALUES (30, 99)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("to parent ✓");
        db.execute("INSERT INTO " + child + " VALUES (30, 3)");
    }

    @Test
    void aShadowMissingReferencedKeysFailsTheSwapAndLeavesEverythingAsItWas(TestDatabase db) throws SQLException {
        TableRef live = new TableRef("public", "parent2");
        TableRef shadow = new TableRef("public", "_tmp_parent2");
        db.execute("CREATE TABLE parent2 (id int PRIMARY KEY)", "INSERT INTO parent2 VALUES (1), (2)",
                "CREATE TABLE child2 (parent int CONSTRAINT child2_parent_fk REFERENCES parent2)", "INSERT INTO child2 VALUES (2)");
        long oid = db.queryLong("SELECT 'parent2'::regclass::oid");
        try (Connection c = inTransaction(db)) {
            exec(c, "CREATE TABLE _tmp_parent2 (id int PRIMARY KEY)", "INSERT INTO _tmp_parent2 VALUES (1)");
            assertThatThrownBy(() -> new TableSwap(SwapOptions.DEFAULTS).swap(c, live, shadow))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("foreign key child2_parent_fk of public.child2 does not hold against the new public.parent2")
                    .hasMessageContaining("rolled back")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
            // the caller's transaction is still usable and the shadow is still there
            assertThat(one(c, "SELECT count(*) FROM _tmp_parent2")).isEqualTo("1");
            c.rollback();
        }
        assertThat(db.queryLong("SELECT 'parent2'::regclass::oid")).isEqualTo(oid);
        assertThat(db.rows("SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = 'child2_parent_fk'"))
                .containsExactly(List.of("parent2"));
    }

    @Test
    void readersNeverSeeErrorsOrPartialContentsDuringManySwaps(TestDatabase db) throws Exception {
        String s = q("read \"er\".s 📖");
        TableRef live = new TableRef("read \"er\".s 📖", "t 🔁");
        String view = s + "." + q("v 🔁");
        db.execute("CREATE SCHEMA " + s, "CREATE TABLE " + live.sql() + " (v int NOT NULL)",
                "INSERT INTO " + live.sql() + " SELECT 0 FROM generate_series(1, 100)",
                "CREATE VIEW " + view + " AS SELECT v FROM " + live.sql());
        AtomicBoolean done = new AtomicBoolean();
        List<String> problems = new CopyOnWriteArrayList<>();
        Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // version k has 100 + k rows, all with v = k: anything else is a partial or mixed view of the data
            List<Future<?>> readers = List.of(live.sql(), view).stream().map(rel -> pool.submit(() -> {
                try (Connection r = db.connect(); Statement st = r.createStatement()) {
                    while (!done.get()) {
                        try (ResultSet rs = st.executeQuery("SELECT count(*), min(v), max(v) FROM " + rel)) {
                            rs.next();
                            long n = rs.getLong(1);
                            int min = rs.getInt(2), max = rs.getInt(3);
                            if (min != max || n != 100 + min) problems.add(rel + ": " + n + " rows, v from " + min + " to " + max);
                            versionsSeen.add(min);
                        } catch (SQLException e) {
                            problems.add(rel + ": " + e.getSQLState() + " " + e.getMessage());
                        }
                    }
                }
                return null;
            })).<Future<?>>map(f -> f).toList();
            try (Connection c = inTransaction(db)) {
                for (int k = 1; k <= 15; k++) {
                    TableRef shadow = new TableRef(live.schema(), "_tmp_" + k);
                    exec(c, "CREATE TABLE " + shadow.sql() + " (v int NOT NULL)",
                            "INSERT INTO " + shadow.sql() + " SELECT " + k + " FROM generate_series(1, " + (100 + k) + ")");
                    new TableSwap(SwapOptions.DEFAULTS).swap(c, live, shadow);
                    c.commit();
                }
            }
            done.set(true);
            for (Future<?> f : readers) f.get(30, TimeUnit.SECONDS);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
        assertThat(versionsSeen).contains(15);
        assertThat(db.rows("SELECT count(*), min(v) FROM " + view)).containsExactly(List.of("115", "15"));
    }

    @Test
    void cyclicViewsOptionsUnpopulatedMatviewsAndPublicGrantsComeBackAsTheyWere(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE cyc (id int GENERATED ALWAYS AS IDENTITY, v int)",
                "INSERT INTO cyc (v) VALUES (1), (2)",
                "GRANT SELECT, INSERT ON cyc TO PUBLIC",
                // a two-view cycle, possible only through CREATE OR REPLACE; defined but never queried
                "CREATE VIEW cyc_a AS SELECT v FROM cyc",
                "CREATE VIEW cyc_b AS SELECT v FROM cyc_a",
                "CREATE OR REPLACE VIEW cyc_a AS SELECT v FROM cyc UNION ALL SELECT v FROM cyc_b WHERE false",
                "CREATE VIEW cyc_guarded WITH (security_barrier = true) AS SELECT id, v FROM cyc WHERE v > 0 WITH CASCADED CHECK OPTION",
                "CREATE MATERIALIZED VIEW cyc_mv AS SELECT count(*) AS n FROM cyc WITH NO DATA",
                "CREATE VIEW cyc_win AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)"
                        + " SELECT v, row_number() OVER (ORDER BY v) AS rn, (SELECT max(n) FROM r) AS m FROM cyc");
        String defs = "SELECT viewname, definition FROM pg_views WHERE viewname LIKE 'cyc%' UNION ALL"
                + " SELECT matviewname, definition FROM pg_matviews WHERE matviewname LIKE 'cyc%' ORDER BY 1";
        List<List<String>> before = db.rows(defs);
        SwapResult r;
        try (Connection c = inTransaction(db)) {
            exec(c, "CREATE TABLE cyc_new (id int, v int)", "INSERT INTO cyc_new VALUES (1, 5), (2, 6), (3, 7)");
            r = new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("cyc"), TableRef.parse("cyc_new"));
            c.commit();
        }
        assertThat(db.rows(defs)).isEqualTo(before);
        assertThat(r.views()).hasSize(5);
        assertThat(db.rows("SELECT array_to_string(array(SELECT unnest(reloptions) ORDER BY 1), ',') FROM pg_class WHERE relname = 'cyc_guarded'"))
                .containsExactly(List.of("check_option=cascaded,security_barrier=true"));
        assertThat(db.rows("SELECT relispopulated::text FROM pg_class WHERE relname = 'cyc_mv'")).containsExactly(List.of("false"));
        assertThat(db.rows("SELECT max(rn), max(m) FROM cyc_win")).containsExactly(List.of("3", "3"));
        assertThat(db.rows("SELECT has_table_privilege('public', 'cyc', 'SELECT')::text, has_table_privilege('public', 'cyc', 'INSERT')::text,"
                + " has_table_privilege('public', 'cyc', 'DELETE')::text")).containsExactly(List.of("true", "true", "false"));
        assertThat(r.lost()).containsExactly("identity (ALWAYS) of column id: the new column is nullable, and identity needs NOT NULL");
    }

    @Test
    void reportsWhatTheShadowsDdlLeftOutInsteadOfDroppingItSilently(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE lossy (id int PRIMARY KEY, v int CHECK (v > 0), w text, gone text, UNIQUE (v, w))"
                        + " WITH (fillfactor = 70)",
                "ALTER TABLE lossy REPLICA IDENTITY FULL",
                "CREATE PUBLICATION lossy_pub FOR TABLE lossy",
                "COMMENT ON COLUMN lossy.gone IS 'about to go'",
                "GRANT SELECT (gone) ON lossy TO PUBLIC");
        SwapResult r;
        try (Connection c = inTransaction(db)) {
            exec(c, "CREATE TABLE lossy_new (id int PRIMARY KEY, v int CHECK (v > 0), w text)");
            r = new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("lossy"), TableRef.parse("lossy_new"));
            c.commit();
        }
        assertThat(r.lost()).containsExactlyInAnyOrder(
                "comment on column gone (not in the shadow): about to go",
                "column privilege SELECT on gone for PUBLIC (column not in the shadow)",
                "constraint lossy_v_w_key (UNIQUE (v, w)): the shadow's DDL does not define it",
                "storage parameters (fillfactor=70): the shadow has none",
                "replica identity f: the shadow has d",
                "membership of publication lossy_pub");
        // the constraints the shadow does define are kept under the live table's names
        assertThat(db.rows("SELECT conname FROM pg_constraint WHERE conrelid = 'lossy'::regclass ORDER BY 1"))
                .containsExactly(List.of("lossy_pkey"), List.of("lossy_v_check"));
        assertThat(r.renamed()).containsExactlyInAnyOrder("index lossy_new_pkey -> lossy_pkey", "constraint lossy_new_v_check -> lossy_v_check");
        db.execute("DROP PUBLICATION lossy_pub");
    }

    @Test
    void defaultsSerialIdentityChecksAndForeignKeysComeOverAndWhatDoesNotFitIsReported(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE carry_ref (code text PRIMARY KEY)", "INSERT INTO carry_ref VALUES ('a'), ('b')",
                "CREATE TABLE carry (id serial PRIMARY KEY, n bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY -2 MAXVALUE 10),"
                        + " label text DEFAULT 'x' CONSTRAINT carry_label_check CHECK (label <> ''), amount text DEFAULT 'none',"
                        + " ref text CONSTRAINT carry_ref_fk REFERENCES carry_ref, odd int CONSTRAINT carry_odd CHECK (odd % 2 = 1),"
                        + " word text CONSTRAINT carry_word CHECK (word > 'a'), stale int)",
                "INSERT INTO carry (ref) VALUES ('a'), ('b')",
                "INSERT INTO carry (stale) VALUES (-1)",
                "ALTER TABLE carry ADD CONSTRAINT carry_not_yet CHECK (stale > 0) NOT VALID");
        long sequence = db.queryLong("SELECT pg_get_serial_sequence('carry', 'id')::regclass::oid");
        SwapResult r;
        try (Connection c = inTransaction(db)) {
            // amount and word change type; odd holds an even value; the identity column becomes a plain NOT NULL int
            exec(c, "CREATE TABLE carry_new (id int NOT NULL PRIMARY KEY, n int NOT NULL, label text, amount int, ref text, odd int,"
                            + " word int, stale int)",
                    "INSERT INTO carry_new SELECT id, n, label, NULL, ref, 2, NULL, stale FROM carry");
            r = new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("carry"), TableRef.parse("carry_new"));
            c.commit();
        }
        assertThat(r.lost()).satisfiesExactlyInAnyOrder(
                l -> assertThat(l).startsWith("default 'none'::text of column amount: does not fit the new column (integer): ")
                        .contains("is of type integer but default expression is of type text"),
                l -> assertThat(l).startsWith("constraint carry_word (CHECK ((word > 'a'::text))): does not apply to the new table: ")
                        .contains("operator does not exist: integer > text"),
                l -> assertThat(l).startsWith("constraint carry_odd (CHECK (((odd % 2) = 1))): kept NOT VALID (checked for new rows only),"
                        + " existing rows break it: ").contains("carry_odd"));
        assertThat(r.carried()).contains("identity (BY DEFAULT) of column n, next value 4", "default 'x'::text of column label",
                "constraint carry_ref_fk (FOREIGN KEY (ref) REFERENCES carry_ref(code))");
        // the serial's sequence is the same object, still counting; the identity continues downwards
        assertThat(db.queryLong("SELECT pg_get_serial_sequence('carry', 'id')::regclass::oid")).isEqualTo(sequence);
        assertThat(db.rows("INSERT INTO carry (ref) VALUES ('b') RETURNING id, n, label")).containsExactly(List.of("4", "4", "x"));
        assertThat(db.rows("SELECT conname, convalidated::text FROM pg_constraint WHERE conrelid = 'carry'::regclass AND contype IN ('c', 'f')"
                + " ORDER BY 1")).containsExactly(List.of("carry_label_check", "true"), List.of("carry_not_yet", "false"),
                List.of("carry_odd", "false"), List.of("carry_ref_fk", "true"));
        assertThatThrownBy(() -> db.execute("INSERT INTO carry (ref) VALUES ('zz')")).isInstanceOf(SQLException.class)
                .hasMessageContaining("carry_ref_fk");
        assertThatThrownBy(() -> db.execute("INSERT INTO carry (label) VALUES ('')")).isInstanceOf(SQLException.class)
                .hasMessageContaining("carry_label_check");
    }

    @Test
    void aSerialSequenceThatAnotherColumnOrTheShadowsOwnDdlUsesSurvivesTheSwap(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE tickets (old serial, code int, note text)",
                "ALTER TABLE tickets ALTER COLUMN code SET DEFAULT nextval('tickets_old_seq')",
                "INSERT INTO tickets (note) VALUES ('a'), ('b')",
                "CREATE TABLE counters (id serial PRIMARY KEY, n int)", "INSERT INTO counters (n) VALUES (1)");
        SwapResult tickets;
        SwapResult counters;
        try (Connection c = inTransaction(db)) {
            // old is gone: code takes its sequence over; the second shadow's own DDL names the live sequence
            exec(c, "CREATE TABLE tickets_new (code bigint, note text)", "INSERT INTO tickets_new SELECT code, note FROM tickets",
                    "CREATE TABLE counters_new (id bigint PRIMARY KEY DEFAULT nextval('counters_id_seq'), n int)",
                    "INSERT INTO counters_new SELECT id, n FROM counters");
            tickets = new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("tickets"), TableRef.parse("tickets_new"));
            counters = new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("counters"), TableRef.parse("counters_new"));
            c.commit();
        }
        assertThat(tickets.carried()).containsExactly("default nextval('tickets_old_seq'::regclass) of column code",
                "sequence public.tickets_old_seq, now owned by column code");
        assertThat(counters.carried()).containsExactly("sequence public.counters_id_seq, now owned by column id");
        assertThat(db.rows("INSERT INTO tickets (note) VALUES ('c') RETURNING code, pg_get_serial_sequence('tickets', 'code')"))
                .containsExactly(List.of("5", "public.tickets_old_seq"));
        assertThat(db.rows("INSERT INTO counters (n) VALUES (2) RETURNING id, pg_get_serial_sequence('counters', 'id')"))
                .containsExactly(List.of("2", "public.counters_id_seq"));
    }

    @Test
    void refusesAShadowInAnotherSchemaOrAConnectionInAutocommit(TestDatabase db) throws SQLException {
        db.execute("CREATE SCHEMA other", "CREATE TABLE ok_live (a int)", "CREATE TABLE other.ok_shadow (a int)");
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("ok_live"), TableRef.parse("other.ok_shadow")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autocommit off");
            c.setAutoCommit(false);
            assertThatThrownBy(() -> new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("ok_live"), TableRef.parse("other.ok_shadow")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in the schema of public.ok_live");
            assertThatThrownBy(() -> new TableSwap(SwapOptions.DEFAULTS).swap(c, TableRef.parse("ok_live"), TableRef.parse("nope")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no table nope");
        }
        assertThat(column(db.connect(), "SELECT 1")).containsExactly("1");
    }
}
