package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPortRuleTest {
    private final TargetPortRule rule = new TargetPortRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Service/mender-useradm");
            assertThat(x.message()).contains("named port 'web'");
            assertThat(x.line()).isPositive();
        });
        // Kubernetes forwards a numeric targetPort whatever the pod declares: no finding.
        assertThat(f).noneSatisfy(x -> assertThat(x.resource()).isEqualTo("Service/mender-useradm-num"));
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("target-port"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
