package dev.menderharness.images;

import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the base image and every fixture image whose tag is missing, parents first. An image
 * whose tag exists is reused untouched: the tag is the hash of its inputs.
 */
public final class FixtureImageBuilder {

    /** What happened to one image in a build run. */
    public record Outcome(String name, String image, boolean built, double seconds, long sizeBytes) {
        public String line() {
            return String.format("%s %s (%.1fs)", built ? "built" : "reused", image, seconds);
        }
    }

    /** Builds running at once; more only queue on a 2-core host's disk and network. */
    private static final int PARALLEL_BUILDS = 3;

    private final FixtureImageSet set;

    public FixtureImageBuilder(FixtureImageSet set) {
        this.set = set;
    }

    /**
     * Ensures every image exists. {@code fromScratch} rebuilds all of them (debootstrap included,
     * no layer cache), for cold-build measurements. Each outcome is passed to {@code progress} as it happens.
     */
    public List<Outcome> buildAll(boolean fromScratch, Consumer<Outcome> progress) {
        Stopwatch start = Stopwatch.start();
        BaseImageBuilder base = set.base();
        boolean baseBuilt = base.ensure(fromScratch);
        if (baseBuilt) set.reset();
        String baseTag = base.tag();
        double baseSeconds = start.seconds();
        // Tags first (hashing only), then one engine call tells which exist: a warm run is this.
        Map<FixtureImage, String> tags = new EnumMap<>(FixtureImage.class);
        Map<FixtureImage, Double> decideSeconds = new EnumMap<>(FixtureImage.class);
        for (FixtureImage image : FixtureImage.values()) {
            Stopwatch t = Stopwatch.start();
            tags.put(image, set.tag(image));
            decideSeconds.put(image, t.seconds());
        }
        Stopwatch inspectStart = Stopwatch.start();
        List<String> refs = new ArrayList<>(tags.values());
        refs.add(baseTag);
        Map<String, DockerCli.ImageInfo> present = set.docker().inspectAll(refs);
        double inspectSeconds = inspectStart.seconds();
        Outcome baseOutcome = new Outcome("base", baseTag, baseBuilt, baseSeconds,
                present.containsKey(baseTag) ? present.get(baseTag).sizeBytes() : set.docker().imageSize(baseTag));
        progress.accept(baseOutcome);
        // Independent images build side by side (apt downloads and layer commits overlap well);
        // each waits only for its parent.
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_BUILDS);
        try {
            Map<FixtureImage, CompletableFuture<Outcome>> futures = new EnumMap<>(FixtureImage.class);
            for (FixtureImage image : FixtureImage.values()) {
                String tag = tags.get(image);
                DockerCli.ImageInfo info = fromScratch ? null : present.get(tag);
                if (info != null) {
                    Outcome reused = new Outcome(image.fixtureName(), tag, false,
                            decideSeconds.get(image) + inspectSeconds, info.sizeBytes());
                    futures.put(image, CompletableFuture.completedFuture(reused));
                    progress.accept(reused);
                    continue;
                }
                CompletableFuture<?> parent = image.parent().<CompletableFuture<?>>map(futures::get)
                        .orElse(CompletableFuture.completedFuture(null));
                futures.put(image, parent.thenApplyAsync(ignored -> {
                    Outcome o = build(image, tag, fromScratch);
                    synchronized (progress) {
                        progress.accept(o);
                    }
                    return o;
                }, pool));
            }
            List<Outcome> outcomes = new ArrayList<>();
            outcomes.add(baseOutcome);
            for (CompletableFuture<Outcome> f : futures.values()) outcomes.add(f.join());
            return outcomes;
        } catch (CompletionException e) {
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome build(FixtureImage image, String tag, boolean noCache) {
        Stopwatch t = Stopwatch.start();
        buildImage(image, tag, noCache);
        return new Outcome(image.fixtureName(), tag, true, t.seconds(), set.docker().imageSize(tag));
    }

    private void buildImage(FixtureImage image, String tag, boolean noCache) {
        Map<String, String> args = Map.of("PARENT", set.parentTag(image));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FixtureImage.LABEL, image.fixtureName());
        labels.put(FixtureImage.INPUTS_LABEL, set.hash(image));
        if (!image.needsStandinJar()) {
            set.docker().build(set.contextDir(image), tag, args, labels, noCache);
            return;
        }
        Path context = copyContextWithJar(image);
        try {
            set.docker().build(context, tag, args, labels, noCache);
        } finally {
            TempDirs.deleteTree(context);
        }
    }

    /** The fixture directory plus {@code mender-standin.jar}, in a temporary build context. */
    private Path copyContextWithJar(FixtureImage image) {
        try {
            Path context = TempDirs.create("mender-harness-" + image.fixtureName() + "-");
            Path src = set.contextDir(image);
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.toList()) {
                    Path target = context.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(target);
                    else Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(set.standinJar(), context.resolve("mender-standin.jar"));
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
