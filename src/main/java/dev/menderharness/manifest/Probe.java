package dev.menderharness.manifest;

/**
 * A health probe or healthcheck: Kubernetes httpGet probe (path + port) or a Swarm healthcheck
 * command (path = the URL path found in the command, port = its port, or null).
 *
 * @param kind "livenessProbe", "readinessProbe", "startupProbe" or "healthcheck"
 */
public record Probe(String kind, String path, String port, SourceRef source) {
}
