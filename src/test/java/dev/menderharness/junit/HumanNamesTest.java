package dev.menderharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanNamesTest {

    @Test
    void camelCaseBecomesWords() {
        assertThat(HumanNames.words("killedReplicaIsReplacedWithin30s")).isEqualTo("killed replica is replaced within 30s");
        assertThat(HumanNames.words("DnsResolutionCheck")).isEqualTo("dns resolution check");
        assertThat(HumanNames.words("everyMenderHealthEndpointAnswers204FromTheStackNetwork"))
                .isEqualTo("every mender health endpoint answers 204 from the stack network");
        assertThat(HumanNames.words("s3OutageTurnsHealthTo503")).isEqualTo("s3 outage turns health to 503");
    }

    @Test
    void suitesAreNamedByArea() {
        assertThat(new HumanNames().generateDisplayNameForClass(GatewayIT.class)).isEqualTo("Gateway");
    }

    static final class GatewayIT {
    }

    @Test
    void epicComesFromTheAreaTag() {
        assertThat(ReportLabels.epic(java.util.List.of("cluster", Tags.GATEWAY))).contains("Gateway: redirects and routing");
        assertThat(ReportLabels.epic(java.util.List.of("cluster"))).isEmpty();
    }

    @Test
    void featureComesFromANamedCheckClassOnly() {
        Runnable lambda = () -> { };
        Runnable anonymous = new Runnable() {
            @Override
            public void run() {
            }
        };
        assertThat(ReportLabels.feature(dev.menderharness.checks.dns.DnsResolutionCheck.class)).contains("dns resolution check");
        assertThat(ReportLabels.feature(lambda.getClass())).as("a lambda's generated class").isEmpty();
        assertThat(ReportLabels.feature(anonymous.getClass())).as("an anonymous class").isEmpty();
    }
}
