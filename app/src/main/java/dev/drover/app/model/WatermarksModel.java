package dev.drover.app.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.ingest.IngestOptions;
import dev.drover.engine.ingest.IngestState;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.run.IncrementalMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watermarks of a database plan's incremental tables as the target keeps them ({@code drover.ingest_state}), with
 * each table's last runs ({@code drover.ingest_run}), and the two changes {@code drover state} makes: reset (the next
 * run reads from the beginning) and set. Every method but {@link #streams} talks to the target and blocks: the page
 * calls them in the background.
 */
public final class WatermarksModel {
    /** Runs shown per table: enough to see a failure and the run before it. */
    public static final int HISTORY = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /**
     * One incremental table as the target knows it.
     *
     * @param targetExists whether its target table exists yet
     * @param stored       its watermark, or empty when the next run reads every row
     * @param runs         its last runs, newest first
     */
    public record TableState(IncrementalMigration.Stream stream, boolean targetExists, Optional<IngestState.Stored> stored,
                             List<IngestState.Run> runs) {
        /** The plan's name for the table ({@code products}), which the page's control ids carry. */
        public String table() {
            return stream.planKey();
        }

        /** {@code watermark [77] committed 2026-11-24 06:10:00Z}, or what the first run does. */
        public String watermarkText() {
            if (stored.isEmpty() || isNull(stored.get().watermark())) {
                return "first run: loads every row" + (targetExists ? "" : " (the target table does not exist yet)");
            }
            IngestState.Stored s = stored.get();
            return "watermark " + s.watermark() + ", committed " + UTC.format(s.committedAt())
                    + (s.runId() == null ? " (set by hand)" : "")
                    + (targetExists ? "" : "; the target table does not exist: Load from the beginning to load every row");
        }

        /** One line per run, newest first: start, status, rows, watermark range and the error's first line. */
        public List<String> runLines() {
            return runs.stream().map(WatermarksModel::line).toList();
        }
    }

    private final String targetUrl;
    private final String password;

    /** The target of the plan ({@code postgresql://user@host/db}, no password) and the password to reach it (or null). */
    public WatermarksModel(String targetUrl, String password) {
        this.targetUrl = targetUrl;
        this.password = password;
    }

    /**
     * The draft's incremental tables resolved as a run resolves them (same target names, same stream ids); empty for a
     * file load, a draft without incremental tables, or one that is not a plan yet.
     */
    public static List<IncrementalMigration.Stream> streams(Draft draft, OpenedSource source) {
        if (source == null || draft.isFiles() || draft.incremental().isEmpty()) return List.of();
        Preview p = source.preview(draft);
        if (p.mapping() == null) return List.of();
        try {
            return IncrementalMigration.streams(draft.toPlan().database(), p.mapping());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return List.of(); // the review lists why the plan cannot run
        }
    }

    /** Reads each table's watermark and last {@link #HISTORY} runs from the target. */
    public List<TableState> load(List<IncrementalMigration.Stream> streams) throws SQLException {
        List<TableState> out = new ArrayList<>();
        try (Connection c = connect()) {
            for (IncrementalMigration.Stream s : streams) {
                out.add(new TableState(s, exists(c, s), IngestState.read(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId()),
                        IngestState.history(c, IngestOptions.DEFAULT_STATE_TABLE, s.streamId(), HISTORY)));
            }
        }
        return out;
    }

    /** Removes the table's watermark: its next run reads the source from the beginning. Whether it had one. */
    public boolean reset(IncrementalMigration.Stream stream) throws SQLException {
        try (Connection c = connect()) {
            return IngestState.reset(c, IngestOptions.DEFAULT_STATE_TABLE, stream.streamId());
        }
    }

    /**
     * Why {@code json} is not a watermark for the table, checked as {@code drover state --set} checks it; empty when it is.
     */
    public static Optional<String> problem(IncrementalMigration.Stream stream, String json) {
        if (json == null || json.isBlank()) {
            return Optional.of("type a JSON array with one value per cursor column " + stream.cursor() + ", e.g. "
                    + example(stream));
        }
        try {
            return IngestState.watermarkProblem(stream.cursor(), JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return Optional.of("not JSON: " + e.getOriginalMessage() + "; e.g. " + example(stream));
        }
    }

    /** Sets the table's watermark (the next run starts after it), once {@link #problem} finds nothing wrong. */
    public void set(IncrementalMigration.Stream stream, String json) throws SQLException {
        Optional<String> problem = problem(stream, json);
        if (problem.isPresent()) throw new IllegalArgumentException(problem.get());
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        try (Connection c = connect()) {
            IngestState.set(c, IngestOptions.DEFAULT_STATE_TABLE, stream.streamId(), stream.target(), value);
        }
    }

    private static String example(IncrementalMigration.Stream s) {
        return s.cursor().size() == 1 ? "[1000]" : "[\"2024-01-08 09:00:00\", 2]";
    }

    private Connection connect() throws SQLException {
        if (targetUrl == null) throw new SQLException("choose a PostgreSQL target on the Target page");
        return PgTarget.parse(targetUrl).connect(password, "drover-wizard");
    }

    private static boolean exists(Connection c, IncrementalMigration.Stream s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, s.target().sql());
            try (ResultSet r = ps.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    static String line(IngestState.Run r) {
        StringBuilder b = new StringBuilder(UTC.format(r.startedAt())).append("  ")
                .append(r.running() ? "running or interrupted" : r.status()).append("  ")
                .append(r.rowsInserted()).append(" inserted, ").append(r.rowsUpdated()).append(" updated, ")
                .append(r.rowsUnchanged()).append(" unchanged, ").append(r.rowsRejected()).append(" rejected  ")
                .append(watermark(r.startWatermark())).append(" → ").append(watermark(r.endWatermark()));
        if (r.error() != null) b.append("  error: ").append(r.error().lines().findFirst().orElse(""));
        return b.toString();
    }

    private static String watermark(String text) {
        return isNull(text) ? "(beginning)" : text;
    }

    private static boolean isNull(String json) {
        return json == null || json.equals("null");
    }
}
