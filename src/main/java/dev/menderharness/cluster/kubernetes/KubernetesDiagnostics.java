package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.support.SecretMasker;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a person looks at next when a Kubernetes stack fails: pod states (describe-like: phase,
 * node, conditions, container states, restarts), namespace events in time order, workload status,
 * current and previous container logs, and the applied YAML (Secret data masked). All masked.
 */
final class KubernetesDiagnostics {

    private final KubernetesClient client;
    private final String namespace;

    KubernetesDiagnostics(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    Diagnostics collect(List<ManifestObject> applied, int logLines) {
        Map<String, String> a = new LinkedHashMap<>();
        List<Pod> pods = safe(() -> client.pods().inNamespace(namespace).list().getItems(), List.of());
        a.put("pods (" + namespace + ")", describePods(pods));
        a.put("events (" + namespace + ")", events());
        a.put("workloads (" + namespace + ")", workloads());
        for (Pod p : pods) {
            for (ContainerStatus cs : statuses(p)) {
                String id = p.getMetadata().getName() + "/" + cs.getName();
                a.put("log " + id, safe(() -> client.pods().inNamespace(namespace).withName(p.getMetadata().getName())
                        .inContainer(cs.getName()).withReadyWaitTimeout(0).tailingLines(logLines).getLog(), "(no log: not available)"));
                if (cs.getRestartCount() != null && cs.getRestartCount() > 0) {
                    a.put("previous log " + id, safe(() -> client.pods().inNamespace(namespace)
                            .withName(p.getMetadata().getName()).inContainer(cs.getName()).withReadyWaitTimeout(0).terminated()
                            .tailingLines(logLines).getLog(), "(no previous log)"));
                }
            }
        }
        a.put("applied manifests", appliedYaml(applied));
        a.replaceAll((k, v) -> SecretMasker.mask(v));
        return new Diagnostics(a);
    }

    static String describePods(List<Pod> pods) {
        StringBuilder sb = new StringBuilder();
        for (Pod p : pods) {
            sb.append("Pod ").append(p.getMetadata().getName()).append('\n');
            var st = p.getStatus();
            sb.append("  Phase: ").append(st == null ? "?" : st.getPhase());
            sb.append("  Node: ").append(p.getSpec() == null ? "?" : p.getSpec().getNodeName());
            sb.append("  IP: ").append(st == null ? "?" : st.getPodIP()).append('\n');
            if (st != null && st.getConditions() != null) {
                for (PodCondition c : st.getConditions()) {
                    sb.append("  Condition ").append(c.getType()).append('=').append(c.getStatus());
                    if (c.getReason() != null) sb.append(" (").append(c.getReason()).append(')');
                    if (c.getMessage() != null) sb.append(": ").append(c.getMessage());
                    sb.append('\n');
                }
            }
            for (ContainerStatus cs : statuses(p)) {
                sb.append("  Container ").append(cs.getName()).append(" image=").append(cs.getImage())
                        .append(" ready=").append(cs.getReady()).append(" restarts=").append(cs.getRestartCount());
                var s = cs.getState();
                if (s != null && s.getRunning() != null) sb.append(" Running since ").append(s.getRunning().getStartedAt());
                if (s != null && s.getWaiting() != null) {
                    sb.append(" Waiting ").append(s.getWaiting().getReason());
                    if (s.getWaiting().getMessage() != null) sb.append(": ").append(s.getWaiting().getMessage());
                }
                if (s != null && s.getTerminated() != null) {
                    sb.append(" Terminated ").append(s.getTerminated().getReason()).append(" exit=").append(s.getTerminated().getExitCode());
                }
                var last = cs.getLastState();
                if (last != null && last.getTerminated() != null) {
                    sb.append(" | last: Terminated ").append(last.getTerminated().getReason())
                            .append(" exit=").append(last.getTerminated().getExitCode());
                }
                sb.append('\n');
            }
        }
        return sb.length() == 0 ? "(no pods)" : sb.toString();
    }

    private String events() {
        List<Event> events = safe(() -> client.v1().events().inNamespace(namespace).list().getItems(), List.of());
        StringBuilder sb = new StringBuilder();
        events.stream().sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp() != null
                        ? e.getLastTimestamp() : e.getMetadata().getCreationTimestamp())))
                .forEach(e -> sb.append(e.getLastTimestamp()).append(' ').append(e.getType()).append(' ')
                        .append(e.getReason()).append(' ')
                        .append(e.getInvolvedObject() == null ? "?" : e.getInvolvedObject().getKind() + "/"
                                + e.getInvolvedObject().getName())
                        .append(": ").append(e.getMessage()).append('\n'));
        return sb.length() == 0 ? "(no events)" : sb.toString();
    }

    private String workloads() {
        StringBuilder sb = new StringBuilder();
        Workloads w = new Workloads(client, namespace);
        Rollouts r = new Rollouts(w);
        for (HasMetadata o : safe(w::all, List.<HasMetadata>of())) {
            sb.append(r.pending(o).orElse(Workloads.id(o) + ": available")).append('\n');
        }
        return sb.length() == 0 ? "(no workloads)" : sb.toString();
    }

    static String appliedYaml(List<ManifestObject> applied) {
        StringBuilder sb = new StringBuilder();
        for (ManifestObject o : applied) {
            HasMetadata copy = YamlDocuments.SERIALIZATION.clone(o.object());
            if (copy instanceof Secret s) {
                if (s.getData() != null) s.getData().replaceAll((k, v) -> "****");
                if (s.getStringData() != null) s.getStringData().replaceAll((k, v) -> "****");
            }
            sb.append("# ").append(o.source()).append('\n').append(YamlDocuments.SERIALIZATION.asYaml(copy));
        }
        return sb.toString();
    }

    private static List<ContainerStatus> statuses(Pod p) {
        if (p.getStatus() == null) return List.of();
        List<ContainerStatus> all = new java.util.ArrayList<>();
        if (p.getStatus().getInitContainerStatuses() != null) all.addAll(p.getStatus().getInitContainerStatuses());
        if (p.getStatus().getContainerStatuses() != null) all.addAll(p.getStatus().getContainerStatuses());
        return all;
    }

    private static <T> T safe(java.util.function.Supplier<T> s, T fallback) {
        try {
            return s.get();
        } catch (KubernetesClientException e) {
            return fallback;
        }
    }
}
