package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservableTest {
    @Test
    void tellsListenersOfChangesOnlyAndForgetsThemWhenClosed() {
        Observable<String> o = new Observable<>("a");
        List<String> seen = new ArrayList<>();
        Observable.Subscription s = o.observe(seen::add);
        o.set("a");
        o.set("b");
        s.close();
        o.set("c");
        assertThat(seen).containsExactly("a", "b");
        assertThat(o.listenerCount()).isZero();
    }

    @Test
    void aListenerThatSetsANewerValueEndsTheStaleRound() {
        Observable<Integer> o = new Observable<>(0);
        List<String> seen = new ArrayList<>();
        o.subscribe(v -> {
            seen.add("first " + v);
            if (v == 1) o.set(2);
        });
        o.subscribe(v -> seen.add("second " + v));
        o.set(1);
        assertThat(seen).containsExactly("first 1", "first 2", "second 2");
        assertThat(o.get()).isEqualTo(2);
    }
}
