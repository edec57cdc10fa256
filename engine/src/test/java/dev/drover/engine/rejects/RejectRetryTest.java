package dev.drover.engine.rejects;

import static dev.drover.engine.rejects.Rejects.load;
import static dev.drover.engine.rejects.Rejects.plantedCsv;
import static dev.drover.engine.rejects.Rejects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.rejects.RejectRetry.Edit;
import dev.drover.engine.rejects.RejectRetry.Result;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.engine.sample.ShopSample;
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

@ExtendWith(PostgresExtension.class)
class RejectRetryTest {
    @TempDir Path dir;

    private Path loadPlanted(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS items", Rejects.TABLE);
        RunReport r = load(db, write(dir, plantedCsv()), dir.resolve("rej"));
        assertThat(r.tables().get(0).rejected()).isEqualTo(6);
        return dir.resolve("rej").resolve(db.name());
    }

    private static List<Result> retry(TestDatabase db, Path rejects, Edit... rows) throws Exception {
        return RejectRetry.retry(db.url(), db.server().password(), java.util.Map.of(), "public.items", rejects, List.of(rows));
    }

    private static Edit edit(StoredReject r, int column, String value) {
        List<String> values = new ArrayList<>(r.values());
        values.set(column, value);
        return new Edit(r.index(), r.columns(), values);
    }

    @Test
    void anEditedRowLoadsOnceAndAStillBadOneIsRefusedWithPostgresWords(TestDatabase db) throws Exception {
        Path rejects = loadPlanted(db);
        RejectLog log = RejectLog.open(rejects, "public.items");
        StoredReject tooLong = log.get(0), notInt = log.get(1);
        List<Result> results = retry(db, rejects, edit(tooLong, 1, "short"), edit(notInt, 2, "n/a again"));
        assertThat(results.get(0)).isEqualTo(new Result(0, true, null, null, null, null));
        Result refused = results.get(1);
        assertThat(refused.loaded()).isFalse();
        assertThat(refused.sqlState()).isEqualTo("22P02");
        assertThat(refused.message()).isEqualTo("invalid input syntax for type integer: \"n/a again\"");
        assertThat(refused.column()).isEqualTo("qty");
        assertThat(db.count("items")).isEqualTo(4);
        assertThat(db.rows("SELECT name FROM items WHERE id = 2")).containsExactly(List.of("short"));

        RejectLog after = RejectLog.open(rejects, "public.items");
        assertThat(after.loadedOnRetry()).isEqualTo(1);
        StoredReject.Retry loaded = after.get(0).lastRetry();
        assertThat(loaded.loaded()).isTrue();
        assertThat(loaded.values()).containsExactly("2", "short", "3", "x");
        assertThat(loaded.at()).isNotNull();
        StoredReject.Retry stillBad = after.get(1).lastRetry();
        assertThat(stillBad.loaded()).isFalse();
        assertThat(stillBad.sqlState()).isEqualTo("22P02");
        assertThat(stillBad.column()).isEqualTo("qty");
        assertThat(after.get(2).lastRetry()).isNull();

        // a second retry of the loaded row inserts nothing, even listed twice; the refused one can be fixed
        List<Result> again = retry(db, rejects, edit(tooLong, 1, "other"), edit(tooLong, 1, "other"), edit(notInt, 2, "9"));
        assertThat(again.get(0).alreadyLoaded()).isTrue();
        assertThat(again.get(1).alreadyLoaded()).isTrue();
        assertThat(again.get(2).loaded()).isTrue();
        assertThat(again.get(2).alreadyLoaded()).isFalse();
        assertThat(db.count("items")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE id = 2")).isEqualTo(1);
        RejectLog last = RejectLog.open(rejects, "public.items");
        assertThat(last.loadedOnRetry()).isEqualTo(2);
        assertThat(last.get(1).lastRetry().loaded()).isTrue();
        assertThat(last.get(1).lastRetry().values()).containsExactly("3", "ok", "9", "x");
        // the outcomes on file: three attempts, none for the repeats
        assertThat(Files.readAllLines(last.retriesFile())).hasSize(3);
    }

    @Test
    void aRetryRunsWithThePlansSessionSettings(TestDatabase db) throws Exception {
        Path rejects = loadPlanted(db);
        // the column's default reads a session setting: the retried row shows the connection had the plan's
        db.execute("ALTER TABLE items ADD COLUMN tag text DEFAULT current_setting('drover.tag', true)");
        RejectLog log = RejectLog.open(rejects, "public.items");
        List<Result> r = RejectRetry.retry(db.url(), db.server().password(), java.util.Map.of("drover.tag", "retried"),
                "public.items", rejects, List.of(edit(log.get(0), 1, "short")));
        assertThat(r.get(0).loaded()).isTrue();
        assertThat(db.rows("SELECT tag FROM items WHERE id = 2")).containsExactly(List.of("retried"));
    }

    @Test
    void rowsWithoutValuesAreRetriedFromTheUsersEditAndConstraintsStillDecide(TestDatabase db) throws Exception {
        Path rejects = loadPlanted(db);
        db.execute("ALTER TABLE items ADD CONSTRAINT qty_positive CHECK (qty > 0)");
        RejectLog log = RejectLog.open(rejects, "public.items");
        StoredReject latin1 = log.get(3), unclosed = log.get(5);
        List<Result> r = retry(db, rejects,
                new Edit(latin1.index(), List.of("id", "note"), List.of("6", "café")),
                new Edit(unclosed.index(), List.of("id", "name", "qty", "note"), Arrays.asList("11", null, "-1", "x")),
                new Edit(log.get(2).index(), List.of("id", "note"), List.of("5", "a\0b")));
        assertThat(r.get(0).loaded()).isTrue();
        assertThat(db.rows("SELECT name, qty, note FROM items WHERE id = 6")).containsExactly(Arrays.asList(null, null, "café"));
        assertThat(r.get(1).loaded()).isFalse();
        assertThat(r.get(1).sqlState()).isEqualTo("23514");
        assertThat(r.get(1).message()).contains("violates check constraint \"qty_positive\"");
        assertThat(r.get(1).detail()).contains("Failing row contains");
        // a NUL cannot reach PostgreSQL text: refused before sending, with the column
        assertThat(r.get(2).loaded()).isFalse();
        assertThat(r.get(2).sqlState()).isEqualTo("22021");
        assertThat(r.get(2).column()).isEqualTo("note");
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE id IN (5, 11)")).isZero();
        RejectLog after = RejectLog.open(rejects, "public.items");
        assertThat(after.loadedOnRetry()).isEqualTo(1);
        assertThat(after.get(5).lastRetry().detail()).contains("Failing row contains");
        assertThat(after.get(5).lastRetry().columns()).containsExactly("id", "name", "qty", "note");
        assertThat(after.get(5).lastRetry().values()).containsExactly("11", null, "-1", "x");
        assertThat(after.get(3).lastRetry().columns()).containsExactly("id", "note");

        assertThatThrownBy(() -> retry(db, rejects, new Edit(6, List.of("id"), List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no reject 6");
        assertThatThrownBy(() -> new Edit(0, List.of("id", "name"), List.of("1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewRunRotatesTheRejectsAndTheirRetries(TestDatabase db) throws Exception {
        Path rejects = loadPlanted(db);
        StoredReject tooLong = RejectLog.open(rejects, "public.items").get(0);
        assertThat(retry(db, rejects, edit(tooLong, 1, "short")).get(0).loaded()).isTrue();

        db.execute("TRUNCATE items");
        load(db, dir.resolve("items.csv"), dir.resolve("rej"));
        for (String ext : List.of(".rejects.jsonl", ".retries.jsonl", ".dat", ".log", ".rejected.csv")) {
            assertThat(rejects.resolve("public.items" + ext + ".1")).as(ext).exists();
        }
        assertThat(rejects.resolve("public.items.retries.jsonl")).doesNotExist();
        RejectLog fresh = RejectLog.open(rejects, "public.items");
        assertThat(fresh.size()).isEqualTo(6);
        assertThat(fresh.loadedOnRetry()).isZero();
        assertThat(fresh.get(0).lastRetry()).isNull();
        assertThat(Files.readAllLines(rejects.resolve("public.items.rejects.jsonl.1"))).hasSize(6);
        // the reject of the new run can be retried again: the old outcome belonged to the old file
        assertThat(retry(db, rejects, edit(fresh.get(0), 1, "short")).get(0).alreadyLoaded()).isFalse();
    }

    @Test
    void foreignKeyOrphansOfADatabaseLoadAreStoredWithTheirValues(TestDatabase db) throws Exception {
        Path shop = ShopSample.generate(dir.resolve("shop.db"), 1, ShopSample.DEFAULT_SEED);
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null),
                LoadOptions.defaults().withRejectDir(dir.resolve("rej")), List.of(),
                new DatabaseSpec("sqlite://" + shop.toAbsolutePath(), null, true, List.of()));
        Engine.run(plan, db.server().password(), e -> { }, new Cancellation());
        Path rejects = dir.resolve("rej").resolve(db.name());
        RejectLog log = RejectLog.open(rejects, "public.order_lines");
        // the planted orphan, and the lines of the orders and products the load rejected
        assertThat(log.count(r -> "foreign key".equals(r.stage()) && r.values() != null)).isGreaterThan(1);
        List<StoredReject> orphans = log.matching(r -> r.detail() != null && r.detail().contains("=(" + ShopSample.ORPHAN_ORDER_ID + ")"), 0, 100);
        assertThat(orphans).hasSize(1);
        StoredReject orphan = orphans.get(0);
        assertThat(orphan.stage()).isEqualTo("foreign key");
        assertThat(orphan.sqlState()).isEqualTo("23503");
        assertThat(orphan.column()).isEqualTo("order_id");
        assertThat(orphan.detail()).contains("Key (order_id)=(" + ShopSample.ORPHAN_ORDER_ID + ") is not present");
        assertThat(orphan.values()).hasSameSizeAs(orphan.columns());
        assertThat(orphan.values().get(orphan.failingColumnIndex())).isEqualTo(String.valueOf(ShopSample.ORPHAN_ORDER_ID));
        assertThat(orphan.values().get(orphan.columns().indexOf("id"))).isEqualTo(String.valueOf(ShopSample.ORPHAN_LINE_ID));
        assertThat(log.groups()).containsKey("23503 order_id: insert or update on table \"order_lines\" violates foreign key constraint \""
                + orphan.message().replaceAll(".*constraint \"(.*)\"", "$1") + "\"");

        // retried as is, the foreign key (now in place) refuses it with PostgreSQL's own words
        long before = db.count("order_lines");
        Result r = RejectRetry.retry(db.url(), db.server().password(), java.util.Map.of(), "public.order_lines", rejects,
                List.of(new Edit(orphan.index(), orphan.columns(), orphan.values()))).get(0);
        assertThat(r.loaded()).isFalse();
        assertThat(r.sqlState()).isEqualTo("23503");
        assertThat(r.detail()).contains("is not present in table \"orders\"");
        assertThat(db.count("order_lines")).isEqualTo(before);
    }
}
