package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNameRuleTest {
    private final DnsNameRule rule = new DnsNameRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Service/Mender_Useradm");
            assertThat(x.message()).contains("is not a DNS-1035 label");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-useradm");
            assertThat(x.message()).contains("container name 'Main'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-useradm");
            assertThat(x.message()).contains("port name 'http-port-too-long-name'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender_gui");
            assertThat(x.message()).contains("service name 'mender_gui'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender_gui");
            assertThat(x.message()).contains("alias 'gui_alias.docker.mender.io'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("dns-name"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
