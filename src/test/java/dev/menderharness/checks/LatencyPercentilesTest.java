package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyPercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        List<Double> v = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            v.add((double) i);
        }
        Collections.shuffle(v);
        LatencyPercentiles p = LatencyPercentiles.of(v);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p95()).isEqualTo(95.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
        assertThat(p.samples()).isEqualTo(100);
    }

    @Test
    void smallSamplesPickAnObservedValue() {
        LatencyPercentiles p = LatencyPercentiles.of(List.of(10.0, 30.0, 20.0));
        assertThat(p.p50()).isEqualTo(20.0);
        assertThat(p.p95()).isEqualTo(30.0);
        assertThat(p.p99()).isEqualTo(30.0);
    }

    @Test
    void oneSlowRequestShowsInP99NotP50() {
        List<Double> v = new ArrayList<>(Collections.nCopies(99, 5.0));
        v.add(900.0);
        LatencyPercentiles p = LatencyPercentiles.of(v);
        assertThat(p.p50()).isEqualTo(5.0);
        assertThat(p.p99()).isEqualTo(5.0);
        assertThat(p.max()).isEqualTo(900.0);
        v.add(900.0);
        assertThat(LatencyPercentiles.of(v).p99()).isEqualTo(900.0);
    }

    @Test
    void emptyIsNotZero() {
        LatencyPercentiles p = LatencyPercentiles.of(List.of());
        assertThat(p.samples()).isZero();
        assertThat(p.p50()).isNaN();
        assertThat(p.asMap().get("p50_ms")).isNull();
        assertThat(p.toString()).isEqualTo("no samples");
    }
}
