package dev.drover.app;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs the wizard's slow work (connection tests, checks, writing the sample, starting the embedded PostgreSQL) off
 * the FX thread and hands the result back on it. The work is plain Java from the view-models; an exception it
 * throws reaches {@code failed} instead of vanishing.
 */
public final class Background implements AutoCloseable {
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "drover-wizard-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code work} in the background; {@code done} or {@code failed} then runs on the FX thread. */
    public <T> void run(Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        pool.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> done.accept(result));
            } catch (Throwable e) {
                Platform.runLater(() -> failed.accept(e));
            }
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
