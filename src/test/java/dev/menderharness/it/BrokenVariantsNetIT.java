package dev.menderharness.it;

import static dev.menderharness.it.VariantRun.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.menderharness.checks.dns.DnsResolutionCheck;
import dev.menderharness.checks.dns.ReplicaDnsCheck;
import dev.menderharness.checks.gateway.GatewayRedirectCheck;
import dev.menderharness.checks.gateway.GatewayRoutingCheck;
import dev.menderharness.checks.gateway.UpstreamResilienceCheck;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every DNS/gateway check fails on each deliberately broken variant of the manifests
 * (fixtures/broken/NAME/variant.yaml) with the one reason code its fault must produce and no other
 * (docs/check-variants.md maps every step to its variant). The reference is restored after each test.
 */
@MenderClusterTest
class BrokenVariantsNetIT {

    /**
     * Three applications in a row, one restore; in each, one fault for the redirect check and one for
     * the routing check (one gateway roll for both), each check naming its own fault only: the fixed
     * redirect port and the deployments prefix sent to inventory; "/" left to the GUI's own redirect
     * and inventory's prefix rewritten to a path inventory does not serve; the GUI gone and inventory's
     * prefix sent to the GUI's upstream (nothing that logs request ids answers).
     */
    @Test
    @Tag(Tags.GATEWAY)
    void redirectAndRoutingChecksEachNameTheirOwnGatewayFault(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.sequence(stack, List.of(
                VariantRun.Step.of(List.of("gateway-redirect-fixed-port", "gateway-deployments-routed-to-inventory"), () -> {
                    assertThat(failsWith("WRONG_REDIRECT", () -> checks.run(new GatewayRedirectCheck())))
                            .hasMessageContaining("wrong port (443)");
                    assertThat(failsWith("ROUTE_WRONG_SERVICE", () -> checks.run(new GatewayRoutingCheck())))
                            .hasMessageContaining("management route of deployments with a user token")
                            .hasMessageContaining("management download link of an unknown artifact")
                            .message().doesNotContain("management route of inventory with a user token",
                                    "management route of useradm with a user token", "management route of deviceauth with a user token");
                }),
                VariantRun.Step.of(List.of("gateway-ui-redirect-to-gui", "gateway-inventory-rewrite-wrong"), () -> {
                    failsWith("UI_REDIRECT_WRONG", () -> checks.run(new GatewayRedirectCheck()));
                    assertThat(failsWith("ROUTE_WRONG_STATUS", () -> checks.run(new GatewayRoutingCheck())))
                            .hasMessageContaining("management route of inventory with a user token");
                }),
                VariantRun.Step.of(List.of("gui-not-deployed", "gateway-inventory-routed-to-gui"), () -> {
                    failsWith("GUI_NOT_SERVED", () -> checks.run(new GatewayRedirectCheck()));
                    assertThat(failsWith("ROUTE_UNATTRIBUTED", () -> checks.run(new GatewayRoutingCheck())))
                            .hasMessageContaining("management route of inventory with a user token");
                })));
    }

    @Test
    @Tag(Tags.GATEWAY)
    void resilienceCheckFailsWhenTheGatewayResolvesUpstreamsOnlyAtStartup(RunningStack stack, CheckRunner checks) throws Exception {
        UpstreamResilienceCheck.Limits d = UpstreamResilienceCheck.Limits.DEFAULT;
        // The reference's gateway restarts with a backend missing in about 7-12 s (GatewayIT's step):
        // 20 s without a gateway is the variant's startup failure, not slowness.
        UpstreamResilienceCheck.Limits shorterStart = new UpstreamResilienceCheck.Limits(
                d.errorAnswer(), d.recovery(), Duration.ofSeconds(20), d.readyAgain());
        VariantRun.with(stack, "gateway-upstreams-resolved-at-startup", v -> {
            AtomicReference<UpstreamResilienceCheck.Measurements> measured = new AtomicReference<>();
            Throwable thrown = catchThrowable(() -> measured.set(
                    checks.run(new UpstreamResilienceCheck(MenderComponent.INVENTORY, shorterStart))));
            if (thrown == null && measured.get().nameResolvedWhileRemoved()) {
                Assumptions.abort("on this cluster a backend scaled to zero keeps its DNS name (Swarm VIP / Kubernetes "
                        + "ClusterIP), so even a gateway resolving names at startup restarts fine: the variant cannot "
                        + "break the check here (it does on dnsrr Swarm, where the name disappears)");
            }
            VariantRun.onlyReason(VariantRun.report(thrown), "GATEWAY_NOT_BACK");
        });
    }

    /**
     * Four applications in a row, one restore: the alias the env relies on removed (Swarm form only),
     * another service claiming inventory's name (Swarm form only; Swarm then also lists that
     * service's task under tasks.mender-inventory, which the replica-DNS check must name), a port
     * typo, and MinIO pinned to a node label no node has: resolve, lead to the right service,
     * connect, run the declared replicas.
     */
    @Test
    @Tag(Tags.DNS)
    void dnsChecksFailWithTheReasonOfEachBrokenStep(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.sequence(stack, List.of(
                VariantRun.Step.of("swarm-s3-alias-removed", () ->
                        assertThat(failsWith("NAME_NOT_RESOLVED", () -> checks.run(new DnsResolutionCheck())))
                                .hasMessageContaining("s3.docker.mender.io does not resolve")
                                .hasMessageContaining("DEPLOYMENTS_AWS_EXTERNAL_URI")),
                VariantRun.Step.of("swarm-useradm-claims-inventory-name", () -> {
                    assertThat(failsWith("NAME_LEADS_TO_OTHER_SERVICE", () -> checks.run(new DnsResolutionCheck())))
                            .hasMessageContaining("addresses of mender-useradm, not of mender-inventory");
                    assertThat(failsWith("REPLICA_DNS_MISMATCH", () -> checks.run(new ReplicaDnsCheck())))
                            .hasMessageContaining("replica DNS of mender-inventory returns 2 address(es)");
                }),
                VariantRun.Step.of("worker-inventory-port-wrong", () ->
                        assertThat(failsWith("NAME_NOT_CONNECTABLE", () -> checks.run(new DnsResolutionCheck())))
                                .hasMessageContaining(":8081 accepts no TCP connection")
                                .hasMessageContaining("INVENTORY_ADDR")),
                VariantRun.Step.of("minio-pinned-to-unlabelled-node", () ->
                        failsWith("REPLICAS_NOT_RUNNING", () -> checks.run(new ReplicaDnsCheck())))));
    }
}
