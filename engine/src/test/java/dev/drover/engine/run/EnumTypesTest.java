package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.target.IdentifierPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnumTypesTest {
    private static ColumnCast cast(String column, String target, List<String> labels) {
        SourceColumn c = new SourceColumn(column, 1, "enum", "enum(...)", null, null, false, true, null, false, false, null, null, labels);
        return new ColumnCast(c, column.toLowerCase(), target, false, false, null, null, "test", "test", List.of());
    }

    private static SourceTable table(String name) {
        return new SourceTable("db", name, List.of(), null, null, null, null, 0, null);
    }

    @Test
    void identicalLabelListsShareOneTypeAndOthersGetTheirOwn() {
        EnumTypes e = new EnumTypes("app", IdentifierPolicy.DOWNCASE);
        List<ColumnCast> a = e.resolve(table("Orders"), List.of(cast("Status", "enum", List.of("new", "paid")),
                cast("tags", "enum[]", List.of("x", "y")), cast("note", "text", List.of())));
        List<ColumnCast> b = e.resolve(table("Returns"), List.of(cast("status", "enum", List.of("new", "paid")),
                cast("state", "enum", List.of("paid", "new"))));
        assertThat(a).extracting(ColumnCast::targetType).containsExactly("\"app\".\"orders_status_t\"", "\"app\".\"orders_tags_t\"[]", "text");
        // same labels, same type; same labels in another order are another type
        assertThat(b).extracting(ColumnCast::targetType).containsExactly("\"app\".\"orders_status_t\"", "\"app\".\"returns_state_t\"");
        assertThat(e.statements(false)).containsExactly(
                "CREATE TYPE \"app\".\"orders_status_t\" AS ENUM ('new', 'paid')",
                "CREATE TYPE \"app\".\"orders_tags_t\" AS ENUM ('x', 'y')",
                "CREATE TYPE \"app\".\"returns_state_t\" AS ENUM ('paid', 'new')");
    }

    @Test
    void takenNamesFallBackAsPgloaderDoesThenGetANumberAndQuotesAreDoubled() {
        EnumTypes e = new EnumTypes("s", IdentifierPolicy.DOWNCASE);
        // a table of the schema is named like the first choice: PostgreSQL's row type of that table holds the name
        e.reserve(List.of("a_b_c_t", "other"));
        List<ColumnCast> first = e.resolve(table("a_b"), List.of(cast("c", "enum", List.of("it's"))));
        List<ColumnCast> second = e.resolve(table("a"), List.of(cast("b_c", "enum", List.of("other"))));
        List<ColumnCast> third = e.resolve(table("A"), List.of(cast("B_c", "enum", List.of("third"))));
        List<ColumnCast> fourth = e.resolve(table("a"), List.of(cast("B_C", "enum", List.of("fourth"))));
        assertThat(List.of(first.get(0), second.get(0), third.get(0), fourth.get(0))).extracting(ColumnCast::targetType)
                .containsExactly("\"s\".\"a_b_c_enum\"", "\"s\".\"enum_a_b_c\"", "\"s\".\"a_b_c_t_2\"", "\"s\".\"a_b_c_t_3\"");
        assertThat(e.statements(true)).contains("DROP TYPE IF EXISTS \"s\".\"a_b_c_enum\" CASCADE",
                "CREATE TYPE \"s\".\"a_b_c_enum\" AS ENUM ('it''s')");
    }

    @Test
    void namesFollowTheIdentifierPolicy() {
        EnumTypes e = new EnumTypes("s", IdentifierPolicy.QUOTE);
        assertThat(e.resolve(table("Misc"), List.of(cast("Color", "enum", List.of("red")))).get(0).targetType())
                .isEqualTo("\"s\".\"Misc_Color_t\"");
    }

    @Test
    void anEnumWithoutLabelsIsAPlanMistakeNamingTheColumn() {
        EnumTypes e = new EnumTypes("s", IdentifierPolicy.DOWNCASE);
        assertThatThrownBy(() -> e.resolve(table("t"), List.of(cast("c", "enum", List.of()))))
                .hasMessageContaining("db.t.c").hasMessageContaining("cast it to text");
    }

    @Test
    void asTextWithACheckNoTypeIsMadeAndEachColumnHoldsItsOwnLabels() {
        EnumTypes e = new EnumTypes("s", IdentifierPolicy.DOWNCASE, dev.drover.engine.plan.DatabaseSpec.Enums.TEXT_CHECK);
        List<ColumnCast> out = e.resolve(table("Orders"), List.of(cast("Status", "enum", List.of("new", "it's")),
                cast("tags", "enum[]", List.of("x", "y")), cast("note", "text", List.of())));
        assertThat(out).extracting(ColumnCast::targetType).containsExactly("text", "text[]", "text");
        assertThat(out).extracting(ColumnCast::checkSql).containsExactly("\"status\" IN ('new', 'it''s')",
                "\"tags\" <@ ARRAY['x', 'y']::text[]", null);
        assertThat(out.get(1).warnings()).anySatisfy(w -> assertThat(w).contains("text[] whose elements must each be one of the labels"));
        assertThat(e.statements(true)).isEmpty();
    }
}
