package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.source.mssql.MssqlSchemas;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental plan with a SQL Server source, against the server in DROVER_TEST_MSSQL_URL: a datetime2 cursor read as
 * text (style 121) must come back to the server as a position it compares exactly.
 */
@EnabledIfEnvironmentVariable(named = MssqlSchemas.ENV, matches = ".+")
@ExtendWith(PostgresExtension.class)
class DroverIncrementalMssqlTest {
    private static final String SCHEMA = "drover_inc";

    @TempDir Path dir;

    @Test
    void secondRunLoadsOnlyNewAndChangedRows(TestDatabase pg) throws Exception {
        try (Connection c = MssqlSchemas.connect(); var s = c.createStatement()) {
            MssqlSchemas.recreate(c, SCHEMA);
            s.execute("CREATE TABLE [" + SCHEMA + "].Orders (Id int PRIMARY KEY, Item nvarchar(20) NOT NULL, UpdatedAt datetime2(3) NOT NULL)");
            s.execute("INSERT INTO [" + SCHEMA + "].Orders VALUES (1, N'pen', '2024-01-01 10:00:00.001'), (2, N'ink', '2024-01-01 10:00:00.001'),"
                    + " (3, N'pad', '2024-01-02 10:00:00.000')");
        }
        Path plan = IncrementalPlans.write(dir, pg, MssqlSchemas.url(SCHEMA), "msi", "[updatedat, id]");
        IncrementalPlans.run(pg, plan, "msi.orders", 3, 0);

        try (Connection c = MssqlSchemas.connect(); var s = c.createStatement()) {
            s.execute("INSERT INTO [" + SCHEMA + "].Orders VALUES (4, N'cap', '2024-01-03 10:00:00.000')");
            s.execute("UPDATE [" + SCHEMA + "].Orders SET Item = N'quill', UpdatedAt = '2024-01-04 10:00:00.000' WHERE Id = 1");
        }
        IncrementalPlans.run(pg, plan, "msi.orders", 1, 1);
        IncrementalPlans.run(pg, plan, "msi.orders", 0, 0);
        assertThat(pg.rows("SELECT id::text, item FROM msi.orders ORDER BY id")).containsExactly(
                List.of("1", "quill"), List.of("2", "ink"), List.of("3", "pad"), List.of("4", "cap"));
    }
}
