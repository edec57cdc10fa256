package dev.drover.engine.ingest;

/** How rows reach a table: pg-bulk-ingest's {@code Upsert}, with the same wire strings. */
public enum Upsert {
    /** Always COPY straight into the table; a key collision fails the batch. */
    OFF("__OFF__"),
    /** Upsert on the primary key when the {@link TableSpec} has one, else plain COPY. */
    IF_PRIMARY_KEY("__IF_PRIMARY_KEY__");

    private final String wire;

    Upsert(String wire) { this.wire = wire; }

    /** The string schedulers, plans and command lines use. */
    public String wire() { return wire; }

    public static Upsert fromWire(String s) {
        for (Upsert u : values()) if (u.wire.equals(s) || u.name().equalsIgnoreCase(s)) return u;
        throw new IllegalArgumentException("unknown upsert mode " + s + " (expected __OFF__ or __IF_PRIMARY_KEY__)");
    }
}
