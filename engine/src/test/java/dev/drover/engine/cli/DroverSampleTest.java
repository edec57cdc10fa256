package dev.drover.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover sample} writes the shop to try, and the command it prints migrates it, rejects and all. */
@ExtendWith(PostgresExtension.class)
class DroverSampleTest {
    @TempDir Path dir;

    @Test
    void writesTheShopWhichMigratesWithItsPlantedRejectsAndNeverOverwritesByAccident(TestDatabase db) throws Exception {
        Path file = dir.resolve("try/shop.db");
        Cli.Result r = Cli.drover(db, "sample", file.toString(), "--scale", "1");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("wrote " + file.toAbsolutePath()).contains("drover load sqlite://" + file.toAbsolutePath());
        assertThat(Files.size(file)).isPositive();

        Cli.Result again = Cli.drover(db, "sample", file.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("exists already").contains("--force");

        Cli.Result load = Cli.drover(db, "load", "sqlite://" + file.toAbsolutePath(), db.url(), "--schema", "shop",
                "--root-dir", dir.resolve("rej").toString(), "--no-progress");
        // the planted problems are rejected with their reasons: exit 3, and every table is there
        assertThat(load.code()).as(load.out() + load.err()).isEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'shop'")).isEqualTo(4);
        assertThat(db.queryLong("SELECT count(*) FROM shop.order_lines")).isPositive();
    }
}
