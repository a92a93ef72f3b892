package dev.menderharness.manifest;

import java.util.List;

/** A container of a Kubernetes pod template with its env resolved through the ConfigMaps/Secrets in the files. */
public record K8sContainer(String name, String image, List<String> command, List<EnvVar> env,
                           List<ContainerPort> ports, List<Probe> probes, YNode node) {
    public SourceRef source() { return node.source(); }
}
