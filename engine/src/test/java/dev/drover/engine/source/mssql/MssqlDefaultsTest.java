package dev.drover.engine.source.mssql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MssqlDefaultsTest {
    private static String n(String definition, String type) {
        return MssqlDefaults.normalize(definition, type);
    }

    @Test
    void parenthesisedLiteralsLoseTheirParentheses() {
        assertThat(n("((0))", "int")).isEqualTo("0");
        assertThat(n("((-1.5))", "decimal")).isEqualTo("-1.5");
        assertThat(n("('abc')", "varchar")).isEqualTo("'abc'");
        assertThat(n("(N'Zoë''s')", "nvarchar")).isEqualTo("'Zoë''s'");
        assertThat(n("('(x)')", "varchar")).isEqualTo("'(x)'");
        assertThat(n("(0x0A0b)", "varbinary")).isEqualTo("x'0a0b'");
        assertThat(n("(NULL)", "int")).isNull();
        assertThat(n(null, "int")).isNull();
    }

    @Test
    void emptyStringOnANumberIsNoDefault() {
        assertThat(n("('')", "int")).isNull();
        assertThat(n("('')", "varchar")).isEqualTo("''");
    }

    @Test
    void functionsBecomeTheirPostgresEquivalents() {
        assertThat(n("(getdate())", "datetime")).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(n("(sysdatetime())", "datetime2")).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(n("(CURRENT_TIMESTAMP)", "datetime")).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(n("(getutcdate())", "datetime")).isEqualTo("timezone('utc', now())");
        assertThat(n("(newid())", "uniqueidentifier")).isEqualTo("gen_random_uuid()");
        assertThat(n("(newsequentialid())", "uniqueidentifier")).isEqualTo("gen_random_uuid()");
    }

    @Test
    void sequencesKeepTheSourceNamesForTheMigrationToFind() {
        assertThat(n("(NEXT VALUE FOR [dbo].[OrderSeq])", "bigint")).isEqualTo("nextval('\"dbo\".\"OrderSeq\"')");
        assertThat(n("(NEXT VALUE FOR [Sales].[order seq])", "int")).isEqualTo("nextval('\"Sales\".\"order seq\"')");
        assertThat(n("(next value for seq)", "int")).isEqualTo("nextval('\"dbo\".\"seq\"')");
    }

    @Test
    void convertKeepsAPlainLiteralAndDropsTheRest() {
        assertThat(n("(CONVERT([bit],(0)))", "bit")).isEqualTo("0");
        assertThat(n("(CONVERT([varchar](10),'x'))", "varchar")).isEqualTo("'x'");
        assertThat(n("(CAST((1) AS [tinyint]))", "tinyint")).isEqualTo("1");
        // a style is a date format PostgreSQL would not read the same way
        assertThat(n("(CONVERT([datetime],'01/02/2020',(103)))", "datetime")).isNull();
        assertThat(n("(CONVERT([date],getdate()))", "date")).isNull();
    }

    @Test
    void otherExpressionsAreKeptWithPostgresQuoting() {
        assertThat(n("(upper([Code]))", "varchar")).isEqualTo("upper(\"code\")");
    }

    @Test
    void tsqlTextQuotesBracketedNamesAndDropsUnicodePrefixes() {
        assertThat(TsqlText.toPostgres("([Price]>(0) AND [na]]me]<>N'it''s [x]')")).isEqualTo("(\"price\">(0) AND \"na]me\"<>'it''s [x]')");
        assertThat(TsqlText.toPostgres("[NAME] LIKE N'a%'")).isEqualTo("\"name\" LIKE 'a%'");
        assertThat(TsqlText.unwrap("((a) + (b))")).isEqualTo("(a) + (b)");
        assertThat(TsqlText.unwrap("(a) + (b)")).isEqualTo("(a) + (b)");
    }
}
