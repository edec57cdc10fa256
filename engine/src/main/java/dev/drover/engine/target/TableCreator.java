package dev.drover.engine.target;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** DDL for a table Drover creates from a file: no indexes, so the load runs at full speed. */
public final class TableCreator {
    private TableCreator() {}

    /**
     * Column names from header names: lower case, runs of other characters become {@code _},
     * duplicates get a suffix; no header gives {@code c1..cN}.
     */
    public static List<String> columnNames(List<String> header, int fieldCount) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fieldCount; i++) {
            String raw = i < header.size() && header.get(i) != null ? header.get(i) : "";
            String n = raw.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_]+", "_").replaceAll("^_+|_+$", "");
            if (n.isEmpty()) n = "c" + (i + 1);
            if (n.length() > 63) n = n.substring(0, 63);
            String unique = n;
            for (int k = 2; !seen.add(unique); k++) unique = n + "_" + k;
            names.add(unique);
        }
        return names;
    }

    public static String createTable(TableRef table, List<String> names, List<String> types) {
        StringBuilder s = new StringBuilder("CREATE TABLE ").append(table.sql()).append(" (");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) s.append(", ");
            s.append(TableRef.quote(names.get(i))).append(' ').append(types.get(i));
        }
        return s.append(')').toString();
    }
}
