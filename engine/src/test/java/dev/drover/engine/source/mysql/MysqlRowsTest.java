package dev.drover.engine.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.RowCursor;
import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MysqlExtension.class)
class MysqlRowsTest {
    static String url;

    @BeforeAll
    static void fill(MysqlDatabase db) throws Exception {
        url = db.url();
        MysqlSchemas.allTypes(db);
        db.execute("SET SESSION sql_mode = ''", "SET time_zone = '+02:00'",
                "INSERT INTO AllTypes (id, t, tu, flag, s, su, m, mu, i, iu, b, bu, b1, b8, d, f, f2, dbl, c, vc, lat, tx, bl, bin, vb,"
                        + " dt, dtm, ts, tm, yr, zd, zdt, e, st, j, `camelCase`, `order`) VALUES"
                        + " (1, -128, 255, 1, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
                        + " -9223372036854775808, 18446744073709551615, b'1', b'00000101', 12345678901234.123456, 0.1, 123.4567,"
                        + " 2.718281828459045, 'ab', 'Zoë 😀', 'café', 'line\\nnext', x'00ff10', x'000102030405060708090a0b0c0d0e0f',"
                        + " x'', '2024-02-29', '2024-02-29 23:59:59.123456', '2024-06-01 12:00:00', '838:59:59', 2155,"
                        + " '0000-00-00', '2019-00-10 00:00:00', 'back\\\\slash', 'x,z', '{\"k\": [1, 2]}', 7, 'sel')",
                "INSERT INTO AllTypes (id, t, tu, s, su, m, mu, i, iu, b, bu, b8, dtm, tm, zd, zdt)"
                        + " VALUES (2, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0, b'11111111',"
                        + " '0000-00-00 00:00:00', '-01:30:00', '1999-12-31', '2000-01-01 00:00:00')",
                "INSERT INTO AllTypes (id) VALUES (3)");
    }

    private static List<List<Object>> read(String... columns) throws Exception {
        try (MysqlSource source = MysqlSource.open(url, Map.of())) {
            SourceCatalog catalog = source.catalog();
            SourceTable t = catalog.table("AllTypes").orElseThrow();
            List<List<Object>> rows = new ArrayList<>();
            try (RowCursor c = source.rows(t, List.of(columns))) {
                while (c.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 0; i < columns.length; i++) row.add(c.get(i));
                    row.add(c.position());
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    @Test
    void integersAtTheirLimitsComeBackExactly() throws Exception {
        List<List<Object>> rows = read("t", "tu", "s", "su", "m", "mu", "i", "iu", "b", "bu");
        assertThat(rows.get(0)).containsExactly(-128L, 255L, -32768L, 65535L, -8388608L, 16777215L, -2147483648L, 4294967295L,
                Long.MIN_VALUE, new BigDecimal("18446744073709551615"), "id=1");
        assertThat(rows.get(1)).containsExactly(127L, 0L, 32767L, 0L, 8388607L, 0L, 2147483647L, 0L, Long.MAX_VALUE,
                new BigDecimal("0"), "id=2");
        assertThat(rows.get(2)).containsExactly(null, null, null, null, null, null, null, null, null, null, "id=3");
    }

    @Test
    void numbersBitsAndBooleansKeepTheirValue() throws Exception {
        List<Object> row = read("flag", "b1", "b8", "d", "f", "f2", "dbl", "yr").get(0);
        assertThat(row).containsExactly(1L, "1", "00000101", new BigDecimal("12345678901234.123456"), 0.1, 123.4567,
                2.718281828459045, 2155L, "id=1");
        assertThat(read("b8").get(1).get(0)).isEqualTo("11111111");
    }

    @Test
    void floatsArriveAsTheDoubleOfTheServersTextAsPgloaderLoadsThem(MysqlDatabase db) throws Exception {
        db.execute("CREATE TABLE floats (id INT PRIMARY KEY, f FLOAT, txt VARCHAR(40))",
                "INSERT INTO floats (id, f) VALUES (1, 0.1), (2, 1.2345678), (3, -3.4e38), (4, 16777217), (5, 1.5e-40), (6, NULL)",
                "UPDATE floats SET txt = CAST(f AS CHAR)");
        try (MysqlSource source = MysqlSource.open(url, Map.of())) {
            SourceTable t = source.catalog().table("floats").orElseThrow();
            List<Object> values = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            try (RowCursor c = source.rows(t, List.of("f", "txt"))) {
                while (c.next()) {
                    values.add(c.get(0));
                    texts.add(c.get(1) == null ? null : c.get(1).toString());
                }
            }
            // 0.1 is the double 0.1, not the float's 0.10000000149011612 widened; MariaDB writes 6 digits (16777217
            // is 16777200 in its text, as pgloader loads it), MySQL 8 the shortest digits that give the float back
            assertThat(values).containsExactly(0.1, 1.23457, -3.4e38, 1.67772e7, 1.50001e-40, null);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(values.get(i)).isEqualTo(texts.get(i) == null ? null : Double.valueOf(texts.get(i)));
            }
        }
    }

    @Test
    void textAndBinaryArriveAsStoredInEveryCharacterSet() throws Exception {
        List<Object> row = read("c", "vc", "lat", "tx", "bl", "bin", "vb", "e", "st", "j", "camelCase", "order").get(0);
        assertThat(row.subList(0, 4)).containsExactly("ab", "Zoë 😀", "café", "line\nnext");
        assertThat((byte[]) row.get(4)).containsExactly(0, 0xff, 0x10);
        assertThat((byte[]) row.get(5)).hasSize(16).startsWith(0, 1, 2).endsWith(15);
        assertThat((byte[]) row.get(6)).isEmpty();
        assertThat(row.subList(7, 9)).containsExactly("back\\slash", "x,z");
        assertThat((String) row.get(9)).contains("\"k\"").contains("[1, 2]");
        assertThat(row.subList(10, 12)).containsExactly(7L, "sel");
    }

    @Test
    void datesAndTimesAreTheServersTextZeroDatesIncluded() throws Exception {
        List<List<Object>> rows = read("dt", "dtm", "ts", "tm", "zd", "zdt");
        // ts was written at +02:00 and is read in the UTC session
        assertThat(rows.get(0)).containsExactly("2024-02-29", "2024-02-29 23:59:59.123456", "2024-06-01 10:00:00", "838:59:59",
                "0000-00-00", "2019-00-10 00:00:00", "id=1");
        assertThat(rows.get(1)).containsExactly(null, "0000-00-00 00:00:00.000000", null, "-01:30:00", "1999-12-31",
                "2000-01-01 00:00:00", "id=2");
    }

    @Test
    void tablesWithoutPrimaryKeyAreNumberedAndUnknownColumnsNamed(MysqlDatabase db) throws Exception {
        db.execute("CREATE TABLE nokey (v VARCHAR(3))", "INSERT INTO nokey VALUES ('a'), ('b')");
        try (MysqlSource source = MysqlSource.open(url, Map.of())) {
            SourceTable t = source.catalog().table("nokey").orElseThrow();
            try (RowCursor c = source.rows(t, List.of("v"))) {
                assertThat(c.next()).isTrue();
                assertThat(c.position()).isEqualTo("row 1");
                assertThat(c.next()).isTrue();
                assertThat(c.position()).isEqualTo("row 2");
                assertThat(c.next()).isFalse();
            }
            assertThatThrownBy(() -> source.rows(t, List.of("nope"))).hasMessageContaining("no column nope");
        }
    }
}
