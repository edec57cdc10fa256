package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transforms;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.report.PhaseReport;
import dev.drover.engine.report.TableReport;
import dev.drover.engine.report.TableReport.Mismatch;
import dev.drover.engine.report.TableReport.Verification;
import dev.drover.engine.report.TableState;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.KeyRange;
import dev.drover.engine.source.db.RowCursor;
import dev.drover.engine.target.TableRef;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The proof that nothing was lost or changed on the way, on a sample: up to {@code n} source rows of each table with a
 * primary key are read again (the first and last keys, and for a one-column integer key rows spread between them:
 * a few index range scans, never the whole table), converted exactly as the load converts them, and compared value
 * by value with the target rows of the same keys. PostgreSQL reads both sides: the expected text in the column's
 * type and the stored value are both printed by the type's output function, so {@code 1.5} and {@code 1.50} in a
 * {@code numeric(10,2)} agree and a changed value does not.
 *
 * <p>A row the load rejects is expected to be missing: a row whose conversion fails here, and, up to the table's
 * reject count, a row that is simply not there (the server rejected it: a duplicate key, an orphan).
 */
final class SampleCheck {
    /** Differences listed per table in the report; the count covers all of them. */
    static final int SHOWN = 20;
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint", "int2", "int4", "int8", "int");

    private SampleCheck() {}

    /**
     * @param phase      the report line: rows sampled, rows that differ
     * @param mismatched rows that differ from the source (or are missing with no reject to account for them)
     * @param error      why the check itself could not run for a table, or null
     */
    record Result(PhaseReport phase, long mismatched, String error) {}

    /** Checks every finished table with a primary key; {@code tables} gets each one's {@link Verification}. */
    static Result run(DatabaseSource source, List<SourceTable> order, Map<String, TableRef> targets,
                      Map<SourceTable, List<ColumnCast>> casts, List<TableReport> tables, int n, Sessions sessions,
                      RunListener listener, Cancellation cancellation) {
        long t0 = System.nanoTime();
        long sampled = 0, mismatched = 0;
        List<String> failures = new ArrayList<>();
        String error = null;
        try (Connection c = sessions.open("verify")) {
            for (SourceTable t : order) {
                if (cancellation.requested()) break;
                TableRef ref = targets.get(t.key());
                int at = indexOf(tables, ref.display());
                if (at < 0 || tables.get(at).state() != TableState.DONE) continue; // failed tables say so themselves
                if (t.primaryKey() == null || t.primaryKey().columns().isEmpty()) {
                    listener.on(new RunEvent.Notice(ref.display(), t.isMaterialized()
                            ? "not verified: a materialized view or query has no primary key to find rows by"
                            : "not verified: the table has no primary key to find rows by"));
                    continue;
                }
                TableReport r = tables.get(at);
                Verification v;
                try {
                    v = table(source, t, ref, casts.get(t), r.rejected(), n, c);
                } catch (SQLException e) {
                    String why = ref.display() + ": cannot verify: " + TableJob.describe(e);
                    failures.add(why);
                    if (error == null) error = why;
                    continue;
                }
                tables.set(at, r.withVerification(v));
                sampled += v.sampled();
                mismatched += v.mismatched();
                if (!v.passed()) failures.add(ref.display() + ": " + v.mismatched() + " of " + v.sampled() + " sampled rows differ");
            }
        } catch (SQLException e) {
            error = "cannot connect to verify: " + TableJob.describe(e);
            failures.add(error);
        }
        PhaseReport phase = new PhaseReport("verify sample", sampled, mismatched + (error == null ? 0 : 1),
                Duration.ofNanos(System.nanoTime() - t0), failures.isEmpty() ? null : String.join("; ", failures));
        return new Result(phase, mismatched, error);
    }

    private static int indexOf(List<TableReport> tables, String display) {
        for (int i = 0; i < tables.size(); i++) if (tables.get(i).table().equals(display)) return i;
        return -1;
    }

    /** One table: sample, convert, compare. */
    static Verification table(DatabaseSource source, SourceTable t, TableRef ref, List<ColumnCast> casts, long rejected, int n,
                              Connection target) throws SQLException {
        List<String> key = t.primaryKey().columns();
        int[] keyAt = new int[key.size()];
        for (int k = 0; k < key.size(); k++) {
            keyAt[k] = -1;
            for (int i = 0; i < casts.size(); i++) if (casts.get(i).source().name().equals(key.get(k))) keyAt[k] = i;
            if (keyAt[k] < 0) throw new SQLException("primary key column " + key.get(k) + " is not among the columns read", "42703");
        }
        Sample sample = read(source, t, casts, keyAt, n);
        long missing = sample.unconvertible;
        long matched = 0;
        List<Mismatch> shown = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        long differing = 0;
        try (PreparedStatement compare = target.prepareStatement(compareSql(ref, casts, keyAt));
             PreparedStatement lookup = target.prepareStatement(lookupSql(ref, casts, keyAt))) {
            for (Map.Entry<String, String[]> row : sample.rows.entrySet()) {
                String[] expected = row.getValue();
                String keyText = row.getKey();
                List<Mismatch> diffs = new ArrayList<>();
                boolean present;
                try {
                    int p = 1;
                    for (String v : expected) bind(compare, p++, v);
                    for (int k : keyAt) bind(compare, p++, expected[k]);
                    try (ResultSet rs = compare.executeQuery()) {
                        rs.next();
                        present = rs.getBoolean(2 * casts.size() + 1);
                        if (present) {
                            for (int i = 0; i < casts.size(); i++) {
                                String want = rs.getString(i + 1), have = rs.getString(casts.size() + i + 1);
                                if (want == null ? have != null : !want.equals(have)) {
                                    diffs.add(new Mismatch(keyText, casts.get(i).targetName(), want, have));
                                }
                            }
                        }
                    }
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) throw e;
                    // PostgreSQL cannot read a source value in its column's type, so the load could not have loaded the
                    // row as it is: it must be missing
                    present = isPresent(lookup, expected, keyAt);
                    if (present) diffs.add(new Mismatch(keyText, null, "a value the column's type cannot hold (" + e.getMessage() + ")", "row present"));
                    else {
                        missing++;
                        continue;
                    }
                }
                if (!present) {
                    absent.add(keyText);
                } else if (diffs.isEmpty()) {
                    matched++;
                } else {
                    differing++;
                    for (Mismatch m : diffs) if (shown.size() < SHOWN) shown.add(m);
                }
            }
        }
        // rows the server rejected (duplicates, orphans) are not there: the table's rejects account for so many
        if (missing + absent.size() <= rejected) {
            missing += absent.size();
        } else {
            differing += absent.size();
            for (String k : absent) if (shown.size() < SHOWN) shown.add(new Mismatch(k, null, "present", null));
        }
        return new Verification(sample.rows.size() + sample.unconvertible, matched, missing, differing, shown);
    }

    private static boolean isPresent(PreparedStatement lookup, String[] expected, int[] keyAt) throws SQLException {
        int p = 1;
        for (int k : keyAt) bind(lookup, p++, expected[k]);
        try (ResultSet rs = lookup.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("22")) return false; // the key itself cannot be stored
            throw e;
        }
    }

    /** Text sent untyped, so PostgreSQL reads it with the input function of the type it is cast to. */
    private static void bind(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) ps.setNull(i, Types.OTHER);
        else ps.setObject(i, v, Types.OTHER);
    }

    /**
     * One row: each expected value read in its column's type and printed, then the target's values printed, then
     * whether the target has the row. Always one result row.
     */
    static String compareSql(TableRef ref, List<ColumnCast> casts, int[] keyAt) {
        StringBuilder s = new StringBuilder("SELECT ");
        for (ColumnCast c : casts) s.append("CAST(CAST(? AS ").append(c.targetType()).append(") AS text), ");
        for (ColumnCast c : casts) s.append("t.").append(TableRef.quote(c.targetName())).append("::text, ");
        s.append("t.present FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT ");
        for (ColumnCast c : casts) s.append(TableRef.quote(c.targetName())).append(", ");
        s.append("true AS present FROM ").append(ref.sql()).append(where(casts, keyAt)).append(") t ON true");
        return s.toString();
    }

    private static String lookupSql(TableRef ref, List<ColumnCast> casts, int[] keyAt) {
        return "SELECT 1 FROM " + ref.sql() + where(casts, keyAt);
    }

    private static String where(List<ColumnCast> casts, int[] keyAt) {
        StringBuilder s = new StringBuilder(" WHERE ");
        for (int k = 0; k < keyAt.length; k++) {
            ColumnCast c = casts.get(keyAt[k]);
            if (k > 0) s.append(" AND ");
            s.append(TableRef.quote(c.targetName())).append(" = CAST(? AS ").append(c.targetType()).append(')');
        }
        return s.toString();
    }

    /** Sampled rows by key text, in the order read, each value as the load sends it; and how many rows the load rejects. */
    private record Sample(Map<String, String[]> rows, long unconvertible) {}

    /**
     * The first rows by key, the last ones, and for a one-column integer key rows from points spread between the two;
     * at most {@code n}, each row once.
     */
    private static Sample read(DatabaseSource source, SourceTable t, List<ColumnCast> casts, int[] keyAt, int n)
            throws SQLException {
        List<String> key = t.primaryKey().columns();
        boolean spread = key.size() == 1 && INTEGER_TYPES.contains(casts.get(keyAt[0]).targetType().toLowerCase(Locale.ROOT).trim());
        Transform[] transforms = new Transform[casts.size()];
        for (int i = 0; i < transforms.length; i++) transforms[i] = Transforms.forColumn(casts.get(i));
        Map<String, String[]> rows = new LinkedHashMap<>();
        long[] unconvertible = {0};
        int head = spread ? (n + 2) / 3 : (n + 1) / 2;
        List<String[]> first = slice(source, t, casts, transforms, KeyRange.first(key, head), keyAt, rows, unconvertible, n);
        if (first.size() + unconvertible[0] < head) return new Sample(rows, unconvertible[0]); // the table is this small
        int tail = spread ? (n - head + 1) / 2 : n - head;
        List<String[]> last = tail > 0 ? slice(source, t, casts, transforms, KeyRange.last(key, tail), keyAt, rows, unconvertible, n) : List.of();
        BigInteger min = spread && !first.isEmpty() ? integer(first.get(0)[keyAt[0]]) : null;
        BigInteger max = spread && !last.isEmpty() ? integer(last.get(0)[keyAt[0]]) : null;
        if (min != null && max != null) {
            int windows = 4;
            for (int w = 1; w <= windows && rows.size() + unconvertible[0] < n; w++) {
                int per = (int) Math.max(1, (n - rows.size() - unconvertible[0] + windows - w) / (windows - w + 1));
                long point = min.add(max.subtract(min).multiply(BigInteger.valueOf(w)).divide(BigInteger.valueOf(windows + 1))).longValueExact();
                slice(source, t, casts, transforms, KeyRange.from(key.get(0), point, per), keyAt, rows, unconvertible, n);
            }
        }
        return new Sample(rows, unconvertible[0]);
    }

    private static BigInteger integer(String text) {
        try {
            return text == null ? null : new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            return null; // not the integer the target type says: the first and last rows are sample enough
        }
    }

    /** Reads one slice into {@code rows} (until it holds {@code n}); returns the slice's convertible rows in order. */
    private static List<String[]> slice(DatabaseSource source, SourceTable t, List<ColumnCast> casts, Transform[] transforms,
                                        KeyRange range, int[] keyAt, Map<String, String[]> rows, long[] unconvertible, int n)
            throws SQLException {
        List<String[]> out = new ArrayList<>();
        List<String> columns = casts.stream().map(c -> c.source().name()).toList();
        try (RowCursor cursor = source.rows(t, columns, range)) {
            while (cursor.next()) {
                String[] texts = convert(cursor, transforms);
                if (texts == null) {
                    unconvertible[0]++;
                    if (rows.size() + unconvertible[0] >= n) break;
                    continue;
                }
                out.add(texts);
                String k = keyText(casts, keyAt, texts);
                if (!rows.containsKey(k)) {
                    rows.put(k, texts);
                    if (rows.size() + unconvertible[0] >= n) break;
                }
            }
        }
        return out;
    }

    /** The row's values as the load sends them, or null when the load rejects the row before sending it. */
    private static String[] convert(RowCursor cursor, Transform[] transforms) throws SQLException {
        String[] texts = new String[transforms.length];
        for (int i = 0; i < transforms.length; i++) {
            Object v = cursor.get(i);
            try {
                if (transforms[i] != null) v = transforms[i].apply(v);
            } catch (Transform.TransformException e) {
                return null;
            }
            texts[i] = DbRecords.targetText(v);
            if (texts[i] != null && texts[i].indexOf('\0') >= 0) return null; // PostgreSQL text cannot hold NUL: rejected
        }
        return texts;
    }

    /** {@code id=7}, {@code a=1, b='x'}: the target's key columns and the values the load sent for them. */
    private static String keyText(List<ColumnCast> casts, int[] keyAt, String[] texts) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < keyAt.length; k++) {
            if (k > 0) s.append(", ");
            String v = texts[keyAt[k]];
            s.append(casts.get(keyAt[k]).targetName()).append('=');
            if (v == null) s.append("NULL");
            else if (v.matches("-?\\d+(\\.\\d+)?")) s.append(v);
            else s.append('\'').append(v.replace("'", "''")).append('\'');
        }
        return s.toString();
    }
}
