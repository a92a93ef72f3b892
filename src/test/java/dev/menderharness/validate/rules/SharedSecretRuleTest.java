package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedSecretRuleTest {
    private final SharedSecretRule rule = new SharedSecretRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-deployments");
            assertThat(x.message()).contains("DEPLOYMENTS_PRESIGN_SECRET is not set");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-deployments");
            assertThat(x.message()).contains("DEPLOYMENTS_PRESIGN_SECRET is empty");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("shared-secret"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
