package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.target.IdentifierPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOAD DATABASE commands turned into plans: pgloader's defaults and options, patterns, names, and what is refused. */
class DatabaseCommandsPlanTest {
    @TempDir Path dir;

    private DatabaseCommands.Translation translate(String text) {
        return translate(text, null);
    }

    private DatabaseCommands.Translation translate(String text, List<DatabaseCommands.SourceTableName> tables) {
        LoadDatabase cmd = (LoadDatabase) Parsing.only(text);
        return DatabaseCommands.translate("t.load", cmd, dir, tables);
    }

    private String error(String text) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> translate(text)).isInstanceOfSatisfying(CommandFileException.class, e -> caught[0] = e);
        return caught[0].getMessage();
    }

    private static DatabaseMigration.Options engine(Plan p) {
        return DatabaseMigration.Options.of(p.database());
    }

    @Test
    void withoutOptionsTheDatabaseMeansWhatPgloadersDefaultsMean() {
        Plan p = translate("LOAD DATABASE FROM sqlite:///srv/app/data.sqlite INTO postgresql:///app;").plan();
        DatabaseSpec d = p.database();
        assertThat(d.source()).isEqualTo("sqlite:///srv/app/data.sqlite");
        assertThat(d.includeDrop()).isTrue();
        assertThat(d.mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        assertThat(d.identifiers()).isEqualTo(IdentifierPolicy.PGLOADER_DOWNCASE);
        assertThat(d.build()).isEqualTo(new DatabaseSpec.Build(true, true, true, DatabaseSpec.Identity.SERIAL, DatabaseSpec.Enums.TYPE,
                DatabaseSpec.IndexNames.UNIQUIFY, Map.of()));
        assertThat(d.schema()).isNull();
        assertThat(p.options().onError()).isEqualTo(OnError.STOP);
        assertThat(p.target().url()).isEqualTo("postgresql:///app");
    }

    @Test
    void mapsTheWithOptionsIntoThePlan() {
        DatabaseCommands.Translation t = translate("""
                LOAD DATABASE FROM sqlite://data/shop.db INTO postgresql://owner@pg.internal/app
                WITH include no drop, create no indexes, no foreign keys, reset no sequences, snake_case identifiers,
                     workers = 6, concurrency = 3, batch rows = 1000, batch size = 1 MB, prefetch rows = 2500,
                     max parallel create index = 5, on error resume next, disable triggers, uniquify index names,
                     multiple readers per thread, rows per range = 50000, encoding 'utf-8'
                SET PostgreSQL PARAMETERS maintenance_work_mem to '1GB', work_mem to '64MB';
                """);
        Plan p = t.plan();
        DatabaseSpec d = p.database();
        assertThat(d.source()).isEqualTo("sqlite://" + dir.resolve("data/shop.db").toAbsolutePath());
        assertThat(d.includeDrop()).isFalse();
        assertThat(d.identifiers()).isEqualTo(IdentifierPolicy.PGLOADER_SNAKE_CASE);
        assertThat(d.build().indexes()).isFalse();
        assertThat(d.build().foreignKeys()).isFalse();
        assertThat(d.build().resetSequences()).isFalse();
        LoadOptions o = p.options();
        assertThat(o.workers()).isEqualTo(6);
        assertThat(o.concurrency()).isEqualTo(3);
        assertThat(o.batchRows()).isEqualTo(1000);
        assertThat(o.batchBytes()).isEqualTo(1024 * 1024);
        assertThat(o.queueBatches()).isEqualTo(3); // 2500 rows in flight, in batches of 1000
        assertThat(o.indexJobs()).isEqualTo(5);
        assertThat(o.onError()).isEqualTo(OnError.RESUME);
        assertThat(o.disableTriggers()).isTrue();
        assertThat(o.settings()).isEqualTo(Map.of("maintenance_work_mem", "1GB", "work_mem", "64MB"));
        assertThat(t.warnings()).extracting(w -> w.position().toString()).containsExactly("5:6", "5:35");
        assertThat(d.build().indexNames()).isEqualTo(DatabaseSpec.IndexNames.UNIQUIFY);
    }

    @Test
    void indexNamesAreUniquifiedUnlessPreservedOrNoTablesAreMade() {
        String from = "LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app";
        assertThat(translate(from + ";").plan().database().build().indexNames()).isEqualTo(DatabaseSpec.IndexNames.UNIQUIFY);
        DatabaseCommands.Translation preserve = translate(from + " WITH preserve index names;");
        assertThat(preserve.plan().database().build().indexNames()).isEqualTo(DatabaseSpec.IndexNames.KEEP);
        assertThat(preserve.warnings()).singleElement().extracting(w -> w.message()).asString().contains("preserve index names");
        // preserve_names = (index_names = preserve) OR NOT create_tables (§8.3)
        assertThat(translate(from + " WITH create no tables, uniquify index names;").plan().database().build().indexNames())
                .isEqualTo(DatabaseSpec.IndexNames.KEEP);
        assertThat(translate("LOAD DATABASE FROM postgresql://h/src INTO postgresql:///app INCLUDING ONLY TABLE NAMES MATCHING"
                + " 'a' IN SCHEMA 'public';").plan().database().build().indexNames()).isEqualTo(DatabaseSpec.IndexNames.KEEP);
    }

    @Test
    void alterTableSetStorageGivesTheMatchingTablesStorageParameters() {
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                ALTER TABLE NAMES MATCHING 'items', 'orders' SET (fillfactor = '70', autovacuum_enabled = 'false')
                ALTER TABLE NAMES MATCHING 'items' SET (fillfactor to '40')
                ALTER TABLE NAMES MATCHING 'items' RENAME TO 'goods';
                """).plan();
        DatabaseSpec.Build b = p.database().build();
        assertThat(b.storage()).containsOnlyKeys("items", "orders");
        assertThat(b.storage().get("items")).containsExactly(Map.entry("fillfactor", "40"), Map.entry("autovacuum_enabled", "false"));
        assertThat(b.storageOf("orders", "public.orders")).containsExactly(Map.entry("fillfactor", "70"), Map.entry("autovacuum_enabled", "false"));
        assertThat(b.storageOf("customers", "public.customers")).isEmpty();
        assertThat(p.database().rename()).containsExactly(Map.entry("items", "\"goods\""));
    }

    @Test
    void createNoTablesLoadsIntoTheTablesThereAndTruncatesOnlyThen() {
        Plan p = translate("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app WITH create no tables, truncate;").plan();
        assertThat(p.database().mode()).isEqualTo(DatabaseSpec.Mode.DATA_ONLY);
        assertThat(p.database().includeDrop()).as("pgloader drops nothing it does not create").isFalse();
        assertThat(p.options().truncate()).isTrue();
        assertThat(translate("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app WITH data only;").plan().database().mode())
                .isEqualTo(DatabaseSpec.Mode.DATA_ONLY);
        Plan schema = translate("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app WITH schema only, truncate;").plan();
        assertThat(schema.database().mode()).isEqualTo(DatabaseSpec.Mode.SCHEMA_ONLY);
        assertThat(schema.database().includeDrop()).isTrue();
        assertThat(schema.options().truncate()).isFalse();
    }

    @Test
    void takesPasswordsOutOfTheTargetAndReturnsThem() {
        DatabaseCommands.Translation t = translate("""
                LOAD DATABASE FROM mysql://app:s3cr@@et@mysql.internal:3306/shop?useSSL=false
                INTO postgresql://owner:p@@ss@pg.internal:5433/app?sslmode=require;
                """);
        assertThat(t.targetPassword()).isEqualTo("p@ss");
        assertThat(t.plan().target().url()).isEqualTo("postgresql://owner@pg.internal:5433/app?sslmode=require");
        assertThat(t.sourcePassword()).isEqualTo("s3cr@et");
        assertThat(t.plan().database().source()).isEqualTo("mysql://app:s3cr%40et@mysql.internal:3306/shop?useSSL=false");
        assertThat(t.savablePlan().database().source()).isEqualTo("mysql://app@mysql.internal:3306/shop?useSSL=false");
        DatabaseCommands.Translation q = translate("LOAD DATABASE FROM sqlite:///x.db INTO postgresql://u@h/app?password=p%40ss&sslmode=disable;");
        assertThat(q.targetPassword()).isEqualTo("p@ss");
        assertThat(q.plan().target().url()).isEqualTo("postgresql://u@h/app?sslmode=disable");
    }

    @Test
    void mysqlTablesGoToASchemaNamedAfterTheDatabaseUnlessRenamed() {
        String from = "LOAD DATABASE FROM mysql://app@mysql.internal/Shop INTO postgresql:///app ";
        assertThat(translate(from + ";").plan().database().schema()).isEqualTo("shop");
        assertThat(translate(from + "ALTER SCHEMA 'Shop' RENAME TO 'public';").plan().database().schema()).isEqualTo("public");
        assertThat(translate(from + "WITH quote identifiers;").plan().database().schema()).isEqualTo("Shop");
    }

    @Test
    void mysqlPatternsSearchIgnoringCaseAsMysqlsRegexpDoes() {
        DatabaseMigration.Options o = engine(translate("""
                LOAD DATABASE FROM mysql://app@h/shop INTO postgresql:///app
                INCLUDING ONLY TABLE NAMES MATCHING ~/ord/, 'Customers'
                EXCLUDING TABLE NAMES MATCHING ~/^tmp_/, ~<_old$>;
                """).plan());
        assertThat(o.selects("orders")).isTrue();
        assertThat(o.selects("ORDER_LINES")).isTrue();
        assertThat(o.selects("customers")).isTrue();
        assertThat(o.selects("customers_x")).as("an exact name is not a prefix").isFalse();
        assertThat(o.selects("tmp_orders")).isFalse();
        assertThat(o.selects("TMP_ORDERS")).isFalse();
        assertThat(o.selects("orders_old")).isFalse();
        assertThat(o.selects("x_tmp_orders")).as("^ anchors at the start of the name").isTrue();
        assertThat(o.selects("products")).isFalse();
    }

    @Test
    void postgresqlPatternsAreCaseSensitiveAndReadOneSchema() {
        Plan p = translate("""
                LOAD DATABASE FROM pgsql://reader@old-pg/app INTO postgresql://owner@new-pg/app
                INCLUDING ONLY TABLE NAMES MATCHING ~/./ IN SCHEMA 'sales'
                EXCLUDING TABLE NAMES MATCHING ~/_backup$/, 'Audit' IN SCHEMA 'sales';
                """).plan();
        assertThat(p.database().source()).isEqualTo("postgresql://reader@old-pg/app?schema=sales");
        assertThat(p.database().schema()).isEqualTo("sales");
        assertThat(p.database().identifiers()).isEqualTo(IdentifierPolicy.QUOTE);
        assertThat(p.database().build().identity()).isEqualTo(DatabaseSpec.Identity.IDENTITY);
        DatabaseMigration.Options o = engine(p);
        assertThat(o.selects("orders")).isTrue();
        assertThat(o.selects("orders_backup")).isFalse();
        assertThat(o.selects("orders_BACKUP")).isTrue();
        assertThat(o.selects("Audit")).isFalse();
        assertThat(o.selects("audit")).isTrue();
    }

    @Test
    void sqliteLikePatternsMatchTheWholeNameIgnoringCase() {
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                INCLUDING ONLY TABLE NAMES LIKE 'inv%', 'customer', 'a_c'
                EXCLUDING TABLE NAMES LIKE 'sqlite_%', '%.bak';
                """).plan();
        DatabaseMigration.Options o = engine(p);
        assertThat(o.selects("invoices")).isTrue();
        assertThat(o.selects("INV")).isTrue();
        assertThat(o.selects("customer")).isTrue();
        assertThat(o.selects("customers")).isFalse();
        assertThat(o.selects("abc")).isTrue();
        assertThat(o.selects("ac")).isFalse();
        assertThat(o.selects("inv.bak")).as("'.' is literal in LIKE").isFalse();
        assertThat(o.selects("invxbak")).isTrue();
    }

    @Test
    void alterTableNamesBecomeRenamesAndSetSchemaKeepsTheIdentifierCase() {
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                ALTER TABLE NAMES MATCHING 'Orders', 'order_lines' SET SCHEMA 'sales'
                ALTER TABLE NAMES MATCHING 'Orders' RENAME TO 'Purchases'
                ALTER TABLE NAMES MATCHING 'products' RENAME TO 'items';
                """).plan();
        assertThat(p.database().rename()).containsExactly(Map.entry("Orders", "\"sales\".\"Purchases\""),
                Map.entry("order_lines", "\"sales\".\"order_lines\""), Map.entry("products", "\"items\""));
    }

    @Test
    void alterTableRegularExpressionsAreExpandedAgainstTheSourceTables() {
        List<DatabaseCommands.SourceTableName> tables = List.of(new DatabaseCommands.SourceTableName("main", "arch_2019"),
                new DatabaseCommands.SourceTableName("main", "Arch_2020"), new DatabaseCommands.SourceTableName("main", "orders"));
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                ALTER TABLE NAMES MATCHING ~/^arch_/ SET SCHEMA 'archive';
                """, tables).plan();
        assertThat(p.database().rename()).containsExactly(Map.entry("arch_2019", "\"archive\".\"arch_2019\""));
        assertThat(error("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                ALTER TABLE NAMES MATCHING 'a', ~/^arch_/ SET SCHEMA 'archive';
                """)).startsWith("t.load:2:33: ALTER TABLE NAMES MATCHING ~/^arch_/: Drover renames tables by name");
    }

    @Test
    void castRulesStayAsWrittenInOrder() {
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                CAST type datetime to timestamptz drop default,
                     column products.price to "numeric(12,3)" drop typemod;
                """).plan();
        assertThat(p.database().casts()).containsExactly("type datetime to timestamptz drop default",
                "column products.price to \"numeric(12,3)\" drop typemod");
    }

    @Test
    void sqlBlocksAreOneTransactionEachAndExecuteReadsTheFileBesideTheCommandFile() throws Exception {
        Files.writeString(dir.resolve("after.sql"), "create index on t (x);\nanalyze;\n");
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                BEFORE LOAD DO $$ create schema if not exists s; $$
                AFTER LOAD DO $$ analyze; $$, $$ vacuum; $$ EXECUTE 'after.sql';
                """).plan();
        assertThat(p.options().beforeSql()).containsExactly(" create schema if not exists s; ");
        assertThat(p.options().afterSql()).containsExactly("BEGIN", " analyze; ", " vacuum; ", "create index on t (x);\nanalyze;\n", "COMMIT");
    }

    @Test
    void materializesViewsAndQueries() {
        Plan p = translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                MATERIALIZE VIEWS big_orders, recent AS $$ select * from orders where id > 10 $$;
                """).plan();
        assertThat(p.database().materialize()).containsExactly(DatabaseSpec.Materialize.view("big_orders"),
                DatabaseSpec.Materialize.query("recent", "select * from orders where id > 10"));
        assertThat(translate("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app MATERIALIZE ALL VIEWS;").plan().database().materialize())
                .containsExactly(DatabaseSpec.Materialize.view("*"));
    }

    @Test
    void sourceSettingsThatOnlyBoundTimeAreLeftOutWithAWarningOthersRefused() {
        DatabaseCommands.Translation t = translate("""
                LOAD DATABASE FROM mysql://app@h/shop INTO postgresql:///app
                SET MySQL PARAMETERS net_read_timeout = '600', net_write_timeout = '600';
                """);
        assertThat(t.warnings()).hasSize(2);
        assertThat(error("""
                LOAD DATABASE FROM mysql://app@h/shop INTO postgresql:///app
                SET MySQL PARAMETERS net_read_timeout = '600', time_zone = '+02:00';
                """)).startsWith("t.load:2:48: SET MySQL PARAMETERS time_zone: Drover does not set source session settings");
    }

    @Test
    void refusesWhatWouldChangeTheResultAtItsPosition() {
        String sqlite = "LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app\n";
        assertThat(error(sqlite + "WITH encoding 'latin1';")).startsWith("t.load:2:15: encoding 'latin1':");
        assertThat(error(sqlite + "ALTER TABLE NAMES MATCHING 'a' SET TABLESPACE 'fast';")).startsWith("t.load:2:1: ALTER TABLE ... SET TABLESPACE");
        assertThat(error(sqlite + "MATERIALIZE VIEWS s.v AS $$ select 1 $$;")).startsWith("t.load:2:19: 's.v' cannot name a query's table");
        String mysql = "LOAD DATABASE FROM mysql://app@h/shop INTO postgresql:///app\n";
        assertThat(error(mysql + "DECODING TABLE NAMES MATCHING ~/^old_/ AS cp1252;")).startsWith("t.load:2:1: DECODING TABLE NAMES ... AS cp1252");
        assertThat(error(mysql + "DISTRIBUTE orders USING customer_id;")).startsWith("t.load:2:1: DISTRIBUTE is for Citus targets");
        assertThat(error(mysql + "WITH workers = 2, drop schema;")).startsWith("t.load:2:19: drop schema drops the target schemas");
        assertThat(error("""
                LOAD DATABASE FROM mssql://sa@sql/Sales INTO postgresql:///sales
                INCLUDING ONLY TABLE NAMES LIKE 'Order%' IN SCHEMA 'dbo'
                INCLUDING ONLY TABLE NAMES LIKE '%' IN SCHEMA 'ref';
                """)).startsWith("t.load:3:1: Drover filters tables by name in every schema it reads");
        assertThat(error("""
                LOAD DATABASE FROM postgresql://r@old/app INTO postgresql:///app
                INCLUDING ONLY TABLE NAMES MATCHING ~/./ IN SCHEMA 'a'
                INCLUDING ONLY TABLE NAMES MATCHING ~/./ IN SCHEMA 'b';
                """)).startsWith("t.load:2:1: a PostgreSQL source is read one schema at a time");
    }

    @Test
    void sqlServerSchemaFiltersAndSchemaRename() {
        Plan p = translate("""
                LOAD DATABASE FROM mssql://sa@sql.internal:1433/Sales INTO postgresql:///sales
                WITH include drop, create tables, create schemas, create indexes, reset sequences, foreign keys
                CAST type datetime to timestamp drop default
                INCLUDING ONLY TABLE NAMES LIKE 'Order%' IN SCHEMA 'dbo'
                ALTER SCHEMA 'dbo' RENAME TO 'public';
                """).plan();
        assertThat(p.database().source()).isEqualTo("mssql://sa@sql.internal:1433/Sales?schema=dbo");
        assertThat(p.database().schema()).isEqualTo("public");
        assertThat(engine(p).selects("orders")).isTrue();
        assertThat(engine(p).selects("customers")).isFalse();
    }

    @Test
    void sqlServerLikeHasCharacterClassesAndSqliteLikeDoesNot() {
        DatabaseMigration.Options mssql = engine(translate("""
                LOAD DATABASE FROM mssql://sa@sql/Sales INTO postgresql:///sales
                INCLUDING ONLY TABLE NAMES LIKE 'Order[0-9]%', 'tmp[^_]x', 'a[.$]' IN SCHEMA 'dbo';
                """).plan());
        assertThat(mssql.selects("Order2024")).isTrue();
        assertThat(mssql.selects("OrderX")).isFalse();
        assertThat(mssql.selects("tmpAx")).isTrue();
        assertThat(mssql.selects("tmp_x")).isFalse();
        assertThat(mssql.selects("a.")).isTrue();
        assertThat(mssql.selects("a$")).isTrue();
        assertThat(mssql.selects("ab")).isFalse();
        DatabaseMigration.Options sqlite = engine(translate("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///app
                INCLUDING ONLY TABLE NAMES LIKE 'log[1]';
                """).plan());
        assertThat(sqlite.selects("log[1]")).isTrue();
        assertThat(sqlite.selects("log1")).isFalse();
    }
}
