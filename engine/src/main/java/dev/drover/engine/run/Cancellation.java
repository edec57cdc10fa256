package dev.drover.engine.run;

/**
 * Asks a running load to stop: readers stop reading, writers finish or roll back the batch in
 * hand, committed batches stay, and the report says what was loaded.
 */
public final class Cancellation {
    private volatile boolean requested;

    public void cancel() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
