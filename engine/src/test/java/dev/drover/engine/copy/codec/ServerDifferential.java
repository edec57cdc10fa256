package dev.drover.engine.copy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.TestSlices;
import dev.drover.engine.copy.ValueRejected;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Compares a codec with the server, value by value: the server's verdict comes from the type's
 * input function ({@code pg_input_error_info}, then a cast for the canonical text); the codec's
 * field is binary-COPYed into a real column and read back as text. Every input is also encoded
 * as a {@link dev.drover.engine.copy.Utf8Slice}, which must give the same bytes or the same reject.
 */
final class ServerDifferential {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private final Connection c;
    private final CopyManager copy;
    private final ZoneId zone;
    private static final java.util.concurrent.atomic.AtomicInteger TABLES = new java.util.concurrent.atomic.AtomicInteger();

    ServerDifferential(Connection c, String timeZone) throws SQLException {
        this.c = c;
        c.setAutoCommit(true);
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.zone = ZoneId.of(timeZone);
        try (Statement s = c.createStatement()) {
            s.execute("SET DateStyle = 'ISO, MDY'");
            s.execute("SET TimeZone = '" + timeZone + "'");
            s.execute("SET extra_float_digits = 1");
        }
    }

    /** What the server's input function makes of a value: canonical text, or the error. */
    record Verdict(String text, String sqlState, String message) {
        boolean ok() { return sqlState == null; }
    }

    enum Kind { WRITTEN, NOT_PARSED, REJECTED }

    record Result(String input, Verdict server, Kind kind, String rejectState, String rejectMessage, String stored, String copyState, String sliceDisagreement) {}

    final class Column {
        final String table, sqlType, typeName;
        final FieldCodec codec;
        final List<Result> results = new ArrayList<>();
        private final PreparedStatement verdict, cast;

        Column(String sqlType) throws SQLException {
            this.sqlType = sqlType;
            this.table = "d" + TABLES.incrementAndGet();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (id int4, c " + sqlType + ")");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END::int,
                           CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
                           (SELECT b.typcategory FROM pg_type b WHERE b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END),
                           format_type(a.atttypid, a.atttypmod)
                    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                    WHERE a.attrelid = ?::regclass AND a.attname = 'c'""")) {
                ps.setString(1, table);
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    codec = Codecs.forType(r.getInt(1), r.getInt(2), r.getString(3).charAt(0), new CodecContext(zone));
                    typeName = r.getString(4);
                }
            }
            assertThat(codec).as("codec for %s", sqlType).isNotNull();
            verdict = c.prepareStatement("SELECT sql_error_code, message FROM pg_input_error_info(?, ?)");
            cast = c.prepareStatement("SELECT CAST(CAST(? AS text) AS " + typeName + ")::text");
        }

        Verdict server(String input) throws SQLException {
            try {
                verdict.setString(1, input);
                verdict.setString(2, typeName);
                try (ResultSet r = verdict.executeQuery()) {
                    r.next();
                    if (r.getString(1) != null) return new Verdict(null, r.getString(1), r.getString(2));
                }
                cast.setString(1, input);
                try (ResultSet r = cast.executeQuery()) {
                    r.next();
                    return new Verdict(r.getString(1), null, null);
                }
            } catch (SQLException e) {
                return new Verdict(null, e.getSQLState(), e.getMessage());
            }
        }

        /** Runs every input through the server and the codec; canonical texts the server returns are run too. */
        Column run(List<String> inputs) throws SQLException {
            List<String> all = new ArrayList<>(inputs);
            Map<Integer, byte[]> fields = new HashMap<>();
            List<Object[]> pending = new ArrayList<>();
            for (int k = 0; k < all.size(); k++) {
                String input = all.get(k);
                Verdict v = server(input);
                if (k < inputs.size() && v.ok() && !all.contains(v.text())) all.add(v.text());
                CopyBuffer out = new CopyBuffer(16);
                Kind kind;
                String rejectState = null;
                String rejectMessage = null;
                try {
                    kind = codec.writeBinary(input, out) ? Kind.WRITTEN : Kind.NOT_PARSED;
                    if (kind == Kind.NOT_PARSED) assertThat(out.pos).as("pos after false for %s", input).isZero();
                } catch (ValueRejected e) {
                    kind = Kind.REJECTED;
                    rejectState = e.sqlState();
                    rejectMessage = e.getMessage();
                }
                String copyState = null;
                if (kind == Kind.WRITTEN) {
                    copyState = copyRow(k, Arrays.copyOf(out.buf, out.pos));
                }
                pending.add(new Object[] {k, input, v, kind, rejectState, copyState, TestSlices.sliceDisagreement(codec, input), rejectMessage});
            }
            Map<Integer, String> stored = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, c::text FROM " + table)) {
                while (r.next()) stored.put(r.getInt(1), r.getString(2));
            }
            for (Object[] p : pending) {
                results.add(new Result((String) p[1], (Verdict) p[2], (Kind) p[3], (String) p[4], (String) p[7], stored.get((Integer) p[0]), (String) p[5], (String) p[6]));
            }
            return this;
        }

        private String copyRow(int id, byte[] field) throws SQLException {
            CopyBuffer b = new CopyBuffer(64 + field.length);
            b.putBytes(HEADER, 0, HEADER.length);
            b.ensure(12);
            b.putShort(2);
            b.putInt(4);
            b.putInt(id);
            b.putBytes(field, 0, field.length);
            b.ensure(2);
            b.putShort(-1);
            try {
                copy.copyIn("COPY " + table + " (id, c) FROM STDIN (FORMAT binary)", new ByteArrayInputStream(b.buf, 0, b.pos));
                return null;
            } catch (SQLException e) {
                return e.getSQLState();
            } catch (java.io.IOException e) {
                throw new SQLException(e);
            }
        }

        /**
         * Every written value reads back as the server's own parse of the input; every reject
         * is one the server makes too, with the same SQLSTATE; the listed common spellings and
         * all canonical server output take the fast path.
         */
        void assertAgreesWithServer(Set<String> mustTakeFastPath) {
            SoftAssertions soft = new SoftAssertions();
            for (Result r : results) {
                String what = sqlType + " <" + r.input() + "> server=" + r.server() + " codec=" + r.kind();
                soft.assertThat(r.sliceDisagreement()).as(sqlType + ": slice and String differ").isNull();
                switch (r.kind()) {
                    case WRITTEN -> {
                        if (r.copyState() == null) {
                            soft.assertThat(r.server().ok()).as(what + ": codec wrote a value the server rejects").isTrue();
                            soft.assertThat(r.stored()).as(what).isEqualTo(r.server().text());
                        } else {
                            // Left to the server (JSON syntax, enum labels): binary COPY must fail like text input.
                            soft.assertThat(r.copyState()).as(what + ": binary COPY failed").isEqualTo(r.server().sqlState());
                        }
                    }
                    case REJECTED -> {
                        soft.assertThat(r.rejectState()).as(what + ": codec rejected").isEqualTo(r.server().sqlState());
                        // A syntax error made here stands for the server's: same words.
                        if ("22P02".equals(r.rejectState())) soft.assertThat(r.rejectMessage()).as(what).isEqualTo(r.server().message());
                    }
                    case NOT_PARSED -> {
                        soft.assertThat(mustTakeFastPath).as(what + ": common spelling not parsed").doesNotContain(r.input());
                        boolean canonical = results.stream().anyMatch(o -> o.server().ok() && r.input().equals(o.server().text()));
                        soft.assertThat(canonical).as(what + ": server's canonical output not parsed").isFalse();
                    }
                }
            }
            soft.assertAll();
        }

        long count(Kind kind) {
            return results.stream().filter(r -> r.kind() == kind).count();
        }

        String summary() {
            return sqlType + ": " + count(Kind.WRITTEN) + " written, " + count(Kind.REJECTED) + " rejected, "
                    + count(Kind.NOT_PARSED) + " to the server " + results.stream().filter(r -> r.kind() == Kind.NOT_PARSED)
                    .map(r -> "<" + r.input().replace("\n", "\\n").replace("\t", "\\t") + ">").toList()
                    + "; " + results.stream().filter(r -> TestSlices.representable(r.input())).count() + " also as slices";
        }
    }

    Column column(String sqlType) throws SQLException {
        return new Column(sqlType);
    }

    /** Runs inputs for a type and asserts agreement; returns the column for further checks. */
    Column check(String sqlType, List<String> inputs, Set<String> common) throws SQLException {
        Column col = column(sqlType).run(inputs);
        System.out.println(col.summary());
        col.assertAgreesWithServer(common);
        return col;
    }
}
