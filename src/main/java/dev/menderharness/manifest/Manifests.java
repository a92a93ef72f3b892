package dev.menderharness.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything under a manifests directory, loaded once: the Kubernetes form (raw objects and its
 * {@link Topology}), the Swarm/Compose form (stack and its Topology), the nginx gateway configuration
 * and Traefik's routing.
 *
 * <p>Discovery, any one or more of:
 * <ul>
 *   <li>a Helm chart ({@code Chart.yaml}; the directory itself may be the chart): rendered in-process
 *       with its hooks ({@link HelmChart}), its objects join the Kubernetes form;</li>
 *   <li>a kustomization (the shallowest {@code kustomization.yaml}) or, without one, every YAML
 *       document with apiVersion/kind;</li>
 *   <li>a Compose project: {@code compose.yaml} / {@code docker-compose.yml} (with its override file)
 *       and what it includes and extends, interpolated ({@link ComposeProject}); without such a file,
 *       every YAML document with a top-level {@code services:} map, as {@code docker stack deploy -c a -c b};</li>
 *   <li>Traefik: file-provider YAML (also inside ConfigMaps), Docker labels of Compose services, the
 *       entrypoints on Traefik's command line;</li>
 *   <li>nginx: {@code *.conf}, {@code *.conf.template}, {@code *.nginx}.</li>
 * </ul>
 * Anything else is listed in {@link #notes()}.
 *
 * @throws ManifestException (from {@link #load}) on unreadable input, with file and line
 */
public record Manifests(Path root, KubernetesManifests kubernetesRaw, Topology kubernetes, SwarmStack swarmRaw,
                        Topology swarm, GatewayConfig gateway, List<String> notes, TraefikConfig traefik,
                        List<HelmChart> charts) {

    private static final List<String> COMPOSE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
    private static final List<String> OVERRIDE_NAMES = List.of("compose.override.yaml", "compose.override.yml",
            "docker-compose.override.yaml", "docker-compose.override.yml");

    public static Manifests load(Path manifestsDir) {
        return load(manifestsDir, LoadOptions.defaults());
    }

    public static Manifests load(Path manifestsDir, LoadOptions options) {
        Path root = manifestsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new ManifestException(root, 0, "not a directory");
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(p -> !hidden(root, p)).sorted().forEach(all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> notes = new ArrayList<>();

        // Helm charts: the shallowest Chart.yaml of each subtree; its files belong to the chart only.
        List<Path> chartDirs = new ArrayList<>();
        for (Path p : all) {
            if (!p.getFileName().toString().equals("Chart.yaml")) continue;
            Path dir = p.getParent();
            if (chartDirs.stream().noneMatch(dir::startsWith)) chartDirs.add(dir);
        }
        List<HelmChart> charts = new ArrayList<>();
        List<KubernetesLoader.Rendered> rendered = new ArrayList<>();
        for (Path dir : chartDirs) {
            HelmChart chart = HelmChart.render(dir, options.helmValues(), options.helmSet());
            charts.add(chart);
            rendered.add(new KubernetesLoader.Rendered(dir.resolve("Chart.yaml"), chart.documents()));
            if (chart.testHooks() > 0) notes.add(root.relativize(dir.resolve("Chart.yaml")) + ": " + chart.testHooks() + " helm test hook(s) not validated");
        }
        if (chartDirs.isEmpty() && (!options.helmValues().isEmpty() || !options.helmSet().isEmpty())) {
            notes.add("--values/--set given but no Helm chart (Chart.yaml) found");
        }
        List<Path> files = all.stream().filter(p -> chartDirs.stream().noneMatch(p::startsWith)).toList();

        List<Path> yamlFiles = new ArrayList<>();
        List<Path> nginxFiles = new ArrayList<>();
        List<Path> kustomizations = new ArrayList<>();
        for (Path p : files) {
            String n = p.getFileName().toString();
            if (n.equals("kustomization.yaml") || n.equals("kustomization.yml")) kustomizations.add(p);
            else if (n.endsWith(".yaml") || n.endsWith(".yml")) yamlFiles.add(p);
            else if (n.endsWith(".conf") || n.endsWith(".conf.template") || n.endsWith(".nginx")) nginxFiles.add(p);
        }

        // Compose: the canonical file of the shallowest directory that has one, else every stack document.
        SwarmStack swarm = null;
        Set<Path> composeFiles = new LinkedHashSet<>();
        Optional<Path> canonical;
        canonical = yamlFiles.stream().filter(p -> COMPOSE_NAMES.contains(p.getFileName().toString()))
                .min(Comparator.comparingInt(Path::getNameCount).thenComparing(p -> COMPOSE_NAMES.indexOf(p.getFileName().toString())));
        Map<Path, List<YNode>> parsed = new LinkedHashMap<>();
        List<Path> composeFileList = composeFileVariable(root, options.environment());
        if (!composeFileList.isEmpty()) {
            // COMPOSE_FILE (environment or .env): the files docker compose -f a -f b would merge, in order.
            canonical = Optional.of(composeFileList.get(0));
            swarm = SwarmLoader.load(composeFileList, options.environment(), notes, true);
            composeFiles.addAll(swarm.files());
        } else if (canonical.isPresent()) {
            Path main = canonical.get();
            List<Path> project = new ArrayList<>(List.of(main));
            OVERRIDE_NAMES.stream().map(main::resolveSibling).filter(Files::isRegularFile).findFirst().ifPresent(project::add);
            swarm = SwarmLoader.load(project, options.environment(), notes, true);
            composeFiles.addAll(swarm.files());
        }
        List<Path> stackFiles = new ArrayList<>();
        List<Path> looseK8s = new ArrayList<>();
        TraefikConfig traefik = new TraefikConfig();
        KubernetesManifests k8s = null;
        KubernetesManifests kustomized = null;
        Set<Path> k8sFiles = new LinkedHashSet<>();
        if (!kustomizations.isEmpty()) {
            kustomizations.sort(Comparator.comparingInt(Path::getNameCount));
            kustomized = KubernetesLoader.fromKustomization(kustomizations.get(0));
            k8sFiles.addAll(kustomized.files());
        }
        for (Path f : yamlFiles) {
            if (k8sFiles.contains(f) || composeFiles.contains(f)) continue;
            List<YNode> docs = parsed.computeIfAbsent(f, YamlFiles::loadAll);
            if (docs.stream().anyMatch(SwarmLoader::isStackDocument)) {
                if (canonical.isPresent()) notes.add(root.relativize(f) + ": Compose file not part of the project "
                        + root.relativize(canonical.get()) + " (not included); not validated");
                else stackFiles.add(f);
            } else if (!docs.isEmpty() && docs.stream().allMatch(TraefikConfig::isDynamicConfig)) {
                docs.forEach(d -> traefik.addFileProvider(d, f));
            } else if (!docs.isEmpty() && docs.stream().allMatch(d -> d.get("kind").exists() && d.get("apiVersion").exists())) {
                if (kustomizations.isEmpty()) looseK8s.add(f);
                else notes.add(root.relativize(f) + ": Kubernetes manifest not listed in " + root.relativize(kustomizations.get(0)) + "; not validated");
            } else {
                notes.add(root.relativize(f) + ": neither a Kubernetes manifest, a Compose file nor Traefik configuration; not validated");
            }
        }
        if (swarm == null && !stackFiles.isEmpty()) swarm = SwarmLoader.load(stackFiles, options.environment(), notes);
        if (kustomized != null && rendered.isEmpty()) {
            k8s = kustomized; // read once: parsing is most of a cold run's time
        } else if (!kustomizations.isEmpty() || !looseK8s.isEmpty() || !rendered.isEmpty()) {
            k8s = KubernetesLoader.load(root, kustomizations.isEmpty() ? null : kustomizations.get(0), looseK8s, rendered);
        }
        GatewayConfig gateway = nginxFiles.isEmpty() ? null : GatewayConfig.load(nginxFiles);
        if (k8s != null) TraefikSources.fromKubernetes(k8s, traefik);
        if (swarm != null) TraefikSources.fromCompose(swarm, traefik);
        return new Manifests(root, k8s, k8s == null ? null : TopologyBuilder.kubernetes(k8s), swarm,
                swarm == null ? null : TopologyBuilder.swarm(swarm, gateway), gateway, List.copyOf(notes),
                traefik, List.copyOf(charts));
    }

    /** The files {@code COMPOSE_FILE} names (the environment first, then the directory's .env), relative to {@code root}. */
    static List<Path> composeFileVariable(Path root, Map<String, String> environment) {
        String v = environment.get("COMPOSE_FILE");
        Map<String, String> dotEnv = ComposeInterpolation.dotEnv(root.resolve(".env"));
        if (v == null) v = dotEnv.get("COMPOSE_FILE");
        if (v == null || v.isBlank()) return List.of();
        String sep = environment.getOrDefault("COMPOSE_PATH_SEPARATOR", dotEnv.getOrDefault("COMPOSE_PATH_SEPARATOR", ":"));
        List<Path> out = new ArrayList<>();
        for (String f : v.split(java.util.regex.Pattern.quote(sep))) {
            if (f.isBlank()) continue;
            Path p = root.resolve(f.strip()).normalize();
            if (!Files.isRegularFile(p)) throw new ManifestException(root.resolve(".env"), 0, "COMPOSE_FILE names " + f.strip() + ", which does not exist");
            out.add(p);
        }
        return out;
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    public Optional<Topology> kubernetesTopology() { return Optional.ofNullable(kubernetes); }

    public Optional<Topology> swarmTopology() { return Optional.ofNullable(swarm); }

    public Optional<GatewayConfig> gatewayConfig() { return Optional.ofNullable(gateway); }

    /** True when Traefik routing was found (file provider, ConfigMap or Docker labels). */
    public boolean hasTraefik() { return traefik != null && !traefik.isEmpty(); }

    /** Gateway upstreams (proxy_pass targets), placeholders left as written. */
    public List<GatewayConfig.Upstream> gatewayUpstreams() {
        return gateway == null ? List.of() : gateway.upstreams();
    }
}
