package dev.menderharness.cluster.swarm;

import java.util.LinkedHashMap;
import java.util.Map;

/** The external secrets a stack file names, with fresh deploy-time material ({@code stack.DeploySecrets}) for each. */
final class DeployTimeMaterial {

    private DeployTimeMaterial() {
    }

    /** Secret name to content; a name the harness cannot generate is a one-line error naming the file. */
    static Map<String, byte[]> forStack(StackFile stack, java.util.function.Supplier<Map<String, byte[]>> fresh) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!(stack.root().get("secrets") instanceof Map<?, ?> secrets)) return out;
        Map<String, byte[]> generated = null;
        for (var e : secrets.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("external"))) {
                String name = m.get("name") == null ? e.getKey().toString() : m.get("name").toString();
                if (generated == null) generated = fresh.get();
                // per-stack names (StackAdaptations.nameExternalSecretsPerStack) keep the key's material
                byte[] material = generated.getOrDefault(name, generated.get(e.getKey().toString()));
                if (material == null) {
                    throw new IllegalArgumentException(stack.source() + ": external secret " + name
                            + " is not deploy-time material the harness generates (" + generated.keySet() + ")");
                }
                out.put(name, material);
            }
        }
        return out;
    }
}
