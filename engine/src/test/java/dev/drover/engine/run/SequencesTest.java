package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRules;
import dev.drover.engine.cast.MssqlCasts;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceSequence;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.RowCursor;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL Server sequences through a whole migration into a real PostgreSQL: the catalog is what the SQL Server reader
 * gives (there is no SQL Server here; {@code DroverMigrateMssqlTest} runs against one when DROVER_TEST_MSSQL_URL is set).
 */
@ExtendWith(PostgresExtension.class)
class SequencesTest {
    @TempDir Path dir;

    static BigInteger n(long v) {
        return BigInteger.valueOf(v);
    }

    static SourceColumn column(String name, int position, String type, boolean nullable, String dflt) {
        return new SourceColumn(name, position, type, type, null, null, false, nullable, dflt, false, false, null, null, List.of());
    }

    /** dbo.Orders draws its keys from dbo.OrderSeq; Sales.Tickets counts down from Sales.Countdown. */
    static SourceCatalog catalog() {
        SourceSequence orderSeq = new SourceSequence("dbo", "OrderSeq", "bigint", n(1000), n(10), n(1000), n(Long.MAX_VALUE), false, n(1030));
        SourceSequence countdown = new SourceSequence("Sales", "Countdown", "int", n(100), n(-1), n(1), n(100), true, null);
        SourceSequence wide = new SourceSequence("dbo", "Wide", "decimal", n(1), n(1), BigInteger.ONE,
                new BigInteger("99999999999999999999999999999999999999"), false, null);
        SourceSequence unused = new SourceSequence("other", "Elsewhere", "smallint", n(1), n(1), n(1), n(30000), false, null);
        SourceTable orders = new SourceTable("dbo", "Orders", List.of(
                column("Id", 1, "bigint", false, orderSeq.nextvalDefault()), column("Note", 2, "nvarchar", true, null)),
                new SourceTable.PrimaryKey("PK_Orders", List.of("Id")), null, null, null, 2, null);
        SourceTable tickets = new SourceTable("Sales", "Tickets", List.of(column("N", 1, "int", false, countdown.nextvalDefault())),
                null, null, null, null, 2, null);
        return new SourceCatalog("mssql", "shop", List.of(orders, tickets), List.of(), List.of(orderSeq, countdown, wide, unused));
    }

    /** A source holding {@code catalog()} and, per table, its rows. */
    record Source(SourceCatalog catalog, java.util.Map<String, List<Object[]>> rows) implements DatabaseSource {
        @Override
        public String kind() {
            return "mssql";
        }

        @Override
        public CastRules castRules(List<CastRule> userRules) {
            return MssqlCasts.castRules(userRules);
        }

        @Override
        public long count(SourceTable table) {
            return rows.get(table.name()).size();
        }

        @Override
        public SourceTable materialize(String name, String sql) throws java.sql.SQLException {
            throw new java.sql.SQLException("no view " + name, "42P01");
        }

        @Override
        public RowCursor rows(SourceTable table, List<String> columns) {
            List<Object[]> all = rows.get(table.name());
            return new RowCursor() {
                int at = -1;

                @Override
                public boolean next() {
                    return ++at < all.size();
                }

                @Override
                public Object get(int i) {
                    return all.get(at)[table.columns().indexOf(table.column(columns.get(i)).orElseThrow())];
                }

                @Override
                public String position() {
                    return "row " + (at + 1);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    @Test
    void sequencesAreCreatedDefaultsDrawFromThemAndTheyGoOnPastTheSourceAndTheRows(TestDatabase db) throws Exception {
        List<Object[]> orders = new ArrayList<>();
        orders.add(new Object[] {1010L, "a"});
        orders.add(new Object[] {1050L, "b"}); // inserted with an explicit key past the sequence
        List<Object[]> tickets = new ArrayList<>();
        tickets.add(new Object[] {100L});
        tickets.add(new Object[] {99L});
        Source source = new Source(catalog(), java.util.Map.of("Orders", orders, "Tickets", tickets));
        List<RunEvent> events = new ArrayList<>();
        RunReport report = DatabaseMigration.run(source, PgTarget.parse(db.url()), db.server().password(),
                LoadOptions().withRejectDir(dir), new DatabaseMigration.Options(null, false, List.of()), e -> {
                    synchronized (events) {
                        events.add(e);
                    }
                }, new Cancellation());
        assertThat(report.outcome()).as(report.toString()).isEqualTo(Outcome.SUCCESS);

        // two schemas in the source: dbo goes to public, Sales to sales; the sequence of the unread schema "other" is not created
        assertThat(db.rows("SELECT schemaname, sequencename, data_type::text, increment_by::text, min_value::text, max_value::text,"
                + " start_value::text, cycle::text FROM pg_sequences WHERE schemaname IN ('public', 'sales', 'other') ORDER BY 1, 2"))
                .containsExactly(List.of("public", "orderseq", "bigint", "10", "1000", "9223372036854775807", "1000", "false"),
                        List.of("public", "wide", "bigint", "1", "1", "9223372036854775807", "1", "false"),
                        List.of("sales", "countdown", "integer", "-1", "1", "100", "100", "true"));
        assertThat(db.rows("SELECT table_schema, column_name, column_default FROM information_schema.columns"
                + " WHERE table_name IN ('orders', 'tickets') AND column_default IS NOT NULL ORDER BY 1"))
                .containsExactly(List.of("public", "id", "nextval('orderseq'::regclass)"),
                        List.of("sales", "n", "nextval('sales.countdown'::regclass)"));

        // the next key is past both the source's last value (1030) and the largest loaded key (1050)
        db.execute("INSERT INTO public.orders (note) VALUES ('new')", "INSERT INTO sales.tickets DEFAULT VALUES");
        assertThat(db.queryLong("SELECT id FROM public.orders WHERE note = 'new'")).isEqualTo(1060);
        // counting down: below the smallest loaded value, as the sequence never gave one in the source
        assertThat(db.queryLong("SELECT min(n) FROM sales.tickets")).isEqualTo(98);

        // what the target cannot keep is said
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.Notice.class,
                x -> assertThat(x.message()).contains("sequence dbo.Wide (decimal, 1 to 99999999999999999999999999999999999999)"
                        + " becomes a bigint sequence from 1 to 9223372036854775807")));
    }

    @Test
    void aSequenceAndATableOfTheSameTargetNameAreACollision() {
        SourceCatalog c = catalog();
        SourceSequence clash = new SourceSequence("dbo", "orders", "int", n(1), n(1), n(1), n(10), false, null);
        SourceCatalog clashing = new SourceCatalog(c.kind(), c.database(), c.tables(), c.views(), List.of(clash));
        Source source = new Source(clashing, java.util.Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseMigration.casts(clashing, source,
                        new DatabaseMigration.Options(null, false, List.of())))
                .hasMessageContaining("table dbo.Orders and sequence dbo.orders both go to public.orders");
    }

    private static dev.drover.engine.plan.LoadOptions LoadOptions() {
        return dev.drover.engine.plan.LoadOptions.defaults();
    }
}
