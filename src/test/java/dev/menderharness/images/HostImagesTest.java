package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.support.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `up` does about images the host lacks, with a docker CLI that records what it is asked. */
class HostImagesTest {

    /** Knows the images in {@code present}; "pull" succeeds for those in {@code pullable}. */
    static final class FakeDocker extends DockerCli {
        final List<List<String>> calls = new ArrayList<>();
        final Set<String> present;
        final Set<String> pullable;

        FakeDocker(Set<String> present, Set<String> pullable) {
            super("docker");
            this.present = present;
            this.pullable = pullable;
        }

        @Override
        public Result run(List<String> args, Map<String, String> env, long timeoutSeconds) {
            calls.add(args);
            if (args.get(0).equals("image")) {
                StringBuilder out = new StringBuilder();
                for (String ref : args.subList(4, args.size())) {
                    out.append(present.contains(ref) ? "sha256:1 10 " + ref + ",\n" : "Error: No such image: " + ref + "\n");
                }
                return new Result(1, out.toString());
            }
            String image = args.get(args.size() - 1);
            return pullable.contains(image) ? new Result(0, "") : new Result(1, "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host\n");
        }
    }

    private static final ImagePolicy UPSTREAM = ImagePolicy.of("upstream", null, Path.of("."));

    @Test
    void pullsOnlyWhatIsMissing() {
        FakeDocker docker = new FakeDocker(Set.of("mongo:8.0.28"), Set.of("nats:2.10.29-alpine"));
        List<String> done = new HostImages(UPSTREAM, docker, Path.of("."), Reporter.console())
                .ensure(Set.of("mongo:8.0.28", "nats:2.10.29-alpine"));
        assertThat(done).containsExactly("nats:2.10.29-alpine");
        assertThat(docker.calls).filteredOn(c -> c.get(0).equals("pull")).containsExactly(List.of("pull", "--quiet", "nats:2.10.29-alpine"));
    }

    @Test
    void nothingMissingMeansNothingPulled() {
        FakeDocker docker = new FakeDocker(Set.of("mongo:8.0.28"), Set.of());
        assertThat(new HostImages(UPSTREAM, docker, Path.of("."), Reporter.console()).ensure(Set.of("mongo:8.0.28"))).isEmpty();
        assertThat(docker.calls).noneMatch(c -> c.get(0).equals("pull"));
    }

    @Test
    void aFailedPullIsOneLineNamingTheImageAndTheWayOut() {
        FakeDocker docker = new FakeDocker(Set.of(), Set.of());
        assertThatThrownBy(() -> new HostImages(UPSTREAM, docker, Path.of("."), Reporter.console()).ensure(Set.of("mongo:8.0.28")))
                .isInstanceOf(ImageException.class)
                .hasMessageStartingWith("pulling mongo:8.0.28 failed: ")
                .hasMessageEndingWith("(no registry here? use --policy fixture)")
                .hasMessageNotContaining("\n");
    }
    /** Answers every image as present (ID sha256:1); records the calls; any other command fails. */
    static final class AllPresentDocker extends DockerCli {
        final List<List<String>> calls = new ArrayList<>();

        AllPresentDocker() {
            super("docker");
        }

        @Override
        public Result run(List<String> args, Map<String, String> env, long timeoutSeconds) {
            calls.add(args);
            if (!args.get(0).equals("image")) return new Result(1, "unexpected: " + args + "\n");
            if (args.get(3).equals("{{.Id}}")) return new Result(0, "sha256:1\n");
            StringBuilder out = new StringBuilder();
            for (String ref : args.subList(4, args.size())) out.append("sha256:1 10 ").append(ref).append(",\n");
            return new Result(0, out.toString());
        }
    }

    /**
     * Under the fixture policy the images' names are content hashes of what is built: the fixture
     * images are made sure of first (here: all present, nothing built), and only then is the
     * bring-up asked which images it needs. Upstream, the names are known at once.
     */
    @Test
    void underTheFixturePolicyTheNeededNamesAreAskedOnlyAfterTheFixturesAreMadeSureOf(@TempDir Path project)
            throws Exception {
        for (FixtureImage f : FixtureImage.values()) {
            Files.createDirectories(project.resolve("fixtures/images/" + f.fixtureName()));
            Files.writeString(project.resolve("fixtures/images/" + f.fixtureName() + "/Dockerfile"), "FROM scratch\n");
        }
        Files.createDirectories(project.resolve("target"));
        try (var jar = new ZipOutputStream(Files.newOutputStream(project.resolve("target/mender-standin.jar")))) {
            jar.putNextEntry(new ZipEntry("a.class"));
            jar.write(1);
            jar.closeEntry();
        }
        AllPresentDocker docker = new AllPresentDocker();
        List<Integer> askedAfterCalls = new ArrayList<>();
        List<String> built = new HostImages(ImagePolicy.of("fixture", null, project, docker), docker, project, Reporter.console())
                .ensure(() -> {
                    askedAfterCalls.add(docker.calls.size());
                    return Set.of("mender-harness/gateway:x");
                });

        assertThat(built).isEmpty();
        assertThat(askedAfterCalls).as("the supplier is asked once").hasSize(1);
        List<List<String>> before = docker.calls.subList(0, askedAfterCalls.get(0));
        assertThat(before).as("the fixture images' tags were inspected before the names were asked")
                .anyMatch(c -> c.size() > 4 + FixtureImage.values().length && c.get(4).startsWith("mender-harness/"));
        assertThat(docker.calls).noneMatch(c -> c.get(0).equals("build"));

        AllPresentDocker upstreamDocker = new AllPresentDocker();
        new HostImages(UPSTREAM, upstreamDocker, project, Reporter.console()).ensure(() -> Set.of("mongo:8.0.28"));
        assertThat(upstreamDocker.calls).as("upstream: one inspect of the needed images, no fixture work")
                .containsExactly(List.of("image", "inspect", "--format", "{{.Id}} {{.Size}} {{range .RepoTags}}{{.}},{{end}}", "mongo:8.0.28"));
    }
}
