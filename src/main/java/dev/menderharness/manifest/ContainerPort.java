package dev.menderharness.manifest;

/** A declared container port (Kubernetes containerPort, or a Swarm port target / expose entry). */
public record ContainerPort(String name, int port, SourceRef source) {
}
