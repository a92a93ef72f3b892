package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import dev.menderharness.validate.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedSecretRuleTest {
    private final SharedSecretRule rule = new SharedSecretRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        // One Swarm replica: it works until someone scales or it restarts (warning).
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-deployments");
            assertThat(x.message()).contains("DEPLOYMENTS_PRESIGN_SECRET is not set (replicas: 1)");
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.line()).isPositive();
        });
        // Three replicas with an empty value: links already break (error).
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-deployments");
            assertThat(x.message()).contains("DEPLOYMENTS_PRESIGN_SECRET is empty (replicas: 3)");
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.line()).isPositive();
        });
        // An autoscaler that may add replicas counts as more than one.
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-deployments-autoscaled");
            assertThat(x.message()).contains("replicas: 4 (autoscaler maximum)");
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("shared-secret"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
