package dev.drover.engine.source.mssql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.source.mssql.CatalogRows.CheckRow;
import dev.drover.engine.source.mssql.CatalogRows.ColumnRow;
import dev.drover.engine.source.mssql.CatalogRows.ForeignKeyRow;
import dev.drover.engine.source.mssql.CatalogRows.IndexRow;
import dev.drover.engine.source.mssql.CatalogRows.TableRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows shaped as sys.columns, sys.types, sys.indexes... return them for a small schema. */
class CatalogRowsTest {
    /** sys.columns values: type name, base type of an alias, max_length (bytes, -1 = max), precision, scale. */
    private static ColumnRow c(String table, String name, String type, String base, int maxLength, int precision, int scale) {
        return new ColumnRow("dbo", table, name, type, base, maxLength, precision, scale, true, false, null, null, null);
    }

    private static SourceColumn map(ColumnRow r) {
        return CatalogRows.column(r, 1);
    }

    @Test
    void typesCarryLengthsPrecisionAndFractionDigits() {
        assertThat(map(c("t", "a", "nvarchar", null, 400, 0, 0))).extracting(SourceColumn::dataType, SourceColumn::fullType,
                SourceColumn::precision).containsExactly("nvarchar", "nvarchar(200)", 200);
        assertThat(map(c("t", "a", "nvarchar", null, -1, 0, 0))).extracting(SourceColumn::fullType, SourceColumn::precision)
                .containsExactly("nvarchar(max)", null);
        assertThat(map(c("t", "a", "varchar", null, 40, 0, 0)).fullType()).isEqualTo("varchar(40)");
        assertThat(map(c("t", "a", "varbinary", null, -1, 0, 0)).fullType()).isEqualTo("varbinary(max)");
        assertThat(map(c("t", "a", "nchar", null, 20, 0, 0)).precision()).isEqualTo(10);
        assertThat(map(c("t", "a", "decimal", null, 9, 20, 6))).extracting(SourceColumn::fullType, SourceColumn::precision,
                SourceColumn::scale).containsExactly("decimal(20,6)", 20, 6);
        assertThat(map(c("t", "a", "datetime2", null, 8, 27, 7))).extracting(SourceColumn::fullType, SourceColumn::precision)
                .containsExactly("datetime2(7)", 7);
        assertThat(map(c("t", "a", "datetimeoffset", null, 10, 34, 7)).fullType()).isEqualTo("datetimeoffset(7)");
        assertThat(map(c("t", "a", "time", null, 5, 16, 7)).precision()).isEqualTo(7);
        assertThat(map(c("t", "a", "datetime", null, 8, 23, 3))).extracting(SourceColumn::fullType, SourceColumn::precision)
                .containsExactly("datetime", null);
        assertThat(map(c("t", "a", "float", null, 8, 53, 0)).fullType()).isEqualTo("float(53)");
        assertThat(map(c("t", "a", "money", null, 8, 19, 4))).extracting(SourceColumn::fullType, SourceColumn::precision)
                .containsExactly("money", null);
        assertThat(map(c("t", "a", "int", null, 4, 10, 0)).hasTypemod()).isFalse();
        assertThat(map(c("t", "a", "hierarchyid", null, 892, 0, 0)).dataType()).isEqualTo("hierarchyid");
    }

    @Test
    void aliasTypesAreReadAsTheirSystemType() {
        assertThat(map(c("t", "a", "sysname", "nvarchar", 256, 0, 0))).extracting(SourceColumn::dataType, SourceColumn::fullType)
                .containsExactly("nvarchar", "nvarchar(128)");
        assertThat(map(c("t", "a", "Phone", "varchar", 20, 0, 0)).fullType()).isEqualTo("varchar(20)");
    }

    @Test
    void identityComputedNullabilityDefaultsAndComments() {
        SourceColumn id = map(new ColumnRow("dbo", "t", "Id", "int", null, 4, 10, 0, false, true, null, null, "the key"));
        assertThat(id).extracting(SourceColumn::autoIncrement, SourceColumn::nullable, SourceColumn::comment)
                .containsExactly(true, false, "the key");
        SourceColumn computed = map(new ColumnRow("dbo", "t", "Total", "int", null, 4, 10, 0, true, false, "([a]*[b])", "((0))", null));
        assertThat(computed.generated()).isEqualTo("([a]*[b])");
        assertThat(computed.defaultValue()).isNull();
        assertThat(map(new ColumnRow("dbo", "t", "n", "nvarchar", null, 20, 0, 0, true, false, null, "(N'x')", null)).defaultValue())
                .isEqualTo("'x'");
        assertThat(map(new ColumnRow("dbo", "t", "f", "bit", null, 1, 1, 0, true, false, null, "((1))", null)).defaultValue())
                .isEqualTo("1");
        assertThat(map(new ColumnRow("dbo", "t", "at", "datetime2", null, 8, 27, 7, true, false, null, "(sysdatetime())", null))
                .defaultValue()).isEqualTo("CURRENT_TIMESTAMP");
    }

    @Test
    void assemblesTablesKeysIndexesForeignKeysAndChecks() {
        List<TableRow> tables = List.of(new TableRow("dbo", "Region", 2L, null), new TableRow("dbo", "Shop", 1000L, "shops"),
                new TableRow("sales", "Empty", null, null));
        List<ColumnRow> columns = List.of(
                c("Region", "Country", "char", null, 2, 0, 0), c("Region", "Code", "varchar", null, 5, 0, 0),
                c("Shop", "Id", "int", null, 4, 10, 0), c("Shop", "Country", "char", null, 2, 0, 0),
                c("Shop", "Code", "varchar", null, 5, 0, 0), c("Shop", "Title", "nvarchar", null, 200, 0, 0),
                c("Shop", "Deleted", "bit", null, 1, 1, 0), c("Shop", "Notes", "xml", null, -1, 0, 0),
                c("View1", "x", "int", null, 4, 10, 0));
        List<IndexRow> indexes = List.of(
                new IndexRow("dbo", "Region", "PK_Region", "CLUSTERED", true, true, false, null, "Country", false, false),
                new IndexRow("dbo", "Region", "PK_Region", "CLUSTERED", true, true, false, null, "Code", false, false),
                new IndexRow("dbo", "Shop", "IX_Title", "NONCLUSTERED", false, true, false, "([Deleted]=(0))", "Title", false, false),
                new IndexRow("dbo", "Shop", "IX_Title", "NONCLUSTERED", false, true, false, "([Deleted]=(0))", "Id", true, false),
                new IndexRow("dbo", "Shop", "PK_Shop", "CLUSTERED", true, true, false, null, "Id", false, false),
                new IndexRow("dbo", "Shop", "UQ_Place", "NONCLUSTERED", false, true, true, null, "Country", false, false),
                new IndexRow("dbo", "Shop", "UQ_Place", "NONCLUSTERED", false, true, true, null, "Code", false, true),
                new IndexRow("dbo", "Shop", "XML_Notes", "XML", false, false, false, null, "Notes", false, false));
        List<ForeignKeyRow> fks = List.of(
                new ForeignKeyRow("dbo", "Shop", "FK_Shop_Region", "Country", "dbo", "Region", "Country", "CASCADE", "SET_NULL"),
                new ForeignKeyRow("dbo", "Shop", "FK_Shop_Region", "Code", "dbo", "Region", "Code", "CASCADE", "SET_NULL"));
        List<CheckRow> checks = List.of(new CheckRow("dbo", "Shop", "CK_Title", "(len([Title])>(0))", false),
                new CheckRow("dbo", "Shop", "CK_Off", "([Id]>(0))", true));

        CatalogRows.Catalog result = CatalogRows.catalog("shopdb", tables, columns, indexes, fks, checks, List.of("View1"));
        SourceCatalog cat = result.catalog();
        assertThat(cat.kind()).isEqualTo("mssql");
        assertThat(cat.views()).containsExactly("View1");
        assertThat(cat.tables()).extracting(SourceTable::display).containsExactly("dbo.Region", "dbo.Shop", "sales.Empty");
        SourceTable region = cat.table("Region").orElseThrow();
        assertThat(region.primaryKey().columns()).containsExactly("Country", "Code");
        assertThat(region.rowEstimate()).isEqualTo(2);
        SourceTable shop = cat.table("Shop").orElseThrow();
        assertThat(shop.columns()).extracting(SourceColumn::name, SourceColumn::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Id", 1), org.assertj.core.groups.Tuple.tuple("Country", 2),
                        org.assertj.core.groups.Tuple.tuple("Code", 3), org.assertj.core.groups.Tuple.tuple("Title", 4),
                        org.assertj.core.groups.Tuple.tuple("Deleted", 5), org.assertj.core.groups.Tuple.tuple("Notes", 6));
        assertThat(shop.comment()).isEqualTo("shops");
        assertThat(shop.primaryKey()).isEqualTo(new SourceTable.PrimaryKey("PK_Shop", List.of("Id")));
        assertThat(shop.indexes()).hasSize(2);
        SourceTable.SourceIndex title = shop.indexes().get(0);
        assertThat(title.name()).isEqualTo("IX_Title");
        assertThat(title.unique()).isTrue();
        assertThat(title.columns()).containsExactly("Title"); // the included Id is not part of the key
        assertThat(title.include()).containsExactly("Id");
        assertThat(title.where()).isEqualTo("\"deleted\"=(0)");
        assertThat(title.constraint()).isFalse();
        SourceTable.SourceIndex place = shop.indexes().get(1);
        assertThat(place.columns()).containsExactly("Country", "Code");
        assertThat(place.constraint()).isTrue();
        assertThat(place.orders()).containsExactly("", "DESC");
        assertThat(shop.foreignKeys()).containsExactly(new SourceTable.ForeignKey("FK_Shop_Region", List.of("Country", "Code"),
                "dbo", "Region", List.of("Country", "Code"), "CASCADE", "SET NULL"));
        assertThat(shop.checks()).containsExactly(new SourceTable.CheckConstraint("CK_Title", "len(\"title\")>(0)"));
        assertThat(cat.table("Empty").orElseThrow().rowEstimate()).isEqualTo(-1);
        assertThat(result.notes()).noneSatisfy(n -> assertThat(n).contains("IX_Title"))
                .noneSatisfy(n -> assertThat(n).contains("UQ_Place"))
                .anySatisfy(n -> assertThat(n).contains("xml index XML_Notes"))
                .anySatisfy(n -> assertThat(n).contains("CK_Off is disabled"));
    }

    @Test
    void sequencesKeepTheirNumbersAndWhatTheyGaveOut() {
        java.math.BigInteger b100 = java.math.BigInteger.valueOf(100), b5 = java.math.BigInteger.valueOf(5);
        var used = CatalogRows.sequence(new CatalogRows.SequenceRow("dbo", "TicketNo", "INT", b100, b5, java.math.BigInteger.ONE,
                java.math.BigInteger.valueOf(Integer.MAX_VALUE), false, java.math.BigInteger.valueOf(105), java.math.BigInteger.valueOf(105), true));
        assertThat(used).isEqualTo(new dev.drover.engine.catalog.SourceSequence("dbo", "TicketNo", "int", b100, b5, java.math.BigInteger.ONE,
                java.math.BigInteger.valueOf(Integer.MAX_VALUE), false, java.math.BigInteger.valueOf(105)));
        assertThat(used.nextvalDefault()).isEqualTo("nextval('\"dbo\".\"TicketNo\"')");
        // never used (SQL Server 2017+ says so): nothing given out; current_value is START then
        var fresh = new CatalogRows.SequenceRow("dbo", "S", "bigint", b100, b5, b100, b100.pow(2), true, b100, null, true);
        assertThat(CatalogRows.sequence(fresh).lastValue()).isNull();
        assertThat(CatalogRows.sequence(fresh).cycle()).isTrue();
        // SQL Server 2016 has no last_used_value: current_value is taken as given out
        var old = new CatalogRows.SequenceRow("dbo", "S", "bigint", b100, b5, b100, b100.pow(2), false, b100, null, false);
        assertThat(CatalogRows.sequence(old).lastValue()).isEqualTo(b100);
        // they reach the catalog, whichever schema they are in
        var catalog = CatalogRows.catalog("db", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(fresh));
        assertThat(catalog.catalog().sequences()).extracting(dev.drover.engine.catalog.SourceSequence::display).containsExactly("dbo.S");
    }

    @Test
    void actionsAreWrittenAsSql() {
        assertThat(CatalogRows.action("NO_ACTION")).isEqualTo("NO ACTION");
        assertThat(CatalogRows.action("SET_DEFAULT")).isEqualTo("SET DEFAULT");
        assertThat(CatalogRows.action("CASCADE")).isEqualTo("CASCADE");
    }

    @Test
    void selectsColumnsByTheirExactTextAndOrdersByKey() throws Exception {
        SourceTable t = new SourceTable("dbo", "Odd]Name", List.of(map(c("x", "Id", "int", null, 4, 10, 0)),
                CatalogRows.column(c("x", "At", "datetime2", null, 8, 27, 7), 2), CatalogRows.column(c("x", "G", "geography", null, -1, 0, 0), 3)),
                new SourceTable.PrimaryKey("pk", List.of("Id")), null, null, null, -1, null);
        assertThat(MssqlRowCursor.select(t, List.of("At", "G"))).isEqualTo("SELECT CONVERT(nvarchar(4000), [Id]),"
                + " CONVERT(varchar(40), [At], 121), CAST([G] AS varbinary(max)) FROM [dbo].[Odd]]Name] ORDER BY [Id]");
        assertThat(MssqlRowCursor.read(t.columns().get(0))).isEqualTo(MssqlRowCursor.Read.LONG);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MssqlRowCursor.select(t, List.of("nope")))
                .hasMessageContaining("no column nope");
        // a sample's slices: SQL Server says LIMIT as OFFSET ... FETCH
        assertThat(MssqlRowCursor.select(t, List.of("At"), dev.drover.engine.source.db.KeyRange.last(List.of("Id"), 5)))
                .endsWith(" FROM [dbo].[Odd]]Name] ORDER BY [Id] DESC OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY");
        assertThat(MssqlRowCursor.select(t, List.of("At"), dev.drover.engine.source.db.KeyRange.from("Id", -40, 3)))
                .endsWith(" FROM [dbo].[Odd]]Name] WHERE [Id] >= -40 ORDER BY [Id] OFFSET 0 ROWS FETCH NEXT 3 ROWS ONLY");
        // a big table's slices keep the key order
        assertThat(MssqlRowCursor.select(t, List.of("At"), dev.drover.engine.source.db.KeyRange.slice("Id", 100L, 200L)))
                .endsWith(" FROM [dbo].[Odd]]Name] WHERE [Id] >= 100 AND [Id] < 200 ORDER BY [Id]");
        assertThat(MssqlSource.sliceKey(t)).contains("Id");
        // an incremental page: the expanded tuple comparison, the position bound, SQL Server's FETCH
        var page = MssqlRowCursor.selectPage(t, List.of("At"), new dev.drover.engine.source.db.CursorPage(List.of("At", "Id"),
                List.of("2024-01-08 09:00:00.000", 7L), 100));
        assertThat(page.sql()).isEqualTo("SELECT CONVERT(nvarchar(4000), [Id]), CONVERT(varchar(40), [At], 121) FROM [dbo].[Odd]]Name]"
                + " WHERE ([At] > ?) OR ([At] = ? AND [Id] > ?) ORDER BY [At], [Id] OFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY");
        assertThat(page.params()).containsExactly("2024-01-08 09:00:00.000", "2024-01-08 09:00:00.000", 7L);
        assertThat(MssqlRowCursor.selectPage(t, List.of("At"), new dev.drover.engine.source.db.CursorPage(List.of("Id"), null, 5)).sql())
                .endsWith(" FROM [dbo].[Odd]]Name] ORDER BY [Id] OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY");
    }

    @Test
    void aMaterializedQueryIsSelectedFromAsADerivedTableWithoutOrder() throws Exception {
        SourceTable t = SourceTable.materialized(null, "Cheap", List.of(CatalogRows.column(c("x", "Id", "int", null, 4, 10, 0), 1),
                CatalogRows.column(c("x", "At", "datetime2", null, 8, 27, 7), 2)), "SELECT Id, At FROM dbo.Shop WHERE Price < 10");
        assertThat(MssqlRowCursor.select(t, List.of("Id", "At"))).isEqualTo("SELECT [Id], CONVERT(varchar(40), [At], 121)"
                + " FROM (SELECT Id, At FROM dbo.Shop WHERE Price < 10) AS q");
        // a bounded read goes after the derived table, as after a table's name
        assertThat(MssqlRowCursor.select(t, List.of("At"), dev.drover.engine.source.db.KeyRange.first(List.of("Id"), 3)))
                .endsWith(" FROM (SELECT Id, At FROM dbo.Shop WHERE Price < 10) AS q ORDER BY [Id] OFFSET 0 ROWS FETCH NEXT 3 ROWS ONLY");
        assertThat(MssqlSource.sliceKey(t)).isEmpty();
    }
}
