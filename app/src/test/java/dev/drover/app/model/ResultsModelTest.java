package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.rejects.RejectRetry;
import dev.drover.engine.rejects.StoredReject;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The rejected-row browser's model on a real load with 260 rejects: pages, filter, groups, export and retry. */
@ExtendWith(PostgresExtension.class)
class ResultsModelTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    private RunReport report;
    private Plan plan;

    ResultsModelTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void load() throws Exception {
        db.execute("DROP TABLE IF EXISTS public.items", "CREATE TABLE public.items (n int, code varchar(3))");
        StringBuilder csv = new StringBuilder();
        // 1,000 rows: every fourth n is not a number (250 rejects), ten codes are too long
        for (int i = 1; i <= 1000; i++) {
            csv.append(i % 4 == 0 ? "x" + i : String.valueOf(i)).append(',')
                    .append(i % 4 != 0 && i % 97 == 1 ? "long" + i : "c" + (i % 10)).append('\n');
        }
        Path file = dir.resolve("items.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), LoadOptions.defaults().withRejectDir(dir.resolve("rejects")),
                List.of(new TableLoad("public.items", CsvSource.defaults(List.of(file.toString())),
                        List.of(ColumnSpec.byPosition("n", 1), ColumnSpec.byPosition("code", 2)))));
        report = Engine.run(plan, db.server().password(), e -> { }, new Cancellation());
    }

    @Test
    void aVerificationSaysWhatItFound() {
        var ok = new dev.drover.engine.report.TableReport.Verification(100, 98, 2, 0, List.of());
        assertThat(ResultsModel.verification(ok)).isEqualTo("✓ 98 sampled rows match (2 rejected)");
        var bad = new dev.drover.engine.report.TableReport.Verification(100, 97, 0, 3,
                List.of(new dev.drover.engine.report.TableReport.Mismatch("id=7", "total", "1.5", "1.50")));
        assertThat(ResultsModel.verification(bad)).isEqualTo("✗ 3 of 100 sampled rows differ (id=7 total: source '1.5', target '1.50')");
        assertThat(ResultsModel.verification(null)).isEmpty();
    }

    @Test
    void pagesFiltersGroupsExportsAndRetries() throws Exception {
        assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        long longCodes = 0;
        for (int i = 1; i <= 1000; i++) if (i % 4 != 0 && i % 97 == 1) longCodes++;
        assertThat(report.rejected()).isEqualTo(250 + longCodes);
        ResultsModel m = new ResultsModel(report, plan, db.server().password());
        assertThat(m.headline()).startsWith("Completed with rejects: 1,000 rows read, " + (1000 - 250 - longCodes) + " loaded");
        assertThat(m.tablesWithRejects()).containsExactly("public.items");
        assertThat(m.tables()).singleElement().satisfies(t -> {
            assertThat(t.reconciled()).isTrue();
            assertThat(t.fixed()).isZero();
        });

        // pages of 100, forward and back, each row once
        ResultsModel.Page p = m.select("public.items");
        long total = 250 + longCodes;
        assertThat(p.label()).isEqualTo("rows 1–100 of " + total);
        assertThat(p.hasPrevious()).isFalse();
        List<Long> seen = new ArrayList<>();
        p.rows().forEach(r -> seen.add(r.index()));
        p = m.next();
        assertThat(p.label()).isEqualTo("rows 101–200 of " + total);
        p.rows().forEach(r -> seen.add(r.index()));
        p = m.next();
        assertThat(p.hasNext()).isFalse();
        assertThat(p.label()).isEqualTo("rows 201–" + total + " of " + total);
        p.rows().forEach(r -> seen.add(r.index()));
        assertThat(seen).doesNotHaveDuplicates().hasSize((int) total);
        p = m.previous();
        assertThat(p.label()).isEqualTo("rows 101–200 of " + total);
        assertThat(p.hasPrevious()).isTrue();

        // groups: one per cause, without the rows' values
        assertThat(m.groups()).hasSize(2).containsValues(250L, longCodes);
        String tooLong = m.groups().keySet().stream().filter(g -> g.contains("varchar(3)") || g.contains("(3)")).findFirst().orElseThrow();
        p = m.group(tooLong);
        assertThat(p.matching()).isEqualTo(longCodes);
        assertThat(p.rows()).allSatisfy(r -> assertThat(r.column()).isEqualTo("code"));
        p = m.group(null);
        assertThat(p.matching()).isEqualTo(total);

        // a filter on the values: x400 is one row
        p = m.filter("X400");
        assertThat(p.rows()).singleElement().satisfies(r -> {
            assertThat(r.values()).containsExactly("x400", "c0");
            assertThat(r.column()).isEqualTo("n");
            assertThat(r.line()).isEqualTo(400);
        });
        Path out = dir.resolve("export.csv");
        assertThat(m.export(out)).isEqualTo(1);
        assertThat(Files.readAllLines(out)).hasSize(2);

        // retry: an edit loads, a bad edit is refused and says why
        StoredReject r400 = p.rows().get(0);
        long before = db.count("items");
        List<RejectRetry.Result> res = m.retry(List.of(new RejectRetry.Edit(r400.index(), r400.columns(), List.of("400", "c0"))));
        assertThat(res).singleElement().satisfies(x -> assertThat(x.loaded()).isTrue());
        assertThat(db.count("items")).isEqualTo(before + 1);
        assertThat(m.page().rows()).singleElement().satisfies(x -> assertThat(x.loadedOnRetry()).isTrue());
        assertThat(m.tables().get(0).fixed()).isEqualTo(1);
        assertThat(m.headline()).contains("(1 of them loaded since by a retry)");

        p = m.filter("x404");
        StoredReject r404 = p.rows().get(0);
        res = m.retry(List.of(new RejectRetry.Edit(r404.index(), r404.columns(), List.of("four hundred and four", "c4"))));
        assertThat(res).singleElement().satisfies(x -> {
            assertThat(x.loaded()).isFalse();
            assertThat(x.sqlState()).isEqualTo("22P02");
            assertThat(x.column()).isEqualTo("n");
        });
        assertThat(db.count("items")).isEqualTo(before + 1);
        assertThat(m.page().rows().get(0).lastRetry().message()).contains("four hundred and four");

        // retried rows as they are: the unchanged ones are refused again, nothing doubles
        p = m.filter("");
        List<RejectRetry.Edit> asTheyAre = p.rows().subList(0, 3).stream().map(ResultsModel::unchanged).map(o -> o.orElseThrow()).toList();
        res = m.retry(asTheyAre);
        assertThat(res).hasSize(3).noneMatch(x -> x.loaded() && !x.alreadyLoaded());
        assertThat(db.count("items")).isEqualTo(before + 1);
    }
}
