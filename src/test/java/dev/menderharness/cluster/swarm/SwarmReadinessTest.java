package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SourceRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SwarmReadinessTest {

    private static ServiceSpec svc(String image, String... command) {
        return new ServiceSpec("s", "s", image, Map.of(), List.of(), Set.of(), Set.of("mender"), 1,
                new SourceRef(Path.of("swarm/stack.yml"), 1), List.of(command), List.of(), Set.of());
    }

    @Test
    void menderServicesAndTheWorkerSettleBecauseTheyMayStillGiveUpOnMongo() {
        assertThat(SwarmReadiness.mustSettle(svc("mendersoftware/deployments:v4.1.3"))).isTrue();
        assertThat(SwarmReadiness.mustSettle(svc("registry.example.com/mendersoftware/useradm:v4.1.3"))).isTrue();
        assertThat(SwarmReadiness.mustSettle(svc("mendersoftware/workflows:v4.1.3", "worker"))).isTrue();
    }

    @Test
    void componentsThatStartWithoutADatabaseCountOnceRunning() {
        for (String image : List.of("nginx:1.28.0", "minio/minio:RELEASE.2025-04-22T22-12-26Z", "mongo:8.0.28",
                "nats:2.10.29-alpine", "mendersoftware/gui:v4.1.3", "traefik:v3.4")) {
            assertThat(SwarmReadiness.mustSettle(svc(image))).as(image).isFalse();
        }
    }

    @Test
    void anImageWeDoNotKnowSettlesAsDoesAServiceMissingFromTheTopology() {
        assertThat(SwarmReadiness.mustSettle(svc("example.com/our-own-proxy:1"))).isTrue();
        assertThat(SwarmReadiness.mustSettle(null)).isTrue();
    }
}
