package dev.menderharness.manifest;

/**
 * One environment variable of a container or Swarm service.
 *
 * @param key    variable name
 * @param value  the value, resolved through ConfigMaps/Secrets found in the files; null when it comes
 *               from somewhere the files do not hold (a deploy-time Secret, a fieldRef)
 * @param origin where the value comes from: "inline", "configmap/NAME", "secret/NAME" (a key reference),
 *               "envFrom:configmap/NAME", "envFrom:secret/NAME" (every key of the object, with the envFrom prefix),
 *               "field:PATH" (downward API), "shell" (Swarm, from the deployer's environment)
 * @param source where the variable (or its ConfigMap/Secret entry) is written
 */
public record EnvVar(String key, String value, String origin, SourceRef source) {
    public boolean resolved() { return value != null; }

    /** True when the value comes from a Secret (a key reference or envFrom): never print it. */
    public boolean fromSecret() { return origin.startsWith("secret/") || origin.startsWith("envFrom:secret/"); }

    /** True when the variable was injected by envFrom (all keys of a shared ConfigMap/Secret). */
    public boolean fromEnvFrom() { return origin.startsWith("envFrom:"); }
}
