package dev.menderharness.it;

import dev.menderharness.checks.scaling.ScaleOutCheck;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each stateless Mender API scales 1 → 3 → 1 under a steady request loop without a failed request. */
@MenderClusterTest
@Tag(Tags.SCALING)
class ScalingIT {

    static String jwt;

    @BeforeAll
    static void login(CheckRunner checks) {
        jwt = Logins.newUserJwt(checks);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MenderComponent.class, names = {"DEVICEAUTH", "DEPLOYMENTS", "INVENTORY", "USERADM"})
    void scalesOutAndBackWithoutFailedRequests(MenderComponent component, CheckRunner checks) {
        checks.run(new ScaleOutCheck(jwt, component));
    }

    /**
     * Two single-fault gateway variants in one application, each on its own route: inventory's
     * upstream resolved once at startup (requests stay on one replica: LOAD_NOT_SPREAD) and
     * deployments' route without nginx's retry (a request meeting a replica that just went away
     * fails: REQUESTS_FAILED). Both faults show only where the gateway balances over replica addresses
     * (dnsrr Swarm); behind a virtual IP the orchestrator spreads and drains, and the test aborts with
     * that reason instead of failing.
     */
    @Test
    void scalingCheckFailsWhenTheGatewayPinsOrDoesNotRetryUpstreams(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.together(stack, List.of("gateway-upstreams-resolved-at-startup", "gateway-deployments-no-retry"), () -> {
            List<String> cannotShow = new ArrayList<>();
            expectOnVariant(checks, MenderComponent.INVENTORY, "LOAD_NOT_SPREAD").ifPresent(cannotShow::add);
            expectOnVariant(checks, MenderComponent.DEPLOYMENTS, "REQUESTS_FAILED").ifPresent(cannotShow::add);
            Assumptions.assumeTrue(cannotShow.size() < 2, () -> String.join("; ", cannotShow));
        });
    }

    private static java.util.Optional<String> expectOnVariant(CheckRunner checks, MenderComponent component, String code) {
        AtomicReference<ScaleOutCheck.Result> measured = new AtomicReference<>();
        Throwable thrown = VariantRun.failureOf(() -> measured.set(checks.run(new ScaleOutCheck(jwt, component))));
        return verdictOnVariant(thrown, measured.get(), code, component.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The verdict on a scaling check run against a gateway variant: it must fail with exactly
     * {@code code}; where it passed because the service's name is a virtual IP (the orchestrator
     * spreads and drains whatever the gateway caches), the fault cannot show and the reason is
     * returned instead, for the test to abort with.
     */
    static java.util.Optional<String> verdictOnVariant(Throwable thrown, ScaleOutCheck.Result measured, String code, String service) {
        if (thrown == null && measured != null && measured.nameIsVirtualIp()) {
            return java.util.Optional.of(service + "'s name leads the gateway to a virtual IP (Swarm VIP / Kubernetes ClusterIP): "
                    + "the orchestrator spreads and drains the connections, so the gateway fault behind " + code + " cannot show");
        }
        VariantRun.onlyReason(thrown, code);
        return java.util.Optional.empty();
    }
}
