package dev.drover.engine.run;

import dev.drover.engine.pg.PgTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Opens target connections with the session settings each role needs (copy-performance.md §13). */
final class Sessions {
    private final PgTarget target;
    private final String password;
    private final Map<String, String> settings;

    Sessions(PgTarget target, String password, Map<String, String> settings) {
        this.target = target;
        this.password = password;
        this.settings = settings;
    }

    PgTarget target() {
        return target;
    }

    Connection open(String role) throws SQLException {
        Connection c = target.connect(password, "drover/" + role);
        try (Statement s = c.createStatement()) {
            // A server-wide timeout must not kill a long COPY or index build.
            s.execute("SET statement_timeout = 0");
            s.execute("SET idle_in_transaction_session_timeout = 0");
        }
        PgTarget.applySettings(c, settings);
        return c;
    }

    /**
     * An index build or constraint validation, one of {@code jobs} at a time: sorts get 256 MB unless the user set
     * their own, and builds running side by side do not also start parallel workers each (copy-performance.md §12.4).
     */
    Connection openMaintenance(String role, int jobs) throws SQLException {
        Connection c = open(role);
        try (Statement s = c.createStatement()) {
            if (!settings.containsKey("maintenance_work_mem")) s.execute("SET maintenance_work_mem = '256MB'");
            if (jobs > 1 && !settings.containsKey("max_parallel_maintenance_workers")) s.execute("SET max_parallel_maintenance_workers = 0");
        }
        return c;
    }

    /** A writer: commits need not wait for the WAL flush; a crash loses at most the last batches, never corrupts. */
    Connection openWriter(String role) throws SQLException {
        Connection c = open(role);
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
        }
        c.setAutoCommit(false);
        return c;
    }
}
