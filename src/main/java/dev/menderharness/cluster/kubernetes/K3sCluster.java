package dev.menderharness.cluster.kubernetes;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterPreconditionException;
import dev.menderharness.cluster.LoopbackPorts;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.stack.HealthAndGatewayProbes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A throwaway single-node k3s cluster in a container of the host engine (Testcontainers' k3s
 * module), labelled with the run. Local images are loaded into it from the host engine; each stack's
 * gateway is published on a NodePort pair the container maps to loopback. Where k3s cannot run
 * (image not pullable, privileged refused) {@link #start} throws {@link ClusterPreconditionException}
 * with the one-line reason, before anything is created.
 */
public final class K3sCluster extends KubernetesCluster {

    /** NodePort pairs (http, https) published by the container: one per concurrently deployed stack. */
    static final int[][] NODE_PORTS = {{30080, 30443}, {30081, 30444}, {30082, 30445}};

    private final K3sContainer k3s;
    private int nextPorts;

    private K3sCluster(String runId, KubernetesClient client, KubernetesStackDeployer deployer, K3sContainer k3s) {
        super(runId, client, deployer);
        this.k3s = k3s;
    }

    /** The k3s image after the policy; k3s has no fixture, so a policy without one keeps the upstream name. */
    static String image(ImagePolicy policy) {
        try {
            return policy.resolve(HarnessImages.K3S);
        } catch (RuntimeException noFixture) {
            return HarnessImages.K3S;
        }
    }

    public static K3sCluster start(ClusterOptions options, ImagePolicy policy) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new ClusterPreconditionException(K3sPreconditions.PREFIX + "no Docker engine reachable");
        }
        DockerClient docker = DockerClientFactory.instance().client();
        String image = image(policy);
        Map<String, String> labels = options.labels().asMap();
        K3sPreconditions.unmet(docker, image, labels).ifPresent(reason -> {
            throw new ClusterPreconditionException(reason);
        });
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
        k3s.withLabels(labels).withStartupTimeout(Duration.ofMinutes(5))
                .withCreateContainerCmdModifier(LoopbackPorts::apply); // API server and NodePorts on 127.0.0.1 only
        for (int[] pair : NODE_PORTS) {
            k3s.addExposedPorts(pair[0], pair[1]);
        }
        options.reporter().step("start k3s (" + image + ")", k3s::start);
        try {
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
            KubernetesStackDeployer deployer = new KubernetesStackDeployer(client, options.runId(), policy::resolve,
                    HarnessImages.PROBE, DeploySecretObjects::generate, new HealthAndGatewayProbes(),
                    KubernetesStackDeployer.Settings.defaults(), options.reporter())
                .withHelm(options.settings().helmValues(), options.settings().helmSet());
            deployer.withImageLoader(new K3sImageLoader(docker, k3s, options.reporter())::load);
            return new K3sCluster(options.runId(), client, deployer, k3s);
        } catch (RuntimeException e) {
            k3s.stop();
            throw e;
        }
    }

    @Override
    protected synchronized GatewayAccess newGatewayAccess() {
        if (nextPorts >= NODE_PORTS.length) {
            throw new IllegalStateException("this k3s cluster publishes " + NODE_PORTS.length
                    + " gateway NodePort pairs and all are taken: close a stack or add pairs to K3sCluster.NODE_PORTS");
        }
        int[] pair = NODE_PORTS[nextPorts++];
        return new NodePortAccess(k3s.getHost(), pair[0], pair[1], k3s.getMappedPort(pair[0]), k3s.getMappedPort(pair[1]));
    }

    @Override
    protected void closeCluster() {
        k3s.stop();
        reporter.progress("k3s container removed");
    }
}
