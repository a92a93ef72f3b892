package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthPathRuleTest {
    private final HealthPathRule rule = new HealthPathRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-device-auth");
            assertThat(x.message()).contains("did you mean /api/internal/v1/devauth/health?");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("health-path"));
    }

    @Test
    void violationsSwarmAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad-swarm");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-workflows-server");
            assertThat(x.message()).contains("/health is not a health path");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("health-path"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

    @Test
    void cleanSwarmManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good-swarm")).isEmpty();
    }

}
