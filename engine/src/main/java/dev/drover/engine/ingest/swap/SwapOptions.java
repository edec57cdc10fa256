package dev.drover.engine.ingest.swap;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How hard {@link TableSwap} tries to get its locks.
 *
 * @param lockTimeout         {@code SET LOCAL lock_timeout} for one attempt: the longest time readers of the
 *                            table queue behind the swap's {@code ACCESS EXCLUSIVE} request (reference §7.1)
 * @param retryBudget         total time spent on attempts and backoff before giving up
 * @param initialBackoff      pause after the first failed attempt; doubled after each one, with jitter
 * @param maxBackoff          cap on one pause
 * @param terminateBlockersAfter null (the default): never terminate anyone. Otherwise, once this much time
 *                            has passed since the first attempt, every session found holding a lock the
 *                            swap needs is ended with {@code pg_terminate_backend} before the next attempt.
 *                            Needs superuser or {@code pg_signal_backend}.
 * @param onLockTimeout       called after each attempt that ran into the lock timeout (for logs and tests)
 */
public record SwapOptions(Duration lockTimeout, Duration retryBudget, Duration initialBackoff, Duration maxBackoff,
                          Duration terminateBlockersAfter, Consumer<TableSwap.LockTimeout> onLockTimeout) {

    /** 2 s per attempt, 10 minutes in all, backoff 0.5 s doubling to 30 s, never terminate. */
    public static final SwapOptions DEFAULTS = new SwapOptions(Duration.ofSeconds(2), Duration.ofMinutes(10),
            Duration.ofMillis(500), Duration.ofSeconds(30), null, t -> { });

    public SwapOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(retryBudget, "retryBudget");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(onLockTimeout, "onLockTimeout");
        if (lockTimeout.toMillis() < 1) throw new IllegalArgumentException("lockTimeout must be at least 1 ms (0 means wait forever in PostgreSQL)");
    }

    public SwapOptions withLockTimeout(Duration d) {
        return new SwapOptions(d, retryBudget, initialBackoff, maxBackoff, terminateBlockersAfter, onLockTimeout);
    }

    public SwapOptions withRetryBudget(Duration d) {
        return new SwapOptions(lockTimeout, d, initialBackoff, maxBackoff, terminateBlockersAfter, onLockTimeout);
    }

    public SwapOptions withBackoff(Duration initial, Duration max) {
        return new SwapOptions(lockTimeout, retryBudget, initial, max, terminateBlockersAfter, onLockTimeout);
    }

    /** Opt in to ending blocking sessions once {@code after} has passed; never the default. */
    public SwapOptions terminatingBlockersAfter(Duration after) {
        return new SwapOptions(lockTimeout, retryBudget, initialBackoff, maxBackoff, after, onLockTimeout);
    }

    public SwapOptions withOnLockTimeout(Consumer<TableSwap.LockTimeout> listener) {
        return new SwapOptions(lockTimeout, retryBudget, initialBackoff, maxBackoff, terminateBlockersAfter, listener);
    }
}
