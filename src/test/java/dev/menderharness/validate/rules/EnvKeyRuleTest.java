package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvKeyRuleTest {
    private final EnvKeyRule rule = new EnvKeyRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-deviceconnect");
            assertThat(x.message()).contains("DEVICECONNECT_NATS_URL is not read by deviceconnect; did you mean DEVICECONNECT_NATS_URI?");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-workflows-worker");
            assertThat(x.message()).contains("WOKRFLOWS_NATS_URI is not read by workflows_worker; did you mean WORKFLOWS_NATS_URI?");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("env-key"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
