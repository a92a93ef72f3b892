package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void returnsOnceTheProblemIsGoneAndPollsAtOnce() {
        AtomicInteger polls = new AtomicInteger();
        Waits.atMost(Duration.ofSeconds(5)).every(Duration.ofMillis(10))
                .until(() -> polls.incrementAndGet() < 3 ? "not yet (" + polls.get() + ")" : null, IllegalStateException::new);
        assertThat(polls.get()).isEqualTo(3);
    }

    @Test
    void aTimeoutThrowsTheCallersExceptionWithTheLastProblem() {
        AtomicInteger polls = new AtomicInteger();
        assertThatThrownBy(() -> Waits.atMost(Duration.ofMillis(200)).every(Duration.ofMillis(20))
                .until(() -> "still " + polls.incrementAndGet(), last -> new AssertionError("gave up: " + last)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("gave up: still " + polls.get());
    }

    @Test
    void anExceptionOfTheConditionEndsTheWaitAsItself() {
        IllegalArgumentException boom = new IllegalArgumentException("node exited");
        assertThatThrownBy(() -> Waits.atMost(Duration.ofSeconds(5)).until(() -> {
            throw boom;
        }, IllegalStateException::new)).isSameAs(boom);
    }

    @Test
    void aValueIsReturnedWhenPresent() {
        AtomicInteger polls = new AtomicInteger();
        String v = Waits.atMost(Duration.ofSeconds(5)).every(Duration.ofMillis(10))
                .until(() -> polls.incrementAndGet() == 2 ? Optional.of("ready") : Optional.empty(), () -> "empty",
                        IllegalStateException::new);
        assertThat(v).isEqualTo("ready");
    }

    @Test
    void withinTellsWhetherTheConditionHeldInTime() {
        assertThat(Waits.atMost(Duration.ofMillis(100)).every(Duration.ofMillis(10)).within(() -> false)).isFalse();
        assertThat(Waits.atMost(Duration.ofMillis(100)).within(() -> true)).isTrue();
    }
}
