package dev.drover.engine.plan;

import dev.drover.engine.target.IdentifierPolicy;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.engine.pg.PgTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Reads and writes plan files (YAML, snake_case keys, {@code version: 1}). Reading checks the whole
 * file and reports every problem with its line and column in one {@link PlanException}.
 */
public final class PlanYaml {
    public static final String NO_PASSWORDS = "plans never store passwords: use password_env, PGPASSWORD or ~/.pgpass";

    static final Set<String> ROOT_KEYS = Set.of("version", "target", "options", "tables", "database");
    static final Set<String> DATABASE_KEYS = Set.of("source", "schema", "include_drop", "casts", "identifiers", "include", "exclude", "mode",
            "rename", "zero_dates", "verify_sample", "materialize", "create_indexes", "foreign_keys", "reset_sequences", "identity",
            "enums", "index_names", "storage", "table_modes", "incremental");
    static final Set<String> INCREMENTAL_KEYS = Set.of("cursor", "upsert", "delete", "lookback");
    static final Set<String> MATERIALIZE_KEYS = Set.of("name", "query");
    static final Set<String> TARGET_KEYS = Set.of("url", "password_env");
    static final Set<String> OPTION_KEYS = Set.of("workers", "concurrency", "batch_rows", "batch_size", "queue_batches",
            "on_error", "max_errors", "reject_dir", "truncate", "create_table", "drop_indexes", "disable_triggers",
            "index_jobs", "settings", "before_sql", "after_sql", "after_schema_sql");
    static final Set<String> TABLE_KEYS = Set.of("table", "source", "columns", "fields", "date_format", "mode", "cursor", "upsert", "lookback",
            "delete");
    static final Set<String> SOURCE_KEYS = Set.of("csv");
    static final Set<String> CSV_KEYS = Set.of("files", "encoding", "delimiter", "quote", "escape", "header",
            "skip_lines", "null", "trim_blanks", "extra_fields", "missing_fields", "fixed", "format", "escape_mode",
            "line_terminator", "guess_delimiter");
    static final Set<String> FIXED_KEYS = Set.of("name", "from", "for", "null_if", "trim", "date_format");
    static final Set<String> COLUMN_KEYS = Set.of("column", "field", "position", "constant", "using", "null_if", "null_if_blanks", "trim", "date_format");
    static final Set<String> FIELD_KEYS = Set.of("name", "field", "position", "null_if", "null_if_blanks", "trim", "date_format");

    private PlanYaml() {}

    public static Plan read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlanException(file.toString(), 0, 0, "cannot read the plan: " + e.getMessage(), null);
        }
        return read(text, file.toString());
    }

    public static Plan read(String yaml, String sourceName) {
        Reader r = new Reader(sourceName);
        Node root = r.parse(yaml);
        Plan plan = root == null ? null : r.plan(root);
        if (!r.problems.isEmpty()) throw PlanException.of(r.problems);
        return plan;
    }

    // ------------------------------------------------------------------ tree with positions

    private static final class Node {
        enum Kind { MAP, LIST, SCALAR, NULL }

        final Kind kind;
        final int line, col;
        final Map<String, Node> map = new LinkedHashMap<>();
        final Map<String, int[]> keyPos = new LinkedHashMap<>();
        final List<Node> list = new ArrayList<>();
        String text;

        Node(Kind kind, JsonLocation at) {
            this.kind = kind;
            this.line = at.getLineNr();
            this.col = at.getColumnNr();
        }

        String describe() {
            return switch (kind) {
                case MAP -> "a mapping";
                case LIST -> "a list";
                case NULL -> "nothing";
                case SCALAR -> "'" + text + "'";
            };
        }
    }

    private static final class Reader {
        final String file;
        final List<PlanException> problems = new ArrayList<>();

        Reader(String file) {
            this.file = file;
        }

        void err(int line, int col, String msg, String suggestion) {
            problems.add(new PlanException(file, line, col, msg, suggestion));
        }

        void err(Node n, String msg, String suggestion) {
            err(n.line, n.col, msg, suggestion);
        }

        Node parse(String yaml) {
            try (JsonParser p = new YAMLFactory().createParser(yaml)) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    err(1, 1, "the plan is empty", "start with 'version: 1'");
                    return null;
                }
                return node(p);
            } catch (JsonProcessingException e) {
                JsonLocation l = e.getLocation();
                err(l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                        "not valid YAML: " + e.getOriginalMessage(), null);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Node node(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            JsonLocation at = p.currentTokenLocation();
            if (t == JsonToken.START_OBJECT) {
                Node n = new Node(Node.Kind.MAP, at);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    p.nextToken();
                    Node v = node(p);
                    if (n.map.containsKey(key)) {
                        err(kl.getLineNr(), kl.getColumnNr(), "duplicate key '" + key + "'", "remove one of them");
                    } else {
                        n.map.put(key, v);
                        n.keyPos.put(key, new int[]{kl.getLineNr(), kl.getColumnNr()});
                    }
                }
                return n;
            }
            if (t == JsonToken.START_ARRAY) {
                Node n = new Node(Node.Kind.LIST, at);
                while (p.nextToken() != JsonToken.END_ARRAY) n.list.add(node(p));
                return n;
            }
            if (t == JsonToken.VALUE_NULL) return new Node(Node.Kind.NULL, at);
            Node n = new Node(Node.Kind.SCALAR, at);
            n.text = p.getText();
            return n;
        }

        // --------------------------------------------------------------- helpers

        boolean isMap(Node n, String what) {
            if (n.kind == Node.Kind.MAP) return true;
            err(n, what + " must be a mapping, not " + n.describe(), null);
            return false;
        }

        void checkKeys(Node map, Set<String> known, String where) {
            for (Map.Entry<String, int[]> e : map.keyPos.entrySet()) {
                if (!known.contains(e.getKey())) {
                    String s = Suggest.didYouMean(e.getKey(), known);
                    err(e.getValue()[0], e.getValue()[1], "unknown key '" + e.getKey() + "'",
                            s != null ? s : "known keys: " + String.join(", ", new java.util.TreeSet<>(known)));
                }
            }
        }

        String string(Node n, String key) {
            if (n.kind == Node.Kind.SCALAR) return n.text;
            err(n, key + " must be a value, not " + n.describe(), null);
            return null;
        }

        Integer integer(Node n, String key, int min) {
            String s = string(n, key);
            if (s == null) return null;
            try {
                int v = Integer.parseInt(s.trim().replace("_", ""));
                if (v < min) {
                    err(n, key + " must be at least " + min + ", not " + v, null);
                    return null;
                }
                return v;
            } catch (NumberFormatException e) {
                err(n, key + " must be a whole number, not '" + s + "'", null);
                return null;
            }
        }

        Boolean bool(Node n, String key) {
            String s = string(n, key);
            if (s == null) return null;
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on": return true;
                case "false", "no", "off": return false;
                default:
                    err(n, key + " must be true or false, not '" + s + "'", null);
                    return null;
            }
        }

        <E extends Enum<E>> E enumValue(Node n, String key, Class<E> type, Map<String, E> extra) {
            String s = string(n, key);
            if (s == null) return null;
            String k = s.trim().toLowerCase(Locale.ROOT);
            if (extra.containsKey(k)) return extra.get(k);
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String name = e.name().toLowerCase(Locale.ROOT);
                names.add(name);
                if (name.equals(k)) return e;
            }
            String sug = Suggest.didYouMean(k, names);
            err(n, key + " must be one of " + String.join(", ", names) + ", not '" + s + "'", sug);
            return null;
        }

        List<String> strings(Node n, String key) {
            if (n.kind == Node.Kind.SCALAR) return List.of(n.text);
            if (n.kind == Node.Kind.NULL) return List.of();
            if (n.kind != Node.Kind.LIST) {
                err(n, key + " must be a list", null);
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Node e : n.list) {
                if (e.kind == Node.Kind.NULL) {
                    err(e, key + " entries cannot be empty", null);
                    continue;
                }
                String s = string(e, key + " entry");
                if (s != null) out.add(s);
            }
            return out;
        }

        Character chr(Node n, String key, boolean nullable) {
            if (n.kind == Node.Kind.NULL) {
                if (nullable) return null;
                err(n, key + " cannot be null", null);
                return null;
            }
            String s = string(n, key);
            if (s == null) return null;
            try {
                return WithOptions.parseChar(s);
            } catch (IllegalArgumentException e) {
                err(n, key + ": " + e.getMessage(), null);
                return null;
            }
        }

        // --------------------------------------------------------------- plan

        Plan plan(Node root) {
            if (!isMap(root, "a plan")) return null;
            checkKeys(root, ROOT_KEYS, null);
            Node v = root.map.get("version");
            if (v == null) {
                err(root, "missing 'version'", "add 'version: " + Plan.CURRENT_VERSION + "' at the top");
            } else if (v.kind != Node.Kind.SCALAR || !v.text.trim().equals(Integer.toString(Plan.CURRENT_VERSION))) {
                err(v, "unsupported plan version " + (v.kind == Node.Kind.SCALAR ? "'" + v.text + "'" : v.describe()),
                        "this Drover reads version " + Plan.CURRENT_VERSION);
            }
            TargetSpec target = null;
            Node t = root.map.get("target");
            if (t == null) err(root, "missing 'target'", "add target: {url: postgresql://user@host/db}");
            else target = target(t);
            LoadOptions options = LoadOptions.defaults();
            Node o = root.map.get("options");
            if (o != null && o.kind != Node.Kind.NULL) options = options(o);
            List<TableLoad> tables = new ArrayList<>();
            Node ts = root.map.get("tables");
            Node db = root.map.get("database");
            DatabaseSpec database = null;
            if (db != null) {
                int[] at = root.keyPos.get("database");
                if (ts != null) err(at[0], at[1], "a plan has either 'tables' (files) or 'database', not both", "split it into two plans");
                database = database(db);
            } else if (ts == null) err(root, "missing 'tables'", "list at least one table to load, or give a 'database' to migrate");
            else if (ts.kind != Node.Kind.LIST) err(ts, "tables must be a list, not " + ts.describe(), null);
            else if (ts.list.isEmpty()) err(ts, "tables is empty", "list at least one table to load");
            else for (Node tn : ts.list) {
                TableLoad tl = table(tn);
                if (tl != null) tables.add(tl);
            }
            if (!problems.isEmpty() || target == null || options == null) return null;
            return new Plan(Plan.CURRENT_VERSION, target, options, tables, database);
        }

        DatabaseSpec database(Node d) {
            if (!isMap(d, "database")) return null;
            checkKeys(d, DATABASE_KEYS, "database");
            Node s = d.map.get("source");
            String source = null;
            if (s == null) err(d, "missing database 'source'", "add source: sqlite:///path/to/file.db");
            else source = string(s, "source");
            String schema = null;
            Node sc = d.map.get("schema");
            if (sc != null && sc.kind != Node.Kind.NULL) schema = string(sc, "schema");
            boolean drop = false;
            Node id = d.map.get("include_drop");
            if (id != null) {
                Boolean b = bool(id, "include_drop");
                if (b != null) drop = b;
            }
            List<String> casts = new ArrayList<>();
            Node cs = d.map.get("casts");
            if (cs != null) {
                List<String> rules = strings(cs, "casts");
                if (rules != null) {
                    for (int i = 0; i < rules.size(); i++) {
                        try {
                            dev.drover.engine.cast.CastRuleSyntax.parse(rules.get(i), "user rule " + (i + 1));
                            casts.add(rules.get(i));
                        } catch (IllegalArgumentException e) {
                            Node at = cs.kind == Node.Kind.LIST ? cs.list.get(i) : cs;
                            err(at, "cast rule " + (i + 1) + ": " + e.getMessage(), "e.g. 'type int to bigint' or 'column orders.total to numeric(12,2)'");
                        }
                    }
                }
            }
            IdentifierPolicy identifiers = IdentifierPolicy.DOWNCASE;
            Node idn = d.map.get("identifiers");
            if (idn != null) {
                IdentifierPolicy p = enumValue(idn, "identifiers", IdentifierPolicy.class, Map.of("snake", IdentifierPolicy.SNAKE_CASE));
                if (p != null) identifiers = p;
            }
            DatabaseSpec.Mode mode = DatabaseSpec.Mode.ALL;
            Node mn = d.map.get("mode");
            if (mn != null) {
                DatabaseSpec.Mode x = enumValue(mn, "mode", DatabaseSpec.Mode.class, Map.of("schema only", DatabaseSpec.Mode.SCHEMA_ONLY,
                        "data only", DatabaseSpec.Mode.DATA_ONLY, "schema and data", DatabaseSpec.Mode.ALL));
                if (x != null) mode = x;
            }
            if (mode == DatabaseSpec.Mode.DATA_ONLY && drop) {
                err(mn, "mode data_only loads into existing tables: include_drop cannot be true with it", "remove one of them");
                return null;
            }
            Map<String, String> rename = new java.util.LinkedHashMap<>();
            Node rn = d.map.get("rename");
            if (rn != null && rn.kind != Node.Kind.NULL && isMap(rn, "rename")) {
                for (Map.Entry<String, Node> e : rn.map.entrySet()) {
                    String to = string(e.getValue(), "rename of " + e.getKey());
                    if (to == null) continue;
                    try {
                        dev.drover.engine.target.TableRef.parse(to);
                        rename.put(e.getKey(), to);
                    } catch (IllegalArgumentException x) {
                        err(e.getValue(), "rename of " + e.getKey() + ": " + x.getMessage(), "write name or schema.name");
                    }
                }
            }
            Map<String, DatabaseSpec.TableMode> tableModes = new java.util.LinkedHashMap<>();
            Node tm = d.map.get("table_modes");
            if (tm != null && tm.kind != Node.Kind.NULL && isMap(tm, "table_modes")) {
                for (Map.Entry<String, Node> e : tm.map.entrySet()) {
                    DatabaseSpec.TableMode x = enumValue(e.getValue(), "table_modes of " + e.getKey(), DatabaseSpec.TableMode.class, Map.of());
                    if (x != null) tableModes.put(e.getKey(), x);
                }
                String problem = DatabaseSpec.tableModeProblem(mode, tableModes);
                if (problem != null) {
                    err(tm, problem, null);
                    return null;
                }
            }
            List<String> include = regexes(d.map.get("include"), "include");
            List<String> exclude = regexes(d.map.get("exclude"), "exclude");
            dev.drover.engine.cast.ZeroDates zeroDates = dev.drover.engine.cast.ZeroDates.NULL;
            Node zd = d.map.get("zero_dates");
            if (zd != null && zd.kind != Node.Kind.NULL) {
                String z = string(zd, "zero_dates");
                if (z != null) {
                    try {
                        zeroDates = dev.drover.engine.cast.ZeroDates.parse(z);
                    } catch (IllegalArgumentException e) {
                        err(zd, e.getMessage(), "zero_dates: null, zero_dates: reject or zero_dates: 1970-01-01");
                    }
                }
            }
            int verifySample = 0;
            Node vs = d.map.get("verify_sample");
            if (vs != null && vs.kind != Node.Kind.NULL) {
                Integer n = integer(vs, "verify_sample", 0);
                if (n != null && n > DatabaseSpec.MAX_VERIFY_SAMPLE) {
                    err(vs, "verify_sample must be at most " + DatabaseSpec.MAX_VERIFY_SAMPLE + " rows per table, not " + n, null);
                } else if (n != null) verifySample = n;
            }
            List<DatabaseSpec.Materialize> materialize = materialize(d.map.get("materialize"));
            DatabaseSpec.Build build = build(d);
            if (source == null) return null;
            if (source.matches("(?i)^[a-z]+://[^/@]*:[^/@]*@.*")) {
                err(s, "plans never store passwords: remove it from the source url", "the source reads it from the environment (e.g. MYSQL_PWD, PGPASSWORD)");
                return null;
            }
            Map<String, DatabaseSpec.Incremental> incremental = incremental(d.map.get("incremental"));
            String incProblem = DatabaseSpec.incrementalProblem(mode, drop, tableModes, incremental);
            if (incProblem != null) {
                err(d.map.get("incremental"), incProblem, null);
                return null;
            }
            return new DatabaseSpec(source, schema, drop, casts, identifiers, include, exclude, mode, rename, zeroDates, verifySample,
                    materialize, build, tableModes, incremental);
        }

        /** {@code incremental: {orders: {cursor: [updated_at, id], upsert: primary-key, delete: off}}}. */
        Map<String, DatabaseSpec.Incremental> incremental(Node n) {
            Map<String, DatabaseSpec.Incremental> out = new java.util.LinkedHashMap<>();
            if (n == null || n.kind == Node.Kind.NULL || !isMap(n, "incremental")) return out;
            String example = "incremental: {orders: {cursor: [updated_at, id], upsert: primary-key, delete: off}}";
            for (Map.Entry<String, Node> e : n.map.entrySet()) {
                String what = "incremental " + e.getKey();
                Node t = e.getValue();
                if (t.kind != Node.Kind.MAP) {
                    err(t, what + " must be a mapping with a cursor, not " + t.describe(), example);
                    continue;
                }
                checkKeys(t, INCREMENTAL_KEYS, what);
                Node cn = t.map.get("cursor");
                if (cn == null) {
                    err(t, what + " has no cursor", "cursor: [updated_at, id] (source columns that only grow; end with a unique one)");
                    continue;
                }
                List<String> cursor = strings(cn, what + " cursor");
                if (cursor == null) continue;
                DatabaseSpec.Incremental inc = incrementalSettings(t, what + " ", cursor, cn, true);
                if (inc != null) out.put(e.getKey(), inc);
            }
            return out;
        }

        /**
         * The settings next to a cursor, shared by database and file tables: {@code upsert}, {@code delete} and, for a
         * database table, {@code lookback}. Null after reporting a problem.
         */
        DatabaseSpec.Incremental incrementalSettings(Node t, String what, List<String> cursor, Node cn, boolean lookbackAllowed) {
            DatabaseSpec.Incremental.Upsert upsert = DatabaseSpec.Incremental.Upsert.PRIMARY_KEY;
            Node un = t.map.get("upsert");
            if (un != null) {
                upsert = enumValue(un, what + "upsert", DatabaseSpec.Incremental.Upsert.class,
                        Map.of("primary-key", DatabaseSpec.Incremental.Upsert.PRIMARY_KEY, "false", DatabaseSpec.Incremental.Upsert.OFF));
                if (upsert == null) return null;
            }
            DatabaseSpec.Incremental.Delete delete = DatabaseSpec.Incremental.Delete.OFF;
            Node dn = t.map.get("delete");
            if (dn != null) {
                delete = enumValue(dn, what + "delete", DatabaseSpec.Incremental.Delete.class,
                        Map.of("before-first-batch", DatabaseSpec.Incremental.Delete.BEFORE_FIRST_BATCH, "false", DatabaseSpec.Incremental.Delete.OFF));
                if (delete == null) return null;
            }
            String lookback = null;
            Node ln = t.map.get("lookback");
            if (ln != null) {
                if (!lookbackAllowed) {
                    err(ln, "lookback applies to the incremental tables of a database plan: a file table's rows are all read on every run",
                            "remove lookback");
                    return null;
                }
                if (ln.kind != Node.Kind.SCALAR) {
                    err(ln, what + "lookback must be a number or a duration, not " + ln.describe(), "lookback: 10 minutes");
                    return null;
                }
                lookback = ln.text;
            }
            try {
                return new DatabaseSpec.Incremental(cursor, upsert, delete, lookback);
            } catch (IllegalArgumentException x) {
                err(ln != null && x.getMessage().contains("lookback") ? ln : cn, what.isEmpty() ? x.getMessage() : what + ": " + x.getMessage(),
                        ln != null && x.getMessage().contains("lookback") ? "lookback: 10 minutes (a date/time cursor) or lookback: 1000 (a number)" : null);
                return null;
            }
        }

        /** {@code create_indexes}, {@code foreign_keys}, {@code reset_sequences}, {@code identity}, {@code enums}. */
        DatabaseSpec.Build build(Node d) {
            DatabaseSpec.Build def = DatabaseSpec.Build.DEFAULT;
            boolean indexes = flag(d, "create_indexes", def.indexes());
            boolean foreignKeys = flag(d, "foreign_keys", def.foreignKeys());
            boolean resetSequences = flag(d, "reset_sequences", def.resetSequences());
            DatabaseSpec.Identity identity = def.identity();
            Node in = d.map.get("identity");
            if (in != null && in.kind != Node.Kind.NULL) {
                DatabaseSpec.Identity x = enumValue(in, "identity", DatabaseSpec.Identity.class, Map.of());
                if (x != null) identity = x;
            }
            DatabaseSpec.Enums enums = def.enums();
            Node en = d.map.get("enums");
            if (en != null && en.kind != Node.Kind.NULL) {
                DatabaseSpec.Enums x = enumValue(en, "enums", DatabaseSpec.Enums.class, Map.of("text-check", DatabaseSpec.Enums.TEXT_CHECK,
                        "text check", DatabaseSpec.Enums.TEXT_CHECK));
                if (x != null) enums = x;
            }
            DatabaseSpec.IndexNames indexNames = def.indexNames();
            Node inn = d.map.get("index_names");
            if (inn != null && inn.kind != Node.Kind.NULL) {
                DatabaseSpec.IndexNames x = enumValue(inn, "index_names", DatabaseSpec.IndexNames.class, Map.of());
                if (x != null) indexNames = x;
            }
            // storage: {table: {parameter: value, ...}}, CREATE TABLE ... WITH (parameter = 'value')
            Map<String, Map<String, String>> storage = new java.util.LinkedHashMap<>();
            Node sn = d.map.get("storage");
            if (sn != null && sn.kind != Node.Kind.NULL && isMap(sn, "storage")) {
                for (Map.Entry<String, Node> t : sn.map.entrySet()) {
                    if (!isMap(t.getValue(), "storage of " + t.getKey())) continue;
                    Map<String, String> params = new java.util.LinkedHashMap<>();
                    for (Map.Entry<String, Node> p : t.getValue().map.entrySet()) {
                        String v = string(p.getValue(), "storage parameter " + p.getKey() + " of " + t.getKey());
                        if (v == null) continue;
                        if (!p.getKey().matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                            err(p.getValue(), "storage parameter '" + p.getKey() + "' of " + t.getKey() + " is not a parameter name",
                                    "write a PostgreSQL storage parameter such as fillfactor");
                            continue;
                        }
                        params.put(p.getKey(), v);
                    }
                    storage.put(t.getKey(), params);
                }
            }
            return new DatabaseSpec.Build(indexes, foreignKeys, resetSequences, identity, enums, indexNames, storage);
        }

        private boolean flag(Node d, String key, boolean otherwise) {
            Node n = d.map.get(key);
            if (n == null || n.kind == Node.Kind.NULL) return otherwise;
            Boolean b = bool(n, key);
            return b == null ? otherwise : b;
        }

        /** A list whose entries are a view name ({@code *}: every view) or {@code {name: ..., query: ...}}. */
        List<DatabaseSpec.Materialize> materialize(Node n) {
            if (n == null || n.kind == Node.Kind.NULL) return List.of();
            String example = "e.g. materialize: [v_orders, {name: big_orders, query: \"select * from orders where total > 100\"}]";
            if (n.kind != Node.Kind.LIST) {
                err(n, "materialize must be a list of views and {name, query} entries, not " + n.describe(), example);
                return List.of();
            }
            List<DatabaseSpec.Materialize> out = new ArrayList<>();
            for (int i = 0; i < n.list.size(); i++) {
                Node e = n.list.get(i);
                String what = "materialize entry " + (i + 1);
                String name = null, query = null;
                if (e.kind == Node.Kind.SCALAR) {
                    name = e.text;
                } else if (e.kind == Node.Kind.MAP) {
                    checkKeys(e, MATERIALIZE_KEYS, what);
                    Node nn = e.map.get("name"), qn = e.map.get("query");
                    if (nn == null) err(e, what + ": missing 'name', the table the query's rows go to", example);
                    else name = string(nn, what + " name");
                    if (qn == null) err(e, what + ": missing 'query'", "a view is written by its name alone: - v_orders");
                    else query = string(qn, what + " query");
                    if (name == null || query == null) continue;
                } else {
                    err(e, what + " must be a view name or {name, query}, not " + e.describe(), example);
                    continue;
                }
                try {
                    out.add(new DatabaseSpec.Materialize(name, query));
                } catch (IllegalArgumentException x) {
                    err(e, what + ": " + x.getMessage(), example);
                }
            }
            return out;
        }

        List<String> regexes(Node n, String key) {
            if (n == null) return List.of();
            List<String> list = strings(n, key);
            if (list == null) return List.of();
            for (int i = 0; i < list.size(); i++) {
                try {
                    java.util.regex.Pattern.compile(list.get(i));
                } catch (java.util.regex.PatternSyntaxException e) {
                    err(n.kind == Node.Kind.LIST ? n.list.get(i) : n, key + ": not a regular expression: " + e.getDescription(), null);
                }
            }
            return list;
        }

        TargetSpec target(Node t) {
            if (!isMap(t, "target")) return null;
            checkKeys(t, TARGET_KEYS, "target");
            Node u = t.map.get("url");
            String url = null;
            if (u == null) err(t, "missing target 'url'", "add url: postgresql://user@host:5432/db");
            else url = string(u, "url");
            String passwordEnv = null;
            Node pe = t.map.get("password_env");
            if (pe != null && pe.kind != Node.Kind.NULL) passwordEnv = string(pe, "password_env");
            if (url == null) return null;
            if (EmbeddedPostgres.isPlanUrl(url)) return new TargetSpec(url.strip(), passwordEnv);
            try {
                PgTarget pg = PgTarget.parse(url);
                if (pg.password() != null) {
                    err(u, NO_PASSWORDS, "remove the password from the url");
                    return null;
                }
            } catch (IllegalArgumentException e) {
                err(u, "invalid target url: " + e.getMessage(), null);
                return null;
            }
            return new TargetSpec(url, passwordEnv);
        }

        LoadOptions options(Node o) {
            if (!isMap(o, "options")) return null;
            checkKeys(o, OPTION_KEYS, "options");
            LoadOptionsBuilder b = new LoadOptionsBuilder();
            int before = problems.size();
            for (Map.Entry<String, Node> e : o.map.entrySet()) {
                Node n = e.getValue();
                switch (e.getKey()) {
                    case "workers" -> set(integer(n, "workers", 1), x -> b.workers = x);
                    case "concurrency" -> set(integer(n, "concurrency", 1), x -> b.concurrency = x);
                    case "batch_rows" -> set(integer(n, "batch_rows", 1), x -> b.batchRows = x);
                    case "queue_batches" -> set(integer(n, "queue_batches", 1), x -> b.queueBatches = x);
                    case "index_jobs" -> set(integer(n, "index_jobs", 1), x -> b.indexJobs = x);
                    case "batch_size" -> {
                        String s = string(n, "batch_size");
                        if (s != null) {
                            try {
                                long v = ByteSize.parse(s);
                                if (v < 64 * 1024) err(n, "batch_size must be at least 64kB, not " + s, null);
                                else b.batchBytes = v;
                            } catch (IllegalArgumentException ex) {
                                err(n, "batch_size: " + ex.getMessage(), null);
                            }
                        }
                    }
                    case "on_error" -> set(enumValue(n, "on_error", OnError.class, Map.of("resume next", OnError.RESUME)), x -> b.onError = x);
                    case "max_errors" -> {
                        if (n.kind == Node.Kind.NULL) b.maxErrors = ErrorLimit.NONE;
                        else {
                            String s = string(n, "max_errors");
                            if (s != null) {
                                try {
                                    b.maxErrors = ErrorLimit.parse(s);
                                } catch (IllegalArgumentException ex) {
                                    err(n, "max_errors must be a count (100) or a percentage (1%), not '" + s + "'", null);
                                }
                            }
                        }
                    }
                    case "reject_dir" -> set(string(n, "reject_dir"), x -> b.rejectDir = Path.of(x));
                    case "truncate" -> set(bool(n, "truncate"), x -> b.truncate = x);
                    case "drop_indexes" -> set(bool(n, "drop_indexes"), x -> b.dropIndexes = x);
                    case "disable_triggers" -> set(bool(n, "disable_triggers"), x -> b.disableTriggers = x);
                    case "create_table" -> set(enumValue(n, "create_table", CreateTable.class,
                            Map.of("false", CreateTable.NO, "true", CreateTable.TEXT)), x -> b.createTable = x);
                    case "settings" -> {
                        if (n.kind == Node.Kind.NULL) break;
                        if (!isMap(n, "settings")) break;
                        Map<String, String> m = new LinkedHashMap<>();
                        n.map.forEach((k, v) -> {
                            String s = string(v, "setting " + k);
                            if (s != null) m.put(k, s);
                        });
                        b.settings = m;
                    }
                    case "before_sql" -> set(strings(n, "before_sql"), x -> b.beforeSql = x);
                    case "after_sql" -> set(strings(n, "after_sql"), x -> b.afterSql = x);
                    case "after_schema_sql" -> set(strings(n, "after_schema_sql"), x -> b.afterSchemaSql = x);
                    default -> { }
                }
            }
            if (problems.size() > before) return null;
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                err(o, e.getMessage(), null);
                return null;
            }
        }

        TableLoad table(Node t) {
            if (!isMap(t, "a table")) return null;
            checkKeys(t, TABLE_KEYS, "table");
            int before = problems.size();
            String name = null;
            Node tn = t.map.get("table");
            if (tn == null) err(t, "missing 'table'", "name the target table, e.g. table: public.orders");
            else name = string(tn, "table");
            CsvSource src = null;
            Node s = t.map.get("source");
            if (s == null) err(t, "missing 'source'", "add source: {csv: {files: [data.csv]}}");
            else if (isMap(s, "source")) {
                checkKeys(s, SOURCE_KEYS, "source");
                Node c = s.map.get("csv");
                if (c == null) {
                    if (s.map.isEmpty() || s.map.keySet().stream().allMatch(SOURCE_KEYS::contains)) err(s, "missing 'csv'", "Drover loads csv sources");
                } else src = csv(c);
            }
            List<ColumnSpec> cols = new ArrayList<>();
            Node cn = t.map.get("columns");
            if (cn != null && cn.kind != Node.Kind.NULL) {
                if (cn.kind != Node.Kind.LIST) err(cn, "columns must be a list, not " + cn.describe(), null);
                else for (Node c : cn.list) {
                    ColumnSpec spec = column(c, "column", COLUMN_KEYS, "column");
                    if (spec != null) cols.add(spec);
                }
            }
            List<ColumnSpec> named = new ArrayList<>();
            Node fn = t.map.get("fields");
            if (fn != null && fn.kind != Node.Kind.NULL) {
                if (fn.kind != Node.Kind.LIST) err(fn, "fields must be a list, not " + fn.describe(), null);
                else for (Node f : fn.list) {
                    ColumnSpec spec = column(f, "name", FIELD_KEYS, "field");
                    if (spec != null) named.add(spec);
                }
            }
            String dateFormat = null;
            Node dn = t.map.get("date_format");
            if (dn != null && dn.kind != Node.Kind.NULL) dateFormat = string(dn, "date_format");
            DatabaseSpec.Incremental incremental = tableIncremental(t);
            if (problems.size() > before || name == null || src == null) return null;
            if (dateFormat != null) {
                try {
                    dev.drover.engine.cast.PgloaderDateFormat.compile(dateFormat);
                } catch (IllegalArgumentException e) {
                    err(dn, "date_format: " + e.getMessage(), null);
                    return null;
                }
            }
            try {
                new TableLoad(name, src, cols, named, dateFormat);
            } catch (IllegalArgumentException e) {
                err(fn != null ? fn : t, e.getMessage(), null);
                return null;
            }
            try {
                return new TableLoad(name, src, cols, named, dateFormat, incremental);
            } catch (IllegalArgumentException e) {
                err(t.map.get("cursor"), e.getMessage(), "name target columns in the cursor, e.g. cursor: [updated_at, id]");
                return null;
            }
        }

        /**
         * A file table's {@code mode: incremental} with its {@code cursor}, {@code upsert} and {@code delete}; null for
         * {@code mode: full} (the default) or on an error (reported).
         */
        DatabaseSpec.Incremental tableIncremental(Node t) {
            Node mn = t.map.get("mode");
            boolean incremental = false;
            if (mn != null && mn.kind != Node.Kind.NULL) {
                String m = string(mn, "mode");
                if (m == null) return null;
                switch (m.trim().toLowerCase(Locale.ROOT)) {
                    case "incremental" -> incremental = true;
                    case "full" -> incremental = false;
                    default -> {
                        String sug = Suggest.didYouMean(m.trim(), List.of("full", "incremental"));
                        err(mn, "mode must be full or incremental, not '" + m + "'", sug != null ? sug
                                : "mode: incremental loads only the rows past the stored watermark (with a cursor)");
                        return null;
                    }
                }
            }
            String what = "incremental table";
            if (!incremental) {
                for (String k : List.of("cursor", "upsert", "delete", "lookback")) {
                    if (t.map.containsKey(k)) {
                        int[] at = t.keyPos.get(k);
                        err(at[0], at[1], k + " applies to mode: incremental only", "add mode: incremental, or remove " + k);
                    }
                }
                return null;
            }
            Node cn = t.map.get("cursor");
            if (cn == null) {
                err(mn, what + " has no cursor", "cursor: [updated_at, id] (target columns whose values only grow; end with a unique one)");
                return null;
            }
            List<String> cursor = strings(cn, "cursor");
            if (cursor == null) return null;
            if (cursor.isEmpty()) {
                err(cn, "the cursor is empty", "cursor: [updated_at, id] (target columns whose values only grow; end with a unique one)");
                return null;
            }
            return incrementalSettings(t, "", cursor, cn, false);
        }

        CsvSource csv(Node c) {
            if (!isMap(c, "csv")) return null;
            checkKeys(c, CSV_KEYS, "csv");
            int before = problems.size();
            Node fn = c.map.get("files");
            List<String> files = null;
            if (fn == null) err(c, "missing 'files'", "list the files to load, e.g. files: [data/*.csv]");
            else {
                files = strings(fn, "files");
                if (files != null && files.isEmpty()) {
                    err(fn, "files is empty", "list at least one file, or - for standard input");
                    files = null;
                }
            }
            CsvSourceBuilder b = CsvSourceBuilder.defaults(files == null ? List.of("-") : files);
            for (Map.Entry<String, Node> e : c.map.entrySet()) {
                Node n = e.getValue();
                switch (e.getKey()) {
                    case "encoding" -> {
                        String s = string(n, "encoding");
                        if (s != null) {
                            if (!java.nio.charset.Charset.isSupported(s)) err(n, "unknown encoding '" + s + "'", "try utf-8, latin1, cp1252 or utf-16");
                            else b.encoding = s;
                        }
                    }
                    case "delimiter" -> set(chr(n, "delimiter", false), x -> b.delimiter = x);
                    case "quote" -> {
                        if (n.kind == Node.Kind.NULL) b.quote = null;
                        else set(chr(n, "quote", true), x -> b.quote = x);
                    }
                    case "escape" -> {
                        if (n.kind == Node.Kind.NULL) b.escape = null;
                        else set(chr(n, "escape", true), x -> b.escape = x);
                    }
                    case "header" -> set(bool(n, "header"), x -> b.header = x);
                    case "skip_lines" -> set(integer(n, "skip_lines", 0), x -> b.skipLines = x);
                    case "null" -> set(strings(n, "null"), x -> b.nullMarkers = x);
                    case "trim_blanks" -> set(bool(n, "trim_blanks"), x -> b.trimBlanks = x);
                    case "extra_fields" -> set(enumValue(n, "extra_fields", CsvSource.FieldCountPolicy.class, Map.of()), x -> b.extraFields = x);
                    case "missing_fields" -> set(enumValue(n, "missing_fields", CsvSource.FieldCountPolicy.class, Map.of()), x -> b.missingFields = x);
                    case "fixed" -> set(fixedFields(n), x -> b.fixed = x);
                    case "format" -> set(enumValue(n, "format", CsvSource.Format.class, Map.of("copy-text", CsvSource.Format.COPY_TEXT)),
                            x -> b.format = x);
                    case "escape_mode" -> set(enumValue(n, "escape_mode", CsvSource.EscapeMode.class, Map.of()), x -> b.escapeMode = x);
                    case "line_terminator" -> {
                        if (n.kind == Node.Kind.NULL) b.lineTerminator = null;
                        else set(chr(n, "line_terminator", false), x -> b.lineTerminator = x);
                    }
                    case "guess_delimiter" -> set(bool(n, "guess_delimiter"), x -> b.guessDelimiter = x);
                    default -> { }
                }
            }
            if (problems.size() > before) return null;
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                err(c, e.getMessage(), null);
                return null;
            }
        }

        /** A fixed-width layout: a list of {name, from, for, null_if, trim, date_format}. */
        List<FixedField> fixedFields(Node n) {
            if (n.kind == Node.Kind.NULL) return List.of();
            if (n.kind != Node.Kind.LIST) {
                err(n, "fixed must be a list of fields, not " + n.describe(), "fixed: [{name: id, from: 0, for: 5}, {name: city, from: 5, for: 20}]");
                return null;
            }
            int before = problems.size();
            List<FixedField> out = new ArrayList<>();
            List<Node> nodes = new ArrayList<>();
            for (Node f : n.list) {
                FixedField ff = fixedField(f);
                if (ff == null) continue;
                for (int j = 0; j < out.size(); j++) {
                    FixedField o = out.get(j);
                    if (o.name().equalsIgnoreCase(ff.name())) {
                        err(f, "two fixed-width fields are named " + ff.name() + " (the other at line " + nodes.get(j).line + ")",
                                "give each field its own name: target columns match fields by name");
                    } else if (ff.from() < o.end() && o.from() < ff.end()) {
                        err(f, "fixed-width field " + ff.name() + " (from " + ff.from() + " for " + ff.length() + ", characters "
                                + ff.from() + "-" + (ff.end() - 1) + ") overlaps field " + o.name() + " (from " + o.from() + " for "
                                + o.length() + ", characters " + o.from() + "-" + (o.end() - 1) + ", line " + nodes.get(j).line + ")",
                                "positions are 0-based character offsets: start " + ff.name() + " at from: " + o.end()
                                        + " or shorten " + o.name() + " to for: " + Math.max(1, ff.from() - o.from()));
                    }
                }
                out.add(ff);
                nodes.add(f);
            }
            if (out.isEmpty() && problems.size() == before) {
                err(n, "fixed lists no field", "list the fields, e.g. fixed: [{name: id, from: 0, for: 5}], or remove fixed for a delimited file");
            }
            return problems.size() > before ? null : out;
        }

        FixedField fixedField(Node f) {
            if (!isMap(f, "a fixed-width field")) return null;
            checkKeys(f, FIXED_KEYS, "fixed-width field");
            int before = problems.size();
            String name = null;
            Node nn = f.map.get("name");
            if (nn == null) err(f, "a fixed-width field is missing 'name'", "name it after its target column, e.g. {name: id, from: 0, for: 5}");
            else {
                name = string(nn, "name");
                if (name != null && name.isBlank()) err(nn, "a fixed-width field's name is empty", "name it after its target column");
            }
            Integer from = null;
            Node fn = f.map.get("from");
            if (fn == null) err(f, "fixed-width field " + name + " is missing 'from'", "from is the 0-based character offset of its first character, e.g. from: 0");
            else {
                String t = string(fn, "from");
                if (t != null && t.trim().startsWith("-")) {
                    err(fn, "fixed-width field " + name + ": from cannot be negative (" + t.trim() + ")", "positions start at 0 (pgloader's from 0 is the first character)");
                } else from = integer(fn, "from", 0);
            }
            Integer length = null;
            Node ln = f.map.get("for");
            if (ln == null) err(f, "fixed-width field " + name + " is missing 'for'", "for is the field's length in characters, e.g. for: 10");
            else {
                String t = string(ln, "for");
                if (t != null && t.trim().startsWith("-")) {
                    err(ln, "fixed-width field " + name + ": for cannot be negative (" + t.trim() + ")", "for is the number of characters, at least 1");
                } else length = integer(ln, "for", 1);
            }
            boolean blanks = false;
            List<String> nullIf = new ArrayList<>();
            Node ni = f.map.get("null_if");
            if (ni != null && ni.kind != Node.Kind.NULL) {
                List<Node> items = ni.kind == Node.Kind.LIST ? ni.list : List.of(ni);
                for (Node it : items) {
                    if (it.kind == Node.Kind.SCALAR && it.text.equals("blanks")) blanks = true;
                    else if (it.kind == Node.Kind.SCALAR) nullIf.add(it.text);
                    else if (it.kind == Node.Kind.MAP && it.map.size() == 1 && it.map.containsKey("text")) {
                        String x = string(it.map.get("text"), "text");
                        if (x != null) nullIf.add(x);
                    } else err(it, "null_if takes blanks or texts, not " + it.describe(), "null_if: [blanks, 'N/A'] (the text 'blanks' itself: {text: blanks})");
                }
            }
            FixedField.Trim trim = f.map.containsKey("trim")
                    ? enumValue(f.map.get("trim"), "trim", FixedField.Trim.class, Map.of("no", FixedField.Trim.NONE, "false", FixedField.Trim.NONE))
                    : FixedField.Trim.NONE;
            String date = null;
            Node dn = f.map.get("date_format");
            if (dn != null && dn.kind != Node.Kind.NULL) {
                date = string(dn, "date_format");
                if (date != null) {
                    try {
                        dev.drover.engine.cast.PgloaderDateFormat.compile(date);
                    } catch (IllegalArgumentException e) {
                        err(dn, e.getMessage(), "tokens: YYYY YY MM DD HH24 HH12 MI SS MS US AM PM; separators: - . : / space T");
                        date = null;
                    }
                }
            }
            if (problems.size() > before || name == null || from == null || length == null || trim == null) return null;
            try {
                return new FixedField(name, from, length, blanks, nullIf, trim, date);
            } catch (IllegalArgumentException e) {
                err(f, e.getMessage(), null);
                return null;
            }
        }

        /** A column of {@code columns}, or (with the key {@code name}) a named field of {@code fields}: one shape, one reader. */
        ColumnSpec column(Node c, String nameKey, Set<String> keys, String what) {
            if (!isMap(c, "a " + what)) return null;
            checkKeys(c, keys, what);
            int before = problems.size();
            Node cn = c.map.get(nameKey);
            String name = null;
            if (cn == null) err(c, "missing '" + nameKey + "'", what.equals("column") ? "name the target column" : "name the field the using expressions read");
            else name = string(cn, nameKey);
            String field = c.map.containsKey("field") ? string(c.map.get("field"), "field") : null;
            Integer position = c.map.containsKey("position") ? integer(c.map.get("position"), "position", 1) : null;
            String constant = c.map.containsKey("constant") ? string(c.map.get("constant"), "constant") : null;
            String using = c.map.containsKey("using") ? string(c.map.get("using"), "using") : null;
            int given = (c.map.containsKey("field") ? 1 : 0) + (c.map.containsKey("position") ? 1 : 0) + (c.map.containsKey("constant") ? 1 : 0)
                    + (c.map.containsKey("using") ? 1 : 0);
            if (given > 1) err(c, what + " " + name + ": give only one of field, position, constant or using", null);
            List<String> nullIf = c.map.containsKey("null_if") ? strings(c.map.get("null_if"), "null_if") : null;
            Boolean blanks = c.map.containsKey("null_if_blanks") ? bool(c.map.get("null_if_blanks"), "null_if_blanks") : Boolean.FALSE;
            FixedField.Trim trim = c.map.containsKey("trim")
                    ? enumValue(c.map.get("trim"), "trim", FixedField.Trim.class, Map.of("no", FixedField.Trim.NONE, "false", FixedField.Trim.NONE))
                    : FixedField.Trim.NONE;
            String date = c.map.containsKey("date_format") ? string(c.map.get("date_format"), "date_format") : null;
            if (problems.size() > before || blanks == null || trim == null) return null;
            try {
                return new ColumnSpec(name, field, position, constant, nullIf, blanks, trim, date, using);
            } catch (IllegalArgumentException e) {
                err(c, e.getMessage(), null);
                return null;
            }
        }

        static <T> void set(T value, java.util.function.Consumer<T> sink) {
            if (value != null) sink.accept(value);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * A plan file that {@link #read(String, String)} turns back into an equal plan; every option is written.
     *
     * @throws IllegalArgumentException when the target URL holds a password
     */
    public static String write(Plan plan) {
        if (!EmbeddedPostgres.isPlanUrl(plan.target().url()) && PgTarget.parse(plan.target().url()).password() != null) {
            throw new IllegalArgumentException(NO_PASSWORDS);
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", plan.version());
        ObjectNode target = root.putObject("target");
        target.put("url", plan.target().url());
        if (plan.target().passwordEnv() != null) target.put("password_env", plan.target().passwordEnv());
        LoadOptions o = plan.options();
        ObjectNode opts = root.putObject("options");
        opts.put("workers", o.workers());
        opts.put("concurrency", o.concurrency());
        opts.put("batch_rows", o.batchRows());
        opts.put("batch_size", ByteSize.format(o.batchBytes()));
        opts.put("queue_batches", o.queueBatches());
        opts.put("on_error", o.onError().name().toLowerCase(Locale.ROOT));
        opts.put("max_errors", o.maxErrors().toString());
        opts.put("reject_dir", o.rejectDir().toString());
        opts.put("truncate", o.truncate());
        opts.put("create_table", o.createTable().name().toLowerCase(Locale.ROOT));
        opts.put("drop_indexes", o.dropIndexes());
        opts.put("disable_triggers", o.disableTriggers());
        opts.put("index_jobs", o.indexJobs());
        ObjectNode settings = opts.putObject("settings");
        new java.util.TreeMap<>(o.settings()).forEach(settings::put);
        ArrayNode before = opts.putArray("before_sql");
        o.beforeSql().forEach(before::add);
        ArrayNode after = opts.putArray("after_sql");
        o.afterSql().forEach(after::add);
        if (!o.afterSchemaSql().isEmpty()) {
            ArrayNode afterSchema = opts.putArray("after_schema_sql");
            o.afterSchemaSql().forEach(afterSchema::add);
        }
        if (plan.database() != null) {
            DatabaseSpec d = plan.database();
            ObjectNode dn = root.putObject("database");
            dn.put("source", d.source());
            if (d.schema() != null) dn.put("schema", d.schema());
            dn.put("include_drop", d.includeDrop());
            ArrayNode casts = dn.putArray("casts");
            d.casts().forEach(casts::add);
            dn.put("identifiers", d.identifiers().name().toLowerCase(Locale.ROOT));
            dn.put("mode", d.mode().name().toLowerCase(Locale.ROOT));
            ObjectNode rename = dn.putObject("rename");
            d.rename().forEach(rename::put);
            ArrayNode include = dn.putArray("include");
            d.include().forEach(include::add);
            ArrayNode exclude = dn.putArray("exclude");
            d.exclude().forEach(exclude::add);
            dn.put("zero_dates", d.zeroDates().toString());
            dn.put("verify_sample", d.verifySample());
            ArrayNode materialize = dn.putArray("materialize");
            for (DatabaseSpec.Materialize mv : d.materialize()) {
                if (mv.isQuery()) materialize.addObject().put("name", mv.name()).put("query", mv.sql());
                else materialize.add(mv.name());
            }
            dn.put("create_indexes", d.build().indexes());
            dn.put("foreign_keys", d.build().foreignKeys());
            dn.put("reset_sequences", d.build().resetSequences());
            dn.put("identity", d.build().identity().name().toLowerCase(Locale.ROOT));
            dn.put("enums", d.build().enums().name().toLowerCase(Locale.ROOT));
            // written only when used, so plans that never use them read as before
            if (d.build().indexNames() != DatabaseSpec.IndexNames.KEEP) {
                dn.put("index_names", d.build().indexNames().name().toLowerCase(Locale.ROOT));
            }
            if (!d.build().storage().isEmpty()) {
                ObjectNode storage = dn.putObject("storage");
                d.build().storage().forEach((table, params) -> {
                    ObjectNode pn = storage.putObject(table);
                    params.forEach(pn::put);
                });
            }
            ObjectNode tableModes = dn.putObject("table_modes");
            d.tableModes().forEach((k, v) -> tableModes.put(k, v.name().toLowerCase(Locale.ROOT)));
            // written only when used, so plans without incremental tables read as before
            if (!d.incremental().isEmpty()) {
                ObjectNode incremental = dn.putObject("incremental");
                d.incremental().forEach((table, inc) -> {
                    writeIncremental(incremental.putObject(table), inc);
                });
            }
        }
        ArrayNode tables = plan.database() != null ? null : root.putArray("tables");
        for (TableLoad t : plan.tables()) {
            ObjectNode tn = tables.addObject();
            tn.put("table", t.table());
            CsvSource s = t.source();
            ObjectNode csv = tn.putObject("source").putObject("csv");
            ArrayNode files = csv.putArray("files");
            s.files().forEach(files::add);
            csv.put("encoding", s.encoding());
            csv.put("delimiter", String.valueOf(s.delimiter()));
            if (s.quote() == null) csv.putNull("quote");
            else csv.put("quote", String.valueOf(s.quote()));
            if (s.escape() == null) csv.putNull("escape");
            else csv.put("escape", String.valueOf(s.escape()));
            csv.put("header", s.header());
            csv.put("skip_lines", s.skipLines());
            ArrayNode nulls = csv.putArray("null");
            s.nullMarkers().forEach(nulls::add);
            csv.put("trim_blanks", s.trimBlanks());
            csv.put("extra_fields", s.extraFields().name().toLowerCase(Locale.ROOT));
            csv.put("missing_fields", s.missingFields().name().toLowerCase(Locale.ROOT));
            if (s.isCopyText()) csv.put("format", "copy-text"); // absent means csv, as in plans written before it existed
            // each absent means what plans written before it existed meant: escape anything, LF/CRLF/CR, no guess
            if (s.escapeMode() == CsvSource.EscapeMode.QUOTE) csv.put("escape_mode", "quote");
            if (s.lineTerminator() != null) csv.put("line_terminator", String.valueOf(s.lineTerminator()));
            if (s.guessDelimiter()) csv.put("guess_delimiter", true);
            if (s.isFixed()) {
                ArrayNode fixed = csv.putArray("fixed");
                for (FixedField ff : s.fixed()) {
                    ObjectNode fn = fixed.addObject();
                    fn.put("name", ff.name());
                    fn.put("from", ff.from());
                    fn.put("for", ff.length());
                    if (ff.nullIfBlanks() || !ff.nullIf().isEmpty()) {
                        ArrayNode ni = fn.putArray("null_if");
                        if (ff.nullIfBlanks()) ni.add("blanks");
                        for (String x : ff.nullIf()) {
                            if (x.equals("blanks")) ni.addObject().put("text", x);
                            else ni.add(x);
                        }
                    }
                    if (ff.trim() != FixedField.Trim.NONE) fn.put("trim", ff.trim().name().toLowerCase(Locale.ROOT));
                    if (ff.dateFormat() != null) fn.put("date_format", ff.dateFormat());
                }
            }
            if (t.dateFormat() != null) tn.put("date_format", t.dateFormat());
            if (!t.fields().isEmpty()) {
                ArrayNode fs = tn.putArray("fields");
                for (ColumnSpec nf : t.fields()) writeColumn(fs.addObject(), "name", nf);
            }
            if (!t.columns().isEmpty()) {
                ArrayNode cols = tn.putArray("columns");
                for (ColumnSpec c : t.columns()) writeColumn(cols.addObject(), "column", c);
            }
            if (t.incremental() != null) {
                DatabaseSpec.Incremental inc = t.incremental();
                tn.put("mode", "incremental");
                writeIncremental(tn, inc);
            }
        }
        try {
            YAMLMapper m = YAMLMapper.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build();
            return m.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> allKeys() {
        Set<String> s = new LinkedHashSet<>();
        s.addAll(ROOT_KEYS);
        s.addAll(OPTION_KEYS);
        return s;
    }

    /** {@code cursor}, {@code upsert}, {@code delete} and {@code lookback} (when set) of an incremental table. */
    private static void writeIncremental(ObjectNode n, DatabaseSpec.Incremental inc) {
        ArrayNode cursor = n.putArray("cursor");
        inc.cursor().forEach(cursor::add);
        n.put("upsert", inc.upsert().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        n.put("delete", inc.delete().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (inc.lookback() != null) n.put("lookback", inc.lookback());
    }

    private static void writeColumn(ObjectNode cn, String nameKey, ColumnSpec c) {
        cn.put(nameKey, c.column());
        if (c.field() != null) cn.put("field", c.field());
        if (c.position() != null) cn.put("position", c.position());
        if (c.constant() != null) cn.put("constant", c.constant());
        if (c.using() != null) cn.put("using", c.using());
        if (c.nullIf() != null) {
            ArrayNode ni = cn.putArray("null_if");
            c.nullIf().forEach(ni::add);
        }
        if (c.nullIfBlanks()) cn.put("null_if_blanks", true);
        if (c.trim() != FixedField.Trim.NONE) cn.put("trim", c.trim().name().toLowerCase(Locale.ROOT));
        if (c.dateFormat() != null) cn.put("date_format", c.dateFormat());
    }
}
