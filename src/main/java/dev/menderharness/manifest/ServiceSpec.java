package dev.menderharness.manifest;

import java.util.List;
import java.util.Map;
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
}
