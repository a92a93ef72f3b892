package dev.menderharness.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the fixture images' inputs live and which tag each one must carry: the tag is a hash of
 * the Dockerfile and every context file, the stand-in jar's entries, and the parent (the base
 * image's ID, or the parent fixture's hash). Hashes are computed once per instance.
 */
public final class FixtureImageSet {
    public static final String BUILD_COMMAND = "java -jar target/mender-cluster-harness.jar images build --policy fixture";

    private final Path fixturesDir;
    private final Path standinJar;
    private final DockerCli docker;
    private final BaseImageBuilder base;
    private final Map<FixtureImage, String> hashes = new EnumMap<>(FixtureImage.class);
    private String baseId;

    public FixtureImageSet(Path fixturesDir, Path standinJar, DockerCli docker, BaseImageBuilder base) {
        this.fixturesDir = fixturesDir;
        this.standinJar = standinJar;
        this.docker = docker;
        this.base = base;
    }

    /** The project's {@code fixtures/images} and {@code target/mender-standin.jar}. */
    public static FixtureImageSet forProject(Path projectDir, DockerCli docker) {
        return new FixtureImageSet(projectDir.resolve("fixtures/images"), projectDir.resolve("target/mender-standin.jar"),
                docker, new BaseImageBuilder(docker));
    }

    public DockerCli docker() { return docker; }

    public BaseImageBuilder base() { return base; }

    public Path contextDir(FixtureImage image) {
        return fixturesDir.resolve(image.fixtureName());
    }

    public Path standinJar() { return standinJar; }

    /** Forget the base ID and hashes (after the base image was rebuilt). */
    public synchronized void reset() {
        baseId = null;
        hashes.clear();
    }

    public synchronized String tag(FixtureImage image) {
        return image.repository() + ":" + hash(image);
    }

    /** The tag of the image {@code image} is built FROM. */
    public String parentTag(FixtureImage image) {
        return image.parent().map(this::tag).orElseGet(base::tag);
    }

    public synchronized String hash(FixtureImage image) {
        String known = hashes.get(image);
        if (known != null) return known;
        Path dir = contextDir(image);
        if (!Files.isRegularFile(dir.resolve("Dockerfile"))) {
            throw new ImageException("fixture " + image.fixtureName() + " has no " + dir.resolve("Dockerfile")
                    + " (run the harness from the project directory or set -Dproject.basedir)");
        }
        InputHash h = new InputHash("fixture-v1").text(image.fixtureName()).directory(dir);
        if (image.needsStandinJar()) {
            if (!Files.isRegularFile(standinJar)) {
                throw new ImageException("fixture " + image.fixtureName() + " needs " + standinJar + ": run mvn package first");
            }
            h.text("jar").jarEntries(standinJar);
        }
        h.text("from").text(image.parent().map(this::hash).orElseGet(this::baseId));
        String hex = h.hex12();
        hashes.put(image, hex);
        return hex;
    }

    private String baseId() {
        if (baseId == null) {
            String tag = base.tag();
            baseId = docker.imageId(tag).orElseThrow(() -> new ImageException(
                    "base image " + tag + " is not built: run " + BUILD_COMMAND));
        }
        return baseId;
    }
}
