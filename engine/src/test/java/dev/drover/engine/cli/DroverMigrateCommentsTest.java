package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Table and column comments arrive in the target word for word, and the summary counts them. */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverMigrateCommentsTest {
    @TempDir Path dir;

    /** Quotes, a backslash, a newline, accents and a character outside the BMP: what literal quoting must survive. */
    private static final String AWKWARD = "it's \"quoted\" C:\\temp\\new\nsecond line: Zoë ∑ 😀";

    /** MariaDB keeps comments in utf8mb3, which has no room for 😀 (it stores '?'): the rest is as awkward. */
    private static final String AWKWARD_BMP = AWKWARD.replace(" 😀", "");

    private static String readBack(String schema) {
        String t = "'" + schema + ".notes'::regclass";
        return "SELECT obj_description(" + t + ", 'pg_class'), col_description(" + t + ", 1), col_description(" + t + ", 2),"
                + " col_description(" + t + ", 3)";
    }

    @Test
    void copiesMysqlTableAndColumnCommentsWordForWord(MysqlDatabase my, TestDatabase pg) throws Exception {
        // MySQL reads backslash escapes in literals: \\ is one backslash, \n a newline
        String mysqlText = AWKWARD_BMP.replace("\\", "\\\\").replace("'", "''").replace("\n", "\\n");
        my.execute("CREATE TABLE notes (id INT PRIMARY KEY COMMENT 'the key', body TEXT COMMENT '" + mysqlText + "', plain INT)"
                + " DEFAULT CHARSET utf8mb4 COMMENT 'notes, ''kept'''",
                "INSERT INTO notes VALUES (1, 'x', 2)");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "cm", "--include", "notes", "--root-dir", dir.resolve("rej").toString(),
                "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows(readBack("cm"))).containsExactly(Arrays.asList("notes, 'kept'", "the key", AWKWARD_BMP, null));
        // one line in the summary: three comments written, none failed
        assertThat(r.out()).containsPattern("comments\\s+0\\s+3\\s+3");
    }

    @Test
    void copiesPostgresTableAndColumnCommentsWordForWord(TestDatabase pg) throws Exception {
        TestDatabase src = new TestDatabase(pg.server(), pg.server().createDatabase("pgcomments"));
        src.execute("CREATE TABLE notes (id int PRIMARY KEY, body text, plain int)",
                "COMMENT ON TABLE notes IS 'notes, ''kept'''",
                "COMMENT ON COLUMN notes.id IS 'the key'",
                // an escape string on the source side too: the value holds a real backslash and newline
                "COMMENT ON COLUMN notes.body IS E'" + AWKWARD.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'",
                "INSERT INTO notes VALUES (1, 'x', 2)");
        // standard_conforming_strings off on the target: the comments must still arrive unchanged
        Cli.Result r = Cli.drover(pg, "load", src.url(), pg.url(), "--schema", "cmpg", "--set", "standard_conforming_strings=off",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows(readBack("cmpg"))).containsExactly(Arrays.asList("notes, 'kept'", "the key", AWKWARD, null));
        assertThat(r.out()).containsPattern("comments\\s+0\\s+3\\s+3");
    }

    @Test
    void sourcesWithoutCommentsHaveNoCommentsLine(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE bare (id INT PRIMARY KEY)", "INSERT INTO bare VALUES (1)");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "bare", "--include", "bare",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("comments");
        assertThat(pg.rows("SELECT obj_description('bare.bare'::regclass, 'pg_class')")).containsExactly(Arrays.asList((String) null));
    }
}
