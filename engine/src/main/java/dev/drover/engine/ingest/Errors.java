package dev.drover.engine.ingest;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Server errors as {@link IngestException}s that say where they happened and what to do. */
final class Errors {
    private Errors() {}

    /**
     * @param context       "batch 2, table "s"."t"" and the like
     * @param plainCopy     the rows went straight into the table (no upsert), so a duplicate key is the user's to resolve
     */
    static IngestException sql(String context, SQLException e, boolean plainCopy) {
        StringBuilder m = new StringBuilder(context).append(": ");
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            m.append(server.getMessage());
            if (server.getDetail() != null) m.append(" (").append(server.getDetail()).append(')');
            if (server.getWhere() != null) m.append(" [").append(server.getWhere().replace('\n', ' ')).append(']');
        } else {
            m.append(e.getMessage());
        }
        if ("23505".equals(e.getSQLState()) && plainCopy) {
            m.append("; the batch is rolled back. Use Upsert.IF_PRIMARY_KEY to update existing keys, or leave the"
                    + " duplicate out of the source");
        } else {
            m.append("; the batch is rolled back and the watermark stays where the last committed batch left it");
        }
        return new IngestException(m.toString(), e.getSQLState(), e);
    }
}
