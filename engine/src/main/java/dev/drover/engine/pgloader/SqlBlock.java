package dev.drover.engine.pgloader;

import java.util.List;

/**
 * {@code BEFORE LOAD}, {@code AFTER LOAD} or {@code AFTER CREATE SCHEMA}: its items in order (pgloader runs the
 * block in one transaction, so the order of {@code DO} and {@code EXECUTE} items matters).
 */
public record SqlBlock(List<Item> items, Position position) {
    public SqlBlock {
        items = List.copyOf(items);
    }

    public sealed interface Item {
        Position position();
    }

    /** One {@code $$ ... $$} body, sent as one query string (it may hold several statements). */
    public record Sql(String sql, Position position) implements Item {}

    /** {@code EXECUTE 'file.sql'}: a script to read, relative to the command file. */
    public record ExecuteFile(String path, Position position) implements Item {}

    /** The {@code $$} bodies in order. */
    public List<String> statements() {
        return items.stream().filter(Sql.class::isInstance).map(i -> ((Sql) i).sql()).toList();
    }

    /** The {@code EXECUTE} files in order. */
    public List<String> files() {
        return items.stream().filter(ExecuteFile.class::isInstance).map(i -> ((ExecuteFile) i).path()).toList();
    }
}
