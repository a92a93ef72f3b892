package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.Reporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** -Dmanifests.dir pointing at a Helm chart: the deployer applies the rendered objects, pre-install hooks first by weight. */
class ChartObjectsTest {
    static Path mini() {
        try {
            return Path.of(ChartObjectsTest.class.getResource("/helm/mini").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChartIsAManifestsDirectoryTheDeployerReads() {
        assertThat(KubernetesStackDeployer.manifestProblem(mini())).isEmpty();
    }

    @Test
    void hooksComeFirstByWeightTestHooksNever() {
        List<ManifestObject> objects = ChartObjects.build(mini(), List.of(), List.of("deployments.replicas=2"));
        assertThat(objects).noneSatisfy(o -> assertThat(o.name()).isEqualTo("mini-test-connection"));
        assertThat(objects).anySatisfy(o -> assertThat(o.id()).isEqualTo("Service/mender-cache"));
        List<ManifestObject> sorted = ApplyOrder.sort(objects);
        assertThat(sorted.get(0).id()).isEqualTo("Service/mender-mongodb");
        assertThat(sorted.get(1).id()).isEqualTo("Deployment/mender-mongodb");
        assertThat(sorted.get(2).kind()).as("then the regular objects by kind").isIn("Secret", "ConfigMap");
        assertThat(objects).filteredOn(o -> o.id().equals("Deployment/mender-deployments")).singleElement()
                .satisfies(o -> assertThat(o.source().file()).isEqualTo(mini().resolve("templates/deployments.yaml")));
    }

    @Test
    void prepareAppliesTheImagePolicyAndValuesToTheRenderedObjects() {
        KubernetesStackDeployer deployer = new KubernetesStackDeployer(null, "t1", image -> "mirror.example/" + image,
                "nicolaka/netshoot:v0.13", List::of, stack -> Optional.empty(), KubernetesStackDeployer.Settings.defaults(),
                Reporter.console()).withHelm(List.of(), List.of("cache.enabled=false"));
        KubernetesStackDeployer.Prepared p = deployer.prepare(mini(), "mh-t1-mini", "https://localhost:41443");
        assertThat(p.objects().get(0).id()).isEqualTo("Service/mender-mongodb");
        assertThat(p.objects()).noneSatisfy(o -> assertThat(o.id()).isEqualTo("Service/mender-cache"));
        assertThat(p.workloadNames()).contains("mender-deployments", "mender-mongodb", "mender-api-gateway");
        assertThat(p.topology().service("mender-deployments")).hasValueSatisfying(s -> assertThat(s.image())
                .isEqualTo("mirror.example/mendersoftware/deployments:v4.1.3"));
    }
}
