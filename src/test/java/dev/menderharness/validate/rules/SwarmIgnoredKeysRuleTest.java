package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmIgnoredKeysRuleTest {
    private final SwarmIgnoredKeysRule rule = new SwarmIgnoredKeysRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-useradm");
            assertThat(x.message()).contains("'build' is ignored");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-useradm");
            assertThat(x.message()).contains("'restart' is ignored by docker stack deploy; use deploy.restart_policy");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-useradm");
            assertThat(x.message()).contains("'container_name'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-useradm");
            assertThat(x.message()).contains("'depends_on'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-mongo");
            assertThat(x.message()).contains("'privileged'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("swarm-ignored-keys"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }


    /** A Compose project runs as written under docker compose: what stack deploy ignores is only info there. */
    @Test
    void inAComposeProjectTheyAreInfo() {
        java.util.List<dev.menderharness.validate.Finding> f = RuleTesting.findings(rule, "compose");
        org.assertj.core.api.Assertions.assertThat(f).hasSize(2).allSatisfy(x -> {
            org.assertj.core.api.Assertions.assertThat(x.severity()).isEqualTo(dev.menderharness.validate.Severity.INFO);
            org.assertj.core.api.Assertions.assertThat(x.message()).contains("docker compose honours it");
        });
        org.assertj.core.api.Assertions.assertThat(RuleTesting.findings(rule, "bad"))
                .allSatisfy(x -> org.assertj.core.api.Assertions.assertThat(x.severity()).isEqualTo(dev.menderharness.validate.Severity.WARNING));
    }
}
