package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.cast.Transform;
import dev.drover.engine.rejects.StoredReject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a cast rule changes in a loaded table, by the engine's casts on the sample shop, and the values it gives. */
class RecastTest {
    @TempDir Path dir;
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    OpenedSource source;

    @BeforeEach
    void open() throws Exception {
        source = Shop.open(dir, draft);
        draft.set(draft.get().withTarget("postgresql://u@localhost/db", null).withRename(java.util.Map.of("products", "goods")));
    }

    @AfterEach
    void close() throws Exception {
        source.close();
    }

    @Test
    void aTypeChangeAltersTheTableAndTheRuleJoinsTheDraft() {
        Recast.Proposal p = Recast.propose(source, draft.get(), "public.goods", "column products.stock to text");
        assertThat(p.changes()).singleElement().satisfies(c -> {
            assertThat(c.column()).isEqualTo("stock");
            assertThat(c.fromType()).isEqualTo("bigint");
            assertThat(c.toType()).isEqualTo("text");
            assertThat(c.typeChanged()).isTrue();
        });
        assertThat(p.statements()).containsExactly(
                "ALTER TABLE \"public\".\"goods\" ALTER COLUMN \"stock\" TYPE text USING \"stock\"::text");
        assertThat(p.draft().casts()).containsExactly("column products.stock to text");
        assertThat(p.describe()).startsWith("In public.goods: stock: bigint → text");
        assertThat(draft.get().casts()).as("proposing changes nothing yet").isEmpty();
    }

    @Test
    void aRuleThatChangesNothingOrIsWrongSaysSo() {
        assertThat(Recast.propose(source, draft.get(), "public.goods", "column customers.name to text").changes()).isEmpty();
        assertThatThrownBy(() -> Recast.propose(source, draft.get(), "public.goods", "column products.stock to"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stock");
        assertThatThrownBy(() -> Recast.propose(source, draft.get(), "public.goods", "  "))
                .hasMessageStartingWith("type a cast rule");
        assertThatThrownBy(() -> Recast.propose(source, draft.get(), "public.nowhere", "column products.stock to text"))
                .hasMessageContaining("public.nowhere is not among the tables");
    }

    @Test
    void changedColumnsAreConvertedAgainFromTheOriginalRow() throws Exception {
        Recast.Proposal p = Recast.propose(source, draft.get(), "public.goods", "column products.stock to text");
        List<String> cols = List.of("id", "sku", "stock", "photo");
        // the reject kept the source row; its stock is the text SQLite held
        StoredReject r = new StoredReject(0, "shop.db main.products", 6, "value", "22P02", "not an integer", null, null, null,
                "stock", cols, Arrays.asList("6", "SKU-6", "n/a", null), "6,SKU-6,n/a,\n", null, null);
        assertThat(Recast.values(r, p.changes())).containsExactly("6", "SKU-6", "n/a", null);
        // an empty quoted field is an empty string, an unquoted one NULL
        StoredReject empty = new StoredReject(1, "f", 7, "value", "22P02", "m", null, null, null, "stock", cols,
                Arrays.asList("7", "SKU-7", "x", "\\x00"), "7,SKU-7,\"\",\\x00\n", null, null);
        assertThat(Recast.values(empty, p.changes())).containsExactly("7", "SKU-7", "", "\\x00");
        // a row that could not be split has nothing to convert
        StoredReject unsplit = new StoredReject(2, "f", 8, "parse", "22P04", "m", null, null, null, null, cols, null, "8,\"x\n", null, null);
        assertThat(Recast.values(unsplit, p.changes())).isNull();
        // the rule's conversion can refuse a value too: an integer rule keeps refusing n/a
        Recast.Proposal back = Recast.propose(source, draft.get(), "public.goods", "column products.stock to integer");
        assertThat(back.changes()).isNotEmpty();
        assertThatThrownBy(() -> Recast.values(r, back.changes())).isInstanceOf(Transform.TransformException.class);
    }
}
