package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.sample.ShopSample;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover run FILE.load} and {@code drover convert FILE.load}: pgloader command files from the command line. */
@ExtendWith(PostgresExtension.class)
class DroverLoadFileTest {
    @TempDir
    Path dir;

    @Test
    void runsEveryCommandOfAFileInOrderAndConvertPrintsTheirPlans(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS lf_people, lf_towns", "CREATE TABLE lf_people (id int, name text)",
                "CREATE TABLE lf_towns (name text, zip text)");
        Files.writeString(dir.resolve("people.csv"), "id,name\n1,Zoë\n2,\n3,\"\"\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("towns.txt"), "Lyon;69000\nOslo;0150\n", StandardCharsets.UTF_8);
        Path load = dir.resolve("two.load");
        Files.writeString(load, """
                -- two commands, run in order
                LOAD CSV
                     FROM 'people.csv' (id, name)
                     INTO %s?tablename=lf_people
                     WITH skip header = 1, fields terminated by ',';

                LOAD CSV
                     FROM 'towns.txt' (name, zip)
                     INTO %s?tablename=lf_towns
                     WITH fields terminated by ';';
                """.formatted(db.url(), db.url()), StandardCharsets.UTF_8);
        Cli.Result r = Cli.drover(db, "run", load.toString(), "--root-dir", dir.resolve("rejects").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("command 1 of 2 (two.load line 2)").contains("command 2 of 2 (two.load line 7)");
        // pgloader's CSV rules: an unquoted empty field is NULL, a quoted one the empty string
        assertThat(db.rows("SELECT id::text, coalesce(name, 'NULL') FROM lf_people ORDER BY id"))
                .containsExactly(List.of("1", "Zoë"), List.of("2", "NULL"), List.of("3", ""));
        assertThat(db.rows("SELECT name, zip FROM lf_towns ORDER BY name")).containsExactly(List.of("Lyon", "69000"), List.of("Oslo", "0150"));

        Cli.Result c = Cli.drover(db, "convert", load.toString());
        assertThat(c.code()).as(c.err()).isZero();
        String[] docs = c.out().split("(?m)^---$");
        assertThat(docs).hasSize(2);
        for (String doc : docs) assertThat(PlanYaml.read(doc, "converted").tables()).hasSize(1);
        assertThat(docs[0]).contains("# two.load line 2: command 1 of 2");
    }

    @Test
    void convertPrintsTheLayoutGuessedFromAFixedHeaderAsTheFixedListAndWarnsWithTheFieldList(TestDatabase db) throws Exception {
        Files.writeString(dir.resolve("ledger.txt"), "ACCOUNT   MEMO\nA-1       rent\n", StandardCharsets.UTF_8);
        Path load = dir.resolve("fixed.load");
        Files.writeString(load, "LOAD FIXED FROM 'ledger.txt' INTO " + db.url() + "?tablename=lf_ledger WITH fixed header;\n",
                StandardCharsets.UTF_8);
        Cli.Result c = Cli.drover(db, "convert", load.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.err()).contains("fixed.load:1:").contains("warning: fixed header: the layout read from line 1")
                .contains("(ACCOUNT from 0 for 10 [null if blanks, trim right whitespace], MEMO from 10 for 4 [null if blanks, trim right whitespace])");
        assertThat(PlanYaml.read(c.out(), "converted").tables().get(0).source().fixed())
                .extracting(f -> f.name() + ":" + f.from() + ":" + f.length() + ":" + f.nullIfBlanks() + ":" + f.trim())
                .containsExactly("ACCOUNT:0:10:true:RIGHT", "MEMO:10:4:true:RIGHT");
        assertThat(c.out()).contains("fixed:").contains("skip_lines: 1");
    }

    @Test
    void aDatabaseCommandMigratesAndAFileThatCannotRunNamesLineAndColumn(TestDatabase db) throws Exception {
        Path shop = ShopSample.generate(dir.resolve("shop.db"), 1, ShopSample.DEFAULT_SEED);
        Path load = dir.resolve("shop.load");
        Files.writeString(load, """
                load database
                     from sqlite://%s
                     into %s
                with include drop, create tables, create indexes, reset sequences
                 alter schema 'public' rename to 'lf_shop';
                """.formatted(shop.getFileName(), db.url()), StandardCharsets.UTF_8);
        Cli.Result r = Cli.drover(db, "run", load.toString(), "--root-dir", dir.resolve("rejects").toString());
        // pgloader's default for a database is on error stop: the tables holding the shop's planted rows stop (exit 6)
        assertThat(r.code()).as(r.err()).isEqualTo(6);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'lf_shop'")).isEqualTo(4);

        Path bad = dir.resolve("bad.load");
        Files.writeString(bad, "LOAD CSV\n  FROM 'x.csv'\n  INTO postgresql:///db?t\n  WITH skip header = 1, fields terminated bi ',';\n",
                StandardCharsets.UTF_8);
        Cli.Result e = Cli.drover(db, "run", bad.toString());
        assertThat(e.code()).isEqualTo(4);
        assertThat(e.err()).contains("bad.load:4:");
    }

    @Test
    void templatesTheFileFromAnIniContextBeforeTheEnvironment(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS lf_ctx", "CREATE TABLE lf_ctx (id int, city text)");
        Files.writeString(dir.resolve("cities.csv"), "1;Lyon\n2;Oslo\n", StandardCharsets.UTF_8);
        Path ini = dir.resolve("context.ini");
        // section names are ignored and keys upper-cased, as pgloader reads its --context file
        Files.writeString(ini, "; connection\n[target]\ntarget_url = " + db.url() + "\n[data]\nDataFile: cities.csv\n");
        Path load = dir.resolve("ctx.load");
        Files.writeString(load, """
                LOAD CSV FROM '{{DATAFILE}}' (id, city)
                     INTO {{{TARGET_URL}}}?tablename=lf_ctx
                     WITH fields terminated by ';';
                """);
        Cli.Result r = Cli.drover(db, "run", load.toString(), "--context", ini.toString(), "--root-dir", dir.resolve("rejects").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(db.rows("SELECT id::text, city FROM lf_ctx ORDER BY id")).containsExactly(List.of("1", "Lyon"), List.of("2", "Oslo"));
        Cli.Result c = Cli.drover(db, "convert", load.toString(), "-C", ini.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("cities.csv");
        Files.writeString(dir.resolve("bad.ini"), "[a]\nno separator here\n");
        Cli.Result bad = Cli.drover(db, "run", load.toString(), "--context", dir.resolve("bad.ini").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.ini:2: expected [section], key = value or a comment");
    }
}
