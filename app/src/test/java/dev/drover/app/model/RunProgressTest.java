package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.run.Reject;
import dev.drover.engine.run.RunEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunProgressTest {
    private long now = 1_000_000_000L;
    private final RunProgress progress = new RunProgress(Duration.ofSeconds(30), () -> now);

    private void at(double seconds) {
        now = 1_000_000_000L + (long) (seconds * 1e9);
    }

    private static RunEvent.TableProgress copying(String table, long read, long loaded, long rejected, long expectedRows) {
        return new RunEvent.TableProgress(table, TableState.COPYING, read, loaded, rejected, loaded * 10, -1, -1, expectedRows);
    }

    private static TableReport done(String table, long read, long loaded, long rejected) {
        return new TableReport(table, read, loaded, rejected, loaded * 10, Duration.ofSeconds(2), TableState.DONE, null);
    }

    private static RunProgress.TableLine line(RunProgress.Snapshot s, String table) {
        return s.tables().stream().filter(l -> l.table().equals(table)).findFirst().orElseThrow();
    }

    @Test
    void weighsTablesByTheirSizeAndMeasuresSpeedOverTheLastSeconds() {
        progress.on(new RunEvent.TableQueued("public.big", -1));
        progress.on(new RunEvent.TableQueued("public.small", -1));
        RunProgress.Snapshot s = progress.snapshot();
        assertThat(s.fraction()).isZero();
        assertThat(s.phase()).isEqualTo("preparing the target");
        assertThat(line(s, "public.big").stage()).isEqualTo(RunProgress.Stage.QUEUED);

        progress.on(copying("public.big", 0, 0, 0, 900));
        progress.on(copying("public.small", 0, 0, 0, 100));
        at(1);
        progress.on(copying("public.big", 300, 300, 0, 900));
        progress.on(copying("public.small", 100, 100, 0, 100));
        s = progress.snapshot();
        assertThat(s.phase()).isEqualTo("copying rows");
        // 300 of 900 and 100 of 100, weighted by the 1,000 rows: 400 / 1000
        assertThat(s.fraction()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        RunProgress.TableLine big = line(s, "public.big");
        assertThat(big.fraction()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(big.rowsPerSecond()).isCloseTo(300, org.assertj.core.data.Offset.offset(1e-6));
        // a third done in a second: two seconds to go
        assertThat(big.eta()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.loaded()).isEqualTo(400);

        at(2);
        progress.on(copying("public.big", 900, 900, 0, 900));
        s = progress.snapshot();
        // 600 rows in the second since the last look
        assertThat(line(s, "public.big").rowsPerSecond()).isCloseTo(600, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aTableThatStopsMovingIsFlaggedStalledAndClearsWhenItMovesAgain() {
        progress.on(copying("public.t", 10, 10, 0, 100));
        at(29);
        assertThat(progress.snapshot().stalled()).isEmpty();
        at(45);
        RunProgress.Snapshot s = progress.snapshot();
        assertThat(s.stalled()).extracting(RunProgress.TableLine::table).containsExactly("public.t");
        assertThat(s.stalled().get(0).stalledFor()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.stalled().get(0).rowsPerSecond()).isZero();
        progress.on(copying("public.t", 20, 20, 0, 100));
        assertThat(progress.snapshot().stalled()).isEmpty();
    }

    @Test
    void anIncrementalTableShowsWhatItsRowsDidAndItsWatermark() {
        TableReport.Changes changes = new TableReport.Changes(1200, 3, 7, "[\"2024-01-08 09:00:00\", 42]");
        TableReport orders = new TableReport("public.orders", 1210, 1210, 0, 0, Duration.ofSeconds(1), TableState.DONE, null,
                List.of(), null, changes);
        progress.on(new RunEvent.TableFinished(done("public.a", 5, 5, 0)));
        progress.on(new RunEvent.TableFinished(orders));
        RunProgress.Snapshot s = progress.snapshot();
        assertThat(line(s, "public.orders").changes()).isEqualTo(changes);
        assertThat(line(s, "public.orders").changesText()).isEqualTo("1,200 inserted, 3 updated, 7 unchanged");
        assertThat(line(s, "public.a").changesText()).isEmpty();
        assertThat(s.log()).anyMatch(l -> l.startsWith("✓ public.orders: 1210 read, 1210 loaded")
                && l.contains("(1200 inserted, 3 updated, 7 unchanged; watermark [\"2024-01-08 09:00:00\", 42])"));
    }

    @Test
    void aLoadedTableIsIndexingUntilItsStepsEndAndTheEndGivesTheReportsCounts() {
        progress.on(copying("public.a", 5, 5, 0, 5));
        progress.on(new RunEvent.TableFinished(done("public.a", 5, 5, 0)));
        progress.on(new RunEvent.StepsQueued("keys and indexes", "public.a", 2));
        RunProgress.Snapshot s = progress.snapshot();
        assertThat(line(s, "public.a").stage()).isEqualTo(RunProgress.Stage.INDEXING);
        assertThat(s.stepsTotal()).isEqualTo(2);
        progress.on(new RunEvent.StepFinished("keys and indexes", "public.a", "primary key of public.a", null));
        progress.on(new RunEvent.StepFinished("keys and indexes", "public.a", "index a_x", "index a_x: out of disk"));
        s = progress.snapshot();
        RunProgress.TableLine a = line(s, "public.a");
        assertThat(a.stage()).isEqualTo(RunProgress.Stage.DONE);
        assertThat(a.stepsDone()).isEqualTo(2);
        assertThat(a.problem()).contains("out of disk");
        assertThat(s.log()).anyMatch(l -> l.contains("✗ keys and indexes: index a_x: out of disk"));

        // a table never started when the run ends is shown cancelled; orphans moved rows from loaded to rejected
        progress.on(new RunEvent.TableQueued("public.b", -1));
        RunReport report = new RunReport(List.of(), List.of(done("public.a", 5, 4, 1)),
                List.of(new PhaseReport("foreign key orphans", 1, 0, Duration.ZERO, null)), Duration.ofSeconds(3),
                Outcome.CANCELLED, "cancelled by the user", "/tmp/rejects");
        progress.on(new RunEvent.RunFinished(report));
        s = progress.snapshot();
        assertThat(s.running()).isFalse();
        assertThat(s.fraction()).isEqualTo(1.0);
        assertThat(line(s, "public.a").loaded()).isEqualTo(4);
        assertThat(line(s, "public.a").rejected()).isEqualTo(1);
        assertThat(line(s, "public.b").stage()).isEqualTo(RunProgress.Stage.CANCELLED);
        assertThat(s.phase()).isEqualTo("Cancelled");
        assertThat(s.finished()).isSameAs(report);
    }

    @Test
    void theLogTakesTheFirstRejectsOfATableAndHandsOutOnlyNewLines() {
        for (int i = 1; i <= 50; i++) {
            progress.on(new RunEvent.RowRejected("public.t", new Reject("data.csv", i, "value", "22P02",
                    "invalid input syntax for type integer: \"x" + i + "\"", null, null, null, "n", new byte[0])));
        }
        RunProgress.Snapshot s = progress.snapshot();
        assertThat(s.log()).hasSize(RunProgress.REJECTS_LOGGED + 1);
        assertThat(s.log().get(0)).isEqualTo("✗ public.t: rejected line 1 of data.csv, column n: invalid input syntax for type integer: \"x1\"");
        assertThat(s.log().get(RunProgress.REJECTS_LOGGED)).contains("further rejects are not logged here");
        progress.on(new RunEvent.Notice("public.t", "reading in 2 key slices by id"));
        s = progress.snapshot();
        assertThat(s.log()).containsExactly("ℹ public.t: reading in 2 key slices by id");
        assertThat(progress.snapshot().log()).isEmpty();
        assertThat(progress.log()).hasSize(RunProgress.REJECTS_LOGGED + 2);
    }

    @Test
    void cancellingIsShownUntilTheRunEnds() {
        progress.on(copying("public.t", 1, 1, 0, 10));
        progress.cancelling();
        RunProgress.Snapshot s = progress.snapshot();
        assertThat(s.cancelling()).isTrue();
        assertThat(s.log()).singleElement().asString().contains("Cancel requested");
        progress.cancelling();
        assertThat(progress.snapshot().log()).isEmpty();
    }
}
