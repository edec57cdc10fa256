package dev.drover.engine.run;

/** Receives {@link RunEvent}s. */
@FunctionalInterface
public interface RunListener {
    RunListener NONE = e -> { };

    void on(RunEvent event);
}
