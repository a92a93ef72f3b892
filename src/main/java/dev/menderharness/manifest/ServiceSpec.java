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
 * @param env      environment, with ConfigMap/Secret references resolved where the files hold them
 * @param ports    container ports the service listens on
 * @param aliases  extra DNS names (Swarm network aliases; further Kubernetes Services selecting it)
 * @param networks Swarm networks (empty for Kubernetes: one flat namespace)
 * @param replicas declared replica count
 * @param source   where it was declared
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
        SourceRef source) {
}
