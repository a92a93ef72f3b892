package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmRunningStackTest {

    @Test
    void onlyServicesWithADifferentOrNewSpecCountAsChanged() {
        Map<String, String> before = Map.of("gateway", "{\"a\":1}", "mongo", "{\"b\":2}");
        Map<String, String> after = new java.util.TreeMap<>(Map.of("gateway", "{\"a\":2}", "mongo", "{\"b\":2}", "nats", "{}"));
        assertThat(SwarmRunningStack.changedSpecs(before, after)).containsExactly("gateway", "nats");
        assertThat(SwarmRunningStack.changedSpecs(after, after)).isEmpty();
    }
}
