package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags follow every input and nothing else; a missing image is a one-line error with the build command. */
class FixtureImageSetTest {
    @TempDir
    Path project;

    /** Local images by tag, instead of a Docker engine. */
    private final Map<String, String> images = new HashMap<>();
    private final java.util.List<String> engineCalls = new java.util.ArrayList<>();
    private final DockerCli docker = new DockerCli("docker-not-used") {
        @Override
        public Optional<String> imageId(String ref) {
            engineCalls.add("inspect " + ref);
            return Optional.ofNullable(images.get(ref));
        }

        @Override
        public Map<String, ImageInfo> inspectAll(java.util.List<String> refs) {
            engineCalls.add("inspect " + refs.size() + " images");
            Map<String, ImageInfo> found = new HashMap<>();
            for (String r : refs) if (images.containsKey(r)) found.put(r, new ImageInfo(images.get(r), 1));
            return found;
        }
    };

    @BeforeEach
    void inputs() throws Exception {
        Path apt = Files.createDirectories(project.resolve("apt/sources.list.d"));
        Files.writeString(apt.resolve("debian.sources"), "Types: deb\nURIs: http://mirror.test/debian\n");
        for (FixtureImage f : FixtureImage.values()) {
            Path dir = Files.createDirectories(project.resolve("fixtures/images/" + f.fixtureName()));
            Files.writeString(dir.resolve("Dockerfile"), "ARG PARENT\nFROM ${PARENT}\n# " + f.fixtureName() + "\n");
        }
        jar("v1");
    }

    /** Every tag computed now (tags are computed lazily). */
    private Map<FixtureImage, String> tags(FixtureImageSet s) {
        Map<FixtureImage, String> t = new java.util.EnumMap<>(FixtureImage.class);
        for (FixtureImage f : FixtureImage.values()) t.put(f, s.tag(f));
        return t;
    }

    private FixtureImageSet set() {
        FixtureImageSet s = new FixtureImageSet(project.resolve("fixtures/images"), project.resolve("target/mender-standin.jar"),
                docker, new BaseImageBuilder(docker, project.resolve("apt")));
        images.putIfAbsent(s.base().tag(), "sha256:base1");
        return s;
    }

    private void jar(String content) throws Exception {
        Files.createDirectories(project.resolve("target"));
        try (OutputStream out = Files.newOutputStream(project.resolve("target/mender-standin.jar"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dev/menderharness/fixtures/standin/StandinMain.class"));
            zip.write(content.getBytes());
            zip.closeEntry();
        }
    }

    @Test
    void tagsAreStableForUnchangedInputs() {
        FixtureImageSet a = set();
        FixtureImageSet b = set();
        for (FixtureImage f : FixtureImage.values()) {
            assertThat(a.tag(f)).matches("mender-harness/" + f.fixtureName() + ":[0-9a-f]{12}").isEqualTo(b.tag(f));
        }
        assertThat(a.base().tag()).matches("mender-harness/base:bookworm-[0-9a-f]{12}");
        assertThat(a.parentTag(FixtureImage.DEPLOYMENTS)).isEqualTo(a.tag(FixtureImage.SERVICE_BASE));
        assertThat(a.parentTag(FixtureImage.SERVICE_BASE)).isEqualTo(a.tag(FixtureImage.STANDIN));
        assertThat(a.parentTag(FixtureImage.GUI)).isEqualTo(a.tag(FixtureImage.STANDIN));
        assertThat(a.parentTag(FixtureImage.GATEWAY)).isEqualTo(a.base().tag());
    }

    @Test
    void jarChangeRetagsTheStandinsOnly() throws Exception {
        Map<FixtureImage, String> before = tags(set());
        jar("v2");
        FixtureImageSet after = set();
        assertThat(after.tag(FixtureImage.STANDIN)).isNotEqualTo(before.get(FixtureImage.STANDIN));
        assertThat(after.tag(FixtureImage.USERADM)).isNotEqualTo(before.get(FixtureImage.USERADM));
        assertThat(after.tag(FixtureImage.JRE)).isEqualTo(before.get(FixtureImage.JRE));
        assertThat(after.tag(FixtureImage.GATEWAY)).isEqualTo(before.get(FixtureImage.GATEWAY));
    }

    @Test
    void parentDockerfileChangePropagatesToChildren() throws Exception {
        Map<FixtureImage, String> before = tags(set());
        Files.writeString(project.resolve("fixtures/images/jre/Dockerfile"), "ARG PARENT\nFROM ${PARENT}\nRUN true\n");
        FixtureImageSet after = set();
        assertThat(after.tag(FixtureImage.JRE)).isNotEqualTo(before.get(FixtureImage.JRE));
        assertThat(after.tag(FixtureImage.MONGO)).isNotEqualTo(before.get(FixtureImage.MONGO));
        assertThat(after.tag(FixtureImage.NATS)).isEqualTo(before.get(FixtureImage.NATS));
    }

    @Test
    void newBaseImageRetagsEverything() {
        FixtureImageSet first = set();
        Map<FixtureImage, String> before = tags(first);
        images.put(first.base().tag(), "sha256:base2");
        FixtureImageSet after = set();
        for (FixtureImage f : FixtureImage.values()) assertThat(after.tag(f)).isNotEqualTo(before.get(f));
    }

    @Test
    void missingBaseOrJarOrFixtureIsAOneLineError() throws Exception {
        FixtureImageSet s = new FixtureImageSet(project.resolve("fixtures/images"), project.resolve("target/mender-standin.jar"),
                docker, new BaseImageBuilder(docker, project.resolve("apt")));
        assertThatThrownBy(() -> s.tag(FixtureImage.GATEWAY)).isInstanceOf(ImageException.class)
                .hasMessageContaining("base image mender-harness/base:bookworm-").hasMessageContaining(FixtureImageSet.BUILD_COMMAND);
        Files.delete(project.resolve("target/mender-standin.jar"));
        assertThatThrownBy(() -> set().tag(FixtureImage.STANDIN)).isInstanceOf(ImageException.class)
                .hasMessageContaining("mender-standin.jar").hasMessageContaining("mvn package");
        Files.delete(project.resolve("fixtures/images/probe/Dockerfile"));
        assertThatThrownBy(() -> set().tag(FixtureImage.PROBE)).isInstanceOf(ImageException.class)
                .hasMessageContaining("probe/Dockerfile");
    }

    @Test
    void localFixturePolicyResolvesOnlyBuiltImages() {
        FixtureImageSet s = set();
        FixturePolicy policy = FixturePolicy.local(s);
        assertThatThrownBy(() -> policy.resolve("nginx:1.28.0")).isInstanceOf(ImageException.class)
                .hasMessageContaining("nginx:1.28.0").hasMessageContaining(s.tag(FixtureImage.GATEWAY) + " is not built")
                .hasMessageContaining(FixtureImageSet.BUILD_COMMAND);
        images.put(s.tag(FixtureImage.GATEWAY), "sha256:gw");
        assertThat(FixturePolicy.local(s).resolve("nginx:1.28.0")).isEqualTo(s.tag(FixtureImage.GATEWAY));
    }

    @Test
    void localFixturePolicyChecksEveryFixtureInOneEngineCall() {
        FixtureImageSet s = set();
        for (FixtureImage f : FixtureImage.values()) images.put(s.tag(f), "sha256:" + f.fixtureName());
        FixturePolicy policy = FixturePolicy.local(s);
        engineCalls.clear();
        assertThat(policy.resolve("nginx:1.28.0")).isEqualTo(s.tag(FixtureImage.GATEWAY));
        assertThat(policy.resolve("mongo:8.0.28")).isEqualTo(s.tag(FixtureImage.MONGO));
        assertThat(policy.resolve("mendersoftware/deployments:v4.1.3")).isEqualTo(s.tag(FixtureImage.DEPLOYMENTS));
        assertThat(engineCalls).containsExactly("inspect " + FixtureImage.values().length + " images");
    }
}
