package dev.menderharness.manifest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service of a Swarm stack file as written.
 *
 * @param networks network name -> aliases on that network (the stack's {@code default} network when none listed)
 * @param ports    declared ports: published targets and {@code expose}
 * @param published published host ports (for the one place the stack is published)
 * @param replicas declared replicas (1 when absent; global mode counts as 1)
 * @param mode     deploy.mode: replicated or global
 */
public record SwarmService(String name, YNode node, String image, List<String> command, List<EnvVar> env,
                           Map<String, Set<String>> networks, List<ContainerPort> ports, List<Integer> published,
                           int replicas, String mode, List<Probe> healthchecks) {
    public SourceRef source() { return node.source(); }
}
