package dev.drover.engine.copy.codec;

import dev.drover.testkit.PostgresExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DateTimeCodecsMatchServerTest {

    private static final List<String> DATES = List.of("2024-01-05", "2000-01-01", "1999-12-31", "1970-01-01",
            "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
            "2024-01-00", "2024-01-32", "0001-01-01", "0000-01-01", "0001-01-01 BC", "0044-03-15 BC", "4713-01-01 BC",
            "4714-11-24 BC", "4714-11-23 BC", "4715-01-01 BC", "9999-12-31", "10000-01-01", "294276-12-31",
            "294277-01-01", "5874897-12-31", "5874898-01-01", " 2024-01-05 ", "infinity", "-infinity", "+infinity",
            "Infinity", "epoch", "today", "Jan 5 2024", "01/05/2024", "20240105", "2024-1-5", "2024/01/05", "", "abc",
            "ınfinity", "2024-01-0５", "2024‐01-05", "2024-01-05 ＢＣ", "2024-01-05é", "é2024-01-05");

    private static final List<String> TIMES = List.of("00:00", "00:00:00", "10:00", "10:00:00", "23:59:59",
            "23:59:59.999999", "12:34:56.5", "12:34:56.123456", "12:34:56.1234564", "12:34:56.1234565",
            "12:34:56.9999995", "24:00:00", "24:00", "24:00:01", "25:00", "12:60", "12:30:60", "12:30:61", "9:30",
            " 10:00 ", "10:00:00.", "10:00:00+01", "10:00 AM", "allballs", "", "abc", "10：00", "10:00:00.5é",
            // A field out of range is reported only after the syntax of the whole value.
            "25:00é", "25:00x", "12:60 x");

    @Test
    void datesMatchTheServer(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        d.check("date", DATES, Set.of("2024-01-05", "2000-01-01", "1999-12-31", "2024-02-29", "0001-01-01",
                "infinity", "-infinity"));
    }

    @Test
    void timesMatchTheServer(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        d.check("time", TIMES, Set.of("00:00", "10:00:00", "23:59:59.999999", "12:34:56.5", "24:00:00"));
        d.check("time(2)", TIMES, Set.of("12:34:56.123456"));
    }

    @Test
    void timestampsMatchTheServer(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "UTC");
        List<String> inputs = new java.util.ArrayList<>(List.of("2024-01-05 10:00:00", "2024-01-05T10:00:00",
                "2024-01-05 10:00", "2024-01-05", "2024-01-05 23:59:59.999999", "2024-01-05 10:00:00.5",
                "2024-02-29 12:00", "2023-02-29 12:00", "1999-12-31 23:59:59", "1970-01-01 00:00:00",
                "0001-01-01 00:00:00", "0001-01-01 00:00:00 BC", "4714-11-24 00:00:00 BC", "4714-11-23 23:59:59 BC",
                "294276-12-31 23:59:59.999999", "294277-01-01 00:00:00", "2024-01-05 24:00:00", "2024-01-05 25:00",
                "2024-01-05 10:00:00.1234567", "2024-01-05 10:00:00+01", "infinity", "-infinity", " 2024-01-05 10:00 ",
                "2024-01-05  10:00", "Jan 5 2024 10:00", "2024-01-05 10:00 PM", "now", "", "ınfinity", "2024-01-05 10:00:00é",
                "2024-01-05 25:00:00é", "2024-01-05 25:00:00x", "2024-01-05\u00A010:00"));
        d.check("timestamp", inputs, Set.of("2024-01-05 10:00:00", "2024-01-05T10:00:00", "2024-01-05",
                "2024-01-05 23:59:59.999999", "infinity"));
        d.check("timestamp(0)", inputs, Set.of("2024-01-05 10:00:00.5"));
    }

    private static final List<String> TIMESTAMPTZ = List.of("2024-01-05 10:00:00", "2024-01-05 10:00:00+01",
            "2024-01-05 10:00:00-05", "2024-01-05 10:00:00+05:30", "2024-01-05 10:00:00+0530",
            "2024-01-05 10:00:00Z", "2024-01-05T10:00:00Z", "2024-01-05T10:00:00.123456+02:00",
            "2024-07-01 12:00:00", "2024-03-31 02:30:00", "2024-10-27 02:30:00", "2024-03-31 01:59:59",
            "2024-03-31 03:00:00", "2024-10-27 01:59:59", "2024-10-27 03:00:00", "1800-01-01 00:00:00",
            "1893-04-01 00:00:00", "2100-07-01 00:00:00", "2024-01-05", "2024-01-05 10:00:00+15:59",
            "2024-01-05 10:00:00+16", "2024-01-05 10:00:00 +01", "2024-01-05 10:00:00 CET", "2024-01-05 10:00:00+1",
            "0001-01-01 00:00:00+00", "0044-03-15 10:00:00 BC", "294276-12-31 23:59:59+00",
            "294276-12-31 23:59:59-10", "4714-11-24 00:00:00+00 BC", "infinity", "-infinity", "",
            "2024-01-05 10:00:00＋01", "2024-01-05 10:00:00+0１", "2024-01-05 10:00:00−05", "2024-01-05 10:00:00ℤ");

    @Test
    void timestamptzWithAndWithoutOffsetMatchesTheServerInARegionZone(Connection c) throws Exception {
        ServerDifferential d = new ServerDifferential(c, "Europe/Berlin");
        d.check("timestamptz", TIMESTAMPTZ, Set.of("2024-01-05 10:00:00", "2024-01-05 10:00:00+01",
                "2024-01-05 10:00:00+05:30", "2024-01-05T10:00:00Z", "2024-07-01 12:00:00", "infinity"));
    }

    @Test
    void timestamptzMatchesTheServerInUtcAndAFixedOffsetZone(Connection c) throws Exception {
        new ServerDifferential(c, "UTC").check("timestamptz", TIMESTAMPTZ, Set.of("2024-01-05 10:00:00"));
        new ServerDifferential(c, "America/New_York").check("timestamptz", TIMESTAMPTZ, Set.of("2024-01-05 10:00:00"));
    }
}
