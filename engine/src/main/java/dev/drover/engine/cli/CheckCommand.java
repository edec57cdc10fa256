package dev.drover.engine.cli;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanException;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.preflight.Preflight;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code drover check}: the pre-flight scan ({@link Preflight}) of a database migration, before any row moves. Exit 0
 * when no row would be rejected, 3 when some would (as a load that completes with rejects), 4 for an invalid plan or
 * option, 7 when the source cannot be reached.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
        description = "Scan a sample of each source table against the chosen casts, with no target: the values the load"
                + " would reject (errors: not a date, too long, out of range, NULL in NOT NULL, duplicate keys, bad UTF-8)"
                + " and those it would change (warnings: rounded, zero dates, time zones assumed), with counts, example"
                + " rows and a fix. Exit 0: no errors; 3: rows would be rejected; 4: invalid plan; 7: connection failed.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    DroverCli cli;

    @Parameters(index = "0", paramLabel = "PLAN.yaml|SOURCE_URL",
            description = "A plan with a database section, or a source database (e.g. sqlite:///path/shop.db).")
    String locator;

    @Option(names = "--sample", paramLabel = "N",
            description = "Rows read per table, in key order (default 10000); 0 reads every row.")
    int sample = Preflight.DEFAULT_SAMPLE;

    @CommandLine.Mixin
    DroverCli.DatabaseOptions database;

    @Override
    public Integer call() {
        if (sample < 0) throw new UsageException("--sample must be 0 (every row) or more, not " + sample, "e.g. --sample 50000");
        DatabaseMigration.Options options;
        String url;
        try {
            if (DatabaseSources.isLocator(locator)) {
                options = DatabaseMigration.Options.of(database.spec(locator, null));
                url = locator;
            } else if (Files.isRegularFile(Path.of(locator))) {
                Plan plan = PlanYaml.read(Path.of(locator));
                if (plan.database() == null) {
                    throw new UsageException(locator + " loads files, not a database: check scans a database source",
                            "e.g. drover check sqlite:///path/shop.db, or a plan with a database: section");
                }
                options = DatabaseMigration.Options.of(plan.database());
                url = plan.database().source();
            } else {
                throw new UsageException("not a database URL nor a plan file: " + locator,
                        "e.g. drover check sqlite:///path/shop.db, or drover check plan.yaml");
            }
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
        Preflight.Options o = new Preflight.Options(sample, options.build().indexes());
        DatabaseSource source;
        try {
            source = DatabaseSources.open(url);
        } catch (SQLException e) {
            cli.err.println("drover: error: cannot connect to the source " + url + ": " + e.getMessage());
            return Outcome.CONNECTION_FAILED.exitCode();
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
        Preflight.Report report;
        try (source) {
            // a materialize entry naming no view, colliding names, an unknown transform: the plan is wrong
            SourceCatalog catalog = DatabaseMigration.catalog(source, options);
            DatabaseMigration.Mapping mapping = DatabaseMigration.casts(catalog, source, options);
            report = Preflight.scan(source, catalog, mapping, o, new Cancellation());
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        } catch (SQLException e) {
            cli.err.println("drover: error: cannot read the source " + url + ": " + e.getMessage());
            return Outcome.CONNECTION_FAILED.exitCode();
        }
        print(report, cli.out);
        return report.errors() > 0 ? Outcome.COMPLETED_WITH_REJECTS.exitCode() : Outcome.SUCCESS.exitCode();
    }

    private static PlanException invalid(IllegalArgumentException e) {
        return new PlanException(null, 0, 0, "drover: error: " + e.getMessage(), null);
    }

    /** Per table its problems with counts, examples and fixes, its notes, then the totals. */
    static void print(Preflight.Report report, PrintStream out) {
        for (Preflight.TableResult t : report.tables()) {
            out.println(t.source() + " → " + t.table() + ": " + t.rowsScanned() + " rows " + (t.complete() ? "(all)" : "(sample)")
                    + ", " + plural(t.errors(), "error") + ", " + plural(t.warnings(), "warning"));
            for (Preflight.Problem p : t.problems()) {
                out.println("  " + p.severity() + "  " + p.column() + ": " + p.kind() + " (" + plural(p.count(), "row") + ")");
                for (Preflight.Example e : p.examples()) out.println("      at " + e.position() + ": " + e.value());
                out.println("      fix: " + p.fix());
            }
            for (String n : t.notes()) out.println("  note: " + n);
        }
        long rows = report.tables().stream().mapToLong(Preflight.TableResult::rowsScanned).sum();
        boolean sampled = report.tables().stream().anyMatch(t -> !t.complete());
        out.println("total: " + plural(report.tables().size(), "table") + ", " + plural(rows, "row") + " scanned"
                + (sampled ? " (a sample: --sample 0 reads every row)" : "") + ", " + plural(report.errors(), "error")
                + ", " + plural(report.warnings(), "warning") + (report.cancelled() ? " (cancelled)" : ""));
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
