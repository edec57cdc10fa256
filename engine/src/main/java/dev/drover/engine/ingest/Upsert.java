package dev.drover.engine.ingest;

/** How rows reach a table: pg-bulk-ingest's {@code Upsert}, with the same wire strings. */
public enum Upsert implements Wire {
    /** Always COPY straight into the table; a key collision fails the batch. */
    OFF("__OFF__"),
    /** Upsert on the primary key when the {@link TableSpec} has one, else plain COPY. */
    IF_PRIMARY_KEY("__IF_PRIMARY_KEY__");

    private final String wire;

    Upsert(String wire) { this.wire = wire; }

    /** The string schedulers, plans and command lines use. */
    @Override
    public String wire() { return wire; }

    public static Upsert fromWire(String s) {
        return Wire.parse(Upsert.class, "upsert mode", s);
    }
}
