package dev.menderharness.images;

import java.nio.file.Path;

/**
 * Maps the image references written in manifests to the images actually deployed. Applied by the
 * deployer at deploy time; manifests are never edited.
 */
public sealed interface ImagePolicy permits UpstreamPolicy, MirrorPolicy, FixturePolicy {

    /** The image to deploy for {@code imageRef}; throws {@link ImageException} with a one-line reason. */
    String resolve(String imageRef);

    /** {@code upstream}, {@code mirror} or {@code fixture}. */
    String name();

    /** Reads {@code image.policy} (default upstream) and {@code image.mirror}. */
    static ImagePolicy fromSystemProperties() {
        String basedir = System.getProperty("project.basedir", System.getProperty("user.dir"));
        return of(System.getProperty("image.policy", ""), System.getProperty("image.mirror"), Path.of(basedir));
    }

    /** The policy named {@code name}; {@code projectDir} holds fixtures/images and target/ (fixture mode). */
    static ImagePolicy of(String name, String mirror, Path projectDir) {
        String n = name == null || name.isBlank() ? "upstream" : name.trim();
        return switch (n) {
            case "upstream" -> new UpstreamPolicy();
            case "mirror" -> {
                if (mirror == null || mirror.isBlank()) {
                    throw new ImageException("image policy 'mirror' needs a registry: set -Dimage.mirror=HOST[:PORT][/PATH]");
                }
                yield new MirrorPolicy(mirror);
            }
            case "fixture" -> FixturePolicy.local(FixtureImageSet.forProject(projectDir, DockerCli.fromEnvironment()));
            default -> throw new ImageException("unknown image policy '" + n + "': use upstream, mirror or fixture");
        };
    }
}
