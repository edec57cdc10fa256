package dev.drover.app.model;

import dev.drover.engine.preflight.Preflight;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The Cast rules page's "Check the data": the engine's pre-flight scan ({@link Preflight}) of a sample of each selected
 * table against the draft's casts, before any row moves. The casts are taken from the draft on the calling thread; the
 * scan reads the source on a connection of its own, so the pages keep theirs.
 */
public final class DataCheck {
    private DataCheck() {}

    /**
     * The scan of {@code draft} as it stands, to run in the background.
     *
     * @param sampleRows rows read per table; 0 for every row
     * @throws IllegalArgumentException with the engine's sentence when the draft cannot run (a bad rule, no table)
     */
    public static Callable<Preflight.Report> of(OpenedSource source, Draft draft, int sampleRows, Cancellation cancellation) {
        Preview p = source.preview(draft);
        if (p.mapping() == null) throw new IllegalArgumentException(p.problem() != null ? p.problem() : "no table is selected");
        String url = source.url();
        Preflight.Options o = new Preflight.Options(sampleRows, draft.build().indexes());
        return () -> {
            try (DatabaseSource own = DatabaseSources.open(url)) {
                return Preflight.scan(own, p.catalog(), p.mapping(), o, cancellation);
            }
        };
    }

    private static final java.util.regex.Pattern RULE = java.util.regex.Pattern.compile("`((?:column|type) [^`]+)`",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The first cast rule the fix suggests ({@code column t.c to text}, written in backquotes), else null. */
    public static String ruleFix(Preflight.Problem p) {
        if (p.fix() == null) return null;
        java.util.regex.Matcher m = RULE.matcher(p.fix());
        return m.find() ? m.group(1).strip() : null;
    }

    /** One line for the page: how many rows were read and what was found. */
    public static String summary(Preflight.Report r) {
        long rows = r.tables().stream().mapToLong(Preflight.TableResult::rowsScanned).sum();
        boolean all = r.tables().stream().allMatch(Preflight.TableResult::complete);
        String read = String.format(Locale.ROOT, "%,d rows read in %d tables (%s)", rows, r.tables().size(),
                all ? "every row" : "a sample of each");
        if (r.cancelled()) return "Stopped: " + read + " so far.";
        if (r.problems().isEmpty()) return "✔ No problem found: " + read + ".";
        return String.format(Locale.ROOT, "%s %d kinds of rows would be rejected, %d of values changed: %s.",
                r.errors() > 0 ? "✖" : "⚠", r.errors(), r.warnings(), read);
    }

    /** The examples of a problem as one cell: {@code id=9 (rowid): 1987-02-30; ...}. */
    public static String examples(Preflight.Problem p) {
        return p.examples().stream().map(e -> e.position() + ": " + e.value()).collect(Collectors.joining("; "));
    }

    /** What the scan could not check before the load, all tables. */
    public static List<String> notes(Preflight.Report r) {
        return r.tables().stream().flatMap(t -> t.notes().stream().map(n -> t.table() + ": " + n)).toList();
    }
}
