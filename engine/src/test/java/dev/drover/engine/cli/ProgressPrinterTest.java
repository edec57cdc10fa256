package dev.drover.engine.cli;

import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableState;
import dev.drover.engine.run.RunEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {
    final AtomicLong now = new AtomicLong();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ProgressPrinter printer(boolean terminal) {
        return new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, now::get);
    }

    String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static RunEvent.TableProgress progress(long read, long sourceBytes) {
        return new RunEvent.TableProgress("public.t", TableState.COPYING, read, read, 0, sourceBytes, sourceBytes, 10L << 20, -1);
    }

    @Test
    void aDatabaseTableGoesByRowsAgainstTheCatalogEstimate() {
        ProgressPrinter p = printer(false);
        p.on(new RunEvent.TableQueued("shop.orders", -1));
        now.set(6_000_000_000L);
        p.on(new RunEvent.TableProgress("shop.orders", TableState.COPYING, 30_000, 30_000, 0, 3L << 20, 0, -1, 120_000));
        assertThat(out()).isEqualTo("shop.orders  25% 30,000 rows  5,000 rows/s  0.5 MB/s  ETA 18s\n");
    }

    @Test
    void plainLinesEveryFewSecondsAndAtTheEnd() {
        ProgressPrinter p = printer(false);
        p.on(new RunEvent.TableQueued("public.t", 10L << 20));
        p.on(progress(1000, 1 << 20));
        assertThat(out()).isEmpty();
        now.set(6_000_000_000L);
        p.on(progress(60_000, 6L << 20));
        assertThat(out()).isEqualTo("public.t  60% 60,000 rows  10,000 rows/s  1.0 MB/s  ETA 4s\n");
        now.set(7_000_000_000L);
        p.on(progress(70_000, 7L << 20));
        assertThat(out().lines()).hasSize(1);
        p.on(new RunEvent.TableFinished(new TableReport("public.t", 100, 99, 1, 5, Duration.ofMillis(9500), TableState.DONE, null)));
        assertThat(out()).endsWith("public.t: done, 99 rows loaded, 1 rejected in 9.500s\n").doesNotContain("\033");
    }

    @Test
    void terminalRedrawsInPlaceAtMostFiveTimesASecond() {
        ProgressPrinter p = printer(true);
        p.on(new RunEvent.TableQueued("public.t", 10L << 20));
        now.set(1_000_000_000L);
        p.on(progress(10_000, 5L << 20));
        assertThat(out()).isEqualTo("public.t [############------------]  50% 10,000 rows  10,000 rows/s  5.0 MB/s  ETA 1s\n");
        now.set(1_100_000_000L);
        p.on(progress(11_000, 6L << 20));
        assertThat(out().lines()).hasSize(1);
        now.set(1_300_000_000L);
        p.on(progress(13_000, 7L << 20));
        assertThat(out()).contains("\033[1F\033[J").contains("13,000 rows");
        p.on(new RunEvent.Notice("public.t", "header has 3 fields"));
        assertThat(out()).contains("public.t: header has 3 fields\n");
        p.on(new RunEvent.RunFinished(null));
        assertThat(out()).endsWith("\033[1F\033[J");
    }

    @Test
    void eta() {
        assertThat(ProgressPrinter.eta(5)).isEqualTo("5s");
        assertThat(ProgressPrinter.eta(125)).isEqualTo("2m05s");
        assertThat(ProgressPrinter.eta(3725)).isEqualTo("1h02m");
    }
}
