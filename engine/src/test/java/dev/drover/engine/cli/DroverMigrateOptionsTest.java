package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a database migration builds besides tables and rows, as a user asks for it: no indexes, no foreign keys, no
 * sequence resets, serial identities, enums as text with a CHECK, statements before and after, triggers disabled
 * during a data-only load. Checked in the target's catalog.
 */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverMigrateOptionsTest {
    @TempDir Path dir;

    /** Two tables with identities, a foreign key, a unique column, an index and a CHECK; {@code badChild}: a word in a key. */
    private String source(String name, boolean badChild) throws Exception {
        Path file = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, CHECK (length(name) > 0))");
            s.execute("CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, parent_id INTEGER REFERENCES parent(id), note TEXT)");
            s.execute("CREATE INDEX child_note ON child (note)");
            for (int i = 1; i <= 3; i++) s.execute("INSERT INTO parent (name) VALUES ('p" + i + "')");
            for (int i = 1; i <= 5; i++) s.execute("INSERT INTO child (parent_id, note) VALUES (" + (1 + i % 3) + ", 'n" + i + "')");
            if (badChild) s.execute("INSERT INTO child (parent_id, note) VALUES ('seven', 'bad')");
        }
        return "sqlite://" + file.toAbsolutePath();
    }

    private Cli.Result load(TestDatabase db, String source, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("load", source, db.url(), "--root-dir", dir.resolve("rej").toString(),
                "--no-progress"));
        args.addAll(List.of(options));
        return Cli.drover(db, args.toArray(String[]::new));
    }

    private static long constraints(TestDatabase db, String schema, String type) throws Exception {
        return db.queryLong("SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = '"
                + schema + "' AND k.contype = '" + type + "'");
    }

    @Test
    void noIndexesBuildsNoKeyAndSoNoForeignKeyButTheChecksAndTheIdentityResets(TestDatabase db) throws Exception {
        Cli.Result r = load(db, source("shop.db", false), "--schema", "noidx", "--no-indexes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(db.count("noidx.child")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'noidx'")).isZero();
        assertThat(constraints(db, "noidx", "p") + constraints(db, "noidx", "u") + constraints(db, "noidx", "f")).isZero();
        assertThat(constraints(db, "noidx", "c")).isEqualTo(1);
        assertThat(r.err()).contains("create indexes is off: no primary key, unique constraint or index is built; foreign keys are not"
                + " created either");
        assertThat(r.out()).doesNotContain("keys and indexes").doesNotContain("foreign keys and checks").contains("checks");
        // without a key nothing stops a duplicate, but the identity still goes on past the loaded rows
        db.execute("INSERT INTO noidx.parent (name) VALUES ('p1')");
        assertThat(db.queryLong("SELECT max(id) FROM noidx.parent")).isEqualTo(4);
    }

    @Test
    void serialIdentitiesWithoutForeignKeysAndWithOrWithoutSequenceResets(TestDatabase db) throws Exception {
        String source = source("shop.db", false);
        Cli.Result r = load(db, source, "--schema", "ser", "--identity", "serial", "--no-foreign-keys");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(db.rows("SELECT data_type, is_identity, column_default FROM information_schema.columns WHERE table_schema = 'ser'"
                + " AND table_name = 'parent' AND column_name = 'id'"))
                .containsExactly(List.of("bigint", "NO", "nextval('ser.parent_id_seq'::regclass)"));
        assertThat(db.rows("SELECT pg_get_serial_sequence('ser.child', 'id')")).containsExactly(List.of("ser.child_id_seq"));
        assertThat(constraints(db, "ser", "f")).isZero();
        assertThat(constraints(db, "ser", "p")).isEqualTo(2);
        assertThat(r.err()).contains("foreign keys is off");
        // the serial's sequence is set past the loaded keys, as an identity's is
        db.execute("INSERT INTO ser.child (note) VALUES ('new')");
        assertThat(db.queryLong("SELECT id FROM ser.child WHERE note = 'new'")).isEqualTo(6);

        Cli.Result still = load(db, source, "--schema", "noreset", "--identity", "serial", "--no-reset-sequences");
        assertThat(still.code()).as(still.out() + still.err()).isZero();
        assertThat(still.err()).contains("reset sequences is off");
        assertThat(still.out()).doesNotContain("identity sequences");
        assertThat(constraints(db, "noreset", "f")).isEqualTo(1);
        // left at its start: the next key is one the load already used
        assertThat(db.queryLong("SELECT nextval(pg_get_serial_sequence('noreset.child', 'id'))")).isEqualTo(1);
    }

    @Test
    void statementsRunBeforeAndAfterTheLoadInOrderAndAFailureNamesTheStatement(TestDatabase db) throws Exception {
        String source = source("shop.db", false);
        Path script = dir.resolve("before.sql");
        Files.writeString(script, "INSERT INTO public.audit VALUES (1, 'before, ' || (to_regclass('hooks.child') IS NULL)::text);\n"
                + "INSERT INTO public.audit VALUES (2, 'from the file')");
        Cli.Result r = load(db, source, "--schema", "hooks", "--before", "CREATE TABLE public.audit (n int, what text)",
                "--before", "@" + script, "--after", "INSERT INTO public.audit SELECT 3, 'after ' || count(*) FROM hooks.child");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        // before: when the tables did not exist yet; after: when the rows were in
        assertThat(db.rows("SELECT what FROM public.audit ORDER BY n")).containsExactly(List.of("before, true"), List.of("from the file"),
                List.of("after 5"));
        assertThat(r.out()).contains("before load").contains("after load");

        Cli.Result before = load(db, source, "--schema", "hooks2", "--before", "SELECT 1", "--before", "SELECT * FROM nowhere");
        assertThat(before.code()).as(before.out() + before.err()).isEqualTo(6);
        assertThat(before.err()).contains("before load: statement 2 (SELECT * FROM nowhere) failed").contains("nowhere");
        assertThat(db.rows("SELECT to_regclass('hooks2.parent') IS NULL")).containsExactly(List.of("t"));

        Cli.Result after = load(db, source, "--schema", "hooks3", "--after", "SELECT 1 / 0");
        assertThat(after.code()).as(after.out() + after.err()).isEqualTo(6);
        assertThat(after.err()).contains("after load: statement 1 (SELECT 1 / 0) failed").contains("division by zero");
        // the summary's total does not claim success for a failed run without rejects
        assertThat(after.out()).containsPattern("Total import time\\s+✗").doesNotContain("✓");
        assertThat(db.count("hooks3.child")).isEqualTo(5);
    }

    @Test
    void aDataOnlyLoadDisablesTheTargetsUserTriggersAndEnablesThemAgainEvenWhenItFails(TestDatabase db) throws Exception {
        String source = source("shop.db", false);
        Cli.Result schema = load(db, source, "--schema", "trg", "--schema-only");
        assertThat(schema.code()).as(schema.out() + schema.err()).isZero();
        db.execute("CREATE TABLE trg_log (what text)",
                "CREATE FUNCTION trg_log_it() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO trg_log VALUES (NEW.note);"
                        + " RETURN NEW; END$$",
                "CREATE TRIGGER child_log AFTER INSERT ON trg.child FOR EACH ROW EXECUTE FUNCTION trg_log_it()");

        Cli.Result off = load(db, source, "--schema", "trg", "--data-only", "--disable-triggers");
        assertThat(off.code()).as(off.out() + off.err()).isZero();
        assertThat(db.count("trg.child")).isEqualTo(5);
        assertThat(db.count("trg_log")).isZero();
        assertThat(db.rows("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'child_log'")).containsExactly(List.of("O"));

        Cli.Result on = load(db, source, "--schema", "trg", "--data-only", "--truncate");
        assertThat(on.code()).as(on.out() + on.err()).isZero();
        assertThat(db.count("trg_log")).isEqualTo(5);

        // the table fails on its bad row (on error stop); its trigger is enabled again all the same
        Cli.Result failed = load(db, source("bad.db", true), "--schema", "trg", "--data-only", "--truncate", "--disable-triggers",
                "--on-error", "stop");
        assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(6);
        assertThat(failed.err()).contains("trg.child");
        assertThat(db.count("trg_log")).isEqualTo(5);
        assertThat(db.rows("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'child_log'")).containsExactly(List.of("O"));
    }

    @Test
    void mysqlEnumsAsTextWithACheckAndAutoIncrementAsSerial(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE ticket (id INT AUTO_INCREMENT PRIMARY KEY, state ENUM('open', 'closed', 'it''s') NOT NULL"
                        + " DEFAULT 'open', tags SET('x', 'y', 'z'))",
                "INSERT INTO ticket (id, state, tags) VALUES (1, 'open', 'x,z'), (2, 'closed', ''), (7, 'it''s', NULL)");
        Cli.Result explain = Cli.drover(pg, "explain", my.url(), "--include", "ticket", "--enums", "text-check", "--identity", "serial");
        assertThat(explain.code()).as(explain.out() + explain.err()).isZero();
        assertThat(explain.out()).contains("serial not null").contains("check (\"state\" IN ('open', 'closed', 'it''s'))")
                .doesNotContain("CREATE TYPE");

        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--include", "ticket", "--schema", "tk", "--enums", "text-check",
                "--identity", "serial", "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows("SELECT column_name, data_type, udt_name, coalesce(column_default, '') FROM information_schema.columns"
                + " WHERE table_schema = 'tk' AND table_name = 'ticket' ORDER BY ordinal_position")).containsExactly(
                List.of("id", "integer", "int4", "nextval('tk.ticket_id_seq'::regclass)"), List.of("state", "text", "text", "'open'::text"),
                List.of("tags", "ARRAY", "_text", ""));
        assertThat(pg.queryLong("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'"))
                .isZero();
        assertThat(pg.rows("SELECT id::text, state, tags::text FROM tk.ticket ORDER BY id")).containsExactly(
                List.of("1", "open", "{x,z}"), List.of("2", "closed", "{}"), java.util.Arrays.asList("7", "it's", null));
        // the serial's sequence was set past the loaded keys
        pg.execute("INSERT INTO tk.ticket (tags) VALUES (ARRAY['y'])");
        assertThat(pg.queryLong("SELECT max(id) FROM tk.ticket")).isEqualTo(8);
        // the CHECKs hold the columns to the labels afterwards
        assertThatThrownBy(() -> pg.execute("INSERT INTO tk.ticket (state) VALUES ('reopened')")).hasMessageContaining("check constraint");
        assertThatThrownBy(() -> pg.execute("INSERT INTO tk.ticket (state, tags) VALUES ('open', ARRAY['x', 'w'])"))
                .hasMessageContaining("check constraint");
    }
}
