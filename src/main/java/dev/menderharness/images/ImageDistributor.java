package dev.menderharness.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.menderharness.support.Futures;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Moves images from the host engine into cluster nodes without a registry: every needed image is
 * saved once (one tar, shared layers stored once), then loaded into the nodes in parallel. A node
 * that already has an image with the same ID is not sent that image again. One distributor serves
 * one cluster: a bring-up may save its images ahead ({@link #presave}) and start loading them into
 * each node as soon as its engine answers ({@link #preload}); {@link #distribute} then uses both.
 */
public final class ImageDistributor implements AutoCloseable {

    /** What one distribution did, for the log and the benchmark. */
    public record Result(Map<String, List<String>> loadedPerNode, long tarBytes, double seconds) {
    }

    private final DockerClient host;
    private final Reporter reporter;

    /** A tar saved ahead of time, with the host image IDs it holds. */
    private record SavedTar(Path tar, Map<String, String> ids) {
    }

    /** Tars saved ahead (while nodes boot), reused by every later distribution of the same images. */
    private final Map<Set<String>, CompletableFuture<SavedTar>> presaved = new java.util.concurrent.ConcurrentHashMap<>();
    /** Loads of presaved tars started as soon as a node's daemon answered, by that node's client (identity). */
    private final Map<DockerClient, CompletableFuture<Void>> preloads = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path workDir;

    /** {@code workDir}: where the saved tars go (the run's own directory, never /tmp). */
    public ImageDistributor(DockerClient host, Reporter reporter, Path workDir) {
        this.host = host;
        this.reporter = reporter;
        this.workDir = workDir;
    }

    /**
     * Starts saving {@code images} in the background, so the tar is ready when nodes are: a later
     * {@link #distribute} of these images (or fewer) loads it instead of saving again. Unknown
     * images are left to {@link #distribute} to report.
     */
    public void presave(Set<String> images) {
        Set<String> key = Set.copyOf(new TreeSet<>(images));
        presaved.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
            try {
                Map<String, String> ids = ImageIds.of(host, k); // a missing image fails the save below
                return new SavedTar(save(k), ids);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** A presaved tar holding at least {@code images} at exactly {@code ids}, if one is (or will be) ready. */
    private java.util.Optional<Path> presaved(Set<String> images, Map<String, String> ids) {
        for (var e : presaved.entrySet()) {
            if (!e.getKey().containsAll(images)) continue;
            try {
                SavedTar t = e.getValue().join();
                if (images.stream().allMatch(i -> ids.get(i).equals(t.ids().get(i))) && Files.exists(t.tar())) {
                    return java.util.Optional.of(t.tar());
                }
            } catch (RuntimeException failed) {
                // the presave failed (e.g. an image missing): save the usual way, which reports it properly
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Starts loading every presaved tar into a node whose daemon just answered, in the background,
     * so loading overlaps with the other nodes' start and with swarm init/join. Images the node
     * already has (same ID) are not sent. A later {@link #distribute} to this client waits for it
     * and loads only what is still missing; a failed preload is left to it to redo and report.
     */
    public void preload(String nodeName, DockerClient node) {
        if (presaved.isEmpty()) return;
        CompletableFuture<Void> f = new CompletableFuture<>();
        preloads.put(node, f);
        Thread t = new Thread(() -> {
            try {
                for (CompletableFuture<SavedTar> saving : List.copyOf(presaved.values())) {
                    SavedTar saved = saving.join();
                    Map<String, String> held = ImageIds.of(node, saved.ids().keySet());
                    boolean missing = saved.ids().entrySet().stream().anyMatch(e -> !e.getValue().equals(held.get(e.getKey())));
                    if (missing && Files.exists(saved.tar())) load(node, nodeName, saved.tar());
                }
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "mh-preload-" + nodeName);
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the preloads of {@code nodes} (failures are ignored: distribute loads what is missing). */
    private void awaitPreloads(Map<String, DockerClient> nodes) {
        for (DockerClient node : nodes.values()) {
            CompletableFuture<Void> f = preloads.remove(node);
            if (f == null) continue;
            try {
                f.join();
            } catch (RuntimeException e) {
                reporter.progress("early image load failed (" + e.getMessage() + "); loading again");
            }
        }
    }

    /**
     * Loads {@code images} (host names, e.g. {@code mender-harness/deployments:ab12}) into every node
     * of {@code nodes} (node name to that node's client).
     */
    public Result distribute(Set<String> images, Map<String, DockerClient> nodes) {
        try {
            return distributeOnce(images, nodes);
        } catch (HostImageChanged e) {
            // Someone rebuilt a tag on the host while we copied it (content-hash tags, non-reproducible layers): once more.
            reporter.progress(e.getMessage() + "; distributing again");
            return distributeOnce(images, nodes);
        }
    }

    private static final class HostImageChanged extends IllegalStateException {
        HostImageChanged(String image) {
            super("image " + image + " changed on the Docker host during distribution");
        }
    }

    private Result distributeOnce(Set<String> images, Map<String, DockerClient> nodes) {
        Stopwatch watch = Stopwatch.start();
        awaitPreloads(nodes);
        double preloadWait = watch.seconds();
        Map<String, String> hostIds = ImageIds.of(host, new TreeSet<>(images));
        for (String image : new TreeSet<>(images)) {
            if (!hostIds.containsKey(image)) {
                throw new IllegalStateException("image " + image + " is not on the Docker host; build the fixture images with"
                        + " `java -jar target/mender-cluster-harness.jar images build --policy fixture`"
                        + " or pull it where a registry is reachable");
            }
        }
        // Which node misses which image; nodes missing the same set share one tar.
        Map<String, Set<String>> missingPerNode = missingPerNode(hostIds, nodes);
        Map<Set<String>, List<String>> nodesByMissing = new LinkedHashMap<>();
        for (String node : nodes.keySet()) {
            Set<String> missing = missingPerNode.get(node);
            if (!missing.isEmpty()) nodesByMissing.computeIfAbsent(missing, k -> new ArrayList<>()).add(node);
        }
        Map<String, List<String>> loaded = new LinkedHashMap<>();
        long bytes = 0;
        double saveSeconds = 0;
        for (var group : nodesByMissing.entrySet()) {
            Path tar;
            java.util.Optional<Path> ahead = presaved(group.getKey(), hostIds);
            try {
                Stopwatch saving = Stopwatch.start();
                tar = ahead.isPresent() ? ahead.get() : save(group.getKey());
                saveSeconds += saving.seconds();
            } catch (IOException e) {
                throw new UncheckedIOException("docker save " + group.getKey() + ": " + e.getMessage(), e);
            }
            try {
                bytes += Files.size(tar);
                List<CompletableFuture<Void>> loads = new ArrayList<>();
                for (String node : group.getValue()) {
                    loads.add(CompletableFuture.runAsync(() -> load(nodes.get(node), node, tar)));
                    loaded.put(node, List.copyOf(group.getKey()));
                }
                join(loads);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    if (ahead.isEmpty()) Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
            // A load that "succeeded" but left another image ID behind would make nodes run something else.
            Map<String, String> groupIds = new LinkedHashMap<>();
            group.getKey().forEach(i -> groupIds.put(i, hostIds.get(i)));
            Map<String, DockerClient> groupNodes = new LinkedHashMap<>();
            group.getValue().forEach(n -> groupNodes.put(n, nodes.get(n)));
            for (var stillMissing : missingPerNode(groupIds, groupNodes).entrySet()) {
                for (String image : stillMissing.getValue()) {
                    if (!sameId(host, image, hostIds.get(image))) throw new HostImageChanged(image);
                    throw new IllegalStateException("node " + stillMissing.getKey() + " has a different " + image + " after loading it");
                }
            }
        }
        double seconds = watch.seconds();
        // A line when there was something to load or wait for; "every node had them" again on each
        // re-apply would be noise in the log
        if (!loaded.isEmpty() || preloadWait >= 0.1) {
            reporter.progress(String.format("images: %d needed, loaded into %d node(s) (%.0f MB tar, save %.1fs) in %.1fs"
                            + " after %.1fs waiting for loads started at node start%s", hostIds.size(),
                    loaded.size(), bytes / 1e6, saveSeconds, seconds - preloadWait, preloadWait,
                    loaded.isEmpty() ? ", every node already had them" : ""));
        }
        return new Result(loaded, bytes, seconds);
    }

    /** Per node, the images of {@code ids} it lacks at exactly that ID; nodes asked in parallel, one listing each. */
    private static Map<String, Set<String>> missingPerNode(Map<String, String> ids, Map<String, DockerClient> nodes) {
        Map<String, CompletableFuture<Map<String, String>>> held = new LinkedHashMap<>();
        nodes.forEach((name, client) -> held.put(name, CompletableFuture.supplyAsync(() -> ImageIds.of(client, ids.keySet()))));
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (var node : held.entrySet()) {
            Map<String, String> has = Futures.join(node.getValue());
            Set<String> lacks = new TreeSet<>();
            ids.forEach((image, id) -> {
                if (!id.equals(has.get(image))) lacks.add(image);
            });
            missing.put(node.getKey(), lacks);
        }
        return missing;
    }

    private static boolean sameId(DockerClient node, String image, String id) {
        try {
            return id.equals(node.inspectImageCmd(image).exec().getId());
        } catch (NotFoundException e) {
            return false;
        }
    }

    private Path save(Set<String> images) throws IOException {
        Path tar = Files.createTempFile(Files.createDirectories(workDir), "images-", ".tar");
        var cmd = host.saveImagesCmd();
        for (String image : images) {
            int colon = image.lastIndexOf(':');
            boolean hasTag = colon > image.lastIndexOf('/');
            cmd.withImage(hasTag ? image.substring(0, colon) : image, hasTag ? image.substring(colon + 1) : "latest");
        }
        try (InputStream in = cmd.exec()) {
            Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
        }
        return tar;
    }

    /**
     * Loads a tar and reads the daemon's progress stream to its end: closing the response early
     * (what the synchronous loadImageCmd does) makes the daemon abort the load part-way.
     */
    private static void load(DockerClient node, String name, Path tar) {
        StringBuilder errors = new StringBuilder();
        try (InputStream in = Files.newInputStream(tar);
             var cb = node.loadImageAsyncCmd(in).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                     com.github.dockerjava.api.model.LoadResponseItem>() {
                 @Override
                 public void onNext(com.github.dockerjava.api.model.LoadResponseItem item) {
                     if (item.getError() != null) errors.append(item.getError()).append('\n');
                 }
             })) {
            cb.awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException("loading images into node " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted loading images into node " + name, e);
        }
        if (errors.length() > 0) {
            throw new IllegalStateException("loading images into node " + name + " failed: " + errors.toString().strip());
        }
    }

    private static void join(List<CompletableFuture<Void>> futures) {
        Futures.join(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
    }

    /** Removes the tars saved ahead (they hold the images, not secrets, but are large). */
    @Override
    public void close() {
        for (CompletableFuture<SavedTar> f : presaved.values()) {
            f.thenAccept(t -> {
                try {
                    Files.deleteIfExists(t.tar());
                } catch (IOException ignored) {
                    // a temp file: best effort
                }
            });
        }
        presaved.clear();
    }
}
