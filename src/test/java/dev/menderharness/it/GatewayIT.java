package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.gateway.GatewayRedirectCheck;
import dev.menderharness.checks.gateway.GatewayRoutingCheck;
import dev.menderharness.checks.gateway.UpstreamResilienceCheck;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Gateway redirects, routing and upstream resilience on the deployed stack (issue 5, parts 2-4). */
@MenderClusterTest
@Tag(Tags.GATEWAY)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

    @Test
    @Order(1)
    void plainHttpIsRedirectedToThePublishedHttpsPort(CheckRunner checks) {
        GatewayRedirectCheck.Measurements m = checks.run(new GatewayRedirectCheck());
        assertThat(m.answers()).isNotEmpty();
    }

    @Test
    @Order(2)
    void eachApiPrefixReachesItsService(CheckRunner checks) {
        GatewayRoutingCheck.Measurements m = checks.run(new GatewayRoutingCheck());
        assertThat(m.deviceId()).isNotBlank();
    }

    /**
     * Last: it scales a backend away and restarts the gateway (and restores both). Records its numbers
     * in gateway-resilience.json (key gateway.upstream-resilience).
     */
    @Test
    @Order(3)
    void gatewaySurvivesAMissingBackendAndRecovers(CheckRunner checks) {
        UpstreamResilienceCheck.Measurements m = checks.run(new UpstreamResilienceCheck());
        assertThat(m.recoveryAfterScaleUp()).isNotNull();
    }
}
