package dev.drover.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import dev.drover.engine.source.sqlite.SqliteSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopSampleTest {
    static final List<String> TABLES = List.of("customers", "products", "orders", "order_lines");

    @TempDir
    Path dir;

    /** Every row of every table, each value with its storage class, in rowid order. */
    static List<String> dump(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder(table);
                        for (int i = 1; i <= n; i++) {
                            Object v = rs.getObject(i);
                            b.append('|').append(v == null ? "null" : v.getClass().getSimpleName()).append(':')
                                    .append(v instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : v);
                        }
                        out.add(b.toString());
                    }
                }
            }
        }
        return out;
    }

    static Object one(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    @Test
    void theSameSeedGivesTheSameDatabaseAndAnotherSeedDoesNot() throws Exception {
        List<String> a = dump(ShopSample.generate(dir.resolve("a.db"), 2, 7));
        List<String> b = dump(ShopSample.generate(dir.resolve("b.db"), 2, 7));
        List<String> c = dump(ShopSample.generate(dir.resolve("c.db"), 2, 8));
        assertThat(a).hasSizeGreaterThan(1000).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void regeneratingReplacesTheFileAndLeavesNothingElseBehind() throws Exception {
        Path file = dir.resolve("shop.db");
        ShopSample.generate(file, 2, 1);
        ShopSample.generate(file, 1, 1);
        assertThat(one(file, "SELECT count(*) FROM customers")).isEqualTo(50);
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("shop.db");
        }
        assertThatThrownBy(() -> ShopSample.generate(file, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePlantedAnomaliesAreWhereTheClassCommentSays() throws Exception {
        Path file = ShopSample.generate(dir.resolve("shop.db"), 1, 99);
        assertThat((Integer) one(file, "SELECT length(name) FROM customers WHERE id = "
                + ShopSample.OVERLONG_NAME_CUSTOMER_ID)).isGreaterThan(80);
        assertThat(one(file, "SELECT count(*) FROM customers WHERE length(name) > 80")).isEqualTo(1);
        assertThat(one(file, "SELECT birth_date FROM customers WHERE id = " + ShopSample.INVALID_DATE_CUSTOMER_ID))
                .isEqualTo("1987-02-30");
        // SQLite rolls 02-30 over to 03-02; only an impossible date changes when normalised
        assertThat(one(file, "SELECT count(*) FROM customers WHERE date(birth_date) IS NOT birth_date"))
                .isEqualTo(1);
        assertThat(one(file, "SELECT typeof(stock) || ':' || stock FROM products WHERE id = "
                + ShopSample.NON_NUMERIC_STOCK_PRODUCT_ID)).isEqualTo("text:n/a");
        assertThat(one(file, "SELECT count(*) FROM products WHERE typeof(stock) <> 'integer'")).isEqualTo(1);
        assertThat(one(file, "SELECT ordered_on FROM orders WHERE id = " + ShopSample.ZERO_DATE_ORDER_ID))
                .isEqualTo("0000-00-00");
        assertThat(one(file, "SELECT count(*) FROM orders WHERE ordered_on = '0000-00-00'")).isEqualTo(1);
        // SQLite's own foreign-key check finds exactly the planted orphan
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            List<List<Object>> violations = new ArrayList<>();
            while (rs.next()) {
                violations.add(List.of(rs.getString("table"), rs.getLong("rowid"), rs.getString("parent")));
            }
            assertThat(violations).containsExactly(List.of("order_lines", ShopSample.ORPHAN_LINE_ID, "orders"));
        }
        assertThat(one(file, "SELECT order_id FROM order_lines WHERE id = " + ShopSample.ORPHAN_LINE_ID))
                .isEqualTo((int) ShopSample.ORPHAN_ORDER_ID);
    }

    @Test
    void hasNonAsciiTextBlobsAndDecimalsStoredBothWays() throws Exception {
        Path file = ShopSample.generate(dir.resolve("shop.db"), 1, 5);
        assertThat((Integer) one(file, "SELECT count(*) FROM customers WHERE name <> CAST(name AS BLOB) OR"
                + " length(CAST(name AS BLOB)) > length(name)")).isGreaterThan(0);
        assertThat((Integer) one(file, "SELECT count(*) FROM products WHERE typeof(photo) = 'blob'")).isGreaterThan(0);
        assertThat((Integer) one(file, "SELECT count(*) FROM products WHERE typeof(price) = 'real'")).isGreaterThan(0);
        assertThat((Integer) one(file, "SELECT count(*) FROM products WHERE typeof(price) = 'integer'")).isGreaterThan(0);
        assertThat((Integer) one(file, "SELECT count(*) FROM customers WHERE json_valid(preferences)")).isGreaterThan(0);
    }

    @Test
    void defaultScaleIsAboutOneHundredThousandRows() throws Exception {
        Path file = ShopSample.generate(dir.resolve("shop.db"), ShopSample.DEFAULT_SCALE, ShopSample.DEFAULT_SEED);
        long total = 0;
        for (String t : TABLES) {
            total += ((Number) one(file, "SELECT count(*) FROM " + t)).longValue();
        }
        assertThat(total).isBetween(90_000L, 110_000L);
    }

    @Test
    void itsCatalogShowsEveryFeatureItPromises() throws Exception {
        Path file = ShopSample.generate(dir.resolve("shop.db"), 1, 3);
        SourceCatalog catalog;
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            catalog = source.catalog();
        }
        assertThat(catalog.tables()).extracting(SourceTable::name).containsExactlyElementsOf(TABLES);
        SourceTable customers = catalog.table("customers").orElseThrow();
        SourceTable products = catalog.table("products").orElseThrow();
        SourceTable orders = catalog.table("orders").orElseThrow();
        SourceTable lines = catalog.table("order_lines").orElseThrow();

        assertThat(catalog.tables()).extracting(t -> t.column("id").orElseThrow().autoIncrement())
                .containsExactly(true, false, false, false);
        assertThat(customers.indexes()).extracting(SourceIndex::columns, SourceIndex::unique, SourceIndex::constraint)
                .containsExactly(tuple(List.of("email"), true, true));
        assertThat(orders.indexes()).extracting(SourceIndex::name, SourceIndex::columns, SourceIndex::where)
                .containsExactly(tuple("orders_customer_date", List.of("customer_id", "ordered_on"), null),
                        tuple("orders_open", List.of("ordered_on"), "status IN ('new', 'paid')"));
        assertThat(lines.foreignKeys()).extracting(ForeignKey::columns, ForeignKey::refTable, ForeignKey::onDelete)
                .containsExactly(tuple(List.of("order_id"), "orders", "CASCADE"),
                        tuple(List.of("product_id"), "products", "RESTRICT"));
        assertThat(orders.foreignKeys()).extracting(ForeignKey::onUpdate, ForeignKey::onDelete)
                .containsExactly(tuple("CASCADE", "RESTRICT"));
        assertThat(products.checks()).extracting(c -> c.name() + ":" + c.expression())
                .containsExactly("price_not_negative:price >= 0");
        assertThat(customers.column("created_at").orElseThrow().defaultValue()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(products.column("added_on").orElseThrow().defaultValue()).isEqualTo("date('now')");
        assertThat(customers.column("country").orElseThrow().defaultValue()).isEqualTo("'FR'");
        assertThat(lines.column("quantity").orElseThrow().defaultValue()).isEqualTo("1");
        assertThat(catalog.tables().stream().flatMap(t -> t.columns().stream()).map(SourceColumn::dataType).distinct())
                .contains("integer", "text", "varchar", "decimal", "real", "boolean", "date", "datetime", "blob", "json");
    }
}
