package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.Topology;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The addresses the DNS check resolves, read from the reference manifests in both forms. */
class ManifestAddressSourceTest {

    // this project's reference manifests, whatever -Dmanifests.dir points the cluster suites at
    private static final Manifests REFERENCE = Manifests.load(Path.of("manifests"));

    @Test
    void swarmFormNamesEnvDefaultsAndGatewayUpstreams() {
        Topology swarm = REFERENCE.swarmTopology().orElseThrow();
        List<ServiceAddress> a = new ManifestAddressSource().addresses(swarm);
        a.forEach(x -> System.out.println(x.describe()));
        assertThat(a).extracting(ServiceAddress::consumer, ServiceAddress::host).contains(
                tuple("mender-deployments", "minio"),
                tuple("mender-deployments", "s3.docker.mender.io"),
                tuple("mender-workflows-worker", "mender-useradm"),
                tuple("mender-api-gateway", "mender-device-auth"),
                tuple("mender-api-gateway", "minio"),
                tuple("mender-api-gateway", "mender-gui"));
        assertThat(a).filteredOn(x -> x.consumer().equals("mender-api-gateway"))
                .allMatch(x -> x.origin().equals("gateway upstream") || x.origin().startsWith("env"))
                .allMatch(x -> !x.host().contains("$"));
        assertThat(a).extracting(ServiceAddress::host).doesNotContain("localhost", "");
    }

    @Test
    void kubernetesFormToo() {
        Topology k8s = REFERENCE.kubernetesTopology().orElseThrow();
        List<ServiceAddress> a = new ManifestAddressSource().addresses(k8s);
        assertThat(a).extracting(ServiceAddress::consumer).contains("mender-deployments", "mender-api-gateway");
        assertThat(a).extracting(ServiceAddress::host).doesNotContain("localhost").allMatch(h -> !h.contains("$"));
    }
}
