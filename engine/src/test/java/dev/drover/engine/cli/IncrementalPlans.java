package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The plan and the run checks the incremental CLI tests of each source kind share. */
final class IncrementalPlans {
    private IncrementalPlans() {}

    /** A plan loading {@code source}'s {@code orders} incrementally into {@code schema}, two rows per batch. */
    static Path write(Path dir, TestDatabase pg, String source, String schema, String cursor) throws IOException {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                version: 1
                target: {url: "%s"}
                options: {batch_rows: 2, reject_dir: "%s"}
                database:
                  source: "%s"
                  schema: %s
                  incremental:
                    orders: {cursor: %s}
                """.formatted(pg.url(), dir.resolve("rejects"), source, schema, cursor));
        return plan;
    }

    /** Runs the plan, expects exit 0 and the summary line of {@code table}'s changes. */
    static Cli.Result run(TestDatabase pg, Path plan, String table, long inserted, long updated) {
        Cli.Result r = Cli.drover(pg, "run", plan.toString(), "--no-progress");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).contains(table + ": " + inserted + " inserted, " + updated + " updated, 0 unchanged");
        return r;
    }
}
