package dev.drover.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.engine.ingest.IngestOptions;
import dev.drover.engine.ingest.IngestState;
import dev.drover.engine.pg.Passwords;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanException;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.run.Engine;
import dev.drover.engine.run.FileIncremental;
import dev.drover.engine.run.IncrementalMigration;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code drover state PLAN.yaml}: the watermark of each incremental table of a plan, as stored in the target's
 * {@code drover.ingest_state}, and its last runs from {@code drover.ingest_run}; {@code --set} and {@code --reset}
 * change watermarks before the next run.
 */
@Command(name = "state", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
        description = {"Show the stored watermark of each incremental table of a plan (database: incremental:), when"
                + " the batch that saved it committed, and the table's last runs; or set or reset watermarks before the next run.",
                "Exit 0: done; 2: wrong TABLE or JSON; 4: invalid plan or a plan without incremental tables;"
                        + " 7: the source or target could not be reached."},
        footer = {"%nA run line: start (UTC), status, duration, batches committed, rows inserted/updated/unchanged/rejected,"
                + " watermark before → after, and the first line of the error. A run still \"running\" is either going on or"
                + " was killed before it could record its end. The history is kept in drover.ingest_run (one row per run) and"
                + " drover.ingest_batch_log (one row per committed batch); --set and --reset leave it alone.",
                "%nExamples:", "  drover state plan.yaml", "  drover state plan.yaml --history 20 --json",
                "  drover state plan.yaml --set 'orders=[\"2024-01-08 09:00:00\", 2]'   (the next run starts after that row)",
                "  drover state plan.yaml --reset orders                               (the next run starts from the beginning)"})
final class StateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    DroverCli cli;

    @Parameters(index = "0", paramLabel = "PLAN.yaml", description = "A plan whose database section has incremental tables.")
    Path planFile;

    @Option(names = "--set", paramLabel = "TABLE=JSON", description = "Set the table's watermark: a JSON array with one value per"
            + " cursor column, e.g. orders='[\"2024-01-08 09:00:00\", 2]'. Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--reset", paramLabel = "TABLE", description = "Remove the table's watermark: its next run reads the source"
            + " from the beginning (and upserts what is there). Repeatable.")
    List<String> reset = new ArrayList<>();

    @Option(names = "--history", paramLabel = "N", defaultValue = "5", description = "Show each table's last N runs,"
            + " newest first (default ${DEFAULT-VALUE}; 0 hides them).")
    int history;

    @Option(names = "--json", description = "Print the watermarks and runs as one JSON document instead of lines.")
    boolean json;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the target password from this environment variable.")
    String passwordEnv;

    @Override
    public Integer call() {
        Plan plan = PlanYaml.read(planFile);
        if (plan.database() == null ? FileIncremental.streams(plan).isEmpty() : plan.database().incremental().isEmpty()) {
            throw new PlanException(null, 0, 0, "drover: error: " + planFile + " has no incremental tables: watermarks belong to the"
                    + " tables with mode: incremental, or to the tables of a database plan's incremental: section", null);
        }
        if (history < 0) throw new UsageException("--history takes a number of runs, 0 or more, not " + history, "--history 0 hides the runs");
        Map<String, JsonNode> sets = new LinkedHashMap<>();
        for (String s : set) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UsageException("--set takes TABLE=JSON, not " + s, "e.g. --set 'orders=[\"2024-01-08 09:00:00\", 2]'");
            try {
                sets.put(s.substring(0, eq).trim(), JSON.readTree(s.substring(eq + 1)));
            } catch (JsonProcessingException e) {
                throw new UsageException("--set " + s.substring(0, eq) + ": not JSON: " + e.getOriginalMessage(),
                        "quote the value for the shell, e.g. --set 'orders=[\"2024-01-08 09:00:00\", 2]'");
            }
        }
        List<IncrementalMigration.Stream> streams = plan.database() == null ? FileIncremental.streams(plan) : null;
        if (streams == null) try (DatabaseSource source = DatabaseSources.open(plan.database().source())) {
            streams = IncrementalMigration.streams(plan.database(), source);
        } catch (SQLException e) {
            cli.err.println("drover: error: cannot read the source " + plan.database().source() + ": " + e.getMessage());
            return Outcome.CONNECTION_FAILED.exitCode();
        } catch (IllegalArgumentException e) {
            throw new PlanException(null, 0, 0, "drover: error: " + e.getMessage(), null);
        }
        Map<IncrementalMigration.Stream, JsonNode> toSet = new LinkedHashMap<>();
        for (var e : sets.entrySet()) {
            IncrementalMigration.Stream s = find(streams, e.getKey());
            JsonNode v = e.getValue();
            Optional<String> problem = IngestState.watermarkProblem(s.cursor(), v);
            if (problem.isPresent()) {
                throw new UsageException("--set " + e.getKey() + ": " + problem.get(), "drover state " + planFile + " shows the current one");
            }
            toSet.put(s, v);
        }
        List<IncrementalMigration.Stream> toReset = new ArrayList<>();
        for (String r : reset) toReset.add(find(streams, r));

        String url = plan.target().url();
        boolean embeddedTarget = EmbeddedPostgres.isPlanUrl(url);
        EmbeddedPostgres.Server embedded = embeddedTarget ? cli.embeddedServer(!json) : null;
        PgTarget target;
        try {
            target = PgTarget.parse(embeddedTarget ? EmbeddedPostgres.resolve(url, embedded) : url, cli.env);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid target URL: " + e.getMessage(), null);
        }
        String password = embeddedTarget ? embedded.password()
                : Passwords.resolve(target, passwordEnv != null ? passwordEnv : plan.target().passwordEnv(), cli.terminal);
        try (Connection c = target.connect(password, "drover state")) {
            for (var e : toSet.entrySet()) {
                IngestState.set(c, IngestOptions.DEFAULT_STATE_TABLE, e.getKey().streamId(), e.getKey().target(), e.getValue());
                cli.out.println(e.getKey().planKey() + ": watermark set to " + e.getValue());
            }
            for (IncrementalMigration.Stream s : toReset) {
                boolean had = IngestState.reset(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId());
                cli.out.println(s.planKey() + ": " + (had ? "watermark removed: the next run starts from the beginning" : "had no watermark"));
            }
            if (!toSet.isEmpty() || !toReset.isEmpty()) return Outcome.SUCCESS.exitCode();
            ArrayNode doc = JSON.createArrayNode();
            for (IncrementalMigration.Stream s : streams) {
                Optional<IngestState.Stored> st = IngestState.read(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId());
                List<IngestState.Run> runs = IngestState.history(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId(), history);
                if (json) {
                    doc.add(json(s, st, runs));
                    continue;
                }
                StringBuilder b = new StringBuilder(s.planKey()).append(" → ").append(s.target().display())
                        .append("  cursor ").append(s.cursor()).append("  ");
                if (st.isEmpty()) {
                    b.append("no watermark (the next run starts from the beginning)");
                } else {
                    IngestState.Stored x = st.get();
                    b.append("watermark ").append(x.watermark()).append("  committed ").append(x.committedAt());
                    if (x.runId() == null) b.append(" (set by hand)");
                    else b.append(" (batch ").append(x.batchNo()).append(" of run ").append(x.runId()).append(")");
                }
                cli.out.println(b);
                if (history > 0) {
                    cli.out.println(runs.isEmpty() ? "  no runs recorded" : "  last " + runs.size() + (runs.size() == 1 ? " run:" : " runs, newest first:"));
                    for (IngestState.Run r : runs) cli.out.println("    " + line(r));
                }
            }
            if (json) cli.out.println(doc.toPrettyString());
            return Outcome.SUCCESS.exitCode();
        } catch (SQLException e) {
            cli.err.println("drover: error: cannot connect to " + target.display() + ": " + Engine.connectionAdvice(e));
            return Outcome.CONNECTION_FAILED.exitCode();
        }
    }

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** One run, fields two spaces apart in a fixed order, so that it reads well and splits well. */
    static String line(IngestState.Run r) {
        StringBuilder b = new StringBuilder(UTC.format(r.startedAt())).append("  ")
                .append(r.running() ? "running or interrupted" : r.status()).append("  ");
        b.append(r.finishedAt() == null ? "-" : duration(Duration.between(r.startedAt(), r.finishedAt()))).append("  ")
                .append(r.batches()).append(r.batches() == 1 ? " batch" : " batches").append("  ")
                .append(r.rowsInserted()).append(" inserted, ").append(r.rowsUpdated()).append(" updated, ")
                .append(r.rowsUnchanged()).append(" unchanged, ").append(r.rowsRejected()).append(" rejected  ")
                .append(watermark(r.startWatermark())).append(" → ").append(watermark(r.endWatermark()));
        if (r.error() != null) b.append("  error: ").append(r.error().lines().findFirst().orElse(""));
        return b.toString();
    }

    private static String watermark(String text) {
        return text == null || text.equals("null") ? "(none)" : text;
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }

    private static ObjectNode json(IncrementalMigration.Stream s, Optional<IngestState.Stored> st, List<IngestState.Run> runs) {
        ObjectNode o = JSON.createObjectNode();
        o.put("table", s.planKey()).put("target", s.target().display()).put("stream_id", s.streamId());
        o.set("watermark", st.map(x -> parse(x.watermark())).orElse(null));
        o.put("committed_at", st.map(x -> x.committedAt().toString()).orElse(null));
        ArrayNode a = o.putArray("runs");
        for (IngestState.Run r : runs) {
            ObjectNode j = a.addObject();
            j.put("run_id", r.runId()).put("status", r.status()).put("started_at", r.startedAt().toString())
                    .put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString())
                    .put("batches", r.batches()).put("read", r.rowsRead()).put("inserted", r.rowsInserted())
                    .put("updated", r.rowsUpdated()).put("unchanged", r.rowsUnchanged()).put("deleted", r.rowsDeleted())
                    .put("rejected", r.rowsRejected());
            j.set("start_watermark", parse(r.startWatermark()));
            j.set("end_watermark", parse(r.endWatermark()));
            j.put("error", r.error());
        }
        return o;
    }

    private static JsonNode parse(String jsonText) {
        if (jsonText == null) return NullNode.getInstance();
        try {
            return JSON.readTree(jsonText);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb that is not JSON: " + jsonText, e);
        }
    }

    private IncrementalMigration.Stream find(List<IncrementalMigration.Stream> streams, String table) {
        for (IncrementalMigration.Stream s : streams) {
            if (s.planKey().equalsIgnoreCase(table) || s.target().display().equalsIgnoreCase(table)) return s;
        }
        throw new UsageException("no incremental table " + table + " in " + planFile,
                "its incremental tables are " + streams.stream().map(IncrementalMigration.Stream::planKey).toList());
    }
}
