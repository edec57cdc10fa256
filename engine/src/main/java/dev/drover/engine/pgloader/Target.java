package dev.drover.engine.pgloader;

/**
 * The {@code INTO} connection string as written, the table named in it ({@code ?schema.table} or
 * {@code ?tablename=...}, null if none) and {@code TARGET TABLE} (null if absent). Table names keep their quotes.
 */
public record Target(String url, String uriTable, String targetTable, Position position) {
    /** The table a file command loads: TARGET TABLE wins over the URI's. */
    public String table() {
        return targetTable != null ? targetTable : uriTable;
    }
}
