package dev.drover.app.model;

import java.util.List;

/**
 * What "Check" found on the target server.
 *
 * @param connection      whether the connection worked, with the one-line message and the driver's details
 * @param version         "PostgreSQL 17.6", or null when not connected
 * @param versionNum      {@code server_version_num} (170006), or 0
 * @param canCreate       whether the user may create the tables (CREATE on the schema, or on the database when the
 *                        schema does not exist yet)
 * @param privilege       one line about that privilege
 * @param maxConnections  {@code max_connections}
 * @param reserved        connections kept for superusers (and for {@code pg_use_reserved_connections} on 16+) that this
 *                        user cannot take
 * @param inUse           client connections open now, other than the check's own
 * @param needed          connections the planned load opens (see {@link TargetModel#plannedConnections()})
 * @param connections     one line comparing the two
 * @param notes           what the version allows or lacks (COPY ON_ERROR, ...)
 */
public record TargetCheck(ConnectionCheck connection, String version, int versionNum, boolean canCreate, String privilege,
                          int maxConnections, int reserved, int inUse, int needed, String connections, List<String> notes) {
    public TargetCheck {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A check that could not connect. */
    public static TargetCheck failedWith(ConnectionCheck c, int needed) {
        return new TargetCheck(c, null, 0, false, null, 0, 0, 0, needed, null, List.of());
    }

    /** Connections this user can still open: {@code max_connections} − reserved − in use. */
    public int available() {
        return Math.max(0, maxConnections - reserved - inUse);
    }

    /** Whether the planned load's connections fit. */
    public boolean connectionsFit() {
        return connection.ok() && available() >= needed;
    }

    /** Whether the wizard may go on: connected and allowed to create tables. Too few connections only warns. */
    public boolean passes() {
        return connection.ok() && canCreate;
    }
}
