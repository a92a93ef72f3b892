package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.LatencyPercentiles;
import dev.menderharness.checks.LoopResult;
import dev.menderharness.checks.scaling.ReplicaSpread;
import dev.menderharness.checks.scaling.ScaleOutCheck;
import dev.menderharness.junit.RequiresNodes;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster suites' guards, without a cluster: what a test does where its fault cannot show
 * (issue 16, items 3 and 4), and that every variant test asks for exactly one reason code.
 */
class VariantGuardsTest {

    private static ScaleOutCheck.Result passed(boolean virtualIp) {
        LoopResult none = new LoopResult(10, List.of(), LatencyPercentiles.of(List.of(1.0)), 1.0);
        return new ScaleOutCheck.Result("mender-inventory", 3, 2, List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"),
                new ReplicaSpread(Map.of("a", 10, "b", 10), 20, 20, 0), virtualIp, none, none);
    }

    /** Issue 16 item 4: on ClusterIP/VIP clusters the startup-resolved variant passes: abort with the reason, not fail. */
    @Test
    void aScalingVariantThatPassesBehindAVirtualIpIsAbortedWithTheReason() {
        assertThat(ScalingIT.verdictOnVariant(null, passed(true), "LOAD_NOT_SPREAD", "inventory"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("virtual IP", "LOAD_NOT_SPREAD"));
    }

    @Test
    void whereTheFaultCanShowAPassIsAFailureAndOnlyItsCodeCounts() {
        assertThatThrownBy(() -> ScalingIT.verdictOnVariant(null, passed(false), "LOAD_NOT_SPREAD", "inventory"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the check must fail on the variant");
        assertThat(ScalingIT.verdictOnVariant(new CheckFailure("LOAD_NOT_SPREAD", "one replica"), null, "LOAD_NOT_SPREAD", "inventory"))
                .isEmpty();
        assertThatThrownBy(() -> ScalingIT.verdictOnVariant(new CheckFailure(List.of("LOAD_NOT_SPREAD", "REQUESTS_FAILED"), "two"),
                null, "LOAD_NOT_SPREAD", "inventory")).isInstanceOf(AssertionError.class).hasMessageContaining("REQUESTS_FAILED");
        assertThatThrownBy(() -> VariantRun.onlyReason(new AssertionError("Expecting actual: mender-inventory"), "LOAD_NOT_SPREAD"))
                .isInstanceOf(AssertionError.class);
    }

    /** Issue 16 item 3: losing a node needs another node; on a single-node cluster the tests abort (RequiresNodes), not fail. */
    @Test
    void everyTestThatLosesANodeRequiresTwoNodes() throws Exception {
        for (String name : List.of("workerNodeLossIsRescheduledWithin90s", "nodeLossCheckFailsWhenAServiceIsPinnedToTheLostNode")) {
            Method m = List.of(RecoveryIT.class.getDeclaredMethods()).stream().filter(x -> x.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("RecoveryIT." + name + " is gone; update this test"));
            assertThat(m.getAnnotation(RequiresNodes.class)).as(name).isNotNull();
            assertThat(m.getAnnotation(RequiresNodes.class).value()).as(name).isGreaterThanOrEqualTo(2);
        }
    }
}
