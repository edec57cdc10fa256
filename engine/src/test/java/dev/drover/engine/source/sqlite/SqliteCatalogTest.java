package dev.drover.engine.source.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.CheckConstraint;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One database with every catalog quirk SQLite allows, read once. */
class SqliteCatalogTest {
    @TempDir
    static Path dir;

    static SourceCatalog catalog;

    @BeforeAll
    static void readCatalog() throws Exception {
        Path file = SqliteFiles.create(dir.resolve("quirks.db"),
                """
                CREATE TABLE loose (
                    a unsigned big int,
                    b VARCHAR(255) NOT NULL,
                    c DECIMAL(10, 2),
                    e,
                    f INT UNSIGNED,
                    g character varying(30),
                    h double precision
                )""",
                "CREATE TABLE plain_alias (id INTEGER PRIMARY KEY, v TEXT)",
                "CREATE TABLE auto (id integer primary key autoincrement, v TEXT)",
                "CREATE TABLE auto_table_level (id INTEGER, v TEXT, PRIMARY KEY (id AUTOINCREMENT))",
                "CREATE TABLE not_alias (id INT PRIMARY KEY, v TEXT)",
                "CREATE TABLE desc_pk (id INTEGER PRIMARY KEY DESC, v TEXT)",
                "CREATE TABLE wr (k TEXT, n INTEGER, v BLOB, PRIMARY KEY (k, n)) WITHOUT ROWID",
                "CREATE TABLE parent (a INTEGER, b TEXT, CONSTRAINT parent_pk PRIMARY KEY (a, b))",
                """
                CREATE TABLE child (
                    id INTEGER PRIMARY KEY,
                    pa INTEGER, pb TEXT, other INTEGER,
                    email TEXT CONSTRAINT child_email_key UNIQUE,
                    code TEXT,
                    CONSTRAINT child_parent_fk FOREIGN KEY (pa, pb) REFERENCES parent (a, b)
                        ON DELETE CASCADE ON UPDATE SET NULL,
                    FOREIGN KEY (pb, pa) REFERENCES PARENT ON DELETE SET DEFAULT,
                    FOREIGN KEY (other) REFERENCES plain_alias (id),
                    UNIQUE (code, other)
                )""",
                "CREATE UNIQUE INDEX child_code_idx ON child (code)",
                "CREATE INDEX child_partial ON child (other) WHERE other IS NOT NULL AND code <> 'x)'",
                "CREATE INDEX child_expr ON child (lower(email) COLLATE NOCASE DESC, pa, (other + 1))",
                """
                CREATE TABLE checks (
                    qty INTEGER CHECK (qty > 0),
                    price REAL CONSTRAINT price_positive CHECK (price >= (0)),
                    label TEXT NOT NULL CHECK (label <> ')' AND length(label) < 10),
                    lo INTEGER, hi INTEGER,
                    CHECK ((hi - lo) > (0)),
                    CONSTRAINT lo_small CHECK (lo < 100)
                )""",
                """
                CREATE TABLE gen (
                    a INTEGER,
                    b INTEGER GENERATED ALWAYS AS (a * (2 + 1)) STORED,
                    c AS (a || 'x)') VIRTUAL,
                    d TEXT
                )""",
                """
                CREATE TABLE defaults (
                    t1 TEXT DEFAULT CURRENT_TIMESTAMP,
                    t2 TEXT DEFAULT (datetime('now')),
                    t3 TEXT DEFAULT '"0"',
                    t4 INTEGER DEFAULT -1,
                    t5 REAL DEFAULT 1.5,
                    t6 TEXT DEFAULT 'it''s',
                    t7 TEXT DEFAULT NULL,
                    t8 TEXT
                )""",
                "CREATE TABLE \"odd \"\"name\"\"\" (\"my col\" TEXT, [select] INTEGER CHECK ([select] > 0),"
                        + " `MixedCase` REAL, \"from\" TEXT NOT NULL, CONSTRAINT [my check] CHECK (\"my col\" <> ''))",
                "CREATE TABLE [Order Details] (x)",
                "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
                "CREATE VIEW v_child AS SELECT * FROM child",
                "CREATE VIEW \"odd view\" AS SELECT 1",
                "INSERT INTO plain_alias (v) VALUES ('a'), ('b'), ('c')",
                "INSERT INTO auto (v) VALUES ('a')");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            catalog = source.catalog();
        }
    }

    static SourceTable table(String name) {
        return catalog.table(name).orElseThrow(() -> new AssertionError("no table " + name));
    }

    static SourceColumn column(String table, String column) {
        return table(table).column(column).orElseThrow(() -> new AssertionError("no column " + table + "." + column));
    }

    @Test
    void listsUserTablesInCreationOrderAndViewsByName() {
        assertThat(catalog.kind()).isEqualTo("sqlite");
        assertThat(catalog.database()).isEqualTo("quirks.db");
        assertThat(catalog.tables()).extracting(SourceTable::name).containsExactly("loose", "plain_alias", "auto",
                "auto_table_level", "not_alias", "desc_pk", "wr", "parent", "child", "checks", "gen", "defaults",
                "odd \"name\"", "Order Details", "docs");
        assertThat(catalog.tables()).extracting(SourceTable::schema).containsOnly("main");
        assertThat(catalog.views()).containsExactly("v_child", "odd view");
    }

    @Test
    void virtualTableIsListedWithoutItsHiddenColumnsOrShadowTables() {
        assertThat(table("docs").columns()).extracting(SourceColumn::name).containsExactly("title", "body");
        assertThat(catalog.tables()).extracting(SourceTable::name).noneMatch(n -> n.startsWith("docs_"));
    }

    @Test
    void normalisesLooseTypeNamesAndKeepsTheDeclaredText() {
        SourceTable loose = table("loose");
        assertThat(loose.columns()).extracting(SourceColumn::name, SourceColumn::position, SourceColumn::dataType,
                        SourceColumn::fullType, SourceColumn::precision, SourceColumn::scale, SourceColumn::unsigned)
                .containsExactly(
                        tuple("a", 1, "integer", "unsigned big int", null, null, true), // an unknown name reads as its affinity
                        tuple("b", 2, "varchar", "VARCHAR(255)", 255, null, false),
                        tuple("c", 3, "decimal", "DECIMAL(10, 2)", 10, 2, false),
                        tuple("e", 4, "", "", null, null, false),
                        tuple("f", 5, "int", "INT UNSIGNED", null, null, true),
                        tuple("g", 6, "character", "character varying(30)", 30, null, false),
                        tuple("h", 7, "double precision", "double precision", null, null, false));
        assertThat(column("loose", "b").nullable()).isFalse();
        assertThat(column("loose", "a").nullable()).isTrue();
        assertThat(loose.primaryKey()).isNull();
    }

    @Test
    void onlyAnIntegerPrimaryKeyWithAutoincrementIsAutoIncrement() {
        assertThat(column("auto", "id").autoIncrement()).isTrue();
        assertThat(column("auto_table_level", "id").autoIncrement()).isTrue();
        assertThat(column("plain_alias", "id").autoIncrement()).isFalse();
        assertThat(column("not_alias", "id").autoIncrement()).isFalse();
        assertThat(column("desc_pk", "id").autoIncrement()).isFalse();
        assertThat(column("auto", "v").autoIncrement()).isFalse();
        assertThat(table("plain_alias").primaryKey().columns()).containsExactly("id");
    }

    @Test
    void rowidAliasKeysCannotBeNullEvenThoughThePragmaSaysSo() {
        assertThat(column("plain_alias", "id").nullable()).isFalse();
        // INT PRIMARY KEY is not the rowid: SQLite's legacy behaviour lets it hold NULL
        assertThat(column("not_alias", "id").nullable()).isTrue();
        assertThat(column("wr", "k").nullable()).isFalse();
    }

    @Test
    void readsCompositeAndNamedPrimaryKeysInKeyOrder() {
        assertThat(table("wr").primaryKey().columns()).containsExactly("k", "n");
        assertThat(table("wr").primaryKey().name()).isNull();
        assertThat(table("parent").primaryKey().columns()).containsExactly("a", "b");
        assertThat(table("parent").primaryKey().name()).isEqualTo("parent_pk");
        // the primary key's own index is not an index to recreate
        assertThat(table("parent").indexes()).isEmpty();
        assertThat(table("wr").indexes()).isEmpty();
        assertThat(table("not_alias").indexes()).isEmpty();
    }

    @Test
    void tellsUniqueConstraintsFromUniqueIndexesAndReadsPartialAndExpressionIndexes() {
        List<SourceIndex> indexes = table("child").indexes();
        assertThat(indexes).extracting(SourceIndex::name, SourceIndex::unique, SourceIndex::constraint,
                        SourceIndex::columns, SourceIndex::where)
                .containsExactly(
                        tuple("child_email_key", true, true, List.of("email"), null),
                        tuple("sqlite_autoindex_child_2", true, true, List.of("code", "other"), null),
                        tuple("child_code_idx", true, false, List.of("code"), null),
                        tuple("child_partial", false, false, List.of("other"), "other IS NOT NULL AND code <> 'x)'"),
                        tuple("child_expr", false, false, List.of("lower(email)", "pa", "(other + 1)"), null));
        SourceIndex expr = indexes.get(4);
        assertThat(expr.expressions()).containsExactly(true, false, true);
        assertThat(indexes.get(3).expressions()).containsExactly(false);
    }

    @Test
    void groupsMultiColumnForeignKeysAndResolvesAnImplicitParentKey() {
        List<ForeignKey> fks = table("child").foreignKeys();
        assertThat(fks).extracting(ForeignKey::name, ForeignKey::columns, ForeignKey::refSchema, ForeignKey::refTable,
                        ForeignKey::refColumns, ForeignKey::onUpdate, ForeignKey::onDelete)
                .containsExactly(
                        tuple("child_parent_fk", List.of("pa", "pb"), "main", "parent", List.of("a", "b"), "SET NULL",
                                "CASCADE"),
                        tuple(null, List.of("pb", "pa"), "main", "parent", List.of("a", "b"), "NO ACTION",
                                "SET DEFAULT"),
                        tuple(null, List.of("other"), "main", "plain_alias", List.of("id"), "NO ACTION", "NO ACTION"));
    }

    @Test
    void readsColumnAndTableChecksWithTheirNamesAndNestedParentheses() {
        assertThat(table("checks").checks()).containsExactly(
                new CheckConstraint(null, "qty > 0"),
                new CheckConstraint("price_positive", "price >= (0)"),
                new CheckConstraint(null, "label <> ')' AND length(label) < 10"),
                new CheckConstraint(null, "(hi - lo) > (0)"),
                new CheckConstraint("lo_small", "lo < 100"));
        assertThat(column("checks", "label").nullable()).isFalse();
    }

    @Test
    void generatedColumnsCarryTheirExpression() {
        assertThat(table("gen").columns()).extracting(SourceColumn::name, SourceColumn::generated, SourceColumn::dataType)
                .containsExactly(
                        tuple("a", null, "integer"),
                        tuple("b", "a * (2 + 1)", "integer"),
                        tuple("c", "a || 'x)'", ""),
                        tuple("d", null, "text"));
    }

    @Test
    void defaultsAreTheRawTextSqliteKeeps() {
        assertThat(table("defaults").columns()).extracting(SourceColumn::defaultValue).containsExactly(
                "CURRENT_TIMESTAMP", "datetime('now')", "'\"0\"'", "-1", "1.5", "'it''s'", "NULL", null);
    }

    @Test
    void quotedReservedAndMixedCaseIdentifiersKeepTheirExactNames() {
        SourceTable odd = table("odd \"name\"");
        assertThat(odd.columns()).extracting(SourceColumn::name)
                .containsExactly("my col", "select", "MixedCase", "from");
        assertThat(odd.checks()).containsExactly(
                new CheckConstraint(null, "[select] > 0"),
                new CheckConstraint("my check", "\"my col\" <> ''"));
        assertThat(column("odd \"name\"", "from").nullable()).isFalse();
        assertThat(table("Order Details").columns()).extracting(SourceColumn::name, SourceColumn::dataType)
                .containsExactly(tuple("x", ""));
    }

    @Test
    void rowEstimateCountsRowsWhenThereAreNoStatistics() {
        assertThat(table("plain_alias").rowEstimate()).isEqualTo(3);
        assertThat(table("auto").rowEstimate()).isEqualTo(1);
        assertThat(table("wr").rowEstimate()).isZero();
    }

    @Test
    void rowEstimateComesFromSqliteStat1WhenPresent(@TempDir Path other) throws Exception {
        Path file = SqliteFiles.create(other.resolve("stats.db"),
                "CREATE TABLE t (a INTEGER, b TEXT)",
                "CREATE INDEX t_a ON t (a)",
                "CREATE TABLE u (a INTEGER)",
                "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
                "INSERT INTO u VALUES (1)",
                "ANALYZE",
                // statistics are estimates: prove they are used by making them disagree with the real count
                "UPDATE sqlite_stat1 SET stat = '12345 3' WHERE tbl = 't'");
        try (SqliteSource source = SqliteSource.open(file.toString())) {
            SourceCatalog c = source.catalog();
            assertThat(c.table("t").orElseThrow().rowEstimate()).isEqualTo(12345);
            assertThat(c.table("u").orElseThrow().rowEstimate()).isEqualTo(1);
            assertThat(c.tables()).extracting(SourceTable::name).containsExactly("t", "u");
        }
    }
}
