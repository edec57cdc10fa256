package dev.drover.engine.pgloader;

import java.util.List;

/** {@code ALTER TABLE NAMES MATCHING patterns [IN SCHEMA 's'] action}. */
public record AlterTable(List<NamePattern> patterns, String schema, Action action, Position position) {
    public AlterTable {
        patterns = List.copyOf(patterns);
    }

    public sealed interface Action {}

    public record SetSchema(String schema) implements Action {}

    public record RenameTo(String name) implements Action {}

    /** {@code SET (k = 'v', ...)}: storage parameters for CREATE TABLE ... WITH. */
    public record SetStorage(List<SetParameter> parameters) implements Action {
        public SetStorage {
            parameters = List.copyOf(parameters);
        }
    }

    public record SetTablespace(String tablespace) implements Action {}
}
