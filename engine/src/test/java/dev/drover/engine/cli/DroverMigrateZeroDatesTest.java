package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * MySQL zero dates ({@code 0000-00-00}, and partial ones like {@code 2024-00-10}) under each policy: NULL (the
 * default), reject, or a replacement date; per column through a cast rule; always counted in the report.
 */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DroverMigrateZeroDatesTest {
    @TempDir Path dir;

    /**
     * A table of orders as an old MySQL application leaves it: zero and partial zero dates in a NOT NULL date with a
     * zero default, in a datetime, in a timestamp, and in an ON UPDATE CURRENT_TIMESTAMP column, which stays NOT NULL.
     */
    private static void orders(MysqlDatabase my, String table) throws Exception {
        my.execute("SET SESSION sql_mode = ''", // zero dates need a lax mode to be stored, as in old databases
                "CREATE TABLE " + table + " (id INT PRIMARY KEY, ordered DATE NOT NULL DEFAULT '0000-00-00', shipped_at DATETIME NULL,"
                        + " paid TIMESTAMP NULL, touched TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
                "INSERT INTO " + table + " VALUES"
                        + " (1, '2024-01-05', '2024-01-06 10:00:00', '2024-01-07 11:00:00', '2024-01-08 00:00:00'),"
                        + " (2, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '2024-01-08 00:00:00'),"
                        + " (3, '2024-00-10', '2024-02-00 12:00:00', NULL, '2024-01-08 00:00:00'),"
                        + " (4, '2024-03-01', NULL, NULL, '0000-00-00 00:00:00'),"
                        + " (5, '2024-03-02', '0000-00-00 00:00:00', NULL, '2024-01-08 00:00:00')");
    }

    private Cli.Result load(MysqlDatabase my, TestDatabase pg, String table, String... more) {
        List<String> args = new ArrayList<>(List.of("load", my.url(), pg.url(), "--schema", table, "--include", table,
                "--root-dir", dir.resolve(table).toString(), "--summary", dir.resolve(table + ".json").toString(), "--no-progress"));
        args.addAll(Arrays.asList(more));
        return Cli.drover(pg, args.toArray(String[]::new));
    }

    private JsonNode conversions(String table) throws Exception {
        return new ObjectMapper().readTree(Files.readString(dir.resolve(table + ".json"))).get("tables").get(0).get("conversions");
    }

    private static String nullable(TestDatabase pg, String schema, String column) throws Exception {
        return pg.rows("SELECT is_nullable FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + schema + "' AND column_name = '" + column + "'").get(0).get(0);
    }

    @Test
    void zeroDatesBecomeNullAndAZeroDateInANotNullColumnIsRejectedSayingWhy(MysqlDatabase my, TestDatabase pg) throws Exception {
        orders(my, "zd_null");
        Cli.Result r = load(my, pg, "zd_null");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(pg.rows("SELECT id, ordered::text, shipped_at::text, paid AT TIME ZONE 'UTC' FROM zd_null.zd_null ORDER BY id"))
                .containsExactly(Arrays.asList("1", "2024-01-05", "2024-01-06 10:00:00", "2024-01-07 11:00:00"),
                        Arrays.asList("2", null, null, null), Arrays.asList("3", null, null, null),
                        Arrays.asList("5", "2024-03-02", null, null));
        // NOT NULL goes where zero dates become NULL; the ON UPDATE column keeps it, so its zero date is rejected
        assertThat(nullable(pg, "zd_null", "ordered")).isEqualTo("YES");
        assertThat(nullable(pg, "zd_null", "touched")).isEqualTo("NO");
        String log = Files.readString(dir.resolve("zd_null").resolve(pg.name()).resolve("zd_null.zd_null.log"));
        assertThat(log).contains("id=4").contains("touched")
                .contains("is a zero date, which would load as NULL, but the column is NOT NULL in the target");
        // every conversion counted, per column, in the text summary and the JSON report
        assertThat(r.out()).contains("zd_null.zd_null.ordered: 2 zero dates → NULL", "zd_null.zd_null.shipped_at: 3 zero dates → NULL",
                "zd_null.zd_null.paid: 1 zero date → NULL", "zd_null.zd_null.touched: 1 zero date rejected");
        JsonNode c = conversions("zd_null");
        assertThat(c).hasSize(4);
        assertThat(c.get(0).get("column").asText()).isEqualTo("ordered");
        assertThat(c.get(0).get("kind").asText()).isEqualTo("zero_dates");
        assertThat(c.get(0).get("to").asText()).isEqualTo("null");
        assertThat(c.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(c.get(3).get("to").asText()).isEqualTo("reject");
    }

    @Test
    void rejectPolicyKeepsNotNullAndACastRuleLetsOneColumnBeNull(MysqlDatabase my, TestDatabase pg) throws Exception {
        orders(my, "zd_reject");
        Cli.Result r = load(my, pg, "zd_reject", "--zero-dates", "reject", "--cast", "column zd_reject.shipped_at using zero-dates-to-null");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        // rows 2 and 3 (zero and partial zero dates in ordered) and 4 (touched) are rejected; row 5's zero shipped_at is NULL
        assertThat(pg.rows("SELECT id, ordered::text, shipped_at::text FROM zd_reject.zd_reject ORDER BY id"))
                .containsExactly(Arrays.asList("1", "2024-01-05", "2024-01-06 10:00:00"), Arrays.asList("5", "2024-03-02", null));
        assertThat(nullable(pg, "zd_reject", "ordered")).isEqualTo("NO");
        assertThat(pg.rows("SELECT column_default FROM information_schema.columns WHERE table_schema = 'zd_reject'"
                + " AND column_name = 'ordered'")).containsExactly(Arrays.asList((String) null));
        String log = Files.readString(dir.resolve("zd_reject").resolve(pg.name()).resolve("zd_reject.zd_reject.log"));
        assertThat(log).contains("value '2024-00-10' is a zero date, and zero dates are rejected");
        assertThat(r.out()).contains("zd_reject.zd_reject.ordered: 2 zero dates rejected",
                "zd_reject.zd_reject.shipped_at: 1 zero date → NULL", "zd_reject.zd_reject.touched: 1 zero date rejected");
    }

    @Test
    void aReplacementDateFillsZeroDatesAndTheZeroDefault(MysqlDatabase my, TestDatabase pg) throws Exception {
        orders(my, "zd_epoch");
        Cli.Result r = load(my, pg, "zd_epoch", "--zero-dates", "1970-01-01");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pg.rows("SELECT id, ordered::text, shipped_at::text, paid AT TIME ZONE 'UTC', touched AT TIME ZONE 'UTC'"
                + " FROM zd_epoch.zd_epoch WHERE id IN (2, 3, 4) ORDER BY id")).containsExactly(
                Arrays.asList("2", "1970-01-01", "1970-01-01 00:00:00", "1970-01-01 00:00:00", "2024-01-08 00:00:00"),
                Arrays.asList("3", "1970-01-01", "1970-01-01 00:00:00", null, "2024-01-08 00:00:00"),
                Arrays.asList("4", "2024-03-01", null, null, "1970-01-01 00:00:00"));
        assertThat(nullable(pg, "zd_epoch", "ordered")).isEqualTo("NO");
        assertThat(pg.rows("SELECT column_default FROM information_schema.columns WHERE table_schema = 'zd_epoch'"
                + " AND column_name = 'ordered'")).containsExactly(List.of("'1970-01-01'::date"));
        assertThat(r.out()).contains("zd_epoch.zd_epoch.ordered: 2 zero dates → 1970-01-01",
                "zd_epoch.zd_epoch.touched: 1 zero date → 1970-01-01");
        assertThat(conversions("zd_epoch").get(0).get("to").asText()).isEqualTo("1970-01-01");
    }

    @Test
    void aBadPolicyIsAUsageError(MysqlDatabase my, TestDatabase pg) {
        Cli.Result r = Cli.drover(pg, "load", my.url(), pg.url(), "--zero-dates", "sometimes");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--zero-dates: zero dates must be null, reject, or a date such as 1970-01-01");
    }
}
