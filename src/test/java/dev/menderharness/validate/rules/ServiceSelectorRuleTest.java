package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSelectorRuleTest {
    private final ServiceSelectorRule rule = new ServiceSelectorRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Service/mender-useradm");
            assertThat(x.message()).contains("matches the pod template labels of no workload");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("service-selector"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
