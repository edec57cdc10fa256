package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.source.mssql.MssqlSchemas;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load sqlserver://... postgresql://...} as a user types it, against the server in DROVER_TEST_MSSQL_URL. */
@EnabledIfEnvironmentVariable(named = MssqlSchemas.ENV, matches = ".+")
@ExtendWith(PostgresExtension.class)
class DroverMigrateMssqlTest {
    private static final String SCHEMA = "drover_cli";

    @TempDir Path dir;

    @Test
    void migratesTypesValuesKeysAndIdentity(TestDatabase pg) throws Exception {
        try (Connection c = MssqlSchemas.connect()) {
            MssqlSchemas.allTypes(c, SCHEMA);
            MssqlSchemas.allTypesRow(c, SCHEMA);
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO [" + SCHEMA + "].Region VALUES ('FR', '75', N'Paris'), ('DE', 'BE', N'Berlin')");
                s.execute("INSERT INTO [" + SCHEMA + "].Shop (Id, Country, Code, Title, Price) VALUES (1, 'FR', '75', N'Boulangerie', 3.50),"
                        + " (2, 'DE', 'BE', N'Späti', 12)");
                // a key drawn from a sequence: the target needs the sequence, set past the numbers already given out
                s.execute("CREATE SEQUENCE [" + SCHEMA + "].TicketNo AS int START WITH 100 INCREMENT BY 5");
                s.execute("CREATE TABLE [" + SCHEMA + "].Ticket (No int NOT NULL CONSTRAINT DF_Ticket_No DEFAULT (NEXT VALUE FOR ["
                        + SCHEMA + "].TicketNo) PRIMARY KEY, Title nvarchar(20))");
                s.execute("INSERT INTO [" + SCHEMA + "].Ticket (Title) VALUES (N'first'), (N'second')");
            }
        }
        Cli.Result r = Cli.drover(pg, "load", MssqlSchemas.url(SCHEMA), pg.url(), "--schema", "mig", "--root-dir",
                dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();

        assertThat(pg.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'mig'"
                + " AND table_name = 'alltypes' AND column_name IN ('tiny', 'flag', 'dec', 'cash', 'nvc', 'nvcmax', 'guid', 'dt2', 'dto', 'x')"
                + " ORDER BY ordinal_position")).containsExactly(List.of("tiny", "smallint"), List.of("flag", "boolean"),
                List.of("dec", "numeric"), List.of("cash", "numeric"), List.of("nvc", "character varying"), List.of("nvcmax", "text"),
                List.of("guid", "uuid"), List.of("dt2", "timestamp without time zone"), List.of("dto", "timestamp with time zone"),
                List.of("x", "xml"));
        assertThat(pg.rows("SELECT flag::text, dec::text, cash::text, nvc, guid::text, dt2::text, dto AT TIME ZONE 'UTC', t::text"
                + " FROM mig.alltypes WHERE id = 1")).containsExactly(Arrays.asList("true", "12345678901234.123456",
                "-922337203685477.5808", "Zoë 😀", "6f9619ff-8b86-d011-b42d-00c04fc964ff", "2024-02-29 23:59:59.123457",
                "2024-06-01 10:00:00.123457", "24:00:00"));
        pg.execute("INSERT INTO mig.alltypes (flag) VALUES (false)");
        assertThat(pg.queryLong("SELECT max(id) FROM mig.alltypes")).isEqualTo(3);
        assertThat(pg.rows("SELECT contype::text FROM pg_constraint WHERE conrelid = 'mig.shop'::regclass AND convalidated ORDER BY 1"))
                .containsExactly(List.of("c"), List.of("f"), List.of("p"));
        assertThat(pg.rows("SELECT id::text, title, price::text FROM mig.shop ORDER BY id"))
                .containsExactly(List.of("1", "Boulangerie", "3.50"), List.of("2", "Späti", "12.00"));
        assertThat(pg.rows("SELECT no::text, title FROM mig.ticket ORDER BY no")).containsExactly(List.of("100", "first"), List.of("105", "second"));
        assertThat(pg.rows("SELECT column_default FROM information_schema.columns WHERE table_schema = 'mig' AND table_name = 'ticket'"
                + " AND column_name = 'no'")).containsExactly(List.of("nextval('mig.ticketno'::regclass)"));
        pg.execute("INSERT INTO mig.ticket (title) VALUES ('third')");
        assertThat(pg.queryLong("SELECT no FROM mig.ticket WHERE title = 'third'")).isEqualTo(110);
    }

    @Test
    void materializesAViewAndAQuery(TestDatabase pg) throws Exception {
        try (Connection c = MssqlSchemas.connect()) {
            MssqlSchemas.allTypes(c, SCHEMA);
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO [" + SCHEMA + "].Region VALUES ('FR', '75', N'Paris'), ('DE', 'BE', N'Berlin')");
                s.execute("INSERT INTO [" + SCHEMA + "].Shop (Id, Country, Code, Title, Price) VALUES (1, 'FR', '75', N'Boulangerie', 3.50),"
                        + " (2, 'DE', 'BE', N'Späti', 12)");
            }
        }
        Cli.Result r = Cli.drover(pg, "load", MssqlSchemas.url(SCHEMA), pg.url(), "--schema", "mat", "--materialize", "ShopView",
                "--materialize", "Cheap=SELECT Id, Price * 2 AS Doubled, Title FROM [" + SCHEMA + "].Shop WHERE Price < 10",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'mat'"
                + " AND table_name IN ('shopview', 'cheap') ORDER BY table_name, ordinal_position")).containsExactly(
                List.of("cheap", "id", "integer"), List.of("cheap", "doubled", "numeric"), List.of("cheap", "title", "character varying"),
                List.of("shopview", "id", "integer"), List.of("shopview", "title", "character varying"));
        assertThat(pg.rows("SELECT id::text, title FROM mat.shopview ORDER BY id"))
                .containsExactly(List.of("1", "Boulangerie"), List.of("2", "Späti"));
        assertThat(pg.rows("SELECT id::text, doubled::text, title FROM mat.cheap")).containsExactly(List.of("1", "7.00", "Boulangerie"));

        Cli.Result missing = Cli.drover(pg, "load", MssqlSchemas.url(SCHEMA), pg.url(), "--schema", "miss", "--materialize", "NoView",
                "--no-progress");
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.err()).contains("no view NoView").contains("its views are ShopView");
    }
}
