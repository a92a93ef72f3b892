package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void whatIsLeftShrinksButAWaitAfterTheLimitStillAsksOnce() {
        Deadline d = Deadline.of(Stopwatch.start(), Duration.ofMillis(150));
        assertThat(d.left()).isGreaterThan(Duration.ofMillis(50)).isLessThanOrEqualTo(Duration.ofMillis(150));
        assertThat(d.passed()).isFalse();
        Waits.pause(Duration.ofMillis(200));
        assertThat(d.passed()).isTrue();
        assertThat(d.left()).isEqualTo(Duration.ofMillis(1));
        int[] asked = {0};
        assertThat(Waits.atMost(d.left()).within(() -> ++asked[0] > 0)).isTrue();
        assertThat(asked[0]).isEqualTo(1);
    }
}
