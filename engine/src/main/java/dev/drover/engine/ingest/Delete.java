package dev.drover.engine.ingest;

/** What happens to rows already in the tables: pg-bulk-ingest's {@code Delete}, same wire strings. */
public enum Delete implements Wire {
    /** Existing rows stay. */
    OFF("__OFF__"),
    /**
     * Existing rows disappear when the first batch of the run commits (other sessions see them until then).
     * A run without batches deletes nothing.
     */
    BEFORE_FIRST_BATCH("__BEFORE_FIRST_BATCH__");

    private final String wire;

    Delete(String wire) { this.wire = wire; }

    @Override
    public String wire() { return wire; }

    public static Delete fromWire(String s) {
        return Wire.parse(Delete.class, "delete mode", s);
    }
}
