package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loaders on the reference manifests: both forms, the gateway, and the addresses the checks use. */
class ManifestsTest {
    // this project's reference manifests, whatever -Dmanifests.dir points the cluster suites at
    static final Path REFERENCE = Path.of("manifests");

    @Test
    void loadsBothFormsWithTheSameServiceNames() {
        Manifests m = Manifests.load(REFERENCE);
        assertThat(m.kubernetes()).isNotNull();
        assertThat(m.swarm()).isNotNull();
        assertThat(m.kubernetes().services().keySet()).contains("mender-deployments", "mender-device-auth", "mender-api-gateway");
        assertThat(m.swarm().services().keySet()).contains("mender-deployments", "mender-device-auth", "mender-api-gateway");
        ServiceSpec dep = m.kubernetes().service("mender-deployments").orElseThrow();
        assertThat(dep.image()).startsWith("mendersoftware/deployments:");
        assertThat(dep.ports()).contains(8080);
        assertThat(dep.servicePorts()).contains(8080);
        assertThat(dep.source().line()).isPositive();
    }

    @Test
    void gatewayUpstreamsComeFromMapAndSetVariables() {
        Manifests m = Manifests.load(REFERENCE);
        List<GatewayConfig.Upstream> ups = m.gatewayUpstreams();
        assertThat(ups).isNotEmpty();
        List<String> hosts = ups.stream().map(u -> u.substitute(k -> "").host()).distinct().toList();
        assertThat(hosts).contains("mender-deployments", "mender-device-auth", "mender-useradm", "minio");
        assertThat(ups).allSatisfy(u -> assertThat(u.source().line()).isPositive());
    }

    @Test
    void addressesIncludeExplicitValuesAndCodeDefaults() {
        Manifests m = Manifests.load(REFERENCE);
        ServiceSpec dep = m.swarm().service("mender-deployments").orElseThrow();
        List<AddressUse> uses = Addresses.of(dep);
        assertThat(uses).anySatisfy(a -> {
            assertThat(a.envKey()).isEqualTo("DEPLOYMENTS_AWS_URI");
            assertThat(a.host()).isEqualTo("minio");
            assertThat(a.port()).isEqualTo(9000);
        });
        ServiceSpec worker = m.swarm().service("mender-workflows-worker").orElseThrow();
        assertThat(Addresses.of(worker)).anySatisfy(a -> {
            assertThat(a.host()).isEqualTo("mender-inventory");
            assertThat(a.port()).isEqualTo(8080);
        });
    }
}
