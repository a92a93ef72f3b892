package dev.menderharness.cli;

import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.swarm.NodeSeedBuilder;
import dev.menderharness.cluster.swarm.SwarmStackDeployer;
import dev.menderharness.images.DockerCli;
import dev.menderharness.images.FixtureImageBuilder;
import dev.menderharness.images.FixtureImageSet;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImageBenchmark;
import dev.menderharness.images.ImageException;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.images.ManifestImages;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import dev.menderharness.support.Stopwatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code images build|list}: fixture images for registry-less hosts, and what each manifest image maps to. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Builds fixture images and shows how an image policy maps manifest images.",
        subcommands = {ImagesCommand.Build.class, ImagesCommand.Seed.class, ImagesCommand.ListImages.class})
public final class ImagesCommand {

    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Builds the base and fixture images that are missing; prints built|reused per image.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--policy", required = true, description = "upstream, mirror or fixture (only fixture builds)")
        String policy;

        @Option(names = "--project-dir", description = "Directory holding fixtures/images and target/ (default: current)")
        Path projectDir = Path.of("");

        @Option(names = "--from-scratch", description = "Rebuild every image without caches (cold build measurement)")
        boolean fromScratch;

        @Option(names = "--expect-reuse",
                description = "Fail (exit 1) if any image had to be built: proves a second run reuses everything")
        boolean expectReuse;

        @Option(names = "--benchmark", paramLabel = "FILE",
                description = "Record this run's times and sizes in FILE (JSON; cold and warm runs kept side by side)")
        Path benchmark;

        @Override
        public Integer call() {
            if (!List.of("upstream", "mirror", "fixture").contains(policy)) {
                System.err.println("images build: unknown image policy '" + policy + "': use upstream, mirror or fixture");
                return BAD_INPUT;
            }
            if (!policy.equals("fixture")) {
                System.out.println("policy " + policy + " deploys images as written or mirrored: nothing to build");
                return 0;
            }
            try {
                Stopwatch watch = Stopwatch.start();
                FixtureImageSet set = FixtureImageSet.forProject(projectDir, DockerCli.of(Settings.fromEnvironment()));
                List<FixtureImageBuilder.Outcome> outcomes =
                        new FixtureImageBuilder(set).buildAll(fromScratch, o -> System.out.println(o.line()));
                double total = watch.seconds();
                long built = outcomes.stream().filter(FixtureImageBuilder.Outcome::built).count();
                System.out.printf("%d built, %d reused in %.1fs%n", built, outcomes.size() - built, total);
                if (benchmark != null) ImageBenchmark.record(benchmark, outcomes, total);
                if (expectReuse && built > 0) {
                    System.err.println("images build: --expect-reuse, but " + built + " image(s) were built: their inputs"
                            + " are not stable between runs (see the tags above)");
                    return 1;
                }
                return 0;
            } catch (ImageException e) {
                System.err.println("images build: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = "Builds the node seed of the swarm stack's images: a DinD node image whose image store already"
                    + " holds them, so swarm nodes start with the images instead of loading them one node at a time.")
    static final class Seed implements Callable<Integer> {
        @Option(names = "--policy", required = true, description = "upstream, mirror or fixture: which images the stack deploys")
        String policy;

        @Option(names = "--mirror", description = "Registry mirror for --policy mirror (default: -Dimage.mirror)")
        String mirror;

        @Option(names = "--manifests", defaultValue = "manifests", paramLabel = "DIR",
                description = "Manifests directory holding swarm/stack.yml; default ${DEFAULT-VALUE}")
        Path manifests;

        @Option(names = "--project-dir", description = "Directory holding fixtures/images and target/ (default: current)")
        Path projectDir = Path.of("");

        @Option(names = "--benchmark", paramLabel = "FILE", description = "Record what was done and how long it took in FILE (JSON)")
        Path benchmark;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(manifests.resolve("swarm/stack.yml"))) {
                System.err.println("images seed: " + manifests + " has no swarm/stack.yml (--manifests DIR)");
                return BAD_INPUT;
            }
            ImagePolicy p;
            try {
                p = ImagePolicy.of(policy, mirrorOrSetting(mirror), projectDir);
            } catch (ImageException e) {
                System.err.println("images seed: " + e.getMessage());
                return BAD_INPUT;
            }
            try {
                java.util.Set<String> images = SwarmStackDeployer.imagesFor(manifests, p);
                if (images.isEmpty()) {
                    System.err.println("images seed: no images found in " + manifests.resolve("swarm/stack.yml"));
                    return BAD_INPUT;
                }
                NodeSeedBuilder.Outcome o = new NodeSeedBuilder(HostDocker.direct(Settings.fromEnvironment()), Reporter.console(),
                        Settings.fromEnvironment().stateDir()).ensure(p.resolve(HarnessImages.DIND), images);
                System.out.println(o.line());
                if (benchmark != null) {
                    java.nio.file.Files.createDirectories(benchmark.toAbsolutePath().getParent());
                    java.nio.file.Files.writeString(benchmark, new com.fasterxml.jackson.databind.ObjectMapper()
                            .writerWithDefaultPrettyPrinter().writeValueAsString(o));
                }
                return 0;
            } catch (RuntimeException | java.io.IOException e) { // Docker refusing something: one line, not a trace
                System.err.println("images seed: " + firstLine(e));
                return 1;
            }
        }
    }

    private static String firstLine(Throwable e) {
        return Exceptions.firstLine(String.valueOf(e.getMessage()));
    }

    /** {@code --mirror}, else {@code -Dimage.mirror}. */
    private static String mirrorOrSetting(String option) {
        return option != null ? option : Settings.fromEnvironment().imageMirror();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Prints, per image reference in the manifests, the image the policy deploys.")
    static final class ListImages implements Callable<Integer> {
        @Option(names = "--policy", required = true, description = "upstream, mirror or fixture")
        String policy;

        @Option(names = "--mirror", description = "Registry mirror for --policy mirror (default: -Dimage.mirror)")
        String mirror;

        @Option(names = "--manifests", required = true, paramLabel = "DIR",
                description = "Manifests directory (kubernetes/, swarm/stack.yml)")
        Path manifests;

        @Option(names = "--project-dir", description = "Directory holding fixtures/images and target/ (default: current)")
        Path projectDir = Path.of("");

        @Override
        public Integer call() {
            ImagePolicy p;
            List<ManifestImages.Use> uses;
            try {
                p = ImagePolicy.of(policy, mirrorOrSetting(mirror), projectDir);
                uses = ManifestImages.scan(manifests);
            } catch (ImageException e) {
                System.err.println("images list: " + e.getMessage());
                return BAD_INPUT;
            }
            int failures = 0;
            for (ManifestImages.Use use : uses) {
                String where = manifests.relativize(use.file()) + ":" + use.line();
                try {
                    System.out.println(where + ": " + use.image() + " -> " + p.resolve(use.image()));
                } catch (ImageException e) {
                    System.out.println(where + ": " + use.image() + " -> ERROR " + e.getMessage());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }
}
