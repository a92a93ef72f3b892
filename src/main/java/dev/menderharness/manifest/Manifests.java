package dev.menderharness.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything under a manifests directory, loaded once: the Kubernetes form (raw objects and its
 * {@link Topology}), the Swarm form (stack and its Topology) and the nginx gateway configuration.
 *
 * <p>Discovery: a {@code kustomization.yaml} (the shallowest one) defines the Kubernetes form;
 * without one, every YAML document with apiVersion/kind is. Every YAML document with a top-level
 * {@code services:} map is a Swarm stack file. {@code *.conf}, {@code *.conf.template} and
 * {@code *.nginx} files are the gateway configuration. Anything else is listed in {@link #notes()}.
 *
 * @throws ManifestException (from {@link #load}) on unreadable input, with file and line
 */
public record Manifests(Path root, KubernetesManifests kubernetesRaw, Topology kubernetes, SwarmStack swarmRaw,
                        Topology swarm, GatewayConfig gateway, List<String> notes) {

    public static Manifests load(Path manifestsDir) {
        Path root = manifestsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new ManifestException(root, 0, "not a directory");
        List<Path> yamlFiles = new ArrayList<>();
        List<Path> nginxFiles = new ArrayList<>();
        List<Path> kustomizations = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root, p))
                    .sorted()
                    .forEach(p -> {
                        String n = p.getFileName().toString();
                        if (n.equals("kustomization.yaml") || n.equals("kustomization.yml")) kustomizations.add(p);
                        else if (n.endsWith(".yaml") || n.endsWith(".yml")) yamlFiles.add(p);
                        else if (n.endsWith(".conf") || n.endsWith(".conf.template") || n.endsWith(".nginx")) nginxFiles.add(p);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> notes = new ArrayList<>();
        KubernetesManifests k8s = null;
        Set<Path> k8sFiles = new LinkedHashSet<>();
        if (!kustomizations.isEmpty()) {
            kustomizations.sort(Comparator.comparingInt(Path::getNameCount));
            k8s = KubernetesLoader.fromKustomization(kustomizations.get(0));
            k8sFiles.addAll(k8s.files());
        }
        List<Path> stackFiles = new ArrayList<>();
        List<Path> looseK8s = new ArrayList<>();
        for (Path f : yamlFiles) {
            if (k8sFiles.contains(f)) continue;
            List<YNode> docs = YamlFiles.loadAll(f);
            if (docs.stream().anyMatch(SwarmLoader::isStackDocument)) {
                stackFiles.add(f);
            } else if (!docs.isEmpty() && docs.stream().allMatch(d -> d.get("kind").exists() && d.get("apiVersion").exists())) {
                if (k8s == null) looseK8s.add(f);
                else notes.add(root.relativize(f) + ": Kubernetes manifest not listed in " + root.relativize(kustomizations.get(0)) + "; not validated");
            } else {
                notes.add(root.relativize(f) + ": neither a Kubernetes manifest nor a stack file; not validated");
            }
        }
        if (k8s == null && !looseK8s.isEmpty()) k8s = KubernetesLoader.fromFiles(root, looseK8s);
        GatewayConfig gateway = nginxFiles.isEmpty() ? null : GatewayConfig.load(nginxFiles);
        SwarmStack swarm = stackFiles.isEmpty() ? null : SwarmLoader.load(stackFiles);
        return new Manifests(root, k8s, k8s == null ? null : TopologyBuilder.kubernetes(k8s), swarm,
                swarm == null ? null : TopologyBuilder.swarm(swarm, gateway), gateway, List.copyOf(notes));
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    public Optional<Topology> kubernetesTopology() { return Optional.ofNullable(kubernetes); }

    public Optional<Topology> swarmTopology() { return Optional.ofNullable(swarm); }

    public Optional<GatewayConfig> gatewayConfig() { return Optional.ofNullable(gateway); }

    /** Gateway upstreams (proxy_pass targets), placeholders left as written. */
    public List<GatewayConfig.Upstream> gatewayUpstreams() {
        return gateway == null ? List.of() : gateway.upstreams();
    }
}
