package dev.drover.app.model;

import dev.drover.engine.plan.ByteSize;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.ErrorLimit;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.target.IdentifierPolicy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Options page: every setting as the user types it, with a one-line explanation of its trade-off and a message
 * under the field while it is invalid. Valid values go straight into the draft; an invalid one leaves the draft at
 * the last valid value, so Back and Next never lose anything. The defaults are the engine's
 * ({@link LoadOptions#defaults()}), read from there and nowhere else.
 */
public final class OptionsModel implements AutoCloseable {
    /**
     * One setting.
     *
     * @param <T> the value type: text for fields the user types, a boolean or an enum for choices
     */
    public static final class Option<T> {
        private final String label;
        private final String explanation;
        private final Observable<T> value;
        private final Observable<String> problem = new Observable<>(null);

        Option(String label, String explanation, T initial) {
            this.label = label;
            this.explanation = explanation;
            this.value = new Observable<>(initial);
        }

        public String label() {
            return label;
        }

        /** One sentence: what it does and what it costs. */
        public String explanation() {
            return explanation;
        }

        /** The value as shown in the field; set it from the view (on blur for text fields). */
        public Observable<T> value() {
            return value;
        }

        /** What is wrong with the value, for the line under the field; null while it is valid. */
        public Observable<String> problem() {
            return problem;
        }

        public void set(T v) {
            value.set(v);
        }
    }

    private final Observable<Draft> draft;
    private final List<Observable.Subscription> subscriptions = new ArrayList<>();
    private final List<Option<?>> all = new ArrayList<>();
    /** Set while the fields show the draft: their changes then come from it and go nowhere. */
    private boolean loading;

    public final Option<DatabaseSpec.Mode> mode = option("What moves",
            "Schema and data creates the tables and loads them; schema only creates tables, keys and indexes with no rows;"
                    + " data only loads into tables that exist already.", DatabaseSpec.Mode.ALL);
    public final Option<String> workers = option("Workers",
            "Connections shared by the tables loading at once: each table in flight takes one reader and 'concurrency'"
                    + " writers of them, so more workers load more tables side by side.", "");
    public final Option<String> concurrency = option("Writers per table",
            "Parallel COPY streams into one table: faster for big tables, one more PostgreSQL connection each.", "");
    public final Option<String> batchRows = option("Batch rows",
            "Rows per COPY batch: a rejected row costs a retry of its batch, so smaller batches isolate errors faster,"
                    + " bigger ones commit less often.", "");
    public final Option<String> batchSize = option("Batch size",
            "Bytes per COPY batch (64kB, 20MB): a batch ends at this size or at the row count, whichever comes first;"
                    + " memory holds a few batches per table.", "");
    public final Option<String> indexJobs = option("Index builds at once",
            "Keys and indexes built in parallel after each table's rows are in: faster, but each build takes a"
                    + " connection and up to 256MB of sort memory.", "");
    public final Option<OnError> onError = option("On error",
            "Resume rejects the bad rows into the reject folder and loads the rest; stop rolls the table back at the"
                    + " first bad row and fails the run.", OnError.RESUME);
    public final Option<String> maxErrors = option("Max errors",
            "Stop a table once its rejects pass this count (100) or share of the rows read (2.5%); none never stops.", "");
    public final Option<Boolean> includeDrop = option("Drop existing tables",
            "Drops target tables of the same name before creating them (destructive); without it an existing table stops"
                    + " the run before anything changes.", false);
    public final Option<Boolean> truncate = option("Empty existing tables first",
            "With data only: TRUNCATE the target tables before loading (destructive); without it rows are added to"
                    + " what is there.", false);
    public final Option<Boolean> createIndexes = option("Create keys and indexes",
            "Builds the source's primary keys, unique constraints and indexes after each table's rows are in; without"
                    + " them the load is faster but nothing is unique or indexed (and no foreign key can be made).", true);
    public final Option<Boolean> foreignKeys = option("Create foreign keys",
            "Adds the source's foreign keys once every table is loaded, so the target keeps the same references;"
                    + " CHECK constraints are made either way.", true);
    public final Option<Boolean> resetSequences = option("Reset sequences",
            "Moves every identity and sequence past the highest loaded value, so the next insert does not collide"
                    + " with a migrated row.", true);
    public final Option<DatabaseSpec.Identity> identity = option("Auto-increment columns",
            "Identity writes GENERATED BY DEFAULT AS IDENTITY (the SQL standard); serial writes serial or bigserial"
                    + " with a sequence, for tools that expect it.", DatabaseSpec.Identity.IDENTITY);
    public final Option<DatabaseSpec.Enums> enums = option("Enum columns",
            "Type creates a PostgreSQL enum type per label list; text with a check keeps plain text limited to the"
                    + " labels, easier to change later.", DatabaseSpec.Enums.TYPE);
    public final Option<IdentifierPolicy> identifiers = option("Names",
            "Downcase writes OrderLines as orderlines (no quotes needed in SQL); quote keeps the source's spelling;"
                    + " snake_case writes order_lines.", IdentifierPolicy.DOWNCASE);
    public final Option<String> rejectDir = option("Reject folder",
            "Where rejected rows are written, one file per table with the reason for each row, under a folder per"
                    + " target database.", "");

    /** Target connections the run holds at its peak ({@link #connectionsExplained()} says how they add up). */
    private final Observable<Integer> plannedConnections = new Observable<>(0);
    private final Observable<String> connectionsExplained = new Observable<>("");

    public OptionsModel(Observable<Draft> draft) {
        this.draft = draft;
        for (Option<?> o : all) subscriptions.add(o.value().subscribe(v -> commit()));
        subscriptions.add(draft.observe(d -> load(d)));
    }

    public List<Option<?>> all() {
        return List.copyOf(all);
    }

    /** Every message shown under a field, as {@code label: message}; empty when the page is valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Option<?> o : all) if (o.problem().get() != null) out.add(o.label() + ": " + o.problem().get());
        return out;
    }

    /** Where Next puts the focus: the first invalid field, or empty when there is none. */
    public Optional<Option<?>> firstInvalid() {
        return all.stream().filter(o -> o.problem().get() != null).findFirst();
    }

    public Observable<Integer> plannedConnections() {
        return plannedConnections;
    }

    public Observable<String> connectionsExplained() {
        return connectionsExplained;
    }

    /**
     * The Target page's check: whether the run's connections fit in what the server has left, and if not, what to do.
     *
     * @param maxConnections the server's {@code max_connections}
     * @param inUse          connections open now ({@code pg_stat_activity})
     * @return the warning, or empty when they fit
     */
    public Optional<String> checkConnections(int maxConnections, int inUse) {
        int free = maxConnections - inUse;
        int need = plannedConnections.get();
        if (need <= free) return Optional.empty();
        return Optional.of("the run needs " + need + " connections and the server has " + Math.max(0, free) + " free (max_connections "
                + maxConnections + ", " + inUse + " in use): lower workers, writers per table or index builds");
    }

    @Override
    public void close() {
        subscriptions.forEach(Observable.Subscription::close);
    }

    private <T> Option<T> option(String label, String explanation, T initial) {
        Option<T> o = new Option<>(label, explanation, initial);
        all.add(o);
        return o;
    }

    /** Shows the draft's values, except in fields the user is still correcting (an invalid value stays as typed). */
    private void load(Draft d) {
        LoadOptions o = d.options();
        loading = true;
        try {
            show(mode, d.mode());
            show(workers, Integer.toString(o.workers()));
            show(concurrency, Integer.toString(o.concurrency()));
            show(batchRows, Integer.toString(o.batchRows()));
            show(batchSize, ByteSize.format(o.batchBytes()));
            show(indexJobs, Integer.toString(o.indexJobs()));
            show(onError, o.onError());
            show(maxErrors, o.maxErrors().toString());
            show(includeDrop, d.includeDrop());
            show(truncate, o.truncate());
            show(createIndexes, d.build().indexes());
            show(foreignKeys, d.build().foreignKeys());
            show(resetSequences, d.build().resetSequences());
            show(identity, d.build().identity());
            show(enums, d.build().enums());
            show(identifiers, d.identifiers());
            show(rejectDir, o.rejectDir().toString());
        } finally {
            loading = false;
        }
        connections(o);
    }

    private <T> void show(Option<T> o, T draftValue) {
        if (o.problem().get() != null) return;
        o.value().set(draftValue);
    }

    /** Validates every field; the draft takes each valid value, an invalid one keeps the draft's. */
    private void commit() {
        if (loading) return;
        Draft d = draft.get();
        LoadOptionsBuilder b = new LoadOptionsBuilder(d.options());
        Integer w = check(workers, s -> whole(s, 1, 1000));
        Integer c = check(concurrency, s -> whole(s, 1, 64));
        Integer rows = check(batchRows, s -> whole(s, 1, 100_000_000));
        Long bytes = check(batchSize, OptionsModel::byteSize);
        Integer jobs = check(indexJobs, s -> whole(s, 1, 64));
        ErrorLimit limit = check(maxErrors, ErrorLimit::parse);
        Path dir = check(rejectDir, OptionsModel::folder);
        if (w != null) b.workers = w;
        if (c != null) b.concurrency = c;
        if (rows != null) b.batchRows = rows;
        if (bytes != null) b.batchBytes = bytes;
        if (jobs != null) b.indexJobs = jobs;
        if (limit != null) b.maxErrors = limit;
        if (dir != null) b.rejectDir = dir;
        b.onError = onError.value().get();
        DatabaseSpec.Mode m = mode.value().get();
        boolean drop = includeDrop.value().get();
        boolean trunc = truncate.value().get();
        includeDrop.problem().set(drop && m == DatabaseSpec.Mode.DATA_ONLY
                ? "data only loads into existing tables: they cannot also be dropped"
                : drop && !d.incremental().isEmpty() ? "the incremental tables " + String.join(", ", d.incremental().keySet())
                        + " would lose the rows earlier runs loaded: turn this off, or give them another mode on the Tables page"
                : null);
        // incremental tables load rows, and only into the tables the run creates when missing
        mode.problem().set(m != DatabaseSpec.Mode.ALL && !d.incremental().isEmpty()
                ? (m == DatabaseSpec.Mode.SCHEMA_ONLY ? "schema only loads no rows" : "data only creates no table")
                        + ", and the incremental tables " + String.join(", ", d.incremental().keySet()) + " load theirs on every run:"
                        + " choose schema and data, or give them another mode on the Tables page"
                : null);
        truncate.problem().set(trunc && m != DatabaseSpec.Mode.DATA_ONLY
                ? "only existing tables are emptied: choose data only (the Tables page's 'truncate' mode)" : null);
        boolean idx = createIndexes.value().get();
        boolean fks = foreignKeys.value().get();
        foreignKeys.problem().set(fks && !idx
                ? "foreign keys reference keys: turn on keys and indexes, or turn foreign keys off" : null);
        Draft next = d.withIdentifiers(identifiers.value().get());
        // like drop and truncate: a contradiction keeps the draft's last consistent choice
        DatabaseSpec.Build last = d.build();
        next = next.withBuild(new DatabaseSpec.Build(foreignKeys.problem().get() == null ? idx : last.indexes(),
                foreignKeys.problem().get() == null ? fks : last.foreignKeys(), resetSequences.value().get(),
                identity.value().get(), enums.value().get()));
        // what moves, drop and truncate go in together or not at all: the engine refuses their contradictions
        if (includeDrop.problem().get() == null && truncate.problem().get() == null && mode.problem().get() == null) {
            b.truncate = trunc;
            next = next.withMode(m).withIncludeDrop(drop);
        }
        draft.set(next.withOptions(b.build()));
    }

    /** Parses the field's text; a failure becomes the field's message and gives null. */
    private static <T> T check(Option<String> o, Function<String, T> parse) {
        try {
            T v = parse.apply(o.value().get() == null ? "" : o.value().get().strip());
            o.problem().set(null);
            return v;
        } catch (IllegalArgumentException e) {
            o.problem().set(e.getMessage());
            return null;
        }
    }

    /**
     * The target connections a database migration with these options holds at its peak, as the engine opens them:
     * {@code workers / (1 + concurrency)} tables at a time, each with a setup session and its writers (one with on
     * error stop), plus the index builds. The one rule the Options and Target pages both show.
     */
    public static int connectionsNeeded(LoadOptions o) {
        int tables = Math.max(1, o.workers() / (1 + o.concurrency()));
        int writers = o.onError() == OnError.STOP ? 1 : o.concurrency();
        return tables * (1 + writers) + o.indexJobs();
    }

    private static int whole(String s, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.isEmpty() ? "a whole number is needed" : "'" + s + "' is not a whole number");
        }
        if (n < min || n > max) throw new IllegalArgumentException("between " + min + " and " + max + ", not " + n);
        return n;
    }

    private static long byteSize(String s) {
        long n = ByteSize.parse(s);
        if (n < 64 * 1024) throw new IllegalArgumentException("at least 64kB, so a batch holds more than a few rows");
        return n;
    }

    private static Path folder(String s) {
        if (s.isEmpty()) throw new IllegalArgumentException("a folder is needed (relative folders are under the working folder of the run)");
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a folder name: " + e.getReason());
        }
    }

    /**
     * The engine's accounting ({@code Engine}, {@code DatabaseMigration}): tables load {@code workers / (1 +
     * concurrency)} at a time; each holds one setup connection and its writers (one with on error stop, which loads a
     * table in one transaction); index builds run beside them, {@code indexJobs} at most. Readers use the source, not
     * PostgreSQL.
     */
    private void connections(LoadOptions o) {
        int tables = Math.max(1, o.workers() / (1 + o.concurrency()));
        int writers = o.onError() == OnError.STOP ? 1 : o.concurrency();
        int total = connectionsNeeded(o);
        plannedConnections.set(total);
        connectionsExplained.set(String.format(Locale.ROOT, "%d connection%s to PostgreSQL at most: %d table%s at a time"
                        + " (%d workers / (1 reader + %d writers)) x (%d writer%s + 1 for setup) + %d index build%s",
                total, total == 1 ? "" : "s", tables, tables == 1 ? "" : "s", o.workers(), o.concurrency(), writers,
                writers == 1 ? "" : "s", o.indexJobs(), o.indexJobs() == 1 ? "" : "s"));
    }
}
