package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.checks.Roles;
import dev.menderharness.checks.scaling.ScaleOutCheck;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
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
        ScaleOutCheck.Result r = checks.run(new ScaleOutCheck(jwt, component));
        assertThat(r.addressesAtPeak()).isEqualTo(3);
        assertThat(r.replicasSeen()).hasSizeGreaterThan(1);
        assertThat(r.duringUp().failed() + r.duringDown().failed()).isZero();
    }

    /**
     * checks-net's variant: the inventory route names its upstream literally, so nginx resolves it
     * once at startup and never sees the new replicas.
     */
    @Test
    void scalingCheckFailsWhenTheGatewayResolvesUpstreamsOnlyAtStartup(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.with(stack, "gateway-upstreams-resolved-at-startup", v ->
                assertThatThrownBy(() -> checks.run(new ScaleOutCheck(jwt, MenderComponent.INVENTORY)))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining(Roles.name(stack, MenderComponent.INVENTORY)));
    }
}
