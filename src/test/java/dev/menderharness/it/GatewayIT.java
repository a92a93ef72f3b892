package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menderharness.checks.Benchmarks;
import dev.menderharness.checks.gateway.GatewayRedirectCheck;
import dev.menderharness.checks.gateway.GatewayRoutingCheck;
import dev.menderharness.checks.gateway.UpstreamResilienceCheck;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.junit.MenderClusterTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Gateway redirects, routing and upstream resilience on the deployed stack (issue 5, parts 2-4). */
@MenderClusterTest
@Tag("gateway")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

    @Test
    @Order(1)
    void plainHttpIsRedirectedToThePublishedHttpsPort(RunningStack stack) {
        GatewayRedirectCheck.Measurements m = new GatewayRedirectCheck().run(stack);
        assertThat(m.answers()).isNotEmpty();
    }

    @Test
    @Order(2)
    void eachApiPrefixReachesItsService(RunningStack stack) {
        GatewayRoutingCheck.Measurements m = new GatewayRoutingCheck().run(stack);
        assertThat(m.deviceId()).isNotBlank();
    }

    /** Last: it scales a backend away and restarts the gateway (and restores both). */
    @Test
    @Order(3)
    void gatewaySurvivesAMissingBackendAndRecovers(RunningStack stack) {
        UpstreamResilienceCheck.Measurements m = new UpstreamResilienceCheck().run(stack);
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("backend", m.backend());
        json.put("gatewayUpAfterRestartMs", m.gatewayUpAfterRestart().toMillis());
        json.put("slowestErrorAnswerMs", m.slowestErrorAnswer().toMillis());
        json.put("errorStatuses", m.errorStatuses().toString());
        json.put("recoveryAfterScaleUpMs", m.recoveryAfterScaleUp().toMillis());
        json.put("backendNameResolvedWhileRemoved", m.nameResolvedWhileRemoved());
        Benchmarks.write("gateway-resilience", json.toPrettyString());
    }
}
