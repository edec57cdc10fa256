package dev.drover.engine.plan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlanYamlTest {

    static Plan samplePlan() {
        CsvSource src = new CsvSource(List.of("data/a.csv", "data/*.tsv"), "latin1", '\t', null, null, true, 2,
                List.of("", "NA", "\\N"), false, CsvSource.FieldCountPolicy.FIX, CsvSource.FieldCountPolicy.REJECT);
        LoadOptions o = new LoadOptions(8, 3, 10_000, 64L * 1024, 4, OnError.STOP, ErrorLimit.parse("2.5%"),
                Path.of("/tmp/rejects"), true, CreateTable.INFER, true, true, 3,
                Map.of("work_mem", "64MB", "synchronous_commit", "off"), List.of("SET x = 1", "select 'a: b'"),
                List.of("ANALYZE public.t"), List.of());
        TableLoad t1 = new TableLoad("public.t", src, List.of(
                ColumnSpec.byField("id", "ID"), ColumnSpec.byPosition("name", 3), ColumnSpec.constant("origin", "import"),
                new ColumnSpec("price", "Price", null, null, List.of("", "-"))));
        TableLoad t2 = new TableLoad("\"My Table\"", CsvSource.defaults(List.of("-")), List.of());
        return new Plan(1, new TargetSpec("postgresql://loader@db.example.com:5433/shop?sslmode=require", "SHOP_PW"), o,
                List.of(t1, t2));
    }

    @Test
    void roundTrip() {
        Plan p = samplePlan();
        String yaml = PlanYaml.write(p);
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(p);
    }

    @Test
    void roundTripOfDefaults() {
        Plan p = new Plan(1, new TargetSpec("postgresql:///db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", CsvSource.defaults(List.of("x.csv")), List.of())));
        assertThat(PlanYaml.read(PlanYaml.write(p), "p.yaml")).isEqualTo(p);
    }

    @Test
    void pgloaderCsvKeysRoundTripAndOldPlansKeepTheirMeaning() {
        CsvSource d = CsvSource.defaults(List.of("x.csv"));
        CsvSource s = new CsvSource(d.files(), d.encoding(), '\t', '"', '\\', true, 1, d.nullMarkers(), true,
                d.extraFields(), d.missingFields(), List.of(), CsvSource.Format.CSV, CsvSource.EscapeMode.QUOTE, '¶', true);
        Plan p = new Plan(1, new TargetSpec("postgresql:///db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", s, List.of())));
        String yaml = PlanYaml.write(p);
        assertThat(yaml).contains("escape_mode: quote").contains("line_terminator: ¶").contains("guess_delimiter: true");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(p);
        // a plan without the keys: the escape escapes whatever follows, LF/CRLF/CR, the delimiter as written
        CsvSource old = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: t
                    source: {csv: {files: [a.csv], escape: "\\\\"}}
                """, "p.yaml").tables().get(0).source();
        assertThat(old.escapeMode()).isEqualTo(CsvSource.EscapeMode.FOLLOWING);
        assertThat(old.lineTerminator()).isNull();
        assertThat(old.guessDelimiter()).isFalse();
        assertThat(PlanYaml.write(new Plan(1, new TargetSpec("postgresql:///db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", old, List.of()))))).doesNotContain("escape_mode").doesNotContain("line_terminator")
                .doesNotContain("guess_delimiter");
    }

    @Test
    void aTableDateFormatRoundTripsAndABadOneIsNamed() {
        Plan p = new Plan(1, new TargetSpec("postgresql:///db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", CsvSource.defaults(List.of("x.csv")), List.of(), List.of(), "DD/MM/YYYY")));
        String yaml = PlanYaml.write(p);
        assertThat(yaml).contains("date_format: DD/MM/YYYY");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(p);
        assertThatThrownBy(() -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: t
                    source: {csv: {files: [a.csv]}}
                    date_format: "DD/MM/YYYY Q"
                """, "p.yaml")).hasMessageContaining("p.yaml:6:").hasMessageContaining("date_format");
    }

    @Test
    void omittedOptionsTakeTheDefaults() {
        Plan p = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables:
                  - table: public.t
                    source: {csv: {files: [a.csv]}}
                """, "p.yaml");
        assertThat(p.options()).isEqualTo(LoadOptions.defaults());
        assertThat(p.tables().get(0).source()).isEqualTo(CsvSource.defaults(List.of("a.csv")));
        assertThat(p.target().passwordEnv()).isNull();
    }

    @Test
    void readsEveryOptionSpelling() {
        Plan p = PlanYaml.read("""
                version: 1
                target:
                  url: postgresql://u@h/db
                  password_env: PW
                options:
                  batch_size: 64kB
                  max_errors: "100"
                  on_error: stop
                  create_table: no
                  truncate: yes
                tables:
                  - table: t
                    source:
                      csv:
                        files: a.csv
                        delimiter: "\\t"
                        quote: null
                        escape: backslash
                        header: true
                        null: [NA]
                """, "p.yaml");
        assertThat(p.options().batchBytes()).isEqualTo(65536);
        assertThat(p.options().maxErrors()).isEqualTo(new ErrorLimit(100L, null));
        assertThat(p.options().onError()).isEqualTo(OnError.STOP);
        assertThat(p.options().createTable()).isEqualTo(CreateTable.NO);
        assertThat(p.options().truncate()).isTrue();
        CsvSource s = p.tables().get(0).source();
        assertThat(s.delimiter()).isEqualTo('\t');
        assertThat(s.quote()).isNull();
        assertThat(s.escape()).isEqualTo('\\');
        assertThat(s.nullMarkers()).containsExactly("NA");
        assertThat(s.files()).containsExactly("a.csv");
    }

    @Test
    void aDatabasePlanRoundTripsWithItsCastRules() {
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", "PW"), LoadOptions.defaults(), List.of(),
                new DatabaseSpec("sqlite:///data/shop.db", "shop", true, List.of("type int to bigint", "column orders.total to numeric(12,2) drop default")));
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("database:").contains("source: sqlite:///data/shop.db").doesNotContain("tables:");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        Plan minimal = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "sqlite:///x.db"}
                """, "p.yaml");
        assertThat(minimal.database()).isEqualTo(new DatabaseSpec("sqlite:///x.db", null, false, List.of()));
        assertThat(minimal.tables()).isEmpty();
    }

    @Test
    void tableModesRoundTripAndAWrongModeIsNamedWithTheAllowedOnes() {
        DatabaseSpec d = new DatabaseSpec("sqlite:///data/shop.db", "shop", true, List.of()).withTableModes(
                new java.util.LinkedHashMap<>(Map.of("orders", DatabaseSpec.TableMode.EXISTING)));
        d = d.withTableModes(Map.of("orders", DatabaseSpec.TableMode.EXISTING, "main.Customers", DatabaseSpec.TableMode.TRUNCATE));
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(), d);
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("table_modes:").contains("orders: existing").contains("main.Customers: truncate");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        assertThat(PlanYaml.write(PlanYaml.read(yaml, "p.yaml"))).isEqualTo(yaml);

        Plan written = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///x.db"
                  table_modes: {orders: existing, customers: Truncate, products: create}
                """, "p.yaml");
        assertThat(written.database().tableModes()).containsExactly(Map.entry("orders", DatabaseSpec.TableMode.EXISTING),
                Map.entry("customers", DatabaseSpec.TableMode.TRUNCATE), Map.entry("products", DatabaseSpec.TableMode.CREATE));

        PlanException wrong = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///x.db"
                  table_modes:
                    orders: exsting
                """, "p.yaml"));
        assertThat(wrong.problems()).extracting(Throwable::getMessage).singleElement().satisfies(m -> assertThat(m)
                .startsWith("p.yaml:6:13: table_modes of orders must be one of create, existing, truncate, not 'exsting'")
                .contains("did you mean 'existing'?"));

        PlanException schemaOnly = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///x.db"
                  mode: schema_only
                  table_modes: {orders: existing}
                """, "p.yaml"));
        assertThat(schemaOnly.getMessage()).contains("schema only loads none").contains("[orders]");
        PlanException dataOnly = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///x.db"
                  mode: data_only
                  table_modes: {orders: create, customers: truncate}
                """, "p.yaml"));
        assertThat(dataOnly.getMessage()).contains("table mode create cannot be given to [orders]").doesNotContain("customers");
    }

    @Test
    void materializedViewsAndQueriesRoundTrip() {
        DatabaseSpec d = new DatabaseSpec("mysql://app@h/shop", "shop", false, List.of(), null, List.of(), List.of("^tmp_"), null,
                Map.of(), List.of(DatabaseSpec.Materialize.view("v_orders"), DatabaseSpec.Materialize.view("*"),
                DatabaseSpec.Materialize.query("big_orders", "select o.id, o.total\nfrom orders o\nwhere o.total > 100;  ")));
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(), d);
        String yaml = PlanYaml.write(plan);
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        // the trailing semicolon is not part of the query: it could not stand inside SELECT ... FROM (query) q
        assertThat(d.materialize().get(2).sql()).isEqualTo("select o.id, o.total\nfrom orders o\nwhere o.total > 100");
        Plan written = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///x.db"
                  materialize:
                    - v_orders
                    - "*"
                    - name: big_orders
                      query: |
                        select * from orders
                        where total > 100
                """, "p.yaml");
        assertThat(written.database().materialize()).containsExactly(DatabaseSpec.Materialize.view("v_orders"),
                DatabaseSpec.Materialize.view("*"),
                DatabaseSpec.Materialize.query("big_orders", "select * from orders\nwhere total > 100"));
        assertThat(written.database().materialize().get(1).allViews()).isTrue();
        // plans written before materialize existed read as before
        assertThat(PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "sqlite:///x.db"}
                """, "p.yaml").database().materialize()).isEmpty();
    }

    @Test
    void badMaterializeEntriesAreNamedWithTheirPosition() {
        String yaml = """
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "sqlite:///x.db"
                  materialize:
                    - name: big
                    - query: select 1
                    - [a, b]
                    - name: "*"
                      query: select 1
                    - name: big
                      query: select 1
                      qeury: select 2
                """;
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read(yaml, "plan.yaml"));
        List<String> messages = e.problems().stream().map(Throwable::getMessage).toList();
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:6:7: materialize entry 1: missing 'query'"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:7:7: materialize entry 2: missing 'name'"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:8:7: materialize entry 3 must be a view name or {name, query}, not a list"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:9:7: materialize entry 4: '*' cannot name a query's table"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:13:7: unknown key 'qeury'") && m.contains("query"));
        PlanException notAList = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "sqlite:///x.db", materialize: v_orders}
                """, "plan.yaml"));
        assertThat(notAList.problems().get(0).getMessage()).contains("materialize must be a list").contains("e.g. materialize: [v_orders");
    }

    @Test
    void materializeZeroDatesAndVerifySampleRoundTripTogether() {
        DatabaseSpec d = new DatabaseSpec("mysql://app@h/shop", "shop", false, List.of(), null, List.of(), List.of(), null, null,
                dev.drover.engine.cast.ZeroDates.REJECT, 40, List.of(DatabaseSpec.Materialize.view("v_orders"),
                DatabaseSpec.Materialize.query("big", "select * from orders where total > 100")));
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(), d);
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("zero_dates: reject").contains("verify_sample: 40").contains("materialize:");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        // the shorter constructors leave the newer fields at their defaults
        DatabaseSpec old = new DatabaseSpec("mysql://app@h/shop", "shop", false, List.of(), null, List.of(), List.of(), null, null);
        assertThat(old.zeroDates()).isEqualTo(dev.drover.engine.cast.ZeroDates.NULL);
        assertThat(old.verifySample()).isZero();
        assertThat(old.materialize()).isEmpty();
    }

    @Test
    void zeroDatesAndVerifySampleRoundTripAndBadValuesAreNamed() {
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(),
                new DatabaseSpec("mysql://app@h/shop", "shop", false, List.of(), null, List.of(), List.of(), null, null,
                        dev.drover.engine.cast.ZeroDates.parse("1970-01-01"), 250));
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("zero_dates: 1970-01-01").contains("verify_sample: 250");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        Plan reject = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "mysql://app@h/shop", zero_dates: reject}
                """, "p.yaml");
        assertThat(reject.database().zeroDates()).isEqualTo(dev.drover.engine.cast.ZeroDates.REJECT);
        assertThat(reject.database().verifySample()).isZero();
        assertThatThrownBy(() -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "mysql://app@h/shop", zero_dates: 2024-02-30, verify_sample: -1}
                """, "p.yaml")).isInstanceOf(PlanException.class)
                .hasMessageContaining("p.yaml:3:")
                .satisfies(e -> assertThat(((PlanException) e).problems()).extracting(Throwable::getMessage).anySatisfy(m ->
                        assertThat(m).contains("zero dates must be null, reject, or a date such as 1970-01-01"))
                        .anySatisfy(m -> assertThat(m).contains("verify_sample must be at least 0")));
    }

    @Test
    void databasePlanMistakesAreNamedWithTheirPosition() {
        String yaml = """
                version: 1
                target: {url: "postgresql://u@h/db"}
                database:
                  source: "mysql://root:secret@h/db"
                  include_drop: perhaps
                  casts:
                    - type int to bigint
                    - type int too bigint
                  shema: x
                tables:
                  - table: t
                    source: {csv: {files: [a.csv]}}
                """;
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read(yaml, "plan.yaml"));
        List<String> messages = e.problems().stream().map(Throwable::getMessage).toList();
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:3:1: a plan has either 'tables' (files) or 'database'"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:9:3: unknown key 'shema'") && m.contains("schema"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:5:17: include_drop must be true or false"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:8:7: cast rule 2:"));
        assertThat(messages).anyMatch(m -> m.startsWith("plan.yaml:4:11:") && m.contains("password"));
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        String yaml = """
                version: 1
                target: {url: "postgresql://u@h/db"}
                options:
                  batchrows: 10
                tables:
                  - table: t
                    source: {csv: {files: [a.csv], delimeter: ";"}}
                """;
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read(yaml, "plan.yaml"));
        assertThat(e.problems()).extracting(Throwable::getMessage).containsExactly(
                "plan.yaml:4:3: unknown key 'batchrows' (did you mean 'batch_rows'?)",
                "plan.yaml:7:36: unknown key 'delimeter' (did you mean 'delimiter'?)");
        assertThat(e.problems().get(0).line()).isEqualTo(4);
        assertThat(e.problems().get(0).column()).isEqualTo(3);
        assertThat(e.problems().get(0).suggestion()).isEqualTo("did you mean 'batch_rows'?");
    }

    @Test
    void collectsEveryError() {
        String yaml = """
                version: 1
                target:
                  url: postgresql://u@h/db
                options:
                  workers: 0
                  batch_size: 10 parsecs
                  on_error: maybe
                  max_errors: lots
                tables:
                  - table: t
                    source:
                      csv:
                        files: []
                        quote: ab
                        skip_lines: -1
                  - source: {csv: {files: [b.csv]}}
                """;
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read(yaml, "plan.yaml"));
        assertThat(e.problems()).extracting(Throwable::getMessage).containsExactly(
                "plan.yaml:5:12: workers must be at least 1, not 0",
                "plan.yaml:6:15: batch_size: '10 parsecs' is not a byte size (write 65536, 64kB, 20MB or 1GB)",
                "plan.yaml:7:13: on_error must be one of resume, stop, not 'maybe'",
                "plan.yaml:8:15: max_errors must be a count (100) or a percentage (1%), not 'lots'",
                "plan.yaml:13:16: files is empty (list at least one file, or - for standard input)",
                "plan.yaml:14:16: quote: 'ab' is not one character (write ';', '\\t', tab or 0x09)",
                "plan.yaml:15:21: skip_lines must be at least 0, not -1",
                "plan.yaml:16:5: missing 'table' (name the target table, e.g. table: public.orders)");
        assertThat(e).hasMessage(e.problems().get(0).getMessage());
    }

    @Test
    void refusesPasswordsInPlans() {
        String yaml = """
                version: 1
                target:
                  url: postgresql://u:secret@h/db
                tables: [{table: t, source: {csv: {files: [a.csv]}}}]
                """;
        assertThatThrownBy(() -> PlanYaml.read(yaml, "plan.yaml"))
                .isInstanceOf(PlanException.class)
                .hasMessage("plan.yaml:3:8: " + PlanYaml.NO_PASSWORDS + " (remove the password from the url)")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PlanYaml.read(yaml.replace("u:secret@h/db", "u@h/db?password=x"), "plan.yaml"))
                .hasMessageContaining(PlanYaml.NO_PASSWORDS);
    }

    @Test
    void neverWritesPasswords() {
        Plan p = new Plan(1, new TargetSpec("postgresql://u:pw@h/db", null), LoadOptions.defaults(),
                List.of(new TableLoad("t", CsvSource.defaults(List.of("a.csv")), List.of())));
        assertThatThrownBy(() -> PlanYaml.write(p)).isInstanceOf(IllegalArgumentException.class).hasMessage(PlanYaml.NO_PASSWORDS);
    }

    @Test
    void versionIsRequiredAndKnown() {
        String body = """
                target: {url: "postgresql://u@h/db"}
                tables: [{table: t, source: {csv: {files: [a.csv]}}}]
                """;
        assertThatThrownBy(() -> PlanYaml.read(body, "plan.yaml"))
                .hasMessage("plan.yaml:1:1: missing 'version' (add 'version: 1' at the top)");
        assertThatThrownBy(() -> PlanYaml.read("version: 2\n" + body, "plan.yaml"))
                .hasMessage("plan.yaml:1:10: unsupported plan version '2' (this Drover reads version 1)");
    }

    @Test
    void badSslModeAndYamlSyntax() {
        assertThatThrownBy(() -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db?sslmode=always"}
                tables: [{table: t, source: {csv: {files: [a.csv]}}}]
                """, "p.yaml"))
                .hasMessageStartingWith("p.yaml:2:")
                .hasMessageContaining("invalid sslmode 'always': use one of disable, allow, prefer, require, verify-ca, verify-full");
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("version: 1\ntarget: [\n", "p.yaml"));
        assertThat(e.line()).isGreaterThan(0);
        assertThat(e.problem()).startsWith("not valid YAML");
        assertThatThrownBy(() -> PlanYaml.read("", "p.yaml")).hasMessageContaining("the plan is empty");
    }

    @Test
    void duplicateKeys() {
        assertThatThrownBy(() -> PlanYaml.read("""
                version: 1
                version: 1
                target: {url: "postgresql://u@h/db"}
                tables: [{table: t, source: {csv: {files: [a.csv]}}}]
                """, "p.yaml")).hasMessage("p.yaml:2:1: duplicate key 'version' (remove one of them)");
    }

    @Test
    void readsFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("plan.yaml");
        java.nio.file.Files.writeString(f, PlanYaml.write(samplePlan()));
        assertThat(PlanYaml.read(f)).isEqualTo(samplePlan());
        assertThatThrownBy(() -> PlanYaml.read(dir.resolve("none.yaml"))).isInstanceOf(PlanException.class)
                .hasMessageContaining("cannot read the plan");
    }

    @Test
    void byteSizes() {
        assertThat(ByteSize.parse("64kB")).isEqualTo(65536);
        assertThat(ByteSize.parse("20MB")).isEqualTo(20L << 20);
        assertThat(ByteSize.parse("20 MB")).isEqualTo(20L << 20);
        assertThat(ByteSize.parse("1GB")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("70000")).isEqualTo(70000);
        assertThatThrownBy(() -> ByteSize.parse("20mb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ByteSize.format(20L << 20)).isEqualTo("20MB");
        assertThat(ByteSize.format(70000)).isEqualTo("70000");
        assertThat(ByteSize.human(101_816_730)).isEqualTo("97.1 MB");
        assertThat(ByteSize.human(0)).isEmpty();
    }

    @Test
    void suggestions() {
        assertThat(Suggest.closest("batchrows", List.of("batch_rows", "batch_size"))).isEqualTo("batch_rows");
        assertThat(Suggest.closest("zzzzzz", List.of("batch_rows"))).isNull();
    }

    @Test
    void whatIsBuiltRoundTripsAndBadValuesAreNamed() {
        DatabaseSpec.Build build = new DatabaseSpec.Build(false, false, false, DatabaseSpec.Identity.SERIAL, DatabaseSpec.Enums.TEXT_CHECK);
        DatabaseSpec d = new DatabaseSpec("mysql://app@h/shop", "shop", false, List.of(), null, List.of(), List.of(), null, null,
                dev.drover.engine.cast.ZeroDates.NULL, 0, List.of(), build);
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(), d);
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("create_indexes: false", "foreign_keys: false", "reset_sequences: false", "identity: serial",
                "enums: text_check");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        Plan spelled = PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "mysql://app@h/shop", enums: text-check, foreign_keys: no}
                """, "p.yaml");
        assertThat(spelled.database().build()).isEqualTo(new DatabaseSpec.Build(true, false, true, DatabaseSpec.Identity.IDENTITY,
                DatabaseSpec.Enums.TEXT_CHECK));
        PlanException bad = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "mysql://app@h/shop", identity: auto, create_indexes: maybe}
                """, "p.yaml"));
        assertThat(bad.problems()).extracting(Throwable::getMessage).anySatisfy(m -> assertThat(m).contains("identity must be one of identity, serial"))
                .anySatisfy(m -> assertThat(m).contains("create_indexes must be true or false"));
    }

    @Test
    void pgloaderNamingAndStorageParametersRoundTripAndAreWrittenOnlyWhenUsed() {
        Map<String, Map<String, String>> storage = new java.util.LinkedHashMap<>();
        storage.put("items", new java.util.LinkedHashMap<>(Map.of("fillfactor", "70")));
        DatabaseSpec.Build build = new DatabaseSpec.Build(true, true, true, DatabaseSpec.Identity.SERIAL, DatabaseSpec.Enums.TYPE,
                DatabaseSpec.IndexNames.UNIQUIFY, storage);
        DatabaseSpec d = new DatabaseSpec("sqlite:///x.db", null, true, List.of(),
                dev.drover.engine.target.IdentifierPolicy.PGLOADER_SNAKE_CASE, List.of(), List.of(), null, null,
                dev.drover.engine.cast.ZeroDates.NULL, 0, List.of(), build);
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(), List.of(), d);
        String yaml = PlanYaml.write(plan);
        assertThat(yaml).contains("identifiers: pgloader_snake_case", "index_names: uniquify", "fillfactor: 70");
        assertThat(PlanYaml.read(yaml, "p.yaml")).isEqualTo(plan);
        DatabaseSpec plain = new DatabaseSpec("sqlite:///x.db", null, true, List.of());
        assertThat(PlanYaml.write(new Plan(Plan.CURRENT_VERSION, new TargetSpec("postgresql://u@h/db", null), LoadOptions.defaults(),
                List.of(), plain))).doesNotContain("index_names", "storage");
        PlanException bad = catchThrowableOfType(PlanException.class, () -> PlanYaml.read("""
                version: 1
                target: {url: "postgresql://u@h/db"}
                database: {source: "sqlite:///x.db", index_names: shorten, storage: {items: {"fill factor": "70"}}}
                """, "p.yaml"));
        assertThat(bad.problems()).extracting(Throwable::getMessage)
                .anySatisfy(m -> assertThat(m).contains("index_names must be one of keep, uniquify"))
                .anySatisfy(m -> assertThat(m).contains("storage parameter 'fill factor' of items is not a parameter name"));
    }
}
