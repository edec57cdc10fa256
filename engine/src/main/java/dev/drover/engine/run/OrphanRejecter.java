package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.RejectStore;
import dev.drover.engine.target.TableRef;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows whose foreign key points at nothing: the source held them (SQLite does not enforce foreign keys by
 * default, MySQL can turn the check off), or their parent row was rejected. PostgreSQL cannot validate the
 * key while they are there, so each is rejected like any refused row, with PostgreSQL's own words, and taken
 * out; repeated until nothing changes, so a rejected order takes its order lines with it.
 */
final class OrphanRejecter {
    /** What one pass over one foreign key took out. */
    record Removed(String table, long rows) {}

    /** Target names and casts of the migrated tables, by {@link SourceTable#key()}. */
    private final Map<String, TableRef> targets;
    private final Map<String, List<ColumnCast>> casts;
    private final Path rejectDir;
    private final String database;
    private final RunListener listener;

    OrphanRejecter(Map<String, TableRef> targets, Map<String, List<ColumnCast>> casts, Path rejectDir, String database,
                   RunListener listener) {
        this.targets = targets;
        this.casts = casts;
        this.rejectDir = rejectDir;
        this.database = database;
        this.listener = listener;
    }

    /** Removes orphans of every migrated foreign key; returns the rows rejected per target table display name. */
    Map<String, Long> run(Connection c, List<SourceTable> tables) throws SQLException, IOException {
        Map<String, Long> perTable = new LinkedHashMap<>();
        boolean changed = true;
        for (int pass = 0; changed && pass < 64; pass++) {
            changed = false;
            for (SourceTable t : tables) {
                for (ForeignKey fk : t.foreignKeys()) {
                    if (!targets.containsKey(fk.refKey(t))) continue;
                    long n = removeOrphans(c, t, fk);
                    if (n > 0) {
                        perTable.merge(targets.get(t.key()).display(), n, Long::sum);
                        changed = true;
                    }
                }
            }
        }
        return perTable;
    }

    private long removeOrphans(Connection c, SourceTable t, ForeignKey fk) throws SQLException, IOException {
        TableRef child = targets.get(t.key());
        TableRef parent = targets.get(fk.refKey(t));
        Map<String, String> childNames = names(t.key());
        Map<String, String> parentNames = names(fk.refKey(t));
        List<String> cols = fk.columns().stream().map(x -> childNames.getOrDefault(x, x.toLowerCase(Locale.ROOT))).toList();
        List<String> refs = fk.refColumns().stream().map(x -> parentNames.getOrDefault(x, x.toLowerCase(Locale.ROOT))).toList();
        String notNull = cols.stream().map(x -> "c." + TableRef.quote(x) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        List<String> match = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) match.add("p." + TableRef.quote(refs.get(i)) + " = c." + TableRef.quote(cols.get(i)));
        // the columns the load wrote, as the table's reject files hold them (generated ones are computed)
        List<ColumnCast> all = casts.get(t.key()).stream().filter(ColumnCast::copied).toList();
        String returning = all.stream().map(x -> "c." + TableRef.quote(x.targetName()) + "::text").collect(Collectors.joining(", "));
        // MATCH SIMPLE: a key with a NULL part references nothing and is valid
        String sql = "DELETE FROM " + child.sql() + " c WHERE " + notNull + " AND NOT EXISTS (SELECT 1 FROM " + parent.sql()
                + " p WHERE " + String.join(" AND ", match) + ") RETURNING " + returning;
        String constraint = dev.drover.engine.target.SchemaWriter.foreignKeyName(child, fk);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long n = 0;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql);
             RejectStore store = RejectStore.append(rejectDir, RejectStore.fileBase(child.display()),
                     all.stream().map(ColumnCast::targetName).toList())) {
            int width = all.size();
            while (r.next()) {
                String[] row = new String[width];
                for (int i = 0; i < width; i++) row[i] = r.getString(i + 1);
                List<String> key = new ArrayList<>();
                for (String col : cols) key.add(row[indexOf(all, col)]);
                CopyBuffer original = new CopyBuffer(256);
                DbRecords.originalLine(row, original);
                Reject reject = new Reject(database + " " + t.display(), 0, "foreign key", "23503",
                        "insert or update on table \"" + child.name() + "\" violates foreign key constraint \"" + constraint + "\"",
                        "Key (" + String.join(", ", cols) + ")=(" + String.join(", ", key) + ") is not present in table \""
                                + parent.name() + "\".",
                        "the source row points at a row that is not in " + parent.display()
                                + " (never there, or rejected itself); fix the source or load the parent row first",
                        null, cols.size() == 1 ? cols.get(0) : null, java.util.Arrays.copyOf(original.buf, original.pos));
                store.write(reject, TableJob.copyText(row));
                listener.on(new RunEvent.RowRejected(child.display(), reject));
                n++;
            }
            store.flush();
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return n;
    }

    private static int indexOf(List<ColumnCast> casts, String targetName) {
        for (int i = 0; i < casts.size(); i++) if (casts.get(i).targetName().equals(targetName)) return i;
        throw new IllegalStateException("no column " + targetName);
    }

    private Map<String, String> names(String sourceTable) {
        Map<String, String> m = new HashMap<>();
        for (ColumnCast c : casts.getOrDefault(sourceTable, List.of())) m.put(c.source().name(), c.targetName());
        return m;
    }
}
