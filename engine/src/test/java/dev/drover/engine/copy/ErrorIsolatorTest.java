package dev.drover.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drover.testkit.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Isolation of bad rows in a text batch, with and without PostgreSQL 17's ON_ERROR ignore. A sequence
 * counts COPY statements (nextval survives rollbacks), so the test sees how many sends each way took.
 */
@ExtendWith(PostgresExtension.class)
class ErrorIsolatorTest {

    private static Batch textBatch(String table, String... rows) {
        Batch b = new Batch(16, 1024);
        b.clear(0, "COPY " + table + " (id, d) FROM STDIN", false);
        int line = 1;
        for (String r : rows) {
            byte[] bytes = (r + "\n").getBytes(StandardCharsets.UTF_8);
            b.data.putBytes(bytes, 0, bytes.length);
            b.original.putBytes(bytes, 0, bytes.length);
            b.endRow(line++, 0);
        }
        return b;
    }

    private static long copies(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM copies")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<RejectedRow> run(Connection c, String table, boolean serverSkips, long[] loaded) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id int, d date)");
            s.execute("CREATE TRIGGER count_copies BEFORE INSERT ON " + table + " FOR EACH STATEMENT EXECUTE FUNCTION count_copy()");
        }
        c.setAutoCommit(false);
        Batch b = textBatch(table, "1\t2024-01-01", "x\t2024-01-02", "3\t2024-01-03", "4\t2024-02-30", "5\t\\N", "6\t2024-01-06");
        ErrorIsolator iso = new ErrorIsolator(c, c.unwrap(PGConnection.class).getCopyAPI(), table, List.of("id", "d"),
                List.of("integer", "date"), serverSkips);
        List<RejectedRow> rejected = new ArrayList<>();
        loaded[0] = iso.sendAndCommit(b, rejected::add);
        c.setAutoCommit(true);
        return rejected;
    }

    @Test
    void withOnErrorIgnoreOneCopyLoadsTheGoodRowsAndNamesEachBadOneExactly(Connection c) throws Exception {
        assumeTrue(c.getMetaData().getDatabaseMajorVersion() >= 17, "ON_ERROR ignore needs PostgreSQL 17");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE copies");
            s.execute("CREATE FUNCTION count_copy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('copies'); RETURN NULL; END $$");
        }
        long[] loaded = new long[1];
        long before = copies(c);
        List<RejectedRow> skipped = run(c, "skipping", true, loaded);
        long skippingCopies = copies(c) - before;
        assertThat(loaded[0]).isEqualTo(4);
        assertThat(skipped).extracting(RejectedRow::row).containsExactly(1, 3);
        assertThat(skipped.get(0).error().getSQLState()).isEqualTo("22P02");
        assertThat(ServerError.message(skipped.get(0).error())).isEqualTo("invalid input syntax for type integer: \"x\"");
        assertThat(ServerError.copyLine(skipped.get(0).error(), "skipping")).isEqualTo(2);
        assertThat(skipped.get(1).error().getSQLState()).isEqualTo("22008");
        assertThat(ServerError.message(skipped.get(1).error())).isEqualTo("date/time field value out of range: \"2024-02-30\"");
        assertThat(ServerError.details(skipped.get(1).error()).getColumn()).isEqualTo("d");
        assertThat(skippingCopies).isEqualTo(1);

        before = copies(c);
        List<RejectedRow> strict = run(c, "strict", false, loaded);
        long strictCopies = copies(c) - before;
        assertThat(loaded[0]).isEqualTo(4);
        assertThat(strict).extracting(RejectedRow::row).containsExactly(1, 3);
        // the same reasons either way
        for (int i = 0; i < 2; i++) {
            assertThat(strict.get(i).error().getSQLState()).isEqualTo(skipped.get(i).error().getSQLState());
            assertThat(ServerError.message(strict.get(i).error())).isEqualTo(ServerError.message(skipped.get(i).error()));
        }
        assertThat(strictCopies).isGreaterThan(skippingCopies);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT (SELECT string_agg(id || ':' || coalesce(d::text, '-'), ',' ORDER BY id) FROM skipping),"
                        + " (SELECT string_agg(id || ':' || coalesce(d::text, '-'), ',' ORDER BY id) FROM strict)")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("1:2024-01-01,3:2024-01-03,5:-,6:2024-01-06").isEqualTo(r.getString(2));
        }
    }

    @Test
    void readFieldUndoesTheTextFormatEscapes() throws Exception {
        CopyBuffer b = new CopyBuffer(64);
        TextFormat.writeField("a\tb", b);
        b.putBytes(new byte[] {'\t'}, 0, 1);
        TextFormat.writeNull(b);
        b.putBytes(new byte[] {'\t'}, 0, 1);
        TextFormat.writeField("back\\slash\nnew\rline", b);
        b.putBytes(new byte[] {'\n'}, 0, 1);
        assertThat(TextFormat.readField(b.buf, 0, b.pos, 0)).isEqualTo("a\tb");
        assertThat(TextFormat.readField(b.buf, 0, b.pos, 1)).isNull();
        assertThat(TextFormat.readField(b.buf, 0, b.pos, 2)).isEqualTo("back\\slash\nnew\rline");
    }
}
