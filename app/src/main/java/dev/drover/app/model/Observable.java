package dev.drover.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A value that tells its listeners when it changes: how the view-models publish their state without JavaFX, so a page
 * can bind a property to it later ({@code observable.observe(property::set)}) and tests can read it directly.
 *
 * <p>Setting an equal value notifies nobody, which also ends the loops of two models that mirror each other. Not
 * thread-safe: the wizard's models live on one thread (the FX application thread), the engine's events reach them
 * through the page's adapter.
 */
public final class Observable<T> {
    private T value;
    private final List<Consumer<? super T>> listeners = new ArrayList<>();
    private long version;

    public Observable(T initial) {
        this.value = initial;
    }

    public T get() {
        return value;
    }

    /** Replaces the value and tells every listener, in the order they subscribed; nothing happens for an equal value. */
    public void set(T next) {
        if (Objects.equals(next, value)) return;
        value = next;
        long mine = ++version;
        // a listener may unsubscribe (or subscribe another) while being told
        for (Consumer<? super T> l : List.copyOf(listeners)) {
            // a listener set a newer value: its own round has told everyone, the rest of this one would be stale
            if (version != mine) return;
            l.accept(next);
        }
    }

    /** Tells {@code listener} of every later change; close the subscription in the page's deactivate hook. */
    public Subscription subscribe(Consumer<? super T> listener) {
        Objects.requireNonNull(listener);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** As {@link #subscribe}, and hands the current value to {@code listener} at once (a binding's first sync). */
    public Subscription observe(Consumer<? super T> listener) {
        Subscription s = subscribe(listener);
        listener.accept(value);
        return s;
    }

    /** How many listeners are attached: lets a test prove that closing a model detaches it. */
    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }

    /** A listener's attachment; closing it twice is harmless. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
