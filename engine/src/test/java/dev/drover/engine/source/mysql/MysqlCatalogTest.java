package dev.drover.engine.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MysqlExtension.class)
class MysqlCatalogTest {
    static SourceCatalog catalog;
    static boolean mariadb;

    @BeforeAll
    static void read(MysqlDatabase db) throws Exception {
        MysqlSchemas.allTypes(db);
        MysqlSchemas.keys(db);
        try (MysqlSource source = MysqlSource.open(db.url(), java.util.Map.of())) {
            catalog = source.catalog();
            mariadb = source.isMariaDb();
            assertThat(source.sessionTimeZone()).isEqualTo("+00:00");
        }
    }

    private static SourceColumn col(String table, String name) {
        return catalog.table(table).orElseThrow().column(name).orElseThrow();
    }

    @Test
    void listsBaseTablesAndViewsSeparately() {
        assertThat(catalog.kind()).isEqualTo("mysql");
        assertThat(catalog.tables()).extracting(SourceTable::name).containsExactly("AllTypes", "region", "shop");
        assertThat(catalog.views()).containsExactly("cheap");
        assertThat(catalog.table("AllTypes").orElseThrow().comment()).isEqualTo("every type");
    }

    @Test
    void integersKeepTheirSignednessAndOnlyTheWidthTheServerShows() {
        assertThat(col("AllTypes", "bu").unsigned()).isTrue();
        assertThat(col("AllTypes", "b").unsigned()).isFalse();
        assertThat(col("AllTypes", "bu").dataType()).isEqualTo("bigint");
        assertThat(col("AllTypes", "flag").precision()).isEqualTo(1);
        assertThat(col("AllTypes", "flag").fullType()).isEqualTo("tinyint(1)");
        assertThat(col("AllTypes", "flag").nullable()).isFalse();
        assertThat(col("AllTypes", "flag").defaultValue()).isEqualTo("0");
        SourceColumn id = col("AllTypes", "id");
        assertThat(id.autoIncrement()).isTrue();
        assertThat(id.comment()).isEqualTo("the key");
    }

    @Test
    void typemodsComeFromTheRightCatalogColumn() {
        assertThat(col("AllTypes", "d")).extracting(SourceColumn::precision, SourceColumn::scale).containsExactly(20, 6);
        assertThat(col("AllTypes", "f2")).extracting(SourceColumn::precision, SourceColumn::scale).containsExactly(7, 4);
        assertThat(col("AllTypes", "vc").precision()).isEqualTo(40);
        assertThat(col("AllTypes", "bin").precision()).isEqualTo(16);
        assertThat(col("AllTypes", "b8").precision()).isEqualTo(8);
        assertThat(col("AllTypes", "dtm").precision()).isEqualTo(6);
        assertThat(col("AllTypes", "dt").precision()).isNull();
        assertThat(col("AllTypes", "tx").precision()).isNull();
        assertThat(col("AllTypes", "e").precision()).isNull();
    }

    @Test
    void defaultsAreSqlLiteralsWhicheverServerWroteThem() {
        assertThat(col("AllTypes", "vc").defaultValue()).isEqualTo("'it''s'");
        assertThat(col("AllTypes", "d").defaultValue()).isEqualTo("0.500000");
        assertThat(col("AllTypes", "b1").defaultValue()).isEqualTo("'1'");
        assertThat(col("AllTypes", "b8").defaultValue()).isEqualTo("'00000101'");
        assertThat(col("AllTypes", "zd").defaultValue()).isEqualTo("'0000-00-00'");
        assertThat(col("AllTypes", "zdt").defaultValue()).isEqualTo("'0000-00-00 00:00:00'");
        assertThat(col("AllTypes", "created").defaultValue()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(col("AllTypes", "t").defaultValue()).isNull();
        assertThat(col("AllTypes", "e").defaultValue()).isEqualTo("'a'");
    }

    @Test
    void onUpdateGeneratedAndJsonAreRecognised() {
        SourceColumn updated = col("AllTypes", "updated");
        assertThat(updated.onUpdateCurrentTimestamp()).isTrue();
        assertThat(updated.defaultValue()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(col("AllTypes", "created").onUpdateCurrentTimestamp()).isFalse();
        assertThat(col("AllTypes", "g").generated()).contains("`i`").contains("2");
        assertThat(col("AllTypes", "g").defaultValue()).isNull();
        // MariaDB's JSON is a longtext with a json_valid check: it reads back as json, and the check is not a constraint
        assertThat(col("AllTypes", "j").dataType()).isEqualTo("json");
        assertThat(catalog.table("AllTypes").orElseThrow().checks()).isEmpty();
    }

    @Test
    void enumAndSetLabelsSurviveCommasQuotesAndBackslashes() {
        assertThat(col("AllTypes", "e").labels()).containsExactly("a", "b,c", "it's", "back\\slash", "");
        assertThat(col("AllTypes", "st").labels()).containsExactly("x", "y", "z");
        assertThat(MysqlCatalogReader.labels("enum('','''','\\\\','a''b''')")).containsExactly("", "'", "\\", "a'b'");
    }

    @Test
    void aSetDefaultBecomesTheArrayLiteralOfItsLabels() {
        MysqlCatalogReader mariadb = new MysqlCatalogReader(null, true), mysql = new MysqlCatalogReader(null, false);
        assertThat(mariadb.normalizeDefault("'x,z'", "", "set", null)).isEqualTo("'{\"x\",\"z\"}'");
        assertThat(mysql.normalizeDefault("x,z", "", "set", null)).isEqualTo("'{\"x\",\"z\"}'");
        assertThat(mariadb.normalizeDefault("''", "", "set", null)).isEqualTo("'{}'");
        assertThat(mariadb.normalizeDefault("'it''s,a\"b'", "", "SET", null)).isEqualTo("'{\"it''s\",\"a\\\"b\"}'");
        assertThat(mariadb.normalizeDefault("NULL", "", "set", null)).isNull();
        assertThat(mariadb.normalizeDefault("'x,z'", "", "varchar", null)).isEqualTo("'x,z'");
    }

    @Test
    void camelCaseAndReservedNamesAreKeptExactly() {
        assertThat(catalog.table("AllTypes").orElseThrow().columns()).extracting(SourceColumn::name).contains("camelCase", "order");
        assertThat(col("AllTypes", "camelCase").position()).isEqualTo(40);
    }

    @Test
    void primaryUniqueAndPrefixIndexesForeignKeysAndChecks() {
        SourceTable region = catalog.table("region").orElseThrow();
        assertThat(region.primaryKey().columns()).containsExactly("country", "code");
        assertThat(region.indexes()).singleElement().satisfies(ix -> {
            assertThat(ix.name()).isEqualTo("region_name");
            assertThat(ix.unique()).isTrue();
            assertThat(ix.constraint()).isTrue();
            assertThat(ix.columns()).containsExactly("country", "name");
        });
        SourceTable shop = catalog.table("shop").orElseThrow();
        assertThat(shop.primaryKey().columns()).containsExactly("id");
        SourceTable.SourceIndex title = shop.indexes().stream().filter(i -> i.name().equals("shop_title")).findFirst().orElseThrow();
        assertThat(title.unique()).isFalse();
        assertThat(title.prefixLengths()).containsExactly(20);
        // InnoDB adds no index of its own for the foreign key: shop_place starts with its columns
        assertThat(shop.indexes()).extracting(SourceTable.SourceIndex::name).containsExactlyInAnyOrder("shop_title", "shop_place");
        assertThat(shop.foreignKeys()).singleElement().satisfies(fk -> {
            assertThat(fk.name()).isEqualTo("shop_region");
            assertThat(fk.columns()).containsExactly("country", "code");
            assertThat(fk.refTable()).isEqualTo("region");
            assertThat(fk.refColumns()).containsExactly("country", "code");
            assertThat(fk.onDelete()).isEqualTo("SET NULL");
            assertThat(fk.onUpdate()).isEqualTo("CASCADE");
        });
        assertThat(shop.checks()).singleElement().satisfies(ck -> {
            assertThat(ck.name()).isEqualTo("price_positive");
            assertThat(ck.expression()).contains("\"price\" >= 0").doesNotContain("`");
        });
        assertThat(shop.column("id").orElseThrow().unsigned()).isTrue();
    }

    @Test
    void checkAndIndexExpressionsAreWrittenForPostgres() {
        assertThat(CheckText.toPostgres("(`Price` > 0 and `note` <> 'it\\'s `x`')"))
                .isEqualTo("(\"price\" > 0 and \"note\" <> 'it''s `x`')");
    }

    @Test
    void badLocatorsAreExplained() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MysqlLocator.parse("mysql://u@h:3306/", java.util.Map.of()))
                .hasMessageContaining("no database");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MysqlLocator.parse("mysql://u@h/db?bogus=1", java.util.Map.of()))
                .hasMessageContaining("bogus");
    }

    @Test
    void locatorTakesThePasswordFromTheEnvironmentAndDecodesTheUrl() throws Exception {
        MysqlLocator l = MysqlLocator.parse("mariadb://app%40x@db.example:3307/shop?sslmode=disable",
                java.util.Map.of("MYSQL_PWD", "s3cret"));
        assertThat(l).isEqualTo(new MysqlLocator("db.example", 3307, "shop", "app@x", "s3cret", "DISABLED"));
        assertThat(l.properties().getProperty("allowPublicKeyRetrieval")).isEqualTo("true");
        MysqlLocator strict = MysqlLocator.parse("mysql://u:p%3A%40@h/db?sslmode=verify-full", java.util.Map.of("MYSQL_PWD", "no"));
        assertThat(strict.password()).isEqualTo("p:@");
        assertThat(strict.properties().getProperty("allowPublicKeyRetrieval")).isEqualTo("false");
        MysqlLocator defaults = MysqlLocator.parse("mysql:///db", java.util.Map.of("USER", "me"));
        assertThat(defaults).isEqualTo(new MysqlLocator("localhost", 3306, "db", "me", null, "PREFERRED"));
    }

    @Test
    void wrongPasswordNamesTheAccountButNotThePassword(MysqlDatabase db) {
        String url = "mysql://" + db.server().user() + ":wrong-pw@" + db.server().host() + ":" + db.server().port() + "/" + db.name();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MysqlSource.open(url, java.util.Map.of()))
                .hasMessageContaining(db.server().user() + "@").hasMessageContaining("password").satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("wrong-pw"));
    }


    @Test
    void tableSizesComeFromInformationSchemaForTheBaseTables(MysqlDatabase db) throws Exception {
        try (MysqlSource source = MysqlSource.open(db.url(), java.util.Map.of())) {
            java.util.Map<String, Long> sizes = source.tableSizes();
            for (SourceTable t : source.catalog().tables()) {
                assertThat(sizes.get(t.key())).as(t.display()).isNotNull().isPositive();
            }
            assertThat(sizes).hasSize(source.catalog().tables().size());
        }
    }
}
