package dev.drover.engine.pgloader;

import static dev.drover.engine.pgloader.Parsing.only;
import static dev.drover.engine.pgloader.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.pgloader.FieldOption.DateFormat;
import dev.drover.engine.pgloader.FieldOption.NullIf;
import dev.drover.engine.pgloader.FieldOption.Side;
import dev.drover.engine.pgloader.FieldOption.Trim;
import dev.drover.engine.pgloader.Option.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileCommandsTest {
    private static final Path RESOURCES = Path.of("src/test/resources/pgloader");

    @Test
    void readsTheCsvExampleOfTheReferenceWithEveryClause() throws IOException {
        CommandFile file = CommandFile.read(RESOURCES.resolve("customers.load"), Map.of());
        assertThat(file.warnings()).isEmpty();
        LoadCsv csv = (LoadCsv) file.commands().get(0);
        assertThat(csv.position()).isEqualTo(new Position(1, 1));
        assertThat(csv.source()).isEqualTo(new FileSource.Path("exports/customers-*.csv", true, null, new Position(2, 11)));
        assertThat(csv.encoding()).isEqualTo("latin1");
        assertThat(csv.fields()).extracting(Field::name).containsExactly("id", "name", "signup", "country", "ip_num");
        assertThat(csv.fields().get(1).options()).containsExactly(new Trim(Side.BOTH, new Position(7, 20)));
        assertThat(csv.fields().get(2).options()).containsExactly(new DateFormat("DD/MM/YYYY", new Position(8, 20)));
        assertThat(csv.fields().get(3).options()).extracting(o -> ((NullIf) o).value()).containsExactly(null, "N/A");
        assertThat(csv.fields().get(3).position()).isEqualTo(new Position(9, 9));
        assertThat(csv.target().url()).isEqualTo("postgresql://loader@db.internal/crm");
        assertThat(csv.target().uriTable()).isNull();
        assertThat(csv.target().table()).isEqualTo("crm.customer");
        assertThat(csv.columns()).extracting(Column::name).containsExactly("id", "name", "signup", "country", "ip", "source");
        Column ip = csv.columns().get(4);
        assertThat(ip.type()).isEqualTo("text");
        assertThat(ip.using()).isInstanceOfSatisfying(Expr.Call.class, c -> {
            assertThat(c.operator()).isEqualTo("int-to-ip");
            assertThat(c.args()).singleElement().isInstanceOfSatisfying(Expr.Call.class, inner -> {
                assertThat(inner.operator()).isEqualTo("parse-integer");
                assertThat(inner.args()).containsExactly(new Expr.FieldRef("ip_num", new Position(17, 54)));
            });
        });
        assertThat(csv.columns().get(5).using()).isEqualTo(new Expr.Text("import-2024", new Position(18, 28)));
        assertThat(csv.options()).extracting(Option::toString)
                .containsExactly("skip header 1", "fields terminated by ;", "fields optionally enclosed by \"", "truncate", "batch rows 10000");
        assertThat(csv.option("skip header").value()).isEqualTo(new Option.Value(Kind.NUMBER, "1", new Position(20, 20)));
        assertThat(csv.option("truncate")).isEqualTo(new Option("truncate", null, new Position(23, 6)));
        assertThat(csv.parameters()).containsExactly(new SetParameter("work_mem", "64MB", new Position(25, 6)),
                new SetParameter("search_path", "crm, public", new Position(25, 26)));
        assertThat(csv.beforeLoad().statements()).singleElement().asString().contains("create table if not exists crm.customer");
        assertThat(csv.beforeLoad().position()).isEqualTo(new Position(26, 1));
        assertThat(csv.afterLoad()).isNull();
        assertThat(csv.inlineData()).isNull();
    }

    @Test
    void readsTheFixedExampleWithPositionsAndFieldOptions() {
        LoadFixed fixed = (LoadFixed) only("""
                LOAD FIXED
                     FROM 'legacy/ledger.txt' WITH ENCODING cp850
                     (
                        account   from  0 for 10,
                        posted    from 10 for  8 [date format 'YYYYMMDD'],
                        amount    from 18 for 12 [trim left whitespace],
                        memo      from 30 for 40 [null if blanks, trim right whitespace],
                        flags     0x46 2
                     )
                     INTO postgresql:///books
                     TARGET TABLE public.ledger
                WITH truncate, skip header = 1, fixed header;
                """);
        assertThat(fixed.encoding()).isEqualTo("cp850");
        assertThat(fixed.fields()).extracting(Field::name, Field::start, Field::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple("account", 0, 10), org.assertj.core.groups.Tuple.tuple("posted", 10, 8),
                org.assertj.core.groups.Tuple.tuple("amount", 18, 12), org.assertj.core.groups.Tuple.tuple("memo", 30, 40),
                org.assertj.core.groups.Tuple.tuple("flags", 70, 2));
        assertThat(fixed.fields().get(3).options()).extracting(Object::getClass).containsExactly(NullIf.class, Trim.class);
        assertThat(fixed.target().table()).isEqualTo("public.ledger");
        assertThat(fixed.options()).extracting(Option::name).containsExactly("truncate", "skip header", "fixed header");
    }

    @Test
    void readsTheCopyExampleWithTheTableInTheUrl() {
        LoadCopy copy = (LoadCopy) only("""
                LOAD COPY
                     FROM copy://dumps/events.copy
                     (event_id, happened_at, payload)
                     INTO postgresql:///analytics?public.events
                WITH delimiter '\\t', null '\\N', truncate;
                """);
        assertThat(copy.source()).isEqualTo(new FileSource.Path("dumps/events.copy", false, "copy", new Position(2, 11)));
        assertThat(copy.fields()).extracting(Field::name).containsExactly("event_id", "happened_at", "payload");
        assertThat(copy.target().table()).isEqualTo("public.events");
        assertThat(copy.option("delimiter").value().text()).isEqualTo("\\t");
        assertThat(copy.option("null").value()).extracting(Option.Value::kind, Option.Value::text).containsExactly(Kind.QUOTED, "\\N");
    }

    @Test
    void readsCopyNullInDoubleQuotesAndSetPostgresqlParameters() {
        LoadCopy copy = (LoadCopy) only("""
                LOAD COPY FROM stdin INTO postgresql:///db?t
                WITH null "--", delimiter '|', skip header = 0
                SET PostgreSQL PARAMETERS statement_timeout = '0', application_name to 'nightly';
                """);
        assertThat(copy.option("null").value()).extracting(Option.Value::kind, Option.Value::text).containsExactly(Kind.DOUBLE_QUOTED, "--");
        assertThat(copy.parameters()).extracting(SetParameter::name, SetParameter::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("statement_timeout", "0"), org.assertj.core.groups.Tuple.tuple("application_name", "nightly"));
    }

    @Test
    void readsTheIgnoredTerminatedByFieldOption() {
        LoadCsv csv = (LoadCsv) only("LOAD CSV FROM x.csv HAVING FIELDS (a [terminated by '\\t', null if '-']) INTO postgresql:///db?t;");
        assertThat(csv.fields().get(0).options()).containsExactly(new FieldOption.TerminatedBy("\\t", new Position(1, 39)),
                new FieldOption.NullIf("-", new Position(1, 59)));
    }

    @Test
    void readsEveryFormOfFileSource() {
        assertThat(source("stdin")).isInstanceOf(FileSource.Stdin.class);
        assertThat(source("-")).isInstanceOf(FileSource.Stdin.class);
        assertThat(source("data/x.csv")).isEqualTo(new FileSource.Path("data/x.csv", false, null, new Position(1, 15)));
        assertThat(source("csv://data/x.csv")).isEqualTo(new FileSource.Path("data/x.csv", false, "csv", new Position(1, 15)));
        assertThat(source("'with space.csv'")).isEqualTo(new FileSource.Path("with space.csv", true, null, new Position(1, 15)));
        assertThat(source("https://example.org/x.zip")).isEqualTo(new FileSource.Url("https://example.org/x.zip", new Position(1, 15)));
        FileSource.Matching all = (FileSource.Matching) source("ALL FILENAMES MATCHING ~/customers-.*[.]csv$/ IN DIRECTORY 'exports'");
        assertThat(all.all()).isTrue();
        assertThat(all.regex().text()).isEqualTo("customers-.*[.]csv$");
        assertThat(all.directory()).isEqualTo("exports");
        FileSource.Matching first = (FileSource.Matching) source("first filename matching ~<a|b>");
        assertThat(first.all()).isFalse();
        assertThat(first.regex().text()).isEqualTo("a|b");
        assertThat(first.directory()).isNull();
        assertThat(((FileSource.Matching) source("filename matching ~|x/y| in directory data")).directory()).isEqualTo("data");
        // keywords only when they are the whole token
        assertThat(source("all.csv")).isEqualTo(new FileSource.Path("all.csv", false, null, new Position(1, 15)));
        assertThat(source("stdin.csv")).isInstanceOf(FileSource.Path.class);
        assertThat(source("inline-data.txt")).isInstanceOf(FileSource.Path.class);
        assertThat(source("INLINE")).isInstanceOf(FileSource.Inline.class);
    }

    private static FileSource source(String from) {
        return ((LoadCsv) only("LOAD CSV FROM " + from + " INTO postgresql:///db?t;")).source();
    }

    @Test
    void takesTheTableFromTheUrlOrTargetTable() {
        LoadCsv a = (LoadCsv) only("LOAD CSV FROM x.csv INTO postgresql://u@h:5432/db?sslmode=require&tablename=s.t;");
        assertThat(a.target().uriTable()).isEqualTo("s.t");
        LoadCsv b = (LoadCsv) only("LOAD CSV FROM x.csv INTO pgsql:///db?t TARGET TABLE \"Sales\".\"Orders\";");
        assertThat(b.target().uriTable()).isEqualTo("t");
        assertThat(b.target().table()).isEqualTo("\"Sales\".\"Orders\"");
    }

    @Test
    void readsFieldAndColumnNamesLowerCasedUnlessQuoted() {
        LoadCsv csv = (LoadCsv) only("LOAD CSV FROM x.csv (Id, \"MixedCase\", a.b) INTO postgresql:///db?t (ID, \"Name\" using \"Id\");");
        assertThat(csv.fields()).extracting(Field::name, Field::quoted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("id", false), org.assertj.core.groups.Tuple.tuple("MixedCase", true),
                org.assertj.core.groups.Tuple.tuple("a.b", false));
        assertThat(csv.columns()).extracting(Column::name).containsExactly("id", "Name");
        assertThat(csv.columns().get(1).type()).isNull(); // v4's "name using expr" without a type
    }

    @Test
    void keepsTheKindOfEachOptionValue() {
        LoadCsv csv = (LoadCsv) only("""
                LOAD CSV FROM x.csv INTO postgresql:///db?t
                WITH csv header, fields escaped by backslash-quote, fields terminated by '0x09',
                     fields enclosed by '''', lines terminated by '|', batch size = 20 MB, csv escape mode following,
                     null if 'NULL', date format 'YYYY-MM-DD', on error stop, keep unquoted blanks, drop no indexes,
                     workers = 8, concurrency = 2, prefetch rows = 1000, max parallel create index = 2, quote identifiers;
                """);
        assertThat(csv.option("fields escaped by").value()).extracting(Option.Value::kind, Option.Value::text).containsExactly(Kind.WORD, "backslash-quote");
        assertThat(csv.option("fields terminated by").value().text()).isEqualTo("0x09");
        assertThat(csv.option("fields enclosed by").value().text()).isEqualTo("''");
        assertThat(csv.option("batch size").value()).extracting(Option.Value::kind, Option.Value::text).containsExactly(Kind.SIZE, "20MB");
        assertThat(csv.option("csv escape mode").value().text()).isEqualTo("following");
        assertThat(csv.option("null if").value().text()).isEqualTo("NULL");
        assertThat(csv.options()).extracting(Option::name).contains("on error stop", "keep unquoted blanks", "drop no indexes",
                "max parallel create index", "quote identifiers");
    }

    @Test
    void readsSqlBlocksWithSeveralItemsInOrder() {
        LoadCsv csv = (LoadCsv) only("""
                LOAD CSV FROM x.csv INTO postgresql:///db?t
                BEFORE LOAD DO $$ create schema if not exists s; $$, $$ drop table if exists s.t; $$
                            EXECUTE 'create.sql'
                AFTER LOAD EXECUTE sql/after.sql DO $$ analyze s.t; $$;
                """);
        assertThat(csv.beforeLoad().items()).hasSize(3);
        assertThat(csv.beforeLoad().statements()).containsExactly(" create schema if not exists s; ", " drop table if exists s.t; ");
        assertThat(csv.beforeLoad().files()).containsExactly("create.sql");
        assertThat(csv.beforeLoad().items().get(2).position()).isEqualTo(new Position(3, 21));
        assertThat(csv.afterLoad().items()).extracting(Object::getClass).containsExactly(SqlBlock.ExecuteFile.class, SqlBlock.Sql.class);
        assertThat(csv.afterLoad().files()).containsExactly("sql/after.sql");
    }

    @Test
    void takesInlineDataFromTheRawFileAfterTheCommand() {
        String text = """
                LOAD CSV FROM inline (a, b) INTO postgresql:///{{DB}}?t
                WITH fields terminated by ',';

                -- a comment pgloader swallows
                1,x
                2,{{not a template}}
                """;
        CommandFile f = CommandFile.parse("t.load", text.replace("{{not a template}}", "y"), Map.of("DB", "a_much_longer_db_name"));
        LoadCsv csv = (LoadCsv) f.commands().get(0);
        assertThat(csv.source()).isInstanceOf(FileSource.Inline.class);
        assertThat(csv.inlineData()).isEqualTo(new InlineData("1,x\n2,y\n", new Position(5, 1)));
    }

    @Test
    void readsSeveralCommandsInOrder() {
        CommandFile f = parse("""
                load csv from a.csv into postgresql:///db?a;
                LOAD Fixed FROM b.txt (x 0 1) INTO postgresql:///db?b;
                Load Copy From c.copy Into postgresql:///db?c;
                LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db;
                """);
        assertThat(f.commands()).extracting(Object::getClass).containsExactly(LoadCsv.class, LoadFixed.class, LoadCopy.class, LoadDatabase.class);
        assertThat(f.commands()).extracting(Command::position).extracting(Position::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void treatsCommentsAsWhitespaceEverywhere() {
        LoadCsv csv = (LoadCsv) only("""
                /* header
                   comment */ LOAD -- here
                CSV /* there */ FROM /**/ x.csv -- after the path
                ( a /* in the list */ , -- and here
                  b [ null if blanks /* inside options */ ] )
                INTO postgresql:///db?t -- after the URL
                WITH /* before */ truncate /* after */ , -- between options
                 skip /* even inside a name */ header = 1
                ; -- after the end""");
        assertThat(csv.position()).isEqualTo(new Position(2, 15));
        assertThat(csv.fields()).extracting(Field::name).containsExactly("a", "b");
        assertThat(csv.options()).extracting(Option::toString).containsExactly("truncate", "skip header 1");
    }

    @Test
    void acceptsAMissingFinalSemicolonWithAWarning() {
        CommandFile f = parse("LOAD CSV FROM x.csv INTO postgresql:///db?t WITH truncate\n");
        assertThat(f.commands()).hasSize(1);
        assertThat(f.warnings()).extracting(Warning::message).containsExactly("LOAD CSV is not ended by ';' (pgloader v3 requires it; v4 does not)");
    }

    @Test
    void warnsThatCopyIgnoresUsingExpressions() {
        CommandFile f = parse("LOAD COPY FROM x.copy INTO postgresql:///db?t (a text using (string-upcase a));");
        assertThat(f.warnings()).singleElement().extracting(Warning::position).isEqualTo(new Position(1, 48));
    }

    @Test
    void ignoresAByteOrderMark() {
        assertThat(only("\uFEFFLOAD CSV FROM x.csv INTO postgresql:///db?t;").position()).isEqualTo(new Position(1, 1));
    }

    @Test
    void acceptsKeywordsInAnyCase() {
        LoadCsv csv = (LoadCsv) only("lOaD cSv FrOm X.CSV iNtO postgresql:///db?t wItH SKIP HEADER = 2, Fields Terminated By ';';");
        assertThat(csv.options()).extracting(Option::name).containsExactly("skip header", "fields terminated by");
        assertThat(((FileSource.Path) csv.source()).path()).isEqualTo("X.CSV");
        assertThat(List.of(csv.position())).containsExactly(new Position(1, 1));
    }
}
