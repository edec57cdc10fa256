package dev.drover.engine.source.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvFilesTest {
    @TempDir
    Path dir;

    void touch(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "a\n");
    }

    @Test
    void globsExpandSortedAndPlainPathsKeepTheirOrder() throws IOException {
        touch("data/b.csv");
        touch("data/a.csv");
        touch("data/c.txt");
        touch("other.csv");
        List<SourceFile> files = CsvFiles.expand(List.of("other.csv", "data/*.csv", "-"), dir);
        assertThat(files).extracting(SourceFile::displayName).containsExactly("other.csv", "data/a.csv", "data/b.csv", "-");
        assertThat(files.get(1).path()).isEqualTo(dir.resolve("data/a.csv"));
        assertThat(files.get(3)).isEqualTo(SourceFile.STDIN);
    }

    @Test
    void doubleStarCrossesDirectories() throws IOException {
        touch("in/2024/01/x.csv");
        touch("in/2023/y.csv");
        touch("in/top.csv");
        assertThat(CsvFiles.expand(List.of("in/**/*.csv"), dir)).extracting(SourceFile::displayName)
                .containsExactly("in/2023/y.csv", "in/2024/01/x.csv", "in/top.csv");
    }

    @Test
    void absoluteGlobWorks() throws IOException {
        touch("abs/one.csv");
        String pattern = dir.resolve("abs").toAbsolutePath() + "/*.csv";
        assertThat(CsvFiles.expand(List.of(pattern), Path.of("."))).extracting(SourceFile::path)
                .containsExactly(dir.resolve("abs/one.csv").toAbsolutePath());
    }

    @Test
    void patternMatchingNothingIsNamedInTheError() throws IOException {
        touch("data/a.csv");
        assertThatThrownBy(() -> CsvFiles.expand(List.of("data/*.tsv"), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data/*.tsv");
        assertThatThrownBy(() -> CsvFiles.expand(List.of("missing.csv"), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.csv");
    }
}
