package dev.drover.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drover.engine.cast.ZeroDates;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import dev.drover.engine.target.IdentifierPolicy;
import java.util.List;
import java.util.Map;
import dev.drover.engine.preflight.Preflight.Problem;
import dev.drover.engine.preflight.Preflight.Report;
import dev.drover.engine.preflight.Preflight.Severity;
import dev.drover.engine.run.Cancellation;
import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MySQL zero dates under each policy, seen before the load as the load will treat them (a real MariaDB). */
@ExtendWith(MysqlExtension.class)
class PreflightMysqlTest {
    /** The source's password stays in the test's URL, which a plan refuses: the options are built as a plan's would be. */
    private Report scan(MysqlDatabase my, String zeroDates) throws Exception {
        DatabaseMigration.Options options = new DatabaseMigration.Options(null, false, List.of(), IdentifierPolicy.DOWNCASE,
                List.of("pf_zd"), List.of(), DatabaseSpec.Mode.ALL, Map.of(), ZeroDates.parse(zeroDates), 0, List.of(),
                DatabaseSpec.Build.DEFAULT);
        try (DatabaseSource source = DatabaseSources.open(my.url())) {
            SourceCatalog catalog = DatabaseMigration.catalog(source, options);
            return Preflight.scan(source, catalog, DatabaseMigration.casts(catalog, source, options), Preflight.Options.DEFAULT,
                    new Cancellation());
        }
    }

    @Test
    void zeroDatesAreWarningsWhereTheyBecomeNullOrADateAndErrorsWhereTheRowIsRejected(MysqlDatabase my) throws Exception {
        my.execute("SET SESSION sql_mode = ''",
                "CREATE TABLE pf_zd (id INT PRIMARY KEY, ordered DATE NOT NULL DEFAULT '0000-00-00', shipped_at DATETIME NULL,"
                        + " touched TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, note VARCHAR(10))",
                "INSERT INTO pf_zd VALUES"
                        + " (1, '2024-01-05', '2024-01-06 10:00:00', '2024-01-08 00:00:00', 'fine'),"
                        + " (2, '0000-00-00', '0000-00-00 00:00:00', '2024-01-08 00:00:00', NULL),"
                        + " (3, '2024-00-10', '2024-02-00 12:00:00', '2024-01-08 00:00:00', 'ok'),"
                        + " (4, '2024-03-01', NULL, '0000-00-00 00:00:00', 'ok'),"
                        + " (5, '2024-03-02', '0000-00-00 00:00:00', '2024-01-08 00:00:00', 'ok')");

        Report asNull = scan(my, "null");
        assertThat(asNull.problems()).extracting(Problem::column, Problem::severity, Problem::kind, Problem::count).containsExactly(
                tuple("touched", Severity.ERROR, "zero date → NULL in NOT NULL column", 1L),
                tuple("ordered", Severity.WARNING, "zero date → NULL", 2L),
                tuple("shipped_at", Severity.WARNING, "zero date → NULL", 3L));
        assertThat(asNull.problems().get(0).examples()).singleElement().satisfies(e -> {
            assertThat(e.position()).contains("id=4");
            assertThat(e.value()).startsWith("0000-00-00");
        });
        assertThat(asNull.problems().get(1).examples()).extracting(Preflight.Example::value)
                .containsExactly("0000-00-00", "2024-00-10");

        Report replaced = scan(my, "1970-01-01");
        assertThat(replaced.problems()).extracting(Problem::column, Problem::severity, Problem::kind, Problem::count).containsExactly(
                tuple("ordered", Severity.WARNING, "zero date → 1970-01-01", 2L),
                tuple("shipped_at", Severity.WARNING, "zero date → 1970-01-01", 3L),
                tuple("touched", Severity.WARNING, "zero date → 1970-01-01", 1L));

        Report rejected = scan(my, "reject");
        assertThat(rejected.problems()).extracting(Problem::column, Problem::severity, Problem::kind, Problem::count).containsExactly(
                tuple("ordered", Severity.ERROR, "zero date rejected (zero dates: reject)", 2L),
                tuple("shipped_at", Severity.ERROR, "zero date rejected (zero dates: reject)", 3L),
                tuple("touched", Severity.ERROR, "zero date rejected (zero dates: reject)", 1L));
        assertThat(rejected.tables().get(0).rowsScanned()).isEqualTo(5);
        assertThat(rejected.tables().get(0).complete()).isTrue();
    }
}
