package dev.drover.engine.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import dev.drover.engine.source.db.RowCursor;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresCatalogTest {
    static TestDatabase src;

    @BeforeAll
    static void source(TestDatabase db) throws SQLException {
        src = new TestDatabase(db.server(), SourceDatabase.create(db));
    }

    @AfterAll
    static void drop() throws SQLException {
        src.server().dropDatabase(src.name());
    }

    static SourceCatalog catalog() throws SQLException {
        try (DatabaseSource s = DatabaseSources.open(src.url() + "?schema=src")) {
            return s.catalog();
        }
    }

    static SourceColumn col(SourceTable t, String name) {
        return t.column(name).orElseThrow(() -> new AssertionError("no column " + name + " in " + t.display()));
    }

    @Test
    void readsBaseTablesAndPartitionedParentsButNotPartitionsAndListsViews() throws SQLException {
        SourceCatalog c = catalog();
        assertThat(c.kind()).isEqualTo("postgresql");
        assertThat(c.database()).isEqualTo(src.name());
        assertThat(c.tables()).extracting(SourceTable::name)
                .containsExactly("OrderLines", "all_types", "customers", "docs", "events", "line_notes", "orders");
        assertThat(c.tables()).allMatch(t -> t.schema().equals("src"));
        assertThat(c.views()).containsExactly("paid");
        assertThat(c.table("customers").orElseThrow().rowEstimate()).isEqualTo(20);
        assertThat(c.table("orders").orElseThrow().rowEstimate()).isEqualTo(-1); // never analyzed
        assertThat(c.table("customers").orElseThrow().comment()).isEqualTo("people who buy");
    }

    @Test
    void columnsCarryTheExactTypeWithItsModifierAndTheBaseName() throws SQLException {
        SourceTable t = catalog().table("all_types").orElseThrow();
        List<String> full = t.columns().stream().map(SourceColumn::fullType).toList();
        assertThat(full).containsExactly("bigint", "smallint", "integer", "bigint", "numeric(12,3)", "numeric", "real",
                "double precision", "text", "character varying(20)", "character(5)", "bytea", "boolean", "date",
                "time(0) without time zone", "timestamp without time zone", "timestamp with time zone", "interval", "uuid",
                "json", "jsonb", "integer[]", "text[]", "src.mood", "src.mood[]", "src.posint", "inet", "cidr", "numeric");
        SourceColumn n = col(t, "n");
        assertThat(n.dataType()).isEqualTo("numeric");
        assertThat(n.precision()).isEqualTo(12);
        assertThat(n.scale()).isEqualTo(3);
        SourceColumn vc = col(t, "vc");
        assertThat(vc.dataType()).isEqualTo("character varying");
        assertThat(vc.precision()).isEqualTo(20);
        assertThat(vc.scale()).isNull();
        assertThat(col(t, "tm").dataType()).isEqualTo("time without time zone");
        assertThat(col(t, "tm").precision()).isZero();
        assertThat(col(t, "m").labels()).containsExactly("sad", "ok", "happy");
        assertThat(col(t, "ma").dataType()).isEqualTo("src.mood[]");
        assertThat(col(t, "total").generated()).isEqualTo("(n * (2)::numeric)");
        assertThat(col(t, "total").defaultValue()).isNull();
        SourceTable customers = catalog().table("customers").orElseThrow();
        assertThat(col(customers, "created").fullType()).isEqualTo("timestamp(3) with time zone");
        assertThat(col(customers, "created").dataType()).isEqualTo("timestamp with time zone");
    }

    @Test
    void identityAndSerialAreAutoIncrementAndDefaultsStayExpressions() throws SQLException {
        SourceCatalog c = catalog();
        SourceColumn always = col(c.table("customers").orElseThrow(), "id");
        assertThat(always.autoIncrement()).isTrue();
        assertThat(always.defaultValue()).isNull();
        assertThat(always.nullable()).isFalse();
        assertThat(col(c.table("orders").orElseThrow(), "id").autoIncrement()).isTrue();
        SourceColumn serial = col(c.table("all_types").orElseThrow(), "id");
        assertThat(serial.autoIncrement()).isTrue();
        assertThat(serial.defaultValue()).isEqualTo("nextval('src.all_types_id_seq'::regclass)");
        SourceTable customers = c.table("customers").orElseThrow();
        assertThat(col(customers, "country").defaultValue()).isEqualTo("'FR'");
        assertThat(col(customers, "mood").defaultValue()).isEqualTo("'ok'");
        assertThat(col(customers, "created").defaultValue()).isEqualTo("now()");
        assertThat(col(customers, "email").comment()).isEqualTo("login");
        assertThat(col(customers, "email").nullable()).isFalse();
        assertThat(col(c.table("orders").orElseThrow(), "placed").defaultValue()).isEqualTo("CURRENT_DATE");
        assertThat(col(c.table("OrderLines").orElseThrow(), "Select").defaultValue()).isEqualTo("''");
    }

    @Test
    void keysIndexesForeignKeysAndChecks() throws SQLException {
        SourceCatalog c = catalog();
        SourceTable customers = c.table("customers").orElseThrow();
        assertThat(customers.primaryKey().columns()).containsExactly("id");
        assertThat(customers.indexes()).extracting(SourceIndex::name)
                .containsExactly("customers_email_key", "customers_happy", "customers_lower_email");
        SourceIndex constraint = customers.indexes().get(0), partial = customers.indexes().get(1), expression = customers.indexes().get(2);
        assertThat(constraint.constraint()).isTrue();
        assertThat(constraint.unique()).isTrue();
        assertThat(expression.constraint()).isFalse();
        assertThat(expression.unique()).isTrue();
        assertThat(expression.columns()).containsExactly("lower(email::text)");
        assertThat(expression.expressions()).containsExactly(true);
        assertThat(partial.unique()).isFalse();
        assertThat(partial.columns()).containsExactly("created");
        assertThat(partial.where()).isEqualTo("(mood = 'happy'::src.mood)");

        SourceTable lines = c.table("OrderLines").orElseThrow();
        assertThat(lines.primaryKey().columns()).containsExactly("order_id", "line");
        assertThat(lines.foreignKeys()).containsExactly(new ForeignKey("OrderLines_order_id_fkey", List.of("order_id"), "src",
                "orders", List.of("id"), "CASCADE", "RESTRICT"));
        assertThat(lines.checks()).extracting(SourceTable.CheckConstraint::expression).containsExactly("(price >= (0)::numeric)");
        assertThat(c.table("line_notes").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("notes_line_fk",
                List.of("order_id", "line"), "src", "OrderLines", List.of("order_id", "line"), "NO ACTION", "SET NULL"));
        assertThat(c.table("orders").orElseThrow().foreignKeys().get(0).onDelete()).isEqualTo("CASCADE");
        assertThat(c.table("events").orElseThrow().primaryKey().columns()).containsExactly("id", "at");
    }

    @Test
    void indexesCarryTheirMethodOrderOperatorClassCollationAndIncludedColumns() throws SQLException {
        SourceTable docs = catalog().table("docs").orElseThrow();
        java.util.Map<String, SourceIndex> byName = new java.util.HashMap<>();
        docs.indexes().forEach(ix -> byName.put(ix.name(), ix));
        assertThat(byName.get("docs_body").method()).isEqualTo("gin");
        assertThat(byName.get("docs_spot").method()).isEqualTo("gist");
        assertThat(byName.get("docs_title_hash").method()).isEqualTo("hash");
        assertThat(byName.get("docs_n_brin").method()).isEqualTo("brin");
        SourceIndex ordered = byName.get("docs_title_n");
        assertThat(ordered.method()).isNull(); // b-tree, the default
        assertThat(ordered.columns()).containsExactly("Title", "n");
        assertThat(ordered.orders()).containsExactly("DESC NULLS LAST", "NULLS FIRST");
        assertThat(ordered.opclasses()).containsExactly("text_pattern_ops", "");
        assertThat(ordered.include()).containsExactly("tags");
        assertThat(ordered.where()).isEqualTo("(n > 0)");
        assertThat(byName.get("docs_title_c").collations()).containsExactly("\"C\"");
        assertThat(byName.get("docs_title_c").orders()).containsExactly("DESC");
        SourceIndex expression = byName.get("docs_lower_title");
        assertThat(expression.columns()).containsExactly("lower(\"Title\")");
        assertThat(expression.opclasses()).containsExactly("varchar_pattern_ops");
        assertThat(byName.get("docs_n_key").constraint()).isTrue();
        assertThat(byName.get("docs_n_key").include()).containsExactly("Title");
        assertThat(col(docs, "title_length").generated()).isEqualTo("(length(\"Title\") + n)");
    }

    @Test
    void typeDefinitionsCreateEnumsAndDomains() throws SQLException {
        try (PostgresSource s = PostgresSource.open(src.url() + "?src")) {
            assertThat(s.schema()).isEqualTo("src");
            assertThat(s.typeDefinitions()).containsExactly("CREATE SCHEMA IF NOT EXISTS \"src\"",
                    "CREATE TYPE src.mood AS ENUM ('sad', 'ok', 'happy')",
                    "CREATE DOMAIN src.posint AS integer CONSTRAINT posint_check CHECK ((VALUE > 0))");
        }
    }

    @Test
    void withoutASchemaEveryUserSchemaIsReadAndAMissingSchemaIsAnError() throws SQLException {
        src.execute("CREATE TABLE IF NOT EXISTS public.plain (x int)");
        try (DatabaseSource s = DatabaseSources.open(src.url())) {
            assertThat(s.catalog().tables()).extracting(SourceTable::display).contains("public.plain", "src.customers");
        }
        assertThatThrownBy(() -> {
            try (DatabaseSource s = DatabaseSources.open(src.url() + "?schema=nope")) {
                s.catalog();
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("schema nope does not exist");
    }

    @Test
    void theSourceSessionCannotWrite() throws SQLException {
        try (PostgresSource s = PostgresSource.open(src.url() + "?schema=src")) {
            s.catalog();
            try (RowCursor rows = s.rows(s.catalog().table("orders").orElseThrow(), List.of("id"))) {
                assertThat(rows.next()).isTrue();
            }
        }
        assertThat(src.queryLong("SELECT count(*) FROM src.orders")).isEqualTo(40);
    }

    @Test
    void rowsComeBackExactlyAsPostgresqlPrintsThem() throws SQLException {
        SourceTable t = catalog().table("all_types").orElseThrow();
        List<String> names = t.columns().stream().map(SourceColumn::name).toList();
        List<List<String>> read = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        try (DatabaseSource s = DatabaseSources.open(src.url() + "?schema=src"); RowCursor rows = s.rows(t, names)) {
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    Object v = rows.get(i);
                    if (i < 4 && v != null) assertThat(v).isInstanceOf(Long.class);
                    row.add(v == null ? null : v.toString());
                }
                read.add(row);
                positions.add(rows.position());
            }
        }
        String select = "SELECT " + String.join(", ", names) + " FROM src.all_types ORDER BY id";
        List<List<String>> expected;
        try (var c = src.connect(); var st = c.createStatement()) {
            st.execute("SET extra_float_digits = 3");
            st.execute("SET TimeZone = 'UTC'");
            expected = new ArrayList<>();
            try (var rs = st.executeQuery(select)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= names.size(); i++) row.add(rs.getString(i));
                    expected.add(row);
                }
            }
        }
        read.sort((a, b) -> Long.compare(Long.parseLong(a.get(0)), Long.parseLong(b.get(0))));
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(read.get(0).get(8)).isEqualTo("tab\there\nnew\\back é ☃");
        assertThat(read.get(0).get(11)).isEqualTo("\\x00ff0a5c09");
        assertThat(read.get(0).get(7)).isEqualTo("Infinity");
        assertThat(read.get(0).subList(5, 7)).containsExactly("NaN", "NaN");
        assertThat(positions).contains("id=1", "id=5");
    }

    @Test
    void tableSizesComeFromTheCatalogForEveryTable() throws SQLException {
        try (DatabaseSource s = DatabaseSources.open(src.url() + "?schema=src")) {
            SourceCatalog c = s.catalog();
            java.util.Map<String, Long> sizes = s.tableSizes();
            for (SourceTable t : c.tables()) {
                assertThat(sizes.get(t.key())).as(t.display()).isNotNull().isGreaterThanOrEqualTo(0L);
                // the size PostgreSQL gives the same relation
                try (var conn = java.sql.DriverManager.getConnection(src.jdbcUrl(), src.server().user(), src.server().password());
                     var st = conn.prepareStatement("SELECT pg_total_relation_size(format('%I.%I', ?::text, ?::text)::regclass)")) {
                    st.setString(1, t.schema());
                    st.setString(2, t.name());
                    try (var r = st.executeQuery()) {
                        r.next();
                        assertThat(sizes.get(t.key())).as(t.display()).isEqualTo(r.getLong(1));
                    }
                }
            }
        }
    }
}
