package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterPreconditionException;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.stack.HealthAndGatewayProbes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A user's existing cluster, from {@code KUBECONFIG} / the current context (fabric8's default
 * configuration). Each stack goes into a fresh namespace that is deleted afterwards; nothing else is
 * touched. Images are not loaded: the cluster pulls them, so the policy must be upstream or mirror.
 * The gateway is reached through a port-forward.
 */
public final class KubeconfigCluster extends KubernetesCluster {

    private KubeconfigCluster(String runId, KubernetesClient client, KubernetesStackDeployer deployer) {
        super(runId, client, deployer);
    }

    public static KubeconfigCluster connect(ClusterOptions options, ImagePolicy policy) {
        if ("fixture".equals(policy.name())) {
            throw new IllegalArgumentException("cluster 'kubeconfig' cannot use image policy 'fixture': its images exist "
                    + "only on this host's engine and the cluster pulls; use -Dimage.policy=upstream or mirror");
        }
        Config config = Config.autoConfigure(null);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        String version;
        try {
            version = client.getKubernetesVersion().getGitVersion();
        } catch (RuntimeException e) {
            client.close();
            throw new ClusterPreconditionException("kubeconfig cluster " + config.getMasterUrl() + " (context "
                    + (config.getCurrentContext() == null ? "none" : config.getCurrentContext().getName())
                    + ") is not reachable: " + K3sPreconditions.oneLine(e.getMessage()));
        }
        options.reporter().progress("using existing cluster " + config.getMasterUrl() + " (Kubernetes " + version + ")");
        KubernetesStackDeployer deployer = new KubernetesStackDeployer(client, options.runId(), policy::resolve,
                HarnessImages.PROBE, DeploySecretObjects::generate, new HealthAndGatewayProbes(),
                KubernetesStackDeployer.Settings.defaults(), options.reporter())
                .withHelm(options.settings().helmValues(), options.settings().helmSet());
        return new KubeconfigCluster(options.runId(), client, deployer);
    }

    @Override
    protected GatewayAccess newGatewayAccess() {
        return new PortForwardAccess();
    }

    @Override
    protected void closeCluster() {
        // the namespaces are gone; the cluster is the user's
    }
}
