package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.preflight.Preflight;
import dev.drover.engine.run.Cancellation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cast rules page's data check on the sample shop: what it finds, the rule it suggests, and that the rule helps. */
class DataCheckTest {
    @TempDir Path dir;
    final Observable<Draft> draft = new Observable<>(Draft.empty());
    OpenedSource source;

    @BeforeEach
    void open() throws Exception {
        source = Shop.open(dir, draft);
    }

    @AfterEach
    void close() throws Exception {
        source.close();
    }

    @Test
    void findsThePlantedValuesAndTheirSuggestedRuleClearsThem() throws Exception {
        Preflight.Report r = DataCheck.of(source, draft.get(), 1000, new Cancellation()).call();
        assertThat(DataCheck.summary(r)).startsWith("✖ 3 kinds of rows would be rejected");
        Preflight.Problem stock = r.problems().stream().filter(p -> "stock".equals(p.column())).findFirst().orElseThrow();
        assertThat(DataCheck.examples(stock)).isEqualTo("id=6 (rowid): n/a");
        String rule = DataCheck.ruleFix(stock);
        assertThat(rule).isEqualTo("column products.stock to text");
        // the suggested rule, added: the stock problem is gone, the others stay
        Draft fixed = draft.get().withCasts(List.of(rule));
        Preflight.Report again = DataCheck.of(source, fixed, 1000, new Cancellation()).call();
        assertThat(again.problems()).extracting(Preflight.Problem::column).containsExactlyInAnyOrder("birth_date", "ordered_on");
        // a draft the engine refuses is said before anything is read
        assertThatThrownBy(() -> DataCheck.of(source, draft.get().withCasts(List.of("column products.stock to nosuchtype using nope")),
                10, new Cancellation())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
