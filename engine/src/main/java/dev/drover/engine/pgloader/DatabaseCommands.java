package dev.drover.engine.pgloader;

import dev.drover.engine.cast.CastRuleSyntax;
import dev.drover.engine.plan.ByteSize;
import dev.drover.engine.plan.DatabaseSpec;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.target.IdentifierPolicy;
import dev.drover.engine.target.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code LOAD DATABASE} commands turned into Drover plans with a {@code database:} section, meaning what they mean
 * under pgloader v3 (reference §2, §7, §8, §9): pgloader's defaults where Drover's differ, pgloader's pattern
 * semantics rewritten into the engine's (whole-name, case-insensitive regular expressions), and a
 * {@link CommandFileException} at the clause for whatever would change the result and that Drover cannot do. Where
 * the reference (§8.3, §9.10) asks Drover to behave better than pgloader, Drover's behaviour is kept.
 *
 * <p>Passwords: the target's is taken out of the target URL and returned in {@link Translation#targetPassword()}, for
 * {@code Engine.run}'s password argument. A source's stays in the source URL (the engine reads a source password from
 * its URL or from the environment only) and is also returned in {@link Translation#sourcePassword()}; a plan saved
 * with {@code PlanYaml} must have it removed ({@link Translation#savablePlan()}).
 */
public final class DatabaseCommands {
    private DatabaseCommands() {}

    /** pgloader's own name for SQLite's only schema (§7.2). */
    private static final String SQLITE_SCHEMA = "public";
    /** SET MySQL PARAMETERS that only bound how long something may take: they cannot change what is loaded. */
    private static final Set<String> MYSQL_TIMEOUTS = Set.of("net_read_timeout", "net_write_timeout", "wait_timeout",
            "interactive_timeout", "max_execution_time", "lock_wait_timeout", "innodb_lock_wait_timeout", "net_buffer_length",
            "max_allowed_packet");
    private static final Set<String> MSSQL_TIMEOUTS = Set.of("lock_timeout", "query_governor_cost_limit", "deadlock_priority");

    /**
     * The result of a translation.
     *
     * @param plan           the plan to run (its source URL may hold the source's password, see the class comment)
     * @param sourcePassword the password written in the source URI, or null
     * @param targetPassword the password written in the target URI (taken out of the plan), or null
     * @param warnings       what the command asks that Drover does differently without changing the loaded data
     *                       (performance knobs, names Drover chooses), at the clause's position
     */
    public record Translation(Plan plan, String sourcePassword, String targetPassword, List<Warning> warnings) {
        public Translation {
            warnings = List.copyOf(warnings);
        }

        /** The plan without the source password, for saving ({@code PlanYaml} refuses passwords). */
        public Plan savablePlan() {
            DatabaseSpec d = plan.database();
            String url = stripPassword(d.source());
            DatabaseSpec s = new DatabaseSpec(url, d.schema(), d.includeDrop(), d.casts(), d.identifiers(), d.include(),
                    d.exclude(), d.mode(), d.rename(), d.zeroDates(), d.verifySample(), d.materialize(), d.build(), d.tableModes());
            return new Plan(plan.version(), plan.target(), plan.options(), plan.tables(), s);
        }
    }

    /**
     * A table of the source, for {@link #translate(String, LoadDatabase, Path, List)}: its schema as the source names it
     * (null for SQLite; the database for MySQL) and its name.
     */
    public record SourceTableName(String schema, String name) {}

    /**
     * {@link #translate(String, LoadDatabase, Path, List)}, reading the source's table list first when an ALTER TABLE
     * clause has a regular expression (and only then: other commands are translated without touching the source).
     *
     * @throws java.sql.SQLException when the source cannot be read
     */
    public static Translation translateReadingSource(String file, LoadDatabase command, Path baseDir) throws java.sql.SQLException {
        boolean regex = command.alterTables().stream().flatMap(a -> a.patterns().stream())
                .anyMatch(p -> p.kind() != NamePattern.Kind.EXACT);
        if (!regex) return translate(file, command, baseDir, null);
        return translate(file, command, baseDir, tablesOf(new Translator(file, command, baseDir, null).sourceUrl()));
    }

    /** The tables of a source (a Drover source URL), as {@link #translate(String, LoadDatabase, Path, List)} takes them. */
    public static List<SourceTableName> tablesOf(String sourceUrl) throws java.sql.SQLException {
        try (dev.drover.engine.source.db.DatabaseSource s = dev.drover.engine.source.db.DatabaseSources.open(sourceUrl)) {
            return s.catalog().tables().stream().map(t -> new SourceTableName(t.schema(), t.name())).toList();
        } catch (java.sql.SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.sql.SQLException(e.getMessage(), e);
        }
    }

    /** {@link #translate} for a command whose ALTER TABLE clauses name tables exactly; messages name "command file". */
    public static Plan toPlan(LoadDatabase command, Path baseDir) {
        return translate("command file", command, baseDir, null).plan();
    }

    /** {@link #translate} without the source's table list: ALTER TABLE NAMES MATCHING ~/regex/ is then refused. */
    public static Translation translate(String file, LoadDatabase command, Path baseDir) {
        return translate(file, command, baseDir, null);
    }

    /**
     * Translates one {@code LOAD DATABASE}.
     *
     * @param file         the command file's name, for messages
     * @param baseDir      the command file's directory: relative SQLite paths and {@code EXECUTE} files are read from it
     * @param sourceTables the source's tables and views to materialize, or null when unknown: the engine matches renames
     *                     by exact name, so {@code ALTER TABLE NAMES MATCHING ~/regex/} is expanded against this list
     *                     (and refused without it)
     * @throws CommandFileException at the clause that cannot be translated
     */
    public static Translation translate(String file, LoadDatabase command, Path baseDir, List<SourceTableName> sourceTables) {
        return new Translator(file, command, baseDir, sourceTables).run();
    }

    private static final class Translator {
        private final String file;
        private final LoadDatabase cmd;
        private final Path baseDir;
        private final List<SourceTableName> sourceTables;
        private final DatabaseSource.Kind kind;
        private final List<Warning> warnings = new ArrayList<>();
        private String sourcePassword;
        private String sourceUrl;

        Translator(String file, LoadDatabase cmd, Path baseDir, List<SourceTableName> sourceTables) {
            this.file = file;
            this.cmd = cmd;
            this.baseDir = baseDir == null ? Path.of("") : baseDir;
            this.sourceTables = sourceTables;
            this.kind = cmd.source().kind();
        }

        private CommandFileException error(Position at, String problem) {
            return new CommandFileException(file, at, problem);
        }

        private void warn(Position at, String message) {
            warnings.add(new Warning(at, message));
        }

        Translation run() {
            refuseUnsupportedClauses();
            sourceUrl = sourceUrl();
            String[] target = targetUrl();

            // ---- WITH (§8.2, §8.3), starting from pgloader's defaults for LOAD DATABASE
            boolean includeDrop = true, createTables = true, createIndexes = true, reindex = false, foreignKeys = true,
                    resetSequences = true, truncate = false, disableTriggers = false, dataOnly = false, schemaOnly = false;
            // pgloader's rules exactly (§8.5), not Drover's own downcase and snake_case
            IdentifierPolicy identifiers = IdentifierPolicy.PGLOADER_DOWNCASE;
            Option identifierOption = null;
            boolean uniquify = true; // uniquify index names, pgloader's default (§8.3)
            LoadOptionsBuilder o = new LoadOptionsBuilder(LoadOptions.defaults());
            o.onError = OnError.STOP; // v3's code, for database sources (§8.2; its docs say otherwise)
            Option prefetch = null;
            for (Option opt : cmd.options()) {
                switch (opt.name()) {
                    case "include drop" -> includeDrop = true;
                    case "include no drop" -> includeDrop = false;
                    case "create tables" -> createTables = true;
                    case "create no tables" -> createTables = false;
                    case "create indexes" -> createIndexes = true;
                    case "create no indexes" -> createIndexes = false;
                    case "drop indexes", "reindex" -> reindex = true;
                    case "foreign keys" -> foreignKeys = true;
                    case "no foreign keys" -> foreignKeys = false;
                    case "reset sequences" -> resetSequences = true;
                    case "reset no sequences" -> resetSequences = false;
                    case "truncate" -> truncate = true;
                    case "disable triggers" -> disableTriggers = true;
                    case "data only" -> dataOnly = true;
                    case "schema only" -> schemaOnly = true;
                    case "downcase identifiers" -> { identifiers = IdentifierPolicy.PGLOADER_DOWNCASE; identifierOption = opt; }
                    case "quote identifiers" -> { identifiers = IdentifierPolicy.QUOTE; identifierOption = opt; }
                    case "snake_case identifiers" -> { identifiers = IdentifierPolicy.PGLOADER_SNAKE_CASE; identifierOption = opt; }
                    case "uniquify index names" -> uniquify = true;
                    case "preserve index names" -> {
                        uniquify = false;
                        warn(opt.position(), "preserve index names: Drover keeps the source's index names, but puts the"
                                + " table's name in front of one already taken in the schema where pgloader would fail");
                    }
                    case "on error stop" -> o.onError = OnError.STOP;
                    case "on error resume next" -> o.onError = OnError.RESUME;
                    case "workers" -> o.workers = positive(opt);
                    case "concurrency" -> o.concurrency = positive(opt);
                    case "batch rows" -> o.batchRows = positive(opt);
                    case "batch size" -> {
                        long bytes = ByteSize.parse(opt.value().text());
                        long min = 64 * 1024;
                        if (bytes < min) warn(opt.position(), "batch size " + opt.value().text() + " is raised to Drover's least, 64kB");
                        o.batchBytes = Math.max(bytes, min);
                    }
                    case "prefetch rows", "batch concurrency" -> {
                        if (prefetch != null && !prefetch.name().equals(opt.name())) {
                            throw error(opt.position(), "prefetch rows and batch concurrency are the same option: give one (§8.2)");
                        }
                        prefetch = opt;
                    }
                    case "max parallel create index" -> o.indexJobs = positive(opt);
                    case "multiple readers per thread", "single reader per thread", "rows per range", "chunk size" ->
                            warn(opt.position(), opt.name() + " is a pgloader performance setting Drover does without: it"
                                    + " splits a table's reads by key ranges itself, and concurrency sets the writers per table");
                    case "encoding" -> {
                        String enc = opt.value().text().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
                        if (!enc.equals("utf8")) {
                            throw error(opt.value().position(), "encoding '" + opt.value().text() + "': Drover reads " + kind.label()
                                    + " text as the driver decodes it (UTF-8) and cannot decode it as another encoding;"
                                    + " remove the option or convert the source first");
                        }
                    }
                    case "create schemas" -> { }
                    case "create no schemas" -> warn(opt.position(), "create no schemas: Drover creates a missing target"
                            + " schema where pgloader would fail");
                    case "drop schema" -> throw error(opt.position(), "drop schema drops the target schemas with everything"
                            + " in them, which Drover never does: drop them in BEFORE LOAD DO $$ drop schema ... cascade; $$"
                            + " if that is meant, or remove the option");
                    default -> throw error(opt.position(), "option '" + opt.name() + "' has no meaning for LOAD DATABASE in Drover");
                }
            }
            if (prefetch != null) {
                // Drover's queue holds whole batches: the same number of rows in flight, rounded up to a batch
                int rows = positive(prefetch);
                o.queueBatches = Math.max(1, (rows + o.batchRows - 1) / o.batchRows);
            }
            if (kind == DatabaseSource.Kind.POSTGRESQL) {
                if (identifierOption != null && identifiers != IdentifierPolicy.QUOTE) {
                    warn(identifierOption.position(), identifierOption.name() + " is ignored for a PostgreSQL source, as"
                            + " pgloader does: names are kept as they are (§8.3)");
                }
                identifiers = IdentifierPolicy.QUOTE;
            }

            // derived flags, pgloader's formulas (§8.3)
            boolean copyData = dataOnly || !schemaOnly;
            boolean createDdl = schemaOnly || !dataOnly;
            boolean makesTables = createTables && createDdl;
            if (dataOnly && schemaOnly) {
                warn(option("schema only").position(), "data only and schema only together mean schema and data, as in pgloader");
            }
            DatabaseSpec.Mode mode;
            if (!copyData) {
                if (!makesTables) {
                    throw error(option("schema only").position(), "schema only with create no tables neither creates nor copies"
                            + " anything");
                }
                mode = DatabaseSpec.Mode.SCHEMA_ONLY;
            } else {
                mode = makesTables ? DatabaseSpec.Mode.ALL : DatabaseSpec.Mode.DATA_ONLY;
            }
            Option dropIndexes = option("drop indexes") != null ? option("drop indexes") : option("reindex");
            if (dropIndexes != null && mode == DatabaseSpec.Mode.DATA_ONLY) {
                warn(dropIndexes.position(), dropIndexes.name() + ": Drover loads into an existing table with its indexes in"
                        + " place instead of dropping and rebuilding them (slower for a large load, the same result)");
            }
            o.truncate = truncate && mode == DatabaseSpec.Mode.DATA_ONLY;
            o.disableTriggers = disableTriggers;
            // The engine keeps an existing table's indexes, so pgloader's drop-and-rebuild around a data-only load
            // (drop_indexes, §8.3) is a matter of speed only, and create indexes means what it says (§8.3).
            // preserve_names = (index_names = preserve) OR NOT create_tables, and a PostgreSQL source always preserves (§8.3)
            DatabaseSpec.IndexNames indexNames = uniquify && makesTables && kind != DatabaseSource.Kind.POSTGRESQL
                    ? DatabaseSpec.IndexNames.UNIQUIFY : DatabaseSpec.IndexNames.KEEP;
            // ALTER TABLE NAMES MATCHING ... SET (k = 'v') (§7.3): CREATE TABLE ... WITH, for the tables made
            DatabaseSpec.Build build = new DatabaseSpec.Build(createIndexes || reindex, foreignKeys, resetSequences,
                    kind == DatabaseSource.Kind.POSTGRESQL ? DatabaseSpec.Identity.IDENTITY : DatabaseSpec.Identity.SERIAL,
                    DatabaseSpec.Enums.TYPE, indexNames, storage());

            // ---- SET (§7.1)
            o.settings = SessionSettings.of(cmd.parameters(), warnings);
            sourceParameters(cmd.mysqlParameters(), MYSQL_TIMEOUTS, "MySQL");
            sourceParameters(cmd.mssqlParameters(), MSSQL_TIMEOUTS, "MSSQL");

            // ---- CAST (§9.1): as written, in order; the engine parses them again
            List<String> casts = new ArrayList<>();
            for (CastClause c : cmd.casts()) {
                try {
                    CastRuleSyntax.parse(c.text(), "CAST rule at " + c.position());
                } catch (IllegalArgumentException e) {
                    throw error(c.position(), "Drover cannot use this cast rule: " + e.getMessage());
                }
                casts.add(c.text());
            }

            // ---- INCLUDING / EXCLUDING (§7.3, §1.5)
            List<String> include = new ArrayList<>(), exclude = new ArrayList<>();
            Set<String> filterSchemas = new LinkedHashSet<>();
            Map<String, List<String>> perSchema = new LinkedHashMap<>();
            for (TableFilter f : cmd.including()) {
                List<String> patterns = filter(f, filterSchemas);
                include.addAll(patterns);
                if (f.schema() != null) {
                    perSchema.computeIfAbsent(f.schema(), k -> new ArrayList<>()).addAll(patterns);
                    if (perSchema.size() > 1 && new LinkedHashSet<>(perSchema.values()).size() > 1) {
                        throw error(f.position(), "Drover filters tables by name in every schema it reads, so schemas"
                                + " cannot each have their own INCLUDING patterns: give every schema the same patterns, or"
                                + " use one command file per schema");
                    }
                }
            }
            for (TableFilter f : cmd.excluding()) exclude.addAll(filter(f, filterSchemas));
            if (filterSchemas.size() > 1 && kind == DatabaseSource.Kind.POSTGRESQL) {
                throw error(cmd.including().isEmpty() ? cmd.excluding().get(0).position() : cmd.including().get(0).position(),
                        "a PostgreSQL source is read one schema at a time in Drover, and these filters name "
                        + filterSchemas + ": use one command file per schema");
            }
            String schema = targetSchema(identifiers, filterSchemas);
            if (!filterSchemas.isEmpty()) sourceUrl = withQuery(sourceUrl, "schema", String.join(",", filterSchemas));

            // ---- MATERIALIZE VIEWS (§7.3)
            List<DatabaseSpec.Materialize> materialize = new ArrayList<>();
            if (cmd.materialize() != null) {
                MaterializeViews m = cmd.materialize();
                if (m.all()) materialize.add(DatabaseSpec.Materialize.view(DatabaseSpec.Materialize.ALL_VIEWS));
                for (MaterializeViews.View v : m.views()) {
                    try {
                        materialize.add(v.sql() == null ? DatabaseSpec.Materialize.view(unquoteName(v.name()))
                                : DatabaseSpec.Materialize.query(unquoteName(v.name()), v.sql()));
                    } catch (IllegalArgumentException e) {
                        throw error(v.position(), e.getMessage());
                    }
                }
            }

            // ---- ALTER TABLE NAMES MATCHING (§7.3)
            Map<String, String> rename = renames(identifiers);

            // ---- BEFORE / AFTER LOAD (§1.6)
            o.beforeSql = block(cmd.beforeLoad());
            o.afterSql = block(cmd.afterLoad());
            o.afterSchemaSql = block(cmd.afterCreateSchema());

            DatabaseSpec spec;
            try {
                spec = new DatabaseSpec(sourceUrl, schema, includeDrop && makesTables, casts, identifiers, include, exclude, mode,
                        rename, null, 0, materialize, build);
            } catch (IllegalArgumentException e) {
                throw error(cmd.position(), e.getMessage());
            }
            LoadOptions options;
            try {
                options = o.build();
            } catch (IllegalArgumentException e) {
                throw error(cmd.position(), e.getMessage());
            }
            Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(target[0], null), options, List.of(), spec);
            return new Translation(plan, sourcePassword, target[1], warnings);
        }

        private Option option(String name) {
            return cmd.option(name);
        }

        private int positive(Option opt) {
            try {
                int n = Integer.parseInt(opt.value().text());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // falls through to the message
            }
            throw error(opt.value().position(), opt.name() + " must be a whole number of at least 1, not " + opt.value().text());
        }

        private void refuseUnsupportedClauses() {
            if (!cmd.decoding().isEmpty()) {
                Decoding d = cmd.decoding().get(0);
                if (kind == DatabaseSource.Kind.POSTGRESQL) {
                    warn(d.position(), "DECODING TABLE NAMES has no effect for a PostgreSQL source, as in pgloader");
                } else {
                    throw error(d.position(), "DECODING TABLE NAMES ... AS " + d.encoding() + ": Drover reads text as the"
                            + " source's driver decodes it and cannot decode some tables with another encoding; convert those"
                            + " columns in the source first, or cast them to bytea and convert in AFTER LOAD");
                }
            }
            if (!cmd.distribute().isEmpty()) {
                throw error(cmd.distribute().get(0).position(), "DISTRIBUTE is for Citus targets, which Drover does not"
                        + " handle: remove it and distribute the tables in AFTER LOAD DO $$ select create_distributed_table(...) $$");
            }
        }

        // ---- connection strings (§2)

        private String sourceUrl() {
            String uri = unquote(cmd.source().uri().strip());
            Position at = cmd.source().position();
            switch (kind) {
                case SQLITE -> {
                    String lower = uri.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("http://") || lower.startsWith("https://")) {
                        throw error(at, "Drover does not download SQLite files: download " + uri + " and give its path");
                    }
                    String p = lower.startsWith("sqlite://") ? uri.substring("sqlite://".length()) : uri;
                    Path path = Path.of(p);
                    if (!path.isAbsolute()) path = baseDir.resolve(path);
                    return "sqlite://" + path.toAbsolutePath().normalize();
                }
                case POSTGRESQL -> {
                    String u = uri.replaceFirst("(?i)^(pgsql|postgres|postgresql)://", "postgresql://");
                    return normalizeUserInfo(u, true);
                }
                default -> {
                    return normalizeUserInfo(uri, true);
                }
            }
        }

        /** The target URL without its password, and the password (or null). */
        private String[] targetUrl() {
            Target t = cmd.target();
            String url = t.url();
            if (t.uriTable() != null) {
                warn(t.position(), "the table in the target URI (" + t.uriTable() + ") is ignored by LOAD DATABASE, as in pgloader");
                url = url.replaceFirst("\\?.*$", "") + query(url.contains("?") ? url.substring(url.indexOf('?') + 1) : "", t.uriTable());
            }
            String[] userInfo = userInfo(url);
            String password = userInfo == null ? null : userInfo[1];
            java.util.regex.Matcher m = Pattern.compile("(?i)[?&]password=([^&]*)").matcher(url);
            if (m.find()) password = java.net.URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            return new String[] {stripPassword(normalizeUserInfo(url, false)), password};
        }

        /** The query of a target URI without the bare table name or {@code tablename=}. */
        private static String query(String query, String table) {
            List<String> kept = new ArrayList<>();
            for (String kv : query.split("&")) {
                if (kv.isEmpty() || !kv.contains("=") || kv.toLowerCase(Locale.ROOT).startsWith("tablename=")) continue;
                kept.add(kv);
            }
            return kept.isEmpty() ? "" : "?" + String.join("&", kept);
        }

        /**
         * pgloader writes {@code @} as {@code @@} and, in the user, {@code :} as {@code ::} (§2.1); Drover's URL readers
         * want percent-encoding. Remembers a source password.
         */
        private String normalizeUserInfo(String url, boolean source) {
            String[] info = userInfo(url);
            if (info == null) return url;
            if (source) sourcePassword = info[1];
            int scheme = url.indexOf("://") + 3;
            String rest = url.substring(scheme + info[2].length() + 1);
            return url.substring(0, scheme) + encode(info[0]) + (info[1] == null ? "" : ":" + encode(info[1])) + "@" + rest;
        }

        // ---- SET MySQL / MSSQL PARAMETERS

        private void sourceParameters(List<SetParameter> parameters, Set<String> harmless, String label) {
            for (SetParameter p : parameters) {
                if (harmless.contains(p.name().toLowerCase(Locale.ROOT))) {
                    warn(p.position(), "SET " + label + " PARAMETERS " + p.name() + ": Drover does not set source session"
                            + " settings; this one only bounds time or sizes, so it is left out");
                } else {
                    throw error(p.position(), "SET " + label + " PARAMETERS " + p.name() + ": Drover does not set source session"
                            + " settings, and this one may change what is read; set it on the server (SET GLOBAL, or the"
                            + " user's defaults) and remove it here");
                }
            }
        }

        // ---- INCLUDING / EXCLUDING

        /**
         * The engine's patterns (matched against the whole source table name, ignoring ASCII case) for one filter,
         * meaning what the source database makes of pgloader's (§1.5): a MySQL REGEXP search under a case-insensitive
         * collation, a case-sensitive PostgreSQL {@code ~} search or {@code =}, a SQL LIKE.
         */
        private List<String> filter(TableFilter f, Set<String> schemas) {
            if (f.schema() != null) {
                if (kind == DatabaseSource.Kind.MYSQL || kind == DatabaseSource.Kind.SQLITE) {
                    throw error(f.position(), "IN SCHEMA is not accepted for a " + kind.label() + " source (§7.2)");
                }
                schemas.add(f.schema());
            }
            List<String> out = new ArrayList<>();
            for (NamePattern p : f.patterns()) {
                String caseSensitive = kind == DatabaseSource.Kind.POSTGRESQL ? "(?-i)" : "";
                out.add(switch (p.kind()) {
                    case REGEX -> caseSensitive + "[\\s\\S]*(?:" + p.text() + ")[\\s\\S]*";
                    case EXACT -> caseSensitive + Pattern.quote(p.text());
                    case LIKE -> like(p.text(), kind == DatabaseSource.Kind.MSSQL);
                });
            }
            return out;
        }

        /**
         * A SQL LIKE pattern as a regular expression: {@code %} any text, {@code _} one character, the rest literal;
         * for SQL Server also its character classes {@code [abc]}, {@code [a-f]} and {@code [^0-9]} (SQLite's LIKE has
         * none: a bracket is literal there).
         */
        private static String like(String pattern, boolean classes) {
            StringBuilder b = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                int close = classes && c == '[' ? pattern.indexOf(']', i + 2) : -1;
                if (c == '%' || c == '_' || close > 0) {
                    if (!literal.isEmpty()) b.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                    if (close > 0) {
                        b.append(characterClass(pattern.substring(i + 1, close)));
                        i = close;
                    } else b.append(c == '%' ? "[\\s\\S]*" : "[\\s\\S]");
                } else literal.append(c);
            }
            if (!literal.isEmpty()) b.append(Pattern.quote(literal.toString()));
            return b.toString();
        }

        /** The inside of a T-SQL {@code [...]}: ranges and a leading {@code ^} keep their meaning, every other character is literal. */
        private static String characterClass(String inside) {
            StringBuilder b = new StringBuilder("[");
            int from = 0;
            if (inside.startsWith("^")) {
                b.append('^');
                from = 1;
            }
            for (int i = from; i < inside.length(); i++) {
                char c = inside.charAt(i);
                boolean range = c == '-' && i > from && i < inside.length() - 1;
                if (range) b.append('-');
                else if (Character.isLetterOrDigit(c)) b.append(c);
                else b.append('\\').append(c);
            }
            return b.append(']').toString();
        }

        // ---- target schema: where pgloader puts tables (§7.3), and ALTER SCHEMA

        private String targetSchema(IdentifierPolicy identifiers, Set<String> filterSchemas) {
            AlterSchema alter = cmd.alterSchema();
            switch (kind) {
                case SQLITE -> {
                    if (alter == null) return null;
                    if (!alter.from().equals(SQLITE_SCHEMA)) {
                        warn(alter.position(), "ALTER SCHEMA '" + alter.from() + "' renames nothing: a SQLite source's schema"
                                + " is called 'public'");
                        return null;
                    }
                    return alter.to();
                }
                case MYSQL -> {
                    // pgloader puts MySQL tables in a schema named after the database
                    String db = mysqlDatabase();
                    if (alter != null && alter.from().equals(db)) return alter.to();
                    if (alter != null) warn(alter.position(), "ALTER SCHEMA '" + alter.from() + "' renames nothing: the source"
                            + " schema is '" + db + "'");
                    return identifiers.apply(db);
                }
                default -> {
                    // SQL Server and PostgreSQL: tables go to schemas named after their source schemas
                    if (filterSchemas.size() == 1) {
                        String only = filterSchemas.iterator().next();
                        if (alter != null && !alter.from().equals(only)) {
                            warn(alter.position(), "ALTER SCHEMA '" + alter.from() + "' renames nothing: the tables come from '"
                                    + only + "'");
                            alter = null;
                        }
                        return alter != null ? alter.to() : identifiers.apply(only);
                    }
                    if (alter != null) {
                        throw error(alter.position(), "ALTER SCHEMA: Drover can send all the tables to one schema, or keep"
                                + " each source schema's name, but not rename one schema among several; name the source"
                                + " schema with INCLUDING ONLY TABLE NAMES ... IN SCHEMA '" + alter.from() + "'");
                    }
                    if (filterSchemas.isEmpty()) {
                        warn(cmd.source().position(), "without IN SCHEMA, tables of a source with one schema go to public in"
                                + " Drover, where pgloader names the target schema after the source's");
                    }
                    return null;
                }
            }
        }

        private String mysqlDatabase() {
            String u = sourceUrl;
            int scheme = u.indexOf("://") + 3;
            String rest = u.substring(scheme);
            int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
            rest = rest.substring(at + 1);
            int slash = rest.indexOf('/');
            String db = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("\\?.*$", "");
            return java.net.URLDecoder.decode(db.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        // ---- ALTER TABLE NAMES MATCHING

        private Map<String, String> renames(IdentifierPolicy identifiers) {
            Map<String, String[]> moved = new LinkedHashMap<>(); // rename key → {schema or null, name or null}
            Map<String, String> sourceNameOf = new LinkedHashMap<>();
            for (AlterTable a : cmd.alterTables()) {
                if (a.action() instanceof AlterTable.SetTablespace) {
                    throw error(a.position(), "ALTER TABLE ... SET TABLESPACE: Drover creates tables without one; set it in"
                            + " AFTER LOAD DO $$ alter table ... $$");
                }
                if (a.action() instanceof AlterTable.SetStorage) continue; // storage()
                for (SourceTableName t : tablesMatching(a)) {
                    String key = renameKey(t);
                    sourceNameOf.put(key, t.name());
                    String[] target = moved.computeIfAbsent(key, k -> new String[2]);
                    if (a.action() instanceof AlterTable.SetSchema s) target[0] = s.schema();
                    if (a.action() instanceof AlterTable.RenameTo r) target[1] = r.name();
                }
            }
            Map<String, String> rename = new LinkedHashMap<>();
            for (var e : moved.entrySet()) {
                String name = e.getValue()[1] != null ? e.getValue()[1] : identifiers.apply(sourceNameOf.get(e.getKey()));
                rename.put(e.getKey(), (e.getValue()[0] == null ? "" : TableRef.quote(e.getValue()[0]) + ".") + TableRef.quote(name));
            }
            return rename;
        }

        /**
         * Storage parameters per table from every {@code ALTER TABLE ... SET (k = 'v')}, in order (a later command sets
         * a parameter again), keyed as renames are.
         */
        private Map<String, Map<String, String>> storage() {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (AlterTable a : cmd.alterTables()) {
                if (!(a.action() instanceof AlterTable.SetStorage s)) continue;
                for (SetParameter p : s.parameters()) {
                    if (!p.name().matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                        throw error(p.position(), "'" + p.name() + "' is not a storage parameter name");
                    }
                }
                for (SourceTableName t : tablesMatching(a)) {
                    Map<String, String> params = out.computeIfAbsent(renameKey(t), k -> new LinkedHashMap<>());
                    for (SetParameter p : s.parameters()) params.put(p.name(), p.value());
                }
            }
            return out;
        }

        /**
         * The tables an ALTER TABLE acts on: each matching one of its patterns (regex search or exact name, case-sensitive,
         * against the source name; §1.5) in its schema if it names one.
         */
        private List<SourceTableName> tablesMatching(AlterTable a) {
            List<SourceTableName> out = new ArrayList<>();
            if (sourceTables == null) {
                for (NamePattern p : a.patterns()) {
                    if (p.kind() != NamePattern.Kind.EXACT) {
                        throw error(p.position(), "ALTER TABLE NAMES MATCHING ~/" + p.text() + "/: Drover renames tables"
                                + " by name, so a regular expression needs the source's table list (run the command file"
                                + " itself, which reads it), or name the tables: 'orders', 'order_lines'");
                    }
                    out.add(new SourceTableName(a.schema(), p.text()));
                }
                return out;
            }
            List<SourceTableName> candidates = new ArrayList<>(sourceTables);
            if (cmd.materialize() != null) {
                for (MaterializeViews.View v : cmd.materialize().views()) candidates.add(new SourceTableName(null, unquoteName(v.name())));
            }
            for (SourceTableName t : candidates) {
                if (a.schema() != null && !a.schema().equals(schemaAsPgloaderNamesIt(t))) continue;
                for (NamePattern p : a.patterns()) {
                    boolean hit = p.kind() == NamePattern.Kind.EXACT ? p.text().equals(t.name())
                            : Pattern.compile(p.text()).matcher(t.name()).find();
                    if (hit) {
                        out.add(t);
                        break;
                    }
                }
            }
            return out;
        }

        private String schemaAsPgloaderNamesIt(SourceTableName t) {
            if (kind == DatabaseSource.Kind.SQLITE) return SQLITE_SCHEMA;
            return t.schema();
        }

        /** How the engine's rename finds the table: {@code schema.name} where a schema tells tables apart, else the name. */
        private String renameKey(SourceTableName t) {
            boolean schemas = kind == DatabaseSource.Kind.POSTGRESQL || kind == DatabaseSource.Kind.MSSQL;
            return schemas && t.schema() != null ? t.schema() + "." + t.name() : t.name();
        }

        // ---- SQL blocks

        /**
         * A block's statements. pgloader runs a block in one transaction (§1.6), so a block of several items is wrapped
         * in BEGIN / COMMIT: a failing statement then undoes the block's earlier ones, as there.
         */
        private List<String> block(SqlBlock b) {
            if (b == null) return List.of();
            List<String> statements = new ArrayList<>();
            for (SqlBlock.Item item : b.items()) {
                if (item instanceof SqlBlock.Sql s) {
                    statements.add(s.sql());
                } else if (item instanceof SqlBlock.ExecuteFile f) {
                    Path path = baseDir.resolve(f.path());
                    String text;
                    try {
                        text = FileCommands.script(path, baseDir, 0);
                    } catch (IOException e) {
                        throw error(f.position(), "cannot read " + path + ": " + e.getMessage());
                    } catch (IllegalArgumentException e) {
                        throw error(f.position(), path + " " + e.getMessage());
                    }
                    statements.add(text);
                }
            }
            if (statements.size() > 1) {
                statements.add(0, "BEGIN");
                statements.add("COMMIT");
            }
            return statements;
        }
    }

    // ---- small text helpers

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** A view name as written ({@code v}, {@code "V"}, {@code s.v}) as the materialize entry takes it. */
    private static String unquoteName(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            if (!b.isEmpty()) b.append('.');
            b.append(unquote(part.strip()));
        }
        return b.toString();
    }

    /**
     * The user, password (null if none) and raw user part of a URL's {@code user[:password]@}, pgloader's escapes
     * ({@code @@}, {@code ::}) undone; null when the URL has no user part.
     */
    private static String[] userInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return null;
        String rest = url.substring(scheme + 3);
        int end = -1;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '@') {
                if (i + 1 < rest.length() && rest.charAt(i + 1) == '@') {
                    i++;
                    continue;
                }
                end = i;
                break;
            }
        }
        if (end < 0) return null;
        String raw = rest.substring(0, end);
        int colon = -1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c == ':' || c == '@') && i + 1 < raw.length() && raw.charAt(i + 1) == c) {
                i++;
                continue;
            }
            if (c == ':') {
                colon = i;
                break;
            }
        }
        String user = (colon < 0 ? raw : raw.substring(0, colon)).replace("::", ":").replace("@@", "@");
        String password = colon < 0 ? null : raw.substring(colon + 1).replace("@@", "@");
        if (password != null && password.isEmpty()) password = null;
        return new String[] {percentDecode(user), password == null ? null : percentDecode(password), raw};
    }

    private static String percentDecode(String s) {
        if (!s.contains("%")) return s;
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a literal '%' (pgloader does not decode the user part)
        }
    }

    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) b.append(c);
            else b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }

    /** The URL without a password in its user part or its query. */
    static String stripPassword(String url) {
        String u = url.replaceAll("(?i)([?&])password=[^&]*&?", "$1").replaceAll("[?&]$", "");
        String[] info = userInfo(u);
        if (info == null || info[1] == null) return u;
        int scheme = u.indexOf("://") + 3;
        return u.substring(0, scheme) + encode(info[0]) + "@" + u.substring(scheme + info[2].length() + 1);
    }

    private static String withQuery(String url, String key, String value) {
        String v = encode(value).replace("%2C", ",");
        if (url.matches("(?i).*[?&]" + key + "=.*")) return url;
        return url + (url.contains("?") ? "&" : "?") + key + "=" + v;
    }
}
