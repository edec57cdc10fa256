package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load mysql://... postgresql://...} as a user types it: schema, data, keys, identity, rejects, exit code. */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverMigrateMysqlTest {
    @TempDir Path dir;



    @Test
    void migratesTypesValuesKeysIdentityAndRejects(MysqlDatabase my, TestDatabase pg) throws Exception {
        dev.drover.engine.source.mysql.MysqlSchemas.allTypes(my);
        dev.drover.engine.source.mysql.MysqlSchemas.keys(my);
        my.execute("SET SESSION sql_mode = ''",
                "INSERT INTO AllTypes (id, flag, tu, bu, b1, b8, d, f, vc, bin, dtm, ts, zd, zdt, e, st, j, `camelCase`, `order`) VALUES"
                        + " (1, 1, 255, 18446744073709551615, b'1', b'00000101', 12345678901234.123456, 0.1, 'Zoë 😀',"
                        + " x'000102030405060708090a0b0c0d0e0f', '2024-02-29 23:59:59.123456', '2024-06-01 12:00:00', '0000-00-00',"
                        + " '2019-00-10 00:00:00', 'b,c', 'x,z', '{\"k\": 1}', 7, 'sel'),"
                        // a tinyint(1) holding 5 is not a boolean: rejected with its reason, not turned into true
                        + " (2, 5, 0, 0, b'0', b'0', 0, 0, 'x', NULL, NULL, NULL, '2020-01-01', '2020-01-01 00:00:00', 'a', '', NULL, NULL, NULL),"
                        + " (40, 0, 0, 0, b'0', b'0', 0, 1.2345678, 'y', NULL, NULL, NULL, '2020-01-01', '2020-01-01 00:00:00', '', 'y', NULL, NULL, NULL)",
                "INSERT INTO region VALUES ('FR', '75', 'Paris'), ('DE', 'BE', 'Berlin')",
                "INSERT INTO shop (id, country, code, title, price) VALUES (1, 'FR', '75', 'Boulangerie', 3.50), (2, 'DE', 'BE', 'Späti', 12)");
        Path summary = dir.resolve("summary.json");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "mig", "--root-dir", dir.resolve("rej").toString(),
                "--summary", summary.toString(), "--no-progress");
        // one reject: exit code 3, as for any load with rejects
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);

        assertThat(pg.rows("SELECT column_name, data_type, is_nullable, coalesce(character_maximum_length::text, numeric_precision::text || ','"
                + " || numeric_scale::text, '') FROM information_schema.columns WHERE table_schema = 'mig' AND table_name = 'alltypes'"
                + " AND column_name IN ('id','flag','tu','su','iu','bu','b1','b8','d','f','dbl','vc','c','bin','dtm','ts','zd','tm','yr','e','st','j','camelcase','order')"
                + " ORDER BY ordinal_position")).containsExactly(
                List.of("id", "integer", "NO", "32,0"), List.of("tu", "smallint", "YES", "16,0"), List.of("flag", "boolean", "NO", ""),
                List.of("su", "integer", "YES", "32,0"), List.of("iu", "bigint", "YES", "64,0"), List.of("bu", "numeric", "YES", "20,0"),
                List.of("b1", "boolean", "YES", ""), List.of("b8", "bit", "YES", "8"), List.of("d", "numeric", "YES", "20,6"),
                List.of("f", "double precision", "YES", ""), List.of("dbl", "double precision", "YES", ""),
                List.of("c", "character", "YES", "3"), List.of("vc", "character varying", "YES", "40"), List.of("bin", "bytea", "YES", ""),
                List.of("dtm", "timestamp without time zone", "YES", ""), List.of("ts", "timestamp with time zone", "YES", ""),
                List.of("tm", "time without time zone", "YES", ""), List.of("yr", "integer", "YES", "32,0"),
                List.of("zd", "date", "YES", ""), List.of("e", "USER-DEFINED", "YES", ""), List.of("st", "ARRAY", "YES", ""),
                List.of("j", "jsonb", "YES", ""), List.of("camelcase", "integer", "YES", "32,0"), List.of("order", "character varying", "YES", "5"));

        assertThat(pg.rows("SELECT flag::text, tu::text, bu::text, b1::text, b8::text, d::text, f::text, vc, encode(bin, 'hex'),"
                + " dtm::text, ts AT TIME ZONE 'UTC', zd, zdt, e, st::text, j::text, \"order\" FROM mig.alltypes WHERE id = 1"))
                .containsExactly(java.util.Arrays.asList("true", "255", "18446744073709551615", "true", "00000101",
                        "12345678901234.123456", "0.1", "Zoë 😀", "000102030405060708090a0b0c0d0e0f", "2024-02-29 23:59:59.123456",
                        "2024-06-01 12:00:00", null, null, "b,c", "{x,z}", "{\"k\": 1}", "sel"));
        // a float is the double of MySQL's text of it, as pgloader loads it: 0.1, not the single-precision
        // 0.10000000149011612; MariaDB writes 1.2345678 with 6 digits
        assertThat(pg.rows("SELECT id, f::text FROM mig.alltypes ORDER BY id")).containsExactly(List.of("1", "0.1"), List.of("40", "1.23457"));
        // the enum's labels survive as a PostgreSQL enum type, commas, quotes and backslashes included, and the set's
        // labels make a second type used as an array
        assertThat(pg.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'mig.alltypes'::regclass"
                + " AND attname IN ('e', 'st') ORDER BY attname")).containsExactly(List.of("mig.alltypes_e_t"), List.of("mig.alltypes_st_t[]"));
        assertThat(pg.rows("SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mig.alltypes_e_t'::regtype ORDER BY enumsortorder"))
                .containsExactly(List.of("a"), List.of("b,c"), List.of("it's"), List.of("back\\slash"), List.of(""));
        assertThat(pg.rows("SELECT id, e, st::text FROM mig.alltypes ORDER BY id")).containsExactly(List.of("1", "b,c", "{x,z}"),
                List.of("40", "", "{y}"));
        assertThat(pg.rows("SELECT column_default FROM information_schema.columns WHERE table_schema = 'mig' AND table_name = 'alltypes'"
                + " AND column_name IN ('updated', 'flag', 'vc') ORDER BY column_name")).extracting(row -> row.get(0))
                .containsExactly("false", "CURRENT_TIMESTAMP", "'it''s'::character varying");

        String log = Files.readString(dir.resolve("rej").resolve(pg.name()).resolve("mig.alltypes.log"));
        assertThat(log).contains("not 0 or 1").contains("flag").contains("id=2");

        // identity goes on past the source's largest key
        pg.execute("INSERT INTO mig.alltypes (vc) VALUES ('new')");
        assertThat(pg.queryLong("SELECT id FROM mig.alltypes WHERE vc = 'new'")).isEqualTo(41);

        // keys, indexes, the two-column foreign key and the CHECK came across
        assertThat(pg.rows("SELECT contype::text, conname FROM pg_constraint WHERE conrelid = 'mig.shop'::regclass ORDER BY 1, 2"))
                .containsExactly(List.of("c", "price_positive"), List.of("f", "shop_region"), List.of("p", "shop_pkey"));
        assertThat(pg.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'mig.shop'::regclass AND convalidated")).isEqualTo(3);
        assertThat(pg.rows("SELECT contype::text FROM pg_constraint WHERE conrelid = 'mig.region'::regclass ORDER BY 1"))
                .containsExactly(List.of("p"), List.of("u"));
        assertThat(pg.rows("SELECT id::text, title, price::text FROM mig.shop ORDER BY id"))
                .containsExactly(List.of("1", "Boulangerie", "3.50"), List.of("2", "Späti", "12.00"));
        assertThat(pg.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = 'mig' AND indexname IN ('shop_title', 'shop_place')"))
                .isEqualTo(2);
    }

    @Test
    void aBigTableIsReadInKeySlicesAndEveryRowArrivesOnce(MysqlDatabase my, TestDatabase pg) throws Exception {
        int n = 120_000;
        my.execute("CREATE TABLE big (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20) NOT NULL, amount DECIMAL(12,2), ratio DOUBLE)",
                // MariaDB's sequence engine: 1..n without a client loop
                "INSERT INTO big SELECT seq * 2, CONCAT('v', seq), seq / 100, seq / 7e0 FROM seq_1_to_" + n,
                "ANALYZE TABLE big");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--include", "big", "--concurrency", "2", "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).contains("reading in 2 key slices by id");
        assertThat(pg.count("big")).isEqualTo(n);
        assertThat(pg.queryLong("SELECT count(DISTINCT id) FROM big")).isEqualTo(n);
        assertThat(pg.rows("SELECT sum(amount)::text, count(*) FILTER (WHERE v <> 'v' || (id / 2))::text,"
                + " count(*) FILTER (WHERE ratio <> (id / 2)::float8 / 7)::text FROM big"))
                .containsExactly(List.of(String.valueOf(new java.math.BigDecimal((long) n * (n + 1) / 2).movePointLeft(2)), "0", "0"));
    }

    @Test
    void prefixDescendingAndFulltextIndexesKeepWhatTheyMeant(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE articles (id INT PRIMARY KEY, slug VARCHAR(200) NOT NULL, title VARCHAR(200), body TEXT,"
                        + " code VARBINARY(64), created DATETIME,"
                        + " UNIQUE KEY articles_slug (slug(8)), KEY articles_title (title(10)), KEY articles_body (body(50)),"
                        + " UNIQUE KEY articles_code (code(4)), KEY articles_recent (created DESC, id),"
                        + " FULLTEXT KEY articles_words (title, body), FULLTEXT KEY articles_body_words (body))",
                "INSERT INTO articles VALUES (1, 'postgres-migration', 'Moving to PostgreSQL', 'The long road of a migration', x'01020304ff',"
                        + " '2024-01-01 10:00:00'), (2, 'mariadb-notes', 'Notes', 'Fulltext words here', x'0a0b0c0d', '2024-02-01 10:00:00'),"
                        + " (3, 'empty', NULL, NULL, NULL, NULL)");
        Cli.Result explain = Cli.drover(pg, "explain", my.url(), "--include", "articles");
        assertThat(explain.code()).as(explain.out() + explain.err()).isZero();
        assertThat(explain.out()).contains("index articles_slug: prefix slug(8) becomes an index on left(\"slug\", 8), so the first 8"
                        + " characters stay unique as in the source")
                .contains("index articles_title: prefix title(10) indexed on the whole column")
                .contains("index articles_words: FULLTEXT index becomes a GIN index on to_tsvector('simple'");

        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "idx", "--include", "articles", "--root-dir",
                dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("idx.articles: index articles_body: prefix body(50) becomes an index on left(\"body\", 50)");
        assertThat(pg.rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'idx' ORDER BY 1")).containsExactly(
                List.of("articles_body", "CREATE INDEX articles_body ON idx.articles USING btree (\"left\"(body, 50))"),
                List.of("articles_body_words", "CREATE INDEX articles_body_words ON idx.articles USING gin (to_tsvector('simple'::regconfig, body))"),
                List.of("articles_code", "CREATE UNIQUE INDEX articles_code ON idx.articles USING btree (SUBSTRING(code FROM 1 FOR 4))"),
                List.of("articles_pkey", "CREATE UNIQUE INDEX articles_pkey ON idx.articles USING btree (id)"),
                List.of("articles_recent", "CREATE INDEX articles_recent ON idx.articles USING btree (created DESC, id)"),
                List.of("articles_slug", "CREATE UNIQUE INDEX articles_slug ON idx.articles USING btree (\"left\"((slug)::text, 8))"),
                List.of("articles_title", "CREATE INDEX articles_title ON idx.articles USING btree (title)"),
                List.of("articles_words", "CREATE INDEX articles_words ON idx.articles USING gin (to_tsvector('simple'::regconfig,"
                        + " (((COALESCE(title, ''::character varying))::text || ' '::text) || COALESCE(body, ''::text))))"));
        // the prefix stays unique, as in MySQL: a slug sharing the first 8 characters is refused
        assertThatThrownBy(() -> pg.execute("INSERT INTO idx.articles (id, slug) VALUES (4, 'postgres-other')"))
                .hasMessageContaining("articles_slug");
        pg.execute("INSERT INTO idx.articles (id, slug) VALUES (5, 'postgis')");
        // the words index answers word searches written on its expression
        assertThat(pg.rows("SELECT id::text FROM idx.articles WHERE to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body, ''))"
                + " @@ to_tsquery('simple', 'migration') ORDER BY id")).containsExactly(List.of("1"));
    }

    @Test
    void timeIsATimeOfDayAndDurationsAreRejectedWithTheirReasonUnlessCastToInterval(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE shifts (id INT PRIMARY KEY, starts TIME, worked TIME(1))",
                "INSERT INTO shifts VALUES (1, '08:30:00', '07:45:00.5'), (2, '23:59:59', '25:00:00'), (3, '00:00:00', '-01:30:00'),"
                        + " (4, NULL, '838:59:59'), (5, '12:00:00', '-838:59:59'), (6, '06:00:00', NULL)");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "tod", "--include", "shifts", "--root-dir",
                dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(pg.rows("SELECT id::text, starts::text, worked::text FROM tod.shifts ORDER BY id")).containsExactly(
                List.of("1", "08:30:00", "07:45:00.5"), java.util.Arrays.asList("6", "06:00:00", null));
        String log = Files.readString(dir.resolve("rej").resolve(pg.name()).resolve("tod.shifts.log"));
        assertThat(log).contains("'25:00:00.0' is a duration, not a time of day").contains("'-01:30:00.0' is a duration")
                .contains("'838:59:59.0' is a duration").contains("'-838:59:59.0' is a duration").contains("column worked, id=2")
                .contains("to interval");

        // the same table with the durations kept: every value, negative and past 24 hours too
        Cli.Result kept = Cli.drover(pg, "load", my.url(), pg.url(), "--schema", "dur", "--include", "shifts",
                "--cast", "column shifts.worked to interval", "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(kept.code()).as(kept.out() + kept.err()).isZero();
        assertThat(pg.rows("SELECT id::text, starts::text, worked::text, extract(epoch FROM worked)::text FROM dur.shifts ORDER BY id"))
                .containsExactly(List.of("1", "08:30:00", "07:45:00.5", "27900.500000"),
                        List.of("2", "23:59:59", "25:00:00", "90000.000000"), List.of("3", "00:00:00", "-01:30:00", "-5400.000000"),
                        java.util.Arrays.asList("4", null, "838:59:59", "3020399.000000"),
                        List.of("5", "12:00:00", "-838:59:59", "-3020399.000000"), java.util.Arrays.asList("6", "06:00:00", null, null));
    }

    @Test
    void anEnumTypeTakesPgloadersNextNameWhenATableOfTheRunHasTheFirst(MysqlDatabase my, TestDatabase pg) throws Exception {
        // PostgreSQL gives table pets_kind_t a type of that name: the enum of pets.kind becomes pets_kind_enum (§9.9)
        my.execute("CREATE TABLE pets (id INT PRIMARY KEY, kind ENUM('cat','dog'))", "CREATE TABLE pets_kind_t (id INT PRIMARY KEY)",
                "INSERT INTO pets VALUES (1, 'dog')", "INSERT INTO pets_kind_t VALUES (1)");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--include", "pets|pets_kind_t", "--schema", "zoo", "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows("SELECT format_type(atttypid, atttypmod), kind::text FROM pg_attribute, zoo.pets"
                + " WHERE attrelid = 'zoo.pets'::regclass AND attname = 'kind'")).containsExactly(List.of("zoo.pets_kind_enum", "dog"));
        assertThat(pg.rows("SELECT count(*)::text FROM zoo.pets_kind_t")).containsExactly(List.of("1"));
    }

    @Test
    void latin1IsReadAsMysqlMeansItCp1252AndEveryCharsetArrivesAsUtf8(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE legacy (id INT PRIMARY KEY, l1 VARCHAR(20) CHARACTER SET latin1, u3 VARCHAR(20) CHARACTER SET utf8mb3,"
                        + " u4 VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci, bin VARCHAR(20) CHARACTER SET binary)",
                // 0x80 is € and 0x9C is œ in cp1252, which MySQL's latin1 is; 0xE9 is é in both
                "INSERT INTO legacy VALUES (1, CONVERT(X'80209CE9' USING latin1), 'Zoë', 'Zoë 😀', X'00FF')");
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--include", "legacy", "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows("SELECT l1, u3, u4, encode(bin, 'hex') FROM legacy")).containsExactly(List.of("€ œé", "Zoë", "Zoë 😀", "00ff"));
    }

    @Test
    void indexNamesMysqlRepeatsAcrossTablesGetTheirTablesNameInOneSchema(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE a_items (id INT PRIMARY KEY, created DATETIME, KEY idx_created (created))",
                "CREATE TABLE b_items (id INT PRIMARY KEY, created DATETIME, KEY idx_created (created), UNIQUE KEY a_items (id))",
                "INSERT INTO a_items VALUES (1, '2024-01-01 00:00:00')", "INSERT INTO b_items VALUES (1, '2024-01-02 00:00:00')");
        try {
            Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--include", "a_items|b_items", "--schema", "idxnames", "--no-progress");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out() + r.err()).contains("index idx_created is named b_items_idx_created");
            assertThat(pg.rows("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'idxnames' ORDER BY 1, 2")).containsExactly(
                    List.of("a_items", "a_items_pkey"), List.of("a_items", "idx_created"),
                    List.of("b_items", "b_items_a_items"), List.of("b_items", "b_items_idx_created"), List.of("b_items", "b_items_pkey"));
        } finally {
            my.execute("DROP TABLE a_items, b_items"); // the class shares the source database
        }
    }
}
