package dev.menderharness.images;

import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Puts on the host engine the images a bring-up needs and does not find there, before anything
 * starts: under the fixture policy by building the fixture images (content-hash tags: only what
 * is missing or changed is built), under upstream and mirror by pulling. One progress line per
 * image with its time, so a first run shows what it is waiting for.
 */
public final class HostImages {

    private final ImagePolicy policy;
    private final DockerCli docker;
    private final Path projectDir;
    private final Reporter reporter;

    public HostImages(ImagePolicy policy, DockerCli docker, Path projectDir, Reporter reporter) {
        this.policy = policy;
        this.docker = docker;
        this.projectDir = projectDir;
        this.reporter = reporter;
    }

    /**
     * As {@link #ensure(Set)} for images named by the policy. Under the fixture policy a name is a
     * content hash that exists only once its image is built (and its base before it), so the fixture
     * images are built first (only what is missing or changed), then {@code needed} is asked.
     */
    public List<String> ensure(Supplier<Set<String>> needed) {
        if (!policy.name().equals("fixture")) return ensure(needed.get());
        List<String> built = buildFixtures();
        ensure(needed.get());
        return built;
    }

    private List<String> buildFixtures() {
        List<String> done = new ArrayList<>();
        FixtureImageSet set = FixtureImageSet.forProject(projectDir, docker);
        for (FixtureImageBuilder.Outcome o : new FixtureImageBuilder(set).buildAll(false, o -> {
            if (o.built()) reporter.progress("images: " + o.line());
        })) {
            if (o.built()) done.add(o.image());
        }
        return done;
    }

    /** Builds or pulls what of {@code needed} (images after the policy) the host lacks; returns what it did. */
    public List<String> ensure(Set<String> needed) {
        Set<String> sorted = new TreeSet<>(needed);
        Map<String, DockerCli.ImageInfo> present = docker.inspectAll(List.copyOf(sorted));
        Set<String> missing = new TreeSet<>(sorted);
        missing.removeAll(present.keySet());
        if (missing.isEmpty()) {
            reporter.progress("images: all " + sorted.size() + " on this host");
            return List.of();
        }
        reporter.progress("images: " + missing.size() + " of " + sorted.size() + " missing on this host: "
                + (policy.name().equals("fixture") ? "building the fixture images" : "pulling"));
        List<String> done = new ArrayList<>();
        if (policy.name().equals("fixture")) {
            done.addAll(buildFixtures());
            Map<String, DockerCli.ImageInfo> after = docker.inspectAll(List.copyOf(missing));
            missing.removeAll(after.keySet());
            if (!missing.isEmpty()) {
                throw new ImageException("images " + missing + " are still missing after building the fixture images");
            }
            return done;
        }
        for (String image : missing) {
            Stopwatch watch = Stopwatch.start();
            DockerCli.Result r = docker.run(List.of("pull", "--quiet", image), Map.of(), 30 * 60);
            if (!r.ok()) {
                throw new ImageException("pulling " + image + " failed: " + r.tail(1).strip()
                        + (policy.name().equals("upstream") ? " (no registry here? use --policy fixture)" : ""));
            }
            reporter.progress(String.format("images: pulled %s (%.1fs)", image, watch.seconds()));
            done.add(image);
        }
        return done;
    }
}
