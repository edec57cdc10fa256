package dev.drover.app.model;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transforms;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.rejects.StoredReject;
import dev.drover.engine.target.TableRef;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * "Change a cast rule and retry": what one more rule changes in a loaded table's columns, computed by the engine's own
 * cast code on the draft with the rule added, and how each rejected row's values look under it. A changed type is
 * applied to the table with {@code ALTER TABLE … TYPE … USING}; a changed conversion is applied to the column's value
 * as the source gave it (the row's original), so the rule does what it would have done in the run.
 */
public final class Recast {
    private Recast() {}

    /** One column the rule changes. */
    public record Change(String column, String fromType, String toType, String fromTransform, String toTransform, ColumnCast cast) {
        public boolean typeChanged() {
            return !fromType.equals(toType);
        }

        public String describe() {
            List<String> parts = new ArrayList<>();
            if (typeChanged()) parts.add(fromType + " → " + toType);
            if (!Objects.equals(fromTransform, toTransform)) {
                parts.add("conversion " + (fromTransform == null ? "none" : fromTransform) + " → " + (toTransform == null ? "none" : toTransform));
            }
            return column + ": " + String.join(", ", parts);
        }
    }

    /**
     * What applying {@code rule} to {@code table} means.
     *
     * @param draft      the draft with the rule added (the wizard keeps it, so a saved plan has the rule)
     * @param statements the {@code ALTER TABLE} statements for the changed types, run before the retry
     */
    public record Proposal(String table, String rule, Draft draft, List<Change> changes, List<String> statements) {
        public String describe() {
            if (changes.isEmpty()) return "The rule changes nothing in " + table + ".";
            StringBuilder s = new StringBuilder("In " + table + ": ");
            s.append(String.join("; ", changes.stream().map(Change::describe).toList())).append('.');
            if (!statements.isEmpty()) s.append(" Runs first: ").append(String.join("; ", statements)).append('.');
            return s.toString();
        }
    }

    /**
     * @param tableDisplay the target table ({@code schema.table}) whose rejects are retried
     * @throws IllegalArgumentException with the engine's sentence when the rule is invalid or the table is not in the run
     */
    public static Proposal propose(OpenedSource source, Draft draft, String tableDisplay, String rule) {
        String text = rule == null ? "" : rule.strip();
        if (text.isEmpty()) throw new IllegalArgumentException("type a cast rule, e.g. column products.stock to text");
        List<String> rules = new ArrayList<>(draft.casts());
        rules.add(text);
        Draft next = draft.withCasts(rules);
        Preview before = source.preview(draft);
        Preview after = source.preview(next);
        if (after.problem() != null) throw new IllegalArgumentException(after.problem());
        SourceTable table = null;
        for (SourceTable t : after.tables().keySet()) if (after.target(t).display().equals(tableDisplay)) table = t;
        if (table == null) throw new IllegalArgumentException(tableDisplay + " is not among the tables this migration loads");
        TableRef ref = after.target(table);
        Map<SourceTable, List<ColumnCast>> old = before.tables();
        List<ColumnCast> was = old.getOrDefault(table, List.of());
        List<Change> changes = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (ColumnCast now : after.tables().get(table)) {
            ColumnCast then = was.stream().filter(c -> c.source().name().equals(now.source().name())).findFirst().orElse(null);
            if (then == null || !now.copied()) continue;
            if (then.targetType().equals(now.targetType()) && Objects.equals(then.transform(), now.transform())) continue;
            Change c = new Change(then.targetName(), then.targetType(), now.targetType(), then.transform(), now.transform(), now);
            changes.add(c);
            if (c.typeChanged()) {
                String col = TableRef.quote(then.targetName());
                statements.add("ALTER TABLE " + ref.sql() + " ALTER COLUMN " + col + " TYPE " + now.targetType() + " USING " + col
                        + "::" + now.targetType());
            }
        }
        return new Proposal(tableDisplay, text, next, List.copyOf(changes), List.copyOf(statements));
    }

    /**
     * The reject's values under the rule: each changed column's value converted again from the original row; the
     * other columns as they were. Throws {@link Transform.TransformException} when the new conversion refuses it too.
     *
     * @return null when the row has no values (it could not be split into columns)
     */
    public static List<String> values(StoredReject r, List<Change> changes) throws Transform.TransformException {
        if (r.values() == null) return null;
        List<String> out = new ArrayList<>(r.values());
        List<String> source = sourceFields(r);
        for (Change c : changes) {
            int j = r.columns().indexOf(c.column());
            if (j < 0) continue;
            String raw = source != null && source.size() == r.columns().size() ? source.get(j) : r.values().get(j);
            Transform t = Transforms.forColumn(c.cast());
            Object v = t == null ? raw : t.apply(raw);
            out.set(j, v == null ? null : v instanceof byte[] b ? "\\x" + HexFormat.of().formatHex(b) : v.toString());
        }
        return out;
    }

    /** The source's values of a database row, from the original line the reject kept (NULL unquoted, '' quoted). */
    static List<String> sourceFields(StoredReject r) {
        if (r.original() == null) return null;
        CSVFormat f = CSVFormat.DEFAULT.builder().setNullString("").setQuoteMode(QuoteMode.ALL_NON_NULL).get();
        try (CSVParser p = CSVParser.parse(new StringReader(r.original()), f)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) return null;
            List<String> fields = new ArrayList<>();
            records.get(0).forEach(fields::add);
            return fields;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
