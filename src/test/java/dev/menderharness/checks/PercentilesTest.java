package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static List<Duration> millis(int... ms) {
        return IntStream.of(ms).mapToObj(Duration::ofMillis).toList();
    }

    @Test
    void nearestRankOnOneToHundred() {
        List<Duration> samples = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList());
        Collections.shuffle(samples);
        Percentiles p = new Percentiles(samples);
        assertThat(p.percentile(50)).isEqualTo(Duration.ofMillis(50));
        assertThat(p.percentile(95)).isEqualTo(Duration.ofMillis(95));
        assertThat(p.max()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.count()).isEqualTo(100);
    }

    @Test
    void smallSamplesReportMeasuredValuesOnly() {
        Percentiles p = new Percentiles(millis(30, 10, 20));
        assertThat(p.percentile(50)).isEqualTo(Duration.ofMillis(20));
        assertThat(p.percentile(95)).isEqualTo(Duration.ofMillis(30));
        assertThat(new Percentiles(millis(7)).percentile(1)).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void oneSlowOutlierShowsInP95NotP50() {
        Percentiles p = new Percentiles(millis(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1500));
        assertThat(p.percentile(50)).isEqualTo(Duration.ofMillis(5));
        assertThat(p.percentile(95)).isEqualTo(Duration.ofMillis(5));
        assertThat(p.max()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Percentiles(List.of()).percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Percentiles(millis(1)).percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(millis(1)).percentile(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
