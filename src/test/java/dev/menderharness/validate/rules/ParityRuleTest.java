package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParityRuleTest {
    private final ParityRule rule = new ParityRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-useradm");
            assertThat(x.message()).contains("image differs: Kubernetes mendersoftware/useradm:v4.1.2 vs Swarm mendersoftware/useradm:v4.1.3");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-useradm");
            assertThat(x.message()).contains("env key USERADM_JWT_ISSUER is set in Swarm but not in Kubernetes");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-gui");
            assertThat(x.message()).contains("has no counterpart in stack.yml");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("parity"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
