package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.plan.FixedField;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover load --fixed} as a user types it, against a real server. */
@ExtendWith(PostgresExtension.class)
class DroverLoadFixedTest {
    @TempDir Path dir;

    @Test
    void theSpecReadsNamesPositionsAndPgloaderFieldOptions() {
        assertThat(dev.drover.engine.plan.FixedLayout.parse("id:0:5, name:5:0x14[null if blanks, trim right whitespace, null if 'it''s'],"
                + " born:25:8[date format 'YYYY-MM-DD']")).containsExactly(
                FixedField.of("id", 0, 5),
                new FixedField("name", 5, 20, true, List.of("it's"), FixedField.Trim.RIGHT, null),
                new FixedField("born", 25, 8, false, List.of(), FixedField.Trim.NONE, "YYYY-MM-DD"));
        assertThatThrownBy(() -> dev.drover.engine.plan.FixedLayout.parse("id:-1:5")).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> dev.drover.engine.plan.FixedLayout.parse("id:0")).hasMessageContaining("NAME:FROM:FOR");
        assertThatThrownBy(() -> dev.drover.engine.plan.FixedLayout.parse("id:0:5[trim sideways]")).hasMessageContaining("unknown option 'trim sideways'");
    }

    @Test
    void loadFixedCreatesTheTableLoadsAndPrintsAPlanThatReplays(TestDatabase db) throws Exception {
        Path f = dir.resolve("ledger.txt");
        Files.write(f, ("ACCOUNT   AMOUNT  MEMO\r\n"
                + "A-1" + " ".repeat(7) + "    12.5" + "Zoë café\r\n"
                + "B-2" + " ".repeat(7) + "      -3" + "   \r\n"
                + "C-3\r\n").getBytes(StandardCharsets.UTF_8));
        String spec = "account:0:10[trim right whitespace], amount:10:8[trim left whitespace], memo:18:10[null if blanks]";
        Cli.Result r = Cli.drover(db, "load", f.toString(), db.url() + "?ledger", "--fixed", spec, "--skip-lines", "1",
                "--infer-types", "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(db.rows("SELECT account, amount, memo FROM ledger ORDER BY account")).containsExactly(
                List.of("A-1", "12.5", "Zoë café"), Arrays.asList("B-2", "-3", null), Arrays.asList("C-3", null, null));
        assertThat(db.rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'ledger' AND column_name = 'amount'"))
                .containsExactly(List.of("numeric"));

        Cli.Result printed = Cli.drover(db, "load", f.toString(), db.url() + "?ledger", "--fixed", spec, "--skip-lines", "1",
                "--truncate", "--print-plan");
        assertThat(printed.code()).as(printed.err()).isZero();
        Plan p = PlanYaml.read(printed.out(), "printed");
        assertThat(p.tables().get(0).source().fixed()).hasSize(3);
        Path plan = dir.resolve("ledger.yaml");
        Files.writeString(plan, printed.out());
        Cli.Result again = Cli.drover(db, "run", plan.toString(), "--no-progress", "--root-dir", dir.resolve("rej2").toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(db.rows("SELECT count(*) FROM ledger")).containsExactly(List.of("3"));
    }

    @Test
    void csvOnlyOptionsAreRefusedWithFixed(TestDatabase db) {
        Cli.Result r = Cli.drover(db, "load", "x.txt", db.url() + "?t", "--fixed", "a:0:1", "--header", "--delimiter", ";");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--header").contains("--delimiter").contains("do not apply");
    }
}
