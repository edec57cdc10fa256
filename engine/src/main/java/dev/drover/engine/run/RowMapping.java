package dev.drover.engine.run;

import dev.drover.engine.copy.Utf8Slice;
import dev.drover.engine.cast.PgloaderDateFormat;
import dev.drover.engine.cast.Transform.TransformException;
import dev.drover.engine.pgloader.UsingExpression;
import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.FixedField;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.target.TableRef;
import dev.drover.engine.target.TargetColumn;
import dev.drover.engine.target.TargetTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Which field (or constant) feeds each column of the COPY column list, decided once per file
 * before any row moves. Every mistake a mapping can hold is found here and named, not discovered
 * as one error per row (pgloader's "Could not read input" for every record).
 *
 * @param columns        the COPY column list, in order
 * @param fieldIndex     0-based field per column, or -1 for a constant
 * @param constants      the constant per column (where fieldIndex is -1)
 * @param nullIf         per-column NULL markers replacing the file's, or null
 * @param expectedFields fields a record must have, or -1 when the first record decides
 * @param nullIfBlanks   per column: a value of spaces only is NULL (pgloader's per-field {@code null if blanks})
 * @param trims          per column: pgloader's per-field {@code trim ... whitespace}
 * @param dateFormats    per column: pgloader's per-field {@code date format}, or null
 * @param computed       per column: the {@code using} expression that computes it, or null (its fieldIndex is -1)
 *
 * <p>The per-column arrays ({@code fieldIndex}, {@code nullIf}, {@code nullIfBlanks}, {@code trims},
 * {@code dateFormats}) run past the columns: the slots after them are the fields {@code using} expressions read,
 * cleaned by the same rules.
 */
record RowMapping(List<TargetColumn> columns, int[] fieldIndex, String[] constants, List<Set<String>> nullIf,
                  int expectedFields, boolean[] nullIfBlanks, FixedField.Trim[] trims, PgloaderDateFormat[] dateFormats,
                  Computed[] computed) {

    /** A column computed by a {@code using} expression from the input slots {@code slots}. */
    record Computed(UsingExpression expression, int[] slots) {}

    /** A value a per-field date format or a using expression cannot read: the row is rejected, naming the column. */
    static final class ValueFormatException extends IllegalArgumentException {
        final String column;
        final String sqlState;
        final String hint;

        ValueFormatException(String column, String message) {
            this(column, message, "22007", "fix the value, or the field's date format");
        }

        ValueFormatException(String column, String message, String sqlState, String hint) {
            super(message);
            this.column = column;
            this.sqlState = sqlState;
            this.hint = hint;
        }
    }


    static RowMapping build(TargetTable table, TableLoad load, List<String> header, Consumer<String> notice)
            throws PlanProblem {
        List<ColumnSpec> specs = load.columns();
        String where = "table " + table.ref().display();
        List<TargetColumn> cols = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        List<String> consts = new ArrayList<>();
        List<Set<String>> nulls = new ArrayList<>();
        List<ColumnSpec> fieldOptions = new ArrayList<>();
        // per slot, the name of the field it reads (null for a constant or a computed column): WITH date format's key
        List<String> fieldNames = new ArrayList<>();
        int expected;
        if (!specs.isEmpty()) {
            for (ColumnSpec s : specs) {
                TargetColumn c = table.column(s.column()).orElseThrow(() -> new PlanProblem(where + " has no column \""
                        + s.column() + "\"; its columns are " + names(table.columns())));
                if (c.generated()) throw new PlanProblem(where + ": column \"" + c.name() + "\" is generated and cannot be loaded");
                cols.add(c);
                nulls.add(s.nullIf() == null ? null : Set.copyOf(s.nullIf()));
                fieldOptions.add(s);
                fieldNames.add(s.constant() != null || s.using() != null ? null : s.field() != null ? s.field() : s.column());
                if (s.constant() != null || s.using() != null) {
                    idx.add(-1);
                    consts.add(s.constant());
                } else if (s.position() != null) {
                    idx.add(s.position() - 1);
                    consts.add(null);
                } else {
                    idx.add(fieldByName(s, header));
                    consts.add(null);
                }
            }
            expected = header.isEmpty() ? -1 : header.size();
        } else if (!header.isEmpty()) {
            Set<String> used = new HashSet<>();
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i);
                var c = table.column(h.trim());
                if (c.isEmpty() || c.get().generated()) {
                    notice.accept("field '" + h + "' (position " + (i + 1) + ") matches no column of " + table.ref().display() + " and is ignored");
                    continue;
                }
                if (!used.add(c.get().name())) throw new PlanProblem("two header fields map to column \"" + c.get().name() + "\" of " + table.ref().display());
                cols.add(c.get());
                idx.add(i);
                consts.add(null);
                nulls.add(null);
                fieldNames.add(h);
            }
            if (cols.isEmpty()) {
                throw new PlanProblem("no header field matches a column of " + table.ref().display() + ": header " + header
                        + ", columns " + names(table.columns()) + "; map them with columns (or --columns)");
            }
            expected = header.size();
        } else {
            for (TargetColumn c : table.copyableColumns()) {
                cols.add(c);
                idx.add(cols.size() - 1);
                consts.add(null);
                nulls.add(null);
                fieldNames.add(c.name());
            }
            expected = cols.size();
        }
        Set<String> covered = cols.stream().map(TargetColumn::name).collect(Collectors.toSet());
        for (TargetColumn c : table.columns()) {
            if (c.notNull() && !c.hasDefault() && !c.generated() && !covered.contains(c.name())) {
                throw new PlanProblem("column \"" + c.name() + "\" of " + table.ref().display()
                        + " is NOT NULL without a default, but no field feeds it: add it to the mapping");
            }
        }
        Computed[] computed = new Computed[cols.size()];
        for (int j = 0; j < fieldOptions.size(); j++) {
            ColumnSpec s = fieldOptions.get(j);
            if (s.using() == null) continue;
            UsingExpression e = UsingExpression.parse(s.using());
            int[] slots = new int[e.fields().size()];
            for (int k = 0; k < slots.length; k++) {
                String name = e.fields().get(k);
                ColumnSpec input = load.fields().stream().filter(f -> f.column().equalsIgnoreCase(name)).findFirst()
                        .orElse(null);
                if (input == null) {
                    int i = indexOf(header, name);
                    if (i < 0) {
                        throw new PlanProblem("column \"" + s.column() + "\": the using expression " + e.text() + " reads the field '"
                                + name + "', which is " + (header.isEmpty() ? "not among the table's named fields" : "neither a named field nor in the header " + header)
                                + ": add it to the table's fields");
                    }
                    input = ColumnSpec.byPosition(name, i + 1);
                }
                slots[k] = idx.size();
                nulls.add(input.nullIf() == null ? null : Set.copyOf(input.nullIf()));
                fieldOptions.add(input);
                fieldNames.add(input.column());
                idx.add(input.position() != null ? input.position() - 1 : fieldByName(input, header));
            }
            computed[j] = new Computed(e, slots);
        }
        int slotCount = idx.size();
        boolean[] blanks = new boolean[slotCount];
        FixedField.Trim[] trims = new FixedField.Trim[slotCount];
        PgloaderDateFormat[] formats = new PgloaderDateFormat[slotCount];
        java.util.Arrays.fill(trims, FixedField.Trim.NONE);
        for (int j = 0; j < fieldOptions.size(); j++) {
            blanks[j] = fieldOptions.get(j).nullIfBlanks();
            trims[j] = fieldOptions.get(j).trim();
            String f = fieldOptions.get(j).dateFormat();
            formats[j] = f == null ? null : PgloaderDateFormat.compile(f);
        }
        if (load.dateFormat() != null) {
            // pgloader's WITH date format (reference §3.4): every field named like a date/time column, unless it has its own
            PgloaderDateFormat global = PgloaderDateFormat.compile(load.dateFormat());
            for (int j = 0; j < slotCount; j++) {
                String name = fieldNames.get(j);
                if (formats[j] != null || name == null) continue;
                for (TargetColumn c : table.columns()) {
                    if (c.name().equalsIgnoreCase(name.trim()) && isDateOrTime(c)) formats[j] = global;
                }
            }
        }
        boolean any = java.util.Arrays.stream(computed).anyMatch(java.util.Objects::nonNull);
        return new RowMapping(List.copyOf(cols), idx.stream().mapToInt(Integer::intValue).toArray(),
                consts.toArray(new String[0]), nulls, expected, blanks, trims, formats, any ? computed : null);
    }

    /** date, time, timetz, timestamp, timestamptz (or a domain over one): the types WITH date format reads fields for. */
    private static boolean isDateOrTime(TargetColumn c) {
        int t = c.baseTypeOid();
        return t == 1082 || t == 1083 || t == 1266 || t == 1114 || t == 1184;
    }

    private static int fieldByName(ColumnSpec s, List<String> header) throws PlanProblem {
        String f = s.field() != null ? s.field() : s.column();
        int i = indexOf(header, f);
        if (i < 0) {
            throw new PlanProblem(header.isEmpty()
                    ? "column \"" + s.column() + "\" maps field '" + f + "' by name, but the file has no header: use position, or --header"
                    : "column \"" + s.column() + "\" maps field '" + f + "', which is not in the header " + header);
        }
        return i;
    }

    /**
     * This file's mapping with its columns in the order {@code order}, the COPY column list an earlier file of the
     * table fixed (its batches, COPY statements and reject entries name those columns): with several files, each
     * file's header maps its own fields by name (reference §4.4), so the same columns may come in another order.
     *
     * @throws PlanProblem when this file does not feed exactly those columns, naming the difference
     */
    RowMapping inOrderOf(List<TargetColumn> order, String file, String firstFile) throws PlanProblem {
        if (order.equals(columns)) return this;
        List<String> missing = order.stream().filter(c -> !columns.contains(c)).map(TargetColumn::name).toList();
        List<String> extra = columns.stream().filter(c -> !order.contains(c)).map(TargetColumn::name).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new PlanProblem("the header of " + file + " does not feed the columns the header of " + firstFile + " does"
                    + (missing.isEmpty() ? "" : ": it has no field for " + missing)
                    + (extra.isEmpty() ? "" : (missing.isEmpty() ? ": " : "; ") + "it also feeds " + extra)
                    + "; a table's files load the same columns: load them separately");
        }
        int n = columns.size();
        int[] idx = fieldIndex.clone();
        String[] consts = constants.clone();
        List<Set<String>> nulls = new ArrayList<>(nullIf);
        boolean[] blanks = nullIfBlanks.clone();
        FixedField.Trim[] tr = trims.clone();
        PgloaderDateFormat[] df = dateFormats.clone();
        Computed[] comp = computed == null ? null : new Computed[n];
        for (int j = 0; j < n; j++) {
            int k = columns.indexOf(order.get(j));
            idx[j] = fieldIndex[k];
            consts[j] = constants[k];
            nulls.set(j, nullIf.get(k));
            blanks[j] = nullIfBlanks[k];
            tr[j] = trims[k];
            df[j] = dateFormats[k];
            if (comp != null) comp[j] = computed[k]; // its slots come after the columns, where they stay
        }
        return new RowMapping(List.copyOf(order), idx, consts, nulls, expectedFields, blanks, tr, df, comp);
    }

    /** The column fed by the record's field {@code field} (0-based), or null when none is. */
    String columnOfField(int field) {
        for (int j = 0; j < columns.size(); j++) if (fieldIndex[j] == field) return columns.get(j).name();
        return null;
    }

    private static int indexOf(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).equals(name)) return i;
        for (int i = 0; i < header.size(); i++) if (header.get(i).trim().equalsIgnoreCase(name)) return i;
        return -1;
    }

    private static String names(List<TargetColumn> cols) {
        return cols.stream().map(TargetColumn::name).collect(Collectors.joining(", "));
    }

    /** Fills {@code values} (one per column) from a record's fields, constants and NULL markers. */
    void project(String[] fields, int size, CharSequence[] values) {
        for (int j = 0; j < values.length; j++) {
            int fi = fieldIndex[j];
            values[j] = nullIf(j, fi < 0 ? constants[j] : fi < size ? fields[fi] : null);
        }
        if (computed != null) compute(values, slot -> fieldIndex[slot] < size ? fields[fieldIndex[slot]] : null);
    }

    /** Slot values a computation reads: the raw field behind each slot, before its cleaning rules. */
    private interface RawSlot {
        CharSequence get(int slot);
    }

    /** The {@code using} columns, from their fields cleaned as any column's (NULL markers, blanks, trim, date format). */
    private void compute(CharSequence[] values, RawSlot raw) {
        for (int j = 0; j < values.length; j++) {
            Computed c = computed[j];
            if (c == null) continue;
            CharSequence[] in = new CharSequence[c.slots().length];
            String name = columns.get(j).name();
            for (int k = 0; k < in.length; k++) {
                try {
                    in[k] = nullIf(c.slots()[k], raw.get(c.slots()[k]));
                } catch (ValueFormatException bad) {
                    throw new ValueFormatException(name, "column " + name + ", field " + c.expression().fields().get(k) + ": " + bad.getMessage());
                }
            }
            try {
                values[j] = c.expression().evaluate(in);
            } catch (TransformException bad) {
                throw new ValueFormatException(name, "column " + name + ": " + bad.getMessage(), "22023",
                        "fix the value, or the column's using expression");
            }
        }
    }

    /**
     * The same from a parsed block's UTF-8 windows: field values become {@code slices[j]} (one reusable
     * slice per column), so a row costs no String. A database's typed value goes to {@code typed[j]} (its
     * {@code values[j]} is null); every other {@code typed[j]} is null.
     */
    void project(RecordPump.Block block, int k, Utf8Slice[] slices, CharSequence[] values, Object[] typed) {
        int first = block.firstValue[k];
        int size = block.sizes[k];
        byte[] buf = block.values.buf;
        for (int j = 0; j < values.length; j++) {
            int fi = fieldIndex[j];
            CharSequence v;
            Object t = null;
            if (fi < 0) v = constants[j];
            else if (fi >= size) v = null;
            else {
                int len = block.valueLength[first + fi];
                if (len == RecordPump.Block.TYPED) {
                    v = null;
                    t = block.typed[first + fi];
                } else {
                    v = len < 0 ? null : slices[j].set(buf, block.valueStart[first + fi], len);
                }
            }
            values[j] = nullIf(j, v);
            typed[j] = t;
        }
        if (computed != null) {
            compute(values, slot -> {
                int fi = fieldIndex[slot];
                if (fi >= size) return null;
                int len = block.valueLength[first + fi];
                if (len == RecordPump.Block.TYPED) {
                    Object t = block.typed[first + fi];
                    return t == null ? null : t.toString();
                }
                return len < 0 ? null : new String(buf, block.valueStart[first + fi], len, java.nio.charset.StandardCharsets.UTF_8);
            });
        }
    }

    /**
     * NULL markers, then pgloader's per-field options (reference §3.3 step 4): null if blanks, then trimming, then the
     * date format. @throws ValueFormatException when the date format cannot read the value
     */
    private CharSequence nullIf(int column, CharSequence v) {
        if (v == null) return null;
        Set<String> nulls = nullIf.get(column);
        if (nulls != null && nulls.contains(v.toString())) return null;
        FixedField.Trim trim = trims[column];
        PgloaderDateFormat format = dateFormats[column];
        if (!nullIfBlanks[column] && trim == FixedField.Trim.NONE && format == null) return v;
        if (nullIfBlanks[column] && FixedField.blank(v)) return null;
        CharSequence out = trim.apply(v);
        if (format == null) return out;
        try {
            return format.apply(out.toString());
        } catch (IllegalArgumentException bad) {
            if (column >= columns.size()) throw new ValueFormatException(null, bad.getMessage());
            String name = columns.get(column).name();
            throw new ValueFormatException(name, "column " + name + ": " + bad.getMessage());
        }
    }

    String copySql(TargetTable table, boolean binary) {
        String list = columns.stream().map(c -> TableRef.quote(c.name())).collect(Collectors.joining(", "));
        return "COPY " + table.ref().sql() + " (" + list + ") FROM STDIN" + (binary ? " (FORMAT binary)" : "");
    }
}
