package dev.drover.engine.copy.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.FieldCodec;
import dev.drover.engine.copy.TestSlices;
import dev.drover.engine.copy.ValueRejected;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ValueNormalizerTest {

    private static Connection session(TestDatabase db, boolean autoCommit) throws SQLException {
        Connection c = db.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET DateStyle = 'ISO, MDY'");
            s.execute("SET TimeZone = 'Europe/Berlin'");
        }
        c.setAutoCommit(autoCommit);
        return c;
    }

    /** type name as format_type writes it, its codec, and spellings only the server understands. */
    private record Case(String typeName, int oid, int typmod, List<String> spellings) {}

    private static final List<Case> CASES = List.of(
            new Case("integer", 23, -1, List.of("0x1F", "1_000", "0o17", "0b101")),
            new Case("bigint", 20, -1, List.of("0x7FFFFFFFFFFFFFFF", "-1_000_000")),
            new Case("smallint", 21, -1, List.of("0x10")),
            new Case("numeric", 1700, -1, List.of("1_000.5", "0x1F")),
            new Case("numeric(5,2)", 1700, ((5 << 16) | 2) + 4, List.of("1_2.345")),
            new Case("double precision", 701, -1, List.of("+NaN")),
            new Case("date", 1082, -1, List.of("Jan 5 2024", "01/05/2024", "20240105", "epoch", "2024-1-5", "5 January 44 BC")),
            new Case("time without time zone", 1083, -1, List.of("10:00 PM", "9:30", "allballs", "12:34:56.1234567", "23:59:60")),
            new Case("timestamp without time zone", 1114, -1,
                    List.of("Jan 5 2024 10:00 PM", "2024-01-05 24:00", "epoch", "2024-01-05 10:00:00+05", "2024-01-05 10:00:00.1234567")),
            new Case("timestamp with time zone", 1184, -1,
                    List.of("2024-01-05 10:00:00 CET", "2024-01-05 10:00 America/New_York", "2024-03-31 02:30", "2024-10-27 02:30",
                            "2024-01-05 10:00:00 +01", "2024-01-05 10:00:00.1234567+01", "March 15 0044 10:00 BC", "epoch", "J2451545")),
            new Case("bytea", 17, -1, List.of("abc\\000", "\\x de ad")),
            new Case("name", 19, -1, List.of("x".repeat(80))));

    @Test
    void serverCanonicalTextOfEveryUnparsedSpellingTakesTheFastPathAndMeansTheSameValue(TestDatabase db) throws Exception {
        try (Connection c = session(db, true); ValueNormalizer normalizer = new ValueNormalizer(c)) {
            CodecContext ctx = new CodecContext(ZoneId.of("Europe/Berlin"));
            for (Case k : CASES) {
                FieldCodec codec = Codecs.forType(k.oid(), k.typmod(), 'X', ctx);
                for (String spelling : k.spellings()) {
                    CopyBuffer out = new CopyBuffer(8);
                    assertThat(codec.writeBinary(spelling, out)).as("%s <%s> is for the server", k.typeName(), spelling).isFalse();
                    String canonical = normalizer.normalize(spelling, k.typeName());
                    assertThat(codec.writeBinary(canonical, out)).as("%s canonical <%s> of <%s>", k.typeName(), canonical, spelling).isTrue();
                    assertThat(normalizer.normalize(canonical, k.typeName())).as("canonical text is a fixed point").isEqualTo(canonical);
                    assertThat(TestSlices.sliceDisagreement(codec, spelling)).as(k.typeName()).isNull();
                    assertThat(TestSlices.sliceDisagreement(codec, canonical)).as(k.typeName()).isNull();
                }
            }
        }
    }

    @Test
    void dataErrorsBecomeRejectsWithTheServersSqlStateAndKeepTheTransactionUsable(TestDatabase db) throws Exception {
        try (Connection c = session(db, false); ValueNormalizer normalizer = new ValueNormalizer(c)) {
            assertThatThrownBy(() -> normalizer.normalize("0x1FFFFFFFF", "integer"))
                    .isInstanceOfSatisfying(ValueRejected.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("22003");
                        assertThat(e.getMessage()).isEqualTo("value \"0x1FFFFFFFF\" is out of range for type integer");
                    });
            assertThatThrownBy(() -> normalizer.normalize("Feb 30 2024", "date"))
                    .isInstanceOfSatisfying(ValueRejected.class, e -> assertThat(e.sqlState()).isEqualTo("22008"));
            assertThatThrownBy(() -> normalizer.normalize("12_345.6", "numeric(5,2)"))
                    .isInstanceOfSatisfying(ValueRejected.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("22003");
                        assertThat(e.getMessage()).isEqualTo("numeric field overflow");
                        assertThat(e.hint()).contains("precision 5, scale 2");
                    });
            assertThatThrownBy(() -> normalizer.normalize("maybe", "boolean"))
                    .isInstanceOfSatisfying(ValueRejected.class, e -> assertThat(e.sqlState()).isEqualTo("22P02"));
            // The failed statements above did not abort the surrounding transaction.
            assertThat(normalizer.normalize("0x10", "integer")).isEqualTo("16");
            c.commit();
        }
    }

    @Test
    void nonDataErrorsPropagateAsSqlExceptions(TestDatabase db) throws Exception {
        try (Connection c = session(db, true); ValueNormalizer normalizer = new ValueNormalizer(c)) {
            assertThatThrownBy(() -> normalizer.normalize("x", "no_such_type"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42704"));
        }
    }
}
