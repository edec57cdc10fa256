package dev.drover.engine.source.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRowsTest {
    @TempDir
    Path dir;

    /** Each row as [position, values...]; byte arrays as lists so rows compare by value. */
    static List<List<Object>> readAll(SqliteSource source, String table, String... columns) throws SQLException {
        SourceTable t = source.catalog().table(table).orElseThrow();
        List<List<Object>> rows = new ArrayList<>();
        try (RowCursor cursor = source.rows(t, List.of(columns))) {
            while (cursor.next()) {
                List<Object> row = new ArrayList<>();
                row.add(cursor.position());
                for (int i = 0; i < columns.length; i++) {
                    Object v = cursor.get(i);
                    row.add(v instanceof byte[] b ? bytes(b) : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Byte> bytes(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    @Test
    void valuesAreTypedByStorageClassEvenWhenOneColumnMixesThem() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("mixed.db"),
                "CREATE TABLE mixed (v)",
                "INSERT INTO mixed VALUES (1), (5000000000), (-7), (2.5), ('text'), (x'00ff'), (NULL), ('')");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            List<List<Object>> rows = readAll(source, "mixed", "v");
            assertThat(rows).extracting(r -> r.get(1)).containsExactly(1L, 5_000_000_000L, -7L, 2.5, "text",
                    bytes(new byte[] {0, (byte) 0xff}), null, "");
            assertThat(rows).extracting(r -> r.get(1) == null ? null : r.get(1).getClass().getSimpleName())
                    .containsExactly("Long", "Long", "Long", "Double", "String", "ArrayList", null, "String");
        }
    }

    @Test
    void declaredTypesOnlyMatterThroughSqliteAffinity() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("affinity.db"),
                "CREATE TABLE t (i INTEGER, r REAL, s TEXT, d DATE, b BOOLEAN, n DECIMAL(10,2))",
                // '12' into INTEGER becomes an integer; 'abc' stays text; 3 into REAL becomes 3.0; 12.00 into
                // NUMERIC becomes an integer; a DATE is whatever was stored
                "INSERT INTO t VALUES ('12', 3, 42, '2024-02-30', 'true', 12.00)",
                "INSERT INTO t VALUES ('abc', 'x', NULL, 20240101, 1, 12.5)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            assertThat(readAll(source, "t", "i", "r", "s", "d", "b", "n")).extracting(r -> r.subList(1, r.size()))
                    .containsExactly(
                            Arrays.asList(12L, 3.0, "42", "2024-02-30", "true", 12L),
                            Arrays.asList("abc", "x", null, 20240101L, 1L, 12.5));
        }
    }

    @Test
    void rowsComeInRowidOrderWithTheRowidAsPosition() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("order.db"),
                "CREATE TABLE plain (v TEXT)",
                "INSERT INTO plain (rowid, v) VALUES (30, 'c'), (10, 'a'), (20, 'b')",
                "CREATE TABLE alias (id INTEGER PRIMARY KEY, v TEXT)",
                "INSERT INTO alias VALUES (7, 'x'), (3, 'y')",
                "CREATE TABLE keyed (k TEXT, n INTEGER, v REAL, PRIMARY KEY (k, n)) WITHOUT ROWID",
                "INSERT INTO keyed VALUES ('b', 1, 1.0), ('a''s', 2, 2.0), ('a''s', 1, 3.0)",
                "CREATE TABLE blobkey (k BLOB PRIMARY KEY, v INTEGER) WITHOUT ROWID",
                "INSERT INTO blobkey VALUES (x'0aff', 1)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            assertThat(readAll(source, "plain", "v")).containsExactly(
                    List.of("rowid 10", "a"), List.of("rowid 20", "b"), List.of("rowid 30", "c"));
            assertThat(readAll(source, "alias", "v", "id")).containsExactly(
                    List.of("id=3 (rowid)", "y", 3L), List.of("id=7 (rowid)", "x", 7L));
            assertThat(readAll(source, "keyed", "v")).containsExactly(
                    List.of("k='a''s', n=1", 3.0), List.of("k='a''s', n=2", 2.0), List.of("k='b', n=1", 1.0));
            assertThat(readAll(source, "blobkey", "v")).containsExactly(List.of("k=X'0aff'", 1L));
        }
    }

    @Test
    void aColumnNamedRowidDoesNotHideTheRealRowid() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("shadow.db"),
                "CREATE TABLE t (rowid TEXT, v INTEGER)",
                "INSERT INTO t (_rowid_, rowid, v) VALUES (2, 'second', 20), (1, 'first', 10)",
                "CREATE TABLE all3 (rowid TEXT, _rowid_ TEXT, oid TEXT)",
                "INSERT INTO all3 VALUES ('a', 'b', 'c'), ('d', 'e', 'f')");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            assertThat(readAll(source, "t", "rowid", "v")).containsExactly(
                    List.of("rowid 1", "first", 10L), List.of("rowid 2", "second", 20L));
            assertThat(readAll(source, "all3", "oid")).containsExactly(List.of("row 1", "c"), List.of("row 2", "f"));
        }
    }

    @Test
    void readsOddlyNamedTablesAndColumnsInTheRequestedOrder() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("odd.db"),
                "CREATE TABLE \"we\"\"ird [t]\" (\"my col\" TEXT, [select] INTEGER, `Mixed``Case` REAL)",
                "INSERT INTO \"we\"\"ird [t]\" VALUES ('é ☕', 1, 1.5)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            assertThat(readAll(source, "we\"ird [t]", "Mixed`Case", "my col", "select"))
                    .containsExactly(List.of("rowid 1", 1.5, "é ☕", 1L));
        }
    }

    @Test
    void generatedColumnsAreReadLikeOthers() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("gen.db"),
                "CREATE TABLE g (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL)",
                "INSERT INTO g (a) VALUES (21)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            assertThat(readAll(source, "g", "a", "b")).containsExactly(List.of("rowid 1", 21L, 42L));
        }
    }

    @Test
    void streamsATableLargerThanAnyBufferAndReadsTwoTablesAtOnce() throws Exception {
        int n = 200_000;
        Path file = SqliteFiles.create(dir.resolve("big.db"),
                "CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)",
                "INSERT INTO big (id, payload) WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < "
                        + n + ") SELECT i, printf('row %06d %.*c', i, 100, 'x') FROM s",
                "CREATE TABLE small (v INTEGER)",
                "INSERT INTO small VALUES (1), (2), (3)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            SourceTable big = source.catalog().table("big").orElseThrow();
            SourceTable small = source.catalog().table("small").orElseThrow();
            long count = 0;
            long sum = 0;
            long smallSum = 0;
            String last = null;
            try (RowCursor a = source.rows(big, List.of("id", "payload")); RowCursor b = source.rows(small, List.of("v"))) {
                while (a.next()) {
                    count++;
                    long id = (Long) a.get(0);
                    assertThat(id).isEqualTo(count);
                    sum += id;
                    if (count == 100_000) {
                        assertThat((String) a.get(1)).startsWith("row 100000 ").hasSize(111);
                    }
                    if (count % 70_000 == 0 && b.next()) {
                        smallSum += (Long) b.get(0); // a second cursor advances while the first is mid-table
                    }
                    last = a.position();
                }
            }
            assertThat(count).isEqualTo(n);
            assertThat(sum).isEqualTo((long) n * (n + 1) / 2);
            assertThat(smallSum).isEqualTo(1 + 2);
            assertThat(last).isEqualTo("id=" + n + " (rowid)");
        }
    }

    @Test
    void virtualTableRowsAreNumberedInTheOrderTheModuleGivesThem() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("fts.db"),
                "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
                "INSERT INTO docs VALUES ('un', 'café'), ('deux', NULL)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            assertThat(readAll(source, "docs", "title", "body")).containsExactly(
                    Arrays.asList("row 1", "un", "café"), Arrays.asList("row 2", "deux", null));
        }
    }

    @Test
    void anUnknownColumnIsAnErrorNamingTheTable() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("err.db"), "CREATE TABLE t (a INTEGER)");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            SourceTable t = source.catalog().table("t").orElseThrow();
            assertThatThrownBy(() -> source.rows(t, List.of("nope")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("table t")
                    .hasMessageContaining("nope");
        }
    }

    @Test
    void aMaterializedQueryIsReadFromItsRowsAndOffersNoKeySlices() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("mat.db"),
                "CREATE TABLE items (id INTEGER PRIMARY KEY, price REAL, name TEXT)",
                "INSERT INTO items VALUES (1, 5.0, 'a'), (2, 50.0, 'b'), (3, 500.0, 'c'), (4, 7.5, 'd')");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            // named like a table of the file, yet read from its query, never by the table's rowid
            SourceTable q = source.materialize("items", "SELECT id, name FROM items WHERE price < 100");
            assertThat(q.isMaterialized()).isTrue();
            assertThat(source.rangeKey(q)).isEmpty();
            assertThat(source.rangeKey(source.catalog().table("items").orElseThrow())).contains("rowid");
            assertThat(source.count(q)).isEqualTo(3);
            List<List<Object>> rows = new ArrayList<>();
            try (RowCursor cursor = source.rows(q, List.of("name", "id"))) {
                while (cursor.next()) {
                    Object[] row = new Object[2];
                    cursor.read(row);
                    rows.add(Arrays.asList(cursor.position(), row[0].toString(), row[1]));
                }
            }
            assertThat(rows).containsExactly(Arrays.asList("row 1", "a", 1L), Arrays.asList("row 2", "b", 2L),
                    Arrays.asList("row 3", "d", 4L));
            // a bounded read still goes after the query: FROM (query) q ORDER BY ... LIMIT
            List<Object> last = new ArrayList<>();
            try (RowCursor cursor = source.rows(q, List.of("id"), KeyRange.last(List.of("id"), 2))) {
                while (cursor.next()) last.add(cursor.get(0));
            }
            assertThat(last).containsExactly(4L, 2L);
        }
    }
}
