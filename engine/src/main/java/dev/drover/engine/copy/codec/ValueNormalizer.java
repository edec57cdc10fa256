package dev.drover.engine.copy.codec;

import dev.drover.engine.copy.ValueRejected;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Asks the server for the canonical text of a value the fast path did not parse (for example
 * {@code 0x1F} for an integer, {@code Jan 5 2024} for a date). The server's own output for every
 * type with a codec is parsed by that codec's fast path, so the value can then be encoded.
 *
 * <p>The caller sets the session's DateStyle (ISO output) and TimeZone to those of the load's
 * target session, so that the value means the same thing it would mean in COPY. Not thread-safe:
 * one per connection.
 */
public final class ValueNormalizer implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    public ValueNormalizer(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param typeName the target type as {@code format_type} writes it (trusted catalog text, it
     *                 is put into the SQL), for example {@code numeric(10,2)} or {@code "MyEnum"}
     * @return the server's text for the value, never null for a non-null value
     * @throws ValueRejected when the server rejects the value with a data error (class 22 or 23)
     */
    public String normalize(String value, String typeName) throws ValueRejected, SQLException {
        PreparedStatement ps = statements.get(typeName);
        if (ps == null) {
            ps = connection.prepareStatement("SELECT CAST(CAST(? AS text) AS " + typeName + ")::text");
            statements.put(typeName, ps);
        }
        ps.setString(1, value);
        // In a transaction a failed statement would abort everything after it; the savepoint
        // confines a rejected value to itself.
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            String result = rs.getString(1);
            if (savepoint != null) connection.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException e) {
            if (savepoint != null) connection.rollback(savepoint);
            String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                throw rejected(e, state);
            }
            throw e;
        }
    }

    private static ValueRejected rejected(SQLException e, String state) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null) return new ValueRejected(state, e.getMessage());
        String hint = m.getHint();
        if (m.getDetail() != null) hint = hint == null ? m.getDetail() : m.getDetail() + " " + hint;
        return new ValueRejected(state, m.getMessage(), hint);
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) ps.close();
        statements.clear();
    }
}
