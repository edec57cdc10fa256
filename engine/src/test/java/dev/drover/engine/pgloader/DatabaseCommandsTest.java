package dev.drover.engine.pgloader;

import static dev.drover.engine.pgloader.Parsing.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.pgloader.DatabaseSource.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseCommandsTest {
    @Test
    void readsTheMysqlExampleOfTheReferenceWithEveryClause() throws IOException {
        CommandFile file = CommandFile.read(Path.of("src/test/resources/pgloader/shop-mysql.load"), Map.of());
        LoadDatabase db = (LoadDatabase) file.commands().get(0);
        assertThat(db.source()).isEqualTo(new DatabaseSource(Kind.MYSQL, "mysql://app:secret@mysql.internal:3306/shop?useSSL=false", new Position(2, 11)));
        assertThat(db.target().url()).isEqualTo("postgresql://owner@pg.internal/shop");
        assertThat(db.options()).extracting(Option::toString).containsExactly("include drop", "create tables", "create indexes",
                "reset sequences", "foreign keys", "downcase identifiers", "uniquify index names", "workers 6", "concurrency 2",
                "multiple readers per thread", "rows per range 50000", "batch rows 20000", "prefetch rows 50000");
        assertThat(db.parameters()).extracting(SetParameter::name).containsExactly("maintenance_work_mem", "work_mem");
        assertThat(db.mysqlParameters()).containsExactly(new SetParameter("net_read_timeout", "600", new Position(9, 23)),
                new SetParameter("net_write_timeout", "600", new Position(9, 49)));
        assertThat(db.casts()).extracting(CastClause::text).containsExactly(
                "type date drop not null drop default using zero-dates-to-null",
                "type tinyint when (= precision 1) to smallint drop typemod",
                "column orders.legacy_flags to \"bit varying\" drop typemod using bits-to-hex-bitstring",
                "type bigint when unsigned to numeric drop typemod");
        assertThat(db.casts()).extracting(CastClause::position).containsExactly(new Position(10, 6), new Position(11, 6),
                new Position(12, 6), new Position(13, 6));
        assertThat(db.casts().get(2).rule().table()).isEqualTo("orders");
        assertThat(db.casts().get(2).rule().targetType()).isEqualTo("bit varying");
        assertThat(db.casts().get(1).rule().typemodGuard()).isNotNull();
        assertThat(db.materialize().views()).containsExactly(new MaterializeViews.View("active_customers", null, new Position(14, 19)));
        assertThat(db.excluding()).singleElement().satisfies(f -> {
            assertThat(f.like()).isFalse();
            assertThat(f.patterns()).containsExactly(new NamePattern(NamePattern.Kind.REGEX, "^tmp_", new Position(15, 32)),
                    new NamePattern(NamePattern.Kind.EXACT, "audit_log", new Position(15, 42)));
        });
        assertThat(db.decoding()).singleElement().satisfies(d -> {
            assertThat(d.encoding()).isEqualTo("cp1252");
            assertThat(d.patterns()).extracting(NamePattern::text).containsExactly("^old_");
        });
        assertThat(db.alterTables()).singleElement().satisfies(a -> assertThat(a.action()).isEqualTo(new AlterTable.SetSchema("archive")));
        assertThat(db.alterSchema()).isEqualTo(new AlterSchema("shop", "public", new Position(18, 1)));
        assertThat(db.afterLoad().statements()).containsExactly(" analyze; ");
    }

    @Test
    void readsTheSqliteExampleWithLikeFilters() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE
                     FROM sqlite:///srv/app/data.sqlite
                     INTO postgresql:///app
                WITH include drop, create tables, create indexes, reset sequences,
                     encoding 'utf-8', quote identifiers
                CAST type datetime to timestamptz drop default using unix-timestamp-to-timestamptz
                INCLUDING ONLY TABLE NAMES LIKE 'inv%', 'customer'
                EXCLUDING TABLE NAMES LIKE 'sqlite_%';
                """);
        assertThat(db.source().kind()).isEqualTo(Kind.SQLITE);
        assertThat(db.option("encoding").value()).extracting(Option.Value::kind, Option.Value::text).containsExactly(Option.Kind.QUOTED, "utf-8");
        assertThat(db.casts()).singleElement().extracting(c -> c.rule().transform()).isEqualTo("unix-timestamp-to-timestamptz");
        assertThat(db.including()).singleElement().satisfies(f -> {
            assertThat(f.like()).isTrue();
            assertThat(f.patterns()).extracting(NamePattern::kind, NamePattern::text).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(NamePattern.Kind.LIKE, "inv%"), org.assertj.core.groups.Tuple.tuple(NamePattern.Kind.LIKE, "customer"));
            assertThat(f.schema()).isNull();
        });
        assertThat(db.excluding()).singleElement().extracting(f -> f.patterns().get(0).text()).isEqualTo("sqlite_%");
    }

    @Test
    void readsTheSqlServerExampleWithSeveralIncludingClausesAndAfterCreateSchema() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE
                     FROM mssql://sa:Pw@sql.internal:1433/Sales
                     INTO postgresql:///sales
                WITH include drop, create tables, create schemas, create indexes,
                     reset sequences, foreign keys
                SET MSSQL PARAMETERS textsize = '104857600'
                CAST type datetime to timestamp drop default,
                     type nvarchar to varchar keep typemod
                INCLUDING ONLY TABLE NAMES LIKE 'Order%' IN SCHEMA 'dbo'
                INCLUDING ONLY TABLE NAMES LIKE '%' IN SCHEMA 'ref'
                ALTER SCHEMA 'dbo' RENAME TO 'public'
                AFTER CREATE SCHEMA DO $$ create extension if not exists pgcrypto; $$;
                """);
        assertThat(db.source().kind()).isEqualTo(Kind.MSSQL);
        assertThat(db.mssqlParameters()).extracting(SetParameter::value).containsExactly("104857600");
        assertThat(db.casts()).hasSize(2);
        assertThat(db.including()).extracting(TableFilter::schema).containsExactly("dbo", "ref");
        assertThat(db.afterCreateSchema().statements()).containsExactly(" create extension if not exists pgcrypto; ");
    }

    @Test
    void readsThePostgresqlExampleWithSchemaFilters() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE
                     FROM postgresql://reader@old-pg/app
                     INTO postgresql://owner@new-pg/app
                WITH include drop, create tables, create indexes, reset sequences
                INCLUDING ONLY TABLE NAMES MATCHING ~/./ IN SCHEMA 'public'
                EXCLUDING TABLE NAMES MATCHING ~/_backup$/ IN SCHEMA 'public';
                """);
        assertThat(db.source().kind()).isEqualTo(Kind.POSTGRESQL);
        assertThat(db.including()).singleElement().extracting(TableFilter::schema).isEqualTo("public");
        assertThat(db.excluding()).singleElement().extracting(f -> f.patterns().get(0).text()).isEqualTo("_backup$");
    }

    @Test
    void readsMaterializedViewsWithQueries() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db
                MATERIALIZE VIEWS v1, s.v2, big_orders AS $$ select * from orders where total > 100 $$;
                """);
        assertThat(db.materialize().all()).isFalse();
        assertThat(db.materialize().views()).extracting(MaterializeViews.View::name, MaterializeViews.View::sql).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v1", null), org.assertj.core.groups.Tuple.tuple("s.v2", null),
                org.assertj.core.groups.Tuple.tuple("big_orders", " select * from orders where total > 100 "));
        LoadDatabase all = (LoadDatabase) only("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db MATERIALIZE ALL VIEWS;");
        assertThat(all.materialize().all()).isTrue();
    }

    @Test
    void readsEveryAlterTableAction() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE FROM mysql://u@h/shop INTO postgresql:///db
                ALTER TABLE NAMES MATCHING ~/^arch_/, 'old' SET SCHEMA 'archive'
                ALTER TABLE NAMES MATCHING 'users' RENAME TO 'accounts'
                ALTER TABLE NAMES MATCHING ~/./ SET (fillfactor = '70', autovacuum_enabled to 'off')
                ALTER TABLE NAMES MATCHING ~/big/ SET TABLESPACE 'fast';
                """);
        assertThat(db.alterTables()).extracting(AlterTable::action).containsExactly(new AlterTable.SetSchema("archive"),
                new AlterTable.RenameTo("accounts"), new AlterTable.SetStorage(java.util.List.of(
                        new SetParameter("fillfactor", "70", new Position(4, 38)), new SetParameter("autovacuum_enabled", "off", new Position(4, 57)))),
                new AlterTable.SetTablespace("fast"));
        assertThat(db.alterTables().get(0).patterns()).hasSize(2);
    }

    @Test
    void readsAlterTableInSchemaForAPostgresqlSource() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE FROM pgsql://h/app INTO postgresql:///db
                ALTER TABLE NAMES MATCHING ~/^t/ IN SCHEMA 'public' RENAME TO 'x';
                """);
        assertThat(db.alterTables().get(0).schema()).isEqualTo("public");
    }

    @Test
    void readsDistributeForCitus() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE FROM pgsql://h/app INTO postgresql:///db
                DISTRIBUTE companies USING id
                DISTRIBUTE campaigns USING company_id FROM ads, clicks
                DISTRIBUTE public.countries AS REFERENCE TABLE;
                """);
        assertThat(db.distribute()).extracting(Distribute::table, Distribute::column, Distribute::from).containsExactly(
                org.assertj.core.groups.Tuple.tuple("companies", "id", java.util.List.of()),
                org.assertj.core.groups.Tuple.tuple("campaigns", "company_id", java.util.List.of("ads", "clicks")),
                org.assertj.core.groups.Tuple.tuple("public.countries", null, java.util.List.of()));
    }

    @Test
    void recognisesEachSourceKindByItsUrl() {
        assertThat(kind("mysql://u@h/db")).isEqualTo(Kind.MYSQL);
        assertThat(kind("sqlite://relative/x.db")).isEqualTo(Kind.SQLITE);
        assertThat(kind("'sqlite:///path with spaces/x.db'")).isEqualTo(Kind.SQLITE);
        assertThat(kind("/data/shop.db")).isEqualTo(Kind.SQLITE);
        assertThat(kind("mssql://sa@h/db")).isEqualTo(Kind.MSSQL);
        assertThat(kind("postgres://h/db")).isEqualTo(Kind.POSTGRESQL);
        assertThat(kind("jdbc:mysql://h/db")).isEqualTo(Kind.MYSQL);
    }

    private static Kind kind(String from) {
        return ((LoadDatabase) only("LOAD DATABASE FROM " + from + " INTO postgresql:///db;")).source().kind();
    }

    @Test
    void castRulesMayUseWithExtraAndSetNotNullWithoutEndingTheClause() {
        LoadDatabase db = (LoadDatabase) only("""
                LOAD DATABASE FROM mysql://u@h/db INTO postgresql:///db
                CAST type int with extra auto_increment to serial drop typemod,
                     type datetime with extra on update current_timestamp to timestamptz set not null, -- a comment
                     type "double precision" to real
                WITH data only
                SET work_mem to '1MB';
                """);
        assertThat(db.casts()).extracting(CastClause::text).containsExactly(
                "type int with extra auto_increment to serial drop typemod",
                "type datetime with extra on update current_timestamp to timestamptz set not null",
                "type \"double precision\" to real");
        assertThat(db.casts().get(0).rule().autoIncrement()).isTrue();
        assertThat(db.options()).extracting(Option::name).containsExactly("data only");
        assertThat(db.parameters()).hasSize(1);
    }
}
