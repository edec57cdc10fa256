package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.target.IdentifierPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesModelTest {
    @TempDir Path dir;
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    OpenedSource source;
    TablesModel tables;

    @BeforeEach
    void open() throws Exception {
        source = Shop.open(dir, draft);
        tables = new TablesModel(source, draft);
    }

    @AfterEach
    void close() throws Exception {
        tables.close();
        source.close();
    }

    @Test
    void listsEveryTableWithItsRowEstimateAndWhereItGoes() throws Exception {
        Path file = dir.resolve("shop.db");
        assertThat(tables.rows().get())
                .extracting(TablesModel.Row::table, TablesModel.Row::rowEstimate, TablesModel.Row::selected,
                        TablesModel.Row::targetSchema, TablesModel.Row::targetName, TablesModel.Row::mode)
                .containsExactlyInAnyOrder(
                        tuple("customers", 50L, true, "public", "customers", TableMode.CREATE),
                        tuple("products", 20L, true, "public", "products", TableMode.CREATE),
                        tuple("orders", 200L, true, "public", "orders", TableMode.CREATE),
                        tuple("order_lines", Shop.count(file, "order_lines"), true, "public", "order_lines", TableMode.CREATE));
        // sizes from SQLite's dbstat: whole pages of the file, data and indexes
        long page = Shop.value(file, "PRAGMA page_size");
        assertThat(tables.rows().get()).allSatisfy(r -> assertThat(r.sizeBytes()).isPositive().matches(b -> b % page == 0));
        assertThat(tables.rows().get().stream().mapToLong(TablesModel.Row::sizeBytes).sum()).isLessThanOrEqualTo(java.nio.file.Files.size(file));
        assertThat(row("order_lines").sizeBytes()).isGreaterThan(row("products").sizeBytes());
        assertThat(tables.selectedRowEstimate()).isEqualTo(270 + Shop.count(file, "order_lines"));
        assertThat(tables.problem().get()).isNull();
    }

    @Test
    void filtersBySubstringOrRegexAndAnInvalidRegexIsAMessage() {
        tables.setFilter("ORDER", false);
        assertThat(tables.visibleRows().get()).extracting(TablesModel.Row::table).containsExactlyInAnyOrder("orders", "order_lines");
        tables.setFilter("^(customers|products)$", true);
        assertThat(tables.visibleRows().get()).extracting(TablesModel.Row::table).containsExactlyInAnyOrder("customers", "products");
        tables.setFilter("orders(", true);
        assertThat(tables.filterProblem().get()).startsWith("not a regular expression: ").contains("position");
        assertThat(tables.visibleRows().get()).as("the last good filter stays").hasSize(2);
        tables.setFilter("", true);
        assertThat(tables.filterProblem().get()).isNull();
        assertThat(tables.visibleRows().get()).hasSize(4);
    }

    @Test
    void selectsAllMatchingAndTheEngineAgrees() {
        tables.setFilter("order", false);
        tables.selectAllMatching(false);
        assertThat(tables.rows().get()).filteredOn(TablesModel.Row::selected).extracting(TablesModel.Row::table)
                .containsExactlyInAnyOrder("customers", "products");
        assertThat(draft.get().include()).containsExactlyInAnyOrder("customers", "products");
        assertThat(tables.rows().get()).filteredOn(r -> !r.selected()).allSatisfy(r -> assertThat(r.mode()).isEqualTo(TableMode.SKIP));
        tables.select("orders", true);
        assertThat(draft.get().exclude()).containsExactly("order_lines");
        assertThat(draft.get().include()).isEmpty();
        tables.setFilter("", false);
        tables.selectAllMatching(false);
        assertThat(tables.problem().get()).contains("no table").contains("is selected");
        tables.selectAllMatching(true);
        assertThat(draft.get().include()).isEmpty();
        assertThat(draft.get().exclude()).isEmpty();
        assertThat(tables.problem().get()).isNull();
    }

    @Test
    void renamesAreValidatedAndCollisionsComeFromTheEngine() {
        assertThat(tables.rename("customers", "Clients")).isEmpty();
        assertThat(row("customers").targetName()).as("unquoted names fold as in PostgreSQL").isEqualTo("clients");
        assertThat(row("customers").renamed()).isTrue();
        assertThat(tables.rename("orders", "archive.Orders")).isEmpty();
        assertThat(row("orders")).extracting(TablesModel.Row::targetSchema, TablesModel.Row::targetName).containsExactly("archive", "orders");

        assertThat(tables.rename("products", "clients")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("collide").contains("public.clients");
        assertThat(row("products").targetName()).as("a refused rename changes nothing").isEqualTo("products");
        assertThat(tables.rename("products", "a.b.c")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("not a table name");
        assertThat(tables.rename("products", "x".repeat(64))).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("63 bytes");
        assertThat(tables.rename("products", "\"Products\"")).isEmpty();
        assertThat(row("products").targetName()).isEqualTo("Products");

        assertThat(tables.rename("customers", "")).isEmpty();
        assertThat(row("customers").targetName()).isEqualTo("customers");
        assertThat(draft.get().rename()).containsOnlyKeys("orders", "products");
        assertThat(tables.collisions(IdentifierPolicy.DOWNCASE)).isEmpty();
    }

    @Test
    void oneTableGoesToItsOwnSchemaKeepingItsNameOrRename() {
        assertThat(tables.setTableSchema("orders", "archive")).isEmpty();
        assertThat(row("orders")).extracting(TablesModel.Row::targetSchema, TablesModel.Row::targetName).containsExactly("archive", "orders");
        assertThat(row("customers").targetSchema()).isEqualTo("public");
        assertThat(draft.get().rename()).containsEntry("orders", "archive.orders");
        // a renamed table keeps its new name in the other schema
        assertThat(tables.rename("products", "Goods")).isEmpty();
        assertThat(tables.setTableSchema("products", "Shop Data")).isEmpty();
        assertThat(row("products")).extracting(TablesModel.Row::targetSchema, TablesModel.Row::targetName).containsExactly("Shop Data", "goods");
        assertThat(draft.get().rename()).containsEntry("products", "\"Shop Data\".goods");
        assertThat(tables.setTableSchema("products", "a.b")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("schema alone");
        // blank: back to the run's schema, the rename kept
        assertThat(tables.setTableSchema("products", "")).isEmpty();
        assertThat(row("products")).extracting(TablesModel.Row::targetSchema, TablesModel.Row::targetName).containsExactly("public", "goods");
        assertThat(tables.setTableSchema("orders", " ")).isEmpty();
        assertThat(draft.get().rename()).containsOnlyKeys("products");
        assertThat(tables.setTableSchema("nope", "x")).isPresent();
    }

    @Test
    void theTargetSchemaMovesEveryTable() {
        assertThat(tables.setTargetSchema("shop")).isEmpty();
        assertThat(tables.rows().get()).allSatisfy(r -> assertThat(r.targetSchema()).isEqualTo("shop"));
        assertThat(tables.setTargetSchema("a.b")).isPresent();
        assertThat(tables.setTargetSchema("")).isEmpty();
        assertThat(draft.get().targetSchema()).isNull();
    }

    @Test
    void eachTableHasItsOwnModeAndThePlanSaysSo() {
        tables.setMode("orders", TableMode.SKIP);
        assertThat(row("orders").selected()).isFalse();
        tables.setMode("customers", TableMode.TRUNCATE);
        tables.setMode("products", TableMode.EXISTING);
        assertThat(tables.notice().get()).isNull();
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        assertThat(tables.rows().get()).extracting(TablesModel.Row::table, TablesModel.Row::mode).containsExactlyInAnyOrder(
                tuple("customers", TableMode.TRUNCATE), tuple("products", TableMode.EXISTING),
                tuple("orders", TableMode.SKIP), tuple("order_lines", TableMode.CREATE));
        assertThat(draft.get().spec().tableModes()).containsExactly(
                java.util.Map.entry("customers", DatabaseSpec.TableMode.TRUNCATE), java.util.Map.entry("products", DatabaseSpec.TableMode.EXISTING));
        // back to create: the entry goes
        tables.setMode("products", TableMode.CREATE);
        assertThat(draft.get().tableModes()).containsOnlyKeys("customers");
        // orders back in, loaded into its existing table
        tables.setMode("orders", TableMode.EXISTING);
        assertThat(row("orders").mode()).isEqualTo(TableMode.EXISTING);
        assertThat(draft.get().withTarget("postgresql://u@h/db", null).problems()).isEmpty();
    }

    @Test
    void aRunOfExistingTablesBecomesOneThatCreatesWhenATableIsCreatedTheOthersKeepTheirModes() {
        draft.set(draft.get().withTarget("postgresql://u@h/db", null).withTableMode(TableMode.TRUNCATE));
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.DATA_ONLY);
        assertThat(tables.rows().get()).allSatisfy(r -> assertThat(r.mode()).isEqualTo(TableMode.TRUNCATE));
        tables.setMode("orders", TableMode.CREATE);
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        assertThat(tables.rows().get()).extracting(TablesModel.Row::table, TablesModel.Row::mode).containsExactlyInAnyOrder(
                tuple("customers", TableMode.TRUNCATE), tuple("products", TableMode.TRUNCATE),
                tuple("orders", TableMode.CREATE), tuple("order_lines", TableMode.TRUNCATE));
        assertThat(draft.get().problems()).isEmpty();
        // schema only takes no rows into existing tables: refused with the reason
        draft.set(draft.get().withTableModes(java.util.Map.of()).withMode(DatabaseSpec.Mode.SCHEMA_ONLY));
        tables.setMode("orders", TableMode.EXISTING);
        assertThat(tables.notice().get()).contains("schema only");
        assertThat(draft.get().tableModes()).isEmpty();
    }

    @Test
    void anIdentifierPolicyThatMakesTwoNamesOneIsReportedByTheEngine() throws Exception {
        Path file = dir.resolve("names.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("CREATE TABLE \"OrderLines\" (id INTEGER)");
            s.execute("CREATE TABLE order_lines (id INTEGER)");
        }
        Observable<Draft> d = new Observable<>(Draft.empty().withSource(Shop.url(file)));
        try (OpenedSource names = OpenedSource.open(Shop.url(file)); TablesModel m = new TablesModel(names, d)) {
            assertThat(m.problem().get()).isNull();
            assertThat(m.collisions(IdentifierPolicy.SNAKE_CASE)).singleElement().asString()
                    .contains("\"OrderLines\"").contains("\"order_lines\"");
            d.set(d.get().withIdentifiers(IdentifierPolicy.SNAKE_CASE));
            assertThat(m.problem().get()).contains("collide").contains("public.order_lines");
            assertThat(m.rename("OrderLines", "order_lines_old")).isEmpty();
            assertThat(m.problem().get()).isNull();
        }
    }

    @Test
    void anIncrementalTableGetsASuggestedCursorAndBecomesThePlansIncrementalEntry() {
        draft.set(draft.get().withTarget("postgresql://u@h/db", null));
        tables.setMode("orders", TableMode.INCREMENTAL);
        assertThat(tables.notice().get()).isNull();
        assertThat(row("orders").mode()).isEqualTo(TableMode.INCREMENTAL);
        // the single-column integer primary key is the cursor; upsert on it, no delete
        DatabaseSpec.Incremental orders = new DatabaseSpec.Incremental(java.util.List.of("id"),
                DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, DatabaseSpec.Incremental.Delete.OFF);
        assertThat(row("orders").incremental()).isEqualTo(orders);
        assertThat(row("customers").incremental()).isNull();
        assertThat(draft.get().spec().incremental()).containsExactly(java.util.Map.entry("orders", orders));
        assertThat(draft.get().spec().tableModes()).isEmpty();
        assertThat(tables.problem().get()).isNull();

        // own settings: a cursor of two columns in order, no upsert, delete before the first batch
        assertThat(tables.setIncremental("orders", java.util.List.of("ordered_on", "ID"), false, true)).isEmpty();
        DatabaseSpec.Incremental chosen = new DatabaseSpec.Incremental(java.util.List.of("ordered_on", "id"),
                DatabaseSpec.Incremental.Upsert.OFF, DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH);
        assertThat(row("orders").incremental()).isEqualTo(chosen);
        assertThat(tables.suggestedIncremental("orders")).as("the editor shows the table's own settings").isEqualTo(chosen);
        // a lookback window from an opened plan has no field in the editor: changing the cursor keeps it
        draft.set(draft.get().withIncremental("orders", new DatabaseSpec.Incremental(chosen.cursor(), chosen.upsert(), chosen.delete(), "10 minutes")));
        assertThat(tables.setIncremental("orders", java.util.List.of("ordered_on", "id"), true, true)).isEmpty();
        assertThat(draft.get().incremental("orders").lookback()).isEqualTo("10 minutes");
        draft.set(draft.get().withIncremental("orders", chosen));

        // the saved plan says so, and reopening it gives the same rows
        String yaml = dev.drover.engine.plan.PlanYaml.write(draft.get().toPlan());
        assertThat(yaml).contains("incremental").contains("ordered_on");
        Draft reloaded = Draft.fromPlan(dev.drover.engine.plan.PlanYaml.read(yaml, "plan.yaml"));
        assertThat(reloaded).isEqualTo(draft.get());
        Observable<Draft> again = new Observable<>(reloaded);
        try (TablesModel reopened = new TablesModel(source, again)) {
            assertThat(reopened.rows().get()).extracting(TablesModel.Row::table, TablesModel.Row::mode, TablesModel.Row::incremental)
                    .contains(tuple("orders", TableMode.INCREMENTAL, chosen), tuple("customers", TableMode.CREATE, null));
        }

        // another mode, or leaving the table out, ends it
        tables.setMode("orders", TableMode.EXISTING);
        assertThat(draft.get().incremental()).isEmpty();
        assertThat(draft.get().tableModes()).containsOnlyKeys("orders");
        tables.setMode("orders", TableMode.INCREMENTAL);
        assertThat(draft.get().tableModes()).as("a table has a table mode or incremental settings").isEmpty();
        assertThat(draft.get().incremental()).containsOnlyKeys("orders");
        tables.select("orders", false);
        assertThat(draft.get().incremental()).isEmpty();
        assertThat(row("orders").mode()).isEqualTo(TableMode.SKIP);
    }

    @Test
    void aCursorTheTableCannotHaveIsRefusedWithTheReason() {
        assertThat(tables.setIncremental("orders", java.util.List.of(), true, false)).get().asString().contains("choose the cursor");
        assertThat(tables.setIncremental("orders", java.util.List.of(" ", ""), true, false)).get().asString().contains("choose the cursor");
        assertThat(tables.setIncremental("orders", java.util.List.of("updated_at"), true, false)).get().asString()
                .contains("updated_at is not a column of").contains("orders").contains("ordered_on");
        assertThat(tables.setIncremental("orders", java.util.List.of("id", "Id"), true, false)).get().asString().contains("twice");
        assertThat(draft.get().incremental()).isEmpty();
        assertThat(tables.columns("orders")).startsWith("id", "customer_id", "ordered_on");
        assertThat(tables.primaryKey("orders")).containsExactly("id");
    }

    @Test
    void aPlanModeThatExcludesIncrementalTablesIsAProblemThatBlocksThePage() {
        draft.set(draft.get().withTarget("postgresql://u@h/db", null));
        tables.setMode("customers", TableMode.INCREMENTAL);
        assertThat(tables.problem().get()).isNull();
        draft.set(draft.get().withIncludeDrop(true));
        assertThat(tables.problem().get()).contains("include drop").contains("customers");
        assertThat(draft.get().problems()).anyMatch(p -> p.contains("include drop"));
        draft.set(draft.get().withIncludeDrop(false).withMode(DatabaseSpec.Mode.SCHEMA_ONLY));
        assertThat(tables.problem().get()).contains("schema only");
        draft.set(draft.get().withMode(DatabaseSpec.Mode.ALL));
        assertThat(tables.problem().get()).isNull();
        // a cursor column the source lost (a hand-edited plan) is named
        draft.set(draft.get().withIncremental("customers", new DatabaseSpec.Incremental(java.util.List.of("changed_at"), null, null)));
        assertThat(tables.problem().get()).contains("changed_at is not a column of").contains("customers");
    }

    @Test
    void aRunIntoExistingTablesBecomesOneThatCreatesWhenATableTurnsIncrementalTheOthersKeepTheirModes() {
        draft.set(draft.get().withTarget("postgresql://u@h/db", null).withTableMode(TableMode.EXISTING));
        tables.setMode("orders", TableMode.INCREMENTAL);
        assertThat(draft.get().mode()).isEqualTo(DatabaseSpec.Mode.ALL);
        assertThat(tables.rows().get()).extracting(TablesModel.Row::table, TablesModel.Row::mode).containsExactlyInAnyOrder(
                tuple("customers", TableMode.EXISTING), tuple("products", TableMode.EXISTING),
                tuple("orders", TableMode.INCREMENTAL), tuple("order_lines", TableMode.EXISTING));
        assertThat(draft.get().problems()).isEmpty();
        assertThat(tables.problem().get()).isNull();
    }

    @Test
    void theSuggestedCursorIsAnUpdatedAtColumnThenThePrimaryKeyOrTheIntegerKeyAlone() {
        var id = column("id", 1, "integer");
        var updated = column("updated_at", 2, "timestamp");
        var name = column("name", 3, "text");
        var key = new dev.drover.engine.catalog.SourceTable.PrimaryKey("pk", java.util.List.of("id"));
        assertThat(TablesModel.suggestedCursor(table(java.util.List.of(id, name, updated), key))).contains(java.util.List.of("updated_at", "id"));
        assertThat(TablesModel.suggestedCursor(table(java.util.List.of(id, name), key))).contains(java.util.List.of("id"));
        assertThat(TablesModel.suggestedCursor(table(java.util.List.of(name, updated), null))).contains(java.util.List.of("updated_at"));
        assertThat(TablesModel.suggestedCursor(table(java.util.List.of(id, name), null))).isEmpty();
    }

    private static dev.drover.engine.catalog.SourceColumn column(String name, int position, String type) {
        return new dev.drover.engine.catalog.SourceColumn(name, position, type, type, null, null, false, true, null, false, false,
                null, null, null);
    }

    private static dev.drover.engine.catalog.SourceTable table(java.util.List<dev.drover.engine.catalog.SourceColumn> columns,
                                                               dev.drover.engine.catalog.SourceTable.PrimaryKey key) {
        return new dev.drover.engine.catalog.SourceTable("main", "t", columns, key, java.util.List.of(), java.util.List.of(),
                java.util.List.of(), 10, null);
    }

    @Test
    void closingDetachesFromTheDraft() {
        int before = draft.listenerCount();
        tables.close();
        assertThat(draft.listenerCount()).isEqualTo(before - 1);
    }

    private TablesModel.Row row(String table) {
        return tables.rows().get().stream().filter(r -> r.table().equals(table)).findFirst().orElseThrow();
    }
}
