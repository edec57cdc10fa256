package dev.drover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.app.model.Draft;
import dev.drover.app.model.SourceModel;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Start page's import of a pgloader command file: one command becomes the draft the pages edit. */
class ImportCommandFileTest {
    @TempDir
    Path dir;

    @Test
    void aDatabaseCommandBecomesADraftAndAFileOfSeveralCommandsIsRefused() throws Exception {
        Path load = dir.resolve("shop.load");
        Files.writeString(load, """
                load database
                     from sqlite://shop.db
                     into postgresql://app:secret@localhost/target
                with include drop, create tables
                cast column products.stock to text
                including only table names like 'order%'
                 alter schema 'public' rename to 'sales';
                """, StandardCharsets.UTF_8);
        Plan plan = WizardWindow.importCommandFile(load);
        Draft d = Draft.fromPlan(plan);
        assertThat(d.sourceUrl()).isEqualTo("sqlite://" + dir.resolve("shop.db").toAbsolutePath());
        assertThat(d.targetUrl()).doesNotContain("secret");
        assertThat(d.casts()).containsExactly("column products.stock to text");
        assertThat(d.includeDrop()).isTrue();
        assertThat(d.targetSchema()).isEqualTo("sales");
        assertThat(d.toPlan()).isEqualTo(plan);

        Path two = dir.resolve("two.load");
        Files.writeString(two, """
                LOAD CSV FROM 'a.csv' (x) INTO postgresql:///db?a WITH fields terminated by ',';
                LOAD CSV FROM 'b.csv' (x) INTO postgresql:///db?b WITH fields terminated by ',';
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("a.csv"), "1\n");
        Files.writeString(dir.resolve("b.csv"), "2\n");
        assertThatThrownBy(() -> WizardWindow.importCommandFile(two)).hasMessageContaining("holds 2 commands")
                .hasMessageContaining("drover run two.load");
        Path bad = dir.resolve("bad.load");
        Files.writeString(bad, "LOAD CSV FROM 'a.csv' INTO postgresql:///db?a WITH fields terminated bi ',';\n");
        assertThatThrownBy(() -> WizardWindow.importCommandFile(bad)).hasMessageStartingWith(bad + ":1:");
    }

    @Test
    void aFileCommandKeepsItsSourceAndMappingThroughTheSourcePageUntilASettingChanges() throws Exception {
        Files.writeString(dir.resolve("events.copy"), "1\tx\\ty\t2\n", StandardCharsets.UTF_8);
        Path load = dir.resolve("events.load");
        Files.writeString(load, """
                LOAD COPY FROM 'events.copy' (id, payload, n)
                     INTO postgresql://app@localhost/target
                     TARGET TABLE public.events
                     TARGET COLUMNS (id, payload, n)
                WITH skip header = 0, null 'NULL';
                """, StandardCharsets.UTF_8);
        Plan plan = WizardWindow.importCommandFile(load);
        Draft d = Draft.fromPlan(plan);
        SourceModel source = new SourceModel(dir.resolve("home"), Map.of());
        source.load(plan.tables().get(0).source());
        // Next on the Source page with nothing changed: COPY text, its NULL string and the column mapping stay
        CsvSource same = source.csvSource().orElseThrow();
        assertThat(same.isCopyText()).isTrue();
        assertThat(same.nullMarkers()).containsExactly("NULL");
        assertThat(d.withFile(same).toPlan()).isEqualTo(plan);
        // a changed setting is the user's choice: the source is rebuilt from the page, and the mapping starts again
        source.setCsvEncoding("latin1");
        CsvSource changed = source.csvSource().orElseThrow();
        assertThat(changed.encoding()).isEqualTo("ISO-8859-1");
        assertThat(d.withFile(changed).files().columns()).isEmpty();
    }
}
