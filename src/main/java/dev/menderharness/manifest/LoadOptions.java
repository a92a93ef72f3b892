package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to read a manifests directory beyond its files: Helm values files and {@code --set} pairs for a
 * chart, and the environment Compose interpolation reads ({@code ${VAR}}; a {@code .env} file beside
 * the compose file fills what the environment leaves unset).
 *
 * @param helmValues  values files, in order (later ones win), as {@code helm template -f}
 * @param helmSet     {@code KEY=VALUE} pairs, as {@code helm template --set}
 * @param environment variables Compose interpolation sees (the caller's environment)
 */
public record LoadOptions(List<Path> helmValues, List<String> helmSet, Map<String, String> environment) {
    public LoadOptions {
        helmValues = List.copyOf(helmValues);
        helmSet = List.copyOf(helmSet);
        environment = Map.copyOf(environment);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(List.of(), List.of(), Map.of());
    }

    public LoadOptions withEnvironment(Map<String, String> env) {
        return new LoadOptions(helmValues, helmSet, env);
    }
}
