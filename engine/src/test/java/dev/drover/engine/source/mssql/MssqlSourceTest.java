package dev.drover.engine.source.mssql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.RowCursor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Against the server in DROVER_TEST_MSSQL_URL (e.g. sqlserver://sa@localhost/tempdb?trustServerCertificate=true). */
@EnabledIfEnvironmentVariable(named = MssqlSchemas.ENV, matches = ".+")
class MssqlSourceTest {
    private static final String SCHEMA = "drover_src";

    @Test
    void readsTheCatalogAndEveryTypeExactly() throws Exception {
        try (Connection c = MssqlSchemas.connect()) {
            MssqlSchemas.allTypes(c, SCHEMA);
            MssqlSchemas.allTypesRow(c, SCHEMA);
        }
        try (MssqlSource src = MssqlSource.open(MssqlSchemas.url(SCHEMA))) {
            SourceCatalog cat = src.catalog();
            assertThat(cat.tables()).extracting(SourceTable::name).containsExactly("AllTypes", "Region", "Shop");
            assertThat(cat.views()).containsExactly("ShopView");
            SourceTable all = cat.table("AllTypes").orElseThrow();
            assertThat(all.comment()).isEqualTo("every type");
            assertThat(all.column("Id").orElseThrow().autoIncrement()).isTrue();
            assertThat(all.column("NvcMax").orElseThrow().fullType()).isEqualTo("nvarchar(max)");
            assertThat(all.column("Nvc").orElseThrow().fullType()).isEqualTo("nvarchar(100)");
            assertThat(all.column("Dt2").orElseThrow().fullType()).isEqualTo("datetime2(7)");
            assertThat(all.column("Name").orElseThrow().fullType()).isEqualTo("nvarchar(128)");
            assertThat(all.column("Flag").orElseThrow().defaultValue()).isEqualTo("0");
            assertThat(all.column("Guid").orElseThrow().defaultValue()).isEqualTo("gen_random_uuid()");
            assertThat(all.column("Dt").orElseThrow().defaultValue()).isEqualTo("CURRENT_TIMESTAMP");
            assertThat(all.column("Vc").orElseThrow().defaultValue()).isEqualTo("'it''s'");
            assertThat(all.column("Total").orElseThrow().generated()).contains("[Small]");
            SourceTable shop = cat.table("Shop").orElseThrow();
            assertThat(shop.foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.columns()).containsExactly("Country", "Code");
                assertThat(fk.onDelete()).isEqualTo("CASCADE");
                assertThat(fk.onUpdate()).isEqualTo("NO ACTION");
            });
            assertThat(shop.checks()).singleElement().satisfies(ck -> assertThat(ck.expression()).isEqualTo("\"price\">(0)"));
            assertThat(shop.indexes()).singleElement().satisfies(ix -> {
                assertThat(ix.columns()).containsExactly("Title");
                assertThat(ix.where()).isEqualTo("\"deleted\"=(0)");
            });
            assertThat(src.catalogNotes()).anyMatch(n -> n.contains("INCLUDE (Price)"));
            assertThat(src.count(all)).isEqualTo(2);

            List<ColumnCast> casts = src.castRules(List.of()).resolve(all);
            List<String> names = all.columns().stream().map(SourceColumn::name).toList();
            List<Object> converted = new ArrayList<>();
            try (RowCursor rows = src.rows(all, names)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.position()).isEqualTo("Id=1");
                for (int i = 0; i < names.size(); i++) {
                    Object v = rows.get(i);
                    String t = casts.get(i).transform();
                    converted.add(t == null ? v : dev.drover.engine.cast.Transforms.byName(t).orElseThrow().apply(v));
                }
                assertThat(rows.next()).isTrue();
                assertThat(rows.next()).isFalse();
            }
            Map<String, Object> v = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) v.put(names.get(i), converted.get(i));
            assertThat(v.get("Tiny")).isEqualTo(255L);
            assertThat(v.get("Big")).isEqualTo(Long.MAX_VALUE);
            assertThat(v.get("Flag")).isEqualTo("t");
            assertThat(v.get("Dec")).isEqualTo("12345678901234.123456");
            assertThat(v.get("Num")).isEqualTo("12345678901234567890123456789012345678");
            assertThat(v.get("Cash")).isEqualTo("-922337203685477.5808");
            assertThat(v.get("Dbl")).isEqualTo(0.1d);
            assertThat(v.get("Rl")).isEqualTo(0.1d);
            assertThat(v.get("Nvc")).isEqualTo("Zoë 😀");
            assertThat((String) v.get("NvcMax")).hasSize(5000);
            assertThat(v.get("Bin")).isEqualTo(new byte[] {0, 1, 2, 3});
            assertThat(v.get("Rv")).isInstanceOf(byte[].class);
            assertThat(v.get("Guid")).isEqualTo("6f9619ff-8b86-d011-b42d-00c04fc964ff");
            assertThat(v.get("D")).isEqualTo("0001-01-01");
            assertThat(v.get("T")).isEqualTo("24:00:00");
            assertThat(v.get("Dt")).isEqualTo("2024-02-29 23:59:59.997");
            assertThat(v.get("Dt2")).isEqualTo("2024-02-29 23:59:59.123457");
            assertThat(v.get("Sdt")).isEqualTo("2024-02-29 23:59:00");
            assertThat(v.get("Dto")).isEqualTo("2024-06-01 12:00:00.123457+02:00");
            assertThat(v.get("X")).isEqualTo("<a>1</a>");
            assertThat(v.get("G")).isInstanceOf(byte[].class);
            assertThat(v.get("V")).isEqualTo("42");
            assertThat(v.get("Total")).isEqualTo(-32767L);
            assertThat(new BigDecimal("214748.3647").toPlainString()).isEqualTo(v.get("LittleCash"));
        }
    }
}
