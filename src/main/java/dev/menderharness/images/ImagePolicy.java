package dev.menderharness.images;

import dev.menderharness.support.Settings;
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

    /** The policy the settings name ({@code -Dimage.policy}, {@code -Dimage.mirror}; fixture images of the project). */
    static ImagePolicy of(Settings settings) {
        return of(settings.imagePolicy(), settings.imageMirror(), settings.projectDir(), DockerCli.of(settings));
    }

    /** The policy named {@code name}; {@code projectDir} holds fixtures/images and target/ (fixture mode). */
    static ImagePolicy of(String name, String mirror, Path projectDir) {
        return of(name, mirror, projectDir, new DockerCli("docker"));
    }

    /** As {@link #of(String, String, Path)}, fixture images looked up with {@code docker}. */
    static ImagePolicy of(String name, String mirror, Path projectDir, DockerCli docker) {
        String n = name == null || name.isBlank() ? "upstream" : name.trim();
        return switch (n) {
            case "upstream" -> new UpstreamPolicy();
            case "mirror" -> {
                if (mirror == null || mirror.isBlank()) {
                    throw new ImageException("image policy 'mirror' needs a registry: set -Dimage.mirror=HOST[:PORT][/PATH]");
                }
                yield new MirrorPolicy(mirror);
            }
            case "fixture" -> FixturePolicy.local(FixtureImageSet.forProject(projectDir, docker));
            default -> throw new ImageException("unknown image policy '" + n + "': use upstream, mirror or fixture");
        };
    }
}
