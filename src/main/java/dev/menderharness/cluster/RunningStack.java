package dev.menderharness.cluster;

import dev.menderharness.manifest.Topology;
import java.util.List;
import java.util.Optional;

/**
 * A deployed Mender stack as the checks see it. Cluster-neutral: service names are the manifests'
 * names ({@code mender-deployments}), never the orchestrator's ({@code stack_mender-deployments},
 * pod names). Every check is written against this interface only, so the same check classes run
 * on Swarm and on Kubernetes.
 */
public interface RunningStack extends AutoCloseable {

    String name();

    Cluster cluster();

    /**
     * The manifests as deployed. Swarm: images as written in the manifests (components are
     * recognised by image repository); what the image policy mapped them to is in diagnostics().
     */
    Topology topology();

    /** Loopback URLs of the published gateway; may change after the gateway restarts. */
    GatewayEndpoints gateway();

    /**
     * Runs a command in a probe container (Swarm) or probe pod (Kubernetes) attached to the same
     * network(s) as {@code service}, so it resolves names the way that service does. The probe image
     * has sh, getent, dig, curl.
     */
    ExecResult probe(String service, String... command);

    /**
     * Runs a command inside one running replica of {@code service}, as it is (no shell around it);
     * empty when its executable is not in the image (Mender's service images are FROM scratch: no
     * shell, no tools; their own binary is on the PATH). Callers fall back to {@link #probe}.
     */
    Optional<ExecResult> execInService(String service, String... command);

    /** Addresses of the running replicas as DNS reports them ({@code tasks.<svc>} / Endpoints). */
    List<String> replicaAddresses(String service);

    int runningReplicas(String service);

    /**
     * Identities of the running replicas (Swarm task ids, pod uids): a replaced or restarted replica
     * gets a new one, so checks can tell "recovered by itself" from "was restarted". Providers should
     * override this; the default uses the replica addresses, which a replacement also changes on Swarm
     * overlays (serial address allocation) and on pod networks.
     */
    default List<String> replicaIds(String service) {
        return replicaAddresses(service);
    }

    /**
     * The virtual addresses in front of the replicas of {@code service} (Swarm: the service's VIPs,
     * one per network it joins; Kubernetes: the ClusterIPs of the Service of that name, which may be
     * an alias Service), so a check can tell "this name leads to that service's VIP" from "to an
     * address nobody owns". Empty where there is none (Swarm dnsrr, headless Services) or the provider
     * cannot tell.
     */
    default List<String> virtualAddresses(String service) {
        return List.of();
    }

    /**
     * The node each running replica of {@code service} runs on, by replica id (as {@link #replicaIds}),
     * named as {@link Cluster#nodes()} names them. Empty where the provider cannot tell.
     */
    default java.util.Map<String, String> replicaNodes(String service) {
        return java.util.Map.of();
    }

    /**
     * Why replicas of {@code service} the orchestrator wants are not running, as the orchestrator
     * says it (Swarm: the newest such task's state and error, e.g. "pending: no suitable node
     * (scheduling constraints not satisfied on 3 nodes)"; Kubernetes: the pod's condition). Empty
     * when every wanted replica runs or the provider cannot tell. For failure messages only.
     */
    default Optional<String> replicaProblem(String service) {
        return Optional.empty();
    }

    /** Sets the desired replica count and returns once the orchestrator reports it converged. */
    void scale(String service, int replicas);

    /** Kills the container of one running replica (not a graceful stop); the orchestrator replaces it. */
    void killOneReplica(String service);

    /** Restarts every replica of {@code service} (service update --force / rollout restart). */
    void restart(String service);

    /** Last {@code lines} lines of every replica's log, secrets masked. */
    String logs(String service, int lines);

    /**
     * Last {@code lines} lines of each running replica's own log, by replica name (Swarm:
     * {@code <stack>_<svc>.<slot>.<task id>}; Kubernetes: the pod name), secrets masked. Read from each
     * replica directly, so a replica that ran on a node since lost cannot hold it up (Swarm's
     * {@code docker service logs} waits for every node that ever ran a task). The default splits
     * nothing: one entry, {@link #logs}, under the empty name.
     */
    default java.util.Map<String, String> replicaLogs(String service, int lines) {
        return java.util.Map.of("", logs(service, lines));
    }

    /** Node, service/task (pod) states and errors, logs, applied manifests: what a person looks at next. */
    Diagnostics diagnostics();

    /**
     * Applies another manifests directory to this same stack, as a user's redeploy would (Swarm:
     * {@code docker stack deploy} again; Kubernetes: apply): only changed services roll. Returns once
     * the rollout finished (new tasks/pods running or failed), without waiting for health, because
     * broken variants are applied this way and may never become healthy.
     */
    void apply(java.nio.file.Path manifestsDir);

    /** Waits until every service converged and every health/gateway readiness probe passes. */
    void awaitReady(java.time.Duration timeout);

    /** Removes the stack (not the cluster). */
    @Override
    void close();
}
