package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.support.Reporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
