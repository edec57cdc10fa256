package dev.drover.app.model;

import dev.drover.engine.embedded.EmbeddedPostgres;
import dev.drover.engine.pg.PgTarget;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.TargetSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The Target page's state: a PostgreSQL server's connection form, or the embedded PostgreSQL; the target schema;
 * and the last "Check" of the server (version, CREATE privilege, connections against the planned parallelism).
 * Plain Java used on the UI thread; {@link #check()} hands out the slow part for the background.
 *
 * <p>What the page produces: {@link #targetUrl()} (no password), {@link #passwordEnv()}, {@link #targetSpec()}.
 */
public final class TargetModel {
    public enum Mode {
        /** A PostgreSQL server the user names. */
        SERVER,
        /** The PostgreSQL Drover starts itself ({@link EmbeddedPostgres}). */
        EMBEDDED
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final ConnectionForm form;
    private final List<Runnable> listeners = new ArrayList<>();
    private Mode mode;
    private String schema = "public";
    private EmbeddedPostgres.Server embedded;
    private String embeddedProblem;
    private TargetCheck lastCheck;
    private String lastCheckedKey;
    private LoadOptions options = LoadOptions.defaults();

    public TargetModel(Map<String, String> env) {
        this.form = new ConnectionForm(SourceKind.POSTGRES, env);
    }

    public void addListener(Runnable r) {
        listeners.add(r);
    }

    private void changed() {
        for (Runnable r : List.copyOf(listeners)) r.run();
    }

    public Optional<Mode> mode() {
        return Optional.ofNullable(mode);
    }

    public void setMode(Mode m) {
        mode = m;
        changed();
    }

    /** The server connection form (its values stay while the embedded server is chosen). */
    public ConnectionForm form() {
        return form;
    }

    public String schema() {
        return schema;
    }

    public void setSchema(String s) {
        schema = s == null ? "" : s.strip();
        changed();
    }

    /** The running embedded server, once the view has started it. */
    public Optional<EmbeddedPostgres.Server> embedded() {
        return Optional.ofNullable(embedded);
    }

    public void setEmbedded(EmbeddedPostgres.Server s) {
        embedded = s;
        embeddedProblem = null;
        changed();
    }

    /** The embedded server could not start: the reason, shown on the page and stopping Next. */
    public void setEmbeddedProblem(String message) {
        embeddedProblem = message;
        embedded = null;
        changed();
    }

    /** The load options the connection budget is checked against ({@link LoadOptions#defaults()} until Options sets them). */
    public void setOptions(LoadOptions o) {
        options = Objects.requireNonNull(o);
        changed();
    }

    /** Connections the load opens at most ({@link OptionsModel#connectionsNeeded}: the rule the Options page shows too). */
    public int plannedConnections() {
        return OptionsModel.connectionsNeeded(options);
    }

    // ---- validation ----

    public Optional<Problem> problem(Field field) {
        if (field == Field.KIND) {
            return mode == null ? Optional.of(Problem.error(field, "Choose a PostgreSQL server, or the embedded one to try"
                    + " Drover.")) : Optional.empty();
        }
        if (mode == null) return Optional.empty();
        if (field == Field.SCHEMA) {
            if (schema.isEmpty()) return Optional.of(Problem.error(field, "Enter the schema the tables go to (public by default)."));
            if (!IDENTIFIER.matcher(schema).matches() || schema.length() > 63) {
                return Optional.of(Problem.error(field, "A schema name is letters, digits and _ (at most 63), not starting"
                        + " with a digit."));
            }
            if (schema.toLowerCase(Locale.ROOT).startsWith("pg_")) {
                return Optional.of(Problem.error(field, "Names starting with pg_ are kept for PostgreSQL's own schemas."));
            }
            return Optional.empty();
        }
        if (mode == Mode.EMBEDDED) {
            if (field != Field.EMBEDDED) return Optional.empty();
            if (embeddedProblem != null) return Optional.of(Problem.error(field, embeddedProblem));
            if (embedded == null) return Optional.of(Problem.error(field, "The embedded PostgreSQL is still starting."));
            return Optional.empty();
        }
        return form.problem(field);
    }

    /** Every problem of the page's fields (not the check's), in their order. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        problem(Field.KIND).ifPresent(out::add);
        if (mode == null) return out;
        if (mode == Mode.EMBEDDED) problem(Field.EMBEDDED).ifPresent(out::add);
        else out.addAll(form.problems());
        problem(Field.SCHEMA).ifPresent(out::add);
        return out;
    }

    public Optional<Problem> firstBlocking() {
        return problems().stream().filter(Problem::blocking).findFirst();
    }

    // ---- what the page produces ----

    /**
     * The target URL for the plan, without a password: the server's form, or the embedded server's URL; empty while
     * neither is ready.
     */
    public Optional<String> targetUrl() {
        if (mode == Mode.SERVER) return Optional.of(form.url(false));
        if (mode == Mode.EMBEDDED && embedded != null) return Optional.of(embedded.url());
        return Optional.empty();
    }

    /**
     * The password the wizard's run connects with: the embedded server's (none for Drover's own), else the typed one
     * or the chosen environment variable's value; null lets the engine look in PGPASSWORD and ~/.pgpass.
     */
    public String runPassword() {
        if (mode == Mode.EMBEDDED) return embedded == null ? null : embedded.password();
        return mode == Mode.SERVER ? form.password() : null;
    }

    /** The environment variable holding the target's password, when the user chose one. */
    public Optional<String> passwordEnv() {
        return mode == Mode.SERVER ? Optional.ofNullable(form.passwordEnvForPlan()) : Optional.empty();
    }

    /** The password typed for the target (memory only), for the run. */
    public Optional<String> typedPassword() {
        return mode == Mode.SERVER && form.passwordSource() == PasswordSource.TYPED ? Optional.ofNullable(form.password())
                : Optional.empty();
    }

    /**
     * The embedded server's live URL while it is the chosen target: saved plans name it {@value EmbeddedPostgres#PLAN_URL}
     * instead, since its port may change from one start to the next.
     */
    public Optional<String> embeddedUrlInUse() {
        return mode == Mode.EMBEDDED && embedded != null ? Optional.of(embedded.url()) : Optional.empty();
    }

    /** The plan's target: URL and password variable. */
    public Optional<TargetSpec> targetSpec() {
        return targetUrl().map(u -> new TargetSpec(u, passwordEnv().orElse(null)));
    }

    /** Fills the page from a saved plan's target; the embedded server's URL is recognised as such by the caller. */
    public void load(TargetSpec t) {
        mode = Mode.SERVER;
        form.load(ParsedUrl.parse(t.url()));
        if (t.passwordEnv() != null) {
            form.setPasswordSource(PasswordSource.ENV);
            form.setPasswordEnv(t.passwordEnv());
        }
        changed();
    }

    // ---- the check ----

    /** The last check, when it was made for the values the page has now. */
    public Optional<TargetCheck> currentCheck() {
        return lastCheck != null && Objects.equals(lastCheckedKey, checkKey()) ? Optional.of(lastCheck) : Optional.empty();
    }

    /** Keeps a check's result (on the UI thread, when the background check is done). */
    public void accept(TargetCheck check, String forKey) {
        lastCheck = check;
        lastCheckedKey = forKey;
        changed();
    }

    /** What a check depends on: the URL with password, the schema and the planned connections. */
    public String checkKey() {
        String url = mode == Mode.SERVER ? form.url(true) : embedded == null ? "" : embedded.url() + " " + embedded.password();
        return mode + " " + url + " " + schema + " " + plannedConnections();
    }

    /**
     * The check of the target as the page stands: connects, reads the server version, the CREATE privilege on the
     * schema (or the database, to create the schema) and the connection budget. Never throws.
     */
    public Callable<TargetCheck> check() {
        int needed = plannedConnections();
        String s = schema;
        String url;
        String password;
        if (mode == Mode.EMBEDDED && embedded != null) {
            url = embedded.url();
            password = embedded.password();
        } else if (mode == Mode.SERVER) {
            url = form.url(false);
            password = form.password();
        } else {
            return () -> TargetCheck.failedWith(new ConnectionCheck(false, "Choose the target first.", ""), needed);
        }
        return () -> check(url, password, s, needed);
    }

    static TargetCheck check(String url, String password, String schema, int needed) {
        PgTarget t = PgTarget.parse(url, Map.of());
        ConnectionCheck.Endpoint to = new ConnectionCheck.Endpoint("PostgreSQL", t.host(), t.port(), t.database(), t.user(),
                password != null);
        try (Connection c = t.connect(password, "drover-wizard"); Statement st = c.createStatement()) {
            String versionText;
            int num;
            boolean superuser;
            int max;
            int reservedSuper;
            int reservedRole = 0;
            boolean mayUseReserved = false;
            try (ResultSet r = st.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')::int,"
                    + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),"
                    + " current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int")) {
                r.next();
                versionText = r.getString(1);
                num = r.getInt(2);
                superuser = r.getBoolean(3);
                max = r.getInt(4);
                reservedSuper = r.getInt(5);
            }
            if (num >= 160000) {
                try (ResultSet r = st.executeQuery("SELECT current_setting('reserved_connections')::int,"
                        + " pg_has_role(current_user, 'pg_use_reserved_connections', 'MEMBER')")) {
                    r.next();
                    reservedRole = r.getInt(1);
                    mayUseReserved = r.getBoolean(2);
                }
            }
            int inUse;
            String activity = num >= 100000
                    ? "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    : "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()";
            try (ResultSet r = st.executeQuery(activity)) {
                r.next();
                inUse = r.getInt(1);
            }
            int reserved = superuser ? 0 : reservedSuper + (mayUseReserved ? 0 : reservedRole);

            boolean schemaExists;
            boolean canCreate;
            try (PreparedStatement ps = c.prepareStatement("SELECT has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, schema);
                try (ResultSet r = ps.executeQuery()) {
                    schemaExists = r.next();
                    canCreate = schemaExists && r.getBoolean(1);
                }
            }
            if (!schemaExists) {
                try (ResultSet r = st.executeQuery("SELECT has_database_privilege(current_database(), 'CREATE')")) {
                    r.next();
                    canCreate = r.getBoolean(1);
                }
            }
            String user = t.user();
            String privilege;
            if (schemaExists) {
                privilege = canCreate ? "User " + user + " may create tables in schema " + schema + "."
                        : "User " + user + " may not create tables in schema " + schema + ": GRANT CREATE ON SCHEMA " + schema
                            + " TO " + user + ", or choose another schema.";
            } else {
                privilege = canCreate ? "Schema " + schema + " does not exist yet; user " + user + " may create it."
                        : "Schema " + schema + " does not exist, and user " + user + " may not create it: GRANT CREATE ON"
                            + " DATABASE " + t.database() + " TO " + user + ", or choose an existing schema.";
            }
            int available = Math.max(0, max - reserved - inUse);
            String connections = available >= needed
                    ? String.format(Locale.ROOT, "The load needs up to %d connections; %d of %d are free (%d in use%s).",
                        needed, available, max, inUse, reserved > 0 ? ", " + reserved + " reserved" : "")
                    : String.format(Locale.ROOT, "The load needs up to %d connections but only %d of %d are free (%d in use%s):"
                        + " lower workers or concurrency on the Options page, or raise max_connections.",
                        needed, available, max, inUse, reserved > 0 ? ", " + reserved + " reserved" : "");
            List<String> notes = new ArrayList<>();
            if (num < 170000) {
                notes.add("PostgreSQL 17 adds COPY ON_ERROR; on this version Drover isolates bad rows itself (slower when"
                        + " many rows are bad).");
            }
            String version = "PostgreSQL " + versionText.split("\\s+")[0];
            ConnectionCheck ok = ConnectionCheck.success("Connected to " + version + " at " + to.address() + ", database "
                    + t.database() + ".");
            return new TargetCheck(ok, version, num, canCreate, privilege, max, reserved, inUse, needed, connections, notes);
        } catch (SQLException | RuntimeException e) {
            return TargetCheck.failedWith(ConnectionCheck.failure(e, to), needed);
        }
    }
}
