package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.menderharness.checks.Roles;
import dev.menderharness.checks.dns.DnsResolutionCheck;
import dev.menderharness.checks.dns.ReplicaDnsCheck;
import dev.menderharness.checks.gateway.GatewayRedirectCheck;
import dev.menderharness.checks.gateway.GatewayRoutingCheck;
import dev.menderharness.checks.gateway.UpstreamResilienceCheck;
import dev.menderharness.cluster.ClusterKind;
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
 * Every DNS/gateway check fails on a deliberately broken variant of the manifests
 * (fixtures/broken/NAME/variant.yaml). One apply per variant; the reference is restored after each.
 */
@MenderClusterTest
class BrokenVariantsNetIT {

    /**
     * Two single-fault gateway variants in one application (one gateway roll instead of two): the
     * redirect check must name the fixed port and nothing about routes, the routing check must name
     * the misrouted deployments prefix and nothing about redirects.
     */
    @Test
    @Tag(Tags.GATEWAY)
    void redirectAndRoutingChecksEachNameTheirOwnGatewayFault(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.together(stack, List.of("gateway-redirect-fixed-port", "gateway-deployments-routed-to-inventory"), () -> {
            assertThat(VariantRun.failureOf(() -> checks.run(new GatewayRedirectCheck())))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("wrong port (443)")
                    .message().doesNotContain("deployments");
            assertThat(VariantRun.failureOf(() -> checks.run(new GatewayRoutingCheck())))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("management route of deployments with a user token")
                    // only the misrouted prefix is reported
                    .message().doesNotContain("management route of inventory with a user token",
                            "management route of useradm with a user token", "management route of deviceauth with a user token",
                            "redirect");
        });
    }

    @Test
    @Tag(Tags.GATEWAY)
    void resilienceCheckFailsWhenTheGatewayResolvesUpstreamsOnlyAtStartup(RunningStack stack, CheckRunner checks) throws Exception {
        UpstreamResilienceCheck.Limits d = UpstreamResilienceCheck.Limits.DEFAULT;
        UpstreamResilienceCheck.Limits shorterStart = new UpstreamResilienceCheck.Limits(
                d.errorAnswer(), d.recovery(), Duration.ofSeconds(30), d.readyAgain());
        VariantRun.with(stack, "gateway-upstreams-resolved-at-startup", v -> {
            AtomicReference<UpstreamResilienceCheck.Measurements> measured = new AtomicReference<>();
            Throwable thrown = catchThrowable(() -> measured.set(
                    checks.run(new UpstreamResilienceCheck(MenderComponent.INVENTORY, shorterStart))));
            if (thrown == null && measured.get().nameResolvedWhileRemoved()) {
                Assumptions.abort("on this cluster a backend scaled to zero keeps its DNS name (Swarm VIP / Kubernetes "
                        + "ClusterIP), so even a gateway resolving names at startup restarts fine: the variant cannot "
                        + "break the check here (it does on dnsrr Swarm, where the name disappears)");
            }
            assertThat(thrown).isInstanceOf(AssertionError.class).hasMessageContaining("cannot start with a backend missing");
        });
    }

    @Test
    @Tag(Tags.DNS)
    void dnsCheckFailsWhenAnAliasTheEnvReliesOnIsRemoved(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.with(stack, "swarm-s3-alias-removed", v ->
                assertThatThrownBy(() -> checks.run(new DnsResolutionCheck()))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("s3.docker.mender.io")
                        .hasMessageContaining("DEPLOYMENTS_AWS_EXTERNAL_URI"));
    }

    @Test
    @Tag(Tags.DNS)
    void replicaDnsCheckFailsWhenAServiceIsPinnedToANodeNoneIs(RunningStack stack, CheckRunner checks) throws Exception {
        String minio = Roles.name(stack, MenderComponent.MINIO);
        VariantRun.with(stack, "minio-pinned-to-unlabelled-node", v -> {
            Throwable thrown = VariantRun.failureOf(() -> checks.run(new ReplicaDnsCheck()));
            assertThat(thrown).isInstanceOf(AssertionError.class)
                    .hasMessageContaining(minio + " declares 1 replica(s)")
                    .hasMessageContaining("but the cluster runs 0");
            if (stack.cluster().kind() == ClusterKind.SWARM) {
                // the scheduler's reason is the fault itself
                assertThat(thrown).hasMessageContaining("no suitable node");
            }
        });
    }
}
