package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostgresCastsTest {
    static SourceColumn col(String name, String dataType, String fullType, Integer p, Integer s, String dflt, boolean auto) {
        return new SourceColumn(name, 1, dataType, fullType, p, s, false, true, dflt, auto, false, null, null, List.of());
    }

    static ColumnCast resolve(SourceColumn c, PostgresCasts.CatalogFacts facts, List<CastRule> user) {
        SourceTable t = new SourceTable("s", "t", List.of(c), null, null, null, null, -1, null);
        return PostgresCasts.castRules(user, facts).resolve(t).get(0);
    }

    static ColumnCast resolve(SourceColumn c) {
        return resolve(c, PostgresCasts.CatalogFacts.NONE, List.of());
    }

    @Test
    void typesAreKeptVerbatimWithTheirModifiers() {
        for (SourceColumn c : List.of(col("a", "character varying", "character varying(20)", 20, null, null, false),
                col("b", "numeric", "numeric(12,3)", 12, 3, null, false),
                col("c", "timestamp with time zone", "timestamp(3) with time zone", 3, null, null, false),
                col("d", "character varying[]", "character varying(5)[]", 5, null, null, false),
                col("e", "time without time zone", "time(0) without time zone", 0, null, null, false),
                col("f", "jsonb", "jsonb", null, null, null, false),
                col("g", "integer[]", "integer[]", null, null, null, false))) {
            ColumnCast cast = resolve(c);
            assertThat(cast.targetType()).as(c.fullType()).isEqualTo(c.fullType());
            assertThat(cast.rule()).startsWith("postgresql default");
            assertThat(cast.transform()).isNull();
            assertThat(cast.warnings()).as(c.fullType()).isEmpty();
        }
    }

    @Test
    void serialAndIdentityColumnsBecomeIdentities() {
        ColumnCast serial = resolve(col("id", "bigint", "bigint", null, null, "nextval('s.t_id_seq'::regclass)", true));
        assertThat(serial.targetType()).isEqualTo("bigint");
        assertThat(serial.identity()).isTrue();
        assertThat(serial.notNull()).isTrue();
        assertThat(serial.defaultSql()).isNull();
        assertThat(serial.warnings()).anyMatch(w -> w.contains("serial column"));

        SourceColumn always = col("id", "integer", "integer", null, null, null, true);
        Set<SourceColumn> set = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        set.add(always);
        ColumnCast identity = resolve(always, new PostgresCasts.CatalogFacts(Set.of(), set, Map.of()), List.of());
        assertThat(identity.identity()).isTrue();
        assertThat(identity.identityAlways()).isTrue();
        assertThat(identity.targetType()).isEqualTo("integer");
        assertThat(identity.warnings()).anyMatch(w -> w.contains("GENERATED ALWAYS AS IDENTITY"));
        assertThat(serial.identityAlways()).isFalse();

        // a nextval() default on a sequence the column does not own is not auto-increment: the default stays
        ColumnCast shared = resolve(col("n", "integer", "integer", null, null, "nextval('s.shared'::regclass)", false));
        assertThat(shared.identity()).isFalse();
        assertThat(shared.defaultSql()).isEqualTo("nextval('s.shared'::regclass)");
    }

    @Test
    void userTypesAreKeptByNameWithAWarningThatTheyMustExist() {
        PostgresCasts.CatalogFacts facts = new PostgresCasts.CatalogFacts(Set.of("s.mood", "s.mood[]"), Set.of(), Map.of());
        ColumnCast e = resolve(new SourceColumn("m", 1, "s.mood", "s.mood", null, null, false, true, "'ok'", false, false, null,
                null, List.of("sad", "ok")), facts, List.of());
        assertThat(e.targetType()).isEqualTo("s.mood");
        assertThat(e.defaultSql()).isEqualTo("'ok'");
        assertThat(e.warnings()).anyMatch(w -> w.contains("must exist in the target"));
        assertThat(resolve(col("a", "s.mood[]", "s.mood[]", null, null, null, false), facts, List.of()).targetType()).isEqualTo("s.mood[]");
    }

    @Test
    void storedGeneratedColumnsAreGeneratedAgainUnlessTheExpressionCannotBeCarried() {
        SourceColumn g = new SourceColumn("g", 1, "numeric", "numeric", null, null, false, true, null, false, false, "(n * 2)", null, List.of());
        ColumnCast generated = resolve(g);
        assertThat(generated.generatedSql()).isEqualTo("(n * 2)");
        assertThat(generated.copied()).isFalse();
        assertThat(generated.warnings()).anyMatch(w -> w.contains("recreated GENERATED ALWAYS AS ((n * 2)) STORED"));

        // a function of the source's own, or VIRTUAL: a plain column with the source's values, and why
        Map<SourceColumn, String> kept = new IdentityHashMap<>();
        kept.put(g, "the expression calls s.f, which the migration does not create");
        ColumnCast plain = resolve(g, new PostgresCasts.CatalogFacts(Set.of(), Set.of(), Map.of(), kept), List.of());
        assertThat(plain.generatedSql()).isNull();
        assertThat(plain.copied()).isTrue();
        assertThat(plain.warnings()).anyMatch(w -> w.contains("loaded as a plain column") && w.contains("calls s.f"));

        // a user rule changing the type: the expression computes the old one
        CastRule toText = new CastRule(null, "t", "g", null, null, null, false, null, null, "text", null, null, null, false,
                null, "user rule 1");
        ColumnCast retyped = resolve(g, PostgresCasts.CatalogFacts.NONE, List.of(toText));
        assertThat(retyped.generatedSql()).isNull();
        assertThat(retyped.warnings()).anyMatch(w -> w.contains("the column is text in the target, not numeric"));
    }

    @Test
    void collationsAreReported() {
        SourceColumn c = col("c", "text", "text", null, null, null, false);
        Map<SourceColumn, String> collations = new IdentityHashMap<>();
        collations.put(c, "pg_catalog.\"C\"");
        assertThat(resolve(c, new PostgresCasts.CatalogFacts(Set.of(), Set.of(), collations), List.of()).warnings())
                .anyMatch(w -> w.contains("collation pg_catalog.\"C\""));
    }

    @Test
    void userRulesComeFirst() {
        CastRule toText = new CastRule("character varying", null, null, null, null, null, false, null, null, "text",
                CastRule.Typemod.DROP, null, null, false, null, "user rule 1");
        ColumnCast c = resolve(col("a", "character varying", "character varying(20)", 20, null, null, false),
                PostgresCasts.CatalogFacts.NONE, List.of(toText));
        assertThat(c.targetType()).isEqualTo("text");
        assertThat(c.rule()).isEqualTo("user rule 1");
    }

    @Test
    void everyDefaultRuleKeepsItsTypeAndNamesAnOrigin() {
        assertThat(PostgresCasts.defaults()).allMatch(r -> r.targetType().equals(r.type()) && r.origin().startsWith("postgresql default "));
    }
}
