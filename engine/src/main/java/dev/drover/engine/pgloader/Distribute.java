package dev.drover.engine.pgloader;

import java.util.List;

/**
 * {@code DISTRIBUTE table AS REFERENCE TABLE} ({@code column} null) or {@code DISTRIBUTE table USING column [FROM t, ...]}
 * (Citus targets). Names as written.
 */
public record Distribute(String table, String column, List<String> from, Position position) {
    public Distribute {
        from = List.copyOf(from);
    }

    public boolean reference() {
        return column == null;
    }
}
