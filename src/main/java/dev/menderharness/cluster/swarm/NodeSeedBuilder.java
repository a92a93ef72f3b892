package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.Reaper;
import dev.menderharness.cluster.RunDirectory;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.images.ImageDistributor;
import dev.menderharness.images.ImageIds;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the {@link NodeSeed} of a DinD image and a set of host images: one throwaway DinD node
 * (same spec as swarm nodes, its own run id and labels, so a killed build is reaped like a run)
 * loads the images, stops cleanly, and its data root becomes {@code /seed/docker-data.tar} of an
 * image built {@code FROM} the DinD image. A seed for the same inputs is reused; older seeds are
 * removed, so at most one stays on the host.
 */
public final class NodeSeedBuilder {

    /** What {@link #ensure} did. */
    public record Outcome(String image, boolean built, int images, long tarBytes, double seconds) {
        public String line() {
            return String.format("node seed %s: %s (%d images%s) in %.1fs", image, built ? "built" : "reused", images,
                    built ? String.format(", data root %.0f MB", tarBytes / 1e6) : "", seconds);
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient host;
    private final Reporter reporter;
    private final Path runsDir;

    /** {@code runsDir}: where the build's run keeps its work directory (the seed's data root tar). */
    public NodeSeedBuilder(DockerClient host, Reporter reporter, Path runsDir) {
        this.host = host;
        this.reporter = reporter;
        this.runsDir = runsDir;
    }

    /** The seed of {@code dindImage} holding {@code images} (host names), built unless it exists. */
    public Outcome ensure(String dindImage, Set<String> images) {
        Stopwatch watch = Stopwatch.start();
        Set<String> names = new java.util.LinkedHashSet<>(List.of(dindImage));
        names.addAll(images);
        Map<String, String> found = ImageIds.of(host, names);
        for (String name : names) {
            if (!found.containsKey(name)) HostDocker.requireImage(host, name, name); // its one-line error
        }
        String dindId = found.get(dindImage);
        Map<String, String> ids = new TreeMap<>();
        for (String image : images) ids.put(image, found.get(image));
        String tag = NodeSeed.tag(dindId, ids);
        if (exists(tag)) {
            return new Outcome(tag, false, ids.size(), 0, watch.seconds());
        }
        long bytes = build(dindImage, dindId, ids, tag);
        removeOtherSeeds(tag);
        return new Outcome(tag, true, ids.size(), bytes, watch.seconds());
    }

    private long build(String dindImage, String dindId, Map<String, String> ids, String tag) {
        String runId = RunLabels.newRunId();
        Map<String, String> labels = RunLabels.forThisProcess(runId, Duration.ofMinutes(30), false).asMap();
        RunNetwork network = RunNetwork.create(host, "mh-" + runId, labels);
        String volume = "mh-" + runId + "-docker";
        Path context = null;
        DindNode node = null;
        try {
            host.createVolumeCmd().withName(volume).withLabels(labels).exec();
            // kept = plain docker-java: the CLI builds seeds without Testcontainers; cleanup is ours (finally, Reaper)
            var worked = new java.util.concurrent.atomic.AtomicReference<NodeSecurity>();
            node = NodeSecurity.withFallback(reporter, sec -> {
                DindNode started = DindNode.start(host, dindImage, runId, "seed", network, volume, labels, sec, List.of(), true,
                        NodeTls.generate(runId));
                worked.set(sec);
                return started;
            });
            new ImageDistributor(host, reporter, RunDirectory.create(runsDir, runId)).distribute(ids.keySet(), Map.of("seed", node.client()));
            node.stop(STOP_TIMEOUT);
            context = Files.createTempDirectory(RunDirectory.create(runsDir, runId), "node-seed-");
            Path data = context.resolve("docker-data.tar");
            try (InputStream in = host.copyArchiveFromContainerCmd(node.containerId(), "/var/lib/docker/nodes/seed").exec()) {
                Files.copy(in, data);
            }
            Files.writeString(context.resolve("Dockerfile"),
                    "FROM " + dindImage + "\nCOPY docker-data.tar /seed/docker-data.tar\n");
            host.buildImageCmd(context.toFile()).withTags(Set.of(tag)).withPull(false)
                    .withLabels(Map.of(NodeSeed.LABEL_DIND, dindId, NodeSeed.LABEL_IMAGES, NodeSeed.imagesLabel(ids),
                            NodeSeed.LABEL_SECURITY, worked.get().name()))
                    .exec(new BuildImageResultCallback()).awaitImageId();
            reporter.progress("node seed " + tag + " built from " + dindImage + " and " + ids.size() + " images");
            return Files.size(data);
        } catch (IOException e) {
            throw new UncheckedIOException("building node seed " + tag + ": " + e.getMessage(), e);
        } finally {
            if (node != null) node.close();
            network.close();
            new Reaper(host, reporter, runsDir).removeRun(runId); // the volume, and anything a failed start left
            TempDirs.deleteTree(context);
        }
    }

    private boolean exists(String image) {
        try {
            host.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Seeds of earlier image sets are dead weight (one data root each): keep only {@code keep}. */
    private void removeOtherSeeds(String keep) {
        for (var img : host.listImagesCmd().withImageNameFilter(NodeSeed.REPOSITORY).exec()) {
            if (img.getRepoTags() == null) continue;
            for (String tag : img.getRepoTags()) {
                if (tag.startsWith(NodeSeed.REPOSITORY + ":") && !tag.equals(keep)) {
                    try {
                        host.removeImageCmd(tag).exec();
                    } catch (RuntimeException inUse) {
                        reporter.progress("old node seed " + tag + " left in place: " + Exceptions.rootLine(inUse));
                    }
                }
            }
        }
    }
}
