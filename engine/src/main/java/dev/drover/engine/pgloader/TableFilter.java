package dev.drover.engine.pgloader;

import java.util.List;

/**
 * {@code INCLUDING ONLY TABLE NAMES ...} or {@code EXCLUDING TABLE NAMES ...}: {@code like} for the LIKE form, the
 * patterns, and the {@code IN SCHEMA} name (null when absent).
 */
public record TableFilter(boolean like, List<NamePattern> patterns, String schema, Position position) {
    public TableFilter {
        patterns = List.copyOf(patterns);
    }
}
