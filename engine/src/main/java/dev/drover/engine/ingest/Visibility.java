package dev.drover.engine.ingest;

/**
 * When loaded rows become visible to other sessions. pg-bulk-ingest knows only one value and so does this
 * slice; the enum exists so that the wire string is accepted where schedulers pass it.
 */
public enum Visibility {
    /** Each batch, across all its tables, is one transaction: readers see all of it or none of it. */
    AFTER_EACH_BATCH("__AFTER_EACH_BATCH__");

    private final String wire;

    Visibility(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Visibility fromWire(String s) {
        for (Visibility v : values()) if (v.wire.equals(s) || v.name().equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("unknown visibility " + s + " (expected __AFTER_EACH_BATCH__)");
    }
}
