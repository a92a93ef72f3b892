package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.SwarmNode;
import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.junit.ClusterSession;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.RequiresCluster;
import dev.menderharness.junit.Tags;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.report.AllureReporter;
import dev.menderharness.support.Setting;
import dev.menderharness.support.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reference stack on a 3-node DinD swarm: nodes ready, services converged, Mender health
 * endpoints 204 from the stack network, the gateway's readiness answers from the host, no pull.
 * Last, the bring-up benchmark against a single-node floor measured in the same run.
 */
@MenderClusterTest
@Tag(Tags.SWARM)
@RequiresCluster(value = ClusterKind.SWARM, because = "the DinD swarm provider's own suite")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmBringUpIT {

    private static final Settings SETTINGS = Settings.fromEnvironment();

    @Test
    @Order(1)
    void swarmHasAManagerAndTwoWorkersAllReady(Cluster cluster) {
        assertThat(cluster.nodes()).containsExactly("manager", "worker-1", "worker-2");
        List<SwarmNode> nodes = ((SwarmCluster) cluster).manager().client().listSwarmNodesCmd().exec();
        assertThat(nodes).hasSize(3).allSatisfy(n -> assertThat(SwarmNodes.state(n)).isEqualTo("ready"));
        assertThat(nodes).filteredOn(n -> n.getManagerStatus() != null).extracting(SwarmNodes::hostname).containsExactly("manager");
    }

    @Test
    @Order(2)
    void everyServiceRunsItsDeclaredReplicas(RunningStack stack) {
        assertThat(stack.topology().services()).hasSizeGreaterThanOrEqualTo(10);
        for (ServiceSpec s : stack.topology().services().values()) {
            assertThat(stack.runningReplicas(s.name())).as(s.name()).isEqualTo(s.replicas());
        }
    }

    @Test
    @Order(3)
    void everyMenderHealthEndpointAnswers204FromTheStackNetwork(RunningStack stack) {
        int checked = 0;
        for (ServiceSpec s : stack.topology().services().values()) {
            String path = null;
            for (MenderComponent c : MenderComponent.values()) {
                if (c.matchesImage(s.image()) && c.internalApiPrefix() != null) path = c.internalApiPrefix() + "/health";
            }
            if (s.image().contains("mendersoftware/workflows") && s.name().contains("server")) path = "/api/v1/health";
            if (path == null) continue;
            ExecResult r = stack.probe(s.name(), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                    "http://" + s.name() + ":8080" + path);
            assertThat(r.stdout()).as(s.name() + " " + path).isEqualTo("204");
            checked++;
        }
        assertThat(checked).as("health endpoints found by component").isEqualTo(5);
    }

    @Test
    @Order(4)
    void gatewayAnswersMendersReadinessProbesFromTheHost(RunningStack stack) throws Exception {
        HttpClient http = TrustAll.client();
        URI https = stack.gateway().https();
        assertThat(https.getHost()).isEqualTo("localhost");
        assertThat(status(http, https.resolve("/api/management/v1/useradm/users"))).isEqualTo(401);
        assertThat(status(http, https.resolve("/api/devices/v1/authentication/auth_requests"))).isEqualTo(405);
    }

    @Test
    @Order(5)
    void noNodeEverPulledAnImage(Cluster cluster) {
        for (DindNode node : ((DindSwarmCluster) cluster).swarmNodes()) {
            ExecResult r = node.exec("docker", "events", "--since", "0", "--until", "0s", "--filter", "type=image",
                    "--filter", "event=pull", "--format", "{{.Actor.ID}}");
            assertThat(r.exitCode()).as(node.name() + " events").isZero();
            assertThat(r.stdout().strip()).as(node.name() + " pulled").isEmpty();
            ExecResult images = node.exec("docker", "images", "-q");
            assertThat(images.stdout().lines().count()).as(node.name() + " images loaded").isGreaterThanOrEqualTo(5);
        }
    }

    /**
     * In fixture mode the build makes a node seed (pom: images seed), so every node must have
     * started from it: its store holds the seed's images at the host's IDs, and its image layers
     * are links to the one unpacked seed's layer directories, not copies.
     */
    @Test
    @Order(6)
    void everyNodeStartedFromTheNodeSeedSharingItsLayers(Cluster cluster) {
        DindSwarmCluster swarm = (DindSwarmCluster) cluster;
        org.junit.jupiter.api.Assumptions.assumeTrue("fixture".equals(SETTINGS.imagePolicy()),
                "only fixture runs build a node seed before the suites");
        assertThat(swarm.seed()).as("node seed used (the fixture build makes one: images seed)").isPresent();
        NodeSeed seed = swarm.seed().orElseThrow();
        for (DindNode node : swarm.swarmNodes()) {
            for (var held : seed.images().entrySet()) {
                ExecResult id = node.exec("docker", "image", "inspect", "--format", "{{.Id}}", held.getKey());
                assertThat(id.stdout().strip()).as(node.name() + " " + held.getKey()).isEqualTo(held.getValue());
            }
        }
        // every node's data root is in the shared volume; each of the seed's layers is a link there
        ExecResult roots = swarm.manager().exec("ls", "/var/lib/docker/nodes");
        assertThat(roots.stdout().strip().split("\\s+")).as("data roots in the run's volume")
                .containsExactlyInAnyOrderElementsOf(swarm.nodes());
        ExecResult notLinked = swarm.manager().exec("sh", "-c", "for n in /var/lib/docker/nodes/*; do"
                + " for l in /var/lib/docker/.seed/overlay2/[0-9a-f]*; do"
                + " [ \"$(readlink \"$n/overlay2/${l##*/}\")\" = \"$l\" ] || echo \"${n##*/}: ${l##*/}\"; done; done;"
                + " ls -d /var/lib/docker/.seed/overlay2/[0-9a-f]* | wc -l");
        List<String> lines = notLinked.stdout().strip().lines().toList();
        assertThat(Integer.parseInt(lines.get(lines.size() - 1).strip())).as("layers in the seed").isPositive();
        assertThat(lines.subList(0, lines.size() - 1)).as("seed layers a node holds other than as a link to the seed").isEmpty();
    }

    /**
     * Bring-up of the 3-node run by phase against a floor: the same stack on a single-node swarm
     * whose images are already present, deploy to healthy. Writes target/benchmarks/bringup.json.
     */
    /** Numbers of {@link #withoutANodeSeedEveryNodeLoadsEachImageOnceInParallel}, for the benchmark. */
    private static final Map<String, Object> UNSEEDED = new LinkedHashMap<>();

    /**
     * The path every image takes when there is no node seed (and what a seed saves): three plain
     * DinD nodes, each image saved once from the host and loaded into all of them in parallel; a
     * second distribution sends nothing, since every node has every image at the host's ID.
     */
    @Test
    @Order(7)
    void withoutANodeSeedEveryNodeLoadsEachImageOnceInParallel() {
        Path manifests = SETTINGS.manifestsDir();
        long t0 = System.nanoTime();
        try (DindSwarmCluster plain = DindSwarmCluster.start(ClusterOptions.throwaway(RunLabels.newRunId(),
                SETTINGS.with(Setting.SWARM_NODE_SEED, "off"), AllureReporter.INSTANCE))) {
            double nodes = (System.nanoTime() - t0) / 1e9;
            assertThat(plain.seed()).isEmpty();
            java.util.Set<String> images = dev.menderharness.cluster.swarm.SwarmStackDeployer.imagesFor(manifests, plain.imagePolicy());
            Map<String, com.github.dockerjava.api.DockerClient> clients = new LinkedHashMap<>();
            plain.swarmNodes().forEach(n -> clients.put(n.name(), n.client()));
            var distributor = new dev.menderharness.images.ImageDistributor(HostDocker.testcontainers(), AllureReporter.INSTANCE,
                    dev.menderharness.cluster.RunDirectory.create(SETTINGS.stateDir(), plain.runId()));
            var first = distributor.distribute(images, clients);
            assertThat(first.loadedPerNode()).containsOnlyKeys("manager", "worker-1", "worker-2");
            first.loadedPerNode().values().forEach(loaded -> assertThat(loaded).containsExactlyInAnyOrderElementsOf(images));
            var second = distributor.distribute(images, clients);
            assertThat(second.loadedPerNode()).as("loaded again although every node has the same image IDs").isEmpty();
            UNSEEDED.put("nodesSeconds", nodes);
            UNSEEDED.put("imagesSeconds", first.seconds());
            UNSEEDED.put("tarBytes", first.tarBytes());
        }
    }

    @Test
    @Order(8)
    void bringUpBenchmark(ClusterSession session) throws Exception {
        Map<String, Double> run = session.phases();
        Path manifests = SETTINGS.manifestsDir();
        Map<String, Double> floor;
        String floorSeed;
        String floorExited;
        try (DindSwarmCluster single = DindSwarmCluster.start(ClusterOptions.throwaway(RunLabels.newRunId(), SETTINGS, AllureReporter.INSTANCE)
                .withWorkers(0))) {
            RunningStack floorStack = single.deploy(manifests, "floor");
            floor = new LinkedHashMap<>(single.bringUpPhases());
            floorExited = ((dev.menderharness.cluster.swarm.SwarmRunningStack) floorStack).exitedDuringBringUp();
            floorSeed = single.seed().map(NodeSeed::image).orElse(null);
        }
        double floorSeconds = floor.get("deploy") + floor.get("healthy");
        double ratio = run.get("total") / floorSeconds;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nodes", session.cluster().nodes().size());
        json.put("phasesSeconds", run);
        // how the 3 nodes got their images: from a node seed (null: each node loaded the images)
        json.put("nodeSeed", ((DindSwarmCluster) session.cluster()).seed().map(NodeSeed::image).orElse(null));
        json.put("floorNodeSeed", floorSeed);
        json.put("nodeVolume", ((DindSwarmCluster) session.cluster()).storage().name().toLowerCase(java.util.Locale.ROOT));
        // A service that exited because a dependency was not resolvable yet (Mender services give
        // MongoDB 10 s) costs a restart delay plus the readiness settle time: the main source of
        // run-to-run spread in the healthy phase.
        json.put("tasksExitedDuringBringUp", ((dev.menderharness.cluster.swarm.SwarmRunningStack) session.stack()).exitedDuringBringUp());
        json.put("floorTasksExitedDuringBringUp", floorExited);
        json.put("floorSingleNodeDeployToHealthySeconds", floorSeconds);
        json.put("floorPhasesSeconds", floor);
        // the same nodes without a seed: nodes up, then every image loaded into all three (no deploy)
        json.put("withoutNodeSeed", UNSEEDED);
        json.put("ratio", ratio);
        json.put("target", 1.5);
        json.put("targetMet", ratio <= 1.5);
        String text = dev.menderharness.support.BenchmarkFile.in(SETTINGS.benchmarksDir(), "bringup").put("swarm.bring-up", json);
        AllureReporter.INSTANCE.attachJson("bring-up benchmark", text);
        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("3 nodes", run);
        phases.put("floor (1 node)", floor);
        dev.menderharness.report.BenchmarkCharts.seconds("bring-up phases, 3 nodes against the floor", phases)
                .ifPresent(svg -> AllureReporter.INSTANCE.attachSvg("bring-up phases (s)", svg));
        AllureReporter.INSTANCE.progress(String.format("bring-up benchmark: %.0fs for 3 nodes vs floor %.0fs = %.2fx (target 1.5x)",
                run.get("total"), floorSeconds, ratio));
        assertThat(floorSeconds).isPositive();
        assertThat(run).containsKeys("nodes", "images", "deploy", "healthy", "total");
    }

    private static int status(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
