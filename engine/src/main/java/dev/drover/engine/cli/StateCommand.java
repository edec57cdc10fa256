package dev.drover.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.ingest.IngestOptions;
import dev.drover.engine.ingest.IngestState;
import dev.drover.engine.pg.Passwords;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code drover state PLAN.yaml}: the watermark of each incremental table of a plan, as stored in the target's
 * {@code drover.ingest_state}; {@code --set} and {@code --reset} change them before the next run.
 */
@Command(name = "state", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
        description = {"Show the stored watermark of each incremental table of a plan (database: incremental:), and when"
                + " the batch that saved it committed; or set or reset watermarks before the next run.",
                "Exit 0: done; 2: wrong TABLE or JSON; 4: invalid plan or a plan without incremental tables;"
                        + " 7: the source or target could not be reached."},
        footer = {"%nExamples:", "  drover state plan.yaml",
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

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the target password from this environment variable.")
    String passwordEnv;

    @Override
    public Integer call() {
        Plan plan = PlanYaml.read(planFile);
        if (plan.database() == null ? FileIncremental.streams(plan).isEmpty() : plan.database().incremental().isEmpty()) {
            throw new PlanException(null, 0, 0, "drover: error: " + planFile + " has no incremental tables: watermarks belong to the"
                    + " tables with mode: incremental, or to the tables of a database plan's incremental: section", null);
        }
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
            if (!v.isArray() || v.size() != s.cursor().size()) {
                throw new UsageException("--set " + e.getKey() + ": the watermark of a table whose cursor is " + s.cursor()
                        + " is a JSON array of " + s.cursor().size() + " values, not " + v, "drover state " + planFile + " shows the current one");
            }
            for (JsonNode x : v) {
                if (!x.isNumber() && !x.isTextual()) {
                    throw new UsageException("--set " + e.getKey() + ": cursor values are numbers or strings, not " + x, null);
                }
            }
            toSet.put(s, v);
        }
        List<IncrementalMigration.Stream> toReset = new ArrayList<>();
        for (String r : reset) toReset.add(find(streams, r));

        PgTarget target;
        try {
            target = PgTarget.parse(plan.target().url(), cli.env);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid target URL: " + e.getMessage(), null);
        }
        String password = Passwords.resolve(target, passwordEnv != null ? passwordEnv : plan.target().passwordEnv(), cli.terminal);
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
            for (IncrementalMigration.Stream s : streams) {
                Optional<IngestState.Stored> st = IngestState.read(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId());
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
            }
            return Outcome.SUCCESS.exitCode();
        } catch (SQLException e) {
            cli.err.println("drover: error: cannot connect to " + target.display() + ": " + Engine.connectionAdvice(e));
            return Outcome.CONNECTION_FAILED.exitCode();
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
