package dev.drover.engine.preflight;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.DatabaseMigration;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pre-flight scan: before any row moves, a sample of each table's source rows (or all of them) goes through
 * exactly the conversions the load applies (each column's transform, then the COPY encoder's checks of its target
 * type) and the keys the target will enforce, with no target database. What the load would reject is an
 * {@link Severity#ERROR}; what it would change on the way in is a {@link Severity#WARNING}. The same report feeds
 * {@code drover check} and the wizard's Problems page.
 *
 * <p>Reads are bounded: a table with a key is read by one bounded key-order read ({@code ORDER BY key LIMIT n+1}),
 * a table without one (a materialized query) by a cursor closed after {@code n + 1} rows; duplicate keys are tracked
 * as 64-bit hashes of the key tuples, so memory follows the sample, not the table.
 */
public final class Preflight {
    private Preflight() {}

    /** Rows read per table unless told otherwise. */
    public static final int DEFAULT_SAMPLE = 10_000;

    public enum Severity {
        /** The load would reject the row. */
        ERROR,
        /** The row loads, but a value changes on the way. */
        WARNING
    }

    /**
     * @param sampleRows rows read per table, from the first key on; 0 reads every row
     * @param checkKeys  look for duplicates of the primary key and unique constraints the target gets (off when the
     *                   migration builds no keys)
     */
    public record Options(int sampleRows, boolean checkKeys) {
        public static final Options DEFAULT = new Options(DEFAULT_SAMPLE, true);

        public Options {
            if (sampleRows < 0) throw new IllegalArgumentException("the sample is 0 (every row) or more rows, not " + sampleRows);
        }

        public Options(int sampleRows) {
            this(sampleRows, true);
        }
    }

    /**
     * One value found in a row: where the row is, and the value as read.
     *
     * @param position the row as the source cursor names it ({@code id=9}, {@code rowid 42})
     * @param value    the source value as read, shortened; for a duplicate key, the key's values
     */
    public record Example(String position, String value) {}

    /**
     * One kind of problem in one column (or key).
     *
     * @param table    the target table, {@code schema.name}
     * @param column   the target column; for a duplicate key its columns, comma-separated
     * @param severity error (rows rejected) or warning (values changed)
     * @param kind     what is wrong, in a few words: {@code too long for varchar(80)}, {@code duplicate key}
     * @param count    values (or rows) of the sample that have it
     * @param examples up to {@value #EXAMPLES} of them
     * @param fix      one sentence: the cast rule or option that would fix it
     */
    public record Problem(String table, String column, Severity severity, String kind, long count, List<Example> examples,
                          String fix) {
        public static final int EXAMPLES = 3;

        public Problem {
            examples = List.copyOf(examples);
        }
    }

    /**
     * @param table       the target table, {@code schema.name}
     * @param source      the source table ({@code main.customers})
     * @param rowsScanned source rows read and checked
     * @param complete    whether the whole table was read (else: the problems are those of a sample)
     * @param problems    errors first, then warnings, each in the order first met
     * @param notes       what was not checked before the load (types the encoders do not know, spellings only the
     *                    server reads, keys not checked), and the mapping's lossy casts the data did not test
     */
    public record TableResult(String table, String source, long rowsScanned, boolean complete, List<Problem> problems,
                              List<String> notes) {
        public TableResult {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }

        public long errors() {
            return problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
        }

        public long warnings() {
            return problems.stream().filter(p -> p.severity() == Severity.WARNING).count();
        }
    }

    /**
     * @param tables    per table, in the migration's order
     * @param cancelled whether the scan stopped early (the tables not reached are missing)
     */
    public record Report(List<TableResult> tables, boolean cancelled) {
        public Report {
            tables = List.copyOf(tables);
        }

        /** Error problems (kinds per column), over all tables. */
        public long errors() {
            return tables.stream().mapToLong(TableResult::errors).sum();
        }

        /** Warning problems, over all tables. */
        public long warnings() {
            return tables.stream().mapToLong(TableResult::warnings).sum();
        }

        /** Every problem, table by table. */
        public List<Problem> problems() {
            return tables.stream().flatMap(t -> t.problems().stream()).toList();
        }

        /** The result of one target table ({@code public.customers}, or just {@code customers}), if scanned. */
        public java.util.Optional<TableResult> table(String name) {
            return tables.stream().filter(t -> t.table().equals(name) || t.table().endsWith("." + name)).findFirst();
        }
    }

    /**
     * Scans the tables of a mapping.
     *
     * @param mapping from {@link DatabaseMigration#casts(SourceCatalog, DatabaseSource, DatabaseMigration.Options)}
     * @throws SQLException when the source cannot be read
     */
    public static Report scan(DatabaseSource source, SourceCatalog catalog, DatabaseMigration.Mapping mapping, Options o,
                              Cancellation c) throws SQLException {
        List<TableResult> out = new ArrayList<>();
        for (Map.Entry<SourceTable, List<ColumnCast>> e : mapping.tables().entrySet()) {
            if (c.requested()) return new Report(out, true);
            List<ColumnCast> copied = e.getValue().stream().filter(ColumnCast::copied).toList();
            TableScan scan = new TableScan(source, e.getKey(), mapping.targets().get(e.getKey()).display(), copied, o, c);
            out.add(scan.run());
        }
        return new Report(out, c.requested());
    }

    /**
     * Opens the source of a plan's {@code database:} section and scans it with the plan's own settings (cast rules,
     * tables, renames, zero dates), exactly as {@code drover run} would map it.
     *
     * @throws IllegalArgumentException when the plan loads files, or its cast rules or names are wrong
     * @throws SQLException             when the source cannot be opened or read
     */
    public static Report scan(Plan plan, Options o, Cancellation c) throws SQLException {
        if (plan.database() == null) {
            throw new IllegalArgumentException("the plan loads files, not a database: the pre-flight check scans a database source");
        }
        DatabaseMigration.Options options = DatabaseMigration.Options.of(plan.database());
        if (!options.build().indexes()) o = new Options(o.sampleRows(), false);
        try (DatabaseSource source = DatabaseSources.open(plan.database().source())) {
            SourceCatalog catalog = DatabaseMigration.catalog(source, options);
            DatabaseMigration.Mapping mapping = DatabaseMigration.casts(catalog, source, options);
            return scan(source, catalog, mapping, o, c);
        }
    }
}
