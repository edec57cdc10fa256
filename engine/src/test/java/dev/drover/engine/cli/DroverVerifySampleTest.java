package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --verify-sample N}: source rows compared with the target after the load, value by value. */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverVerifySampleTest {
    @TempDir Path dir;

    /**
     * A SQLite shop: 1,000 items with an integer key and every kind of value, a text-keyed table, a two-column key, and
     * a table without a key (which cannot be sampled by key).
     */
    private Path shop(String name) throws Exception {
        Path file = dir.resolve(name + ".db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            c.setAutoCommit(false); // one transaction: SQLite syncs the file at each commit
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price DECIMAL(10,2), weight REAL,"
                    + " added DATE, seen DATETIME, active BOOLEAN, photo BLOB, qty INTEGER)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 1000; i++) {
                    ps.setInt(1, i * 7); // gaps, so spread reads start between keys
                    ps.setString(2, "item " + i + (i % 3 == 0 ? " 'quoted', \"double\"\ttab\nline" : " Zoë 😀"));
                    ps.setString(3, (i % 100) + "." + String.format("%02d", i % 97));
                    ps.setDouble(4, i / 3.0);
                    ps.setString(5, String.format("2024-%02d-%02d", 1 + i % 12, 1 + i % 28));
                    ps.setString(6, String.format("2024-01-01 %02d:%02d:%02d.%03d", i % 24, i % 60, (i * 7) % 60, i % 1000));
                    ps.setInt(7, i % 2);
                    ps.setBytes(8, i % 5 == 0 ? null : new byte[] {0, (byte) i, (byte) 255});
                    ps.setInt(9, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute("CREATE TABLE codes (code TEXT PRIMARY KEY, label TEXT)");
            for (int i = 0; i < 40; i++) s.execute("INSERT INTO codes VALUES ('c" + (char) ('a' + i % 26) + i + "', 'label " + i + "')");
            s.execute("CREATE TABLE stock (shop INTEGER, item INTEGER, count INTEGER, PRIMARY KEY (shop, item))");
            for (int i = 0; i < 30; i++) s.execute("INSERT INTO stock VALUES (" + (i % 3) + ", " + i + ", " + (i * 2) + ")");
            s.execute("CREATE TABLE log (at TEXT, message TEXT)");
            s.execute("INSERT INTO log VALUES ('now', 'hello')");
            c.commit();
        }
        return file;
    }

    private JsonNode table(Path summary, String name) throws Exception {
        for (JsonNode t : new ObjectMapper().readTree(Files.readString(summary)).get("tables")) {
            if (t.get("table").asText().equals(name)) return t;
        }
        throw new AssertionError("no table " + name + " in " + summary);
    }

    @Test
    void aCleanMigrationVerifiesItsSampleOfEveryKeyedTable(TestDatabase pg) throws Exception {
        Path file = shop("clean");
        Path summary = dir.resolve("clean.json");
        Cli.Result r = Cli.drover(pg, "load", "sqlite://" + file.toAbsolutePath(), pg.url(), "--schema", "clean", "--verify-sample", "30",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        // 30 of the 1,000 items, all 40 codes would be more than asked: 30; the 30 stock rows; the log has no key
        JsonNode items = table(summary, "clean.items").get("verification");
        assertThat(items.get("sampled").asLong()).isEqualTo(30);
        assertThat(items.get("matched").asLong()).isEqualTo(30);
        assertThat(items.get("mismatched").asLong()).isZero();
        assertThat(table(summary, "clean.codes").get("verification").get("matched").asLong()).isEqualTo(30);
        assertThat(table(summary, "clean.stock").get("verification").get("matched").asLong()).isEqualTo(30);
        assertThat(table(summary, "clean.log").get("verification").isNull()).isTrue();
        assertThat(r.out()).containsPattern("verify sample\\s+0\\s+90\\s+90");
        assertThat(r.err()).contains("not verified: the table has no primary key");
    }

    @Test
    void rejectedRowsAreExpectedToBeMissing(TestDatabase pg) throws Exception {
        Path file = shop("rejects");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // rejected by its conversion (a word in an integer column), and by the server (an orphan of a foreign key)
            s.execute("UPDATE items SET qty = 'seven' WHERE id = 7");
            s.execute("CREATE TABLE lines (id INTEGER PRIMARY KEY, item INTEGER REFERENCES items (id))");
            s.execute("INSERT INTO lines VALUES (1, 999999), (2, 14), (3, 21)");
        }
        Path summary = dir.resolve("rejects.json");
        Cli.Result r = Cli.drover(pg, "load", "sqlite://" + file.toAbsolutePath(), pg.url(), "--schema", "rejects", "--verify-sample", "10",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        JsonNode items = table(summary, "rejects.items").get("verification");
        assertThat(items.get("missing").asLong()).isEqualTo(1);
        assertThat(items.get("matched").asLong()).isEqualTo(9);
        JsonNode lines = table(summary, "rejects.lines").get("verification");
        assertThat(lines.get("missing").asLong()).isEqualTo(1);
        assertThat(lines.get("matched").asLong()).isEqualTo(2);
        assertThat(lines.get("mismatched").asLong()).isZero();
    }

    @Test
    void aTargetThatChangesValuesOnTheWayIsCaught(TestDatabase pg) throws Exception {
        Path file = shop("tampered");
        String source = "sqlite://" + file.toAbsolutePath();
        Cli.Result schema = Cli.drover(pg, "load", source, pg.url(), "--schema", "tampered", "--schema-only", "--no-progress");
        assertThat(schema.code()).as(schema.out() + schema.err()).isZero();
        // a trigger in the target that quietly rewrites what it is given: exactly what a sample check is for
        pg.execute("CREATE FUNCTION tampered.shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF NEW.id IN (7, 14) THEN NEW.name := NEW.name || '!'; NEW.price := NEW.price + 1; END IF;"
                        + " IF NEW.id = 7000 THEN RETURN NULL; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER shout BEFORE INSERT ON tampered.items FOR EACH ROW EXECUTE FUNCTION tampered.shout()");
        Path summary = dir.resolve("tampered.json");
        Cli.Result r = Cli.drover(pg, "load", source, pg.url(), "--schema", "tampered", "--data-only", "--verify-sample", "12",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(5);
        // the first keys (7, 14) differ in two columns each; the last one (7000) never arrived, and nothing was rejected
        JsonNode v = table(summary, "tampered.items").get("verification");
        assertThat(v.get("mismatched").asLong()).isEqualTo(3);
        Map<String, List<String>> byKey = new HashMap<>();
        for (JsonNode m : v.get("mismatches")) {
            byKey.computeIfAbsent(m.get("key").asText(), k -> new ArrayList<>())
                    .add(m.get("column").asText() + ": " + m.get("source").asText() + " → " + m.get("target").asText());
        }
        assertThat(byKey.get("id=7")).containsExactly("name: item 1 Zoë 😀 → item 1 Zoë 😀!", "price: 1.01 → 2.01");
        assertThat(byKey.get("id=14")).hasSize(2);
        assertThat(byKey.get("id=7000")).containsExactly("null: present → null");
        assertThat(r.out()).contains("DIFFERS tampered.items: 3 of 12 sampled rows differ from the source",
                "DIFFERS tampered.items id=7 name: source 'item 1 Zoë 😀', target 'item 1 Zoë 😀!'",
                "DIFFERS tampered.items id=7000: row missing in the target");
        assertThat(r.err()).contains("drover: error: verify sample: tampered.items: 3 of 12 sampled rows differ");
    }

    @Test
    void mysqlValuesOfEveryTypeCompareEqualAfterTheirConversions(MysqlDatabase my, TestDatabase pg) throws Exception {
        dev.drover.engine.source.mysql.MysqlSchemas.allTypes(my);
        my.execute("SET SESSION sql_mode = ''",
                "INSERT INTO AllTypes (id, flag, tu, bu, b1, b8, d, f, f2, dbl, c, vc, lat, tx, bin, vb, dt, dtm, ts, tm, yr, zd, zdt, e, st, j,"
                        + " `camelCase`, `order`) VALUES"
                        + " (1, 1, 255, 18446744073709551615, b'1', b'00000101', 12345678901234.123456, 0.1, 12.3456, 1e300, 'ab',"
                        + " 'Zoë 😀', 'café', 'long\\ntext', x'000102030405060708090a0b0c0d0e0f', x'ff', '2024-02-29',"
                        + " '2024-02-29 23:59:59.123456', '2024-06-01 12:00:00', '-12:30:00', 2024, '0000-00-00',"
                        + " '2019-00-10 00:00:00', 'b,c', 'x,z', '{\"k\": [1, 2.50]}', 7, 'sel'),"
                        + " (2, 0, NULL, 0, b'0', b'0', 0, -0.5, NULL, -1.5, NULL, '', NULL, NULL, NULL, NULL, '1000-01-01',"
                        + " '9999-12-31 23:59:59', '2038-01-19 03:14:07', '838:59:59', 1901, '2020-01-01', '2020-01-01 00:00:00', '',"
                        + " '', NULL, NULL, NULL)");
        Path summary = dir.resolve("my.json");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "myv", "--include", "AllTypes", "--verify-sample", "5",
                "--cast", "column AllTypes.tm to interval", "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(),
                "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode v = table(summary, "myv.alltypes").get("verification");
        assertThat(v.get("sampled").asLong()).isEqualTo(2);
        assertThat(v.get("matched").asLong()).as(v.toString()).isEqualTo(2);
    }

    @Test
    void postgresValuesOfEveryTypeCompareEqual(TestDatabase pg) throws Exception {
        TestDatabase src = new TestDatabase(pg.server(), dev.drover.engine.source.postgres.SourceDatabase.create(pg));
        Path summary = dir.resolve("pg.json");
        Cli.Result r = Cli.drover(pg, "load", src.url(), pg.url(), "--schema", "src", "--verify-sample", "50",
                "--root-dir", dir.resolve("rej").toString(), "--summary", summary.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        long sampled = 0;
        for (JsonNode t : new ObjectMapper().readTree(Files.readString(summary)).get("tables")) {
            JsonNode v = t.get("verification");
            if (v.isNull()) continue;
            assertThat(v.get("mismatched").asLong()).as(t.toString()).isZero();
            assertThat(v.get("matched").asLong()).as(t.toString()).isEqualTo(v.get("sampled").asLong());
            sampled += v.get("sampled").asLong();
        }
        assertThat(sampled).isPositive();
    }
}
