package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.Topology;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's reference manifests go through kustomize-lite and the deploy-time edits intact. */
class ReferenceManifestsTest {

    // this project's reference manifests, whatever -Dmanifests.dir points the cluster suites at
    static final Path REFERENCE = Path.of("manifests");

    @Test
    void everySharedServiceNameIsInTheTopologyBoundToItsWorkload() {
        KubernetesStackDeployer d = new KubernetesStackDeployer(null, "r1", i -> "mirror.example/" + i, "probe",
                List::of, s -> java.util.Optional.empty(), KubernetesStackDeployer.Settings.defaults(),
                dev.menderharness.support.Reporter.console());
        KubernetesStackDeployer.Prepared p = d.prepare(REFERENCE, "mh-r1-ref", "https://localhost:40443");
        Topology t = p.topology();
        assertThat(t.services().keySet()).contains("mender-api-gateway", "mender-deployments", "mender-device-auth",
                "mender-inventory", "mender-useradm", "mender-workflows-server", "mender-workflows-worker", "mender-gui",
                "mender-mongo", "mender-nats", "minio");
        assertThat(t.service("mender-workflows-worker").orElseThrow().ports()).isEmpty();
        assertThat(t.serviceOf(MenderComponent.GATEWAY).orElseThrow().env())
                .containsEntry("MENDER_EXTERNAL_URL", "https://localhost:40443");
        for (ManifestObject o : p.objects()) {
            assertThat(o.object().getMetadata().getNamespace()).isEqualTo("mh-r1-ref");
            PodSpecs.spec(o.object()).ifPresent(spec -> assertThat(PodSpecs.allContainers(spec))
                    .extracting(Container::getImage).allMatch(i -> i.startsWith("mirror.example/"), "policy applied"));
        }
        assertThat(ApplyOrder.sort(p.objects())).isEqualTo(p.objects());
        assertThat(p.objects()).anyMatch(o -> o.id().equals("ConfigMap/mender-gateway-template"));
    }
}
