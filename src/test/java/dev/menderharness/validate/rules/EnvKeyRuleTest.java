package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import dev.menderharness.validate.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvKeyRuleTest {
    private final EnvKeyRule rule = new EnvKeyRule();

    private static Finding about(List<Finding> f, String key) {
        return f.stream().filter(x -> x.message().startsWith("env key " + key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no finding about " + key + " in " + f));
    }

    @Test
    void aLikelyMisspellingOfAnUnsetKeyIsAnError() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        Finding typo = about(f, "DEVICECONNECT_MONGO_DBNAM");
        assertThat(typo.severity()).isEqualTo(Severity.ERROR);
        assertThat(typo.resource()).isEqualTo("mender-deviceconnect");
        assertThat(typo.message()).contains("did you mean DEVICECONNECT_MONGO_DBNAME?");
        assertThat(typo.line()).isPositive();
        Finding worker = about(f, "WOKRFLOWS_NATS_URI");
        assertThat(worker.severity()).isEqualTo(Severity.ERROR);
        assertThat(worker.message()).contains("not read by workflows-worker (Mender v4.1.3); did you mean WORKFLOWS_NATS_URI?");
    }

    @Test
    void theOfficialComposeFilesIgnoredKeyWarnsWithTheRealOne() {
        Finding f = about(RuleTesting.findings(rule, "bad"), "DEVICECONNECT_NATS_URL");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.message()).contains("did you mean DEVICECONNECT_NATS_URI?");
    }

    @Test
    void unknownKeysWarnAndKnownHarmlessOnesAreInfo() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(about(f, "DEVICECONNECT_FANCY_FEATURE").severity()).isEqualTo(Severity.WARNING);
        Finding other = about(f, "USERADM_MONGO_HOST");
        assertThat(other.severity()).isEqualTo(Severity.WARNING);
        assertThat(other.message()).doesNotContain("did you mean");
        assertThat(about(f, "USERADM_TOTP_ISSUER").severity()).isEqualTo(Severity.INFO);
        assertThat(about(f, "USERADM_TENANTADM_ADDR").severity()).isEqualTo(Severity.INFO);
        assertThat(f).noneSatisfy(x -> assertThat(x.message()).contains("INVENTORY_ADDR ", "TZ"));
    }

    @Test
    void anIgnoredKeyWhoseRealKeyIsUnsetWarnsWithIt() {
        assertThat(EnvKeyRule.meant("iot-manager reads IOT_MANAGER_DEVICEAUTH_URL; chart value is ignored",
                java.util.Set.of("IOT_MANAGER_DEVICEAUTH_URL"), java.util.Set.of())).contains("IOT_MANAGER_DEVICEAUTH_URL");
        assertThat(EnvKeyRule.meant("iot-manager reads IOT_MANAGER_DEVICEAUTH_URL", java.util.Set.of("IOT_MANAGER_DEVICEAUTH_URL"),
                java.util.Set.of("IOT_MANAGER_DEVICEAUTH_URL"))).as("set too: nothing lost").isEmpty();
    }

    @Test
    void typosAreOneWordSlips() {
        assertThat(EnvKeyRule.oneWordTypo("DEVICECONNECT_NATS_URL", "DEVICECONNECT_NATS_URI")).isTrue();
        assertThat(EnvKeyRule.oneWordTypo("WOKRFLOWS_NATS_URI", "WORKFLOWS_NATS_URI")).isTrue();
        assertThat(EnvKeyRule.oneWordTypo("USERADM_MONGO_URL", "USERADM_MONGO_SSL")).isFalse();
        assertThat(EnvKeyRule.misspelled("DEPLOYMENTS_MONGO", java.util.Set.of("DEPLOYMENTS_MONGO_URL", "DEPLOYMENTS_MONGO_SSL"),
                java.util.Set.of())).isEmpty();
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }
}
