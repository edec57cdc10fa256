package dev.drover.engine.pgloader;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRuleSyntax;
import dev.drover.engine.pgloader.DatabaseSource.Kind;
import dev.drover.engine.pgloader.OptionCatalog.Spec;
import dev.drover.engine.plan.Suggest;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Recursive descent over pgloader v3's command grammar (reference §3.1, §5.1, §6.1, §7.1, §8, §9.1). */
final class CommandParser {
    private static final List<String> LOAD_KINDS = List.of("CSV", "FIXED", "COPY", "DATABASE");
    private static final Set<String> UNSUPPORTED_KINDS = Set.of("DBF", "IXF", "ARCHIVE", "MESSAGES");
    private static final List<String> FILE_CLAUSES = List.of("WITH", "SET", "BEFORE LOAD", "AFTER LOAD");
    private static final List<String> DB_CLAUSES = List.of("WITH", "SET", "CAST", "MATERIALIZE", "INCLUDING ONLY",
            "EXCLUDING", "DECODING", "ALTER TABLE", "ALTER SCHEMA", "DISTRIBUTE", "BEFORE LOAD", "AFTER CREATE SCHEMA",
            "AFTER LOAD");
    /** Words that start a clause of LOAD DATABASE: they end a CAST rule unless the rule itself uses them. */
    private static final Set<String> CLAUSE_WORDS = Set.of("with", "set", "cast", "materialize", "including",
            "excluding", "decoding", "alter", "distribute", "before", "after");
    /** pgloader's encoding names that Java does not know under the same spelling (reference §4.9). */
    private static final Map<String, String> ENCODING_ALIASES = Map.of("latin-1", "ISO-8859-1", "latin-9",
            "ISO-8859-15", "latin9", "ISO-8859-15", "utf8", "UTF-8");

    private final SourceText source;
    private final Scanner s;
    private final List<Warning> warnings = new ArrayList<>();

    CommandParser(SourceText source, Template.Rendered rendered) {
        this.source = source;
        this.s = new Scanner(source, rendered);
        warnings.addAll(rendered.warnings());
    }

    CommandFile commandFile() {
        List<Command> commands = new ArrayList<>();
        if (s.atEnd()) throw s.error(s.pos, "the file holds no command (expected LOAD CSV, LOAD FIXED, LOAD COPY or LOAD DATABASE)");
        while (!s.atEnd()) {
            Command c = command(commands.isEmpty());
            commands.add(c);
            if (c instanceof FileCommand f && f.inlineData() != null) break;
        }
        return new CommandFile(source.file, commands, warnings);
    }

    /** Whether a whole command starts here: pgloader then reads it as one, and a file of several commands has no inline data (§1.1). */
    private boolean commandFollows() {
        int pos = s.pos, warned = warnings.size();
        try {
            if (s.atEnd() || !"load".equalsIgnoreCase(s.peekWord())) return false;
            command(true); // as if first: a second inline command is a command all the same
            return true;
        } catch (CommandFileException e) {
            return false;
        } finally {
            s.pos = pos;
            while (warnings.size() > warned) warnings.remove(warnings.size() - 1);
        }
    }

    private Command command(boolean first) {
        Position at = s.here();
        if (!s.accept("load")) {
            String w = s.peekWord();
            if (w != null && w.equalsIgnoreCase("execute")) {
                throw s.errorHere("EXECUTE is not a command of its own: pgloader runs SQL files only in BEFORE LOAD EXECUTE, "
                        + "AFTER LOAD EXECUTE or AFTER CREATE SCHEMA EXECUTE");
            }
            throw s.errorHere("expected LOAD at the start of a command, found " + s.found() + hint(w, List.of("LOAD")));
        }
        String kind = s.peekWord();
        String upper = kind == null ? "" : kind.toUpperCase(Locale.ROOT);
        if (UNSUPPORTED_KINDS.contains(upper)) {
            throw s.errorHere("LOAD " + upper + " is not supported by Drover; it loads CSV, FIXED, COPY and DATABASE sources");
        }
        if (!LOAD_KINDS.contains(upper)) {
            throw s.errorHere("expected CSV, FIXED, COPY or DATABASE after LOAD, found " + s.found() + hint(kind, LOAD_KINDS));
        }
        s.word();
        return upper.equals("DATABASE") ? database(at) : fileCommand(upper, at, first);
    }

    // ---------------------------------------------------------------- file commands

    private Command fileCommand(String kind, Position at, boolean first) {
        String name = "LOAD " + kind;
        s.expect("from", "after " + name);
        FileSource src = fileSource(kind, name);
        String encoding = null;
        String after = "after the FROM clause of " + name;
        if (s.peek("with")) {
            if (!s.accept("with encoding")) {
                throw s.errorHere("expected INTO " + after + ", found 'WITH' (only WITH ENCODING may come before INTO; WITH options come after it)");
            }
            encoding = encoding("WITH ENCODING");
        }
        List<Field> fields = List.of();
        boolean having = s.accept("having fields");
        if (having || s.peekChar() == '(') {
            fields = fieldList(kind, name);
            after = "after the field list of " + name;
        }
        if (!s.accept("into")) throw s.errorHere("expected INTO " + after + ", found " + s.found() + hint(s.peekWord(), List.of("INTO")));
        Position targetAt = s.here();
        String url = targetUrl(name);
        String targetTable = null;
        if (s.accept("target table")) targetTable = tableRef("a table name after TARGET TABLE");
        Target target = new Target(url, uriTable(url), targetTable, targetAt);
        List<Column> columns = List.of();
        if (s.accept("target columns") || s.peekChar() == '(') columns = columnList(name, kind);

        Clauses c = new Clauses(name);
        while (!endOfCommand(name)) {
            Position cp = s.here();
            if (s.accept("with")) {
                c.once("WITH", cp);
                c.options = options(kind, name);
            } else if (s.accept("set")) {
                c.once("SET", cp);
                s.accept("postgresql parameters");
                c.parameters = parameters("a PostgreSQL parameter after SET");
            } else if (s.accept("before load")) {
                c.once("BEFORE LOAD", cp);
                c.beforeLoad = sqlBlock("BEFORE LOAD", cp);
            } else if (s.accept("after load")) {
                c.once("AFTER LOAD", cp);
                c.afterLoad = sqlBlock("AFTER LOAD", cp);
            } else {
                throw unexpectedClause(name, FILE_CLAUSES);
            }
        }
        InlineData inline = null;
        if (src instanceof FileSource.Inline in) {
            if (!first) {
                throw new CommandFileException(source.file, in.position(), "FROM inline needs " + name
                        + " to be the only command of the file (its data follows the ;), but another command comes before it");
            }
            s.skipTrivia(); // pgloader's terminator swallows blank lines and comments before the data
            if (commandFollows()) {
                throw new CommandFileException(source.file, in.position(), "FROM inline needs " + name
                        + " to be the only command of the file (its data follows the ;), but another command comes after it");
            }
            int raw = s.rawOffset(s.pos);
            inline = new InlineData(source.raw.substring(raw), source.position(raw));
            s.pos = s.text().length();
        }
        return switch (kind) {
            case "CSV" -> new LoadCsv(at, src, encoding, fields, target, columns, c.options, c.parameters, c.beforeLoad, c.afterLoad, inline);
            case "FIXED" -> new LoadFixed(at, src, encoding, fields, target, columns, c.options, c.parameters, c.beforeLoad, c.afterLoad, inline);
            default -> new LoadCopy(at, src, encoding, fields, target, columns, c.options, c.parameters, c.beforeLoad, c.afterLoad, inline);
        };
    }

    private FileSource fileSource(String kind, String name) {
        Position at = s.here();
        // a keyword only when it is the whole path token: FROM stdin.csv, all.csv or inline-data.txt are files
        String run = peekBarePath();
        if (run.equalsIgnoreCase("stdin") || run.equals("-")) {
            s.pos += run.length();
            return new FileSource.Stdin(at);
        }
        if (run.equalsIgnoreCase("inline")) {
            s.pos += run.length();
            return new FileSource.Inline(at);
        }
        boolean keyword = List.of("all", "first", "filename", "filenames").contains(run.toLowerCase(Locale.ROOT));
        boolean all = keyword && s.accept("all");
        boolean firstKw = keyword && !all && s.accept("first");
        if (keyword && (s.accept("filename matching") || s.accept("filenames matching"))) {
            NamePattern re = s.regex();
            String dir = null;
            if (s.accept("in directory")) dir = s.peekQuote() ? s.quoted("a directory") : barePath("a directory after IN DIRECTORY");
            return new FileSource.Matching(all, re, dir, at);
        }
        if (all || firstKw) throw s.errorHere("expected FILENAMES MATCHING after " + (all ? "ALL" : "FIRST") + ", found " + s.found());
        if (s.peekQuote()) return new FileSource.Path(s.quoted("a file name"), true, null, at);
        for (String prefix : List.of("csv", "fixed", "copy")) {
            if (s.startsWith(prefix + "://")) {
                if (!prefix.equalsIgnoreCase(kind)) {
                    throw s.errorHere(prefix + ":// names a " + prefix.toUpperCase(Locale.ROOT) + " file but the command is " + name);
                }
                s.pos += prefix.length() + 3;
                return new FileSource.Path(barePath("a file name after " + prefix + "://"), false, prefix, at);
            }
        }
        if (s.startsWith("http://") || s.startsWith("https://")) return new FileSource.Url(barePath("a URL"), at);
        return new FileSource.Path(barePath("a file name, inline, stdin or FILENAMES MATCHING after FROM in " + name), false, null, at);
    }

    /** pgloader's bare path characters (reference §2.5): no spaces, no quotes, no ; or ,. */
    private String barePath(String what) {
        String p = peekBarePath();
        if (p.isEmpty()) throw s.errorHere("expected " + what + ", found " + s.found());
        s.pos += p.length();
        return p;
    }

    private String peekBarePath() {
        s.skipTrivia();
        int i = s.pos;
        String t = s.text();
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || "/\\:.-_!@#$%^&*()~+".indexOf(t.charAt(i)) >= 0)) i++;
        return t.substring(s.pos, i);
    }

    private String encoding(String clause) {
        s.skipTrivia();
        int start = s.pos;
        String name = s.peekQuote() ? s.quoted("an encoding") : s.word();
        if (name == null) throw s.errorHere("expected an encoding name after " + clause + ", found " + s.found());
        checkEncoding(name, start, clause);
        return name;
    }

    /** An unknown encoding fails when the file is parsed, as in pgloader, rather than when the data is read. */
    private void checkEncoding(String name, int start, String clause) {
        String java = ENCODING_ALIASES.getOrDefault(name.toLowerCase(Locale.ROOT), name);
        boolean known;
        try {
            known = Charset.isSupported(java);
        } catch (IllegalArgumentException e) {
            known = false;
        }
        if (!known) {
            String sug = Suggest.didYouMean(name, List.of("utf-8", "latin1", "latin-9", "cp1252", "windows-1252",
                    "iso-8859-1", "iso-8859-15", "iso-8859-2", "cp850", "cp866", "cp437", "koi8-r", "utf-16le", "utf-16be",
                    "gbk", "cp936", "euc-jp", "shift_jis", "us-ascii"));
            throw s.error(start, "unknown encoding '" + name + "' after " + clause + (sug == null ? "" : " (" + sug + ")"));
        }
    }

    private List<Field> fieldList(String kind, String name) {
        s.expectChar('(', "to open the field list of " + name);
        List<Field> fields = new ArrayList<>();
        do {
            Position at = s.here();
            boolean quoted = s.peekQuote();
            String fname = identifier("a field name in the field list of " + name);
            Integer start = null;
            Integer length = null;
            if (kind.equals("FIXED")) {
                boolean from = s.accept("from");
                start = s.integer("the start of field '" + fname + "'" + (from ? " after FROM" : ""), true);
                if (s.peek("to")) {
                    throw s.errorHere("'from N to M' is not pgloader syntax: write '" + fname + " from " + start + " for LENGTH' (a length, not an end)");
                }
                boolean forKw = s.accept("for");
                length = s.integer("the length of field '" + fname + "'" + (forKw ? " after FOR" : ""), true);
            }
            List<FieldOption> opts = List.of();
            if (s.peekChar() == '[') {
                if (kind.equals("COPY")) throw s.errorHere("fields of LOAD COPY take no options (the data is already COPY text)");
                opts = fieldOptions(fname);
            }
            fields.add(new Field(fname, quoted, start, length, opts, at));
        } while (s.acceptChar(','));
        s.expectChar(')', "to close the field list of " + name);
        return fields;
    }

    private List<FieldOption> fieldOptions(String field) {
        s.expectChar('[', "");
        List<FieldOption> opts = new ArrayList<>();
        String ctx = "field '" + field + "'";
        do {
            Position at = s.here();
            if (s.accept("null if blanks")) opts.add(new FieldOption.NullIf(null, at));
            else if (s.accept("null if")) opts.add(new FieldOption.NullIf(s.quoted("the NULL text of " + ctx), at));
            else if (s.accept("date format")) opts.add(new FieldOption.DateFormat(s.quoted("the date format of " + ctx), at));
            else if (s.accept("terminated by")) opts.add(new FieldOption.TerminatedBy(charSpec("terminated by", false).text(), at));
            else if (s.accept("trim")) {
                FieldOption.Side side;
                if (s.accept("both")) side = FieldOption.Side.BOTH;
                else if (s.accept("left")) side = FieldOption.Side.LEFT;
                else if (s.accept("right")) side = FieldOption.Side.RIGHT;
                else throw s.errorHere("expected BOTH, LEFT or RIGHT after TRIM in " + ctx + ", found " + s.found());
                s.expect("whitespace", "after TRIM " + side + " in " + ctx);
                opts.add(new FieldOption.Trim(side, at));
            } else {
                String w = s.peekWord();
                List<String> known = List.of("null if blanks", "null if", "date format", "trim both whitespace",
                        "trim left whitespace", "trim right whitespace", "terminated by");
                throw s.errorHere("expected a field option (null if blanks, null if 'text', trim both|left|right whitespace, "
                        + "date format 'fmt', terminated by 'c') for " + ctx + ", found " + s.found() + hint(w, known));
            }
        } while (s.acceptChar(','));
        s.expectChar(']', "to close the options of " + ctx);
        return opts;
    }

    /** A field, column or type name: bare names are lower-cased, quoted ones kept (reference §3.1). */
    private String identifier(String what) {
        s.skipTrivia();
        if (s.peekQuote()) return s.quoted(what);
        String t = s.text();
        int i = s.pos;
        if (i >= t.length() || !Scanner.wordStart(t.charAt(i))) throw s.errorHere("expected " + what + ", found " + s.found());
        i++;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '.' || t.charAt(i) == '$' || t.charAt(i) == '_')) i++;
        String id = t.substring(s.pos, i).toLowerCase(Locale.ROOT);
        s.pos = i;
        return id;
    }

    private List<Column> columnList(String name, String kind) {
        s.expectChar('(', "to open the column list of " + name);
        List<Column> columns = new ArrayList<>();
        do {
            Position at = s.here();
            boolean quoted = s.peekQuote();
            String col = identifier("a column name in the column list of " + name);
            String type = null;
            Expr using = null;
            String usingText = null;
            char next = s.peekChar();
            if (next != ',' && next != ')') {
                if (!s.peek("using")) {
                    type = identifier("the type of column '" + col + "'");
                    if (!s.peek("using")) {
                        throw s.errorHere("expected USING after the type '" + type + "' of column '" + col
                                + "' (pgloader takes a type only with an expression), found " + s.found());
                    }
                }
                s.accept("using");
                s.skipTrivia();
                int from = s.pos;
                using = UsingParser.parse(s, "the using expression of column '" + col + "'");
                usingText = s.text().substring(from, s.pos);
                if (kind.equals("COPY") && !(using instanceof Expr.Text) && !(using instanceof Expr.FieldRef)) {
                    warnings.add(new Warning(at, "LOAD COPY does not apply using expressions (the rows are already COPY text); "
                            + "pgloader ignores the one of column '" + col + "'"));
                }
            }
            columns.add(new Column(col, quoted, type, using, usingText, at));
        } while (s.acceptChar(','));
        s.expectChar(')', "to close the column list of " + name);
        return columns;
    }

    // ---------------------------------------------------------------- connection strings

    private String targetUrl(String name) {
        s.skipTrivia();
        int start = s.pos;
        String url = s.peekQuote() ? s.quoted("a connection string") : s.run(";");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("postgresql://") || lower.startsWith("postgres://") || lower.startsWith("pgsql://")
                || lower.startsWith("jdbc:postgresql://"))) {
            throw s.error(start, "expected a PostgreSQL connection string (postgresql://...) after INTO in " + name
                    + ", found " + (url.isEmpty() ? s.found() : "'" + url + "'"));
        }
        return url;
    }

    /** The table named after {@code ?}: {@code tablename=t} or a bare {@code t}; other {@code k=v} are connection options. */
    private static String uriTable(String url) {
        int q = url.indexOf('?');
        if (q < 0) return null;
        String table = null;
        for (String part : url.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            if (eq < 0) table = part.isEmpty() ? table : part;
            else if (part.substring(0, eq).equalsIgnoreCase("tablename")) table = part.substring(eq + 1);
        }
        return table;
    }

    private DatabaseSource databaseSource() {
        s.skipTrivia();
        int start = s.pos;
        Position at = s.here();
        String uri = s.peekQuote() ? s.quoted("a connection string") : s.run(";");
        if (uri.isEmpty()) throw s.errorHere("expected a source connection string after FROM in LOAD DATABASE, found " + s.found());
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) lower = lower.substring(5);
        Kind kind;
        if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) kind = Kind.MYSQL;
        else if (lower.startsWith("mssql://") || lower.startsWith("sqlserver://")) kind = Kind.MSSQL;
        else if (lower.startsWith("sqlite:") || lower.startsWith("http://") || lower.startsWith("https://")) kind = Kind.SQLITE;
        else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://") || lower.startsWith("pgsql://")) kind = Kind.POSTGRESQL;
        else if (!lower.contains("://")) kind = Kind.SQLITE; // pgloader reads a bare or quoted file path as a SQLite file
        else {
            String scheme = lower.substring(0, lower.indexOf("://"));
            String sug = Suggest.didYouMean(scheme, List.of("mysql", "sqlite", "mssql", "postgresql", "pgsql"));
            throw s.error(start, "unknown database source '" + scheme + "://': expected mysql://, sqlite://, mssql:// or postgresql://"
                    + (sug == null ? "" : " (" + sug + ")"));
        }
        return new DatabaseSource(kind, uri, at);
    }

    /** {@code name} or {@code schema.name}, each part bare or quoted; returned as written (quotes kept). */
    private String tableRef(String what) {
        s.skipTrivia();
        int start = s.pos;
        part(what);
        if (s.pos < s.text().length() && s.text().charAt(s.pos) == '.') {
            s.pos++;
            part(what);
        }
        return s.text().substring(start, s.pos);
    }

    private void part(String what) {
        if (s.pos < s.text().length() && (s.text().charAt(s.pos) == '"' || s.text().charAt(s.pos) == '\'')) {
            s.quoted(what);
            return;
        }
        int i = s.pos;
        String t = s.text();
        if (i >= t.length() || !Scanner.wordStart(t.charAt(i))) throw s.errorHere("expected " + what + ", found " + s.found());
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_' || t.charAt(i) == '$')) i++;
        s.pos = i;
    }

    // ---------------------------------------------------------------- clauses shared by every command

    /** The free-order clauses of one command, with duplicate detection (reference §1.4). */
    private final class Clauses {
        final String command;
        final Map<String, Position> seen = new LinkedHashMap<>();
        List<Option> options = List.of();
        List<SetParameter> parameters = List.of();
        SqlBlock beforeLoad;
        SqlBlock afterLoad;

        Clauses(String command) {
            this.command = command;
        }

        void once(String clause, Position at) {
            Position first = seen.putIfAbsent(clause, at);
            if (first != null) {
                throw new CommandFileException(source.file, at, "a second " + clause + " clause in " + command + " (the first is at "
                        + first + "); pgloader would silently ignore this one: merge them into one " + clause + " clause");
            }
        }
    }

    private boolean endOfCommand(String name) {
        if (s.acceptChar(';')) return true;
        if (s.atEnd()) {
            warnings.add(new Warning(s.position(s.pos), name + " is not ended by ';' (pgloader v3 requires it; v4 does not)"));
            return true;
        }
        return false;
    }

    private CommandFileException unexpectedClause(String name, List<String> clauses) {
        String w = s.peekWord();
        if (w != null && name.startsWith("LOAD") && !name.equals("LOAD DATABASE")) {
            for (String dbOnly : List.of("CAST", "MATERIALIZE", "INCLUDING", "EXCLUDING", "DECODING", "ALTER", "DISTRIBUTE")) {
                if (dbOnly.equalsIgnoreCase(w)) return s.errorHere(dbOnly + " is a clause of LOAD DATABASE, not of " + name);
            }
            if (s.peek("after create schema")) return s.errorHere("AFTER CREATE SCHEMA is a clause of LOAD DATABASE, not of " + name);
        }
        String phrase = w;
        if (w != null) {
            int save = s.pos;
            s.word();
            String w2 = s.peekWord();
            if (w2 != null) phrase = w + " " + w2;
            s.pos = save;
        }
        String sug = phrase == null ? null : Suggest.closest(phrase, clauses);
        if (sug == null && w != null) sug = Suggest.closest(w, clauses.stream().map(c -> c.split(" ")[0]).distinct().toList());
        return s.errorHere("expected " + String.join(", ", clauses) + " or ';' after the INTO clause of " + name + ", found "
                + s.found() + (sug == null ? "" : " (did you mean '" + sug + "'?)"));
    }

    private List<Option> options(String kind, String name) {
        Map<String, Spec> catalog = OptionCatalog.forCommand(kind);
        List<Option> options = new ArrayList<>();
        do {
            Option o = option(catalog, kind, name);
            if (o.name().equals("batch concurrency") || o.name().equals("prefetch rows")) {
                String other = o.name().equals("prefetch rows") ? "batch concurrency" : "prefetch rows";
                if (options.stream().anyMatch(x -> x.name().equals(other))) {
                    throw new CommandFileException(source.file, o.position(), "'" + o.name() + "' and '" + other
                            + "' are the same setting ('batch concurrency' is its old name): keep one");
                }
            }
            options.add(o);
        } while (s.acceptChar(','));
        return options;
    }

    private Option option(Map<String, Spec> catalog, String kind, String name) {
        Position at = s.here();
        int start = s.pos;
        // the longest run of words that is an option name: "null if" and "null if blanks" both exist
        StringBuilder words = new StringBuilder();
        String matched = null;
        int matchedEnd = start;
        while (true) {
            String w = s.peekWord();
            if (w == null) break;
            String cand = (words.isEmpty() ? "" : words + " ") + w.toLowerCase(Locale.ROOT);
            boolean prefix = catalog.keySet().stream().anyMatch(k -> k.equals(cand) || k.startsWith(cand + " "));
            if (!prefix) break;
            s.word();
            words.setLength(0);
            words.append(cand);
            if (catalog.containsKey(cand)) {
                matched = cand;
                matchedEnd = s.pos;
            }
        }
        s.pos = matchedEnd;
        if (matched == null) throw unknownOption(catalog, kind, name, start);
        Spec spec = catalog.get(matched);
        Option.Value value = switch (spec.takes()) {
            case FLAG -> {
                if (s.peekChar() == '=') throw s.errorHere("option '" + matched + "' of " + name + " takes no value");
                yield null;
            }
            case NUMBER -> {
                s.expectChar('=', "and a number after '" + matched + "'");
                Position vp = s.here();
                yield new Option.Value(Option.Kind.NUMBER, String.valueOf(s.integer("the value of '" + matched + "'", false)), vp);
            }
            case SIZE -> {
                s.expectChar('=', "and a size such as 20 MB after '" + matched + "'");
                Position vp = s.here();
                int n = s.integer("the value of '" + matched + "' (digits and a unit: 20 MB)", false);
                String unit = s.peekWord();
                if (unit == null || !OptionCatalog.SIZE_UNITS.contains(unit)) {
                    throw s.errorHere("expected a unit (" + String.join(", ", OptionCatalog.SIZE_UNITS) + "; the case matters) after '"
                            + matched + " = " + n + "', found " + s.found());
                }
                s.word();
                yield new Option.Value(Option.Kind.SIZE, n + unit, vp);
            }
            case CHAR -> {
                s.acceptChar('=');
                yield charSpec(matched, matched.equals("fields escaped by"));
            }
            case TEXT -> {
                s.acceptChar('=');
                Position vp = s.here();
                int vstart = s.pos;
                Option.Value v;
                if (s.peekQuote()) {
                    boolean dq = s.quoteChar() == '"';
                    v = new Option.Value(dq ? Option.Kind.DOUBLE_QUOTED : Option.Kind.QUOTED, s.quoted("the value of '" + matched + "'"), vp);
                } else {
                    String w = s.word();
                    if (w == null) throw s.errorHere("expected a quoted value after '" + matched + "', found " + s.found());
                    v = new Option.Value(Option.Kind.WORD, w, vp);
                }
                if (matched.equals("encoding")) checkEncoding(v.text(), vstart, "WITH encoding");
                yield v;
            }
            case WORD -> {
                s.acceptChar('=');
                Position vp = s.here();
                String w = s.peekWord();
                if (w == null || !spec.words().contains(w.toLowerCase(Locale.ROOT))) {
                    throw s.errorHere("expected " + String.join(" or ", spec.words()) + " after '" + matched + "', found " + s.found()
                            + hint(w, spec.words()));
                }
                s.word();
                yield new Option.Value(Option.Kind.WORD, w.toLowerCase(Locale.ROOT), vp);
            }
        };
        return new Option(matched, value, at);
    }

    private CommandFileException unknownOption(Map<String, Spec> catalog, String kind, String name, int start) {
        s.pos = start;
        List<String> words = new ArrayList<>();
        while (words.size() < 5) {
            String w = s.word();
            if (w == null) break;
            words.add(w.toLowerCase(Locale.ROOT));
        }
        s.pos = start;
        if (words.isEmpty()) return s.error(start, "expected a WITH option of " + name + ", found " + s.found());
        if (CLAUSE_WORDS.contains(words.get(0)) || words.get(0).equals("before") || words.get(0).equals("after")) {
            return s.error(start, "expected a WITH option of " + name + " after ',', found " + s.found() + " (a comma after the last option?)");
        }
        for (int n = words.size(); n >= 1; n--) {
            String phrase = String.join(" ", words.subList(0, n));
            for (String other : List.of("CSV", "FIXED", "COPY", "DATABASE")) {
                if (!other.equals(kind) && OptionCatalog.forCommand(other).containsKey(phrase) && !catalog.containsKey(phrase)) {
                    return s.error(start, "'" + phrase + "' is an option of LOAD " + other + ", not of " + name);
                }
            }
        }
        for (int n = words.size(); n >= 1; n--) {
            String phrase = String.join(" ", words.subList(0, n));
            String sug = Suggest.closest(phrase, catalog.keySet());
            if (sug != null) return s.error(start, "unknown WITH option '" + phrase + "' for " + name + " (did you mean '" + sug + "'?)");
        }
        return s.error(start, "unknown WITH option '" + words.get(0) + "' for " + name + "; its options are: "
                + String.join(", ", catalog.keySet()));
    }

    /**
     * A char-spec (reference §3.4): {@code 'c'}, {@code '\t'}, {@code '\'}, {@code '\''} or {@code ''''} (a quote),
     * {@code '0xHH'}, or a bare name ({@code tab}, {@code double-quote}). The text is kept as written.
     */
    private Option.Value charSpec(String option, boolean escape) {
        s.skipTrivia();
        Position at = s.here();
        String t = s.text();
        // the two spellings of a single quote break the no-escape rule of quoted text, so they are matched first
        for (String q : List.of("'\\''", "''''")) {
            if (t.startsWith(q, s.pos)) {
                s.pos += 4;
                return new Option.Value(Option.Kind.QUOTED, q.substring(1, 3), at);
            }
        }
        if (s.peekQuote()) {
            boolean dq = s.quoteChar() == '"';
            int start = s.pos;
            String v = s.quoted("the character of '" + option + "'");
            boolean ok = v.codePointCount(0, v.length()) == 1 || v.equals("\\t") || v.matches("(?i)0x[0-9a-f]{1,4}")
                    || (escape && (v.equals("\"\"") || v.equals("\\\"")));
            if (!ok) throw s.error(start, "'" + v + "' after '" + option + "' is not one character (write ';', '\\t' or '0x09')");
            return new Option.Value(dq ? Option.Kind.DOUBLE_QUOTED : Option.Kind.QUOTED, v, at);
        }
        String w = s.word();
        if (w == null) throw s.errorHere("expected a quoted character after '" + option + "', found " + s.found());
        return new Option.Value(Option.Kind.WORD, w, at);
    }

    private List<SetParameter> parameters(String what) {
        List<SetParameter> out = new ArrayList<>();
        do out.add(parameter(what)); while (s.acceptChar(','));
        return out;
    }

    private SetParameter parameter(String what) {
        s.skipTrivia();
        Position at = s.here();
        String t = s.text();
        int i = s.pos;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || "_-.".indexOf(t.charAt(i)) >= 0)) i++;
        if (i == s.pos) throw s.errorHere("expected " + what + ", found " + s.found());
        String name = t.substring(s.pos, i);
        s.pos = i;
        if (!s.accept("to") && !s.acceptChar('=')) {
            throw s.errorHere("expected TO or = after the parameter '" + name + "', found " + s.found());
        }
        if (s.peekChar() != '\'') throw s.errorHere("expected the value of '" + name + "' in single quotes, found " + s.found());
        return new SetParameter(name, s.quoted("the value of '" + name + "'"), at);
    }

    private SqlBlock sqlBlock(String clause, Position at) {
        List<SqlBlock.Item> items = new ArrayList<>();
        while (true) {
            if (s.accept("do")) {
                do {
                    Position p = s.here();
                    items.add(new SqlBlock.Sql(s.dollarQuoted("the SQL of " + clause + " DO"), p));
                } while (s.acceptChar(','));
            } else if (s.accept("execute")) {
                Position p = s.here();
                String file = s.peekQuote() ? s.quoted("a SQL file") : barePath("a SQL file after " + clause + " EXECUTE");
                items.add(new SqlBlock.ExecuteFile(file, p));
            } else {
                break;
            }
        }
        if (items.isEmpty()) throw s.errorHere("expected DO $$ ... $$ or EXECUTE 'file.sql' after " + clause + ", found " + s.found());
        return new SqlBlock(items, at);
    }

    // ---------------------------------------------------------------- LOAD DATABASE

    private Command database(Position at) {
        String name = "LOAD DATABASE";
        s.expect("from", "after LOAD DATABASE");
        DatabaseSource src = databaseSource();
        if (!s.accept("into")) {
            throw s.errorHere("expected INTO after the FROM clause of LOAD DATABASE, found " + s.found() + hint(s.peekWord(), List.of("INTO")));
        }
        Position targetAt = s.here();
        String url = targetUrl(name);
        Target target = new Target(url, uriTable(url), null, targetAt);
        Kind k = src.kind();
        Clauses c = new Clauses(name);
        List<SetParameter> mysql = List.of();
        List<SetParameter> mssql = List.of();
        List<CastClause> casts = List.of();
        MaterializeViews materialize = null;
        List<TableFilter> including = new ArrayList<>();
        List<TableFilter> excluding = new ArrayList<>();
        List<Decoding> decoding = new ArrayList<>();
        List<AlterTable> alterTables = new ArrayList<>();
        AlterSchema alterSchema = null;
        List<Distribute> distribute = new ArrayList<>();
        SqlBlock afterSchema = null;
        while (!endOfCommand(name)) {
            Position cp = s.here();
            if (s.accept("with")) {
                c.once("WITH", cp);
                c.options = options("DATABASE", name);
            } else if (s.accept("set mysql parameters")) {
                only(k, cp, "SET MySQL PARAMETERS", Kind.MYSQL);
                c.once("SET MySQL PARAMETERS", cp);
                mysql = parameters("a MySQL parameter");
            } else if (s.accept("set mssql parameters")) {
                only(k, cp, "SET MSSQL PARAMETERS", Kind.MSSQL);
                c.once("SET MSSQL PARAMETERS", cp);
                mssql = parameters("a SQL Server parameter");
            } else if (s.accept("set")) {
                c.once("SET", cp);
                s.accept("postgresql parameters");
                c.parameters = parameters("a PostgreSQL parameter after SET");
            } else if (s.accept("cast")) {
                c.once("CAST", cp);
                casts = casts(cp);
            } else if (s.accept("materialize")) {
                c.once("MATERIALIZE VIEWS", cp);
                materialize = materialize(cp);
            } else if (s.accept("including only table names")) {
                including.add(tableFilter(k, cp, "INCLUDING ONLY TABLE NAMES"));
            } else if (s.peek("including")) {
                throw s.errorHere("expected ONLY TABLE NAMES after INCLUDING (INCLUDING ONLY TABLE NAMES MATCHING ...)");
            } else if (s.accept("excluding table names")) {
                excluding.add(tableFilter(k, cp, "EXCLUDING TABLE NAMES"));
            } else if (s.peek("excluding")) {
                throw s.errorHere("expected TABLE NAMES after EXCLUDING (EXCLUDING TABLE NAMES MATCHING ...)");
            } else if (s.accept("decoding table names matching")) {
                if (k != Kind.MYSQL && k != Kind.POSTGRESQL) throw notFor(k, cp, "DECODING TABLE NAMES");
                if (k == Kind.POSTGRESQL) warnings.add(new Warning(cp, "DECODING TABLE NAMES has no effect for a PostgreSQL source"));
                List<NamePattern> patterns = patterns(false, "DECODING TABLE NAMES MATCHING");
                s.expect("as", "and an encoding after the patterns of DECODING TABLE NAMES MATCHING");
                decoding.add(new Decoding(patterns, encoding("DECODING ... AS"), cp));
            } else if (s.accept("alter table names matching")) {
                alterTables.add(alterTable(cp));
            } else if (s.accept("alter schema")) {
                c.once("ALTER SCHEMA", cp);
                String from = s.quoted("the schema name after ALTER SCHEMA");
                s.expect("rename to", "after ALTER SCHEMA '" + from + "'");
                alterSchema = new AlterSchema(from, s.quoted("the new schema name after RENAME TO"), cp);
            } else if (s.peek("alter")) {
                throw s.errorHere("expected TABLE NAMES MATCHING or SCHEMA after ALTER, found " + s.found());
            } else if (s.accept("distribute")) {
                if (k == Kind.SQLITE) throw notFor(k, cp, "DISTRIBUTE");
                distribute.add(distribute(cp));
            } else if (s.accept("before load")) {
                c.once("BEFORE LOAD", cp);
                c.beforeLoad = sqlBlock("BEFORE LOAD", cp);
            } else if (s.accept("after create schema")) {
                if (k == Kind.SQLITE) throw notFor(k, cp, "AFTER CREATE SCHEMA");
                c.once("AFTER CREATE SCHEMA", cp);
                afterSchema = sqlBlock("AFTER CREATE SCHEMA", cp);
            } else if (s.accept("after load")) {
                c.once("AFTER LOAD", cp);
                c.afterLoad = sqlBlock("AFTER LOAD", cp);
            } else {
                throw unexpectedClause(name, DB_CLAUSES);
            }
        }
        return new LoadDatabase(at, src, target, c.options, c.parameters, mysql, mssql, casts, materialize, including,
                excluding, decoding, alterTables, alterSchema, distribute, c.beforeLoad, afterSchema, c.afterLoad);
    }

    private void only(Kind k, Position at, String clause, Kind wanted) {
        if (k != wanted) {
            throw new CommandFileException(source.file, at, clause + " applies to a " + wanted.label() + " source only; this one is " + k.label());
        }
    }

    private CommandFileException notFor(Kind k, Position at, String clause) {
        return new CommandFileException(source.file, at, clause + " is not accepted for a " + k.label() + " source");
    }

    private List<CastClause> casts(Position clauseAt) {
        List<CastClause> rules = new ArrayList<>();
        do {
            s.skipTrivia();
            int start = s.pos;
            int end = castRuleEnd(start);
            if (end == start) throw s.errorHere("expected a cast rule (type ... or column ...) after " + (rules.isEmpty() ? "CAST" : "','") + ", found " + s.found());
            // comments inside a rule become spaces so that the rule's columns still match the file's
            String text = blankComments(s.text().substring(start, end)).stripTrailing();
            Position at = s.position(start);
            CastRule rule;
            try {
                rule = CastRuleSyntax.parse(text.replaceAll("[\\r\\n\\t]", " "), "CAST rule " + (rules.size() + 1) + " at " + at);
            } catch (CastRuleSyntax.SyntaxException e) {
                String problem = e.getMessage().split("\n")[0].replaceFirst(" at column \\d+$", "");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^unknown transform '([^']+)'").matcher(problem);
                if (m.find() && UsingParser.PGLOADER_TRANSFORMS.contains(m.group(1))) problem = UsingParser.notImplemented(m.group(1));
                int offset = Math.min(start + e.column() - 1, end);
                throw s.error(offset, "bad CAST rule " + (rules.size() + 1) + " '" + oneLine(text) + "' (CAST at " + clauseAt + "): " + problem);
            } catch (IllegalArgumentException e) {
                throw s.error(start, "bad CAST rule " + (rules.size() + 1) + " '" + oneLine(text) + "' (CAST at " + clauseAt + "): " + e.getMessage());
            }
            rules.add(new CastClause(oneLine(text), rule, at));
            s.pos = end;
        } while (s.acceptChar(','));
        return rules;
    }

    private static String oneLine(String t) {
        return t.strip().replaceAll("\\s+", " ");
    }

    /** Where a cast rule stops: a comma or ; outside quotes and parentheses, or a word that starts the next clause. */
    private int castRuleEnd(int start) {
        String t = s.text();
        int depth = 0;
        int i = start;
        int lastEnd = start;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (t.startsWith("--", i)) {
                int nl = t.indexOf('\n', i);
                i = nl < 0 ? t.length() : nl + 1;
                continue;
            }
            if (t.startsWith("/*", i)) {
                int e = t.indexOf("*/", i + 2);
                if (e < 0) throw s.error(i, "unterminated comment: the /* here is never closed with */");
                i = e + 2;
                continue;
            }
            if (c == '"' || c == '\'') {
                int e = t.indexOf(c, i + 1);
                if (e < 0) throw s.error(i, "unterminated string: the " + c + " here is never closed");
                i = lastEnd = e + 1;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth <= 0 && (c == ',' || c == ';')) return lastEnd;
            if (depth == 0 && Scanner.wordStart(c) && (i == 0 || !Scanner.wordPart(t.charAt(i - 1)))) {
                int e = i + 1;
                while (e < t.length() && Scanner.wordPart(t.charAt(e))) e++;
                String w = t.substring(i, e).toLowerCase(Locale.ROOT);
                if (CLAUSE_WORDS.contains(w) && i > start) {
                    String next = nextWord(e);
                    boolean partOfRule = (w.equals("with") && next.equals("extra")) || (w.equals("set") && next.equals("not"));
                    if (!partOfRule) return lastEnd;
                }
                i = lastEnd = e;
                continue;
            }
            i = lastEnd = i + 1;
        }
        return lastEnd;
    }

    private String nextWord(int from) {
        String t = s.text();
        int i = from;
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) i++;
        int e = i;
        while (e < t.length() && Scanner.wordPart(t.charAt(e))) e++;
        return t.substring(i, e).toLowerCase(Locale.ROOT);
    }

    private static String blankComments(String r) {
        StringBuilder b = new StringBuilder(r);
        int i = 0;
        while (i < b.length()) {
            char c = b.charAt(i);
            if (c == '"' || c == '\'') {
                int e = b.indexOf(String.valueOf(c), i + 1);
                i = e < 0 ? b.length() : e + 1;
            } else if (c == '-' && i + 1 < b.length() && b.charAt(i + 1) == '-') {
                while (i < b.length() && b.charAt(i) != '\n') b.setCharAt(i++, ' ');
            } else if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '*') {
                int e = b.indexOf("*/", i + 2);
                int stop = e < 0 ? b.length() : e + 2;
                while (i < stop) {
                    if (b.charAt(i) != '\n') b.setCharAt(i, ' ');
                    i++;
                }
            } else {
                i++;
            }
        }
        return b.toString();
    }

    private MaterializeViews materialize(Position at) {
        if (s.accept("all views")) return new MaterializeViews(true, List.of(), at);
        s.expect("views", "or ALL VIEWS after MATERIALIZE");
        List<MaterializeViews.View> views = new ArrayList<>();
        do {
            Position p = s.here();
            String view = tableRef("a view name after MATERIALIZE VIEWS");
            String sql = null;
            if (s.accept("as")) sql = s.dollarQuoted("the query of view " + view);
            views.add(new MaterializeViews.View(view, sql, p));
        } while (s.acceptChar(','));
        return new MaterializeViews(false, views, at);
    }

    private TableFilter tableFilter(Kind k, Position at, String clause) {
        boolean like;
        if (s.accept("matching")) like = false;
        else if (s.accept("like")) like = true;
        else throw s.errorHere("expected MATCHING or LIKE after " + clause + ", found " + s.found());
        String full = clause + (like ? " LIKE" : " MATCHING");
        if (!like && (k == Kind.SQLITE || k == Kind.MSSQL)) {
            throw new CommandFileException(source.file, at, full + " is not accepted for a " + k.label() + " source: write " + clause + " LIKE 'pattern'");
        }
        if (like && (k == Kind.MYSQL || k == Kind.POSTGRESQL)) {
            throw new CommandFileException(source.file, at, full + " is not accepted for a " + k.label() + " source: write " + clause + " MATCHING ~/regex/ or 'name'");
        }
        List<NamePattern> patterns = patterns(like, full);
        String schema = null;
        Position schemaAt = s.here();
        if (s.accept("in schema")) schema = s.quoted("the schema name after IN SCHEMA");
        if (schema != null && (k == Kind.MYSQL || k == Kind.SQLITE)) {
            throw new CommandFileException(source.file, schemaAt, "IN SCHEMA is not accepted for a " + k.label() + " source");
        }
        if (schema == null && (k == Kind.POSTGRESQL || k == Kind.MSSQL)) {
            throw s.errorHere(full + " needs IN SCHEMA 'name' for a " + k.label() + " source, found " + s.found());
        }
        return new TableFilter(like, patterns, schema, at);
    }

    private List<NamePattern> patterns(boolean like, String clause) {
        List<NamePattern> out = new ArrayList<>();
        do {
            Position p = s.here();
            if (s.peekRegex()) {
                if (like) throw s.errorHere(clause + " takes quoted LIKE patterns ('inv%'), not regular expressions");
                out.add(s.regex());
            } else if (s.peekQuote()) {
                out.add(new NamePattern(like ? NamePattern.Kind.LIKE : NamePattern.Kind.EXACT, s.quoted("a name"), p));
            } else {
                throw s.errorHere("expected " + (like ? "a quoted LIKE pattern" : "a regular expression (~/.../) or a quoted name")
                        + " after " + clause + ", found " + s.found());
            }
        } while (s.acceptChar(','));
        return out;
    }

    private AlterTable alterTable(Position at) {
        List<NamePattern> patterns = patterns(false, "ALTER TABLE NAMES MATCHING");
        String schema = null;
        if (s.accept("in schema")) schema = s.quoted("the schema name after IN SCHEMA");
        AlterTable.Action action;
        if (s.accept("set schema")) action = new AlterTable.SetSchema(s.quoted("the schema name after SET SCHEMA"));
        else if (s.accept("rename to")) action = new AlterTable.RenameTo(s.quoted("the new table name after RENAME TO"));
        else if (s.accept("set tablespace")) action = new AlterTable.SetTablespace(s.quoted("the tablespace after SET TABLESPACE"));
        else if (s.accept("set")) {
            s.expectChar('(', "after SET in ALTER TABLE NAMES MATCHING (SET SCHEMA, SET TABLESPACE or SET (param = 'value'))");
            List<SetParameter> params = parameters("a storage parameter");
            s.expectChar(')', "to close the storage parameters");
            action = new AlterTable.SetStorage(params);
        } else {
            throw s.errorHere("expected SET SCHEMA, RENAME TO, SET TABLESPACE or SET (...) in ALTER TABLE NAMES MATCHING, found " + s.found());
        }
        return new AlterTable(patterns, schema, action, at);
    }

    private Distribute distribute(Position at) {
        String table = tableRef("a table name after DISTRIBUTE");
        if (s.accept("as reference table")) return new Distribute(table, null, List.of(), at);
        s.expect("using", "or AS REFERENCE TABLE after DISTRIBUTE " + table);
        String column = identifier("the distribution column");
        List<String> from = new ArrayList<>();
        if (s.accept("from")) {
            do from.add(tableRef("a table name after FROM")); while (s.acceptChar(','));
        }
        return new Distribute(table, column, from, at);
    }

    private static String hint(String word, List<String> candidates) {
        if (word == null) return "";
        String sug = Suggest.didYouMean(word, candidates);
        return sug == null ? "" : " (" + sug + ")";
    }
}
