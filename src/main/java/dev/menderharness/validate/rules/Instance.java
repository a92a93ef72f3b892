package dev.menderharness.validate.rules;

import dev.menderharness.manifest.EnvVar;
import dev.menderharness.manifest.K8sContainer;
import dev.menderharness.manifest.K8sWorkload;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.Probe;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.manifest.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A running thing of either form that rules about Mender services look at: a Kubernetes container
 * (resource kind/name of its workload) or a Swarm service.
 *
 * @param scalable true when the count of instances can be raised without editing the manifest:
 *                 Deployments, StatefulSets, ReplicaSets (kubectl scale, HPA), DaemonSets (one per
 *                 node), Swarm replicated and global services. Jobs and bare Pods are not.
 */
record Instance(String resource, String image, List<String> command, List<EnvVar> env, List<Probe> probes,
                SourceRef source, YNode envNode, boolean scalable, int replicas, boolean global) {

    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet", "DaemonSet");

    static List<Instance> all(Manifests m) {
        List<Instance> out = new ArrayList<>();
        if (m.kubernetesRaw() != null) {
            for (K8sWorkload w : m.kubernetesRaw().workloads()) {
                for (K8sContainer c : w.containers()) {
                    out.add(new Instance(w.object().ref(), c.image(), c.command(), c.env(), c.probes(), c.source(),
                            c.node().get("env"), SCALABLE.contains(w.kind()), w.replicas(), w.kind().equals("DaemonSet")));
                }
            }
        }
        if (m.swarmRaw() != null) {
            for (SwarmService s : m.swarmRaw().services().values()) {
                out.add(new Instance(s.name(), s.image(), s.command(), s.env(), s.healthchecks(), s.source(),
                        s.node().get("environment"), true, s.replicas(), "global".equals(s.mode())));
            }
        }
        return out;
    }

    /** Where to point at when something is missing from the env: the env block, else the container/service. */
    SourceRef envAt() {
        return envNode.exists() ? envNode.source() : source;
    }
}
