package dev.drover.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    static RunReport sample() {
        return new RunReport(
                List.of(new PhaseReport("before load", 1, 0, Duration.ofMillis(10), null)),
                List.of(new TableReport("public.items", 100, 98, 2, 12_595, Duration.ofMillis(1234), TableState.DONE, null),
                        new TableReport("shop.orders", 10, 8, 1, 0, Duration.ofMillis(123_456), TableState.FAILED, "max errors reached")),
                List.of(new PhaseReport("Create Indexes", 3, 0, Duration.ofMillis(4870), null)),
                Duration.ofMillis(3_725_500), Outcome.FAILED, "a table failed", "drover-rejects/shop");
    }

    @Test
    void summaryTextLayout() {
        String expected = String.join("\n",
                "       table name     errors       read       rows      bytes      total time",
                "-----------------  ---------  ---------  ---------  ---------  --------------",
                "      before load          0          1          1                     0.010s",
                "-----------------  ---------  ---------  ---------  ---------  --------------",
                "     public.items          2        100         98    12.3 kB          1.234s",
                "      shop.orders          1         10          8                   2m3.456s  MISMATCH FAILED",
                "-----------------  ---------  ---------  ---------  ---------  --------------",
                "   Create Indexes          0          3          3                     4.870s",
                "-----------------  ---------  ---------  ---------  ---------  --------------",
                "Total import time          3        110        106    12.3 kB      1h2m5.500s",
                "MISMATCH shop.orders: read 10, loaded 8 + rejected 1 = 9",
                "shop.orders: max errors reached",
                "Run failed: a table failed",
                "Rejected rows are in drover-rejects/shop") + "\n";
        assertThat(SummaryPrinter.format(sample())).isEqualTo(expected);
    }

    @Test
    void cleanRunHasACheckMarkAndNoRejectLine() {
        RunReport r = new RunReport(List.of(),
                List.of(new TableReport("t", 5, 5, 0, 2048, Duration.ofMillis(52), TableState.DONE, null)),
                List.of(), Duration.ofMillis(60), Outcome.SUCCESS, null, "drover-rejects/db");
        assertThat(SummaryPrinter.format(r)).isEqualTo(String.join("\n",
                "       table name     errors       read       rows      bytes      total time",
                "-----------------  ---------  ---------  ---------  ---------  --------------",
                "                t          0          5          5     2.0 kB          0.052s",
                "-----------------  ---------  ---------  ---------  ---------  --------------",
                "Total import time          \u2713          5          5     2.0 kB          0.060s") + "\n");
    }

    @Test
    void times() {
        assertThat(SummaryPrinter.time(Duration.ofMillis(1234))).isEqualTo("1.234s");
        assertThat(SummaryPrinter.time(Duration.ofMillis(123_456))).isEqualTo("2m3.456s");
        assertThat(SummaryPrinter.time(Duration.ofMillis(3_723_456))).isEqualTo("1h2m3.456s");
        assertThat(SummaryPrinter.time(Duration.ZERO)).isEqualTo("0.000s");
    }

    @Test
    void jsonSchema() throws Exception {
        JsonNode j = new ObjectMapper().readTree(JsonReport.toString(sample()));
        assertThat(j.get("schema_version").asInt()).isEqualTo(1);
        assertThat(j.get("outcome").asText()).isEqualTo("failed");
        assertThat(j.get("exit_code").asInt()).isEqualTo(6);
        assertThat(j.get("failure").asText()).isEqualTo("a table failed");
        assertThat(j.get("seconds").asDouble()).isEqualTo(3725.5);
        assertThat(j.get("totals").get("read").asLong()).isEqualTo(110);
        assertThat(j.get("totals").get("loaded").asLong()).isEqualTo(106);
        assertThat(j.get("totals").get("rejected").asLong()).isEqualTo(3);
        assertThat(j.get("totals").get("bytes").asLong()).isEqualTo(12_595);
        JsonNode t = j.get("tables").get(1);
        assertThat(t.get("table").asText()).isEqualTo("shop.orders");
        assertThat(t.get("read").asLong()).isEqualTo(10);
        assertThat(t.get("loaded").asLong()).isEqualTo(8);
        assertThat(t.get("rejected").asLong()).isEqualTo(1);
        assertThat(t.get("bytes").asLong()).isZero();
        assertThat(t.get("seconds").asDouble()).isEqualTo(123.456);
        assertThat(t.get("state").asText()).isEqualTo("failed");
        assertThat(t.get("failure").asText()).isEqualTo("max errors reached");
        assertThat(t.get("reconciled").asBoolean()).isFalse();
        assertThat(j.get("tables").get(0).get("reconciled").asBoolean()).isTrue();
        assertThat(j.get("tables").get(0).get("failure").isNull()).isTrue();
        JsonNode pre = j.get("phases").get("pre").get(0);
        assertThat(pre.get("label").asText()).isEqualTo("before load");
        assertThat(pre.get("attempted").asLong()).isEqualTo(1);
        assertThat(pre.get("failed").asLong()).isZero();
        assertThat(pre.get("seconds").asDouble()).isEqualTo(0.01);
        assertThat(j.get("phases").get("post").get(0).get("label").asText()).isEqualTo("Create Indexes");
        assertThat(j.get("reject_dir").asText()).isEqualTo("drover-rejects/shop");
        assertThat(j.fieldNames()).toIterable().containsExactly("schema_version", "outcome", "exit_code", "failure",
                "seconds", "totals", "tables", "phases", "reject_dir");
    }

    @Test
    void existingSummariesAreRotatedNeverOverwritten(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("report.json");
        assertThat(JsonReport.write(sample(), f)).isNull();
        Files.writeString(f, "first");
        assertThat(JsonReport.write(sample(), f)).isEqualTo(dir.resolve("report.json.1"));
        assertThat(Files.readString(dir.resolve("report.json.1"))).isEqualTo("first");
        Files.writeString(f, "second");
        assertThat(JsonReport.write(sample(), f)).isEqualTo(dir.resolve("report.json.2"));
        assertThat(Files.readString(dir.resolve("report.json.1"))).isEqualTo("first");
        assertThat(Files.readString(dir.resolve("report.json.2"))).isEqualTo("second");
        assertThat(new ObjectMapper().readTree(f.toFile()).get("outcome").asText()).isEqualTo("failed");
    }
}
