package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.support.Reporter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSecurityTest {

    private static final RuntimeException REFUSED = new RuntimeException(
            "Status 500: failed to create shim task: OCI runtime create failed: unable to apply caps: operation not permitted");

    @Test
    void privilegedFirstThenTheRecipeWhenTheEngineRefuses() {
        List<NodeSecurity> tried = new ArrayList<>();
        NodeSecurity used = NodeSecurity.withFallback(Reporter.console(), sec -> {
            tried.add(sec);
            if (sec == NodeSecurity.PRIVILEGED) throw REFUSED;
            return sec;
        });
        assertThat(tried).containsExactly(NodeSecurity.PRIVILEGED, NodeSecurity.CAPABILITY_RECIPE);
        assertThat(used).isEqualTo(NodeSecurity.CAPABILITY_RECIPE);
    }

    @Test
    void aLearnedRecipeIsUsedStraightAway() {
        List<NodeSecurity> tried = new ArrayList<>();
        NodeSecurity.withFallback(Reporter.console(), NodeSecurity.CAPABILITY_RECIPE, sec -> tried.add(sec));
        assertThat(tried).containsExactly(NodeSecurity.CAPABILITY_RECIPE);
    }

    @Test
    void otherStartFailuresAreNotRetried() {
        List<NodeSecurity> tried = new ArrayList<>();
        assertThatThrownBy(() -> NodeSecurity.withFallback(Reporter.console(), sec -> {
            tried.add(sec);
            throw new IllegalStateException("node manager exited (code 1): no space left on device");
        })).hasMessageContaining("no space left");
        assertThat(tried).containsExactly(NodeSecurity.PRIVILEGED);
    }
}
