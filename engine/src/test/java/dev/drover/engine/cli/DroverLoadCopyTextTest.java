package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.CsvSource;
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

/** {@code drover load --format copy-text} as a user types it, against a real server. */
@ExtendWith(PostgresExtension.class)
class DroverLoadCopyTextTest {
    @TempDir Path dir;

    @Test
    void loadsCopyTextWithItsEscapesAndPrintsAPlanThatSaysSo(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE cli_copy (id int, v text)");
        Path f = dir.resolve("dump.copy");
        Files.writeString(f, "1\ttab\\there\n2\tNA\n3\t\\N\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.drover(db, "load", f.toString(), db.url() + "?cli_copy", "--format", "copy-text", "--null", "NA",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(db.rows("SELECT id, v FROM cli_copy ORDER BY id")).containsExactly(
                List.of("1", "tab\there"), Arrays.asList("2", null), List.of("3", "\\N"));

        Cli.Result printed = Cli.drover(db, "load", f.toString(), db.url() + "?cli_copy", "--format", "copy-text", "--print-plan");
        assertThat(printed.code()).as(printed.err()).isZero();
        CsvSource s = PlanYaml.read(printed.out(), "printed").tables().get(0).source();
        assertThat(s).isEqualTo(CsvSource.copyTextDefaults(List.of(f.toString())));
    }

    @Test
    void csvOnlyOptionsAndUnknownFormatsAreUsageErrors(TestDatabase db) {
        Cli.Result quote = Cli.drover(db, "load", "a.copy", db.url() + "?t", "--format", "copy-text", "--quote", "'");
        assertThat(quote.code()).isEqualTo(2);
        assertThat(quote.err()).contains("--format copy-text reads PostgreSQL COPY text, where --quote/--no-quote do not apply");
        Cli.Result unknown = Cli.drover(db, "load", "a.copy", db.url() + "?t", "--format", "parquet");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--format parquet is not a format").contains("hint: ");
        Cli.Result help = Cli.drover(db, "load", "--help");
        assertThat(help.out()).contains("--format=csv|copy-text").contains("\\N for NULL");
    }
}
