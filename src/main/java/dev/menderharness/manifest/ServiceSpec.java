package dev.menderharness.manifest;

import dev.menderharness.contract.MenderComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service as declared: Swarm service, or Kubernetes Service plus the workload it selects.
 *
 * @param name     the name other services reach it by (Swarm service name / Kubernetes Service name)
 * @param workload the Kubernetes workload name (Deployment/StatefulSet), or the Swarm service name
 * @param image    image reference exactly as written
 * @param env      environment, with ConfigMap/Secret references resolved where the files hold them; a key
 *                 whose value comes from outside the files (deploy-time Secret, fieldRef, shell) maps to ""
 *                 and is listed in {@code externalEnv}
 * @param ports    container ports the service listens on (Kubernetes containerPorts; Swarm: declared
 *                 targets/expose plus the component's known listen ports, see contract.MenderContract)
 * @param aliases  extra DNS names (Swarm network aliases; further Kubernetes Services selecting it)
 * @param networks Swarm networks (empty for Kubernetes: one flat namespace)
 * @param replicas declared replica count
 * @param source   where it was declared
 * @param command  command + args as written (the workflows image runs the worker when it says "worker")
 * @param servicePorts ports other services reach it at (Kubernetes Service ports; Swarm: same as ports)
 * @param externalEnv env keys whose value is not in the files
 */
public record ServiceSpec(
        String name,
        String workload,
        String image,
        Map<String, String> env,
        List<Integer> ports,
        Set<String> aliases,
        Set<String> networks,
        int replicas,
        SourceRef source,
        List<String> command,
        List<Integer> servicePorts,
        Set<String> externalEnv) {

    /** The original shape (before command/servicePorts/externalEnv were added). */
    public ServiceSpec(String name, String workload, String image, Map<String, String> env, List<Integer> ports,
                       Set<String> aliases, Set<String> networks, int replicas, SourceRef source) {
        this(name, workload, image, env, ports, aliases, networks, replicas, source, List.of(), ports, Set.of());
    }

    /** Mender's default listen port, for services whose manifests declare none. */
    public static final int DEFAULT_PORT = 8080;

    /** The port the service listens on: its first declared port, else Mender's default 8080. */
    public int listenPort() {
        return ports == null || ports.isEmpty() ? DEFAULT_PORT : ports.get(0);
    }

    /** The Mender component it runs, by image repository (never by name). */
    public Optional<MenderComponent> component() {
        return MenderComponent.ofImage(image);
    }

    /** The workflows image run as the worker ({@code workflows worker}): no HTTP, no health endpoint. */
    public boolean isWorkflowsWorker() {
        return component().filter(c -> c == MenderComponent.WORKFLOWS || c == MenderComponent.WORKFLOWS_WORKER).isPresent()
                && (component().get() == MenderComponent.WORKFLOWS_WORKER || command.contains("worker"));
    }

    /**
     * Mender's health endpoint of this service reached at {@code host} ({@code http://host:port/api/internal/v1/<svc>/health},
     * 204 when healthy), or empty where the component has none or serves no HTTP (the workflows worker).
     * The one place a health URL is derived: readiness, checks and diagnostics all use it.
     */
    public Optional<String> healthUrl(String host) {
        Optional<MenderComponent> c = component();
        if (c.isEmpty() || c.get().healthPath() == null || isWorkflowsWorker()) return Optional.empty();
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return Optional.of("http://" + h + ":" + listenPort() + c.get().healthPath());
    }
}
