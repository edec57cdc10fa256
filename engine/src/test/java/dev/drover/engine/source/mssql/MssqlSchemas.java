package dev.drover.engine.source.mssql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Test schemas on the server named by {@code DROVER_TEST_MSSQL_URL} (a {@code sqlserver://} locator): a fresh
 * schema per test, holding every type and the keys, so tests never depend on each other.
 */
public final class MssqlSchemas {
    private MssqlSchemas() {}

    public static final String ENV = "DROVER_TEST_MSSQL_URL";

    public static String url() {
        return System.getenv(ENV);
    }

    /** The test server's locator restricted to {@code schema}. */
    public static String url(String schema) {
        String u = url();
        return u + (u.contains("?") ? "&" : "?") + "schema=" + schema;
    }

    public static Connection connect() throws SQLException {
        MssqlLocator l = MssqlLocator.parse(url(), System.getenv());
        return DriverManager.getConnection(l.jdbcUrl(), l.properties());
    }

    /** Drops {@code schema} with its tables (foreign keys first), views and sequences, and creates it empty. */
    public static void recreate(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DECLARE @sql nvarchar(max) = N'';"
                    + " SELECT @sql += N'ALTER TABLE ' + QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name)"
                    + " + N' DROP CONSTRAINT ' + QUOTENAME(f.name) + N';' FROM sys.foreign_keys f JOIN sys.tables t ON t.object_id = f.parent_object_id"
                    + " WHERE SCHEMA_NAME(t.schema_id) = N'" + schema + "';"
                    + " SELECT @sql += N'DROP TABLE ' + QUOTENAME(SCHEMA_NAME(schema_id)) + N'.' + QUOTENAME(name) + N';' FROM sys.tables"
                    + " WHERE SCHEMA_NAME(schema_id) = N'" + schema + "';"
                    + " SELECT @sql += N'DROP VIEW ' + QUOTENAME(SCHEMA_NAME(schema_id)) + N'.' + QUOTENAME(name) + N';' FROM sys.views"
                    + " WHERE SCHEMA_NAME(schema_id) = N'" + schema + "';"
                    + " SELECT @sql += N'DROP SEQUENCE ' + QUOTENAME(SCHEMA_NAME(schema_id)) + N'.' + QUOTENAME(name) + N';' FROM sys.sequences"
                    + " WHERE SCHEMA_NAME(schema_id) = N'" + schema + "';"
                    + " EXEC sp_executesql @sql;");
            s.execute("IF SCHEMA_ID(N'" + schema + "') IS NOT NULL EXEC(N'DROP SCHEMA [" + schema + "]')");
            s.execute("EXEC(N'CREATE SCHEMA [" + schema + "]')");
        }
    }

    /** Every type Drover maps, plus two tables joined by a two-column foreign key with actions, a CHECK and indexes. */
    public static void allTypes(Connection c, String schema) throws SQLException {
        recreate(c, schema);
        String s = "[" + schema + "]";
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + s + ".AllTypes (Id int IDENTITY(1,1) PRIMARY KEY, Tiny tinyint, Small smallint, Big bigint,"
                    + " Flag bit NOT NULL DEFAULT ((0)), Dec decimal(20,6), Num numeric(38,0), Cash money, LittleCash smallmoney,"
                    + " Dbl float, Rl real, Vc varchar(40) DEFAULT ('it''s'), Nvc nvarchar(100), NvcMax nvarchar(max), Ch char(3),"
                    + " Nch nchar(4), Txt text, Ntxt ntext, Bin binary(4), Vbin varbinary(max), Img image, Rv rowversion,"
                    + " Guid uniqueidentifier DEFAULT (newid()), D date, T time(7), Dt datetime DEFAULT (getdate()),"
                    + " Dt2 datetime2(7), Sdt smalldatetime, Dto datetimeoffset(7), X xml, H hierarchyid, G geography,"
                    + " V sql_variant, Name sysname NULL, Total AS (Small + 1))");
            st.execute("EXEC sys.sp_addextendedproperty N'MS_Description', N'every type', N'SCHEMA', N'" + schema
                    + "', N'TABLE', N'AllTypes'");
            st.execute("CREATE TABLE " + s + ".Region (Country char(2) NOT NULL, Code varchar(5) NOT NULL,"
                    + " Name nvarchar(50), CONSTRAINT PK_Region PRIMARY KEY (Country, Code))");
            st.execute("CREATE TABLE " + s + ".Shop (Id int NOT NULL CONSTRAINT PK_Shop PRIMARY KEY, Country char(2), Code varchar(5),"
                    + " Title nvarchar(100) NOT NULL, Price decimal(10,2), Deleted bit NOT NULL DEFAULT 0,"
                    + " CONSTRAINT FK_Shop_Region FOREIGN KEY (Country, Code) REFERENCES " + s + ".Region (Country, Code)"
                    + " ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT CK_Price CHECK (Price > 0))");
            st.execute("CREATE UNIQUE INDEX IX_Title ON " + s + ".Shop (Title) INCLUDE (Price) WHERE Deleted = 0");
            st.execute("CREATE VIEW " + s + ".ShopView AS SELECT Id, Title FROM " + s + ".Shop");
        }
    }

    /** One row of every type with edge values; returns nothing, the tests know the values. */
    public static void allTypesRow(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO [" + schema + "].AllTypes (Tiny, Small, Big, Flag, Dec, Num, Cash, LittleCash, Dbl, Rl, Vc, Nvc,"
                    + " NvcMax, Ch, Nch, Txt, Ntxt, Bin, Vbin, Img, Guid, D, T, Dt, Dt2, Sdt, Dto, X, H, G, V, Name) VALUES"
                    + " (255, -32768, 9223372036854775807, 1, 12345678901234.123456, 12345678901234567890123456789012345678,"
                    + " -922337203685477.5808, 214748.3647, 0.1, 0.1, 'abc', N'Zoë 😀', REPLICATE(CAST(N'x' AS nvarchar(max)), 5000),"
                    + " 'ab', N'é', 'text', N'ntext', 0x00010203, 0x0A0B, 0xFF, '6F9619FF-8B86-D011-B42D-00C04FC964FF',"
                    + " '0001-01-01', '23:59:59.9999999', '2024-02-29 23:59:59.997', '2024-02-29 23:59:59.1234567',"
                    + " '2024-02-29 23:59:00', '2024-06-01 12:00:00.1234567 +02:00', N'<a>1</a>', hierarchyid::Parse('/1/2/'),"
                    + " geography::Point(47.65, -122.35, 4326), CAST(42 AS int), N'sys')");
            st.execute("INSERT INTO [" + schema + "].AllTypes (Flag) VALUES (0)");
        }
    }
}
