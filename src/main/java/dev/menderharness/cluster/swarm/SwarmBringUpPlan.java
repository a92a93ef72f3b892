package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.Reaper;
import dev.menderharness.cluster.RunDirectory;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImageDistributor;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.stack.DeploySecrets;
import dev.menderharness.support.Futures;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The work a DinD swarm's bring-up does beside starting its nodes, started at once and owned by
 * the cluster (nothing of it is global): the reaper of dead runs, the node-seed lookup, the run's
 * network and volume, the engine TLS, the first stack's deploy-time secrets, and saving the first
 * stack's images for loading into each node as soon as its engine answers (unless the seed holds
 * them all). Each part is a future; the nodes wait only for what they need (seed, network, volume).
 */
final class SwarmBringUpPlan {

    private final Stopwatch watch = Stopwatch.start();
    private final Map<String, Double> doneAfter = new ConcurrentSkipListMap<>();
    private final Reporter reporter;
    final String dindImage;
    final String volumeName;
    final RunVolume volume;
    final CompletableFuture<Set<String>> reaped;
    final CompletableFuture<NodeSeed> seed;
    final CompletableFuture<RunNetwork> network;
    final CompletableFuture<Boolean> volumeMade;
    /** Images the first stack needs (after the policy); empty when the manifests are unknown or unreadable. */
    final CompletableFuture<Set<String>> firstStackImages;
    /** Saving the first stack's images ahead, once the seed lookup said it is needed. */
    final CompletableFuture<Void> presaveDecision;
    private final AtomicReference<CompletableFuture<Map<String, byte[]>>> firstSecrets;
    final ImageDistributor images;

    private SwarmBringUpPlan(DockerClient host, ClusterOptions options, RunLabels labels, ImagePolicy policy, boolean useSeed) {
        this.reporter = options.reporter();
        String runId = options.runId();
        this.dindImage = policy.resolve(HarnessImages.DIND);
        this.volume = RunVolume.parse(options.settings().swarmNodeVolume());
        this.volumeName = "mh-" + runId + "-docker";
        this.images = new ImageDistributor(host, reporter, RunDirectory.create(options.settings().stateDir(), runId));
        // CPU-heavy key generation overlaps the node start
        this.firstSecrets = new AtomicReference<>(CompletableFuture.supplyAsync(DeploySecrets::generate));
        this.reaped = timed("reaper", () -> new Reaper(host, reporter, options.settings().stateDir()).reap(runId));
        this.seed = timed("seed lookup", () -> {
            HostDocker.requireImage(host, dindImage, HarnessImages.DIND);
            return useSeed ? seedFor(host, dindImage) : null;
        });
        this.network = timed("network", () -> RunNetwork.create(host, "mh-" + runId, labels.asMap()));
        this.volumeMade = timed("volume", () -> {
            volume.create(host, volumeName, labels.asMap());
            return true;
        });
        Path manifests = options.manifestsDir();
        this.firstStackImages = timed("stack images", () -> manifests == null ? Set.<String>of()
                : SwarmStackDeployer.imagesFor(manifests, policy));
        // A seed that holds them all makes the saved tar useless work.
        this.presaveDecision = seed.exceptionally(e -> null).thenAcceptBoth(firstStackImages.exceptionally(e -> Set.of()),
                (s, needed) -> {
                    if (!needed.isEmpty() && (s == null || !s.images().keySet().containsAll(needed))) images.presave(needed);
                });
    }

    static SwarmBringUpPlan start(DockerClient host, ClusterOptions options, RunLabels labels, ImagePolicy policy) {
        return new SwarmBringUpPlan(host, options, labels, policy, options.settings().swarmNodeSeed());
    }

    /** Notes that {@code part} is done now (the TLS material is made on the calling thread). */
    void done(String part) {
        doneAfter.put(part, watch.seconds());
    }

    /** Waits for what the nodes need; says how long the preparation took and when each part finished. */
    void awaitNodePrerequisites() {
        CompletableFuture.allOf(seed, network, volumeMade).exceptionally(e -> null).join();
        Futures.join(network);
        Futures.join(volumeMade);
        Futures.join(seed);
        reporter.progress(String.format("nodes: starting after %.1fs of preparation (done after: %s)", watch.seconds(),
                doneAfter.entrySet().stream().map(e -> String.format("%s %.1fs", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
    }

    /** The first stack's secrets, generated during the bring-up; fresh material for every later stack. */
    Map<String, byte[]> takeSecrets() {
        CompletableFuture<Map<String, byte[]>> prepared = firstSecrets.getAndSet(null);
        return prepared == null ? DeploySecrets.generate() : Futures.join(prepared);
    }

    /** Waits for every part (after a failed start, before removing what was made). */
    void settle() {
        CompletableFuture.allOf(reaped, seed, network, volumeMade, presaveDecision).exceptionally(x -> null).join();
    }

    /**
     * {@code work} on a thread of its own (it blocks on the engine, and the reaper may outlast the
     * preparation: in the common pool it could hold up a node start); records when it finished.
     */
    private <T> CompletableFuture<T> timed(String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            T result = work.get();
            done(name);
            return result;
        }, task -> {
            Thread t = new Thread(task, "mh-prep-" + name.replace(' ', '-'));
            t.setDaemon(true);
            t.start();
        });
    }

    /** The node seed for {@code dindImage} and this host's images, or null; says which. */
    private NodeSeed seedFor(DockerClient host, String dindImage) {
        return NodeSeed.find(host, dindImage).map(found -> {
            reporter.progress("nodes start from node seed " + found.image() + " (" + found.images().size()
                    + " images in every node's store before it starts; any other image is loaded as usual)");
            return found;
        }).orElseGet(() -> {
            reporter.progress("no node seed for " + dindImage + " and the images on this host: every node loads the stack's"
                    + " images (`java -jar target/mender-cluster-harness.jar images seed --policy P` builds one)");
            return null;
        });
    }
}
