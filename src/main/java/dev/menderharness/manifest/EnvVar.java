package dev.menderharness.manifest;

/**
 * One environment variable of a container or Swarm service.
 *
 * @param key    variable name
 * @param value  the value, resolved through ConfigMaps/Secrets found in the files; null when it comes
 *               from somewhere the files do not hold (a deploy-time Secret, a fieldRef)
 * @param origin where the value comes from: "inline", "configmap/NAME", "secret/NAME", "field:PATH" (downward API), "shell" (Swarm, from the deployer's environment)
 * @param source where the variable (or its ConfigMap/Secret entry) is written
 */
public record EnvVar(String key, String value, String origin, SourceRef source) {
    public boolean resolved() { return value != null; }
}
