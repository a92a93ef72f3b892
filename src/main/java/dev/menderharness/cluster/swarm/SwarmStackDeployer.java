package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SecretSpec;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunDirectory;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.cluster.StackDeployException;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.manifest.ComposeFlattener;
import dev.menderharness.stack.DeploySecrets;
import dev.menderharness.stack.DeployTimeSettings;
import dev.menderharness.support.Futures;
import dev.menderharness.support.SecretMasker;
import dev.menderharness.support.Stopwatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Deploys a manifests directory (the one holding {@code swarm/stack.yml}) to a DinD swarm:
 * copies it, applies the image policy and the deploy-time settings to the copy, creates the
 * deploy-time secrets, loads the images into every node, and runs {@code docker stack deploy
 * --resolve-image never} in the manager (no node ever pulls).
 */
public final class SwarmStackDeployer {

    static final String STACK_FILE = "swarm/stack.yml";

    private final SwarmCluster cluster;
    private int revision;

    public SwarmStackDeployer(SwarmCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Deploys and waits until ready. A stack that does not become ready stays up for inspection and
     * the failure carries its diagnostics ({@link StackDeployException}).
     */
    public RunningStack deploy(Path manifestsDir, String stackName) {
        Stopwatch staging = Stopwatch.start();
        String probeImage = cluster.imagePolicy().resolve(HarnessImages.PROBE);
        SwarmProbes probes = new SwarmProbes(cluster.manager(), probeImage, stackName, cluster.labels().asMap());
        Staged staged = stage(manifestsDir, stackName, probeImage);
        SwarmRunningStack stack = new SwarmRunningStack(cluster, stackName, this, probes, staged.deployed());
        cluster.phaseSeconds().put("images", staging.seconds());
        Stopwatch deploying = Stopwatch.start();
        try {
            deployStaged(stackName, staged);
            cluster.phaseSeconds().put("deploy", deploying.seconds());
            Stopwatch healthy = Stopwatch.start();
            java.time.Instant deployed = java.time.Instant.now();
            stack.awaitReady(cluster.settings().stackReadyTimeout());
            cluster.phaseSeconds().put("healthy", healthy.seconds());
            SwarmReadiness.BringUp bringUp = stack.readiness().bringUp(deployed);
            stack.recordBringUp(bringUp.exited());
            reporter().progress("stack " + stackName + ": tasks running since (after deploy): " + bringUp.runningSince());
        } catch (RuntimeException e) {
            throw new StackDeployException(e.getMessage(), stack.diagnostics(), e);
        }
        reporter().progress(String.format("stack %s ready: images %.1fs, deploy %.1fs, healthy %.1fs; tasks that exited meanwhile: %s",
                stackName, cluster.phaseSeconds().get("images"), cluster.phaseSeconds().get("deploy"),
                cluster.phaseSeconds().get("healthy"), stack.exitedDuringBringUp()));
        return stack;
    }

    private dev.menderharness.support.Reporter reporter() {
        return cluster.reporter();
    }

    /**
     * The images a deploy of {@code manifestsDir} will load into the nodes (after the policy, plus
     * the probe), or empty when the manifests cannot be read (the deploy reports that properly).
     */
    public static Set<String> imagesFor(Path manifestsDir, dev.menderharness.images.ImagePolicy policy) {
        try {
            StackFile stack = userStack(manifestsDir, java.util.Map.of()).orElseThrow();
            Set<String> images = new LinkedHashSet<>(resolveAll(stack, policy::resolve));
            images.add(policy.resolve(HarnessImages.PROBE));
            return images;
        } catch (dev.menderharness.images.ImageException e) {
            throw e; // an image the policy cannot supply stops the bring-up here, in one line
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    /**
     * Every image of the stack through the policy. Images it cannot supply are named together in one
     * line ({@code the fixture images cannot supply traefik:v3.7.1, chrislusf/seaweedfs:4.31: use
     * image policy upstream or mirror ...}); any other failure is the first one's.
     */
    static List<String> resolveAll(StackFile stack, java.util.function.UnaryOperator<String> policy) {
        List<String> resolved = new ArrayList<>();
        List<dev.menderharness.images.ImageException> failed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String s : stack.services().keySet()) {
            String image = stack.image(s);
            if (image == null) continue;
            try {
                resolved.add(policy.apply(image));
            } catch (dev.menderharness.images.ImageException e) {
                failed.add(e);
                if (!missing.contains(image)) missing.add(image);
            }
        }
        if (failed.isEmpty()) return resolved;
        String prefix = "the fixture images cannot supply ";
        String first = failed.get(0).getMessage();
        if (missing.size() > 1 && failed.stream().allMatch(e -> String.valueOf(e.getMessage()).startsWith(prefix))) {
            String advice = first.substring(first.indexOf(": ") + 2).replace("pull it", "pull them");
            throw new dev.menderharness.images.ImageException(prefix + String.join(", ", missing) + ": " + advice);
        }
        throw failed.get(0);
    }

    /** Why {@code dir} holds no stack file (or Compose project) this deployer reads, else empty. */
    static Optional<String> stackFileProblem(Path dir) {
        return Files.isRegularFile(dir.resolve(STACK_FILE)) || ComposeFlattener.projectFile(dir).isPresent() ? Optional.empty()
                : Optional.of(dir + ": no " + STACK_FILE + " nor docker-compose.yml (the Swarm form of the manifests)");
    }

    /**
     * The user's stack: {@code swarm/stack.yml}, or a Compose project ({@code docker-compose.yml} with
     * include, extends and interpolation from {@code environment} and {@code .env}) flattened into the
     * stack file that would be {@code swarm/stack.yml} ({@link ComposeFlattener}).
     */
    static Optional<StackFile> userStack(Path manifestsDir, java.util.Map<String, String> environment) {
        Path userFile = manifestsDir.resolve(STACK_FILE);
        if (Files.isRegularFile(userFile)) return Optional.of(StackFile.read(userFile));
        return ComposeFlattener.flatten(manifestsDir, environment, userFile.getParent())
                .map(f -> StackFile.parse(userFile, f.yaml()));
    }

    /** {@link RunningStack#apply}: the same steps on another manifests directory, same stack name. */
    void redeploy(SwarmRunningStack stack, Path manifestsDir) {
        String probeImage = cluster.imagePolicy().resolve(HarnessImages.PROBE);
        Staged staged = stage(manifestsDir, stack.name(), probeImage);
        deployStaged(stack.name(), staged);
        stack.deployed(staged.deployed());
    }

    /** A staged deploy: what goes to the swarm, and the local copy (it holds the manifests' secrets). */
    private record Staged(SwarmRunningStack.DeployedStack deployed, Path localCopy) {
    }

    /** {@code docker stack deploy}, then the local copy goes: the manager (or, on docker-host, the CLI) has read it. */
    private void deployStaged(String stackName, Staged staged) {
        try {
            stackDeploy(stackName, staged.deployed().source());
        } finally {
            RunDirectory.deleteTree(staged.localCopy());
        }
    }

    /** Copies, adapts, creates secrets, loads images, copies into the manager. */
    private Staged stage(Path manifestsDir, String stackName, String probeImage) {
        Path userFile = manifestsDir.resolve(STACK_FILE);
        Stopwatch watch = Stopwatch.start();
        StackFile original = userStack(manifestsDir, cluster.settings().environment()).orElseThrow(() -> new IllegalArgumentException(
                manifestsDir + ": no " + STACK_FILE + " nor docker-compose.yml (set -Dmanifests.dir to a directory holding either)"));
        // Every image through the policy first: one the policy cannot supply (in fixture mode, Traefik)
        // is named in one line before any adaptation complains about something else.
        resolveAll(original, cluster.imagePolicy()::resolve);
        Path staging = copyToStaging(manifestsDir, stackName);
        Path stagedFile = staging.resolve(STACK_FILE);
        if (!Files.isRegularFile(userFile)) {
            // A Compose project: its flattened stack goes where swarm/stack.yml would be, so relative paths hold.
            reporter().progress("compose project " + manifestsDir + " flattened into one stack file for docker stack deploy");
            try {
                Files.createDirectories(stagedFile.getParent());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            original.write(stagedFile);
        }
        StackFile adapted = StackFile.read(stagedFile);
        String url = cluster.manager().published("https", 443).toString();
        List<String> adaptations = new ArrayList<>(new StackAdaptations().apply(adapted,
                new StackAdaptations.Settings(cluster.imagePolicy()::resolve, ipvs(), url, stackName, stagedFile.getParent())));
        if (cluster.shared()) {
            adaptations.addAll(StackAdaptations.nameExternalSecretsPerStack(adapted, stackName));
            adaptations.addAll(StackAdaptations.republishGateway(adapted,
                    StackAdaptations.gatewayService(original).orElse(null), cluster.publishedPorts()));
        }
        if (revision == 0) {
            DeployTimeSettings.report(reporter(), stackName, adaptations);
        } else {
            DeployTimeSettings.attach(reporter(), stackName, adaptations);
        }
        adapted.write(stagedFile);
        double adaptSeconds = watch.seconds();
        Stopwatch parallel = Stopwatch.start();
        Set<String> images = new LinkedHashSet<>();
        adapted.services().keySet().forEach(s -> images.add(adapted.image(s)));
        images.add(probeImage);
        // Images go to the nodes, secrets are created and the files copied into the manager at the
        // same time: independent, and with seeded nodes the ID checks alone take as long as the rest.
        CompletableFuture<Double> loading = timed(() -> cluster.loadImages(images));
        String remoteDir = "/stacks/" + stackName + "/" + (++revision);
        CompletableFuture<Double> copying = timed(() -> cluster.manager().copyIn(staging, remoteDir));
        createSecrets(adapted);
        double secretsSeconds = parallel.seconds();
        double copySeconds = Futures.join(copying);
        double imagesSeconds = Futures.join(loading);
        // The "images" bring-up phase is all of this, not only the loading: say where its time went.
        String staged = String.format("staged %s in %.1fs: adaptations %.1fs, then in parallel: images %.1fs | secrets %.1fs"
                        + " | copy to manager %.1fs", stackName, watch.seconds(), adaptSeconds, imagesSeconds,
                secretsSeconds, copySeconds);
        // the first deploy's staging is a bring-up phase worth a log line; a re-apply's goes to the report only
        if (revision == 1) {
            reporter().progress(staged);
        } else {
            reporter().attach("staging of " + stackName + " (revision " + revision + ")", staged);
        }
        return new Staged(new SwarmRunningStack.DeployedStack(StackTopology.of(original, manifestsDir), original, adapted.toYaml(),
                adaptations, Path.of(remoteDir, STACK_FILE)), staging);
    }

    private void stackDeploy(String stackName, Path remoteStackFile) {
        ExecResult r = cluster.manager().exec("docker", "stack", "deploy", "--resolve-image", "never",
                "-c", remoteStackFile.toString(), stackName);
        if (!r.ok()) {
            throw new IllegalStateException("docker stack deploy of " + stackName + " failed: "
                    + SecretMasker.mask((r.stderr() + r.stdout()).strip()));
        }
    }

    private Boolean ipvs;

    /**
     * Whether this swarm has IPVS (VIPs, ingress mesh). {@code -Dswarm.ipvs=on|off} overrides the
     * check, which looks for /proc/net/ip_vs inside the manager node.
     */
    synchronized boolean ipvs() {
        if (ipvs == null) {
            String setting = cluster.settings().swarmIpvs();
            ipvs = switch (setting) {
                case "on" -> true;
                case "off" -> false;
                default -> cluster.hasIpvs();
            };
            reporter().progress("IPVS " + (ipvs ? "available" : "not available") + " in the swarm nodes"
                    + ("auto".equals(setting) ? " (/proc/net/ip_vs in a node)" : " (-Dswarm.ipvs=" + setting + ")")
                    + (ipvs ? "" : ": services get endpoint_mode dnsrr, the gateway host-mode ports on the manager"));
        }
        return ipvs;
    }

    /** Deploy-time secrets (never committed): created before deploy, skipped when already there. */
    private void createSecrets(StackFile stack) {
        DockerClient manager = cluster.manager().client();
        Set<String> existing = new LinkedHashSet<>();
        manager.listSecretsCmd().exec().forEach(s -> existing.add(s.getSpec().getName()));
        if (existing.containsAll(externalSecretNames(stack))) return; // a redeploy (apply): keep the run's material
        Map<String, byte[]> material = DeployTimeMaterial.forStack(stack, cluster::deploySecretMaterial);
        // All at once: each is a round trip to the manager, which has just started.
        List<java.util.concurrent.CompletableFuture<Void>> creates = material.entrySet().stream()
                .filter(e -> !existing.contains(e.getKey()))
                .map(e -> java.util.concurrent.CompletableFuture.runAsync(() -> manager.createSecretCmd(new SecretSpec()
                        .withName(e.getKey()).withLabels(cluster.labels().asMap())
                        // SecretSpec.withData base64-encodes the String itself; DeploySecrets material is PEM (ASCII)
                        .withData(new String(e.getValue(), java.nio.charset.StandardCharsets.US_ASCII))).exec()))
                .toList();
        creates.forEach(dev.menderharness.support.Futures::join);
    }

    private static Set<String> externalSecretNames(StackFile stack) {
        Set<String> names = new LinkedHashSet<>();
        if (stack.root().get("secrets") instanceof Map<?, ?> secrets) {
            secrets.forEach((k, v) -> {
                if (v instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("external"))) {
                    names.add(m.get("name") == null ? k.toString() : m.get("name").toString());
                }
            });
        }
        return names;
    }

    private Path copyToStaging(Path manifestsDir, String stackName) {
        try {
            Path staging = Files.createTempDirectory(RunDirectory.create(cluster.settings().stateDir(), cluster.runId()),
                    "staged-" + stackName + "-");
            try (Stream<Path> paths = Files.walk(manifestsDir)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    Path dest = staging.resolve(manifestsDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
            return staging;
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + manifestsDir + ": " + e.getMessage(), e);
        }
    }


    /** {@code work} in the background; completes with the seconds it took. */
    private static CompletableFuture<Double> timed(Runnable work) {
        return CompletableFuture.supplyAsync(() -> {
            Stopwatch w = Stopwatch.start();
            work.run();
            return w.seconds();
        });
    }
}
