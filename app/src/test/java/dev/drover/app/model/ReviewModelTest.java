package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class ReviewModelTest {
    @TempDir Path dir;
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    OpenedSource source;
    ReviewModel review;

    @BeforeEach
    void open() throws Exception {
        source = Shop.open(dir, draft);
        review = new ReviewModel(source, draft);
    }

    @AfterEach
    void close() throws Exception {
        review.close();
        source.close();
    }

    /** The test server's URL without its password: plans never hold one. */
    static String url(TestDatabase db) {
        var s = db.server();
        return "postgresql://" + s.user() + "@" + s.host() + ":" + s.port() + "/" + db.name();
    }

    @Test
    void withoutATargetTheReviewSaysWhatIsMissingAndSavesNothing() {
        ReviewModel.Summary s = review.summary().get();
        assertThat(s.ready()).isFalse();
        assertThat(s.problems()).containsExactly("choose a PostgreSQL target");
        assertThat(s.tables()).isEqualTo(4);
        assertThat(review.planYaml().get()).startsWith("# not a plan yet: choose a PostgreSQL target");
        assertThat(review.save(dir.resolve("plan.yaml"))).get().asString().contains("choose a PostgreSQL target");
        assertThat(dir.resolve("plan.yaml")).doesNotExist();
    }

    @Test
    void summarisesAndListsTheDestructiveActions() throws Exception {
        draft.set(draft.get().withTarget("postgresql://me@localhost/shop", "SHOP_PW").withIncludeDrop(true));
        ReviewModel.Summary s = review.summary().get();
        assertThat(s.ready()).isTrue();
        assertThat(s.rowsEstimated()).isEqualTo(270 + Shop.count(dir.resolve("shop.db"), "order_lines"));
        assertThat(s.rowsUnknown()).isZero();
        assertThat(s.targets()).contains("main.orders → public.orders");
        assertThat(s.destructive()).singleElement().asString().startsWith("drops these tables").contains("public.customers");
        assertThat(review.ddl().get()).contains("CREATE TABLE \"public\".\"order_lines\"").contains("PRIMARY KEY")
                .contains("FOREIGN KEY").contains("CREATE UNIQUE INDEX");

        draft.set(draft.get().withTableMode(TableMode.TRUNCATE));
        assertThat(review.summary().get().destructive()).singleElement().asString().startsWith("empties these existing tables");
        draft.set(draft.get().withTableMode(TableMode.EXISTING));
        assertThat(review.summary().get().destructive()).isEmpty();
    }

    @Test
    void incrementalTablesAreListedWithTheirCursorAndADeleteIsDestructive() {
        draft.set(draft.get().withTarget("postgresql://me@localhost/shop", null)
                .withIncremental("orders", new dev.drover.engine.plan.DatabaseSpec.Incremental(List.of("ordered_on", "id"), null, null),
                        List.of("customers", "products", "orders", "order_lines")));
        ReviewModel.Summary s = review.summary().get();
        assertThat(s.ready()).isTrue();
        assertThat(s.incremental()).containsExactly(
                "main.orders → public.orders: cursor (ordered_on, id), upsert by primary key, no delete");
        assertThat(s.destructive()).isEmpty();
        assertThat(review.planYaml().get()).contains("incremental:").contains("ordered_on");
        draft.set(draft.get().withIncremental("orders", new dev.drover.engine.plan.DatabaseSpec.Incremental(List.of("id"),
                dev.drover.engine.plan.DatabaseSpec.Incremental.Upsert.OFF,
                dev.drover.engine.plan.DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH)));
        assertThat(review.summary().get().incremental()).singleElement().asString()
                .endsWith("cursor (id), append (no upsert), delete before the first batch");
        assertThat(review.summary().get().destructive()).singleElement().asString().startsWith("deletes the rows").contains("public.orders");
        // include drop would drop what earlier runs loaded: no plan
        draft.set(draft.get().withIncludeDrop(true));
        assertThat(review.summary().get().problems()).anyMatch(p -> p.contains("include drop"));
        assertThat(review.planYaml().get()).startsWith("# not a plan yet");
    }

    @Test
    void theYamlIsThePlanAndReadsBackIntoTheSameDraft() {
        draft.set(draft.get().withTarget("postgresql://me@localhost/shop", "SHOP_PW").withCasts(List.of("column orders.total to numeric(12,2)")));
        String yaml = review.planYaml().get();
        Plan read = PlanYaml.read(yaml, "review");
        assertThat(Draft.fromPlan(read)).isEqualTo(draft.get());
        assertThat(yaml).contains("password_env: SHOP_PW").contains("column orders.total to numeric(12,2)");
        assertThat(review.headlessCommand(Path.of("/plans/shop plan.yaml"))).isEqualTo("drover run '/plans/shop plan.yaml'");
        assertThat(review.headlessCommand(Path.of("plan.yaml"))).isEqualTo("drover run plan.yaml");
        assertThat(review.passwordNote()).contains("SHOP_PW").doesNotContain("secret");
    }

    @Test
    void theEmbeddedServerIsNamedEmbeddedInThePlanNotByItsPortOfTheDay() {
        String live = "postgresql://postgres@localhost:54321/drover";
        try (ReviewModel embedded = new ReviewModel(source, draft, () -> java.util.Optional.of(live))) {
            draft.set(draft.get().withTarget(live, null));
            assertThat(PlanYaml.read(embedded.planYaml().get(), "review").target().url()).isEqualTo("embedded");
            assertThat(embedded.planYaml().get()).doesNotContain("54321");
            assertThat(embedded.passwordNote()).startsWith("drover run starts the embedded PostgreSQL");
            // another server than the embedded one keeps its URL
            draft.set(draft.get().withTarget("postgresql://me@db.example:5432/shop", null));
            assertThat(PlanYaml.read(embedded.planYaml().get(), "review").target().url()).isEqualTo("postgresql://me@db.example:5432/shop");
        }
    }

    /** Saves the review's plan for the test database and runs it as {@code drover run} would. */
    private RunReport saveAndRun(TestDatabase db, String schema, List<String> casts) {
        draft.set(draft.get().withTarget(url(db), "DROVER_TEST_NO_SUCH_VARIABLE").withTargetSchema(schema).withCasts(casts)
                .withOptions(draft.get().options().withRejectDir(dir.resolve("rejects"))));
        Path plan = dir.resolve("plans/" + schema + ".yaml");
        assertThat(review.save(plan)).isEmpty();
        try {
            assertThat(Files.readString(plan)).isEqualTo(review.planYaml().get()).contains("url: " + url(db) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Engine.run(PlanYaml.read(plan), db.server().password(), e -> { }, new Cancellation());
    }

    @Test
    void aPlanSavedByTheReviewRunsHeadlessWithTheExpectedTables(TestDatabase db) throws Exception {
        // the customers' planted problems (a name over 80 characters, 1987-02-30) load as text: no customer is
        // rejected, so no order loses its customer (see the disabled test below for why that matters today)
        RunReport r = saveAndRun(db, "wizard", List.of("column orders.total to numeric(12,2)", "column customers.name to text",
                "column customers.birth_date to text"));
        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.COMPLETED_WITH_REJECTS);
        Map<String, TableReport> byTable = r.tables().stream().collect(Collectors.toMap(TableReport::table, t -> t));
        assertThat(byTable).containsOnlyKeys("wizard.customers", "wizard.products", "wizard.orders", "wizard.order_lines");
        Path shop = dir.resolve("shop.db");
        for (String t : List.of("customers", "products", "orders", "order_lines")) {
            TableReport tr = byTable.get("wizard." + t);
            assertThat(tr.read()).as(t).isEqualTo(Shop.count(shop, t));
            assertThat(db.count("wizard." + t)).as(t).isEqualTo(tr.loaded()).isEqualTo(tr.read() - tr.rejected());
        }
        // the planted rows: product 6's stock 'n/a', order 13's zero date, and the order lines left without them
        assertThat(db.count("wizard.customers")).isEqualTo(50);
        assertThat(db.count("wizard.products")).isEqualTo(19);
        assertThat(db.count("wizard.orders")).isEqualTo(199);
        assertThat(byTable.get("wizard.order_lines").rejected()).isPositive();
        assertThat(db.queryLong("SELECT count(*) FROM wizard.order_lines WHERE order_id = 13 OR product_id = 6 OR id = 1")).isZero();
        assertThat(db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'wizard.orders'::regclass"
                + " AND attname = 'total'")).containsExactly(List.of("numeric(12,2)"));
    }

    /** Found here: rejected customers' orders used to take their lines with them through ON DELETE CASCADE, uncounted. */
    @Test
    void rowsCascadedAwayWithARejectedParentAreReportedAsRejects(TestDatabase db) throws Exception {
        RunReport r = saveAndRun(db, "cascade", List.of());
        TableReport lines = r.tables().stream().filter(t -> t.table().equals("cascade.order_lines")).findFirst().orElseThrow();
        assertThat(db.count("cascade.order_lines")).isEqualTo(lines.loaded()).isEqualTo(lines.read() - lines.rejected());
    }
}
