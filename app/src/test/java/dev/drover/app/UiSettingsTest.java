package dev.drover.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theWindowSizeAndPlaceSurviveARestart() {
        Path file = dir.resolve("ui.properties");
        UiSettings s = UiSettings.load(file);
        assertThat(s.width()).isEqualTo(UiSettings.DEFAULT_WIDTH);
        assertThat(s.x()).isNaN();
        s.setWindow(40, 30, 1300, 850, false);
        s.save();
        UiSettings again = UiSettings.load(file);
        assertThat(again.width()).isEqualTo(1300);
        assertThat(again.height()).isEqualTo(850);
        assertThat(again.x()).isEqualTo(40);
        assertThat(again.maximized()).isFalse();
        again.setWindow(0, 0, 3000, 2000, true);
        assertThat(again.width()).as("a maximized window keeps the size to restore to").isEqualTo(1300);
    }

    @Test
    void aTinyOrDamagedSizeFallsBackToUsableValues() throws Exception {
        Path file = dir.resolve("ui.properties");
        Files.writeString(file, "window.width=abc\nwindow.height=10\n");
        UiSettings s = UiSettings.load(file);
        assertThat(s.width()).isEqualTo(UiSettings.DEFAULT_WIDTH);
        assertThat(s.height()).isEqualTo(UiSettings.MIN_HEIGHT);
    }

    @Test
    void recentPlansAreNewestFirstOnceEachAndBounded() {
        UiSettings s = UiSettings.load(dir.resolve("ui.properties"));
        for (int i = 0; i < 10; i++) s.addRecentPlan(dir.resolve("plan" + i + ".yaml"));
        s.addRecentPlan(dir.resolve("plan5.yaml"));
        assertThat(s.recentPlans()).hasSize(UiSettings.MAX_RECENT);
        assertThat(s.recentPlans().get(0)).isEqualTo(dir.resolve("plan5.yaml"));
        assertThat(s.recentPlans().get(1)).isEqualTo(dir.resolve("plan9.yaml"));
        assertThat(s.recentPlans()).doesNotHaveDuplicates().doesNotContain(dir.resolve("plan0.yaml"));
        s.removeRecentPlan(dir.resolve("plan5.yaml"));
        assertThat(s.recentPlans()).hasSize(UiSettings.MAX_RECENT - 1).doesNotContain(dir.resolve("plan5.yaml"));
    }
}
