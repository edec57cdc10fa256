package dev.drover.engine.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --summary report.json} file. Schema (version 1; fields are only ever added):
 *
 * <pre>
 * {
 *   "schema_version": 1,
 *   "outcome": "success" | "completed_with_rejects" | "failed" | "connection_failed" | "cancelled" | ...,
 *   "exit_code": 0,
 *   "failure": null | "text",
 *   "seconds": 1.234,
 *   "totals": {"read": 0, "loaded": 0, "rejected": 0, "bytes": 0},
 *   "tables": [{"table": "public.t", "read": 0, "loaded": 0, "rejected": 0, "bytes": 0, "seconds": 0.0,
 *               "state": "done", "failure": null, "reconciled": true,
 *               "conversions": [{"column": "shipped_at", "kind": "zero_dates", "to": "null" | "reject" | "1970-01-01", "count": 3}],
 *               "verification": null | {"sampled": 100, "matched": 99, "missing": 1, "mismatched": 0,
 *                                       "mismatches": [{"key": "id=7", "column": "name" | null, "source": "a", "target": "b"}]},
 *               "changes": (incremental tables only) {"inserted": 1, "updated": 1, "unchanged": 0, "watermark": "[...]" | null}}],
 *   "phases": {"pre":  [{"label": "before load", "attempted": 1, "failed": 0, "seconds": 0.01, "failure": null}],
 *              "post": [...]},
 *   "reject_dir": null | "drover-rejects/db"
 * }
 * </pre>
 */
public final class JsonReport {
    public static final int SCHEMA_VERSION = 1;

    private JsonReport() {}

    public static ObjectNode toJson(RunReport r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        root.put("exit_code", r.outcome().exitCode());
        root.put("failure", r.failure());
        root.put("seconds", seconds(r.total()));
        ObjectNode totals = root.putObject("totals");
        totals.put("read", r.read());
        totals.put("loaded", r.loaded());
        totals.put("rejected", r.rejected());
        totals.put("bytes", r.bytes());
        ArrayNode tables = root.putArray("tables");
        for (TableReport t : r.tables()) {
            ObjectNode n = tables.addObject();
            n.put("table", t.table());
            n.put("read", t.read());
            n.put("loaded", t.loaded());
            n.put("rejected", t.rejected());
            n.put("bytes", t.bytes());
            n.put("seconds", seconds(t.time()));
            n.put("state", t.state() == null ? null : t.state().name().toLowerCase(Locale.ROOT));
            n.put("failure", t.failure());
            n.put("reconciled", t.reconciled());
            ArrayNode conversions = n.putArray("conversions");
            for (TableReport.Conversion c : t.conversions()) {
                ObjectNode cn = conversions.addObject();
                cn.put("column", c.column());
                cn.put("kind", c.kind());
                cn.put("to", c.to());
                cn.put("count", c.count());
            }
            if (t.changes() != null) {
                ObjectNode cn = n.putObject("changes");
                cn.put("inserted", t.changes().inserted());
                cn.put("updated", t.changes().updated());
                cn.put("unchanged", t.changes().unchanged());
                cn.put("watermark", t.changes().watermark());
                if (t.changes().skipped() > 0) cn.put("skipped", t.changes().skipped());
            }
            TableReport.Verification v = t.verification();
            if (v == null) {
                n.putNull("verification");
            } else {
                ObjectNode vn = n.putObject("verification");
                vn.put("sampled", v.sampled());
                vn.put("matched", v.matched());
                vn.put("missing", v.missing());
                vn.put("mismatched", v.mismatched());
                ArrayNode ms = vn.putArray("mismatches");
                for (TableReport.Mismatch m : v.mismatches()) {
                    ObjectNode mn = ms.addObject();
                    mn.put("key", m.key());
                    mn.put("column", m.column());
                    mn.put("source", m.source());
                    mn.put("target", m.target());
                }
            }
        }
        ObjectNode phases = root.putObject("phases");
        phases(phases.putArray("pre"), r.pre());
        phases(phases.putArray("post"), r.post());
        root.put("reject_dir", r.rejectDir());
        return root;
    }

    private static void phases(ArrayNode a, List<PhaseReport> list) {
        for (PhaseReport p : list) {
            ObjectNode n = a.addObject();
            n.put("label", p.label());
            n.put("attempted", p.attempted());
            n.put("failed", p.failed());
            n.put("seconds", seconds(p.time()));
            n.put("failure", p.failure());
        }
    }

    private static double seconds(Duration d) {
        return d == null ? 0.0 : d.toMillis() / 1000.0;
    }

    public static String toString(RunReport r) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(r)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the report; an existing file is first renamed to the first free {@code file.1},
     * {@code file.2}... and never overwritten. Returns the name the old file got, or null.
     */
    public static Path write(RunReport r, Path file) throws IOException {
        Path rotated = rotate(file);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, toString(r), StandardCharsets.UTF_8);
        return rotated;
    }

    /** Renames an existing file aside ({@code .1}, {@code .2}...); returns the new name, or null when there was none. */
    public static Path rotate(Path file) throws IOException {
        if (!Files.exists(file)) return null;
        for (int i = 1; ; i++) {
            Path aside = file.resolveSibling(file.getFileName() + "." + i);
            if (!Files.exists(aside)) {
                Files.move(file, aside);
                return aside;
            }
        }
    }
}
