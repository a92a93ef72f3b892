package dev.menderharness.it;

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

/** Gateway redirects, routing (judged by who answered) and upstream resilience on the deployed stack. */
@MenderClusterTest
@Tag(Tags.GATEWAY)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

    @Test
    @Order(1)
    void plainHttpIsRedirectedToThePublishedHttpsPort(CheckRunner checks) {
        checks.run(new GatewayRedirectCheck());
    }

    @Test
    @Order(2)
    void eachApiPrefixIsAnsweredByItsService(CheckRunner checks) {
        checks.run(new GatewayRoutingCheck());
    }

    /**
     * Last: it scales a backend away and restarts the gateway (and restores both). Records its numbers
     * in gateway-resilience.json (key gateway.upstream-resilience).
     */
    @Test
    @Order(3)
    void gatewaySurvivesAMissingBackendAndRecovers(CheckRunner checks) {
        checks.run(new UpstreamResilienceCheck());
    }
}
