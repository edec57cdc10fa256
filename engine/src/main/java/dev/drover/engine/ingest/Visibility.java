package dev.drover.engine.ingest;

/**
 * When loaded rows become visible to other sessions. pg-bulk-ingest knows only one value and so does this
 * slice; the enum exists so that the wire string is accepted where schedulers pass it.
 */
public enum Visibility implements Wire {
    /** Each batch, across all its tables, is one transaction: readers see all of it or none of it. */
    AFTER_EACH_BATCH("__AFTER_EACH_BATCH__");

    private final String wire;

    Visibility(String wire) { this.wire = wire; }

    @Override
    public String wire() { return wire; }

    public static Visibility fromWire(String s) {
        return Wire.parse(Visibility.class, "visibility", s);
    }
}
