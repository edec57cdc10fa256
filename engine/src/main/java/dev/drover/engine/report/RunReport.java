package dev.drover.engine.report;

import java.time.Duration;
import java.util.List;

/** Everything a run did, in pgloader's three sections, plus where the rejects went. */
public record RunReport(List<PhaseReport> pre, List<TableReport> tables, List<PhaseReport> post, Duration total,
                        Outcome outcome, String failure, String rejectDir) {
    public RunReport {
        pre = List.copyOf(pre);
        tables = List.copyOf(tables);
        post = List.copyOf(post);
    }

    public long read() { return tables.stream().mapToLong(TableReport::read).sum(); }
    public long loaded() { return tables.stream().mapToLong(TableReport::loaded).sum(); }
    public long rejected() { return tables.stream().mapToLong(TableReport::rejected).sum(); }
    public long bytes() { return tables.stream().mapToLong(TableReport::bytes).sum(); }
}
