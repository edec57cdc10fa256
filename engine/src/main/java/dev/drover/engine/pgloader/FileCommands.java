package dev.drover.engine.pgloader;

import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.ByteSize;
import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.CsvSource.FieldCountPolicy;
import dev.drover.engine.plan.FixedField;
import dev.drover.engine.plan.LoadOptionsBuilder;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.source.csv.Encodings;
import dev.drover.engine.source.csv.SeparatorGuess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Turns the file commands of a pgloader command file ({@code LOAD CSV}, {@code LOAD FIXED}, {@code LOAD COPY}) into
 * Drover plans, one plan per command in file order, so that a file means what it means under pgloader (reference §3–§6).
 *
 * <p><b>Several commands.</b> pgloader runs the commands of a file one after the other, in file order (§1.1 step 6);
 * each has its own BEFORE LOAD, table and AFTER LOAD, and a command whose BEFORE LOAD fails stops there. The plans
 * returned here are meant to be run the same way, in list order; a runner should stop at the first plan that
 * fails (ends with a failed table, a failed SQL block or a connection error) and report the commands not run, rather
 * than carry on as pgloader v3 does while exiting 0 (§11.9: Drover keeps distinct exit codes instead).
 *
 * <p><b>Refusals.</b> Whatever Drover cannot run with exactly pgloader's meaning is a {@link CommandFileException} at
 * the position of the clause, option or expression, saying what Drover cannot run yet; options that only tune speed
 * become {@link Warning}s. Nothing is silently ignored.
 *
 * <p><b>Passwords.</b> A password in the {@code INTO} URL (or its {@code ?password=}) is taken out of the plan's
 * URL and returned in {@link Translation#passwords()}, so that {@code drover convert} never writes it and
 * {@code drover run} can still use it.
 */
public final class FileCommands {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final int GUESS_LINES = SeparatorGuess.SAMPLE_LINES;

    private FileCommands() {}

    /**
     * The translation of a command file.
     *
     * @param plans     one plan per file command, in file order
     * @param passwords the password the command's {@code INTO} URL holds, or null, per plan (same index)
     * @param warnings  what was translated with a difference that cannot change the data (a speed option ignored,
     *                  a separator guessed from the data), with its position
     */
    public record Translation(List<Plan> plans, List<String> passwords, List<Warning> warnings) {
        public Translation {
            plans = List.copyOf(plans);
            passwords = java.util.Collections.unmodifiableList(new ArrayList<>(passwords));
            warnings = List.copyOf(warnings);
        }
    }

    /** As {@link #toPlans(CommandFile, Path, Path)} with inline data written under a new temporary directory. */
    public static Translation toPlans(CommandFile file, Path baseDir) {
        return toPlans(file, baseDir, null);
    }

    /**
     * Translates every command of {@code file}.
     *
     * @param baseDir   the command file's directory: relative data paths, {@code IN DIRECTORY} and {@code EXECUTE}
     *                  files are resolved against it, as pgloader does (§1.1 step 4, §2.5); plans hold absolute paths
     * @param inlineDir where {@code FROM inline} data is written, one file per command, byte for byte as it follows
     *                  the command in the file (UTF-8, the encoding the command file is read in); null for a new
     *                  temporary directory (fine for running at once; {@code drover convert} should pass a lasting one)
     * @throws CommandFileException at the first thing that cannot be translated, with its line and column
     */
    public static Translation toPlans(CommandFile file, Path baseDir, Path inlineDir) {
        List<Plan> plans = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Path base = baseDir.toAbsolutePath().normalize();
        int n = 0;
        for (Command c : file.commands()) {
            n++;
            if (!(c instanceof FileCommand fc)) {
                throw new CommandFileException(file.file(), c.position(),
                        "LOAD DATABASE is not a file command: it is translated separately (FileCommands reads LOAD CSV, FIXED and COPY)");
            }
            Translator t = new Translator(file.file(), base, inlineDir, n, fc, warnings);
            plans.add(t.plan());
            passwords.add(t.password);
        }
        return new Translation(plans, passwords, warnings);
    }

    private static final Pattern INCLUDE = Pattern.compile("\\\\(i|ir|include|include_relative)\\s+('[^']*'|\\S+)\\s*");

    /**
     * The text of an EXECUTE script with its {@code \i} and {@code \ir} lines replaced by the files they name
     * (reference §1.6): {@code \ir} is relative to the including script, {@code \i} to the command file's
     * directory (pgloader's stand-in for psql's working directory). Any other psql meta-command is refused.
     */
    static String script(Path file, Path base, int depth) throws IOException {
        if (depth > 16) throw new IllegalArgumentException("\\i includes nest more than 16 deep (" + file + " includes itself?)");
        List<String> out = new ArrayList<>();
        for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
            String t = line.strip();
            if (!t.startsWith("\\")) {
                out.add(line);
                continue;
            }
            java.util.regex.Matcher m = INCLUDE.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException("has a psql command (" + t + "): Drover runs SQL statements and"
                        + " \\i / \\ir includes only");
            }
            String name = m.group(2).startsWith("'") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            boolean relative = m.group(1).equals("ir") || m.group(1).equals("include_relative");
            Path dir = relative ? file.toAbsolutePath().getParent() : base;
            out.add(script(dir.resolve(name).normalize(), base, depth + 1));
        }
        return String.join("\n", out);
    }

    /** One command's translation. */
    private static final class Translator {
        private final String file;
        private final Path base;
        private final Path inlineDir;
        private final int number;
        /** The command; for {@code fixed header} without a field list, with the fields read from the header line. */
        private FileCommand cmd;
        private final List<Warning> warnings;
        private final String kind;
        String password;
        /** The fields the columns' using expressions read (pgloader's HAVING FIELDS entries they name), with their options. */
        private final List<ColumnSpec> namedFields = new ArrayList<>();

        Translator(String file, Path base, Path inlineDir, int number, FileCommand cmd, List<Warning> warnings) {
            this.file = file;
            this.base = base;
            this.inlineDir = inlineDir;
            this.number = number;
            this.cmd = cmd;
            this.warnings = warnings;
            this.kind = cmd instanceof LoadCsv ? "CSV" : cmd instanceof LoadFixed ? "FIXED" : "COPY";
        }

        private CommandFileException refuse(Position at, String problem) {
            return new CommandFileException(file, at, problem);
        }

        private void warn(Position at, String message) {
            warnings.add(new Warning(at, message));
        }

        Plan plan() {
            TargetSpec target = target();
            String table = table();
            List<String> files = files();
            Charset charset = charset();

            CsvSource d = CsvSource.defaults(files);
            // pgloader's defaults (§3.3 rule 3, §4.5): missing trailing fields are NULL, extra ones dropped
            boolean copy = kind.equals("COPY");
            char delimiter = copy ? '\t' : 0;
            Character quote = copy ? null : '"';
            Character escape = copy ? null : '"';
            boolean csvHeader = false;
            int skip = 0;
            boolean trimBlanks = !copy;
            String copyNull = "\\N";
            List<String> globalNullIf = new ArrayList<>();
            Option globalNullAt = null;
            boolean globalBlanks = false;
            String identifierCase = "downcase";
            LoadOptionsBuilder o = new LoadOptionsBuilder();
            Option escapeMode = null;
            Character lineTerminator = null;
            Option dateFormat = null;
            Option fixedHeader = null;

            for (Option op : cmd.options()) {
                String v = op.value() == null ? null : op.value().text();
                switch (op.name()) {
                    case "truncate" -> o.truncate = true;
                    case "no truncate" -> o.truncate = false;
                    case "drop indexes" -> o.dropIndexes = true;
                    case "drop no indexes" -> o.dropIndexes = false;
                    case "disable triggers" -> o.disableTriggers = true;
                    case "disable no triggers" -> o.disableTriggers = false;
                    case "skip header" -> skip = number(op);
                    case "csv header" -> csvHeader = true;
                    case "fields not enclosed" -> { quote = null; escape = null; }
                    case "fields enclosed by", "fields optionally enclosed by" -> {
                        Character old = quote;
                        quote = charSpec(op);
                        if (escape == null || escape.equals(old)) escape = quote; // doubled quotes follow the quote
                    }
                    case "fields escaped by" -> escape = switch (v.toLowerCase(Locale.ROOT)) {
                        case "double-quote", "\"\"" -> quote != null ? quote : '"';
                        case "backslash-quote", "\\\"" -> '\\';
                        default -> charSpec(op);
                    };
                    case "csv escape mode" -> escapeMode = op;
                    case "fields terminated by" -> delimiter = charSpec(op);
                    case "delimiter" -> delimiter = charSpec(op);
                    case "lines terminated by" -> {
                        char c = charSpec(op); // an option of LOAD CSV only (the parser refuses it elsewhere)
                        lineTerminator = c == '\n' ? null : c; // LF: the default, which also reads CRLF and CR
                    }
                    case "trim unquoted blanks" -> trimBlanks = true;
                    case "keep unquoted blanks" -> trimBlanks = false;
                    case "null if" -> { globalNullIf.add(v); globalNullAt = op; }
                    case "null if blanks" -> { globalBlanks = true; globalNullAt = op; }
                    case "null" -> copyNull = v;
                    case "date format" -> {
                        if (!kind.equals("CSV")) {
                            throw refuse(op.position(), "WITH date format on LOAD " + kind + ": give each date field its own"
                                    + " [date format '" + v + "']");
                        }
                        try {
                            dev.drover.engine.cast.PgloaderDateFormat.compile(v);
                        } catch (IllegalArgumentException e) {
                            throw refuse(op.position(), "date format '" + v + "': " + e.getMessage());
                        }
                        // §3.4: which fields it reads depends on the column types, so the run applies it
                        dateFormat = op;
                    }
                    case "fixed header" -> {
                        if (cmd.fields().isEmpty()) fixedHeader = op;
                        else warn(op.position(), "fixed header is ignored: the field list gives the layout (add skip header = 1 to skip the header line)");
                    }
                    case "encoding" -> throw refuse(op.position(), "WITH encoding: write the encoding on the FROM clause"
                            + " (FROM 'file' WITH ENCODING " + v + ")");
                    case "on error stop" -> o.onError = OnError.STOP;
                    case "on error resume next" -> o.onError = OnError.RESUME;
                    case "workers" -> o.workers = positive(op);
                    case "concurrency" -> o.concurrency = positive(op);
                    case "batch rows" -> o.batchRows = positive(op);
                    case "batch size" -> {
                        long bytes = ByteSize.parse(v);
                        if (bytes < 64 * 1024) {
                            warn(op.position(), "batch size = " + v + " is raised to 64kB, Drover's smallest batch (a speed setting only)");
                            bytes = 64 * 1024;
                        }
                        o.batchBytes = bytes;
                    }
                    case "max parallel create index" -> o.indexJobs = positive(op);
                    case "prefetch rows", "batch concurrency" -> warn(op.position(), op.name() + " is ignored: Drover"
                            + " sizes its reader queue in batches (a speed setting only)");
                    case "downcase identifiers" -> identifierCase = "downcase";
                    case "quote identifiers" -> identifierCase = "quote";
                    case "snake_case identifiers" -> identifierCase = "snake_case";
                    default -> throw refuse(op.position(), "WITH " + op.name() + ": Drover cannot run this option of LOAD " + kind + " yet");
                }
            }
            // §4.2: pgloader's escape escapes only the quote unless csv escape mode following says otherwise
            CsvSource.EscapeMode mode = escapeMode != null && escapeMode.value().text().equalsIgnoreCase("following")
                    ? CsvSource.EscapeMode.FOLLOWING : CsvSource.EscapeMode.QUOTE;
            if (kind.equals("CSV") && quote == null && escape != null) escape = null;

            boolean guessAtRun = false;
            if (kind.equals("CSV") && delimiter == 0) {
                List<String> sample = sample(files, charset, skip + (csvHeader ? 1 : 0), lineTerminator,
                        cmd.source().position(), "add fields terminated by to the command");
                if (cmd.fields().isEmpty() && cmd.columns().isEmpty()) {
                    // §4.1: the count to fit is the table's, which only the run knows (BEFORE LOAD may create it)
                    guessAtRun = true;
                    delimiter = '\t'; // pgloader's choice when no candidate fits
                    warn(cmd.source().position(), "no fields terminated by: the separator is guessed when the run knows"
                            + " the target table, as pgloader does (reference 4.1): the first of tab , ; | % ^ ! $ that splits"
                            + " every sample line into as many values as the table has columns, else tab; add fields"
                            + " terminated by to be sure");
                } else {
                    int expected = !cmd.fields().isEmpty() ? cmd.fields().size() : cmd.columns().size();
                    delimiter = SeparatorGuess.guess(sample, quote, expected);
                    warn(cmd.source().position(), "no fields terminated by: the separator "
                            + (delimiter == '\t' ? "tab" : "'" + delimiter + "'") + " was guessed from the data as pgloader"
                            + " does (reference 4.1); add fields terminated by to be sure");
                }
            }

            List<String> nullMarkers = new ArrayList<>();
            if (copy) nullMarkers.add(copyNull);
            else nullMarkers.add(""); // §4.3: an unquoted empty value is NULL, a quoted one the empty string

            // header: with a field list the header line is only skipped (§3.4 csv header)
            boolean header = false;
            List<String> headerNames = null;
            if (csvHeader) {
                if (!cmd.fields().isEmpty()) skip++;
                else {
                    header = true;
                    headerNames = headerNames(files, charset, skip, delimiter, quote, escape, lineTerminator);
                }
            }

            if (fixedHeader != null) {
                cmd = withHeaderLayout((LoadFixed) cmd, files, charset, skip, fixedHeader);
                skip++; // the header line is not data
            }
            List<FixedField> fixed = kind.equals("FIXED") ? fixedFields() : List.of();
            if (kind.equals("FIXED") && (!globalNullIf.isEmpty() || globalBlanks)) {
                throw refuse(globalNullAt.position(), "WITH null if on LOAD FIXED: give each field its own [null if ...]");
            }
            List<ColumnSpec> columns = columns(globalNullIf, globalBlanks, headerNames);
            if ((!globalNullIf.isEmpty() || globalBlanks) && columns.isEmpty()) {
                // Drover's file-wide NULL markers match unquoted values only; pgloader's null if matches quoted ones too
                throw refuse(globalNullAt.position(), "WITH " + globalNullAt + ": Drover applies it field by field, so the"
                        + " command must name its fields (HAVING FIELDS) or its columns (TARGET COLUMNS)");
            }

            CsvSource source = new CsvSource(files, charset.name(), delimiter == 0 ? d.delimiter() : delimiter,
                    kind.equals("FIXED") ? d.quote() : quote, kind.equals("FIXED") ? d.escape() : escape, header, skip,
                    nullMarkers, !kind.equals("FIXED") && trimBlanks, FieldCountPolicy.FIX, FieldCountPolicy.FIX, fixed,
                    copy ? CsvSource.Format.COPY_TEXT : CsvSource.Format.CSV, // §6.2: COPY text, escapes decoded
                    mode, lineTerminator, guessAtRun);

            o.settings.putAll(SessionSettings.of(cmd.parameters(), warnings));
            o.beforeSql.addAll(sql(cmd.beforeLoad()));
            o.afterSql.addAll(sql(cmd.afterLoad()));
            String finalTable = identifier(table, identifierCase);
            if (dateFormat != null) renamedDateFields(columns, dateFormat);
            return new Plan(Plan.CURRENT_VERSION, target, o.build(), List.of(new TableLoad(finalTable, source, columns, namedFields,
                    dateFormat == null ? null : dateFormat.value().text())));
        }

        /**
         * WITH date format goes by field name, and a plan names a field read by position after the column it feeds;
         * a column taking another field by position ({@code x using "born"}) would lose the field's name.
         */
        private void renamedDateFields(List<ColumnSpec> columns, Option dateFormat) {
            for (int i = 0; i < cmd.columns().size() && i < columns.size(); i++) {
                Column c = cmd.columns().get(i);
                String from = c.using() instanceof Expr.Text t ? t.value() : c.using() instanceof Expr.FieldRef r ? r.name() : null;
                if (from != null && columns.get(i).position() != null && !from.equalsIgnoreCase(c.name())) {
                    throw refuse(c.position(), "column " + c.name() + " takes field " + from + ", and WITH date format"
                            + " (line " + dateFormat.position().line() + ") would need the field's name at run time:"
                            + " give field " + from + " its own [date format '" + dateFormat.value().text() + "'] if it is a date");
                }
            }
        }

        // ------------------------------------------------------------------ target

        private TargetSpec target() {
            Target t = cmd.target();
            PgTarget parsed;
            try {
                parsed = PgTarget.parse(t.url(), java.util.Map.of());
            } catch (IllegalArgumentException e) {
                throw refuse(t.position(), e.getMessage());
            }
            password = parsed.password();
            return new TargetSpec(withoutPasswordAndTable(t.url()), null);
        }

        /** The URL without its password (user part or {@code ?password=}) and without the table after {@code ?}. */
        static String withoutPasswordAndTable(String url) {
            int scheme = url.indexOf("://");
            String head = url.substring(0, scheme + 3);
            String rest = url.substring(scheme + 3);
            int q = rest.indexOf('?');
            String query = q < 0 ? null : rest.substring(q + 1);
            String main = q < 0 ? rest : rest.substring(0, q);
            int at = userInfoEnd(main);
            if (at >= 0) {
                String info = main.substring(0, at);
                StringBuilder user = new StringBuilder();
                for (int i = 0; i < info.length(); i++) {
                    char c = info.charAt(i);
                    if ((c == '@' || c == ':') && i + 1 < info.length() && info.charAt(i + 1) == c) {
                        user.append(c).append(c);
                        i++;
                    } else if (c == ':') break;
                    else user.append(c);
                }
                main = (user.length() == 0 ? "" : user + "@") + main.substring(at + 1);
            }
            List<String> kept = new ArrayList<>();
            if (query != null) {
                for (String kv : query.split("&")) {
                    int eq = kv.indexOf('=');
                    if (kv.isEmpty() || eq < 0) continue; // the table
                    String k = kv.substring(0, eq).toLowerCase(Locale.ROOT);
                    if (k.equals("tablename") || k.equals("password")) continue;
                    kept.add(kv);
                }
            }
            return head + main + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        }

        /** The {@code @} that ends the user part: the last single {@code @} before the path ({@code @@} is a literal). */
        private static int userInfoEnd(String s) {
            int slash = s.indexOf('/');
            int end = slash < 0 ? s.length() : slash;
            int found = -1;
            for (int i = 0; i < end; i++) {
                if (s.charAt(i) == '@') {
                    if (i + 1 < end && s.charAt(i + 1) == '@') {
                        i++;
                        continue;
                    }
                    found = i;
                }
            }
            return found;
        }

        private String table() {
            Target t = cmd.target();
            if (t.table() == null) {
                throw refuse(t.position(), "no target table: name it in the URL (postgresql://host/db?schema.table) or with TARGET TABLE");
            }
            return t.table();
        }

        /** pgloader's identifier case for the target table (§8.5), part by part; quoted parts are kept. */
        static String identifier(String table, String mode) {
            List<String> parts = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean inQuote = false;
            for (int i = 0; i < table.length(); i++) {
                char c = table.charAt(i);
                if (c == '"') inQuote = !inQuote;
                if (c == '.' && !inQuote) {
                    parts.add(cur.toString());
                    cur.setLength(0);
                } else cur.append(c);
            }
            parts.add(cur.toString());
            List<String> out = new ArrayList<>();
            for (String p : parts) {
                if (p.startsWith("\"") || p.startsWith("'")) {
                    out.add(p.startsWith("'") ? quote(p.substring(1, p.length() - 1)) : p);
                } else if (!PLAIN_IDENTIFIER.matcher(p).matches()) {
                    out.add(quote(p));
                } else {
                    out.add(switch (mode) {
                        case "quote" -> quote(p);
                        case "snake_case" -> p.replaceAll("(?<=[^A-Z_])([A-Z])", "_$1").toLowerCase(Locale.ROOT);
                        default -> p.toLowerCase(Locale.ROOT).replace('$', '_');
                    });
                }
            }
            return String.join(".", out);
        }

        private static String quote(String s) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }

        // ------------------------------------------------------------------ source

        private List<String> files() {
            FileSource src = cmd.source();
            if (src instanceof FileSource.Path p) {
                if (p.path().matches(".*[*?\\[{].*")) {
                    throw refuse(p.position(), "'" + p.path() + "' is a literal file name for pgloader, but Drover would read"
                            + " it as a glob; to read several files write FROM ALL FILENAMES MATCHING ~/regex/");
                }
                Path f = base.resolve(p.path()).normalize();
                if (!Files.isRegularFile(f)) throw refuse(p.position(), "file not found: " + p.path() + " (looked for " + f + ")");
                return List.of(f.toString());
            }
            if (src instanceof FileSource.Stdin) return List.of("-");
            if (src instanceof FileSource.Inline in) return List.of(inline(in).toString());
            if (src instanceof FileSource.Url u) {
                throw refuse(u.position(), "FROM " + u.url() + ": Drover cannot download a source yet; download it and load the file");
            }
            FileSource.Matching m = (FileSource.Matching) src;
            Path dir = m.directory() == null ? base : base.resolve(m.directory()).normalize();
            if (!Files.isDirectory(dir)) throw refuse(m.position(), "directory not found: " + dir);
            Pattern re;
            try {
                re = Pattern.compile(m.regex().text());
            } catch (PatternSyntaxException e) {
                throw refuse(m.regex().position(), "not a regular expression: " + e.getDescription());
            } catch (RuntimeException e) {
                throw refuse(m.position(), "not a regular expression: " + e.getMessage());
            }
            List<String> found;
            try (Stream<Path> walk = Files.walk(dir)) {
                // sorted, so FIRST and the load order do not depend on the file system (§2.5)
                found = walk.filter(Files::isRegularFile)
                        .filter(f -> re.matcher(dir.relativize(f).toString().replace('\\', '/')).find())
                        .map(Path::toString).sorted().toList();
            } catch (IOException e) {
                throw refuse(m.position(), "cannot list " + dir + ": " + e.getMessage());
            }
            if (found.isEmpty()) throw refuse(m.position(), "No file matching ~/" + m.regex().text() + "/ in " + dir);
            for (String f : found) {
                if (f.matches(".*[*?\\[{].*")) {
                    throw refuse(m.position(), "matched file " + f + " has a glob character in its name, which Drover's"
                            + " plans would expand; rename it");
                }
            }
            return m.all() ? found : List.of(found.get(0));
        }

        private Path inline(FileSource.Inline in) {
            InlineData data = cmd.inlineData();
            if (data == null) throw refuse(in.position(), "FROM inline, but no data follows the command");
            try {
                Path dir = inlineDir != null ? Files.createDirectories(inlineDir) : Files.createTempDirectory("drover-inline-");
                String name = Path.of(file).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
                Path f = dir.resolve(name + "." + number + ".inline");
                Files.writeString(f, data.text(), StandardCharsets.UTF_8);
                return f.toAbsolutePath();
            } catch (IOException e) {
                throw refuse(in.position(), "cannot write the inline data to a file: " + e.getMessage());
            }
        }

        private Charset charset() {
            if (cmd.source() instanceof FileSource.Inline) {
                if (cmd.encoding() != null && !Encodings.forName(cmd.encoding()).equals(StandardCharsets.UTF_8)) {
                    warn(cmd.source().position(), "inline data is read with the command file (UTF-8), not as " + cmd.encoding());
                }
                return StandardCharsets.UTF_8;
            }
            if (cmd.encoding() == null) return StandardCharsets.UTF_8;
            try {
                return Encodings.forName(cmd.encoding());
            } catch (RuntimeException e) {
                throw refuse(cmd.source().position(), "unknown encoding " + cmd.encoding());
            }
        }

        // ------------------------------------------------------------------ fields and columns

        private List<FixedField> fixedFields() {
            if (cmd.fields().isEmpty()) {
                throw refuse(cmd.position(), "LOAD FIXED needs a field list (name from N for M): Drover cannot guess the layout yet");
            }
            List<FixedField> out = new ArrayList<>();
            for (Field f : cmd.fields()) {
                if (f.start() == null || f.length() == null) throw refuse(f.position(), "field " + f.name() + " needs from N for M");
                boolean blanks = false;
                List<String> nullIf = new ArrayList<>();
                FixedField.Trim trim = FixedField.Trim.NONE;
                String date = null;
                for (FieldOption op : f.options()) {
                    if (op instanceof FieldOption.NullIf n) {
                        if (n.blanks()) blanks = true;
                        else nullIf.add(n.value());
                    } else if (op instanceof FieldOption.Trim t) trim = FixedField.Trim.valueOf(t.side().name());
                    else if (op instanceof FieldOption.DateFormat df) date = df.format();
                    else warn(op.position(), "terminated by is ignored, as pgloader ignores it");
                }
                try {
                    out.add(new FixedField(f.name(), f.start(), f.length(), blanks, nullIf, trim, date));
                } catch (IllegalArgumentException e) {
                    throw refuse(f.position(), e.getMessage());
                }
            }
            try {
                FixedField.checkLayout(out);
            } catch (IllegalArgumentException e) {
                throw refuse(cmd.fields().get(0).position(), e.getMessage());
            }
            return out;
        }

        /**
         * {@code fixed header} without a field list (§5.4): the layout read from the header line of every file (the
         * first line after {@code skip header}: pgloader reads line 1 whatever {@code skip header} says, which loads
         * a title line as data or takes a title for the header; Drover reads the header where CSV's {@code csv header}
         * is), reported as a field list to paste into the command. The files must share the header line, since a
         * plan has one layout.
         */
        private LoadFixed withHeaderLayout(LoadFixed fc, List<String> files, Charset cs, int skip, Option op) {
            Position at = op.position();
            String first = files.get(0);
            if (first.equals("-")) {
                throw refuse(at, "fixed header: Drover cannot look at standard input before loading it; list the fields"
                        + " (name from N for M) instead");
            }
            String header = null;
            List<FixedField> layout = null;
            long longer = 0;
            for (String f : files) {
                List<String> lines = lines(f, cs, skip, files.size() == 1 || f.equals(first) ? GUESS_LINES : 1, at);
                if (lines.isEmpty()) throw refuse(at, "fixed header: " + f + " has no header line (line " + (skip + 1) + ")");
                String h = lines.get(0);
                if (layout == null) {
                    header = h;
                    try {
                        layout = dev.drover.engine.plan.FixedLayout.fromHeader(h);
                    } catch (IllegalArgumentException e) {
                        throw refuse(at, "fixed header: line " + (skip + 1) + " of " + f + ": " + e.getMessage()
                                + "; list the fields (name from N for M) instead");
                    }
                    int width = h.codePointCount(0, h.length());
                    for (int i = 1; i < lines.size() && longer == 0; i++) {
                        if (lines.get(i).codePointCount(0, lines.get(i).length()) > width) longer = skip + 1 + i;
                    }
                } else if (!h.equals(header)) {
                    throw refuse(at, "fixed header: " + f + " has another header line than " + first + " (\"" + h + "\" and \""
                            + header + "\"); a plan has one layout: load the files with separate commands");
                }
            }
            FixedField last = layout.get(layout.size() - 1);
            warn(at, "fixed header: the layout read from line " + (skip + 1) + " of " + first + " is " + pgloaderFields(layout)
                    + "; paste it after the FROM clause to fix it. The last field, " + last.name() + ", runs to the end of the"
                    + " header line (pgloader stops one character short and loses the last character of every value)"
                    + (longer > 0 ? "; line " + longer + " is longer than the header line, and what is beyond is not loaded:"
                    + " widen " + last.name() + " in the field list" : "")
                    + (skip > 0 ? "; pgloader would read the header from line 1, before skip header" : ""));
            List<Field> fields = new ArrayList<>();
            for (FixedField ff : layout) {
                fields.add(new Field(ff.name(), false, ff.from(), ff.length(), List.of(new FieldOption.NullIf(null, at),
                        new FieldOption.Trim(FieldOption.Side.RIGHT, at)), at));
            }
            return new LoadFixed(fc.position(), fc.source(), fc.encoding(), fields, fc.target(), fc.columns(), fc.options(),
                    fc.parameters(), fc.beforeLoad(), fc.afterLoad(), fc.inlineData());
        }

        /** A field list in pgloader's syntax, to paste into a command. */
        static String pgloaderFields(List<FixedField> fields) {
            List<String> out = new ArrayList<>();
            for (FixedField f : fields) {
                List<String> opts = new ArrayList<>();
                if (f.nullIfBlanks()) opts.add("null if blanks");
                if (f.trim() != FixedField.Trim.NONE) opts.add("trim " + f.trim().name().toLowerCase(Locale.ROOT) + " whitespace");
                String name = PLAIN_IDENTIFIER.matcher(f.name()).matches() ? f.name() : "\"" + f.name().replace("\"", "\"\"") + "\"";
                out.add(name + " from " + f.from() + " for " + f.length() + (opts.isEmpty() ? "" : " [" + String.join(", ", opts) + "]"));
            }
            return "(" + String.join(", ", out) + ")";
        }

        /** Up to {@code max} lines of a file after {@code skip} lines, empty ones included, without their line ends. */
        private List<String> lines(String file, Charset cs, int skip, int max, Position at) {
            List<String> out = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(Path.of(file), cs)) {
                String line;
                int n = 0;
                while (out.size() < max && (line = r.readLine()) != null) {
                    if (n == 0 && line.startsWith("\uFEFF")) line = line.substring(1); // a byte order mark
                    if (n++ >= skip) out.add(line);
                }
            } catch (IOException | UncheckedIOException e) {
                throw refuse(at, "cannot read " + file + ": " + e.getMessage());
            }
            return out;
        }

        /**
         * The projection of §3.3: which field (by position, or by header name) or constant feeds each column. Empty
         * when the command names neither fields nor columns (Drover then maps by header name, or by position in the
         * table's column order, as pgloader does).
         */
        private List<ColumnSpec> columns(List<String> globalNullIf, boolean globalBlanks, List<String> header) {
            boolean fixed = kind.equals("FIXED");
            FieldRule global = new FieldRule(globalNullIf, globalBlanks, FixedField.Trim.NONE, null);
            List<String> fieldNames = new ArrayList<>();
            List<FieldRule> fieldNulls = new ArrayList<>();
            for (Field f : cmd.fields()) {
                fieldNames.add(f.name());
                List<String> nulls = new ArrayList<>();
                boolean blanks = false;
                FixedField.Trim trim = FixedField.Trim.NONE;
                String date = null;
                for (FieldOption op : f.options()) {
                    if (fixed) continue; // a fixed field applies its own options
                    if (op instanceof FieldOption.NullIf n) {
                        if (n.blanks()) blanks = true;
                        else nulls.add(n.value());
                    } else if (op instanceof FieldOption.Trim t) {
                        trim = FixedField.Trim.valueOf(t.side().name());
                    } else if (op instanceof FieldOption.DateFormat df) {
                        try {
                            dev.drover.engine.cast.PgloaderDateFormat.compile(df.format());
                        } catch (IllegalArgumentException e) {
                            throw refuse(df.position(), "date format '" + df.format() + "': " + e.getMessage());
                        }
                        date = df.format();
                    } else warn(op.position(), "terminated by is ignored, as pgloader ignores it");
                }
                // §3.4: WITH null if applies to every field that has no null if of its own
                boolean own = blanks || !nulls.isEmpty();
                fieldNulls.add(own ? new FieldRule(nulls, blanks, trim, date) : new FieldRule(globalNullIf, globalBlanks, trim, date));
            }
            boolean byHeader = header != null;
            if (fieldNames.isEmpty() && !byHeader) {
                // §3.3 step 2: without a field list the column names are the positional field names
                for (Column c : cmd.columns()) {
                    fieldNames.add(c.name());
                    fieldNulls.add(global);
                }
            }
            List<ColumnSpec> out = new ArrayList<>();
            if (cmd.columns().isEmpty()) {
                if (cmd.fields().isEmpty()) return out;
                // no column list: every field feeds the column of its name (the table's other columns get their default)
                for (int i = 0; i < fieldNames.size(); i++) {
                    out.add(spec(fieldNames.get(i), i, fieldNulls.get(i), fixed));
                }
                return out;
            }
            for (Column c : cmd.columns()) {
                Expr using = c.using();
                if (using == null) {
                    if (byHeader) {
                        out.add(nulls(ColumnSpec.byField(c.name(), headerName(header, c.name(), c)), global));
                        continue;
                    }
                    int i = indexOf(fieldNames, c.name(), false);
                    if (i < 0) throw refuse(c.position(), "column " + c.name() + " has no field of that name and no using"
                            + " expression: pgloader would fail every record (reference 3.3 rule 6); add the field, or using \"constant\"");
                    out.add(spec(c.name(), i, fieldNulls.get(i), fixed));
                } else if (using instanceof Expr.Text text) {
                    int i = byHeader ? (header.contains(text.value()) ? 0 : -1) : indexOf(fieldNames, text.value(), true);
                    if (i < 0) out.add(ColumnSpec.constant(c.name(), text.value()));
                    else if (byHeader) out.add(nulls(ColumnSpec.byField(c.name(), text.value()), global));
                    else out.add(spec(c.name(), i, fieldNulls.get(i), fixed));
                } else if (using instanceof Expr.FieldRef ref) {
                    if (byHeader) {
                        out.add(nulls(ColumnSpec.byField(c.name(), headerName(header, ref.name(), c)), global));
                        continue;
                    }
                    int i = indexOf(fieldNames, ref.name(), false);
                    if (i < 0) throw refuse(ref.position(), "using " + ref.name() + ": there is no field of that name");
                    out.add(spec(c.name(), i, fieldNulls.get(i), fixed));
                } else if (using instanceof Expr.Number num) {
                    out.add(ColumnSpec.constant(c.name(), Long.toString(num.value())));
                } else if (kind.equals("COPY")) {
                    // §6.2: COPY rows are already formatted, pgloader applies no expression; the parser warned
                    int i = byHeader ? -1 : indexOf(fieldNames, c.name(), false);
                    if (i < 0) throw refuse(c.position(), "column " + c.name() + " of LOAD COPY has no field of that name;"
                            + " pgloader does not apply using expressions to COPY input");
                    out.add(spec(c.name(), i, fieldNulls.get(i), fixed));
                } else {
                    UsingExpression e = UsingExpression.of(c.usingText(), using);
                    for (String name : e.fields()) {
                        if (namedFields.stream().anyMatch(f -> f.column().equals(name))) continue;
                        if (byHeader) {
                            namedFields.add(nulls(ColumnSpec.byField(name, headerName(header, name, c)), global));
                            continue;
                        }
                        int i = indexOf(fieldNames, name, false);
                        if (i < 0) throw refuse(c.position(), "column " + c.name() + ": its using expression reads " + name
                                + ", which is not a field of the command (" + String.join(", ", fieldNames) + ")");
                        namedFields.add(spec(name, i, fieldNulls.get(i), fixed));
                    }
                    out.add(ColumnSpec.using(c.name(), c.usingText()));
                }
            }
            return out;
        }

        private String headerName(List<String> header, String name, Column c) {
            for (String h : header) if (h.equals(name)) return h;
            for (String h : header) if (h.trim().equalsIgnoreCase(name)) return h;
            throw refuse(c.position(), "column " + c.name() + ": the header " + header + " has no field " + name
                    + ": pgloader would fail every record (reference 3.3 rule 6)");
        }

        /** pgloader's per-field options of a delimited field (a fixed field carries its own). */
        private record FieldRule(List<String> nullIf, boolean blanks, FixedField.Trim trim, String dateFormat) {}

        private ColumnSpec spec(String column, int field, FieldRule rule, boolean fixed) {
            if (fixed) return ColumnSpec.byField(column, cmd.fields().get(field).name());
            return nulls(ColumnSpec.byPosition(column, field + 1), rule);
        }

        private static ColumnSpec nulls(ColumnSpec s, FieldRule rule) {
            List<String> markers = rule.nullIf().isEmpty() ? null : new ArrayList<>(rule.nullIf());
            return new ColumnSpec(s.column(), s.field(), s.position(), s.constant(), markers, rule.blanks(), rule.trim(),
                    rule.dateFormat());
        }

        private static int indexOf(List<String> names, String name, boolean caseSensitive) {
            for (int i = 0; i < names.size(); i++) if (names.get(i).equals(name)) return i;
            if (caseSensitive) return -1;
            for (int i = 0; i < names.size(); i++) if (names.get(i).equalsIgnoreCase(name)) return i;
            return -1;
        }

        // ------------------------------------------------------------------ SQL

        private List<String> sql(SqlBlock block) {
            List<String> out = new ArrayList<>();
            if (block == null) return out;
            for (SqlBlock.Item item : block.items()) {
                if (item instanceof SqlBlock.Sql s) out.add(s.sql());
                else {
                    SqlBlock.ExecuteFile ef = (SqlBlock.ExecuteFile) item;
                    Path f = base.resolve(ef.path()).normalize();
                    String text;
                    try {
                        text = script(f, base, 0);
                    } catch (IOException e) {
                        throw refuse(ef.position(), "cannot read " + ef.path() + " (" + f + "): " + e.getMessage());
                    } catch (IllegalArgumentException e) {
                        throw refuse(ef.position(), ef.path() + ": " + e.getMessage());
                    }
                    // one query string: the server (simple query protocol) splits it as psql would
                    if (!text.isBlank()) out.add(text);
                }
            }
            // §1.6: a clause runs in one transaction, so a failing item undoes the items before it
            if (out.size() > 1) {
                out.add(0, "BEGIN");
                out.add("COMMIT");
            }
            return out;
        }

        // ------------------------------------------------------------------ reading the data

        private List<String> sample(List<String> files, Charset cs, int skip, Character terminator, Position at, String fix) {
            String first = files.get(0);
            if (first.equals("-")) throw refuse(at, "reading standard input, Drover cannot look at the data first; " + fix);
            try {
                return SeparatorGuess.sample(Path.of(first), cs, skip, terminator);
            } catch (IOException | UncheckedIOException e) {
                throw refuse(at, "cannot read " + first + ": " + e.getMessage());
            }
        }

        private List<String> headerNames(List<String> files, Charset cs, int skip, char sep, Character quote, Character escape,
                                         Character terminator) {
            Position at = cmd.source().position();
            List<String> lines = sample(files, cs, skip, terminator, at, "name the fields in a field list instead of csv header");
            if (lines.isEmpty()) throw refuse(at, "csv header: the file has no header line");
            return SeparatorGuess.split(lines.get(0), sep, quote, escape);
        }

        // ------------------------------------------------------------------ option values

        private int number(Option op) {
            try {
                return Integer.parseInt(op.value().text());
            } catch (NumberFormatException e) {
                throw refuse(op.position(), op.name() + " = " + op.value().text() + " is too large");
            }
        }

        private int positive(Option op) {
            int n = number(op);
            if (n < 1) throw refuse(op.position(), op.name() + " must be at least 1");
            return n;
        }

        /** A char-spec (§3.4): {@code 'c'}, {@code '\t'}, {@code '\'}, {@code '\''} or {@code ''''}, {@code '0xHH'}. */
        private char charSpec(Option op) {
            String v = op.value().text();
            switch (v) {
                case "\\t", "tab" -> { return '\t'; }
                case "\\" , "\\\\", "backslash" -> { return '\\'; }
                case "\\'", "''", "single-quote" -> { return '\''; }
                case "double-quote" -> { return '"'; }
                default -> { }
            }
            if (v.matches("(?i)0x[0-9a-f]{1,4}")) return (char) Integer.parseInt(v.substring(2), 16);
            if (v.length() == 1) return v.charAt(0);
            if (v.codePointCount(0, v.length()) == 1) {
                throw refuse(op.position(), op.name() + " '" + v + "': Drover reads separators and quotes of one UTF-16 unit only");
            }
            throw refuse(op.position(), op.name() + " '" + v + "' is not one character (write ';', '\\t' or '0x09')");
        }
    }
}
